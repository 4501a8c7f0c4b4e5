//! `/dashboard`: period totals and a per-day chart, from every ticket of the period.

mod agg;

use crate::api::{self, ApiError};
use crate::components::{ErrorBanner, Spinner};
use crate::format;
use crate::i18n::Msg;
use crate::state::use_app;
use agg::{parse_period, per_day, totals, DayCount, PERIODS};
use chrono::{Duration, Local, Offset, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};
use spotdesk_api::{Ticket, TicketQuery};

/// Page size when paging through the period.
const PAGE: u32 = 500;

/// The dashboard page; the period lives in the URL (`?days=7|30|90`).
#[component]
pub fn Dashboard() -> impl IntoView {
    let app = use_app();
    let query = use_query_map();
    let navigate = use_navigate();
    let days = Memo::new(move |_| parse_period(query.with(|q| q.get("days")).as_deref()));
    let tickets = RwSignal::new(Vec::<Ticket>::new());
    let loading = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    // Bumped on every (re)load so a stale loop stops when the period changes.
    let generation = StoredValue::new(0u64);

    let load = move |d: u32| {
        generation.update_value(|g| *g += 1);
        let gen = generation.get_value();
        tickets.set(vec![]);
        error.set(None);
        loading.set(true);
        spawn_local(async move {
            let mut q = TicketQuery {
                from: Some(Utc::now() - Duration::days(i64::from(d))),
                limit: Some(PAGE),
                ..Default::default()
            };
            loop {
                let r = app
                    .call(|c| {
                        let q = q.clone();
                        async move { api::tickets::list(&c, &q).await }
                    })
                    .await;
                if generation.try_get_value() != Some(gen) {
                    return;
                }
                match r {
                    Ok(page) => {
                        tickets.update(|t| t.extend(page.items));
                        match page.next_cursor {
                            Some(c) => q.cursor = Some(c),
                            None => break,
                        }
                    }
                    Err(e) => {
                        error.set(Some(e));
                        break;
                    }
                }
            }
            loading.set(false);
        });
    };
    Effect::new(move |_| load(days.get()));

    let summary = Memo::new(move |_| tickets.with(|t| totals(t, Utc::now())));
    let chart = Memo::new(move |_| {
        let d = days.get();
        let offset = Local::now().offset().fix();
        let first = (Local::now() - Duration::days(i64::from(d) - 1)).date_naive();
        tickets.with(|t| per_day(t, first, d, offset))
    });

    view! {
        <section class="page">
            <h1>{move || app.t(Msg::DashboardTitle)}</h1>
            <div class="toolbar">
                <label for="dash-period">{move || app.t(Msg::Period)}</label>
                <select id="dash-period" name="days" data-testid="dash-period"
                    on:change=move |ev| navigate(&format!("/dashboard?days={}", event_target_value(&ev)), Default::default())>
                    {PERIODS.into_iter().map(|p| {
                        let label = match p { 7 => Msg::Last7, 30 => Msg::Last30, _ => Msg::Last90 };
                        view! { <option value=p.to_string() prop:selected=move || days.get() == p>{move || app.t(label)}</option> }
                    }).collect_view()}
                </select>
                <span class="progress" role="status" aria-live="polite" data-testid="dash-progress">
                    {move || loading.get().then(|| view! { <Spinner/> })}
                    {move || format!("{} {}", app.t(Msg::LoadedTickets), tickets.with(Vec::len))}
                </span>
            </div>
            {move || error.get().map(|e| view! { <ErrorBanner error=e on_retry=Callback::new(move |_| load(days.get_untracked()))/> })}
            <div class="stats" data-testid="dash-totals">
                <Stat label=Msg::Registered value=Signal::derive(move || summary.get().registered) test_id="dash-registered"/>
                <Stat label=Msg::Resolved value=Signal::derive(move || summary.get().resolved) test_id="dash-resolved"/>
                <Stat label=Msg::OverdueTotal value=Signal::derive(move || summary.get().overdue) test_id="dash-overdue"/>
            </div>
            <h2>{move || app.t(Msg::PerDay)}</h2>
            <BarChart data=chart.into()/>
        </section>
    }
}

#[component]
fn Stat(label: Msg, value: Signal<usize>, test_id: &'static str) -> impl IntoView {
    let app = use_app();
    view! {
        <div class="card stat" data-testid=test_id>
            <p class="stat-value">{move || value.get()}</p>
            <p class="stat-label">{move || app.t(label)}</p>
        </div>
    }
}

/// Plain SVG bars: registered (dark) and resolved (light) per day, with a text summary.
#[component]
fn BarChart(data: Signal<Vec<DayCount>>) -> impl IntoView {
    let app = use_app();
    const H: f64 = 160.0;
    move || {
        let d = data.get();
        let lang = app.lang.get();
        let max = d
            .iter()
            .map(|x| x.registered.max(x.resolved))
            .max()
            .unwrap_or(0)
            .max(1) as f64;
        const W: f64 = 700.0;
        let slot = W / (d.len().max(1) as f64);
        let label_every = (d.len() / 7).max(1);
        view! {
            <figure class="chart" data-testid="dash-chart">
                <svg viewBox=format!("0 0 {W} {}", H + 16.0) role="img"
                    aria-label=app.t(Msg::ChartSummary)>
                    {d.iter().enumerate().map(|(i, x)| {
                        let x0 = i as f64 * slot;
                        let hr = x.registered as f64 / max * H;
                        let hs = x.resolved as f64 / max * H;
                        let title = format!("{}: {} / {}", format::date(lang, x.date), x.registered, x.resolved);
                        view! {
                            <g>
                                <title>{title}</title>
                                <rect class="bar-registered" x=x0 + 1.0 y=H - hr width=slot / 2.0 - 1.0 height=hr/>
                                <rect class="bar-resolved" x=x0 + slot / 2.0 y=H - hs width=slot / 2.0 - 1.0 height=hs/>
                                {(i % label_every == 0).then(|| view! {
                                    <text class="bar-label" x=x0 y=H + 12.0>{format::date(lang, x.date)}</text>
                                })}
                            </g>
                        }
                    }).collect_view()}
                </svg>
                <figcaption>{app.t(Msg::ChartSummary)}</figcaption>
            </figure>
        }
    }
}
