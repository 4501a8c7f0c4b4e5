//! `/tickets`: every ticket the user may see, filtered and sorted by the URL query, paged
//! with "load more", exported to CSV.

mod csv;
mod filters;
mod query;

use crate::api::{self, ApiError};
use crate::components::{ErrorBanner, Skeleton, Spinner, TicketTable};
use crate::download::save_text;
use crate::i18n::{ListMsg, Msg};
use crate::state::use_app;
use chrono::{Local, Offset, Utc};
use filters::Filters;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};
use query::ListFilter;
use spotdesk_api::Ticket;

/// Rows per page on screen.
const PAGE: u32 = 50;
/// Rows per request when exporting.
const EXPORT_PAGE: u32 = 500;

/// The list page.
#[component]
pub fn TicketsPage() -> impl IntoView {
    let app = use_app();
    let query = use_query_map();
    let navigate = use_navigate();
    let filter = Memo::new(move |_| query.with(|q| ListFilter::from_params(|k| q.get(k))));
    let catalogue = app.catalogue_resource();
    let cat = Signal::derive(move || catalogue.get().and_then(Result::ok));

    let rows = RwSignal::new(Vec::<Ticket>::new());
    let cursor = RwSignal::new(None::<String>);
    let loading = RwSignal::new(false);
    let loaded = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    // Bumped on every new filter so answers for an old filter are dropped.
    let generation = StoredValue::new(0u64);

    let load = move |more: bool| {
        if more && loading.get_untracked() {
            return;
        }
        if !more {
            generation.update_value(|g| *g += 1);
            rows.set(vec![]);
            loaded.set(false);
        }
        let gen = generation.get_value();
        let tz = Local::now().offset().fix();
        let mut q = filter.get_untracked().to_ticket_query(tz, PAGE);
        q.cursor = if more { cursor.get_untracked() } else { None };
        loading.set(true);
        error.set(None);
        spawn_local(async move {
            let r = app
                .call(|c| async move { api::tickets::list(&c, &q).await })
                .await;
            if generation.try_get_value() != Some(gen) {
                return;
            }
            match r {
                Ok(page) => {
                    rows.update(|r| r.extend(page.items));
                    cursor.set(page.next_cursor);
                    loaded.set(true);
                }
                Err(e) => error.set(Some(e)),
            }
            loading.set(false);
        });
    };
    Effect::new(move |_| {
        filter.track();
        load(false);
    });

    let on_change = Callback::new(move |f: ListFilter| {
        navigate(
            &format!("/tickets{}", f.to_query_string()),
            Default::default(),
        );
    });

    view! {
        <section class="page tickets-page">
            <h1>{move || app.t(Msg::Tickets)}</h1>
            <Filters filter=filter catalogue=cat on_change=on_change/>
            <div class="toolbar">
                <span class="progress" role="status" aria-live="polite" data-testid="list-count">
                    {move || format!("{} {}", app.t(ListMsg::Shown), rows.with(Vec::len))}
                    {move || cursor.with(Option::is_some).then(|| app.t(ListMsg::MoreAvailable))}
                </span>
                <Export filter=filter catalogue=cat/>
            </div>
            {move || error.get().map(|e| view! { <ErrorBanner error=e test_id="ticket-list-error"
                on_retry=Callback::new(move |_| load(loaded.get_untracked()))/> })}
            {move || (!loaded.get() && loading.get()).then(|| view! { <Skeleton lines=6/> })}
            {move || (loaded.get() && rows.with(Vec::is_empty)).then(|| view! {
                <p class="empty" data-testid="ticket-list-empty">{app.t(ListMsg::NoneMatch)}</p>
            })}
            <TicketTable rows=rows catalogue=cat/>
            {move || cursor.with(Option::is_some).then(|| view! {
                <button type="button" class="btn btn-secondary load-more" data-testid="tickets-load-more"
                    disabled=move || loading.get() aria-busy=move || loading.get().to_string() on:click=move |_| load(true)>
                    {move || app.t(if loading.get() { Msg::Loading } else { Msg::LoadMore })}
                </button>
            })}
        </section>
    }
}

/// "Export CSV": fetches every page of the current filter, showing progress, then saves.
#[component]
fn Export(
    #[prop(into)] filter: Signal<ListFilter>,
    #[prop(into)] catalogue: Signal<Option<spotdesk_api::Catalogue>>,
) -> impl IntoView {
    let app = use_app();
    let busy = RwSignal::new(false);
    let fetched = RwSignal::new(0usize);
    let done = RwSignal::new(None::<usize>);
    let error = RwSignal::new(None::<ApiError>);
    let run = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        fetched.set(0);
        done.set(None);
        error.set(None);
        let tz = Local::now().offset().fix();
        let mut q = filter.get_untracked().to_ticket_query(tz, EXPORT_PAGE);
        spawn_local(async move {
            let mut all = Vec::new();
            loop {
                let page_q = q.clone();
                match app
                    .call(|c| async move { api::tickets::list(&c, &page_q).await })
                    .await
                {
                    Ok(page) => {
                        all.extend(page.items);
                        fetched.set(all.len());
                        match page.next_cursor {
                            Some(c) => q.cursor = Some(c),
                            None => break,
                        }
                    }
                    Err(e) => {
                        error.set(Some(e));
                        busy.set(false);
                        return;
                    }
                }
            }
            let lang = app.lang.get_untracked();
            // The page may have been left meanwhile: then there is nothing to save.
            let Some(text) =
                catalogue.try_with_untracked(|c| csv::build(&all, c.as_ref(), lang, Utc::now()))
            else {
                return;
            };
            let name = format!("tickets-{}.csv", crate::format::local_stamp(Utc::now()));
            if save_text(&name, "text/csv;charset=utf-8", &text).is_ok() {
                done.set(Some(all.len()));
            }
            busy.set(false);
        });
    };
    view! {
        <button type="button" class="btn btn-secondary" data-testid="export-csv" disabled=move || busy.get()
            aria-busy=move || busy.get().to_string() on:click=run>
            {move || app.t(ListMsg::ExportCsv)}
        </button>
        <span class="progress" role="status" aria-live="polite" data-testid="export-progress">
            {move || busy.get().then(|| view! { <Spinner/> })}
            {move || busy.get().then(|| format!("{} {}", app.t(ListMsg::Exporting), fetched.get()))}
            {move || done.get().map(|n| format!("{} {n}", app.t(ListMsg::Exported)))}
        </span>
        {move || error.get().map(|e| view! { <ErrorBanner error=e test_id="export-error"/> })}
    }
}
