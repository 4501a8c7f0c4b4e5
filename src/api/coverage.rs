//! `GET /coverage` (the layers there are) and `GET /coverage/{layer}`: GeoJSON coverage, whole
//! or cut to a map view.

use super::client::{ApiError, Client};
use spotdesk_api::{layer_name, CoverageCollection, CoverageLayers, Technology};

/// The coverage cells of one technology, every polygon of the layer.
pub async fn get(c: &Client, t: Technology) -> Result<CoverageCollection, ApiError> {
    c.get(&format!("/coverage/{}", t.as_str()), &[]).await
}

/// The layers: the standard technologies, then the operator's own.
pub async fn layers(c: &Client) -> Result<CoverageLayers, ApiError> {
    c.get("/coverage", &[]).await
}

/// The polygons of layer `layer` meeting `bbox` (`[west, south, east, north]`), simplified by
/// the server for `zoom`. A name that cannot be a layer is a 404 without a request.
pub async fn for_view(
    c: &Client,
    layer: &str,
    bbox: [f64; 4],
    zoom: f64,
) -> Result<CoverageCollection, ApiError> {
    let Some(name) = layer_name(layer) else {
        return Err(ApiError::Http {
            status: 404,
            body: None,
            retry_after: None,
        });
    };
    let [w, s, e, n] = bbox;
    c.get(
        &format!("/coverage/{name}"),
        &[
            ("bbox", format!("{w:.5},{s:.5},{e:.5},{n:.5}")),
            ("zoom", format!("{zoom}")),
        ],
    )
    .await
}
