//! `/`: sends the user to their role's start page, or to sign in.

use crate::state::{role_pages, use_app};
use leptos::prelude::*;
use leptos_router::components::Redirect;

/// Redirects by role: agent → desk, engineer → map, coordinator → board,
/// manager → dashboard, admin → desk; signed out → login.
#[component]
pub fn Home() -> impl IntoView {
    let app = use_app();
    move || {
        let target = match app.role() {
            Some(r) => role_pages(r).first().map(|p| p.path()).unwrap_or("/status"),
            None => "/login",
        };
        view! { <Redirect path=target/> }
    }
}
