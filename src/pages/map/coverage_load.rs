//! The coverage of the visible part of the map: the layer list (`GET /coverage`), and the
//! chosen layer asked for the view (`GET /coverage/{layer}?bbox=&zoom=`, simplified by the
//! server) again after the map stops moving (debounced), only when the view leaves the box
//! asked for last or the zoom changes. The previous drawing stays until the new answer is in;
//! an answer that arrives after a newer request was sent is dropped.

use crate::api::{self, ApiError};
use crate::components::map::MapView;
use crate::state::AppState;
use leptos::prelude::*;
use leptos::task::spawn_local;
use spotdesk_api::{CoverageCollection, CoverageLayers};
use std::sync::Arc;
use std::time::Duration;

/// Wait after the last move or zoom before asking.
const DEBOUNCE: Duration = Duration::from_millis(250);
/// The box asked for is the view widened by this share of its size on every side, so small
/// pans need no new request.
const PAD: f64 = 0.5;

/// One request: a layer, a box and a whole zoom level.
#[derive(Debug, Clone, PartialEq)]
pub struct CoverageRequest {
    pub layer: String,
    /// `[west, south, east, north]`, inside Web Mercator's bounds.
    pub bbox: [f64; 4],
    pub zoom: f64,
}

/// What to ask for `view` of `layer`, or `None` when `last` still covers it (same layer and
/// zoom level, the view inside its box).
pub fn plan(layer: &str, view: MapView, last: Option<&CoverageRequest>) -> Option<CoverageRequest> {
    // A map not laid out yet may report no usable box: nothing to ask for then (and the
    // `clamp`s below, which panic on a NaN bound, never see one).
    if !(view.zoom.is_finite() && view.bbox.iter().all(|v| v.is_finite())) {
        return None;
    }
    let zoom = view.zoom.floor().clamp(0.0, 24.0);
    let [w, s, e, n] = view.bbox;
    if let Some(l) = last {
        let [lw, ls, le, ln] = l.bbox;
        if l.layer == layer && l.zoom == zoom && w >= lw && s >= ls && e <= le && n <= ln {
            return None;
        }
    }
    let (dx, dy) = ((e - w).abs() * PAD, (n - s).abs() * PAD);
    let west = (w - dx).clamp(-180.0, 179.9);
    let east = (e + dx).clamp(west + 0.0001, 180.0);
    let south = (s - dy).clamp(-85.0, 84.9);
    let north = (n + dy).clamp(south + 0.0001, 85.0);
    Some(CoverageRequest {
        layer: layer.to_owned(),
        bbox: [west, south, east, north],
        zoom,
    })
}

/// The coverage state of the map page; `Copy`.
#[derive(Clone, Copy)]
pub struct CoverageLoad {
    /// The layers there are.
    pub layers: LocalResource<Result<CoverageLayers, ApiError>>,
    /// The last answer for the view (kept while a newer one loads).
    pub drawn: RwSignal<Option<Arc<CoverageCollection>>>,
    /// A request is on its way.
    pub loading: RwSignal<bool>,
    /// Why the last request failed.
    pub error: RwSignal<Option<ApiError>>,
    /// Bumped by "Try again": asks again even for the same view.
    retry: RwSignal<u32>,
}

impl CoverageLoad {
    /// Starts following `layer` and `view` (while `on` is true).
    pub fn new(
        app: AppState,
        layer: Signal<String>,
        view: RwSignal<Option<MapView>>,
        on: Signal<bool>,
    ) -> Self {
        let layers = LocalResource::new(move || {
            app.call(|c| async move { api::coverage::layers(&c).await })
        });
        let drawn = RwSignal::new(None::<Arc<CoverageCollection>>);
        let loading = RwSignal::new(false);
        let error = RwSignal::new(None::<ApiError>);
        let retry = RwSignal::new(0u32);
        let last: StoredValue<Option<CoverageRequest>> = StoredValue::new(None);
        let generation = StoredValue::new(0u64);
        let timer: StoredValue<Option<TimeoutHandle>> = StoredValue::new(None);

        Effect::new(move |prev: Option<u32>| {
            let layer = layer.get();
            let tries = retry.get();
            if prev.is_some_and(|p| p != tries) {
                last.set_value(None);
            }
            let (Some(v), true) = (view.get(), on.get()) else {
                return tries;
            };
            let Some(req) = last.with_value(|l| plan(&layer, v, l.as_ref())) else {
                return tries;
            };
            if last.with_value(|l| l.as_ref().is_some_and(|l| l.layer != req.layer)) {
                // Another layer: the old drawing is not this one's.
                drawn.set(None);
            }
            last.set_value(Some(req.clone()));
            if let Some(t) = timer.get_value() {
                t.clear();
            }
            // The page may be gone when the timer fires or the answer arrives: every access
            // below is a `try_` one, which does nothing then.
            let handle = set_timeout_with_handle(
                move || {
                    let Some(mine) = generation.try_update_value(|g| {
                        *g += 1;
                        *g
                    }) else {
                        return;
                    };
                    loading.try_set(true);
                    spawn_local(async move {
                        let CoverageRequest { layer, bbox, zoom } = req;
                        let r = app
                            .call(move |c| async move {
                                api::coverage::for_view(&c, &layer, bbox, zoom).await
                            })
                            .await;
                        if generation.try_get_value() != Some(mine) {
                            return;
                        }
                        match r {
                            Ok(c) => {
                                drawn.try_set(Some(Arc::new(c)));
                                error.try_set(None);
                            }
                            Err(e) => {
                                // Ask again on the next move.
                                last.try_set_value(None);
                                error.try_set(Some(e));
                            }
                        }
                        loading.try_set(false);
                    });
                },
                DEBOUNCE,
            )
            .ok();
            timer.set_value(handle);
            tries
        });
        on_cleanup(move || {
            if let Some(Some(t)) = timer.try_get_value() {
                t.clear();
            }
        });
        Self {
            layers,
            drawn,
            loading,
            error,
            retry,
        }
    }

    /// Asks again for the current view.
    pub fn reload(&self) {
        self.retry.update(|n| *n += 1);
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn view(bbox: [f64; 4], zoom: f64) -> MapView {
        MapView { bbox, zoom }
    }

    #[test]
    fn the_first_view_is_asked_for_widened_at_a_whole_zoom() {
        let r = plan("4g", view([44.0, 56.0, 44.2, 56.1], 11.6), None).unwrap();
        assert_eq!(r.layer, "4g");
        assert_eq!(r.zoom, 11.0);
        let [w, s, e, n] = r.bbox;
        assert!((w - 43.9).abs() < 1e-9 && (e - 44.3).abs() < 1e-9);
        assert!((s - 55.95).abs() < 1e-9 && (n - 56.15).abs() < 1e-9);
    }

    #[test]
    fn small_pans_inside_the_box_asked_for_ask_nothing() {
        let first = plan("4g", view([44.0, 56.0, 44.2, 56.1], 11.0), None).unwrap();
        assert_eq!(
            plan("4g", view([44.05, 56.02, 44.25, 56.12], 11.2), Some(&first)),
            None
        );
        // Leaving the box, zooming or switching layers asks again.
        assert!(plan("4g", view([44.3, 56.0, 44.5, 56.1], 11.0), Some(&first)).is_some());
        assert!(plan("4g", view([44.0, 56.0, 44.2, 56.1], 12.0), Some(&first)).is_some());
        assert!(plan("fixed", view([44.0, 56.0, 44.2, 56.1], 11.0), Some(&first)).is_some());
    }

    #[test]
    fn a_map_without_a_usable_box_asks_nothing() {
        assert_eq!(
            plan("4g", view([f64::NAN, 56.0, 44.2, 56.1], 11.0), None),
            None
        );
        assert_eq!(
            plan("4g", view([44.0, 56.0, 44.2, 56.1], f64::NAN), None),
            None
        );
        // A box shrunk to a point still asks for a valid one.
        let r = plan("4g", view([44.0, 56.0, 44.0, 56.0], 11.0), None).unwrap();
        assert!(r.bbox[0] < r.bbox[2] && r.bbox[1] < r.bbox[3]);
    }

    #[test]
    fn a_world_view_stays_inside_the_projection() {
        let r = plan("4g", view([-400.0, -89.0, 400.0, 89.0], -1.0), None).unwrap();
        assert_eq!(r.bbox, [-180.0, -85.0, 180.0, 85.0]);
        assert_eq!(r.zoom, 0.0);
    }
}
