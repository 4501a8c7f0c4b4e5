//! Shared widgets used by several pages.

pub mod address_check;
mod assignee;
mod chart;
mod clock;
pub mod customer_history;
mod error_banner;
mod field_error;
mod find_box;
mod lang_switch;
pub mod map;
mod media;
pub mod names;
mod nav;
mod require_auth;
pub mod sla_why;
mod spinner;
mod ticket_table;

pub use address_check::AddressCheck;
pub use assignee::AssigneePicker;
pub use chart::Chart;
pub use clock::use_clock;
pub use error_banner::ErrorBanner;
pub use field_error::FieldErrorText;
pub use find_box::FindBox;
pub use lang_switch::LangSwitch;
pub use media::use_media_query;
pub use nav::NavBar;
pub use require_auth::RequireAuth;
pub use spinner::{Skeleton, Spinner};
pub use ticket_table::TicketTable;
