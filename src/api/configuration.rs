//! `/admin/configuration`: the whole configuration (the catalogue document) as one versioned
//! document, read, checked and replaced by the administration section's editors.

use super::admin::etag;
use super::client::{ApiError, Client};
use spotdesk_api::{Catalogue, ConfigurationCheck, ConfigurationDocument};

/// `GET /admin/configuration`: the configuration as stored, with its `version`.
pub async fn get(c: &Client) -> Result<ConfigurationDocument, ApiError> {
    c.get("/admin/configuration", &[]).await
}

/// `PUT /admin/configuration` with `If-Match` of the version the draft was read at: the new
/// document (412 `version_conflict` when someone else saved first, 422 `validation_failed`
/// with a path per problem, e.g. `services[3].sla[0].hours`, and nothing applied).
pub async fn put(
    c: &Client,
    catalogue: &Catalogue,
    version: i64,
) -> Result<ConfigurationDocument, ApiError> {
    let (doc, _etag) = c
        .put("/admin/configuration", catalogue, &etag(version))
        .await?;
    Ok(doc)
}

/// `POST /admin/configuration/check`: what a `PUT` of `catalogue` would change, changing
/// nothing (problems come back as the same 422 as the `PUT`'s).
pub async fn check(c: &Client, catalogue: &Catalogue) -> Result<ConfigurationCheck, ApiError> {
    c.post("/admin/configuration/check", catalogue, None).await
}
