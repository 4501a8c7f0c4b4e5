//! A caller's history (`GET /customers/{phone}`): what an agent sees when a known customer
//! calls again, and the customer page.

use crate::ids::TicketId;
use crate::incident::Incident;
use crate::spot::Spot;
use crate::ticket::Ticket;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Most tickets in a [`CustomerHistory`] (newest first; the counts cover all of them).
pub const CUSTOMER_TICKETS_LIMIT: usize = 100;

/// Everything known about one customer (one phone number), for the agent taking their call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomerHistory {
    /// The phone number in E.164 (`+79123456789`); the customer's key.
    pub phone: String,
    /// The name on their newest ticket that has one.
    pub name: Option<String>,
    /// Their tickets the caller may see, newest first, at most 100.
    pub tickets: Vec<Ticket>,
    /// All their tickets the caller may see.
    pub total_tickets: i64,
    /// Of those, the ones not resolved or closed.
    pub open_tickets: i64,
    /// Of those, the repeat contacts (`Ticket::repeat_of` set).
    pub repeat_contacts: i64,
    /// How far back an earlier ticket makes a ticket a repeat contact, in days (7).
    pub repeat_window_days: i64,
    /// Active incidents (not resolved or confirmed) whose area holds the place of one of their
    /// tickets of the last 90 days.
    pub incidents: Vec<Incident>,
    /// Unresolved spots whose outline holds the place of one of their tickets of the last 90
    /// days.
    pub spots: Vec<Spot>,
    /// The fix ratings they gave, newest first.
    pub ratings: Vec<CustomerRating>,
}

/// One fix rating a customer gave (through a rating link).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomerRating {
    /// The ticket whose fix was rated.
    pub ticket_id: TicketId,
    /// 1..=5 stars.
    pub score: u8,
    /// What they wrote, if anything.
    pub comment: Option<String>,
    pub rated_at: DateTime<Utc>,
}
