//! `/map`: coverage by technology, complaint heat and clusters, registered spots and spot
//! candidates detected in the browser, with an accessible list beside the map. Filters
//! (period, topic, technology, status) live in the URL.

mod analysis;
mod candidates;
mod filters;
mod heat;
mod layers;
mod spot_table;
mod spot_work;

use crate::api;
use crate::components::map::{LeafletMap, MapView, Overlay};
use crate::components::{ErrorBanner, Skeleton, Spinner};
use crate::i18n::{spot_status_msg, MapMsg, Msg};
use crate::state::use_app;
use analysis::{analyse, history_days, unregistered, Analysis};
use candidates::CandidateList;
use chrono::{Duration, Utc};
use filters::{status_code, MapFilters, PERIODS};
use layers::{
    candidate_shapes, cluster_shapes, coverage_shapes, quality_color, spot_key, spot_shapes,
};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use spot_table::{filter_spots, SpotTable};
use spot_work::SpotWork;
use spotdesk_api::{Spot, SpotStatus, Technology};
use spotdesk_core::spots::SpotParams;
use std::sync::Arc;

/// Label of a period.
fn period_msg(days: u32) -> MapMsg {
    match days {
        1 => MapMsg::Day1,
        3 => MapMsg::Days3,
        30 => MapMsg::Days30,
        _ => MapMsg::Days7,
    }
}

/// Which layers are on.
#[derive(Debug, Clone, Copy)]
struct Layers {
    coverage: RwSignal<bool>,
    heat: RwSignal<bool>,
    clusters: RwSignal<bool>,
    spots: RwSignal<bool>,
    candidates: RwSignal<bool>,
}

/// The map page.
#[component]
pub fn MapPage() -> impl IntoView {
    let app = use_app();
    let query = use_query_map();
    let navigate = use_navigate();
    let filters = Memo::new(move |_| query.with(|q| MapFilters::from_query(|k| q.get(k))));
    let set_filters = move |f: MapFilters| {
        navigate(
            &format!("/map{}", f.to_query()),
            NavigateOptions {
                replace: true,
                scroll: false,
                ..Default::default()
            },
        )
    };
    let layers = Layers {
        coverage: RwSignal::new(true),
        heat: RwSignal::new(true),
        clusters: RwSignal::new(true),
        spots: RwSignal::new(true),
        candidates: RwSignal::new(true),
    };
    let selected = RwSignal::new(None::<String>);
    let view_box = RwSignal::new(None::<MapView>);
    let conflict = RwSignal::new(false);
    let saved = RwSignal::new(false);
    // A message about one spot never lingers on another.
    Effect::new(move |_| {
        selected.track();
        conflict.set(false);
        saved.set(false);
    });

    let catalogue = app.catalogue_resource();
    let coverage = LocalResource::new(move || {
        let t = filters.with(|f| f.tech).unwrap_or(Technology::G4);
        app.call(move |c| async move { api::coverage::get(&c, t).await })
    });
    let spots = app.spots_resource();
    let facts = LocalResource::new(move || {
        let days = i64::from(filters.with(|f| f.days)).max(history_days(&SpotParams::default()));
        let from = Utc::now() - Duration::days(days);
        app.call(move |c| async move { api::facts::fetch(&c, Some(from), None).await })
    });

    // Clustering and detection run once per load or topic/period change, not per redraw.
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

    let shapes = Signal::derive(move || {
        let lang = app.lang.get();
        let sel = selected.get();
        let mut v = Vec::new();
        if layers.coverage.get() {
            if let Some(Ok(c)) = coverage.get() {
                v.extend(coverage_shapes(&c));
            }
        }
        if layers.clusters.get() {
            if let (Some(view), Some(a)) = (view_box.get(), analysis.get()) {
                v.extend(cluster_shapes(lang, &a.index, view));
            }
        }
        if layers.spots.get() {
            v.extend(spot_shapes(lang, &spot_list.get(), sel.as_deref()));
        }
        if layers.candidates.get() {
            let c = fresh.get();
            v.extend(candidate_shapes(
                lang,
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
        let (view, a) = (view_box.get()?, analysis.get()?);
        heat::heat_overlay(&a.set, a.shown, view)
    });
    let on_select = Callback::new(move |key: String| {
        if key.starts_with("spot-") || key.starts_with("cand-") {
            selected.set(Some(key));
        }
    });
    let on_registered = Callback::new(move |s: Spot| {
        selected.set(Some(spot_key(s.id.0)));
        spots.refetch();
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
    let (tile_url, tile_attribution) = app.config.with_untracked(|c| {
        c.as_ref()
            .map(|c| (c.tile_url.clone(), c.tile_attribution.clone()))
            .unwrap_or_default()
    });
    let topics = move || match catalogue.get() {
        Some(Ok(cat)) => {
            let mut t: Vec<(String, spotdesk_api::LocalizedText)> = cat
                .services
                .iter()
                .filter(|s| s.network_quality)
                .flat_map(|s| s.topics.iter().map(|o| (o.value.clone(), o.label.clone())))
                .collect();
            spotdesk_core::sort::sort_by(&mut t, |a, b| a.0.cmp(&b.0));
            t.dedup_by(|a, b| a.0 == b.0);
            t
        }
        _ => vec![],
    };
    let set_f = set_filters.clone();
    let update = move |change: &dyn Fn(&mut MapFilters)| {
        let mut f = filters.get_untracked();
        change(&mut f);
        set_f(f);
    };
    let update = StoredValue::new_local(update);

    view! {
        <section class="page map-page">
            <h1>{move || app.t(Msg::MapTitle)}</h1>
            <form class="toolbar map-filters" role="search" aria-label=move || app.t(MapMsg::Filters) on:submit=|ev| ev.prevent_default()>
                <label for="map-days">{move || app.t(MapMsg::Period)}</label>
                <select id="map-days" data-testid="map-days"
                    on:change=move |ev| { let d = event_target_value(&ev).parse().unwrap_or(7); update.with_value(|u| u(&|f| f.days = d)); }>
                    {PERIODS.into_iter().map(|d| view! {
                        <option value=d.to_string() prop:selected=move || filters.with(|f| f.days == d)>{move || app.t(period_msg(d))}</option>
                    }).collect_view()}
                </select>
                <label for="map-topic">{move || app.t(MapMsg::Topic)}</label>
                <select id="map-topic" data-testid="map-topic"
                    on:change=move |ev| { let v = event_target_value(&ev); update.with_value(|u| u(&|f| f.topic = Some(v.clone()).filter(|t| !t.is_empty()))); }>
                    <option value="" prop:selected=move || filters.with(|f| f.topic.is_none())>{move || app.t(MapMsg::AllTopics)}</option>
                    {move || topics().into_iter().map(|(code, label)| {
                        let c2 = code.clone();
                        view! { <option value=code prop:selected=move || filters.with(|f| f.topic.as_deref() == Some(c2.as_str()))>{move || label.get(app.lang.get().code()).to_owned()}</option> }
                    }).collect_view()}
                </select>
                <label for="map-tech">{move || app.t(Msg::Technology)}</label>
                <select id="map-tech" name="technology" data-testid="map-tech"
                    on:change=move |ev| { let t = Technology::parse(&event_target_value(&ev)); update.with_value(|u| u(&|f| f.tech = t)); }>
                    <option value="" prop:selected=move || filters.with(|f| f.tech.is_none())>{move || app.t(MapMsg::AllTech)}</option>
                    {Technology::ALL.into_iter().map(|t| view! {
                        <option value=t.as_str() prop:selected=move || filters.with(|f| f.tech == Some(t))>{t.as_str().to_uppercase()}</option>
                    }).collect_view()}
                </select>
                <label for="map-status">{move || app.t(MapMsg::Status)}</label>
                <select id="map-status" data-testid="map-status"
                    on:change=move |ev| { let s = filters::parse_status(&event_target_value(&ev)); update.with_value(|u| u(&|f| f.status = s)); }>
                    <option value="" prop:selected=move || filters.with(|f| f.status.is_none())>{move || app.t(MapMsg::AllStatuses)}</option>
                    {[SpotStatus::Registered, SpotStatus::InWork, SpotStatus::Resolved].into_iter().map(|s| view! {
                        <option value=status_code(s) prop:selected=move || filters.with(|f| f.status == Some(s))>{move || app.t(spot_status_msg(s))}</option>
                    }).collect_view()}
                </select>
            </form>
            <fieldset class="toolbar map-layers">
                <legend>{move || app.t(MapMsg::Layers)}</legend>
                <LayerToggle id="layer-coverage" on=layers.coverage label=MapMsg::LayerCoverage/>
                <LayerToggle id="layer-heat" on=layers.heat label=MapMsg::LayerHeat/>
                <LayerToggle id="layer-clusters" on=layers.clusters label=MapMsg::LayerClusters/>
                <LayerToggle id="layer-spots" on=layers.spots label=MapMsg::LayerSpots/>
                <LayerToggle id="layer-candidates" on=layers.candidates label=MapMsg::LayerCandidates/>
                <Legend/>
            </fieldset>
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
            <div class="map-layout">
                <div class="map-main">
                    <LeafletMap shapes=shapes focus=selected tile_url=tile_url tile_attribution=tile_attribution
                        label=Signal::derive(move || app.t(Msg::MapRegion))
                        on_view=Callback::new(move |v| if view_box.get_untracked() != Some(v) { view_box.set(Some(v)) })
                        on_select=on_select overlay=overlay/>
                    {move || selected_spot().map(|s| {
                        let groups = match catalogue.get() { Some(Ok(c)) => c.groups.clone(), _ => vec![] };
                        view! { <SpotWork spot=s groups=groups conflict=conflict saved=saved on_changed=on_changed
                            on_close=Callback::new(move |_| selected.set(None))/> }
                    })}
                </div>
                <aside class="map-side">
                    {move || match spots.get() {
                        None => view! { <Skeleton/> }.into_any(),
                        Some(Err(e)) => view! { <ErrorBanner error=e on_retry=Callback::new(move |_| spots.refetch())/> }.into_any(),
                        Some(Ok(_)) => view! { <SpotTable spots=spot_list selected=selected/> }.into_any(),
                    }}
                    <CandidateList candidates=fresh selected=selected
                        technology=Signal::derive(move || filters.with(|f| f.tech.map(Technology::as_str)))
                        on_registered=on_registered/>
                </aside>
            </div>
        </section>
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
