//! Geometry on the wire: points, polygons, coverage layers (GeoJSON) and geocoding.

use serde::{Deserialize, Serialize};

/// A closed ring of `[long, lat]` positions (GeoJSON order), first == last not required.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Polygon {
    /// Outer ring as `[long, lat]` pairs.
    pub ring: Vec<[f64; 2]>,
}

/// Radio technology of a coverage layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Technology {
    #[serde(rename = "2g")]
    G2,
    #[serde(rename = "3g")]
    G3,
    #[serde(rename = "4g")]
    G4,
    #[serde(rename = "5g")]
    G5,
}

impl Technology {
    /// Every technology, oldest first.
    pub const ALL: [Technology; 4] = [
        Technology::G2,
        Technology::G3,
        Technology::G4,
        Technology::G5,
    ];

    /// Wire name, e.g. `4g`.
    pub fn as_str(self) -> &'static str {
        match self {
            Technology::G2 => "2g",
            Technology::G3 => "3g",
            Technology::G4 => "4g",
            Technology::G5 => "5g",
        }
    }

    /// Parses a wire name.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

/// Longest coverage layer name, in characters.
pub const MAX_LAYER_NAME: usize = 32;

/// The layer name an operator's technology name is stored and served under, or `None` when
/// it cannot be one: trimmed and lower-cased (`4G` is `4g`), the common radio names mapped
/// onto [`Technology`]'s (`gsm` 2g; `umts`, `wcdma`, `hspa` 3g; `lte` 4g; `nr` 5g), anything
/// else kept as the operator's own layer (`fixed`, `wifi`, `ftth`): 1 to [`MAX_LAYER_NAME`]
/// characters of `a`-`z`, `0`-`9`, `-`, `_`, `.`.
pub fn layer_name(name: &str) -> Option<String> {
    let n = name.trim().to_lowercase();
    let mapped = match n.as_str() {
        "gsm" => "2g",
        "umts" | "wcdma" | "hspa" => "3g",
        "lte" => "4g",
        "nr" => "5g",
        other => other,
    };
    let ok = !mapped.is_empty()
        && mapped.chars().count() <= MAX_LAYER_NAME
        && mapped
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.'));
    ok.then(|| mapped.to_owned())
}

/// `GET /coverage/{technology}?bbox=&zoom=`: what part of a layer a map view wants. Both are
/// optional; without either the whole layer is answered as it is stored.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct CoverageQuery {
    /// `west,south,east,north` in degrees (west < east, south < north, -180..180, -90..90):
    /// only the polygons meeting this box.
    pub bbox: Option<String>,
    /// The map's zoom (0 ..= 24, Web Mercator, 256-pixel tiles; fractions allowed): polygons
    /// simplified to about one screen pixel, those smaller than two pixels merged into
    /// two-pixel blocks of their best quality, at most 60,000 positions per answer (over
    /// that, polygons up to 32 pixels are merged, then the tolerance and blocks double).
    #[cfg_attr(feature = "openapi", param(value_type = Option<f64>, minimum = 0, maximum = 24))]
    pub zoom: Option<String>,
}

/// `GET /coverage`: the coverage layers there are.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CoverageLayers {
    /// The standard technologies (`2g` ... `5g`, always listed) first, then the operator's
    /// own layers by name.
    pub layers: Vec<CoverageLayer>,
}

/// One coverage layer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CoverageLayer {
    /// The layer's name as `GET /coverage/{technology}` takes it (`4g`, `fixed`). Operator
    /// data: show it as text.
    pub name: String,
    /// Whether it is one of the standard technologies (`2g` ... `5g`).
    pub standard: bool,
    /// Polygons stored.
    pub polygons: i64,
    /// `[west, south, east, north]` of its polygons; absent when it has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bbox: Option<[f64; 4]>,
}

/// `GET /coverage/{technology}`: a GeoJSON FeatureCollection of coverage cells.
///
/// Each feature is a Polygon with properties `technology` and `quality` (0.0 = no service,
/// 1.0 = excellent).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CoverageCollection {
    /// Always `FeatureCollection`.
    #[serde(rename = "type")]
    pub kind: String,
    pub features: Vec<CoverageFeature>,
}

/// One GeoJSON Feature of a coverage layer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CoverageFeature {
    /// Always `Feature`.
    #[serde(rename = "type")]
    pub kind: String,
    pub geometry: GeoJsonPolygon,
    pub properties: CoverageProperties,
}

/// A GeoJSON Polygon geometry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GeoJsonPolygon {
    /// Always `Polygon`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Rings of `[long, lat]` positions; the first is the outer ring.
    pub coordinates: Vec<Vec<[f64; 2]>>,
}

/// Properties of a coverage feature.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CoverageProperties {
    /// The layer's name: a radio technology (`2g` ... `5g`) or an operator's own layer name
    /// as imported (`fixed`, `wifi`, ...; `layer_name` says how names are read).
    pub technology: String,
    /// 0.0 (no service) ..= 1.0 (excellent).
    pub quality: f64,
}

/// `GET /geocode?q=` answer: best matches first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GeocodeResponse {
    pub results: Vec<GeocodeResult>,
}

/// One geocoded address.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GeocodeResult {
    /// Canonical address text, e.g. `ul. Lenina, 12`.
    pub address_string: String,
    pub lat: f64,
    pub long: f64,
    /// Match quality 0.0..=1.0.
    pub score: f64,
}
