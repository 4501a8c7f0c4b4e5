//! The ticket table shared by the desk and the ticket list: number (a link to the ticket),
//! created, service, address, status, deadline with time left / overdue, group; repeat
//! contacts are marked beside their number.

use super::names::{group_name, service_name};
use super::use_clock;
use crate::format;
use crate::i18n::{status_msg, Msg};
use crate::state::use_app;
use leptos::prelude::*;
use spotdesk_api::{Catalogue, Ticket};

/// A table of `rows`; hidden while empty.
#[component]
pub fn TicketTable(
    #[prop(into)] rows: Signal<Vec<Ticket>>,
    #[prop(into)] catalogue: Signal<Option<Catalogue>>,
) -> impl IntoView {
    let app = use_app();
    let now = use_clock(30);
    view! {
        <div class="table-wrap" hidden=move || rows.with(Vec::is_empty)>
            <table class="tickets" data-testid="ticket-list">
                <thead>
                    <tr>
                        <th scope="col">{move || app.t(Msg::ColNumber)}</th>
                        <th scope="col">{move || app.t(Msg::ColCreated)}</th>
                        <th scope="col">{move || app.t(Msg::ColService)}</th>
                        <th scope="col">{move || app.t(Msg::ColAddress)}</th>
                        <th scope="col">{move || app.t(Msg::ColStatus)}</th>
                        <th scope="col">{move || app.t(Msg::ColDeadline)}</th>
                        <th scope="col">{move || app.t(Msg::ColGroup)}</th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || rows.get() key=|t| (t.id, t.version) let:t>
                        {
                            let (code, group_code) = (t.service_code.clone(), t.agency_responsible.clone());
                            let service = move || catalogue.with(|c| service_name(c.as_ref(), app.lang.get(), &code));
                            let group = move || catalogue.with(|c| group_name(c.as_ref(), app.lang.get(), &group_code));
                            let deadline = t.expected_datetime;
                            let open = t.status.is_open();
                            let lang = move || app.lang.get();
                            let remaining = move || format::remaining(lang(), deadline, now.get());
                            let overdue = move || open && remaining().1;
                            let id = t.id.0;
                            let repeat = t.repeat_of.is_some();
                            view! {
                                <tr data-testid="ticket-row" data-ticket-id=id class:overdue=overdue>
                                    <td data-col="number">
                                        <a href=format!("/tickets/{id}") class="row-link">{id}</a>
                                        {repeat.then(|| view! {
                                            " " <span class="badge badge-repeat" data-testid="repeat-badge"
                                                title=move || app.t(Msg::RepeatContactHint)>
                                                <span aria-hidden="true">"↻"</span>
                                                <span class="visually-hidden">{move || app.t(Msg::RepeatContact)}</span>
                                            </span>
                                        })}
                                    </td>
                                    <td data-col="created">{move || format::datetime(lang(), t.created_at)}</td>
                                    <td data-col="service">{service}</td>
                                    <td data-col="address">{t.address_string.clone()}</td>
                                    <td data-col="status">{move || app.t(status_msg(t.status))}</td>
                                    <td data-col="deadline">
                                        <span>{move || format::datetime(lang(), deadline)}</span>
                                        {move || open.then(|| {
                                            let (txt, late) = remaining();
                                            view! {
                                                <span class="sla-left" class:late=late data-overdue=late.to_string()>
                                                    {late.then(|| view! { <strong class="flag">{app.t(Msg::Overdue)}</strong> " " })}
                                                    {txt}
                                                </span>
                                            }
                                        })}
                                    </td>
                                    <td data-col="group">{group}</td>
                                </tr>
                            }
                        }
                    </For>
                </tbody>
            </table>
        </div>
    }
}
