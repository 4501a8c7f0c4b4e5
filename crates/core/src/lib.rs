//! Spotdesk's pure logic: SLA deadlines, routing, validation, geometry, and (in later
//! modules) aggregation, statistics and detection.
//!
//! No web, IO or clock dependencies: everything takes its inputs as arguments, so the same
//! code runs natively in tests, in the reference server and compiled to wasm in the SPA.

pub mod bursts;
pub mod cellgrid;
pub mod cluster;
pub mod complaint;
pub mod config_check;
pub mod coverage_view;
pub mod dashboard;
pub mod detection_preview;
pub mod facts_set;
pub mod find;
pub mod gazetteer;
pub mod geo;
pub mod heat;
pub mod hotcells;
pub mod impact;
pub mod incidents;
pub mod link_fit;
pub mod password;
pub mod phone;
pub mod public;
pub mod repeat_contact;
pub mod reply;
pub mod routing;
pub mod scan;
pub mod select;
pub mod simplify;
pub mod sla;
pub mod sort;
pub mod spot_flow;
pub mod spots;
pub mod stats;
pub mod street_plan;
pub mod validate;
