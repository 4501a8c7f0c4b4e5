//! How far loading got, above the map: the number of complaints shown once they are
//! analysed, the coverage of the view loading or how many of its areas are drawn, or why the
//! complaints or the coverage could not be loaded, with a retry.

use super::coverage_load::CoverageLoad;
use super::data::MapData;
use crate::components::{ErrorBanner, Spinner};
use crate::i18n::MapMsg;
use crate::state::use_app;
use leptos::prelude::*;

/// The complaint count (or its loading state) and the coverage's state or error.
#[component]
pub fn LoadSummary(data: MapData, coverage: CoverageLoad) -> impl IntoView {
    let app = use_app();
    let MapData {
        facts, analysis, ..
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
        <p class="map-summary" role="status" data-testid="coverage-summary" aria-busy=move || coverage.loading.get().to_string()>
            {move || coverage.loading.get().then(|| view! { <Spinner/> " " <span data-testid="coverage-loading">{app.t(MapMsg::LoadingCoverage)}</span> " " })}
            {move || coverage.drawn.get().map(|c| view! {
                {app.t(MapMsg::CoverageAreas)} ": " <strong data-testid="coverage-count">{c.features.len()}</strong>
            })}
        </p>
        {move || coverage.error.get().map(|e| view! { <ErrorBanner error=e on_retry=Callback::new(move |_| coverage.reload())/> })}
    }
}
