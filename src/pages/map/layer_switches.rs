//! The layer switches beside the filters (coverage and which of its layers, heat, clusters,
//! spots, candidates) and the colour legend of coverage quality.

use super::coverage_load::CoverageLoad;
use super::filters::MapFilters;
use super::layers::quality_color;
use crate::i18n::{MapMsg, Msg};
use crate::state::use_app;
use leptos::prelude::*;
use spotdesk_api::layer_name;

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

/// The switches and the legend; choosing a coverage layer goes through `on_change` (the URL).
#[component]
pub fn LayerSwitches(
    layers: Layers,
    coverage: CoverageLoad,
    filters: Memo<MapFilters>,
    on_change: Callback<MapFilters>,
) -> impl IntoView {
    let app = use_app();
    view! {
        <fieldset class="toolbar map-layers">
            <legend>{move || app.t(MapMsg::Layers)}</legend>
            <LayerToggle id="layer-coverage" on=layers.coverage label=MapMsg::LayerCoverage/>
            <CoverageLayerSelect coverage=coverage filters=filters on_change=on_change/>
            <LayerToggle id="layer-heat" on=layers.heat label=MapMsg::LayerHeat/>
            <LayerToggle id="layer-clusters" on=layers.clusters label=MapMsg::LayerClusters/>
            <LayerToggle id="layer-spots" on=layers.spots label=MapMsg::LayerSpots/>
            <LayerToggle id="layer-candidates" on=layers.candidates label=MapMsg::LayerCandidates/>
            <Legend/>
        </fieldset>
    }
}

/// The names of the layers offered: the list's, and the chosen one if the list lacks it.
fn layer_names(listed: &[String], chosen: &str) -> Vec<String> {
    let mut names = listed.to_vec();
    if !names.iter().any(|n| n == chosen) {
        names.insert(0, chosen.to_owned());
    }
    names
}

/// How a layer is named in the list: standard technologies upper-case (`4G`), the
/// operator's own as imported (text, never markup).
fn layer_label(name: &str) -> String {
    if spotdesk_api::Technology::parse(name).is_some() {
        name.to_uppercase()
    } else {
        name.to_owned()
    }
}

/// The coverage layer to draw: the standard technologies and every imported layer.
#[component]
fn CoverageLayerSelect(
    coverage: CoverageLoad,
    filters: Memo<MapFilters>,
    on_change: Callback<MapFilters>,
) -> impl IntoView {
    let app = use_app();
    let chosen = Memo::new(move |_| filters.with(MapFilters::coverage_layer));
    let names = move || {
        let listed: Vec<String> = match coverage.layers.get() {
            Some(Ok(l)) => l.layers.into_iter().map(|l| l.name).collect(),
            _ => vec![],
        };
        layer_names(&listed, &chosen.get())
    };
    view! {
        <label for="map-coverage-layer">{move || app.t(MapMsg::CoverageLayer)}</label>
        <select id="map-coverage-layer" data-testid="map-coverage-layer"
            on:change=move |ev| {
                let mut f = filters.get_untracked();
                f.layer = layer_name(&event_target_value(&ev));
                on_change.run(f);
            }>
            {move || names().into_iter().map(|n| {
                let label = layer_label(&n);
                let n2 = n.clone();
                view! { <option value=n prop:selected=move || chosen.with(|c| *c == n2)>{label}</option> }
            }).collect_view()}
        </select>
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chosen_layer_is_offered_even_before_the_list_knows_it() {
        let listed = vec!["2g".to_owned(), "fixed".to_owned()];
        assert_eq!(layer_names(&listed, "fixed"), listed);
        assert_eq!(layer_names(&listed, "4g"), ["4g", "2g", "fixed"]);
        assert_eq!(layer_label("4g"), "4G");
        assert_eq!(layer_label("fixed"), "fixed");
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
