//! The runtime configuration document `/config.json`, fetched once at start.

use super::client::{get_static, ApiError};
use serde::Deserialize;

/// Contents of `public/config.json` (copied next to `index.html` by Trunk and editable on
/// the server without rebuilding the app).
///
/// Keys:
/// - `api_base` — origin the API lives under, e.g. `https://api.example.net`; empty or
///   absent = the same origin as the page. `/api/v1` is appended by the client.
/// - `tile_url` — optional Leaflet tile URL template (`https://…/{z}/{x}/{y}.png`); absent =
///   no base map, the map shows a plain background and everything still works.
/// - `tile_attribution` — optional attribution text for those tiles.
/// - `map_center` — optional `[lat, long]` where the public status map first looks (the
///   service area); absent = a default city view.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct Config {
    #[serde(default)]
    pub api_base: String,
    #[serde(default)]
    pub tile_url: Option<String>,
    #[serde(default)]
    pub tile_attribution: Option<String>,
    #[serde(default)]
    pub map_center: Option<[f64; 2]>,
}

/// Fetches `/config.json`.
pub async fn load() -> Result<Config, ApiError> {
    get_static("/config.json").await
}
