//! What replacing one configuration by another changes, entry by entry.

use serde::Serialize;
use serde_json::Value;
use spotdesk_api::Catalogue;

/// One changed entry of the configuration: a keyed row (`services[mobile-data]`,
/// `groups[line1]`, `routing[7]`, `business_units[sales]`), the order of a list's rows
/// (`services (order)`: the codes before and after) or a whole part (`holidays`,
/// `business_day`, `working_week`, `pre_holiday_short_minutes`, `escalation`, `detection`).
#[derive(Debug, Clone, PartialEq)]
pub struct EntryChange {
    /// The entry's name.
    pub key: String,
    /// The entry before (absent when added).
    pub before: Option<Value>,
    /// The entry after (absent when removed).
    pub after: Option<Value>,
}

impl EntryChange {
    /// `added`, `removed`, `retired`, `unretired`, `reordered` or `changed`.
    pub fn verb(&self) -> &'static str {
        if self.key.ends_with(" (order)") {
            return "reordered";
        }
        let retired = |v: &Option<Value>| {
            v.as_ref()
                .and_then(|v| v.get("retired"))
                .and_then(Value::as_bool)
        };
        match (&self.before, &self.after) {
            (None, _) => "added",
            (_, None) => "removed",
            _ => match (retired(&self.before), retired(&self.after)) {
                (Some(false), Some(true)) => "retired",
                (Some(true), Some(false)) => "unretired",
                _ => "changed",
            },
        }
    }
}

fn json<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// The rows of one keyed list: those of `after` in its order (added or changed), then those
/// only in `before` (removed).
fn rows<T: Serialize>(
    out: &mut Vec<EntryChange>,
    list: &str,
    before: &[T],
    after: &[T],
    key: impl Fn(&T) -> String,
) {
    let find = |rows: &[T], k: &str| rows.iter().find(|r| key(r) == k).map(json);
    for row in after {
        let k = key(row);
        let now = json(row);
        let was = find(before, &k);
        if was.as_ref() != Some(&now) {
            out.push(EntryChange {
                key: format!("{list}[{k}]"),
                before: was,
                after: Some(now),
            });
        }
    }
    for row in before {
        let k = key(row);
        if find(after, &k).is_none() {
            out.push(EntryChange {
                key: format!("{list}[{k}]"),
                before: Some(json(row)),
                after: None,
            });
        }
    }
    // The order of the rows both have (the catalogue picker shows services in it).
    let kept = |rows: &[T], other: &[T]| -> Vec<String> {
        rows.iter()
            .map(&key)
            .filter(|k| other.iter().any(|r| key(r) == *k))
            .collect()
    };
    let (was, now) = (kept(before, after), kept(after, before));
    if was != now {
        out.push(EntryChange {
            key: format!("{list} (order)"),
            before: Some(json(&was)),
            after: Some(json(&now)),
        });
    }
}

/// A whole part, when it differs.
fn part<T: Serialize + PartialEq>(out: &mut Vec<EntryChange>, name: &str, before: &T, after: &T) {
    if before != after {
        out.push(EntryChange {
            key: name.to_owned(),
            before: Some(json(before)),
            after: Some(json(after)),
        });
    }
}

/// Every entry that differs between `before` and `after` (empty: the two are equal). Rows
/// are matched by code (routing rules by id); rows that only moved are one `<list> (order)`
/// entry.
pub fn changes(before: &Catalogue, after: &Catalogue) -> Vec<EntryChange> {
    let mut out = Vec::new();
    rows(
        &mut out,
        "services",
        &before.services,
        &after.services,
        |s| s.code.clone(),
    );
    rows(&mut out, "groups", &before.groups, &after.groups, |g| {
        g.code.clone()
    });
    rows(&mut out, "routing", &before.routing, &after.routing, |r| {
        r.id.to_string()
    });
    rows(
        &mut out,
        "business_units",
        &before.business_units,
        &after.business_units,
        |u| u.code.clone(),
    );
    part(&mut out, "holidays", &before.holidays, &after.holidays);
    part(
        &mut out,
        "business_day",
        &before.business_day,
        &after.business_day,
    );
    part(
        &mut out,
        "working_week",
        &before.working_week,
        &after.working_week,
    );
    part(
        &mut out,
        "pre_holiday_short_minutes",
        &before.pre_holiday_short_minutes,
        &after.pre_holiday_short_minutes,
    );
    part(
        &mut out,
        "escalation",
        &before.escalation,
        &after.escalation,
    );
    part(&mut out, "detection", &before.detection, &after.detection);
    out
}

/// One line per change, `services[mobile-data]: changed` (the import preview).
pub fn summary(changes: &[EntryChange]) -> Vec<String> {
    changes
        .iter()
        .map(|c| format!("{}: {}", c.key, c.verb()))
        .collect()
}
