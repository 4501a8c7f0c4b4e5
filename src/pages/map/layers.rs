//! What the map draws: coverage cells, complaint clusters, spot outlines and candidates.

use crate::components::map::areas::{Area, Areas};
use crate::components::map::{MapView, Shape};
use crate::components::names;
use crate::format;
use crate::i18n::{spot_status_msg, text, Lang, MapMsg, Msg};
use spotdesk_api::{Catalogue, CoverageCollection, Spot, SpotStatus};
use spotdesk_core::cluster::ClusterIndex;
use spotdesk_core::spots::SpotCandidate;

/// Most cluster markers drawn at once (the index already merges nearby points).
pub const MAX_CLUSTERS: usize = 1500;
/// Outline colour of the selected spot or candidate.
const SELECTED: &str = "#0b57d0";

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

/// The polygons of a coverage layer (holes kept), coloured by quality.
pub fn coverage_areas(c: &CoverageCollection) -> Areas {
    Areas {
        items: c
            .features
            .iter()
            .filter(|f| !f.geometry.coordinates.is_empty())
            .map(|f| Area {
                rings: f.geometry.coordinates.clone(),
                color: quality_color(f.properties.quality),
            })
            .collect(),
        fill_opacity: 0.3,
    }
}

/// Shape key of a registered spot.
pub fn spot_key(id: i64) -> String {
    format!("spot-{id}")
}

/// Shape key of a candidate.
pub fn candidate_key(key: &str) -> String {
    format!("cand-{key}")
}

/// What a spot is called: its topic by name (`#id` without one).
pub fn spot_title(lang: Lang, cat: Option<&Catalogue>, s: &Spot) -> String {
    names::topic_name_opt(cat, lang, s.topic.as_deref()).unwrap_or_else(|| format!("#{}", s.id))
}

/// Popup lines of a spot (also the summary of its work card).
pub fn spot_lines(lang: Lang, cat: Option<&Catalogue>, s: &Spot) -> Vec<String> {
    let t = |m: Msg| text(lang, m);
    let mut v = vec![
        format!(
            "{} · {}",
            spot_title(lang, cat, s),
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

/// Outlines of registered spots; the selected one stands out.
pub fn spot_shapes(
    lang: Lang,
    cat: Option<&Catalogue>,
    spots: &[Spot],
    selected: Option<&str>,
) -> Vec<Shape> {
    spots
        .iter()
        .map(|s| {
            let key = spot_key(s.id.0);
            let color = if selected == Some(key.as_str()) {
                SELECTED
            } else if s.status == SpotStatus::Resolved {
                "#4d7ea8"
            } else {
                "#6a1b9a"
            };
            Shape::Area {
                popup: spot_lines(lang, cat, s),
                key,
                ring: s.outline.ring.clone(),
                color,
                fill_opacity: if selected.is_some_and(|k| k == spot_key(s.id.0)) {
                    0.35
                } else {
                    0.15
                },
            }
        })
        .collect()
}

/// Outlines of candidates (dashed look by colour only: amber).
pub fn candidate_shapes(
    lang: Lang,
    cat: Option<&Catalogue>,
    cands: &[&SpotCandidate],
    selected: Option<&str>,
) -> Vec<Shape> {
    cands
        .iter()
        .map(|c| {
            let key = candidate_key(&c.key);
            let on = selected == Some(key.as_str());
            Shape::Area {
                popup: vec![
                    format!(
                        "{} · {}",
                        text(lang, MapMsg::CandidateTitle),
                        names::topic_name_opt(cat, lang, c.topic.as_deref()).unwrap_or_default()
                    ),
                    format!("{} {}", c.customers, text(lang, MapMsg::Customers)),
                    format!("{}: {:.1}", text(lang, Msg::Priority), c.score),
                ],
                key,
                ring: c.outline.ring.clone(),
                color: if on { SELECTED } else { "#e69f00" },
                fill_opacity: if on { 0.4 } else { 0.25 },
            }
        })
        .collect()
}

/// Radius in pixels of a cluster marker of `count` complaints.
pub fn cluster_radius(count: u32) -> f64 {
    (4.0 + f64::from(count).ln_1p() * 3.0).min(28.0)
}

/// Cluster markers for the visible box (at most [`MAX_CLUSTERS`], biggest first).
pub fn cluster_shapes(lang: Lang, index: &ClusterIndex, view: MapView) -> Vec<Shape> {
    let mut cl = index.clusters(view.bbox, view.zoom);
    spotdesk_core::sort::sort_by_key(&mut cl, |c| std::cmp::Reverse(c.count));
    cl.truncate(MAX_CLUSTERS);
    cl.into_iter()
        .map(|c| Shape::Dot {
            key: format!("cl-{}", c.id),
            lat: c.lat,
            long: c.long,
            radius: cluster_radius(c.count),
            color: "#b2182b",
            popup: vec![format!("{} {}", c.count, text(lang, MapMsg::ClusterOf))],
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bigger_clusters_get_bigger_markers_up_to_a_cap() {
        assert!(cluster_radius(1) < cluster_radius(100));
        assert!(cluster_radius(100) < cluster_radius(10_000));
        assert_eq!(cluster_radius(u32::MAX), 28.0);
    }

    #[test]
    fn clusters_in_view_are_capped_and_count_everything() {
        let pts: Vec<(f64, f64)> = (0..5000)
            .map(|i| {
                (
                    56.0 + f64::from(i % 100) * 0.001,
                    44.0 + f64::from(i / 100) * 0.001,
                )
            })
            .collect();
        let index = ClusterIndex::build(&pts);
        let view = MapView {
            bbox: [43.9, 55.9, 44.2, 56.2],
            zoom: 11.0,
        };
        let shapes = cluster_shapes(Lang::En, &index, view);
        assert!(!shapes.is_empty() && shapes.len() <= MAX_CLUSTERS);
        let total: u32 = index
            .clusters(view.bbox, view.zoom)
            .iter()
            .map(|c| c.count)
            .sum();
        assert_eq!(total, 5000);
    }
}
