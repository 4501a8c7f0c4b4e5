//! How an import ended: the bad rows of a rejected file (line, column, reason, with counts per
//! column and reason; nothing was imported), the file's own problem, or what a finished import
//! changed.

use super::import_progress::grouped;
use crate::i18n::ImportMsg;
use crate::state::use_app;
use leptos::prelude::*;
use spotdesk_api::{ImportKind, ImportReport, ImportResult};

/// The bad rows of a rejected file.
#[component]
pub fn BadRows(report: ImportReport) -> impl IntoView {
    let app = use_app();
    let unit_msg = if report.unit == "feature" {
        ImportMsg::Feature
    } else {
        ImportMsg::Line
    };
    let listed_all =
        report.counts.iter().map(|c| c.count).sum::<u64>() <= report.problems.len() as u64;
    let rows = report
        .problems
        .into_iter()
        .map(|p| {
            view! {
                <tr data-testid="import-problem">
                    <td class="num">{p.row}</td>
                    <td><code>{p.column}</code></td>
                    <td>{p.reason}</td>
                    <td>{p.detail}</td>
                </tr>
            }
        })
        .collect_view();
    let counts = report
        .counts
        .into_iter()
        .map(|c| {
            view! {
                <tr>
                    <td><code>{c.column}</code></td>
                    <td>{c.reason}</td>
                    <td class="num">{grouped(c.count)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div data-testid="import-report">
            <dl class="facts">
                <dt>{move || app.t(ImportMsg::RowsRead)}</dt>
                <dd data-testid="import-rows-read">{grouped(report.rows)}</dd>
                <dt>{move || app.t(ImportMsg::BadRows)}</dt>
                <dd data-testid="import-bad-rows">{grouped(report.bad_rows)}</dd>
            </dl>
            <div class="table-wrap">
                <table class="data-table" data-testid="import-problems">
                    <caption>{move || app.t(ImportMsg::BadRowsCaption)}</caption>
                    <thead><tr>
                        <th scope="col">{move || app.t(unit_msg)}</th>
                        <th scope="col">{move || app.t(ImportMsg::Column)}</th>
                        <th scope="col">{move || app.t(ImportMsg::Reason)}</th>
                        <th scope="col">{move || app.t(ImportMsg::Detail)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            {(!listed_all).then(|| view! { <p class="hint">{move || app.t(ImportMsg::FirstListed)}</p> })}
            <div class="table-wrap">
                <table class="data-table" data-testid="import-counts">
                    <caption>{move || app.t(ImportMsg::CountsCaption)}</caption>
                    <thead><tr>
                        <th scope="col">{move || app.t(ImportMsg::Column)}</th>
                        <th scope="col">{move || app.t(ImportMsg::Reason)}</th>
                        <th scope="col">{move || app.t(ImportMsg::Count)}</th>
                    </tr></thead>
                    <tbody>{counts}</tbody>
                </table>
            </div>
        </div>
    }
}

/// What a finished import of `kind` changed (a ticket history: added, updated, left as they
/// were; tickets are never removed).
#[component]
pub fn Outcome(result: ImportResult, kind: ImportKind) -> impl IntoView {
    let app = use_app();
    let total_msg = match kind {
        ImportKind::Addresses => ImportMsg::Total,
        ImportKind::Coverage => ImportMsg::TotalPolygons,
        ImportKind::Customers => ImportMsg::TotalCounts,
        ImportKind::Tickets => ImportMsg::TotalTickets,
    };
    // Tickets are never removed; those imported before are updated (`replace`) or left.
    let tickets = kind == ImportKind::Tickets;
    let updated_msg = if tickets {
        ImportMsg::UpdatedTickets
    } else {
        ImportMsg::Updated
    };
    let unchanged = result.unchanged.map(|n| {
        view! {
            <dt>{move || app.t(ImportMsg::UnchangedTickets)}</dt>
            <dd data-testid="import-unchanged">{grouped(n)}</dd>
        }
    });
    let removed = (!tickets).then(|| {
        view! {
            <dt>{move || app.t(ImportMsg::Removed)}</dt>
            <dd data-testid="import-removed">{grouped(result.removed)}</dd>
        }
    });
    let layers = (!result.layers.is_empty()).then(|| {
        let text = result
            .layers
            .iter()
            .map(|l| {
                format!(
                    "{} {}",
                    l.layer,
                    grouped(u64::try_from(l.polygons).unwrap_or(0))
                )
            })
            .collect::<Vec<_>>()
            .join(", ");
        view! {
            <dt>{move || app.t(ImportMsg::Layers)}</dt>
            <dd data-testid="import-layers">{text}</dd>
        }
    });
    let customers = result.customers.map(|n| {
        view! {
            <dt>{move || app.t(ImportMsg::Customers)}</dt>
            <dd data-testid="import-customers">{grouped(u64::try_from(n).unwrap_or(0))}</dd>
        }
    });
    let ignored = (!result.ignored_columns.is_empty()).then(|| {
        let cols = result.ignored_columns.join(", ");
        view! {
            <dt>{move || app.t(ImportMsg::IgnoredColumns)}</dt>
            <dd>{cols}</dd>
        }
    });
    view! {
        <dl class="facts" data-testid="import-result" aria-label=move || app.t(ImportMsg::ResultCaption)>
            <dt>{move || app.t(ImportMsg::Added)}</dt>
            <dd data-testid="import-added">{grouped(result.added)}</dd>
            <dt>{move || app.t(updated_msg)}</dt>
            <dd data-testid="import-updated">{grouped(result.updated)}</dd>
            {unchanged}
            {removed}
            <dt>{move || app.t(total_msg)}</dt>
            <dd data-testid="import-total">{grouped(result.total)}</dd>
            {layers}
            {customers}
            {ignored}
        </dl>
    }
}
