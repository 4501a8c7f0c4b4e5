//! Recent tickets, newest first, with keyset "load more"; the full list with filters is
//! `/tickets`.

use crate::api::{self, ApiError};
use crate::components::{ErrorBanner, Skeleton, TicketTable};
use crate::i18n::{DeskMsg, Msg};
use crate::state::use_app;
use leptos::prelude::*;
use leptos::task::spawn_local;
use spotdesk_api::{Catalogue, Ticket, TicketQuery, TicketSort};

/// Rows per page.
const PAGE: u32 = 25;

/// The recent tickets. `created` carries tickets registered here, put on top as they arrive.
#[component]
pub fn TicketList(
    catalogue: Signal<Option<Catalogue>>,
    created: ReadSignal<Vec<Ticket>>,
) -> impl IntoView {
    let app = use_app();
    let rows = RwSignal::new(Vec::<Ticket>::new());
    let cursor = RwSignal::new(None::<String>);
    let loading = RwSignal::new(false);
    let loaded_once = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);

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
        created.with(|list| {
            rows.update(|r| {
                for t in list {
                    r.retain(|x| x.id != t.id);
                    r.insert(0, t.clone());
                }
            })
        });
    });

    view! {
        {move || error.get().map(|e| view! { <ErrorBanner error=e test_id="ticket-list-error"
            on_retry=Callback::new(move |_| load(loaded_once.get_untracked()))/> })}
        {move || (!loaded_once.get() && loading.get()).then(|| view! { <Skeleton lines=5/> })}
        {move || (loaded_once.get() && rows.with(Vec::is_empty)).then(|| view! {
            <p class="empty" data-testid="ticket-list-empty">{app.t(Msg::NoTickets)}</p>
        })}
        <TicketTable rows=rows catalogue=catalogue/>
        <div class="form-actions">
            {move || cursor.with(Option::is_some).then(|| view! {
                <button type="button" class="btn btn-secondary load-more" data-testid="tickets-load-more"
                    disabled=move || loading.get() aria-busy=move || loading.get().to_string() on:click=move |_| load(true)>
                    {move || app.t(if loading.get() { Msg::Loading } else { Msg::LoadMore })}
                </button>
            })}
            <a href="/tickets" class="btn btn-secondary load-more">{move || app.t(DeskMsg::AllTickets)}</a>
        </div>
    }
}
