//! `/desk`: the agent desk — register a contact, see recent tickets.

mod address;
mod caller;
mod context;
mod draft;
mod fields;
mod form;
mod inputs;
mod list;
mod picker;
mod place_map;
mod queue;
mod routing_info;
mod saved;
mod submit;

use crate::components::{ErrorBanner, Skeleton};
use crate::i18n::Msg;
use crate::outbox::use_outbox;
use crate::state::use_app;
use leptos::prelude::*;
use spotdesk_api::{Catalogue, Ticket};

/// The desk: the registration form beside the ticket list.
#[component]
pub fn Desk() -> impl IntoView {
    let app = use_app();
    let catalogue = app.catalogue_resource();
    let cat: Signal<Option<Catalogue>> =
        Signal::derive(move || catalogue.get().and_then(Result::ok));
    // Tickets this desk registered (directly or through the outbox); the list puts them on
    // top without reloading.
    let created = RwSignal::new(Vec::<Ticket>::new());
    let outbox = use_outbox();
    Effect::new(move |_| {
        let delivered: Vec<Ticket> = outbox
            .delivered
            .with(|d| d.iter().map(|(_, t)| t.clone()).collect());
        if !delivered.is_empty() {
            created.update(|c| {
                for t in delivered {
                    if !c.iter().any(|x| x.id == t.id) {
                        c.push(t);
                    }
                }
            });
        }
    });
    view! {
        <section class="page desk">
            <h1 class="visually-hidden">{move || app.t(Msg::DeskTitle)}</h1>
            <div class="desk-layout">
                <div class="desk-form">
                    <h2>{move || app.t(Msg::NewTicket)}</h2>
                    {move || match catalogue.get() {
                        None => view! { <Skeleton lines=6/> }.into_any(),
                        Some(Err(e)) => view! {
                            <p>{app.t(Msg::CatalogueFailed)}</p>
                            <ErrorBanner error=e on_retry=Callback::new(move |_| catalogue.refetch())/>
                        }.into_any(),
                        Some(Ok(c)) => view! { <form::TicketForm catalogue=c on_created=Callback::new(move |t| created.update(|c| c.push(t)))/> }.into_any(),
                    }}
                </div>
                <div class="desk-list">
                    <h2>{move || app.t(Msg::Tickets)}</h2>
                    <list::TicketList catalogue=cat created=created.read_only()/>
                </div>
            </div>
        </section>
    }
}
