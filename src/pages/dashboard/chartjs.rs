//! A figure's [`ChartSpec`] as a Chart.js configuration (plain JSON, no callbacks).

use super::figure::{ChartKind, ChartSpec};
use serde_json::{json, Value};

/// Colour-blind-friendly palette (Okabe–Ito), cycled over series.
const PALETTE: [&str; 8] = [
    "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000",
];

/// The Chart.js configuration of `spec`. Animations are off: numbers change live and a
/// manager reading a tablet wants them at once.
pub fn config(spec: &ChartSpec) -> Value {
    let (kind, stacked) = match spec.kind {
        ChartKind::Bar => ("bar", false),
        ChartKind::StackedBar => ("bar", true),
        ChartKind::Line => ("line", false),
    };
    let datasets: Vec<Value> = spec
        .series
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let colour = PALETTE[i % PALETTE.len()];
            json!({
                "label": s.label,
                "data": s.values,
                "backgroundColor": colour,
                "borderColor": colour,
                "spanGaps": true,
            })
        })
        .collect();
    json!({
        "type": kind,
        "data": { "labels": spec.labels, "datasets": datasets },
        "options": {
            "animation": false,
            "responsive": true,
            "maintainAspectRatio": false,
            "plugins": { "legend": { "position": "bottom" } },
            "scales": {
                "x": { "stacked": stacked },
                "y": { "stacked": stacked, "beginAtZero": true },
            },
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::dashboard::figure::Series;

    #[test]
    fn stacked_bars_and_gaps() {
        let c = config(&ChartSpec {
            kind: ChartKind::StackedBar,
            labels: vec!["a".into(), "b".into()],
            series: vec![Series {
                label: "tv".into(),
                values: vec![Some(1.0), None],
            }],
        });
        assert_eq!(c["type"], "bar");
        assert_eq!(c["options"]["scales"]["y"]["stacked"], true);
        assert_eq!(c["data"]["datasets"][0]["data"], json!([1.0, null]));
    }
}
