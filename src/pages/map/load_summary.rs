//! How far loading got, above the map: the number of complaints shown once they are
//! analysed, or why the complaints or the coverage could not be loaded, with a retry.

use super::data::MapData;
use crate::components::{ErrorBanner, Spinner};
use crate::i18n::MapMsg;
use crate::state::use_app;
use leptos::prelude::*;

/// The complaint count (or its loading state) and the coverage's error, if any.
#[component]
pub fn LoadSummary(data: MapData) -> impl IntoView {
    let app = use_app();
    let MapData {
        facts,
        analysis,
        coverage,
        ..
    } = data;
    view! {
        <p class="map-summary" role="status" data-testid="map-summary">
            {move || match (facts.get(), analysis.get()) {
                (None, _) | (Some(Ok(_)), None) => view! { <Spinner/> " " {app.t(MapMsg::LoadingComplaints)} }.into_any(),
                (Some(Err(e)), _) => view! { <ErrorBanner error=e on_retry=Callback::new(move |_| facts.refetch())/> }.into_any(),
                (Some(Ok(_)), Some(a)) => view! {
                    {app.t(MapMsg::ComplaintsShown)} ": " <strong data-testid="complaint-count">{a.shown.1 - a.shown.0}</strong>
                }.into_any(),
            }}
        </p>
        {move || match coverage.get() {
            Some(Err(e)) => view! { <ErrorBanner error=e on_retry=Callback::new(move |_| coverage.refetch())/> }.into_any(),
            _ => ().into_any(),
        }}
    }
}
