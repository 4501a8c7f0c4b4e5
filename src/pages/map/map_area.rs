//! The map itself: the switched-on layers drawn for the visible box (the coverage on one
//! canvas below the rest), the complaint heat as an image over it, and below it the card of
//! the selected spot.

use super::coverage_load::CoverageLoad;
use super::data::MapData;
use super::heat::heat_overlay;
use super::layer_switches::Layers;
use super::layers::{candidate_shapes, cluster_shapes, coverage_areas, spot_shapes};
use super::selected_spot::SelectedSpotCard;
use crate::components::map::{LeafletMap, MapView, Overlay};
use crate::i18n::Msg;
use crate::state::use_app;
use leptos::prelude::*;
use std::sync::Arc;

/// The map and the selected spot's card. Clicking a spot or a candidate selects it.
/// `view_box` is the visible box, which the map keeps up to date: clusters and heat are
/// computed for it, and coverage is loaded for it.
#[component]
pub fn MapArea(
    data: MapData,
    coverage: CoverageLoad,
    layers: Layers,
    selected: RwSignal<Option<String>>,
    view_box: RwSignal<Option<MapView>>,
    /// Where the chosen coverage layer lies, for the first fit (`None` until known).
    #[prop(into)]
    coverage_extent: Signal<Option<Option<[f64; 4]>>>,
) -> impl IntoView {
    let app = use_app();
    // Its own signal: converted and drawn once per answer, not on every redraw of the shapes.
    let areas = Signal::derive(move || {
        if !layers.coverage.get() {
            return None;
        }
        coverage.drawn.get().map(|c| Arc::new(coverage_areas(&c)))
    });
    let shapes = Signal::derive(move || {
        let lang = app.lang.get();
        let sel = selected.get();
        let cat = match data.catalogue.get() {
            Some(Ok(c)) => Some(c),
            _ => None,
        };
        let mut v = Vec::new();
        if layers.clusters.get() {
            if let (Some(view), Some(a)) = (view_box.get(), data.analysis.get()) {
                v.extend(cluster_shapes(lang, &a.index, view));
            }
        }
        if layers.spots.get() {
            v.extend(spot_shapes(
                lang,
                cat.as_ref(),
                &data.spot_list.get(),
                sel.as_deref(),
            ));
        }
        if layers.candidates.get() {
            let c = data.fresh.get();
            v.extend(candidate_shapes(
                lang,
                cat.as_ref(),
                &c.iter().collect::<Vec<_>>(),
                sel.as_deref(),
            ));
        }
        v
    });
    let overlay = Signal::derive(move || -> Option<Overlay> {
        if !layers.heat.get() {
            return None;
        }
        let (view, a) = (view_box.get()?, data.analysis.get()?);
        heat_overlay(&a.set, a.shown, view)
    });
    let on_select = Callback::new(move |key: String| {
        if key.starts_with("spot-") || key.starts_with("cand-") {
            selected.set(Some(key));
        }
    });
    let (tile_url, tile_attribution) = app.config.with_untracked(|c| {
        c.as_ref()
            .map(|c| (c.tile_url.clone(), c.tile_attribution.clone()))
            .unwrap_or_default()
    });

    view! {
        <div class="map-main">
            <LeafletMap shapes=shapes focus=selected tile_url=tile_url tile_attribution=tile_attribution
                label=Signal::derive(move || app.t(Msg::MapRegion))
                on_view=Callback::new(move |v| if view_box.get_untracked() != Some(v) { view_box.set(Some(v)) })
                on_select=on_select overlay=overlay areas=areas fit_hint=coverage_extent/>
            <SelectedSpotCard data=data selected=selected/>
        </div>
    }
}
