//! The work card ([`SpotWork`]) of the registered spot selected on the map or in the table,
//! with its save messages, which never linger when another spot is selected.

use super::data::MapData;
use super::spot_work::SpotWork;
use leptos::prelude::*;
use spotdesk_api::Spot;

/// The card, or nothing when no registered spot is selected.
#[component]
pub fn SelectedSpotCard(data: MapData, selected: RwSignal<Option<String>>) -> impl IntoView {
    let MapData {
        spots, catalogue, ..
    } = data;
    let conflict = RwSignal::new(false);
    let saved = RwSignal::new(false);
    // A message about one spot never lingers on another.
    Effect::new(move |_| {
        selected.track();
        conflict.set(false);
        saved.set(false);
    });
    let on_changed = Callback::new(move |_: Option<Spot>| spots.refetch());
    let selected_spot = move || {
        let key = selected.get()?;
        let id: i64 = key.strip_prefix("spot-")?.parse().ok()?;
        match spots.get() {
            Some(Ok(list)) => list.into_iter().find(|s| s.id.0 == id),
            _ => None,
        }
    };
    move || {
        selected_spot().map(|s| {
            let catalogue = match catalogue.get() {
                Some(Ok(c)) => Some(c),
                _ => None,
            };
            view! { <SpotWork spot=s catalogue=catalogue conflict=conflict saved=saved on_changed=on_changed
                on_close=Callback::new(move |_| selected.set(None))/> }
        })
    }
}
