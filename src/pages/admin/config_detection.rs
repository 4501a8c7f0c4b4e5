//! `/admin/detection`: the thresholds of spot detection (map) and burst proposals (board), and
//! the preview of what the draft would have found over the last 30 days against the saved
//! settings (`config_detection_preview`).

use super::config_detection_preview::DetectionPreviewBox;
use super::config_draft::{use_config_draft, ConfigSection};
use super::config_fields::CfgNumber;
use crate::i18n::RulesMsg;
use crate::state::use_app;
use leptos::prelude::*;
use spotdesk_api::DetectionSettings;

/// The section.
#[component]
pub fn DetectionSection() -> impl IntoView {
    let app = use_app();
    view! {
        <ConfigSection title=move || app.t(RulesMsg::Detection).to_owned() test_id="config-detection">
            <p class="hint">{move || app.t(RulesMsg::DetectionHint)}</p>
            <div class="config-columns">
                <Thresholds spots=true/>
                <Thresholds spots=false/>
            </div>
            <DetectionPreviewBox/>
        </ConfigSection>
    }
}

/// A number of the draft's detection settings, as text, tracked.
fn value_of(get: fn(&DetectionSettings) -> String) -> Signal<String> {
    let d = use_config_draft();
    Signal::derive(move || d.draft.with(|c| get(&c.detection)))
}

/// The three thresholds of spots (`spots`) or of bursts.
#[component]
fn Thresholds(spots: bool) -> impl IntoView {
    let app = use_app();
    let d = use_config_draft();
    let set = move |f: fn(&mut DetectionSettings, f64)| {
        Callback::new(move |v: f64| d.update(|c| f(&mut c.detection, v)))
    };
    let (title, test_id) = if spots {
        (RulesMsg::Spots, "detection-spots")
    } else {
        (RulesMsg::Bursts, "detection-bursts")
    };
    let window = if spots {
        view! {
            <CfgNumber label=move || app.t(RulesMsg::SpotWindow).to_owned() path="detection.spot_window_hours"
                value=value_of(|s| s.spot_window_hours.to_string()) min=1.0 max=24.0 * 30.0
                on_input=set(|s, v| s.spot_window_hours = v as u32)/>
        }
        .into_any()
    } else {
        view! {
            <CfgNumber label=move || app.t(RulesMsg::BurstWindow).to_owned() path="detection.burst_window_minutes"
                value=value_of(|s| s.burst_window_minutes.to_string()) min=1.0 max=60.0 * 48.0
                on_input=set(|s, v| s.burst_window_minutes = v as u32)/>
        }
        .into_any()
    };
    let threshold = if spots {
        view! {
            <CfgNumber label=move || app.t(RulesMsg::Threshold).to_owned() path="detection.spot_threshold"
                value=value_of(|s| s.spot_threshold.to_string()) min=0.0 max=1000.0 step="any"
                hint=move || app.t(RulesMsg::ThresholdHint).to_owned()
                on_input=set(|s, v| s.spot_threshold = v)/>
        }
        .into_any()
    } else {
        view! {
            <CfgNumber label=move || app.t(RulesMsg::Threshold).to_owned() path="detection.burst_threshold"
                value=value_of(|s| s.burst_threshold.to_string()) min=0.0 max=1000.0 step="any"
                hint=move || app.t(RulesMsg::ThresholdHint).to_owned()
                on_input=set(|s, v| s.burst_threshold = v)/>
        }
        .into_any()
    };
    let customers = if spots {
        view! {
            <CfgNumber label=move || app.t(RulesMsg::MinCustomers).to_owned() path="detection.spot_min_customers"
                value=value_of(|s| s.spot_min_customers.to_string()) min=1.0 max=10_000.0
                hint=move || app.t(RulesMsg::MinCustomersHint).to_owned()
                on_input=set(|s, v| s.spot_min_customers = v as u32)/>
        }
        .into_any()
    } else {
        view! {
            <CfgNumber label=move || app.t(RulesMsg::MinCustomers).to_owned() path="detection.burst_min_customers"
                value=value_of(|s| s.burst_min_customers.to_string()) min=1.0 max=10_000.0
                hint=move || app.t(RulesMsg::MinCustomersHint).to_owned()
                on_input=set(|s, v| s.burst_min_customers = v as u32)/>
        }
        .into_any()
    };
    let title_id = format!("{test_id}-title");
    let labelled_by = title_id.clone();
    view! {
        <section class="config-block" aria-labelledby=labelled_by data-testid=test_id>
            <h3 id=title_id>{move || app.t(title)}</h3>
            {window}
            {threshold}
            {customers}
        </section>
    }
}
