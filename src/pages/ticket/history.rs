//! The ticket's history: who changed what and when, newest first.

use super::values::{display, field_label};
use crate::api::ApiError;
use crate::components::{ErrorBanner, Skeleton};
use crate::format;
use crate::i18n::TicketMsg;
use crate::state::use_app;
use leptos::prelude::*;
use spotdesk_api::{Catalogue, TicketHistoryEntry};

/// The history list.
#[component]
pub fn History(
    entries: LocalResource<Result<Vec<TicketHistoryEntry>, ApiError>>,
    #[prop(into)] catalogue: Signal<Option<Catalogue>>,
) -> impl IntoView {
    let app = use_app();
    view! {
        <section class="card" aria-labelledby="history-title">
            <h2 id="history-title">{move || app.t(TicketMsg::History)}</h2>
            {move || match entries.get() {
                None => view! { <Skeleton lines=3/> }.into_any(),
                Some(Err(e)) => view! { <ErrorBanner error=e on_retry=Callback::new(move |_| entries.refetch())/> }.into_any(),
                Some(Ok(mut list)) => {
                    spotdesk_core::sort::sort_by(&mut list, |a, b| b.version.cmp(&a.version).then(b.at.cmp(&a.at)));
                    view! {
                        <ol class="history" data-testid="history">
                            {list.into_iter().map(|e| view! { <Entry entry=e catalogue=catalogue/> }).collect_view()}
                        </ol>
                    }.into_any()
                }
            }}
        </section>
    }
}

#[component]
fn Entry(entry: TicketHistoryEntry, catalogue: Signal<Option<Catalogue>>) -> impl IntoView {
    let app = use_app();
    let who = entry.by.map(|a| a.display_name);
    let at = entry.at;
    view! {
        <li class="history-entry" data-testid="history-entry" data-version=entry.version>
            <p class="history-head">
                <time datetime=at.to_rfc3339()>{move || format::datetime(app.lang.get(), at)}</time>
                " · " {move || who.clone().unwrap_or_else(|| app.t(TicketMsg::System).to_owned())}
                " · " {move || app.t(TicketMsg::Version)} " " {entry.version}
            </p>
            <ul class="changes">
                {entry.changes.into_iter().map(|c| {
                    let (f1, f2, f3) = (c.field.clone(), c.field.clone(), c.field.clone());
                    let (from, to) = (c.from, c.to);
                    view! {
                        <li data-testid="history-change" data-field=c.field.clone()>
                            <span class="change-field">{move || field_label(app.lang.get(), &f1)}</span> ": "
                            <span class="change-from">{move || catalogue.with(|cat| display(app.lang.get(), cat.as_ref(), &f2, &from))}</span>
                            " → "
                            <span class="change-to">{move || catalogue.with(|cat| display(app.lang.get(), cat.as_ref(), &f3, &to))}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </li>
    }
}
