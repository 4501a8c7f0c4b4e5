//! Pieces of a caller's history shared by the desk's panel and the customer page: whether the
//! call now is a repeat contact, the open problems where the customer called from, and the
//! ratings they gave.

use crate::format;
use crate::i18n::{incident_status_msg, spot_status_msg, CustomerMsg};
use crate::state::use_app;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use spotdesk_api::{CustomerHistory, CustomerRating, Incident, Spot, Ticket};

/// The customer's newest ticket when it was registered within the repeat window before `now`:
/// a call now is a repeat contact of it.
pub fn repeated_by_call_now(h: &CustomerHistory, now: DateTime<Utc>) -> Option<&Ticket> {
    let window = chrono::Duration::days(h.repeat_window_days);
    h.tickets
        .iter()
        .max_by_key(|t| (t.created_at, t.id))
        .filter(|t| now - t.created_at <= window)
}

/// Active incidents and unresolved spots covering the places the customer called from, each a
/// link to its card; nothing when there are none.
#[component]
pub fn CustomerProblems(incidents: Vec<Incident>, spots: Vec<Spot>) -> impl IntoView {
    let app = use_app();
    if incidents.is_empty() && spots.is_empty() {
        return None;
    }
    let incidents = incidents
        .into_iter()
        .map(|i| {
            let (id, title, status) = (i.id.0, i.title.clone(), i.status);
            view! {
                <li data-testid="customer-incident">
                    <a href=format!("/board?incident={id}")>
                        {move || format!("{} №{id}", app.t(CustomerMsg::Incident))}
                    </a>
                    " " {title} " · " {move || app.t(incident_status_msg(status))}
                </li>
            }
        })
        .collect_view();
    let spots = spots
        .into_iter()
        .map(|s| {
            let (id, status) = (s.id.0, s.status);
            view! {
                <li data-testid="customer-spot">
                    <a href=format!("/map?spot={id}")>
                        {move || format!("{} №{id}", app.t(CustomerMsg::Spot))}
                    </a>
                    " · " {move || app.t(spot_status_msg(status))}
                </li>
            }
        })
        .collect_view();
    Some(view! {
        <div class="customer-problems" data-testid="customer-problems">
            <h4>{move || app.t(CustomerMsg::KnownAtTheirPlace)}</h4>
            <ul class="plain-list">{incidents}{spots}</ul>
        </div>
    })
}

/// The ratings the customer gave, newest first; nothing when there are none.
#[component]
pub fn CustomerRatings(ratings: Vec<CustomerRating>) -> impl IntoView {
    let app = use_app();
    if ratings.is_empty() {
        return None;
    }
    let items = ratings
        .into_iter()
        .map(|r| {
            let id = r.ticket_id.0;
            let stars = "★".repeat(usize::from(r.score.min(5)));
            view! {
                <li data-testid="customer-rating">
                    <span aria-hidden="true">{stars}</span>
                    <span class="visually-hidden">{move || format!("{} {}", r.score, app.t(CustomerMsg::Stars))}</span>
                    " " <a href=format!("/tickets/{id}")>{format!("#{id}")}</a>
                    " · " {move || format::datetime(app.lang.get(), r.rated_at)}
                    {r.comment.clone().map(|c| view! { " · " <q>{c}</q> })}
                </li>
            }
        })
        .collect_view();
    Some(view! {
        <div class="customer-ratings" data-testid="customer-ratings">
            <h4>{move || app.t(CustomerMsg::Ratings)}</h4>
            <ul class="plain-list">{items}</ul>
        </div>
    })
}
