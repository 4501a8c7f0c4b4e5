//! `/board`: the live mass-incident board. Cards with status, owner, impact, escalation
//! timers and lifecycle actions; burst proposals to register or dismiss; registration by
//! hand; bulk linking. Kept live by [`crate::api::live`]: every change (and every reconnect
//! or poll while the stream is down) refetches the board from the API.

mod actions;
mod area;
mod card;
mod impact_edit;
mod link;
mod live_sign;
mod proposals;
mod register;
mod still_broken;
mod timers;
mod units;

use crate::api::{self, live::use_live};
use crate::components::{ErrorBanner, Skeleton};
use crate::i18n::Msg;
use crate::state::use_app;
use card::IncidentCard;
use leptos::prelude::*;
use live_sign::LiveSign;
use proposals::Proposals;
use register::RegisterForm;
use spotdesk_api::{Catalogue, Role};
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
    /// What was typed or chosen on a card but not sent yet, by incident id and field. Every live
    /// update refetches the board and re-creates the cards; this keeps their half-done input.
    pub drafts: StoredValue<HashMap<(i64, &'static str), String>>,
}

impl BoardCtx {
    /// A signal for the unsent input `field` of incident `id` that outlives the card: it starts
    /// from what the previous rendering of the card held and writes every change back.
    pub fn kept(&self, id: i64, field: &'static str) -> RwSignal<String> {
        let drafts = self.drafts;
        let start = drafts
            .with_value(|d| d.get(&(id, field)).cloned())
            .unwrap_or_default();
        let signal = RwSignal::new(start);
        Effect::new(move |_| {
            let value = signal.get();
            drafts.update_value(|d| {
                if value.is_empty() {
                    d.remove(&(id, field));
                } else {
                    d.insert((id, field), value);
                }
            });
        });
        signal
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
    let ctx = BoardCtx {
        catalogue: Signal::derive(move || catalogue.get().and_then(Result::ok)),
        refresh: Callback::new(move |_| manual.update(|v| *v += 1)),
        can_edit: Signal::derive(move || {
            matches!(
                app.role(),
                Some(Role::Coordinator | Role::Admin | Role::Engineer)
            )
        }),
        drafts: StoredValue::new(HashMap::new()),
    };
    provide_context(ctx);
    let registrar = move || matches!(app.role(), Some(Role::Coordinator | Role::Admin));
    let sees_proposals = move || {
        matches!(
            app.role(),
            Some(Role::Coordinator | Role::Admin | Role::Manager)
        )
    };
    view! {
        <section class="page board">
            <div class="board-head">
                <h1>{move || app.t(Msg::BoardTitle)}</h1>
                <LiveSign status=live.status/>
            </div>
            <Show when=registrar><RegisterForm/></Show>
            <Show when=sees_proposals><Proposals version=Signal::derive(move || live.version.get() + manual.get())/></Show>
            {move || match incidents.get() {
                None => view! { <Skeleton lines=4/> }.into_any(),
                Some(Err(e)) => view! { <ErrorBanner error=e on_retry=Callback::new(move |_| incidents.refetch())/> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! {
                    <p class="empty" data-testid="board-empty">{app.t(Msg::NoIncidents)}</p>
                }.into_any(),
                Some(Ok(mut list)) => {
                    spotdesk_core::sort::sort_by_key(&mut list, |i| (!i.status.is_active(), std::cmp::Reverse(i.registered_at)));
                    view! {
                        <ul class="cards grid board-cards" data-testid="incident-list">
                            <For each=move || list.clone() key=|i| (i.id.0, i.version, i.escalations.iter().map(|e| e.level).sum::<u8>()) let:i>
                                <IncidentCard incident=i/>
                            </For>
                        </ul>
                    }.into_any()
                }
            }}
        </section>
    }
}
