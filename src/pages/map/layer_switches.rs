//! The layer switches beside the filters (coverage, heat, clusters, spots, candidates) and
//! the colour legend of coverage quality.

use super::layers::quality_color;
use crate::i18n::{MapMsg, Msg};
use crate::state::use_app;
use leptos::prelude::*;

/// Which layers are on.
#[derive(Debug, Clone, Copy)]
pub struct Layers {
    pub coverage: RwSignal<bool>,
    pub heat: RwSignal<bool>,
    pub clusters: RwSignal<bool>,
    pub spots: RwSignal<bool>,
    pub candidates: RwSignal<bool>,
}

impl Layers {
    /// Every layer on, as the page opens.
    pub fn all_on() -> Self {
        Self {
            coverage: RwSignal::new(true),
            heat: RwSignal::new(true),
            clusters: RwSignal::new(true),
            spots: RwSignal::new(true),
            candidates: RwSignal::new(true),
        }
    }
}

/// The switches and the legend.
#[component]
pub fn LayerSwitches(layers: Layers) -> impl IntoView {
    let app = use_app();
    view! {
        <fieldset class="toolbar map-layers">
            <legend>{move || app.t(MapMsg::Layers)}</legend>
            <LayerToggle id="layer-coverage" on=layers.coverage label=MapMsg::LayerCoverage/>
            <LayerToggle id="layer-heat" on=layers.heat label=MapMsg::LayerHeat/>
            <LayerToggle id="layer-clusters" on=layers.clusters label=MapMsg::LayerClusters/>
            <LayerToggle id="layer-spots" on=layers.spots label=MapMsg::LayerSpots/>
            <LayerToggle id="layer-candidates" on=layers.candidates label=MapMsg::LayerCandidates/>
            <Legend/>
        </fieldset>
    }
}

/// One layer switch.
#[component]
fn LayerToggle(id: &'static str, on: RwSignal<bool>, label: MapMsg) -> impl IntoView {
    let app = use_app();
    view! {
        <label class="toggle" for=id>
            <input type="checkbox" id=id data-testid=id prop:checked=move || on.get()
                on:change=move |ev| on.set(event_target_checked(&ev))/>
            {move || app.t(label)}
        </label>
    }
}

/// Colour legend of coverage quality.
#[component]
fn Legend() -> impl IntoView {
    let app = use_app();
    let items = [
        (1.0, Msg::QualityGood),
        (0.6, Msg::QualityFair),
        (0.3, Msg::QualityPoor),
        (0.0, Msg::QualityNone),
    ];
    view! {
        <div class="legend" role="group" aria-label=move || app.t(Msg::Legend)>
            {items.into_iter().map(|(q, m)| view! {
                <span class="legend-item">
                    <span class="swatch" data-color=quality_color(q) style:background-color=quality_color(q) aria-hidden="true"></span>
                    {move || app.t(m)}
                </span>
            }).collect_view()}
        </div>
    }
}
