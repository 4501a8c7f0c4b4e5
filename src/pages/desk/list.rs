//! Recent tickets, newest first, with keyset "load more".

use crate::api::{self, ApiError};
use crate::components::{use_clock, ErrorBanner, Skeleton};
use crate::format;
use crate::i18n::{status_msg, Msg};
use crate::state::use_app;
use leptos::prelude::*;
use leptos::task::spawn_local;
use spotdesk_api::{Catalogue, Ticket, TicketQuery, TicketSort};

/// Rows per page.
const PAGE: u32 = 25;

/// The ticket table. `created` carries tickets registered here, put on top as they arrive.
#[component]
pub fn TicketList(
    catalogue: Signal<Option<Catalogue>>,
    created: ReadSignal<Option<Ticket>>,
) -> impl IntoView {
    let app = use_app();
    let rows = RwSignal::new(Vec::<Ticket>::new());
    let cursor = RwSignal::new(None::<String>);
    let loading = RwSignal::new(false);
    let loaded_once = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let now = use_clock(30);

    let load = move |more: bool| {
        if loading.get_untracked() {
            return;
        }
        let q = TicketQuery {
            sort: Some(TicketSort::CreatedDesc),
            limit: Some(PAGE),
            cursor: if more { cursor.get_untracked() } else { None },
            ..Default::default()
        };
        loading.set(true);
        error.set(None);
        spawn_local(async move {
            match app
                .call(|c| async move { api::tickets::list(&c, &q).await })
                .await
            {
                Ok(page) => {
                    rows.update(|r| {
                        if !more {
                            r.clear();
                        }
                        for t in page.items {
                            if !r.iter().any(|x| x.id == t.id) {
                                r.push(t);
                            }
                        }
                    });
                    cursor.set(page.next_cursor);
                    loaded_once.set(true);
                }
                Err(e) => error.set(Some(e)),
            }
            loading.set(false);
        });
    };
    load(false);

    Effect::new(move |_| {
        if let Some(t) = created.get() {
            rows.update(|r| {
                r.retain(|x| x.id != t.id);
                r.insert(0, t);
            });
        }
    });

    let names = move |code: &str, group: &str| {
        let lang = app.lang.get().code();
        catalogue.with(|c| {
            let c = c.as_ref();
            let service = c
                .and_then(|c| c.services.iter().find(|s| s.code == code))
                .map(|s| s.name.get(lang).to_owned());
            let group_name = c
                .and_then(|c| c.groups.iter().find(|g| g.code == group))
                .map(|g| g.name.get(lang).to_owned());
            (
                service.unwrap_or_else(|| code.to_owned()),
                group_name.unwrap_or_else(|| group.to_owned()),
            )
        })
    };

    view! {
        {move || error.get().map(|e| view! { <ErrorBanner error=e test_id="ticket-list-error"
            on_retry=Callback::new(move |_| load(loaded_once.get_untracked()))/> })}
        {move || (!loaded_once.get() && loading.get()).then(|| view! { <Skeleton lines=5/> })}
        {move || (loaded_once.get() && rows.with(Vec::is_empty)).then(|| view! {
            <p class="empty" data-testid="ticket-list-empty">{app.t(Msg::NoTickets)}</p>
        })}
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
                            let service = { let (c, g) = (code.clone(), group_code.clone()); move || names(&c, &g).0 };
                            let group = move || names(&code, &group_code).1;
                            let deadline = t.expected_datetime;
                            let open = t.status.is_open();
                            let lang = move || app.lang.get();
                            let remaining = move || format::remaining(lang(), deadline, now.get());
                            let overdue = move || open && remaining().1;
                            view! {
                                <tr data-testid="ticket-row" data-ticket-id=t.id.0 class:overdue=overdue>
                                    <td data-col="number">{t.id.0}</td>
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
        {move || cursor.with(Option::is_some).then(|| view! {
            <button type="button" class="btn btn-secondary load-more" data-testid="tickets-load-more"
                disabled=move || loading.get() aria-busy=move || loading.get().to_string() on:click=move |_| load(true)>
                {move || app.t(if loading.get() { Msg::Loading } else { Msg::LoadMore })}
            </button>
        })}
    }
}
