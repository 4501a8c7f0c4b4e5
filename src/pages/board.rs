//! `/board`: the live mass-incident board. Cards with status, owner, impact, escalation
//! timers and lifecycle actions; burst proposals to register or dismiss; registration by
//! hand; bulk linking. Kept live by [`crate::api::live`]: every change (and every reconnect
//! or poll while the stream is down) refetches the board from the API, and each incident's
//! card, keyed by its id, takes the new state in place (see [`Cards`]).

mod actions;
mod area;
mod card;
mod impact_edit;
mod link;
mod live_sign;
mod proposals;
mod register;
mod reopened;
mod still_broken;
mod timers;
mod units;

use crate::api::{self, live::use_live, ApiError};
use crate::components::{ErrorBanner, Skeleton};
use crate::i18n::{BoardMsg, Msg};
use crate::state::{use_app, AppState};
use card::IncidentCard;
use leptos::prelude::*;
use leptos::task::spawn_local;
use live_sign::LiveSign;
use proposals::Proposals;
use register::RegisterForm;
use spotdesk_api::{codes, Catalogue, Incident, IncidentPatch, IncidentStatus, Role};
use std::collections::HashMap;

/// What the board's parts share.
#[derive(Clone, Copy)]
pub struct BoardCtx {
    /// The catalogue (service and group names), once loaded.
    pub catalogue: Signal<Option<Catalogue>>,
    /// Refetch everything now (after an own change; the live stream would also do it).
    pub refresh: Callback<()>,
    /// Whether the user may change incidents.
    pub can_edit: Signal<bool>,
    /// Shows an incident as the server just returned it (after an own change), at once and
    /// in the same tick as the card's buttons come back, so they never offer the old
    /// state's actions; the refetch that follows changes nothing more.
    pub show: Callback<Incident>,
}

impl BoardCtx {
    /// Sends `patch` for `incident` against the newest version seen, `busy` while it is out. On success
    /// the card shows the server's answer, `done` clears the sent input and the board
    /// refetches; on failure `error` holds it for the card's banner (see [`Self::failed`]).
    pub fn send(
        self,
        app: AppState,
        incident: Signal<Incident>,
        patch: IncidentPatch,
        busy: RwSignal<bool>,
        error: RwSignal<Option<ApiError>>,
        done: impl FnOnce() + 'static,
    ) {
        let (id, version) = incident.with_untracked(|i| (i.id, i.version));
        let etag = format!("\"{version}\"");
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let r = app
                .call(|c| async move { api::incidents::update(&c, id, &patch, &etag).await })
                .await;
            match r {
                Ok((updated, _)) => {
                    // The answer first, then the buttons: they never offer the old state's.
                    self.show.run(updated);
                    busy.set(false);
                    done();
                    self.refresh.run(());
                }
                Err(e) => {
                    busy.set(false);
                    self.failed(error, e);
                }
            }
        });
    }

    /// Records a failed change for the card's banner. A version conflict (someone else changed
    /// the incident first) also refetches the board, so the card shows their change at once;
    /// the card's unsent input stays, and sending again uses the new version.
    pub fn failed(&self, error: RwSignal<Option<ApiError>>, e: ApiError) {
        let conflict = is_conflict(&e);
        error.set(Some(e));
        if conflict {
            self.refresh.run(());
        }
    }
}

/// Whether `e` says the incident changed since the version that was sent.
pub fn is_conflict(e: &ApiError) -> bool {
    match e {
        ApiError::Http { status, body, .. } => {
            body.as_ref().map_or(matches!(status, 409 | 412), |b| {
                b.code == codes::VERSION_CONFLICT
            })
        }
        _ => false,
    }
}

/// The error of a card's change: a version conflict says plainly what happened and that the
/// input was kept; anything else is the usual banner.
#[component]
pub fn CardError(error: RwSignal<Option<ApiError>>) -> impl IntoView {
    let app = use_app();
    move || {
        error.get().map(|e| {
            if is_conflict(&e) {
                view! {
                    <p class="banner banner-warn" role="alert" data-testid="card-conflict">
                        {move || app.t(BoardMsg::ChangedMeanwhile)}
                    </p>
                }
                .into_any()
            } else {
                view! { <ErrorBanner error=e/> }.into_any()
            }
        })
    }
}

/// The board's incidents, one signal per incident id, updated in place from every refetch.
/// A card is keyed by its incident id and reads its incident from its signal, so it (and the
/// input typed or drawn on it but not sent yet) lives as long as the incident is on the board,
/// whatever changes to it or to other incidents the live stream brings.
#[derive(Clone, Copy)]
struct Cards {
    by_id: StoredValue<HashMap<i64, RwSignal<Incident>>>,
    /// Incident ids in display order.
    order: RwSignal<Vec<i64>>,
    /// A list was received at least once (a failed refetch later keeps the cards shown).
    loaded: RwSignal<bool>,
}

impl Cards {
    fn new() -> Self {
        Self {
            by_id: StoredValue::new(HashMap::new()),
            order: RwSignal::new(Vec::new()),
            loaded: RwSignal::new(false),
        }
    }

    /// Takes a fresh list: changed incidents are written into their signals (only those
    /// cards update), new ones get a signal, and the display order follows the list.
    fn apply(&self, owner: &Owner, mut list: Vec<Incident>) {
        spotdesk_core::sort::sort_by_key(&mut list, |i| {
            (!i.status.is_active(), std::cmp::Reverse(i.registered_at))
        });
        let order: Vec<i64> = list.iter().map(|i| i.id.0).collect();
        for incident in list {
            let id = incident.id.0;
            match self.by_id.with_value(|m| m.get(&id).copied()) {
                Some(signal) => {
                    if signal.with_untracked(|old| *old != incident) {
                        signal.set(incident);
                    }
                }
                None => {
                    // Owned by the board, not by the effect that saw the list first (whose
                    // next run would dispose it).
                    let signal = owner.with(|| RwSignal::new(incident));
                    self.by_id.update_value(|m| {
                        m.insert(id, signal);
                    });
                }
            }
        }
        if self.order.with_untracked(|o| *o != order) {
            self.order.set(order);
        }
        if !self.loaded.get_untracked() {
            self.loaded.set(true);
        }
    }

    /// Puts `incident` into its card, unless the card already shows a newer version.
    fn show(&self, incident: Incident) {
        if let Some(signal) = self.get(incident.id.0) {
            if signal.with_untracked(|old| old.version <= incident.version && *old != incident) {
                signal.set(incident);
            }
        }
    }

    fn get(&self, id: i64) -> Option<RwSignal<Incident>> {
        self.by_id.with_value(|m| m.get(&id).copied())
    }

    /// Ids in display order whose incident is (`true`) or is not confirmed, i.e. closed.
    fn ids(&self, closed: bool) -> Vec<i64> {
        self.order.with(|o| {
            o.iter()
                .copied()
                .filter(|&id| {
                    self.get(id).is_some_and(|i| {
                        i.with(|i| (i.status == IncidentStatus::Confirmed) == closed)
                    })
                })
                .collect()
        })
    }
}

/// The board page.
#[component]
pub fn Board() -> impl IntoView {
    let app = use_app();
    let live = use_live(app);
    let manual = RwSignal::new(0u64);
    let incidents = LocalResource::new(move || {
        live.version.track();
        manual.track();
        app.call(|c| async move { api::incidents::list(&c).await })
    });
    let catalogue = app.catalogue_resource();
    let cards = Cards::new();
    let ctx = BoardCtx {
        show: Callback::new(move |i: Incident| cards.show(i)),
        catalogue: Signal::derive(move || catalogue.get().and_then(Result::ok)),
        refresh: Callback::new(move |_| manual.update(|v| *v += 1)),
        can_edit: Signal::derive(move || {
            matches!(
                app.role(),
                Some(Role::Coordinator | Role::Admin | Role::Engineer)
            )
        }),
    };
    provide_context(ctx);
    let owner = Owner::current().unwrap_or_default();
    Effect::new(move |_| {
        if let Some(Ok(list)) = incidents.get() {
            cards.apply(&owner, list);
        }
    });
    let failed = move || match incidents.get() {
        Some(Err(e)) => Some(e),
        _ => None,
    };
    let registrar = move || matches!(app.role(), Some(Role::Coordinator | Role::Admin));
    let sees_proposals = move || {
        matches!(
            app.role(),
            Some(Role::Coordinator | Role::Admin | Role::Manager)
        )
    };
    // `?incident=<id>` (a link from the search results): once the cards are drawn, that card
    // is scrolled to, marked and focused (a confirmed one's section is opened first).
    let wanted = leptos_router::hooks::use_query_map()
        .with_untracked(|q| q.get("incident"))
        .and_then(|s| s.parse::<i64>().ok());
    Effect::new(move |shown: Option<bool>| {
        if shown == Some(true) {
            return true;
        }
        let Some(id) = wanted else { return true };
        if !cards.loaded.get() {
            return false;
        }
        request_animation_frame(move || reveal_card(id));
        true
    });
    let open_ids = Memo::new(move |_| cards.ids(false));
    let closed_ids = Memo::new(move |_| cards.ids(true));
    view! {
        <section class="page board">
            <div class="board-head">
                <h1>{move || app.t(Msg::BoardTitle)}</h1>
                <LiveSign status=live.status/>
            </div>
            <Show when=registrar><RegisterForm/></Show>
            <Show when=sees_proposals><Proposals version=Signal::derive(move || live.version.get() + manual.get())/></Show>
            {move || failed().map(|e| view! { <ErrorBanner error=e on_retry=Callback::new(move |_| incidents.refetch())/> })}
            <Show when=move || cards.loaded.get() fallback=move || (failed().is_none()).then(|| view! { <Skeleton lines=4/> })>
                <Show when=move || open_ids.with(Vec::is_empty)>
                    <p class="empty" data-testid="board-empty">{move || app.t(Msg::NoIncidents)}</p>
                </Show>
                <ul class="cards grid board-cards" data-testid="incident-list">
                    <For each=move || open_ids.get() key=|id| *id let:id>
                        {cards.get(id).map(|incident| view! { <IncidentCard incident=incident/> })}
                    </For>
                </ul>
                // Confirmed (closed) incidents stay reachable (to reopen, to look up) without
                // crowding out the live ones.
                <Show when=move || !closed_ids.with(Vec::is_empty)>
                    <details class="closed-incidents" data-testid="closed-incidents">
                        <summary>{move || format!("{} ({})", app.t(BoardMsg::ClosedIncidents), closed_ids.with(Vec::len))}</summary>
                        <ul class="cards grid board-cards">
                            <For each=move || closed_ids.get() key=|id| *id let:id>
                                {cards.get(id).map(|incident| view! { <IncidentCard incident=incident/> })}
                            </For>
                        </ul>
                    </details>
                </Show>
            </Show>
        </section>
    }
}

/// Scrolls to an incident's card, marks it (`data-wanted`) and moves the focus to it.
fn reveal_card(id: i64) {
    use wasm_bindgen::JsCast;
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(Some(card)) = doc.query_selector(&format!("li[data-incident-id=\"{id}\"]")) else {
        return;
    };
    if let Ok(Some(details)) = card.closest("details") {
        let _ = details.set_attribute("open", "");
    }
    let _ = card.set_attribute("data-wanted", "true");
    let _ = card.set_attribute("tabindex", "-1");
    card.scroll_into_view();
    if let Ok(el) = card.dyn_into::<web_sys::HtmlElement>() {
        let _ = el.focus();
    }
}
