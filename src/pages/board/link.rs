//! Bulk linking: new tickets in the incident's area (those of the first answer preselected,
//! ones arriving while the panel is open listed unticked), each saying why it fits, plus
//! ticket numbers typed by hand, which are checked before linking: one of another service,
//! outside the area, already resolved or linked to another incident is named with its
//! concerns, and linked only on "Link anyway".

use super::BoardCtx;
use crate::api::{self, live::use_live, ApiError};
use crate::components::{names, ErrorBanner, Spinner};
use crate::i18n::{status_msg, BoardMsg, Lang};
use crate::state::{use_app, AppState};
use leptos::prelude::*;
use leptos::task::spawn_local;
use spotdesk_api::{Catalogue, Incident, Ticket, TicketId};
use spotdesk_core::link_fit::{link_fit, FitConcern, FitReason};
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
pub fn LinkPanel(#[prop(into)] incident: Signal<Incident>) -> impl IntoView {
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
                <LinkForm incident=incident on_done=Callback::new(move |_| open.set(false))/>
            </Show>
        </div>
    }
}

/// A typed ticket checked against the incident: the ticket (None: no such ticket) and what
/// speaks against linking it.
#[derive(Clone)]
struct Checked {
    id: TicketId,
    ticket: Option<Ticket>,
    concerns: Vec<FitConcern>,
}

#[component]
fn LinkForm(incident: Signal<Incident>, on_done: Callback<()>) -> impl IntoView {
    let app = use_app();
    let ctx = expect_context::<BoardCtx>();
    let live = use_live(app);
    let incident_id = incident.with_untracked(|i| i.id);
    // The ticked suggestions: all of the first answer; one arriving later is listed unticked,
    // so nothing the coordinator has not looked at is linked.
    let ticked = RwSignal::new(BTreeSet::<TicketId>::new());
    let first_seen = RwSignal::new(false);
    let typed = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    // Typed tickets with concerns, waiting for "Link anyway" or "Back".
    let pending = RwSignal::new(None::<Vec<Checked>>);
    // Asked again on every change the live feed brings: new tickets in the area appear.
    let suggestions = LocalResource::new(move || {
        live.version.track();
        async move {
            app.call(|c| async move { api::incidents::suggestions(&c, incident_id).await })
                .await
        }
    });
    // Every ticket suggested since the panel opened, the newest answer's data winning: one that
    // drops out (its service no longer the incident's, say) stays listed as the coordinator
    // saw it, with its concerns, and linked if ticked.
    let listed = RwSignal::new(Vec::<Ticket>::new());
    Effect::new(move |_| {
        if let Some(Ok(fresh)) = suggestions.get() {
            if !first_seen.get_untracked() {
                first_seen.set(true);
                ticked.set(fresh.iter().map(|t| t.id).collect());
            }
            listed.update(|all| {
                for t in fresh {
                    match all.iter_mut().find(|x| x.id == t.id) {
                        Some(x) => *x = t,
                        None => all.push(t),
                    }
                }
                spotdesk_core::sort::sort_by_key(all, |t| std::cmp::Reverse((t.created_at, t.id)));
            });
        }
    });
    let chosen = move || -> BTreeSet<TicketId> {
        let mut ids: BTreeSet<TicketId> = listed
            .get_untracked()
            .iter()
            .map(|t| t.id)
            .filter(|id| ticked.with_untracked(|u| u.contains(id)))
            .collect();
        ids.extend(parse_ids(&typed.get_untracked()));
        ids
    };
    let link = move |ids: BTreeSet<TicketId>| {
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
                    pending.set(None);
                    on_done.run(());
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let ids = chosen();
        let by_hand = parse_ids(&typed.get_untracked());
        if by_hand.is_empty() {
            link(ids);
            return;
        }
        busy.set(true);
        error.set(None);
        let inc = incident.get_untracked();
        spawn_local(async move {
            let checked = check_typed(app, &inc, by_hand).await;
            busy.set(false);
            match checked {
                Ok(c)
                    if c.iter()
                        .all(|c| c.ticket.is_some() && c.concerns.is_empty()) =>
                {
                    link(ids)
                }
                Ok(c) => pending.set(Some(c)),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let link_anyway = move |_| {
        let missing: BTreeSet<TicketId> = pending
            .get_untracked()
            .unwrap_or_default()
            .into_iter()
            .filter(|c| c.ticket.is_none())
            .map(|c| c.id)
            .collect();
        link(chosen().difference(&missing).copied().collect());
    };
    view! {
        <form class="link-form" on:submit=submit data-testid="link-form">
            <fieldset>
                <legend>{move || app.t(BoardMsg::Suggested)}</legend>
                {move || match (suggestions.get(), listed.get()) {
                    (None, list) if list.is_empty() => view! { <Spinner/> }.into_any(),
                    (Some(Err(e)), list) if list.is_empty() => view! { <ErrorBanner error=e/> }.into_any(),
                    (_, list) if list.is_empty() => view! { <p class="muted" data-testid="no-suggestions">{app.t(BoardMsg::NoSuggestions)}</p> }.into_any(),
                    (_, list) => view! {
                        <ul class="suggestions">
                            {list.into_iter().map(|t| view! { <Suggestion ticket=t incident=incident ticked=ticked/> }).collect_view()}
                        </ul>
                    }.into_any(),
                }}
            </fieldset>
            <label>
                <span>{move || app.t(BoardMsg::TicketIdsByHand)}</span>
                <input type="text" inputmode="numeric" data-testid="link-ids"
                    prop:value=move || typed.get()
                    on:input=move |ev| { typed.set(event_target_value(&ev)); pending.set(None); }/>
            </label>
            {move || pending.get().map(|list| view! {
                <div class="banner banner-warn link-check" role="alert" data-testid="link-check">
                    <p>{move || app.t(BoardMsg::CheckTyped)}</p>
                    <ul class="plain-list">
                        {list.into_iter().map(|c| view! { <CheckedLine checked=c catalogue=ctx.catalogue/> }).collect_view()}
                    </ul>
                    <div class="actions">
                        <button type="button" class="btn btn-primary" data-testid="link-anyway"
                            disabled=move || busy.get() on:click=link_anyway>
                            {move || app.t(BoardMsg::LinkAnyway)}
                        </button>
                        <button type="button" class="btn btn-secondary" data-testid="link-back"
                            on:click=move |_| pending.set(None)>
                            {move || app.t(BoardMsg::Back)}
                        </button>
                    </div>
                </div>
            })}
            <button type="submit" class="btn btn-primary" data-testid="link-submit"
                disabled=move || busy.get() || pending.with(Option::is_some)>
                {move || if busy.get() { app.t(BoardMsg::Linking) } else { app.t(BoardMsg::LinkSelected) }}
            </button>
            {move || error.get().map(|e| view! { <ErrorBanner error=e/> })}
        </form>
    }
}

/// Each typed ticket fetched and checked against the incident; a 404 is "no such ticket".
async fn check_typed(
    app: AppState,
    incident: &Incident,
    ids: Vec<TicketId>,
) -> Result<Vec<Checked>, ApiError> {
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        match app
            .call(|c| async move { api::tickets::get(&c, id).await })
            .await
        {
            Ok(t) => out.push(Checked {
                id,
                concerns: link_fit(incident, &t).concerns,
                ticket: Some(t),
            }),
            Err(e) if matches!(e.status(), Some(404 | 403)) => out.push(Checked {
                id,
                ticket: None,
                concerns: Vec::new(),
            }),
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

/// One suggested ticket: its checkbox, number, address and topic, and why it fits.
#[component]
fn Suggestion(
    ticket: Ticket,
    incident: Signal<Incident>,
    ticked: RwSignal<BTreeSet<TicketId>>,
) -> impl IntoView {
    let app = use_app();
    let ctx = expect_context::<BoardCtx>();
    let id = ticket.id;
    let (service, code) = (ticket.service_code.clone(), ticket.topic.clone());
    let topic = move || {
        ctx.catalogue
            .with(|c| names::service_topic_name(c.as_ref(), app.lang.get(), &service, &code))
    };
    let address = ticket.address_string.clone();
    let concerned = ticket.clone();
    let fit = Memo::new(move |_| incident.with(|i| link_fit(i, &ticket)));
    let why = move || {
        let lang = app.lang.get();
        fit.with(|f| {
            f.reasons
                .iter()
                .map(|r| reason_text(lang, r))
                .collect::<Vec<_>>()
                .join(" · ")
        })
    };
    let concerns = move || {
        let lang = app.lang.get();
        let text = fit.with(|f| {
            f.concerns
                .iter()
                .map(|c| {
                    ctx.catalogue
                        .with(|cat| concern_text(lang, c, &concerned, cat.as_ref()))
                })
                .collect::<Vec<_>>()
                .join("; ")
        });
        (!text.is_empty()).then(
            || view! { <p class="small warn-text" data-testid="suggestion-concerns">{text}</p> },
        )
    };
    view! {
        <li data-testid="suggestion-row" data-ticket-id=id.0>
            <label class="check">
                <input type="checkbox" data-testid="suggestion" value=id.0
                    prop:checked=move || ticked.with(|s| s.contains(&id))
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        ticked.update(|s| { if on { s.insert(id); } else { s.remove(&id); } });
                    }/>
                <span>"#"{id.0}" · "{address}" · "{topic}</span>
            </label>
            <p class="muted small why" data-testid="suggestion-why">{move || app.t(BoardMsg::WhyFits)} " " {why}</p>
            {concerns}
        </li>
    }
}

/// One typed ticket with what speaks against it (or that it does not exist).
#[component]
fn CheckedLine(checked: Checked, catalogue: Signal<Option<Catalogue>>) -> impl IntoView {
    let app = use_app();
    let id = checked.id.0;
    let text = move || {
        let lang = app.lang.get();
        match &checked.ticket {
            None => app.t(BoardMsg::NoSuchTicket).to_owned(),
            Some(_) if checked.concerns.is_empty() => app.t(BoardMsg::FitsWell).to_owned(),
            Some(t) => checked
                .concerns
                .iter()
                .map(|c| catalogue.with(|cat| concern_text(lang, c, t, cat.as_ref())))
                .collect::<Vec<_>>()
                .join("; "),
        }
    };
    view! {
        <li data-testid="link-check-ticket" data-ticket-id=id>
            <strong>{format!("#{id}")}</strong> ": " {text}
        </li>
    }
}

/// A reason as words.
fn reason_text(lang: Lang, r: &FitReason) -> String {
    let t = |m| crate::i18n::text(lang, m).to_owned();
    match r {
        FitReason::InArea => t(BoardMsg::FitInArea),
        FitReason::SameService => t(BoardMsg::FitService),
        FitReason::SameTopic => t(BoardMsg::FitTopic),
        FitReason::Registered { minutes_after: 0 } => t(BoardMsg::FitSameTime),
        FitReason::Registered { minutes_after } if *minutes_after > 0 => format!(
            "{} {}",
            crate::format::duration(lang, *minutes_after),
            t(BoardMsg::FitAfter)
        ),
        FitReason::Registered { minutes_after } => format!(
            "{} {}",
            crate::format::duration(lang, -*minutes_after),
            t(BoardMsg::FitBefore)
        ),
    }
}

/// A concern as words.
fn concern_text(lang: Lang, c: &FitConcern, t: &Ticket, cat: Option<&Catalogue>) -> String {
    let m = |m| crate::i18n::text(lang, m).to_owned();
    match c {
        FitConcern::OtherService => format!(
            "{} ({})",
            m(BoardMsg::ConcernService),
            names::service_name(cat, lang, &t.service_code)
        ),
        FitConcern::OutsideArea { metres } => {
            format!("{:.1} {}", metres / 1000.0, m(BoardMsg::ConcernOutside))
        }
        FitConcern::Finished(s) => format!(
            "{} ({})",
            m(BoardMsg::ConcernFinished),
            crate::i18n::text(lang, status_msg(*s))
        ),
        FitConcern::LinkedElsewhere(other) => {
            format!("{} #{}", m(BoardMsg::ConcernElsewhere), other.0)
        }
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
