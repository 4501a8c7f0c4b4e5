//! What the map page loads and derives from it: the catalogue, the registered spots, the
//! complaint facts, and the clustering and spot detection ([`Analysis`]), which run once per
//! load or topic/period change, not per redraw. Coverage follows the view instead
//! ([`super::coverage_load`]).

use super::analysis::{analyse, history_days, unregistered, Analysis};
use super::filters::MapFilters;
use super::spot_table::filter_spots;
use crate::api::{self, ApiError};
use crate::state::AppState;
use chrono::{Duration, Utc};
use leptos::prelude::*;
use spotdesk_api::facts::TicketFacts;
use spotdesk_api::{Catalogue, Spot, Technology};
use spotdesk_core::spots::{SpotCandidate, SpotParams};
use std::sync::Arc;

/// The page's loaded and derived data; `Copy`, so every part of the page can take it.
#[derive(Clone, Copy)]
pub struct MapData {
    pub catalogue: LocalResource<Result<Catalogue, ApiError>>,
    /// All registered spots.
    pub spots: LocalResource<Result<Vec<Spot>, ApiError>>,
    /// Ticket facts of the period, or of the history spot detection needs if that is longer.
    pub facts: LocalResource<Result<TicketFacts, ApiError>>,
    /// Complaints, clusters and candidates; `None` until the facts and the catalogue are in.
    pub analysis: RwSignal<Option<Arc<Analysis>>>,
    /// The registered spots the status and technology filters let through.
    pub spot_list: Signal<Vec<Spot>>,
    /// Detected candidates that are not registered spots yet.
    pub fresh: Signal<Vec<SpotCandidate>>,
}

impl MapData {
    /// Starts the loads; they follow `filters`.
    pub fn new(app: AppState, filters: Memo<MapFilters>) -> Self {
        let catalogue = app.catalogue_resource();
        let spots = app.spots_resource();
        let facts = LocalResource::new(move || {
            // The catalogue's spot window when it is in already (it usually is: the app
            // shares one copy), without waiting for it.
            let params = match catalogue.get_untracked() {
                Some(Ok(cat)) => SpotParams::from_settings(&cat.detection),
                _ => SpotParams::default(),
            };
            let days = i64::from(filters.with(|f| f.days))
                .max(history_days(&params))
                .max(history_days(&SpotParams::default()));
            let from = Utc::now() - Duration::days(days);
            app.call(move |c| async move { api::facts::fetch(&c, Some(from), None).await })
        });

        let analysis = RwSignal::new(None::<Arc<Analysis>>);
        Effect::new(move |_| {
            let f = filters.get();
            let (Some(Ok(facts)), Some(Ok(cat))) = (facts.get(), catalogue.get()) else {
                analysis.set(None);
                return;
            };
            analysis.set(Some(Arc::new(analyse(
                &facts,
                &cat,
                &f,
                Utc::now().timestamp(),
            ))));
        });

        let spot_list = Signal::derive(move || match spots.get() {
            Some(Ok(list)) => {
                let f = filters.get();
                filter_spots(&list, f.status, f.tech.map(Technology::as_str))
            }
            _ => vec![],
        });
        let fresh = Signal::derive(move || {
            let all = match spots.get() {
                Some(Ok(list)) => list,
                _ => return vec![],
            };
            analysis.with(|a| {
                a.as_ref()
                    .map(|a| {
                        unregistered(&a.candidates, &all)
                            .into_iter()
                            .cloned()
                            .collect()
                    })
                    .unwrap_or_default()
            })
        });
        Self {
            catalogue,
            spots,
            facts,
            analysis,
            spot_list,
            fresh,
        }
    }
}
