//! The filter form above the map: period, topic, technology and spot status. Every change
//! becomes a new URL (see [`MapFilters`]), so a view can be shared and survives a reload.

use super::filters::{parse_status, status_code, MapFilters, PERIODS};
use crate::api::ApiError;
use crate::i18n::{spot_status_msg, MapMsg, Msg};
use crate::state::use_app;
use leptos::prelude::*;
use spotdesk_api::{Catalogue, LocalizedText, SpotStatus, Technology};

/// Label of a period.
fn period_msg(days: u32) -> MapMsg {
    match days {
        1 => MapMsg::Day1,
        3 => MapMsg::Days3,
        30 => MapMsg::Days30,
        _ => MapMsg::Days7,
    }
}

/// The topics of the network-quality services, each code once, ordered by code.
fn network_topics(cat: &Catalogue) -> Vec<(String, LocalizedText)> {
    let mut t: Vec<(String, LocalizedText)> = cat
        .services
        .iter()
        .filter(|s| s.network_quality)
        .flat_map(|s| s.topics.iter().map(|o| (o.value.clone(), o.label.clone())))
        .collect();
    spotdesk_core::sort::sort_by(&mut t, |a, b| a.0.cmp(&b.0));
    t.dedup_by(|a, b| a.0 == b.0);
    t
}

/// The form; `on_change` gets the filters with the one the user changed.
#[component]
pub fn FilterBar(
    filters: Memo<MapFilters>,
    /// Where the topics come from.
    catalogue: LocalResource<Result<Catalogue, ApiError>>,
    on_change: Callback<MapFilters>,
) -> impl IntoView {
    let app = use_app();
    let topics = move || match catalogue.get() {
        Some(Ok(cat)) => network_topics(&cat),
        _ => vec![],
    };
    let update = move |change: &dyn Fn(&mut MapFilters)| {
        let mut f = filters.get_untracked();
        change(&mut f);
        on_change.run(f);
    };

    view! {
        <form class="toolbar map-filters" role="search" aria-label=move || app.t(MapMsg::Filters) on:submit=|ev| ev.prevent_default()>
            <label for="map-days">{move || app.t(MapMsg::Period)}</label>
            <select id="map-days" data-testid="map-days"
                on:change=move |ev| { let d = event_target_value(&ev).parse().unwrap_or(7); update(&|f| f.days = d); }>
                {PERIODS.into_iter().map(|d| view! {
                    <option value=d.to_string() prop:selected=move || filters.with(|f| f.days == d)>{move || app.t(period_msg(d))}</option>
                }).collect_view()}
            </select>
            <label for="map-topic">{move || app.t(MapMsg::Topic)}</label>
            <select id="map-topic" data-testid="map-topic"
                on:change=move |ev| { let v = event_target_value(&ev); update(&|f| f.topic = Some(v.clone()).filter(|t| !t.is_empty())); }>
                <option value="" prop:selected=move || filters.with(|f| f.topic.is_none())>{move || app.t(MapMsg::AllTopics)}</option>
                {move || topics().into_iter().map(|(code, label)| {
                    let c2 = code.clone();
                    view! { <option value=code prop:selected=move || filters.with(|f| f.topic.as_deref() == Some(c2.as_str()))>{move || label.get(app.lang.get().code()).to_owned()}</option> }
                }).collect_view()}
            </select>
            <label for="map-tech">{move || app.t(Msg::Technology)}</label>
            <select id="map-tech" name="technology" data-testid="map-tech"
                on:change=move |ev| { let t = Technology::parse(&event_target_value(&ev)); update(&|f| f.tech = t); }>
                <option value="" prop:selected=move || filters.with(|f| f.tech.is_none())>{move || app.t(MapMsg::AllTech)}</option>
                {Technology::ALL.into_iter().map(|t| view! {
                    <option value=t.as_str() prop:selected=move || filters.with(|f| f.tech == Some(t))>{t.as_str().to_uppercase()}</option>
                }).collect_view()}
            </select>
            <label for="map-status">{move || app.t(MapMsg::Status)}</label>
            <select id="map-status" data-testid="map-status"
                on:change=move |ev| { let s = parse_status(&event_target_value(&ev)); update(&|f| f.status = s); }>
                <option value="" prop:selected=move || filters.with(|f| f.status.is_none())>{move || app.t(MapMsg::AllStatuses)}</option>
                {[SpotStatus::Registered, SpotStatus::InWork, SpotStatus::Resolved].into_iter().map(|s| view! {
                    <option value=status_code(s) prop:selected=move || filters.with(|f| f.status == Some(s))>{move || app.t(spot_status_msg(s))}</option>
                }).collect_view()}
            </select>
        </form>
    }
}
