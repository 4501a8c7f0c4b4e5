//! What an audit entry changed: the keys whose values differ between the object before and
//! after, for a readable "field: before → after" table.

use serde_json::Value;

/// Keys never shown: the id names the object already, the version changes with everything.
const HIDDEN: [&str; 2] = ["id", "version"];

/// Known keys in the order a person reads them; others follow alphabetically.
const ORDER: [&str; 9] = [
    "username",
    "display_name",
    "role",
    "group",
    "disabled",
    "must_change_password",
    "locked_until",
    "password_changed_at",
    "counters_removed",
];

/// One changed key.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub key: String,
    /// The value before (`None`: absent or null).
    pub before: Option<Value>,
    /// The value after (`None`: absent or null).
    pub after: Option<Value>,
}

/// The changed keys of an entry: for a creation (no `before`) every key `after` sets, for a
/// removal every key `before` had, otherwise the keys whose values differ (absent and null
/// count as the same). Objects that are not JSON objects compare as one value, key `""`.
pub fn changes(before: Option<&Value>, after: Option<&Value>) -> Vec<Change> {
    let present = |v: Option<&Value>| v.filter(|v| !v.is_null()).cloned();
    let (b, a) = (
        before.and_then(Value::as_object),
        after.and_then(Value::as_object),
    );
    if (before.is_some() && b.is_none()) || (after.is_some() && a.is_none()) {
        let (bv, av) = (present(before), present(after));
        return if bv == av {
            vec![]
        } else {
            vec![Change {
                key: String::new(),
                before: bv,
                after: av,
            }]
        };
    }
    let mut keys: Vec<&String> = b.iter().chain(a.iter()).flat_map(|m| m.keys()).collect();
    keys.retain(|k| !HIDDEN.contains(&k.as_str()));
    spotdesk_core::sort::sort_by(&mut keys, |x, y| rank(x).cmp(&rank(y)));
    keys.dedup();
    keys.into_iter()
        .filter_map(|k| {
            let bv = present(b.and_then(|m| m.get(k)));
            let av = present(a.and_then(|m| m.get(k)));
            (bv != av).then(|| Change {
                key: k.clone(),
                before: bv,
                after: av,
            })
        })
        .collect()
}

/// Sort key: known keys by [`ORDER`], then the rest by name.
fn rank(key: &str) -> (usize, &str) {
    match ORDER.iter().position(|k| *k == key) {
        Some(i) => (i, ""),
        None => (ORDER.len(), key),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn keys(c: &[Change]) -> Vec<&str> {
        c.iter().map(|c| c.key.as_str()).collect()
    }

    #[test]
    fn an_update_shows_only_what_differs() {
        let before = json!({"id": 3, "username": "anna", "display_name": "Anna", "role": "agent",
            "group": null, "disabled": false, "version": 1});
        let after = json!({"id": 3, "username": "anna", "display_name": "Anna K", "role": "agent",
            "group": "line2-network", "disabled": true, "version": 2});
        let c = changes(Some(&before), Some(&after));
        assert_eq!(keys(&c), vec!["display_name", "group", "disabled"]);
        assert_eq!(c[1].before, None);
        assert_eq!(c[1].after, Some(json!("line2-network")));
        assert_eq!(c[2].before, Some(json!(false)));
    }

    #[test]
    fn a_creation_shows_what_was_set_and_extra_keys_come_last() {
        let after = json!({"id": 9, "zeta": 1, "role": "engineer", "username": "bob",
            "group": null, "version": 1, "alpha": "x"});
        let c = changes(None, Some(&after));
        assert_eq!(keys(&c), vec!["username", "role", "alpha", "zeta"]);
        assert!(c.iter().all(|c| c.before.is_none()));
    }

    #[test]
    fn absent_and_null_are_the_same_and_nothing_changed_is_empty() {
        let before = json!({"locked_until": null});
        let after = json!({});
        assert!(changes(Some(&before), Some(&after)).is_empty());
        assert!(changes(None, None).is_empty());
    }

    #[test]
    fn values_that_are_not_objects_compare_whole() {
        let c = changes(Some(&json!("a")), Some(&json!("b")));
        assert_eq!(keys(&c), vec![""]);
        assert_eq!(c[0].after, Some(json!("b")));
    }
}
