//! `/find?q=…`: what the header's search box found, by kind (issue 22 "find anything"):
//! tickets (the shared ticket table), customers (each a link to their history), mass
//! incidents (to their card on the board), spots (to their card on the map) and addresses.

use crate::api::{self, ApiError};
use crate::components::{ErrorBanner, Skeleton, TicketTable};
use crate::format;
use crate::i18n::{incident_status_msg, spot_status_msg, FindMsg};
use crate::state::use_app;
use crate::url::encode_query_value;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use spotdesk_api::{CustomerMatch, GeocodeResult, Incident, SearchResults, Spot};

/// The results page.
#[component]
pub fn FindPage() -> impl IntoView {
    let app = use_app();
    let query = use_query_map();
    let q = Memo::new(move |_| {
        query
            .with(|m| m.get("q"))
            .map(|q| q.trim().to_owned())
            .unwrap_or_default()
    });
    let retry = RwSignal::new(0u32);
    let found = LocalResource::new(move || {
        retry.track();
        let q = q.get();
        async move {
            if q.is_empty() {
                return Ok(SearchResults::default());
            }
            app.call(|c| async move { api::search::find(&c, &q).await })
                .await
        }
    });
    let catalogue = app.catalogue_resource();
    let cat = Signal::derive(move || catalogue.get().and_then(Result::ok));
    let results = move || found.get().and_then(Result::ok);
    let error = move || found.get().and_then(Result::err);
    view! {
        <section class="page find-page" aria-busy=move || found.get().is_none().to_string()>
            <h1>{move || app.t(FindMsg::Title)}</h1>
            <p class="hint">{move || app.t(FindMsg::Hint)}</p>
            {move || error().map(|e: ApiError| view! {
                <ErrorBanner error=e on_retry=Callback::new(move |_| retry.update(|r| *r += 1))/>
            })}
            <Show when=move || found.get().is_some() fallback=move || view! {
                <p role="status">{move || app.t(FindMsg::Searching)}</p>
                <Skeleton lines=4/>
            }>
                {move || results().map(|r| {
                    if r.is_empty() {
                        return view! {
                            <p class="empty" role="status" data-testid="find-nothing">
                                {app.t(FindMsg::Nothing)} " «" {q.get_untracked()} "»"
                            </p>
                        }.into_any();
                    }
                    let SearchResults { tickets, customers, incidents, spots, addresses } = r;
                    view! {
                        <Show when={let t = !tickets.is_empty(); move || t}>
                            <section class="card find-section" data-testid="find-tickets">
                                <h2>{move || app.t(FindMsg::Tickets)}</h2>
                                <TicketTable rows=Signal::stored(tickets.clone()) catalogue=cat/>
                            </section>
                        </Show>
                        <Customers customers=customers/>
                        <Incidents incidents=incidents/>
                        <Spots spots=spots/>
                        <Addresses addresses=addresses/>
                    }.into_any()
                })}
            </Show>
        </section>
    }
}

/// Customers found: phone (a link to their history), name, counts, last contact.
#[component]
fn Customers(customers: Vec<CustomerMatch>) -> impl IntoView {
    let app = use_app();
    (!customers.is_empty()).then(|| {
        let rows = customers
            .into_iter()
            .map(|c| {
                let href = format!("/customers/{}", encode_query_value(&c.phone));
                let name = c.name.clone();
                view! {
                    <tr data-testid="find-customer">
                        <td><a href=href class="row-link">{c.phone.clone()}</a></td>
                        <td>{move || name.clone().unwrap_or_else(|| app.t(FindMsg::NoName).to_owned())}</td>
                        <td class="num">{c.tickets}</td>
                        <td class="num">{c.open_tickets}</td>
                        <td>{move || format::datetime(app.lang.get(), c.last_contact)}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <section class="card find-section" data-testid="find-customers">
                <h2>{move || app.t(FindMsg::Customers)}</h2>
                <div class="table-wrap">
                    <table class="tickets">
                        <thead><tr>
                            <th scope="col">{move || app.t(FindMsg::Phone)}</th>
                            <th scope="col">{move || app.t(FindMsg::Name)}</th>
                            <th scope="col">{move || app.t(FindMsg::TicketCount)}</th>
                            <th scope="col">{move || app.t(FindMsg::OpenCount)}</th>
                            <th scope="col">{move || app.t(FindMsg::LastContact)}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </section>
        }
    })
}

/// Incidents found, each a link to its card on the board.
#[component]
fn Incidents(incidents: Vec<Incident>) -> impl IntoView {
    let app = use_app();
    (!incidents.is_empty()).then(|| {
        let items = incidents
            .into_iter()
            .map(|i| {
                let id = i.id.0;
                view! {
                    <li data-testid="find-incident">
                        <a href=format!("/board?incident={id}")>
                            {move || app.t(FindMsg::IncidentNo)} " №" {id} ": " {i.title.clone()}
                        </a>
                        " · " {move || app.t(incident_status_msg(i.status))}
                    </li>
                }
            })
            .collect_view();
        view! {
            <section class="card find-section" data-testid="find-incidents">
                <h2>{move || app.t(FindMsg::Incidents)}</h2>
                <ul class="find-list">{items}</ul>
            </section>
        }
    })
}

/// Spots found, each a link to its card on the map.
#[component]
fn Spots(spots: Vec<Spot>) -> impl IntoView {
    let app = use_app();
    (!spots.is_empty()).then(|| {
        let items = spots
            .into_iter()
            .map(|s| {
                let id = s.id.0;
                view! {
                    <li data-testid="find-spot">
                        <a href=format!("/map?spot={id}")>{move || app.t(FindMsg::SpotNo)} " №" {id}</a>
                        " · " {s.complaints} " " {move || app.t(FindMsg::Complaints)}
                        " · " {move || app.t(spot_status_msg(s.status))}
                    </li>
                }
            })
            .collect_view();
        view! {
            <section class="card find-section" data-testid="find-spots">
                <h2>{move || app.t(FindMsg::Spots)}</h2>
                <ul class="find-list">{items}</ul>
            </section>
        }
    })
}

/// Addresses of the register found.
#[component]
fn Addresses(addresses: Vec<GeocodeResult>) -> impl IntoView {
    let app = use_app();
    (!addresses.is_empty()).then(|| {
        let items = addresses
            .into_iter()
            .map(|a| view! { <li data-testid="find-address">{a.address_string}</li> })
            .collect_view();
        view! {
            <section class="card find-section" data-testid="find-addresses">
                <h2>{move || app.t(FindMsg::Addresses)}</h2>
                <ul class="find-list">{items}</ul>
            </section>
        }
    })
}
