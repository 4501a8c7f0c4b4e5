//! One module per route. Pages share code only through `components`, `api`, `i18n`,
//! `state`, `format` and the small utilities (`csv`, `download`, `storage`, `outbox`) — never
//! by importing one another (`tests/tidy.rs` checks).

pub mod admin;
pub mod board;
pub mod customer;
pub mod dashboard;
pub mod desk;
pub mod find;
pub mod home;
pub mod login;
pub mod map;
pub mod my_work;
pub mod not_found;
pub mod password;
pub mod rate;
pub mod status;
pub mod ticket;
pub mod tickets;
