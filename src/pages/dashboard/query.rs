//! The dashboard's view as it lives in the URL (shareable, back/forward works): period preset
//! or custom dates, grouping, breakdown dimension and filters.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, TimeZone, Utc};
use spotdesk_core::dashboard::{Filter, Granularity};

/// Period presets of the picker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Preset {
    /// Today so far.
    Today,
    /// The last 7 days including today.
    #[default]
    Days7,
    /// The last 30 days including today.
    Days30,
    /// The last 90 days including today.
    Days90,
    /// `from` .. `to` (local days, inclusive).
    Custom,
}

impl Preset {
    /// Every preset, in menu order.
    pub const ALL: [Preset; 5] = [
        Preset::Today,
        Preset::Days7,
        Preset::Days30,
        Preset::Days90,
        Preset::Custom,
    ];

    /// URL value.
    pub fn code(self) -> &'static str {
        match self {
            Preset::Today => "today",
            Preset::Days7 => "7d",
            Preset::Days30 => "30d",
            Preset::Days90 => "90d",
            Preset::Custom => "custom",
        }
    }

    fn days(self) -> i64 {
        match self {
            Preset::Today => 1,
            Preset::Days7 => 7,
            Preset::Days30 => 30,
            Preset::Days90 | Preset::Custom => 90,
        }
    }
}

/// Which slice the breakdown figure shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Dimension {
    /// Per service code.
    #[default]
    Service,
    /// Per assignee group.
    Group,
    /// Per support line.
    Line,
}

impl Dimension {
    /// Every dimension.
    pub const ALL: [Dimension; 3] = [Dimension::Service, Dimension::Group, Dimension::Line];

    /// URL value.
    pub fn code(self) -> &'static str {
        match self {
            Dimension::Service => "service",
            Dimension::Group => "group",
            Dimension::Line => "line",
        }
    }
}

/// Everything the URL says about the view.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DashQuery {
    pub preset: Preset,
    /// First local day of a custom period.
    pub from: Option<NaiveDate>,
    /// Last local day (inclusive) of a custom period.
    pub to: Option<NaiveDate>,
    pub granularity: Granularity,
    pub by: Dimension,
    pub service: Option<String>,
    pub group: Option<String>,
    pub line: Option<u8>,
}

impl DashQuery {
    /// Reads the URL parameters; unknown or unreadable values fall back to defaults.
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> Self {
        let text = |k: &str| {
            get(k)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let from: Option<NaiveDate> = text("from").and_then(|s| s.parse().ok());
        let to: Option<NaiveDate> = text("to").and_then(|s| s.parse().ok());
        let mut preset = text("period")
            .and_then(|p| Preset::ALL.into_iter().find(|x| x.code() == p))
            .unwrap_or_default();
        if preset == Preset::Custom && (from.is_none() || to.is_none()) {
            preset = Preset::default();
        }
        Self {
            preset,
            from: from.filter(|_| preset == Preset::Custom),
            to: to.filter(|_| preset == Preset::Custom),
            granularity: text("g")
                .and_then(|g| Granularity::parse(&g))
                .unwrap_or_default(),
            by: text("by")
                .and_then(|b| Dimension::ALL.into_iter().find(|d| d.code() == b))
                .unwrap_or_default(),
            service: text("service"),
            group: text("group"),
            line: text("line")
                .and_then(|l| l.parse().ok())
                .filter(|l| (1..=3).contains(l)),
        }
    }

    /// `?period=…&…` with only the non-default values.
    pub fn to_query_string(&self) -> String {
        let mut parts: Vec<(&str, String)> = vec![("period", self.preset.code().to_owned())];
        if self.preset == Preset::Custom {
            if let (Some(f), Some(t)) = (self.from, self.to) {
                parts.push(("from", f.to_string()));
                parts.push(("to", t.to_string()));
            }
        }
        if self.granularity != Granularity::Day {
            parts.push(("g", self.granularity.code().to_owned()));
        }
        if self.by != Dimension::Service {
            parts.push(("by", self.by.code().to_owned()));
        }
        if let Some(s) = &self.service {
            parts.push(("service", s.clone()));
        }
        if let Some(g) = &self.group {
            parts.push(("group", g.clone()));
        }
        if let Some(l) = self.line {
            parts.push(("line", l.to_string()));
        }
        let encoded: Vec<String> = parts
            .into_iter()
            .map(|(k, v)| format!("{k}={}", crate::url::encode_query_value(&v)))
            .collect();
        format!("?{}", encoded.join("&"))
    }

    /// The ticket filter.
    pub fn filter(&self) -> Filter {
        Filter {
            service: self.service.clone(),
            group: self.group.clone(),
            line: self.line,
        }
    }

    /// `[from, to)` in UTC for local time zone `tz` at `now`: whole local days, the last one
    /// being today for presets. A custom period with `to < from` is swapped.
    pub fn period(&self, tz: FixedOffset, now: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
        let today = now.with_timezone(&tz).date_naive();
        let (first, last) = match (self.preset, self.from, self.to) {
            (Preset::Custom, Some(f), Some(t)) => (f.min(t), f.max(t)),
            (p, _, _) => (today - Duration::days(p.days() - 1), today),
        };
        let midnight = |d: NaiveDate| {
            tz.from_local_datetime(&d.and_time(chrono::NaiveTime::MIN))
                .single()
                .map(|t| t.with_timezone(&Utc))
                .unwrap_or(now)
        };
        (midnight(first), midnight(last + Duration::days(1)))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn parse(q: &[(&str, &str)]) -> DashQuery {
        let m: HashMap<String, String> = q
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        DashQuery::from_params(|k| m.get(k).cloned())
    }

    #[test]
    fn defaults_and_round_trip() {
        assert_eq!(parse(&[]), DashQuery::default());
        let q = DashQuery {
            preset: Preset::Custom,
            from: NaiveDate::from_ymd_opt(2026, 11, 1),
            to: NaiveDate::from_ymd_opt(2026, 11, 9),
            granularity: Granularity::Week,
            by: Dimension::Line,
            service: Some("home internet".into()),
            group: Some("net".into()),
            line: Some(2),
        };
        let s = q.to_query_string();
        assert!(s.contains("service=home%20internet"), "{s}");
        let back: Vec<(String, String)> = s
            .trim_start_matches('?')
            .split('&')
            .map(|kv| {
                let (k, v) = kv.split_once('=').unwrap();
                (k.to_owned(), v.replace("%20", " "))
            })
            .collect();
        let m: HashMap<String, String> = back.into_iter().collect();
        assert_eq!(DashQuery::from_params(|k| m.get(k).cloned()), q);
    }

    #[test]
    fn bad_values_fall_back() {
        let q = parse(&[
            ("period", "custom"),
            ("from", "2026-11-01"),
            ("line", "7"),
            ("g", "year"),
        ]);
        assert_eq!(q.preset, Preset::Days7);
        assert_eq!(q.from, None);
        assert_eq!(q.line, None);
        assert_eq!(q.granularity, Granularity::Day);
    }

    #[test]
    fn periods_are_whole_local_days() {
        let tz = FixedOffset::east_opt(3 * 3600).unwrap();
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 22, 0, 0).unwrap(); // 01:00 on the 24th local
        let (f, t) = parse(&[("period", "today")]).period(tz, now);
        assert_eq!(f, Utc.with_ymd_and_hms(2026, 11, 23, 21, 0, 0).unwrap());
        assert_eq!(t - f, Duration::days(1));
        let (f, t) = parse(&[
            ("period", "custom"),
            ("from", "2026-11-09"),
            ("to", "2026-11-02"),
        ])
        .period(tz, now);
        assert_eq!(f, Utc.with_ymd_and_hms(2026, 11, 1, 21, 0, 0).unwrap());
        assert_eq!(t, Utc.with_ymd_and_hms(2026, 11, 9, 21, 0, 0).unwrap());
        let (f, t) = parse(&[("period", "30d")]).period(tz, now);
        assert_eq!(t - f, Duration::days(30));
    }
}
