//! `/map`: coverage by technology, spots over it, and an accessible list of the spots.

use crate::api;
use crate::components::map::{LeafletMap, Shape};
use crate::components::{ErrorBanner, Skeleton};
use crate::format;
use crate::i18n::{spot_status_msg, Lang, Msg};
use crate::state::use_app;
use leptos::prelude::*;
use spotdesk_api::{CoverageCollection, Spot, SpotStatus, Technology};

/// Fill colour for a coverage quality 0.0..=1.0 (four calm steps, colour-blind safe-ish).
pub fn quality_color(q: f64) -> &'static str {
    if q >= 0.75 {
        "#1a9850"
    } else if q >= 0.5 {
        "#91cf60"
    } else if q >= 0.25 {
        "#fc8d59"
    } else {
        "#d73027"
    }
}

fn coverage_shapes(c: &CoverageCollection) -> Vec<Shape> {
    c.features
        .iter()
        .enumerate()
        .filter_map(|(i, f)| {
            let ring = f.geometry.coordinates.first()?.clone();
            Some(Shape::Area {
                key: format!("cov-{i}"),
                ring,
                color: quality_color(f.properties.quality),
                fill_opacity: 0.35,
                popup: vec![],
            })
        })
        .collect()
}

fn spot_lines(lang: Lang, s: &Spot) -> Vec<String> {
    let t = |m: Msg| crate::i18n::text(lang, m);
    let mut v = vec![
        format!(
            "{} · {}",
            s.topic.clone().unwrap_or_else(|| format!("#{}", s.id)),
            t(spot_status_msg(s.status))
        ),
        format!("{}: {}", t(Msg::Complaints), s.complaints),
        format!("{}: {:.1}", t(Msg::Priority), s.priority),
    ];
    if let Some(c) = &s.cause {
        v.push(format!("{}: {c}", t(Msg::Cause)));
    }
    if let Some(d) = s.expected_fix {
        v.push(format!(
            "{}: {}",
            t(Msg::ExpectedFix),
            format::date(lang, d)
        ));
    }
    v
}

fn spot_shapes(lang: Lang, spots: &[Spot]) -> Vec<Shape> {
    spots
        .iter()
        .flat_map(|s| {
            let color = if s.status == SpotStatus::Resolved {
                "#4d7ea8"
            } else {
                "#6a1b9a"
            };
            let outline = Shape::Area {
                key: format!("spot-area-{}", s.id),
                ring: s.outline.ring.clone(),
                color,
                fill_opacity: 0.15,
                popup: vec![],
            };
            let radius = (6.0 + (s.complaints as f64).sqrt() * 2.0).min(24.0);
            let dot = Shape::Dot {
                key: format!("spot-{}", s.id),
                lat: s.center_lat,
                long: s.center_long,
                radius,
                color,
                popup: spot_lines(lang, s),
            };
            [outline, dot]
        })
        .collect()
}

/// The map page.
#[component]
pub fn MapPage() -> impl IntoView {
    let app = use_app();
    let tech = RwSignal::new(Technology::G4);
    let focus = RwSignal::new(None::<String>);
    let coverage = LocalResource::new(move || {
        let t = tech.get();
        app.call(move |c| async move { api::coverage::get(&c, t).await })
    });
    let spots = LocalResource::new(move || app.call(|c| async move { api::spots::list(&c).await }));

    let shapes = Signal::derive(move || {
        let lang = app.lang.get();
        let mut v = match coverage.get() {
            Some(Ok(c)) => coverage_shapes(&c),
            _ => vec![],
        };
        if let Some(Ok(s)) = spots.get() {
            v.extend(spot_shapes(lang, &s));
        }
        v
    });
    let (tile_url, tile_attribution) = app.config.with_untracked(|c| {
        c.as_ref()
            .map(|c| (c.tile_url.clone(), c.tile_attribution.clone()))
            .unwrap_or_default()
    });

    view! {
        <section class="page map-page">
            <h1>{move || app.t(Msg::MapTitle)}</h1>
            <div class="toolbar">
                <label for="map-tech">{move || app.t(Msg::Technology)}</label>
                <select id="map-tech" name="technology" data-testid="map-tech"
                    on:change=move |ev| if let Some(t) = Technology::parse(&event_target_value(&ev)) { tech.set(t) }>
                    {Technology::ALL.into_iter().map(|t| view! {
                        <option value=t.as_str() prop:selected=move || tech.get() == t>{t.as_str().to_uppercase()}</option>
                    }).collect_view()}
                </select>
                <Legend/>
            </div>
            {move || match coverage.get() {
                Some(Err(e)) => view! { <ErrorBanner error=e on_retry=Callback::new(move |_| coverage.refetch())/> }.into_any(),
                _ => ().into_any(),
            }}
            <div class="map-layout">
                <LeafletMap shapes=shapes focus=focus tile_url=tile_url tile_attribution=tile_attribution
                    label=Signal::derive(move || app.t(Msg::MapRegion))/>
                <aside class="spot-list" aria-labelledby="spots-heading">
                    <h2 id="spots-heading">{move || app.t(Msg::Spots)}</h2>
                    {move || match spots.get() {
                        None => view! { <Skeleton/> }.into_any(),
                        Some(Err(e)) => view! { <ErrorBanner error=e on_retry=Callback::new(move |_| spots.refetch())/> }.into_any(),
                        Some(Ok(list)) if list.is_empty() => view! { <p class="empty">{app.t(Msg::NoSpots)}</p> }.into_any(),
                        Some(Ok(mut list)) => {
                            list.sort_by(|a, b| b.priority.total_cmp(&a.priority));
                            let lang = app.lang.get();
                            view! {
                                <ul class="spot-items" data-testid="spot-list">
                                    {list.into_iter().map(|s| {
                                        let key = format!("spot-{}", s.id);
                                        let lines = spot_lines(lang, &s);
                                        view! {
                                            <li class="spot-item" data-testid="spot-item">
                                                <button type="button" class="btn btn-row" on:click=move |_| focus.set(Some(key.clone()))>
                                                    <span class="spot-title">{lines.first().cloned()}</span>
                                                    <span class="spot-meta">{lines.iter().skip(1).cloned().collect::<Vec<_>>().join(" · ")}</span>
                                                    <span class="visually-hidden">{app.t(Msg::ShowOnMap)}</span>
                                                </button>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }
                    }}
                </aside>
            </div>
        </section>
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
