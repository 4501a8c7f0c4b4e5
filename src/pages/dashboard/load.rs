//! Loading what the dashboard computes from: the ticket facts of the period, incidents,
//! spots and the customers' fix ratings of the period (`GET /ratings`, recorded through the
//! public rating links); reloading (debounced) when the shared live feed
//! ([`crate::api::live`]) announces changes.
//!
//! The facts are prepared for the dashboard ([`Prepared`]) once, when they arrive; every
//! filter change then recomputes from the prepared form only. Live changes can edit existing
//! tickets (a resolution, a transfer), so they reload the period and prepare it again rather
//! than append.

use crate::api::live::{use_live, LiveStatus};
use crate::api::{self, ApiError};
use crate::state::AppState;
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;
use spotdesk_api::{Incident, Rating, RatingSummary, Spot};
use spotdesk_core::dashboard::{
    Assigned, IncidentFact, Prepared, RatingFact, RatingSubject, SpotFact,
};
use std::collections::HashMap;
use std::sync::Arc;

/// Wait after a change before reloading, so a burst of new tickets costs one reload.
const DEBOUNCE_MS: u32 = 2_000;
/// Most incidents and spots read (the API's maximum page); the period is applied in the core.
const CONTEXT_LIMIT: u32 = 1_000;

/// The loaded inputs and the loading state.
#[derive(Clone, Copy)]
pub struct Data {
    /// The ticket facts of the period, prepared for the dashboard.
    pub facts: RwSignal<Option<Arc<Prepared>>>,
    /// The assigned tickets of the period, for SLA per person.
    pub assigned: RwSignal<Arc<Assigned>>,
    pub incidents: RwSignal<Arc<Vec<IncidentFact>>>,
    /// Incident titles by id, for the incident table.
    pub incident_titles: RwSignal<Arc<HashMap<u32, String>>>,
    pub spots: RwSignal<Arc<Vec<SpotFact>>>,
    /// Fix ratings given in the period; `None` when they could not be read (then the
    /// tickets' own ratings are used).
    pub ratings: RwSignal<Option<Arc<Vec<RatingFact>>>>,
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
        id: u32::try_from(s.id.0).unwrap_or(0),
        registered: s.registered_at.timestamp(),
        resolved: s.resolved_at.map(|t| t.timestamp()),
    }
}

/// What a rating is about, for the filters: the rated customer's ticket when the server
/// names it, else the fixed incident or spot (a public subscriber's rating).
fn rating_subject(r: &Rating) -> RatingSubject {
    match (&r.service_code, &r.group, r.line) {
        (Some(service), Some(group), Some(line)) => RatingSubject::Ticket {
            service: service.clone(),
            group: group.clone(),
            line,
        },
        _ => match (r.source.as_str(), u32::try_from(r.source_id)) {
            ("incident", Ok(id)) => RatingSubject::Incident(id),
            ("spot", Ok(id)) => RatingSubject::Spot(id),
            _ => RatingSubject::Unknown,
        },
    }
}

/// The dated ratings of a summary (scores outside 1..=5 are dropped by the core).
fn rating_facts(r: &RatingSummary) -> Vec<RatingFact> {
    r.recent
        .iter()
        .map(|r| RatingFact {
            at: r.rated_at.timestamp(),
            stars: u8::try_from(r.score).unwrap_or(0),
            subject: rating_subject(r),
        })
        .collect()
}

impl Data {
    /// Empty state; call [`Data::load`] to fill it.
    pub fn new() -> Self {
        Self {
            facts: RwSignal::new(None),
            assigned: RwSignal::new(Arc::new(Assigned::default())),
            incidents: RwSignal::new(Arc::new(Vec::new())),
            incident_titles: RwSignal::new(Arc::new(HashMap::new())),
            spots: RwSignal::new(Arc::new(Vec::new())),
            ratings: RwSignal::new(None),
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
                .call(
                    |c| async move { api::facts::fetch_with_assignees(&c, at(from), at(to)).await },
                )
                .await;
            // Incidents and spots are optional context: without them those figures are empty.
            let incidents = app
                .call(|c| async move { api::incidents::list_up_to(&c, CONTEXT_LIMIT).await })
                .await
                .unwrap_or_default();
            let spots = app
                .call(|c| async move { api::spots::list_up_to(&c, CONTEXT_LIMIT).await })
                .await
                .unwrap_or_default();
            let ratings = match (at(from), at(to)) {
                (Some(f), Some(t)) => app
                    .call(|c| async move { api::public::ratings(&c, f, t).await })
                    .await
                    .ok(),
                _ => None,
            };
            if self.generation.try_get_value() != Some(gen) {
                return;
            }
            match facts {
                Ok(f) => {
                    self.incidents
                        .set(Arc::new(incidents.iter().map(incident_fact).collect()));
                    self.incident_titles.set(Arc::new(
                        incidents
                            .iter()
                            .map(|i| (incident_fact(i).id, i.title.clone()))
                            .collect(),
                    ));
                    self.spots
                        .set(Arc::new(spots.iter().map(spot_fact).collect()));
                    self.ratings
                        .set(ratings.as_ref().map(|r| Arc::new(rating_facts(r))));
                    self.as_of.set(chrono::Utc::now().timestamp());
                    self.assigned.set(Arc::new(Assigned::new(&f)));
                    self.facts.set(Some(Arc::new(Prepared::new(&f))));
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

    /// Follows the shared live feed while the page is open: every change (a new or edited
    /// ticket, incident or spot, and a customer's new rating, announced as a change of what
    /// was fixed), every poll while the stream is down and every reconnect reloads the
    /// current period (debounced), ratings included.
    pub fn follow_changes(self, app: AppState) {
        let live = use_live(app);
        Effect::new(move |prev: Option<u64>| {
            let v = live.version.get();
            self.live.set(live.status.get() == LiveStatus::Live);
            // The first run is the page's own load, not a change.
            if prev.is_some_and(|p| p != v) {
                self.reload_soon(app);
            }
            v
        });
    }
}
