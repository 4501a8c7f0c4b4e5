//! Assigning a ticket, an incident or a spot to one person (issue 22).
//!
//! The object's group stays its owner; the assignee is the person working on it now. A
//! `PATCH` sets it with `assignee_id` (a user id, or `null` to unassign); answers carry
//! `assignee` as an [`Actor`](crate::Actor) so clients show the name.
//! `GET /users/assignable` lists who may be assigned.

use serde::{Deserialize, Deserializer, Serialize};

use crate::ids::UserId;

/// What kind of work an assignee is chosen for: who may be assigned differs (tickets are
/// worked by agents too, incidents and spots by engineers and coordinators only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum WorkKind {
    #[default]
    Ticket,
    Incident,
    Spot,
}

impl WorkKind {
    /// Wire name, e.g. `ticket`.
    pub fn as_str(self) -> &'static str {
        match self {
            WorkKind::Ticket => "ticket",
            WorkKind::Incident => "incident",
            WorkKind::Spot => "spot",
        }
    }
}

/// `GET /users/assignable` query: the people who may be assigned a `work` of `group`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct AssignableQuery {
    /// The kind of work (default `ticket`).
    pub work: Option<WorkKind>,
    /// The owning group's code (a ticket's `agency_responsible`, an incident's `owner_group`,
    /// a spot's `group`); absent or empty: an object without a group, which only people who
    /// work across groups may take.
    pub group: Option<String>,
}

/// The value of a patch's `assignee_id`: absent (`None`: unchanged), `null` (`Some(None)`:
/// unassign) or a user id (`Some(Some(id))`). Use with `#[serde(default, deserialize_with)]`.
pub fn assignee_patch<'de, D>(d: D) -> Result<Option<Option<UserId>>, D::Error>
where
    D: Deserializer<'de>,
{
    Option::<UserId>::deserialize(d).map(Some)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use crate::{SpotPatch, TicketPatch, UserId};

    #[test]
    fn absent_null_and_an_id_are_three_things() {
        let absent: TicketPatch = serde_json::from_str("{}").unwrap();
        assert_eq!(absent.assignee_id, None);
        let null: TicketPatch = serde_json::from_str(r#"{"assignee_id": null}"#).unwrap();
        assert_eq!(null.assignee_id, Some(None));
        let id: SpotPatch = serde_json::from_str(r#"{"assignee_id": 7}"#).unwrap();
        assert_eq!(id.assignee_id, Some(Some(UserId(7))));
        // And back: absent stays absent, null stays null.
        assert!(!serde_json::to_string(&absent)
            .unwrap()
            .contains("assignee_id"));
        assert!(serde_json::to_string(&null)
            .unwrap()
            .contains(r#""assignee_id":null"#));
    }
}
