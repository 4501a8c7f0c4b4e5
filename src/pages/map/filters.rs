//! The map's filters and layer switches, kept in the URL query so a view can be shared and
//! survives a reload: `?days=7&topic=weak-signal&tech=4g&status=in_work&layer=fixed`.

use spotdesk_api::{layer_name, SpotStatus, Technology};

/// Periods offered, in days.
pub const PERIODS: [u32; 4] = [1, 3, 7, 30];
/// Period when the URL names none (or an unknown one).
pub const DEFAULT_DAYS: u32 = 7;

/// What the map shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapFilters {
    /// Complaints of the last `days` days.
    pub days: u32,
    /// Only this topic (`None`: all).
    pub topic: Option<String>,
    /// Coverage of this technology and spots of it (`None`: all spots, 4G coverage).
    pub tech: Option<Technology>,
    /// Only spots in this status (`None`: all).
    pub status: Option<SpotStatus>,
    /// The coverage layer drawn, standard or imported (`None`: the technology's, else 4G).
    pub layer: Option<String>,
}

impl Default for MapFilters {
    fn default() -> Self {
        Self {
            days: DEFAULT_DAYS,
            topic: None,
            tech: None,
            status: None,
            layer: None,
        }
    }
}

/// Wire name of a spot status.
pub fn status_code(s: SpotStatus) -> &'static str {
    match s {
        SpotStatus::Registered => "registered",
        SpotStatus::InWork => "in_work",
        SpotStatus::Resolved => "resolved",
    }
}

/// A spot status from its wire name.
pub fn parse_status(s: &str) -> Option<SpotStatus> {
    [
        SpotStatus::Registered,
        SpotStatus::InWork,
        SpotStatus::Resolved,
    ]
    .into_iter()
    .find(|x| status_code(*x) == s)
}

impl MapFilters {
    /// Filters from query parameters; anything unknown falls back to the default.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> Self {
        let days = get("days")
            .and_then(|d| d.parse().ok())
            .filter(|d| PERIODS.contains(d))
            .unwrap_or(DEFAULT_DAYS);
        let topic = get("topic")
            .map(|t| t.trim().to_owned())
            .filter(|t| !t.is_empty() && t.len() <= 100);
        Self {
            days,
            topic,
            tech: get("tech").as_deref().and_then(Technology::parse),
            status: get("status").as_deref().and_then(parse_status),
            layer: get("layer").as_deref().and_then(layer_name),
        }
    }

    /// The coverage layer to draw: the chosen one, else the technology's, else 4G.
    pub fn coverage_layer(&self) -> String {
        self.layer
            .clone()
            .unwrap_or_else(|| self.tech.unwrap_or(Technology::G4).as_str().to_owned())
    }

    /// The query string (with `?`), listing only what differs from the default.
    pub fn to_query(&self) -> String {
        let mut parts = Vec::new();
        if self.days != DEFAULT_DAYS {
            parts.push(format!("days={}", self.days));
        }
        if let Some(t) = &self.topic {
            parts.push(format!("topic={}", crate::url::encode_query_value(t)));
        }
        if let Some(t) = self.tech {
            parts.push(format!("tech={}", t.as_str()));
        }
        if let Some(s) = self.status {
            parts.push(format!("status={}", status_code(s)));
        }
        if let Some(l) = &self.layer {
            parts.push(format!("layer={}", crate::url::encode_query_value(l)));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn parse(q: &[(&str, &str)]) -> MapFilters {
        let m: HashMap<String, String> = q
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        MapFilters::from_query(|k| m.get(k).cloned())
    }

    #[test]
    fn defaults_and_bad_values() {
        assert_eq!(parse(&[]), MapFilters::default());
        assert_eq!(
            parse(&[("days", "5"), ("tech", "6g"), ("status", "x")]),
            MapFilters::default()
        );
        assert_eq!(MapFilters::default().to_query(), "");
    }

    #[test]
    fn round_trip() {
        let f = MapFilters {
            days: 30,
            topic: Some("weak-signal".into()),
            tech: Some(Technology::G5),
            status: Some(SpotStatus::InWork),
            layer: Some("fixed".into()),
        };
        assert_eq!(
            f.to_query(),
            "?days=30&topic=weak-signal&tech=5g&status=in_work&layer=fixed"
        );
        assert_eq!(
            parse(&[
                ("days", "30"),
                ("topic", "weak-signal"),
                ("tech", "5g"),
                ("status", "in_work"),
                ("layer", "FIXED")
            ]),
            f
        );
    }

    #[test]
    fn the_coverage_layer_follows_the_choice_then_the_technology() {
        let mut f = MapFilters::default();
        assert_eq!(f.coverage_layer(), "4g");
        f.tech = Some(Technology::G2);
        assert_eq!(f.coverage_layer(), "2g");
        f.layer = Some("fixed".into());
        assert_eq!(f.coverage_layer(), "fixed");
        assert_eq!(parse(&[("layer", "<b>")]).layer, None);
        assert_eq!(parse(&[("layer", "LTE")]).layer.as_deref(), Some("4g"));
    }

    #[test]
    fn odd_topics_are_encoded() {
        let f = MapFilters {
            topic: Some("a b&c".into()),
            ..Default::default()
        };
        assert_eq!(f.to_query(), "?topic=a%20b%26c");
    }
}
