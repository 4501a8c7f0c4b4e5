//! `/board`: the mass-incident board (foundation: a list of cards).

use crate::api;
use crate::components::{ErrorBanner, Skeleton};
use crate::format;
use crate::i18n::{incident_status_msg, Msg};
use crate::state::use_app;
use leptos::prelude::*;
use spotdesk_api::Incident;

/// Incident cards with status, title and expected resolution; active ones first.
#[component]
pub fn Board() -> impl IntoView {
    let app = use_app();
    let incidents =
        LocalResource::new(move || app.call(|c| async move { api::incidents::list(&c).await }));
    view! {
        <section class="page">
            <h1>{move || app.t(Msg::BoardTitle)}</h1>
            {move || match incidents.get() {
                None => view! { <Skeleton lines=4/> }.into_any(),
                Some(Err(e)) => view! { <ErrorBanner error=e on_retry=Callback::new(move |_| incidents.refetch())/> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! {
                    <p class="empty" data-testid="board-empty">{app.t(Msg::NoIncidents)}</p>
                }.into_any(),
                Some(Ok(mut list)) => {
                    list.sort_by_key(|i| (!i.status.is_active(), std::cmp::Reverse(i.registered_at)));
                    view! { <ul class="cards grid" data-testid="incident-list">{list.into_iter().map(card).collect_view()}</ul> }.into_any()
                }
            }}
        </section>
    }
}

fn card(i: Incident) -> impl IntoView {
    let app = use_app();
    let lang = app.lang.get_untracked();
    let active = i.status.is_active();
    view! {
        <li class="card incident" class:inactive=!active data-testid="incident-card" data-incident-id=i.id.0>
            <p class="badge" data-status=format!("{:?}", i.status)>{app.t(incident_status_msg(i.status))}</p>
            <h2>{i.title}</h2>
            <dl class="facts">
                <dt>{app.t(Msg::ExpectedResolution)}</dt>
                <dd>{i.expected_resolution.map(|t| format::datetime(lang, t)).unwrap_or_else(|| app.t(Msg::NotSet).to_owned())}</dd>
                <dt>{app.t(Msg::AffectedCustomers)}</dt><dd>{i.affected_customers}</dd>
                <dt>{app.t(Msg::LinkedTickets)}</dt><dd>{i.linked_tickets}</dd>
                {i.cause.map(|c| view! { <dt>{app.t(Msg::Cause)}</dt><dd>{c}</dd> })}
            </dl>
        </li>
    }
}
