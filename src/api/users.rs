//! `/users/assignable`: who may be assigned a ticket, incident or spot.

use super::client::{ApiError, Client};
use spotdesk_api::{Actor, WorkKind};

/// `GET /users/assignable?work=&group=`: the people who may be assigned a `work` of `group`
/// (no group: only people who work across groups), by display name.
pub async fn assignable(
    c: &Client,
    work: WorkKind,
    group: Option<&str>,
) -> Result<Vec<Actor>, ApiError> {
    let mut params = vec![("work", work.as_str().to_owned())];
    if let Some(g) = group.filter(|g| !g.is_empty()) {
        params.push(("group", g.to_owned()));
    }
    c.get("/users/assignable", &params).await
}
