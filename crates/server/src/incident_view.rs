//! An incident as the API answers with it, the same from every route that does
//! (`routes::incidents`, `routes::incident_links`, `routes::proposals`): with its escalation
//! timers filled, and at its path (`Location` of a registered one).

use crate::error::ApiError;
use crate::escalation;
use crate::state::AppState;
use spotdesk_api::{Incident, IncidentId};

/// The API path of an incident.
pub fn location(id: IncidentId) -> String {
    format!("{}/incidents/{id}", spotdesk_api::API_PREFIX)
}

/// The incident with its escalation timers filled ([`escalation::attach`]), as every answer
/// carries it.
pub async fn with_timers(state: &AppState, i: Incident) -> Result<Incident, ApiError> {
    let mut list = [i];
    escalation::attach(state, &mut list).await?;
    let [i] = list;
    Ok(i)
}
