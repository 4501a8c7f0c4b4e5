//! The audit log's filters as they live in the URL query (shareable, back/forward works), and
//! their translation into an API [`AuditQuery`].

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};
use spotdesk_api::AuditQuery;

/// The actions the audit log records, in menu order.
pub const ACTIONS: [&str; 8] = [
    "user.create",
    "user.update",
    "user.disable",
    "user.enable",
    "user.password_reset",
    "user.password_change",
    "user.unlock",
    "configuration.update",
];

/// Filters of the audit log.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AuditFilter {
    /// The actor's username (`cli` for the command line); empty: anyone.
    pub actor: String,
    /// An action, or the start of one (`user.`); empty: any.
    pub action: String,
    /// The kind of object (`user`); empty: any.
    pub object_kind: String,
    /// The object's id (with its kind).
    pub object_id: Option<i64>,
    /// First day (local) of the period, inclusive.
    pub from: Option<NaiveDate>,
    /// Last day (local) of the period, inclusive.
    pub to: Option<NaiveDate>,
}

impl AuditFilter {
    /// Reads the filter from URL parameters; unreadable values are ignored.
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> Self {
        let text = |k: &str| get(k).map(|v| v.trim().to_owned()).unwrap_or_default();
        let object_kind = text("object_kind");
        Self {
            actor: text("actor"),
            action: text("action"),
            object_id: text("object_id")
                .parse()
                .ok()
                .filter(|_| !object_kind.is_empty()),
            object_kind,
            from: text("from").parse().ok(),
            to: text("to").parse().ok(),
        }
    }

    /// The URL query (`?…`, or empty), in a stable order; only set filters appear.
    pub fn to_query_string(&self) -> String {
        let mut p: Vec<(&str, String)> = Vec::new();
        let mut push = |k, v: String| {
            if !v.trim().is_empty() {
                p.push((k, v.trim().to_owned()));
            }
        };
        push("actor", self.actor.clone());
        push("action", self.action.clone());
        push("object_kind", self.object_kind.clone());
        if !self.object_kind.trim().is_empty() {
            push(
                "object_id",
                self.object_id.map(|i| i.to_string()).unwrap_or_default(),
            );
        }
        push("from", self.from.map(|d| d.to_string()).unwrap_or_default());
        push("to", self.to.map(|d| d.to_string()).unwrap_or_default());
        if p.is_empty() {
            return String::new();
        }
        let parts: Vec<String> = p
            .into_iter()
            .map(|(k, v)| format!("{k}={}", crate::url::encode_query_value(&v)))
            .collect();
        format!("?{}", parts.join("&"))
    }

    /// The API query for one page; days are taken in the browser's time zone `tz`.
    pub fn to_query(&self, tz: FixedOffset, limit: u32) -> AuditQuery {
        let midnight = |d: NaiveDate| -> Option<DateTime<Utc>> {
            tz.from_local_datetime(&d.and_hms_opt(0, 0, 0)?)
                .single()
                .map(|t| t.with_timezone(&Utc))
        };
        let opt = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
        AuditQuery {
            actor: opt(&self.actor),
            action: opt(&self.action),
            object_kind: opt(&self.object_kind),
            object_id: self.object_id.filter(|_| !self.object_kind.is_empty()),
            from: self.from.and_then(midnight),
            to: self.to.and_then(|d| d.succ_opt()).and_then(midnight),
            cursor: None,
            limit: Some(limit),
        }
    }

    /// The object select's value: `kind:id`, or empty.
    pub fn object_value(&self) -> String {
        match (self.object_kind.as_str(), self.object_id) {
            ("", _) => String::new(),
            (kind, Some(id)) => format!("{kind}:{id}"),
            (kind, None) => kind.to_owned(),
        }
    }

    /// Sets the object from the select's value (`kind:id`, `kind` or empty).
    pub fn set_object(&mut self, value: &str) {
        let (kind, id) = match value.split_once(':') {
            Some((k, i)) => (k, i.parse().ok()),
            None => (value, None),
        };
        self.object_kind = kind.trim().to_owned();
        self.object_id = id.filter(|_| !self.object_kind.is_empty());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn parse(q: &[(&str, &str)]) -> AuditFilter {
        let m: HashMap<String, String> = q
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        AuditFilter::from_params(|k| m.get(k).cloned())
    }

    #[test]
    fn round_trips_through_the_url() {
        let f = AuditFilter {
            actor: "админ".into(),
            action: "user.disable".into(),
            object_kind: "user".into(),
            object_id: Some(12),
            from: NaiveDate::from_ymd_opt(2025, 3, 1),
            to: NaiveDate::from_ymd_opt(2025, 3, 31),
        };
        let qs = f.to_query_string();
        assert_eq!(
            qs,
            "?actor=%D0%B0%D0%B4%D0%BC%D0%B8%D0%BD&action=user.disable&object_kind=user&object_id=12&from=2025-03-01&to=2025-03-31"
        );
        let back = parse(&[
            ("actor", "админ"),
            ("action", "user.disable"),
            ("object_kind", "user"),
            ("object_id", "12"),
            ("from", "2025-03-01"),
            ("to", "2025-03-31"),
        ]);
        assert_eq!(back, f);
        assert_eq!(AuditFilter::default().to_query_string(), "");
        // An id without its kind means nothing; junk dates are ignored.
        assert_eq!(
            parse(&[("object_id", "3"), ("from", "yesterday")]),
            AuditFilter::default()
        );
    }

    #[test]
    fn the_object_select_value_round_trips() {
        let mut f = AuditFilter::default();
        f.set_object("user:7");
        assert_eq!((f.object_kind.as_str(), f.object_id), ("user", Some(7)));
        assert_eq!(f.object_value(), "user:7");
        f.set_object("");
        assert_eq!(f, AuditFilter::default());
        assert_eq!(f.object_value(), "");
    }

    #[test]
    fn the_period_is_whole_local_days() {
        let f = AuditFilter {
            from: NaiveDate::from_ymd_opt(2025, 3, 1),
            to: NaiveDate::from_ymd_opt(2025, 3, 1),
            actor: " admin ".into(),
            ..Default::default()
        };
        let tz = FixedOffset::east_opt(3 * 3600).expect("offset");
        let q = f.to_query(tz, 50);
        assert_eq!(
            q.from.map(|t| t.to_rfc3339()),
            Some("2025-02-28T21:00:00+00:00".into())
        );
        assert_eq!(
            q.to.map(|t| t.to_rfc3339()),
            Some("2025-03-01T21:00:00+00:00".into())
        );
        assert_eq!(q.actor.as_deref(), Some("admin"));
        assert_eq!(q.action, None);
        assert_eq!(q.limit, Some(50));
    }
}
