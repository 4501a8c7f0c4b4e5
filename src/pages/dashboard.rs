//! `/dashboard`: the manager's figures for a period, computed in the browser by
//! `spotdesk_core::dashboard` from the bulk ticket facts (prepared once per load), with charts (Chart.js), tables and
//! CSV for each figure. Period, grouping and filters live in the URL; the numbers reload when
//! the shared live feed (`api::live`) announces new or changed tickets. Ratings are the ones
//! customers gave through their rating links (`GET /ratings` for the period).

mod chartjs;
mod controls;
mod figure;
mod figure_view;
mod figures;
mod load;
mod query;

use crate::components::{names, ErrorBanner, Spinner};
use crate::i18n::{DashMsg, Msg};
use crate::state::use_app;
use chrono::{Local, Offset, Utc};
use controls::Controls;
use figure::Figure;
use figure_view::FigureView;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use load::Data;
use query::DashQuery;
use spotdesk_core::dashboard::{self as stats, Dashboard as Stats, Input, Params};

/// Hours before and after an incident registration that count as "around" it.
const WINDOW_HOURS: u32 = 6;

/// The dashboard page.
#[component]
pub fn Dashboard() -> impl IntoView {
    let app = use_app();
    let query = use_query_map();
    let navigate = use_navigate();
    let view_q = Memo::new(move |_| query.with(|q| DashQuery::from_params(|k| q.get(k))));
    let data = Data::new();
    let tz = move || Local::now().offset().fix();

    // Only the period needs a download; filters and grouping are applied in the browser.
    let period = Memo::new(move |_| {
        let (f, t) = view_q.get().period(tz(), Utc::now());
        (f.timestamp(), t.timestamp())
    });
    Effect::new(move |_| {
        let (from, to) = period.get();
        data.load(app, from, to);
    });
    data.follow_changes(app);

    // Grouping and breakdown only change how the statistics are shown: no recomputation.
    let filter = Memo::new(move |_| view_q.with(DashQuery::filter));
    let stats: Memo<Option<Stats>> = Memo::new(move |_| {
        let (from, to) = period.get();
        let now = data.as_of.get();
        let incidents = data.incidents.get();
        let spots = data.spots.get();
        let ratings = data.ratings.get();
        data.facts.with(|f| {
            f.as_ref().map(|f| {
                let input = Input {
                    tickets: &**f,
                    incidents: &incidents,
                    spots: &spots,
                    ratings: ratings.as_deref().map(Vec::as_slice),
                };
                stats::compute(
                    &input,
                    &Params {
                        from,
                        to,
                        utc_offset: tz().local_minus_utc(),
                        now,
                        filter: filter.get(),
                        window_hours: WINDOW_HOURS,
                    },
                )
            })
        })
    });
    // SLA per person: from the assigned tickets only, with the same period and filter.
    let per_person = Memo::new(move |_| {
        let (from, to) = period.get();
        let params = Params {
            from,
            to,
            utc_offset: tz().local_minus_utc(),
            now: data.as_of.get(),
            filter: filter.get(),
            window_hours: WINDOW_HOURS,
        };
        data.assigned.with(|a| a.sla(&params))
    });
    // Services and groups are shown by name; core's statistics and the URL keep the codes.
    let catalogue = app.catalogue_resource();
    let catalogue = Signal::derive(move || catalogue.get().and_then(Result::ok));
    let figures: Memo<Vec<Figure>> = Memo::new(move |_| {
        let lang = app.lang.get();
        let q = view_q.get();
        let titles = data.incident_titles.get();
        let cat = catalogue.get();
        let cat = cat.as_ref();
        let service = |code: &str| names::service_name(cat, lang, code);
        let group = |code: &str| names::group_name(cat, lang, code);
        let slice: &dyn Fn(&str) -> String = match q.by {
            query::Dimension::Group => &group,
            _ => &service,
        };
        let fmt_time = move |s: i64| {
            chrono::DateTime::from_timestamp(s, 0)
                .map(crate::format::local_date_time)
                .unwrap_or_default()
        };
        stats.with(|d| {
            d.as_ref()
                .map(|d| {
                    vec![
                        figures::summary(d, lang),
                        figures::volume(d, q.granularity, lang),
                        figures::volume_by(d, q.granularity, q.by, lang, slice),
                        figures::sla(&d.sla.by_service, false, lang, &service),
                        figures::sla(&d.sla.by_group, true, lang, &group),
                        per_person.with(|rows| figures::sla_by_assignee(rows, lang)),
                        figures::incidents_summary(d, lang),
                        figures::incident_rows(d, lang, fmt_time, |id| titles.get(&id).cloned()),
                        figures::incident_profile(d, lang),
                        figures::ratings(d, q.granularity, lang),
                        figures::rating_distribution(d, lang),
                        figures::customers(d, q.granularity, lang),
                        figures::repeats(d, lang),
                    ]
                })
                .unwrap_or_default()
        })
    });
    // The filters' choices: each code in the loaded tickets once, with its name, by name.
    let choices = move |pick: fn(&stats::Prepared) -> &[String],
                        name: fn(
        Option<&spotdesk_api::Catalogue>,
        crate::i18n::Lang,
        &str,
    ) -> String| {
        Signal::derive(move || {
            let lang = app.lang.get();
            let mut v: Vec<String> = data
                .facts
                .with(|f| f.as_ref().map(|f| pick(f).to_vec()).unwrap_or_default());
            spotdesk_core::sort::sort_by(&mut v, Ord::cmp);
            v.dedup();
            catalogue.with(|c| names::choices(c.as_ref(), lang, v, name))
        })
    };
    let shown = Signal::derive(move || {
        let (from, to) = period.get();
        let day = |s: i64| {
            chrono::DateTime::from_timestamp(s, 0)
                .map(|t| t.with_timezone(&tz()).date_naive().to_string())
                .unwrap_or_default()
        };
        (day(from), day(to - 1))
    });
    let on_change = Callback::new(move |q: DashQuery| {
        navigate(
            &format!("/dashboard{}", q.to_query_string()),
            Default::default(),
        );
    });
    let tickets = move || data.facts.with(|f| f.as_ref().map_or(0, |f| f.len()));
    let no_ratings = move || stats.with(|d| d.as_ref().is_some_and(|d| d.ratings.total.count == 0));

    view! {
        <section class="page dashboard-page">
            <h1>{move || app.t(Msg::DashboardTitle)}</h1>
            <Controls query=view_q services=choices(|f| f.services(), names::service_name)
                groups=choices(|f| f.groups(), names::group_name)
                shown=shown on_change=on_change/>
            <p class="progress" role="status" aria-live="polite" data-testid="dash-status"
                data-loading=move || data.loading.get().to_string()>
                {move || data.loading.get().then(|| view! { <Spinner/> })}
                <span>{move || format!("{} {} ({} – {})", app.t(DashMsg::TicketsLoaded), tickets(), shown.get().0, shown.get().1)}</span>
                {move || data.live.get().then(|| view! {
                    <span class="badge badge-live" data-testid="dash-live">{app.t(DashMsg::Live)}</span>
                })}
                {move || (data.as_of.get() > 0).then(|| {
                    let t = chrono::DateTime::from_timestamp(data.as_of.get(), 0)
                        .map(crate::format::local_hms)
                        .unwrap_or_default();
                    view! { <span>{format!("{} {t}", app.t(DashMsg::UpdatedAt))}</span> }
                })}
            </p>
            {move || data.error.get().map(|e| view! {
                <ErrorBanner error=e test_id="dash-error" on_retry=Callback::new(move |_| {
                    let (from, to) = period.get_untracked();
                    data.load(app, from, to);
                })/>
            })}
            {move || (data.facts.with(Option::is_none) && data.loading.get()).then(|| view! {
                <p data-testid="dash-loading">{app.t(DashMsg::LoadingTickets)}</p>
            })}
            {move || (data.facts.with(Option::is_some) && tickets() == 0).then(|| view! {
                <p class="empty" data-testid="dash-empty">{app.t(DashMsg::NoTickets)}</p>
            })}
            <Kpis figures=figures/>
            {move || no_ratings().then(|| view! {
                <p class="empty" data-testid="dash-no-ratings">{app.t(DashMsg::NoRatings)}</p>
            })}
            <div class="figures">
                {move || figures.get().into_iter().map(|f| {
                    let open = f.id == "summary";
                    view! { <FigureView figure=f open=open/> }
                }).collect_view()}
            </div>
        </section>
    }
}

/// Test ids of the cards, in the order of the summary figure's first rows.
const KPI_IDS: [&str; 6] = [
    "dash-registered",
    "dash-resolved",
    "dash-overdue",
    "dash-sla",
    "dash-p50",
    "dash-p90",
];

/// The headline numbers as cards (the first rows of the summary figure).
#[component]
fn Kpis(figures: Memo<Vec<Figure>>) -> impl IntoView {
    view! {
        <div class="stats kpis" data-testid="dash-kpis">
            {move || figures.with(|f| {
                f.iter().find(|f| f.id == "summary").map(|s| {
                    s.rows.iter().take(KPI_IDS.len()).zip(KPI_IDS).map(|(r, id)| view! {
                        <div class="card stat" data-testid=id>
                            <p class="stat-value">{r.get(1).cloned().unwrap_or_default()}</p>
                            <p class="stat-label">{r.first().cloned().unwrap_or_default()}</p>
                        </div>
                    }).collect_view()
                })
            })}
        </div>
    }
}
