//! Spotdesk single-page app: Leptos (client-side rendering) mounted on `<body>`.
//!
//! Layout: [`api`] is the only module that speaks HTTP; [`i18n`] holds every UI string;
//! [`state`] the session, language and runtime config; [`components`] shared widgets;
//! [`pages`] one module per route (pages never import each other); [`lazy`] the pages split
//! into separate wasm chunks, loaded on first visit.

mod api;
mod app;
mod components;
mod csv;
mod download;
mod format;
mod i18n;
mod lazy;
mod outbox;
mod pages;
mod state;
mod storage;
mod url;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
