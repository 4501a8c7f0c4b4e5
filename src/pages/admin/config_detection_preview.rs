//! The detection section's preview: the ticket facts of the last 30 days (and the history the
//! detectors need before them) are loaded, and core's `detection_preview` counts what the
//! draft's thresholds and the saved ones would have found, in slices of about 30 ms with the
//! page's event loop in between, so the page keeps answering while a progress bar fills.

use super::config_draft::use_config_draft;
use crate::api::{self, ApiError};
use crate::components::ErrorBanner;
use crate::format;
use crate::i18n::RulesMsg;
use crate::state::use_app;
use chrono::{DateTime, Duration, Utc};
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;
use spotdesk_api::facts::TicketFacts;
use spotdesk_api::{Catalogue, DetectionSettings};
use spotdesk_core::bursts::BurstParams;
use spotdesk_core::complaint::ComplaintSet;
use spotdesk_core::detection_preview::{history_secs, DayCount, DetectionPreview};
use spotdesk_core::facts_set::complaints_from_facts;
use spotdesk_core::spots::SpotParams;

/// Days the preview covers.
const DAYS: i64 = 30;
/// Milliseconds of computing between two yields to the event loop.
const SLICE_MS: f64 = 30.0;
/// Detections per `advance` call inside a slice.
const STEP: usize = 4;

/// What a preview compares: the detection settings and the network-quality services.
#[derive(Debug, Clone, PartialEq)]
struct Inputs {
    detection: DetectionSettings,
    network: Vec<String>,
}

impl Inputs {
    fn of(c: &Catalogue) -> Self {
        Self {
            detection: c.detection,
            network: c
                .services
                .iter()
                .filter(|s| s.network_quality)
                .map(|s| s.code.clone())
                .collect(),
        }
    }

    /// The network-quality complaints of `facts` as these inputs count them.
    fn complaints(&self, facts: &TicketFacts) -> ComplaintSet {
        complaints_from_facts(facts, |s| self.network.iter().any(|n| n == s))
    }

    fn preview(
        &self,
        network: &ComplaintSet,
        all: &ComplaintSet,
        from: i64,
        to: i64,
    ) -> DetectionPreview {
        DetectionPreview::new(
            network,
            all,
            SpotParams::from_settings(&self.detection),
            BurstParams::from_settings(&self.detection),
            from,
            to,
        )
    }

    fn history(&self) -> i64 {
        history_secs(
            &SpotParams::from_settings(&self.detection),
            &BurstParams::from_settings(&self.detection),
        )
    }
}

/// A finished preview.
#[derive(Debug, Clone, PartialEq)]
struct Outcome {
    /// Start of the range (Unix seconds).
    from: i64,
    saved: Vec<DayCount>,
    draft: Vec<DayCount>,
    /// The draft inputs it was computed for (to tell when it is out of date).
    inputs: Inputs,
    tickets: usize,
}

/// Where the preview stands.
#[derive(Debug, Clone, PartialEq)]
enum Run {
    Idle,
    Loading,
    /// Share done, 0 to 1.
    Computing(f64),
    Done(Outcome),
    Failed(ApiError),
}

fn totals(days: &[DayCount]) -> DayCount {
    days.iter().fold(DayCount::default(), |a, d| DayCount {
        spots: a.spots + d.spots,
        bursts: a.bursts + d.bursts,
    })
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// The preview box: a button, progress, then saved against draft.
#[component]
pub fn DetectionPreviewBox() -> impl IntoView {
    let app = use_app();
    let d = use_config_draft();
    let run = RwSignal::new(Run::Idle);
    // Bumped to stop a running preview (a new run, "Stop", leaving the page).
    let generation = StoredValue::new(0u64);
    on_cleanup(move || generation.update_value(|g| *g += 1));
    let start = move |_| {
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        let draft = d.draft.with_untracked(Inputs::of);
        let saved = d
            .doc
            .with_untracked(|doc| doc.as_ref().map(|doc| Inputs::of(&doc.catalogue)));
        let Some(saved) = saved else { return };
        run.set(Run::Loading);
        spawn_local(async move {
            let now = Utc::now();
            let to = now.timestamp();
            let from = to - DAYS * 86_400;
            let history = draft.history().max(saved.history());
            let since =
                DateTime::from_timestamp(from - history, 0).unwrap_or(now - Duration::days(DAYS));
            let facts = app
                .call(move |c| async move { api::facts::fetch(&c, Some(since), None).await })
                .await;
            if generation.get_value() != mine {
                return;
            }
            let facts = match facts {
                Ok(f) => f,
                Err(e) => {
                    let _ = run.try_set(Run::Failed(e));
                    return;
                }
            };
            let all = complaints_from_facts(&facts, |_| true);
            let mut a = saved.preview(&saved.complaints(&facts), &all, from, to);
            let mut b = draft.preview(&draft.complaints(&facts), &all, from, to);
            let _ = run.try_set(Run::Computing(0.0));
            loop {
                TimeoutFuture::new(0).await;
                if generation.get_value() != mine {
                    return;
                }
                let until = now_ms() + SLICE_MS;
                let mut done = false;
                while !done && now_ms() < until {
                    done = a.advance(STEP) & b.advance(STEP);
                }
                if done {
                    break;
                }
                let _ = run.try_set(Run::Computing((a.progress() + b.progress()) / 2.0));
            }
            let _ = run.try_set(Run::Done(Outcome {
                from,
                saved: a.days().to_vec(),
                draft: b.days().to_vec(),
                inputs: draft,
                tickets: facts.len(),
            }));
        });
    };
    let stop = move |_| {
        generation.update_value(|g| *g += 1);
        run.set(Run::Idle);
    };
    let busy = move || matches!(run.get(), Run::Loading | Run::Computing(_));
    let stale = move || match run.get() {
        Run::Done(o) => d.draft.with(|c| Inputs::of(c) != o.inputs),
        _ => false,
    };
    view! {
        <section class="config-block" aria-labelledby="detection-preview-title" data-testid="detection-preview">
            <h3 id="detection-preview-title">{move || app.t(RulesMsg::PreviewTitle)}</h3>
            <p class="hint">{move || app.t(RulesMsg::PreviewHint)}</p>
            <div class="form-actions">
                <button type="button" class="btn btn-primary" data-testid="detection-preview-run"
                    disabled=busy aria-busy=move || busy().to_string() on:click=start>
                    {move || app.t(RulesMsg::PreviewRun)}
                </button>
                <Show when=busy>
                    <button type="button" class="btn btn-secondary" data-testid="detection-preview-stop" on:click=stop>
                        {move || app.t(RulesMsg::PreviewCancel)}
                    </button>
                </Show>
            </div>
            <div role="status" aria-live="polite" data-testid="detection-preview-status">
                {move || match run.get() {
                    Run::Idle => ().into_any(),
                    Run::Loading => view! { <p>{move || app.t(RulesMsg::PreviewLoading)}</p> }.into_any(),
                    Run::Computing(p) => {
                        let pct = (p * 100.0).round() as u32;
                        view! {
                            <p>
                                <label for="detection-progress">{move || app.t(RulesMsg::PreviewComputing)}</label>
                                " "
                                <progress id="detection-progress" max="100" value=pct.to_string()>{format!("{pct}%")}</progress>
                                " " {format!("{pct}%")}
                            </p>
                        }
                        .into_any()
                    }
                    Run::Failed(e) => view! { <ErrorBanner error=e test_id="detection-preview-error"/> }.into_any(),
                    Run::Done(_) => ().into_any(),
                }}
                <Show when=stale>
                    <p class="banner banner-warn" data-testid="detection-preview-stale">{move || app.t(RulesMsg::PreviewStale)}</p>
                </Show>
            </div>
            {move || match run.get() {
                Run::Done(o) => view! { <OutcomeTable outcome=o/> }.into_any(),
                _ => ().into_any(),
            }}
        </section>
    }
}

/// Totals side by side, and the days in a disclosure.
#[component]
fn OutcomeTable(outcome: Outcome) -> impl IntoView {
    let app = use_app();
    let s = totals(&outcome.saved);
    let dr = totals(&outcome.draft);
    let from = outcome.from;
    let days = outcome
        .saved
        .iter()
        .zip(&outcome.draft)
        .enumerate()
        .map(|(i, (s, d))| {
            let start = from + i64::try_from(i).unwrap_or(0) * 86_400 + 1;
            let day = DateTime::from_timestamp(start, 0).unwrap_or_default();
            view! {
                <tr>
                    <th scope="row">{move || format::date(app.lang.get(), day.with_timezone(&chrono::Local).date_naive())}</th>
                    <td>{s.spots}</td><td>{d.spots}</td><td>{s.bursts}</td><td>{d.bursts}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="data-table" data-testid="detection-preview-result">
            <caption>{move || format!("{}: {}", app.t(RulesMsg::PreviewTickets), outcome.tickets)}</caption>
            <thead>
                <tr>
                    <td></td>
                    <th scope="col">{move || app.t(RulesMsg::PreviewSaved)}</th>
                    <th scope="col">{move || app.t(RulesMsg::PreviewDraft)}</th>
                </tr>
            </thead>
            <tbody>
                <tr data-testid="detection-preview-spots">
                    <th scope="row">{move || app.t(RulesMsg::Spots)}</th>
                    <td data-testid="saved">{s.spots}</td><td data-testid="draft">{dr.spots}</td>
                </tr>
                <tr data-testid="detection-preview-bursts">
                    <th scope="row">{move || app.t(RulesMsg::Bursts)}</th>
                    <td data-testid="saved">{s.bursts}</td><td data-testid="draft">{dr.bursts}</td>
                </tr>
            </tbody>
        </table>
        <details>
            <summary>{move || app.t(RulesMsg::PreviewPerDay)}</summary>
            <table class="data-table">
                <thead>
                    <tr>
                        <th scope="col">{move || app.t(RulesMsg::Day)}</th>
                        <th scope="col">{move || format!("{} · {}", app.t(RulesMsg::Spots), app.t(RulesMsg::PreviewSaved))}</th>
                        <th scope="col">{move || format!("{} · {}", app.t(RulesMsg::Spots), app.t(RulesMsg::PreviewDraft))}</th>
                        <th scope="col">{move || format!("{} · {}", app.t(RulesMsg::Bursts), app.t(RulesMsg::PreviewSaved))}</th>
                        <th scope="col">{move || format!("{} · {}", app.t(RulesMsg::Bursts), app.t(RulesMsg::PreviewDraft))}</th>
                    </tr>
                </thead>
                <tbody>{days}</tbody>
            </table>
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totals_add_the_days() {
        let days = [
            DayCount {
                spots: 1,
                bursts: 0,
            },
            DayCount {
                spots: 2,
                bursts: 3,
            },
        ];
        assert_eq!(
            totals(&days),
            DayCount {
                spots: 3,
                bursts: 3
            }
        );
    }
}
