//! `/map`: coverage by technology, complaint heat and clusters, registered spots and spot
//! candidates detected in the browser, with an accessible list beside the map. Filters
//! (period, topic, technology, status) live in the URL.
//!
//! The page's parts: [`data`] loads and analyses, [`coverage_load`] loads the coverage of the
//! visible box, [`filter_bar`] and [`layer_switches`] sit above the map, [`load_summary`] says how far loading got, [`map_area`] draws the map
//! with the selected spot's card ([`selected_spot`]) and [`side_panel`] lists spots and
//! candidates beside it.

mod analysis;
mod candidates;
mod coverage_load;
mod data;
mod filter_bar;
mod filters;
mod heat;
mod layer_switches;
mod layers;
mod load_summary;
mod map_area;
mod selected_spot;
mod side_panel;
mod spot_table;
mod spot_work;

use crate::components::map::MapView;
use crate::i18n::Msg;
use crate::state::use_app;
use coverage_load::CoverageLoad;
use data::MapData;
use filter_bar::FilterBar;
use filters::MapFilters;
use layer_switches::{LayerSwitches, Layers};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use load_summary::LoadSummary;
use map_area::MapArea;
use side_panel::SidePanel;

/// The map page.
#[component]
pub fn MapPage() -> impl IntoView {
    let app = use_app();
    let query = use_query_map();
    let navigate = use_navigate();
    let filters = Memo::new(move |_| query.with(|q| MapFilters::from_query(|k| q.get(k))));
    let on_filters = Callback::new(move |f: MapFilters| {
        navigate(
            &format!("/map{}", f.to_query()),
            NavigateOptions {
                replace: true,
                scroll: false,
                ..Default::default()
            },
        )
    });
    let layers = Layers::all_on();
    // The key of the selected spot (`spot-<id>`) or candidate (`cand-<key>`); `?spot=<id>`
    // (a link from the search results) opens with that spot selected.
    let selected = RwSignal::new(
        query
            .with_untracked(|q| q.get("spot"))
            .and_then(|s| s.parse::<i64>().ok())
            .map(layers::spot_key),
    );
    let data = MapData::new(app, filters);
    let view_box = RwSignal::new(None::<MapView>);
    let coverage = CoverageLoad::new(
        app,
        Signal::derive(move || filters.with(MapFilters::coverage_layer)),
        view_box,
        layers.coverage.into(),
    );
    let coverage_extent = Signal::derive(move || {
        let name = filters.with(MapFilters::coverage_layer);
        // `None` while the list loads, so the first fit takes the layer in as it used to.
        match coverage.layers.get()? {
            Ok(l) => Some(
                l.layers
                    .into_iter()
                    .find(|l| l.name == name)
                    .and_then(|l| l.bbox),
            ),
            Err(_) => Some(None),
        }
    });

    view! {
        <section class="page map-page">
            <h1>{move || app.t(Msg::MapTitle)}</h1>
            <FilterBar filters=filters catalogue=data.catalogue on_change=on_filters/>
            // The layer switches and load summary sit beside the map, not above it: on a
            // 1024x768 tablet the map then starts right under the filters.
            <div class="map-layout">
                <MapArea data=data coverage=coverage layers=layers selected=selected view_box=view_box coverage_extent=coverage_extent/>
                <div class="map-aside">
                    <LayerSwitches layers=layers coverage=coverage filters=filters on_change=on_filters/>
                    <LoadSummary data=data coverage=coverage/>
                    <SidePanel data=data filters=filters selected=selected/>
                </div>
            </div>
        </section>
    }
}
