//! `/customers/:phone`: everything about one customer (issue 22 "the caller's history"): who
//! they are, how often they got in touch and how many of those were repeat contacts, every
//! ticket of theirs (the shared ticket table, repeat contacts marked), open incidents and spots
//! where they called from, and the ratings they gave.

use crate::api::{self, ApiError};
use crate::components::customer_history::{CustomerProblems, CustomerRatings};
use crate::components::{ErrorBanner, Skeleton, TicketTable};
use crate::i18n::{CustomerMsg, Msg};
use crate::state::use_app;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use spotdesk_api::CustomerHistory;

/// The customer page.
#[component]
pub fn CustomerPage() -> impl IntoView {
    let app = use_app();
    let params = use_params_map();
    let phone = Memo::new(move |_| params.with(|p| p.get("phone")).unwrap_or_default());
    let retry = RwSignal::new(0u32);
    let found = LocalResource::new(move || {
        retry.track();
        let phone = phone.get();
        async move {
            app.call(|c| async move { api::customers::history(&c, &phone).await })
                .await
        }
    });
    let catalogue = app.catalogue_resource();
    let cat = Signal::derive(move || catalogue.get().and_then(Result::ok));
    view! {
        <section class="page customer-page" aria-busy=move || found.get().is_none().to_string()>
            <h1>{move || format!("{} {}", app.t(CustomerMsg::PageTitle), phone.get())}</h1>
            {move || match found.get() {
                None => view! { <Skeleton lines=4/> }.into_any(),
                Some(Err(e)) => {
                    let e: ApiError = e;
                    view! { <ErrorBanner error=e on_retry=Callback::new(move |_| retry.update(|r| *r += 1))/> }.into_any()
                }
                Some(Ok(h)) => view! { <History history=h catalogue=cat/> }.into_any(),
            }}
        </section>
    }
}

/// One customer's history.
#[component]
fn History(
    history: CustomerHistory,
    catalogue: Signal<Option<spotdesk_api::Catalogue>>,
) -> impl IntoView {
    let app = use_app();
    let CustomerHistory {
        name,
        tickets,
        total_tickets,
        open_tickets,
        repeat_contacts,
        repeat_window_days,
        incidents,
        spots,
        ratings,
        ..
    } = history;
    let none = tickets.is_empty();
    view! {
        <div class="card customer-card" data-testid="customer-card">
            <p class="customer-name" data-testid="customer-name">
                {move || name.clone().unwrap_or_else(|| app.t(CustomerMsg::NoName).to_owned())}
            </p>
            <dl class="facts">
                <dt>{move || app.t(CustomerMsg::Contacts)}</dt>
                <dd data-testid="customer-total">{total_tickets}</dd>
                <dt>{move || app.t(CustomerMsg::OpenTitle)}</dt>
                <dd data-testid="customer-open">{open_tickets}</dd>
                <dt>{move || format!("{} {} {}", app.t(CustomerMsg::RepeatsTitle), repeat_window_days, app.t(Msg::DayShort))}</dt>
                <dd data-testid="customer-repeats">{repeat_contacts}</dd>
            </dl>
            <CustomerProblems incidents=incidents spots=spots/>
            <CustomerRatings ratings=ratings/>
        </div>
        <section class="card" data-testid="customer-tickets">
            <h2>{move || app.t(CustomerMsg::TicketsTitle)}</h2>
            {none.then(|| view! { <p class="muted">{move || app.t(CustomerMsg::FirstContact)}</p> })}
            <TicketTable rows=Signal::stored(tickets) catalogue=catalogue/>
        </section>
    }
}
