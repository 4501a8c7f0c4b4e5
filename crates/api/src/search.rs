//! "Find anything" (`GET /search?q=`): one search box's answer, grouped by kind.

use crate::geo::GeocodeResult;
use crate::incident::Incident;
use crate::spot::Spot;
use crate::ticket::Ticket;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Most results of each kind in a [`SearchResults`].
pub const SEARCH_LIMIT: usize = 10;
/// Longest query, in characters.
pub const SEARCH_MAX_CHARS: usize = 200;

/// A customer known from their tickets: everyone who called from one phone number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomerMatch {
    /// The phone number in E.164; the customer's key.
    pub phone: String,
    /// The name on their newest ticket that has one.
    pub name: Option<String>,
    /// Their tickets the caller may see.
    pub tickets: i64,
    /// Of those, the ones not resolved or closed.
    pub open_tickets: i64,
    /// When they last got in touch.
    pub last_contact: DateTime<Utc>,
}

/// What a search found, best first within each kind (at most [`SEARCH_LIMIT`] of each).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchResults {
    /// The ticket with the number typed, then tickets whose customer (phone or name),
    /// description, address, topic or previous system's id match; newest first. An engineer
    /// sees only their group's.
    pub tickets: Vec<Ticket>,
    /// Customers whose phone (any notation) or name matches.
    pub customers: Vec<CustomerMatch>,
    /// The incident with the number typed, then incidents whose title matches.
    pub incidents: Vec<Incident>,
    /// The spot with the number typed.
    pub spots: Vec<Spot>,
    /// Addresses of the register matching the text.
    pub addresses: Vec<GeocodeResult>,
}

impl SearchResults {
    /// Whether nothing at all was found.
    pub fn is_empty(&self) -> bool {
        self.tickets.is_empty()
            && self.customers.is_empty()
            && self.incidents.is_empty()
            && self.spots.is_empty()
            && self.addresses.is_empty()
    }
}
