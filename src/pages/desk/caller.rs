//! The caller's history on the desk (issue 22): as soon as the phone field holds a whole
//! number, the customer's earlier contacts (their tickets and how they stand, open incidents
//! and spots where they called from, ratings given), and a warning when this call is a repeat
//! contact, so a repeat caller is recognised at once.

use crate::api;
use crate::components::customer_history::{
    repeated_by_call_now, CustomerProblems, CustomerRatings,
};
use crate::components::names::service_name;
use crate::components::ErrorBanner;
use crate::format;
use crate::i18n::{status_msg, CustomerMsg};
use crate::state::use_app;
use crate::url::encode_query_value;
use leptos::prelude::*;
use spotdesk_api::{Catalogue, CustomerHistory};
use spotdesk_core::phone::normalize_phone;

/// Tickets listed on the desk (the customer page lists them all).
const SHOWN: usize = 5;

/// The panel for the number in `phone`; nothing until it is a whole phone number.
#[component]
pub fn CallerHistory(phone: RwSignal<String>, catalogue: StoredValue<Catalogue>) -> impl IntoView {
    let app = use_app();
    let number = Memo::new(move |_| phone.with(|p| normalize_phone(p).ok()));
    let found = LocalResource::new(move || {
        let number = number.get();
        async move {
            let n = number?;
            Some(
                app.call(|c| async move { api::customers::history(&c, &n).await })
                    .await,
            )
        }
    });
    move || {
        number.get()?;
        let body = match found.get().flatten() {
            None => view! { <p class="muted" role="status">{app.t(CustomerMsg::Looking)}</p> }
                .into_any(),
            Some(Err(e)) => {
                view! { <ErrorBanner error=e test_id="caller-history-error"/> }.into_any()
            }
            Some(Ok(h)) => view! { <Summary history=h catalogue=catalogue/> }.into_any(),
        };
        Some(view! {
            <section class="caller-history" data-testid="caller-history" aria-live="polite">
                <h3>{move || app.t(CustomerMsg::History)}</h3>
                {body}
            </section>
        })
    }
}

/// What the history says, shortest first: first contact, or a repeat warning, the counts, the
/// latest tickets, open problems at their places, ratings and a link to everything.
#[component]
fn Summary(history: CustomerHistory, catalogue: StoredValue<Catalogue>) -> impl IntoView {
    let app = use_app();
    if history.total_tickets == 0 {
        return view! {
            <p class="muted" data-testid="caller-first">{move || app.t(CustomerMsg::FirstContact)}</p>
        }
        .into_any();
    }
    let lang = move || app.lang.get();
    let repeat = repeated_by_call_now(&history, chrono::Utc::now()).map(|t| {
        let (id, at, status) = (t.id.0, t.created_at, t.status);
        view! {
            <p class="banner banner-warn" role="status" data-testid="caller-repeat">
                {move || format!("{} {}", app.t(CustomerMsg::RepeatNow), format::datetime(lang(), at))}
                " (" <a href=format!("/tickets/{id}")>{format!("#{id}")}</a>
                ", " {move || app.t(status_msg(status))} ")"
            </p>
        }
    });
    let (total, open, repeats) = (
        history.total_tickets,
        history.open_tickets,
        history.repeat_contacts,
    );
    let rows = history
        .tickets
        .iter()
        .take(SHOWN)
        .map(|t| {
            let (id, code, status, at) = (t.id.0, t.service_code.clone(), t.status, t.created_at);
            let service = move || catalogue.with_value(|c| service_name(Some(c), lang(), &code));
            let repeat = t.repeat_of.is_some();
            view! {
                <li data-testid="caller-ticket">
                    <a href=format!("/tickets/{id}")>{format!("#{id}")}</a>
                    " " {service} " · " {move || app.t(status_msg(status))}
                    " · " {move || format::datetime(lang(), at)}
                    {repeat.then(|| view! { " " <span class="badge badge-repeat">{move || app.t(CustomerMsg::RepeatBadge)}</span> })}
                </li>
            }
        })
        .collect_view();
    let href = format!("/customers/{}", encode_query_value(&history.phone));
    view! {
        {repeat}
        <p data-testid="caller-summary">
            {history.name.clone().map(|n| view! { <strong>{n}</strong> " · " })}
            {move || format!(
                "{}: {total}, {} {open}, {} {repeats}",
                app.t(CustomerMsg::Contacts),
                app.t(CustomerMsg::Open),
                app.t(CustomerMsg::Repeats),
            )}
        </p>
        <ul class="plain-list caller-tickets">{rows}</ul>
        <CustomerProblems incidents=history.incidents spots=history.spots/>
        <CustomerRatings ratings=history.ratings/>
        <a href=href data-testid="caller-all">{move || app.t(CustomerMsg::AllContacts)}</a>
    }
    .into_any()
}
