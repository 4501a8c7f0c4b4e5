//! One module per route. Pages share code only through `components`, `api`, `i18n`,
//! `state` and `format` — never by importing one another.

pub mod board;
pub mod dashboard;
pub mod desk;
pub mod home;
pub mod login;
pub mod map;
pub mod not_found;
pub mod rate;
pub mod status;
pub mod ticket;
pub mod tickets;
