//! Bulk linking: new tickets in the incident's area (all preselected) plus ticket numbers
//! typed by hand, linked in one request.

use super::BoardCtx;
use crate::api::{self, ApiError};
use crate::components::{names, ErrorBanner, Spinner};
use crate::i18n::BoardMsg;
use crate::state::use_app;
use leptos::prelude::*;
use leptos::task::spawn_local;
use spotdesk_api::{IncidentId, TicketId};
use std::collections::BTreeSet;

/// Parses `12, 15 18` into ticket ids; anything not a positive number is skipped.
pub fn parse_ids(text: &str) -> Vec<TicketId> {
    text.split(|c: char| c == ',' || c.is_whitespace() || c == ';')
        .filter_map(|s| s.trim().trim_start_matches('#').parse::<i64>().ok())
        .filter(|&n| n > 0)
        .map(TicketId)
        .collect()
}

/// The "Link tickets" button and, when open, the panel.
#[component]
pub fn LinkPanel(incident_id: IncidentId) -> impl IntoView {
    let app = use_app();
    let open = RwSignal::new(false);
    view! {
        <div class="link-panel">
            <button type="button" class="btn btn-secondary" data-testid="open-link"
                aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)>
                {move || if open.get() { app.t(BoardMsg::Close) } else { app.t(BoardMsg::LinkTickets) }}
            </button>
            <Show when=move || open.get()>
                <LinkForm incident_id=incident_id on_done=Callback::new(move |_| open.set(false))/>
            </Show>
        </div>
    }
}

#[component]
fn LinkForm(incident_id: IncidentId, on_done: Callback<()>) -> impl IntoView {
    let app = use_app();
    let ctx = expect_context::<BoardCtx>();
    let selected = RwSignal::new(BTreeSet::<TicketId>::new());
    let typed = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let suggestions = LocalResource::new(move || async move {
        let r = app
            .call(|c| async move { api::incidents::suggestions(&c, incident_id).await })
            .await;
        if let Ok(list) = &r {
            selected.set(list.iter().map(|t| t.id).collect());
        }
        r
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut ids: BTreeSet<TicketId> = selected.get_untracked();
        ids.extend(parse_ids(&typed.get_untracked()));
        if ids.is_empty() {
            return;
        }
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let ids: Vec<TicketId> = ids.into_iter().collect();
            let r = app
                .call(|c| async move { api::incidents::link(&c, incident_id, ids).await })
                .await;
            busy.set(false);
            match r {
                Ok(_) => {
                    ctx.refresh.run(());
                    typed.set(String::new());
                    on_done.run(());
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <form class="link-form" on:submit=submit data-testid="link-form">
            <fieldset>
                <legend>{move || app.t(BoardMsg::Suggested)}</legend>
                {move || match suggestions.get() {
                    None => view! { <Spinner/> }.into_any(),
                    Some(Err(e)) => view! { <ErrorBanner error=e/> }.into_any(),
                    Some(Ok(list)) if list.is_empty() => view! { <p class="muted">{app.t(BoardMsg::NoSuggestions)}</p> }.into_any(),
                    Some(Ok(list)) => view! {
                        <ul class="suggestions">
                            {list.into_iter().map(|t| {
                                let id = t.id;
                                let (service, code) = (t.service_code.clone(), t.topic.clone());
                                let topic = move || ctx.catalogue.with(|c| names::service_topic_name(c.as_ref(), app.lang.get(), &service, &code));
                                view! {
                                    <li>
                                        <label class="check">
                                            <input type="checkbox" data-testid="suggestion" value=id.0
                                                prop:checked=move || selected.with(|s| s.contains(&id))
                                                on:change=move |ev| {
                                                    let on = event_target_checked(&ev);
                                                    selected.update(|s| { if on { s.insert(id); } else { s.remove(&id); } });
                                                }/>
                                            <span>"#"{id.0}" · "{t.address_string.clone()}" · "{topic}</span>
                                        </label>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                }}
            </fieldset>
            <label>
                <span>{move || app.t(BoardMsg::TicketIdsByHand)}</span>
                <input type="text" inputmode="numeric" data-testid="link-ids"
                    prop:value=move || typed.get()
                    on:input=move |ev| typed.set(event_target_value(&ev))/>
            </label>
            <button type="submit" class="btn btn-primary" data-testid="link-submit" disabled=move || busy.get()>
                {move || if busy.get() { app.t(BoardMsg::Linking) } else { app.t(BoardMsg::LinkSelected) }}
            </button>
            {move || error.get().map(|e| view! { <ErrorBanner error=e/> })}
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::parse_ids;
    use spotdesk_api::TicketId;

    #[test]
    fn ids_are_parsed_leniently() {
        assert_eq!(
            parse_ids("12, 15 #18;x, -3, 0"),
            vec![TicketId(12), TicketId(15), TicketId(18)]
        );
        assert!(parse_ids("").is_empty());
    }
}
