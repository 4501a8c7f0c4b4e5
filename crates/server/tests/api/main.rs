//! The server's API tests: one test binary (as zero2prod does), one module per subject.
//! Each test starts its own server process or in-process server on a fresh database (SQLite,
//! or PostgreSQL when `SPOTDESK_TEST_DATABASE_URL` is set), over real HTTP on loopback.
//! One binary links the server once instead of once per file.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

mod address_import;
mod admin_users;
mod assignees;
mod auth;
mod authz_matrix;
mod bad_input;
mod cluster;
mod comments;
mod configuration;
mod connections;
mod cors;
mod coverage_import;
mod coverage_map;
mod customer_import;
mod customers;
mod demo;
mod events;
mod facts;
mod import_upload;
mod incident_impact;
mod incidents;
mod location_context;
mod login_flood;
mod login_throttle;
mod openapi;
mod public;
mod public_flow;
mod public_privacy;
mod public_proxy;
mod search;
mod spa_enums;
mod spots;
mod startup;
mod static_files;
mod streams;
mod street_plan;
mod ticket_history;
mod ticket_import;
mod ticket_loop;
mod ticket_moves;
mod tickets;
