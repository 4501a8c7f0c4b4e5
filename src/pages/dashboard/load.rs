//! Loading what the dashboard computes from: the ticket facts of the period, incidents and
//! spots; reloading (debounced) when the server announces changes.

use crate::api::{self, ApiError};
use crate::state::AppState;
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;
use spotdesk_api::facts::TicketFacts;
use spotdesk_api::{EntityKind, Incident, Spot};
use spotdesk_core::dashboard::{IncidentFact, SpotFact};
use std::sync::Arc;

/// Wait after a change before reloading, so a burst of new tickets costs one reload.
const DEBOUNCE_MS: u32 = 2_000;

/// The loaded inputs and the loading state.
#[derive(Clone, Copy)]
pub struct Data {
    pub facts: RwSignal<Option<Arc<TicketFacts>>>,
    pub incidents: RwSignal<Arc<Vec<IncidentFact>>>,
    pub spots: RwSignal<Arc<Vec<SpotFact>>>,
    /// Unix seconds of the last completed load (the computation's "now").
    pub as_of: RwSignal<i64>,
    pub loading: RwSignal<bool>,
    pub error: RwSignal<Option<ApiError>>,
    /// The event stream is connected.
    pub live: RwSignal<bool>,
    /// `[from, to)` currently loaded or loading, Unix seconds.
    period: RwSignal<(i64, i64)>,
    generation: StoredValue<u64>,
    reload_pending: StoredValue<bool>,
}

fn incident_fact(i: &Incident) -> IncidentFact {
    IncidentFact {
        id: u32::try_from(i.id.0).unwrap_or(0),
        registered: i.registered_at.timestamp(),
        resolved: i.resolved_at.map(|t| t.timestamp()),
        affected_customers: u32::try_from(i.affected_customers.max(0)).unwrap_or(u32::MAX),
    }
}

fn spot_fact(s: &Spot) -> SpotFact {
    SpotFact {
        registered: s.registered_at.timestamp(),
        resolved: s.resolved_at.map(|t| t.timestamp()),
    }
}

impl Data {
    /// Empty state; call [`Data::load`] to fill it.
    pub fn new() -> Self {
        Self {
            facts: RwSignal::new(None),
            incidents: RwSignal::new(Arc::new(Vec::new())),
            spots: RwSignal::new(Arc::new(Vec::new())),
            as_of: RwSignal::new(0),
            loading: RwSignal::new(false),
            error: RwSignal::new(None),
            live: RwSignal::new(false),
            period: RwSignal::new((0, 0)),
            generation: StoredValue::new(0),
            reload_pending: StoredValue::new(false),
        }
    }

    /// Loads `[from, to)`; older answers still in flight are dropped. The previous numbers
    /// stay on screen while loading.
    pub fn load(self, app: AppState, from: i64, to: i64) {
        self.generation.update_value(|g| *g += 1);
        let gen = self.generation.get_value();
        self.period.set((from, to));
        self.loading.set(true);
        self.error.set(None);
        spawn_local(async move {
            let at = |s: i64| chrono::DateTime::from_timestamp(s, 0);
            let facts = app
                .call(|c| async move { api::facts::fetch(&c, at(from), at(to)).await })
                .await;
            // Incidents and spots are optional context: without them those figures are empty.
            let incidents = app
                .call(|c| async move { api::incidents::list(&c).await })
                .await
                .unwrap_or_default();
            let spots = app
                .call(|c| async move { api::spots::list(&c).await })
                .await
                .unwrap_or_default();
            if self.generation.try_get_value() != Some(gen) {
                return;
            }
            match facts {
                Ok(f) => {
                    self.incidents
                        .set(Arc::new(incidents.iter().map(incident_fact).collect()));
                    self.spots
                        .set(Arc::new(spots.iter().map(spot_fact).collect()));
                    self.as_of.set(chrono::Utc::now().timestamp());
                    self.facts.set(Some(Arc::new(f)));
                }
                Err(e) => self.error.set(Some(e)),
            }
            self.loading.set(false);
        });
    }

    /// Reloads the current period after a short quiet time (once per burst of changes).
    fn reload_soon(self, app: AppState) {
        if self.reload_pending.get_value() {
            return;
        }
        self.reload_pending.set_value(true);
        spawn_local(async move {
            TimeoutFuture::new(DEBOUNCE_MS).await;
            if self.reload_pending.try_set_value(false).is_some() {
                return;
            }
            let (from, to) = self.period.get_untracked();
            self.load(app, from, to);
        });
    }

    /// Follows the server's change stream while the page is open: a change to a ticket,
    /// incident or spot of a period that is still running reloads the numbers.
    pub fn follow_changes(self, app: AppState) {
        let sub = api::events::subscribe(&app.client(), move |change| {
            let (_, to) = self.period.get_untracked();
            // Tickets, incidents and spots all feed the dashboard.
            let _: EntityKind = change.entity;
            if change.at.timestamp() < to {
                self.reload_soon(app);
            }
        });
        if let Ok(sub) = sub {
            self.live.set(true);
            let sub: StoredValue<Option<api::events::Subscription>, LocalStorage> =
                StoredValue::new_local(Some(sub));
            on_cleanup(move || {
                sub.try_update_value(Option::take);
            });
        }
    }
}
