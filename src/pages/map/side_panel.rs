//! Beside the map: the registered spots as a table and the detected candidates with their
//! Register buttons, so the map is never the only way to reach a spot.

use super::candidates::CandidateList;
use super::data::MapData;
use super::filters::MapFilters;
use super::layers::spot_key;
use super::spot_table::SpotTable;
use crate::components::{ErrorBanner, Skeleton};
use leptos::prelude::*;
use spotdesk_api::{Spot, Technology};

/// The spot table and the candidate list; a newly registered candidate becomes the selection.
#[component]
pub fn SidePanel(
    data: MapData,
    filters: Memo<MapFilters>,
    selected: RwSignal<Option<String>>,
) -> impl IntoView {
    let MapData {
        catalogue,
        spots,
        spot_list,
        fresh,
        ..
    } = data;
    let on_registered = Callback::new(move |s: Spot| {
        selected.set(Some(spot_key(s.id.0)));
        spots.refetch();
    });
    view! {
        <aside class="map-side">
            {move || match spots.get() {
                None => view! { <Skeleton/> }.into_any(),
                Some(Err(e)) => view! { <ErrorBanner error=e on_retry=Callback::new(move |_| spots.refetch())/> }.into_any(),
                Some(Ok(_)) => view! { <SpotTable spots=spot_list selected=selected catalogue=catalogue/> }.into_any(),
            }}
            <CandidateList candidates=fresh selected=selected catalogue=catalogue
                technology=Signal::derive(move || filters.with(|f| f.tech.map(Technology::as_str)))
                on_registered=on_registered/>
        </aside>
    }
}
