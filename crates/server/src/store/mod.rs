//! Database access: row mapping and queries per table, used by the route handlers.

pub mod addresses;
pub mod audit;
pub mod catalogue;
pub mod comments;
pub mod coverage;
pub mod customer_history;
pub mod customers;
pub mod events;
pub mod facts;
pub mod idempotency;
pub mod imported_tickets;
pub mod incidents;
pub mod login_throttle;
pub mod outbox;
pub mod search;
pub mod spots;
pub mod stream_tickets;
pub mod subscriptions;
pub mod tickets;
pub mod users;
