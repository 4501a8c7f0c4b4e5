//! Renders a [`Figure`]: title, chart, the same numbers as a table, and a CSV download.

use super::chartjs;
use super::figure::Figure;
use crate::components::Chart;
use crate::download;
use crate::i18n::DashMsg;
use crate::state::use_app;
use leptos::prelude::*;

/// One figure card. `open` shows the table without a click; so does a figure without a
/// chart (the table is all it has). An empty table says so instead.
#[component]
pub fn FigureView(figure: Figure, #[prop(default = false)] open: bool) -> impl IntoView {
    let app = use_app();
    let id = figure.id;
    let csv = figure.csv();
    let config = figure.chart.as_ref().map(chartjs::config);
    let heading = format!("fig-{id}-title");
    let open = open || config.is_none();
    let empty = figure.rows.is_empty();
    let save = move |_| {
        let _ = download::save_text(
            &format!("spotdesk-{id}.csv"),
            "text/csv;charset=utf-8",
            &csv,
        );
    };
    view! {
        <section class="card figure" data-testid=format!("fig-{id}") aria-labelledby=format!("fig-{id}-title")>
            <div class="figure-head">
                <h2 id=heading>{figure.title.clone()}</h2>
                <button type="button" class="btn btn-secondary" data-testid=format!("csv-{id}") on:click=save>
                    {move || app.t(DashMsg::DownloadCsv)}
                </button>
            </div>
            {config.map(|c| view! {
                <Chart config=Signal::stored(c) test_id="chart"/>
                <p class="visually-hidden">{move || app.t(DashMsg::ChartHidden)}</p>
            })}
            {empty.then(|| view! { <p class="empty" data-testid=format!("empty-{id}")>{move || app.t(DashMsg::NoRows)}</p> })}
            <details open=open>
                <summary>{move || app.t(DashMsg::ShowTable)}</summary>
                // Focusable, so a keyboard user can scroll a wide table (axe: scrollable-region-focusable).
                <div class="table-wrap" tabindex="0" role="region" aria-labelledby=format!("fig-{id}-title")>
                    <table class="data-table" data-testid=format!("table-{id}")>
                        <caption class="visually-hidden">{figure.title.clone()}</caption>
                        <thead><tr>
                            {figure.headers.iter().map(|h| view! { <th scope="col">{h.clone()}</th> }).collect_view()}
                        </tr></thead>
                        <tbody>
                            {figure.rows.iter().map(|r| view! {
                                <tr>{r.iter().map(|c| view! { <td>{c.clone()}</td> }).collect_view()}</tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </details>
        </section>
    }
}
