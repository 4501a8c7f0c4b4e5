//! Rules of a registered spot's life: which status changes are allowed, applying a change
//! ([`apply_patch`]) and which engineering group a spot goes to by its topic.

use crate::validate::{check_group, clean_text, invalid_transition, too_long};
use chrono::{DateTime, Utc};
use spotdesk_api::{Catalogue, FieldError, Group, Spot, SpotPatch, SpotStatus};

/// Longest key, topic, technology or group.
pub const MAX_SHORT: usize = 200;
/// Longest free text (cause, each language of the public note).
pub const MAX_TEXT: usize = 2000;

/// Position of a status on the only path a spot moves along.
fn rank(s: SpotStatus) -> u8 {
    match s {
        SpotStatus::Registered => 0,
        SpotStatus::InWork => 1,
        SpotStatus::Resolved => 2,
    }
}

/// Whether a spot may move from `from` to `to`: forward only (`registered` → `in_work` →
/// `resolved`, skipping allowed); staying put is allowed; a resolved spot is final.
pub fn transition_allowed(from: SpotStatus, to: SpotStatus) -> bool {
    rank(to) >= rank(from)
}

/// The statuses a spot may move to from `from` in one step, in lifecycle order.
pub fn next_statuses(from: SpotStatus) -> Vec<SpotStatus> {
    SpotStatus::ALL
        .into_iter()
        .filter(|&to| to != from && transition_allowed(from, to))
        .collect()
}

/// An accepted patch: the spot after it and what the caller still has to do.
#[derive(Debug, Clone, PartialEq)]
pub struct SpotChange {
    /// The spot after the patch. When something changed, `updated_at` is `now` and the
    /// version is one more than the current one; otherwise it equals the current spot.
    pub next: Spot,
    /// Whether anything changed (else the caller answers the current spot as it is).
    pub changed: bool,
    /// The spot became resolved now: its complainants are to be told, with
    /// [`fix_note`] of the new spot.
    pub resolving: bool,
}

/// Applies `patch` to `current` at `now`, or answers every problem at once.
///
/// Rules: the group is a catalogue group; cause up to [`MAX_TEXT`] characters, the public
/// note up to [`MAX_TEXT`] per language; the status moves forward only
/// ([`transition_allowed`]; else field `status`, `invalid_transition`, the message listing
/// [`next_statuses`]); a resolved spot has `resolved_at` (kept when already set), another
/// status clears it. A patch that changes nothing leaves the version alone.
pub fn apply_patch(
    current: &Spot,
    patch: &SpotPatch,
    cat: &Catalogue,
    now: DateTime<Utc>,
) -> Result<SpotChange, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut next = current.clone();
    if let Some(g) = &patch.group {
        next.group = clean_text(&mut errors, "group", Some(g.clone()), MAX_SHORT);
        check_group(&mut errors, "group", next.group.as_deref(), cat);
    }
    if let Some(c) = &patch.cause {
        next.cause = clean_text(&mut errors, "cause", Some(c.clone()), MAX_TEXT);
    }
    if let Some(note) = &patch.public_note {
        let longest = note.en.chars().count().max(note.ru.chars().count());
        if longest > MAX_TEXT {
            errors.push(too_long("public_note", MAX_TEXT, longest));
        }
        next.public_note = Some(note.clone());
    }
    if let Some(d) = patch.expected_fix {
        next.expected_fix = Some(d);
    }
    if let Some(status) = patch.status {
        if !transition_allowed(current.status, status) {
            let allowed: Vec<&str> = next_statuses(current.status)
                .into_iter()
                .map(SpotStatus::as_str)
                .collect();
            errors.push(invalid_transition(
                current.status.as_str(),
                status.as_str(),
                &allowed,
            ));
        }
        next.status = status;
        if status != SpotStatus::Resolved {
            next.resolved_at = None;
        } else if next.resolved_at.is_none() {
            next.resolved_at = Some(now);
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let changed = next != *current;
    if changed {
        next.updated_at = now;
        next.version = current.version + 1;
    }
    Ok(SpotChange {
        resolving: current.status != SpotStatus::Resolved && next.status == SpotStatus::Resolved,
        next,
        changed,
    })
}

/// The text of a spot's "fixed" message: its public note, Russian unless blank, else
/// English; `None` when both are blank.
pub fn fix_note(spot: &Spot) -> Option<&str> {
    spot.public_note
        .as_ref()
        .map(|n| if n.ru.trim().is_empty() { &n.en } else { &n.ru })
        .filter(|n| !n.trim().is_empty())
        .map(String::as_str)
}

/// Topics about the radio network itself (coverage, signal, dropped calls): infrastructure.
pub const RADIO_TOPICS: &[&str] = &["no-signal", "weak-signal", "call-drops"];
/// Group for radio topics.
pub const RADIO_GROUP: &str = "line3-infrastructure";
/// Group for everything else (data speed, data access, unknown topic).
pub const NETWORK_GROUP: &str = "line2-network";

/// The engineering group a spot of this topic is routed to, if that group exists in
/// `groups`: radio topics go to [`RADIO_GROUP`], other topics to [`NETWORK_GROUP`]; when the
/// preferred group is missing the other one is tried, then `None`.
pub fn group_for_topic(topic: Option<&str>, groups: &[Group]) -> Option<String> {
    let radio = topic.is_some_and(|t| RADIO_TOPICS.contains(&t));
    let order = if radio {
        [RADIO_GROUP, NETWORK_GROUP]
    } else {
        [NETWORK_GROUP, RADIO_GROUP]
    };
    order
        .into_iter()
        .find(|code| groups.iter().any(|g| g.code == *code))
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::code;
    use chrono::{Duration, TimeZone};
    use proptest::prelude::*;
    use spotdesk_api::{BusinessDay, LocalizedText, Polygon, SpotId};

    const ALL: [SpotStatus; 3] = [
        SpotStatus::Registered,
        SpotStatus::InWork,
        SpotStatus::Resolved,
    ];

    fn group(code: &str) -> Group {
        Group {
            code: code.into(),
            name: LocalizedText::new(code, code),
            line: 2,
        }
    }

    #[test]
    fn forward_moves_only() {
        use SpotStatus::*;
        assert!(transition_allowed(Registered, InWork));
        assert!(transition_allowed(Registered, Resolved));
        assert!(transition_allowed(InWork, Resolved));
        assert!(!transition_allowed(InWork, Registered));
        assert!(!transition_allowed(Resolved, InWork));
        assert!(!transition_allowed(Resolved, Registered));
    }

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, 8, 0, 0)
            .single()
            .unwrap_or_default()
    }

    fn catalogue() -> Catalogue {
        Catalogue {
            services: vec![],
            routing: vec![],
            groups: vec![group(NETWORK_GROUP), group(RADIO_GROUP)],
            holidays: vec![],
            business_day: BusinessDay {
                start_hour: 9,
                end_hour: 18,
                utc_offset_minutes: 180,
            },
            ..Default::default()
        }
    }

    fn spot() -> Spot {
        Spot {
            id: SpotId(3),
            key: "k".into(),
            status: SpotStatus::Registered,
            outline: Polygon::default(),
            center_lat: 60.0,
            center_long: 30.0,
            topic: Some("no-signal".into()),
            technology: None,
            complaints: 4,
            priority: 1.5,
            group: Some(RADIO_GROUP.into()),
            cause: None,
            public_note: None,
            expected_fix: None,
            registered_at: t0(),
            updated_at: t0(),
            resolved_at: None,
            version: 1,
            assignee: None,
        }
    }

    fn status(s: SpotStatus) -> SpotPatch {
        SpotPatch {
            status: Some(s),
            ..SpotPatch::default()
        }
    }

    #[test]
    fn an_empty_patch_changes_nothing() {
        let change = apply_patch(&spot(), &SpotPatch::default(), &catalogue(), t0())
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert!(!change.changed && !change.resolving);
        assert_eq!(change.next, spot());
    }

    #[test]
    fn going_back_is_the_one_field_answer_listing_the_next_statuses() {
        let resolved = apply_patch(&spot(), &status(SpotStatus::Resolved), &catalogue(), t0())
            .map(|c| c.next)
            .unwrap_or_else(|e| panic!("{e:?}"));
        let errors = apply_patch(&resolved, &status(SpotStatus::InWork), &catalogue(), t0())
            .err()
            .unwrap_or_default();
        assert_eq!(errors.len(), 1);
        assert_eq!(
            (errors[0].field.as_str(), errors[0].code.as_str()),
            ("status", "invalid_transition")
        );
        assert_eq!(
            errors[0].message,
            "cannot go from resolved to in_work; allowed next: none"
        );
        let in_work = apply_patch(&spot(), &status(SpotStatus::InWork), &catalogue(), t0())
            .map(|c| c.next)
            .unwrap_or_else(|e| panic!("{e:?}"));
        let errors = apply_patch(
            &in_work,
            &status(SpotStatus::Registered),
            &catalogue(),
            t0(),
        )
        .err()
        .unwrap_or_default();
        assert_eq!(
            errors[0].message,
            "cannot go from in_work to registered; allowed next: resolved"
        );
    }

    #[test]
    fn every_problem_is_reported_together() {
        let p = SpotPatch {
            group: Some("nope".into()),
            cause: Some("x".repeat(MAX_TEXT + 1)),
            public_note: Some(LocalizedText::new("y".repeat(MAX_TEXT + 1), "")),
            ..SpotPatch::default()
        };
        let errors = apply_patch(&spot(), &p, &catalogue(), t0())
            .err()
            .unwrap_or_default();
        let codes: Vec<_> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(
            codes,
            [
                ("group", "unknown"),
                ("cause", "too_long"),
                ("public_note", "too_long")
            ]
        );
    }

    #[test]
    fn resolving_is_reported_once_and_the_note_prefers_russian() {
        let p = SpotPatch {
            status: Some(SpotStatus::Resolved),
            public_note: Some(LocalizedText::new("Mast repaired", " ")),
            ..SpotPatch::default()
        };
        let change = apply_patch(&spot(), &p, &catalogue(), t0() + Duration::hours(1))
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert!(change.resolving && change.changed);
        assert_eq!(change.next.resolved_at, Some(t0() + Duration::hours(1)));
        assert_eq!(change.next.version, 2);
        assert_eq!(fix_note(&change.next), Some("Mast repaired"));
        let again = apply_patch(&change.next, &p, &catalogue(), t0() + Duration::hours(2))
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert!(!again.resolving && !again.changed);

        let mut both = spot();
        both.public_note = Some(LocalizedText::new("Fixed", "Исправлено"));
        assert_eq!(fix_note(&both), Some("Исправлено"));
        both.public_note = Some(LocalizedText::new(" ", ""));
        assert_eq!(fix_note(&both), None);
    }

    #[test]
    fn routes_by_topic_to_existing_groups() {
        let both = [group(NETWORK_GROUP), group(RADIO_GROUP)];
        assert_eq!(
            group_for_topic(Some("weak-signal"), &both).as_deref(),
            Some(RADIO_GROUP)
        );
        assert_eq!(
            group_for_topic(Some("slow-data"), &both).as_deref(),
            Some(NETWORK_GROUP)
        );
        assert_eq!(group_for_topic(None, &both).as_deref(), Some(NETWORK_GROUP));
        assert_eq!(
            group_for_topic(Some("no-signal"), &[group(NETWORK_GROUP)]).as_deref(),
            Some(NETWORK_GROUP)
        );
        assert_eq!(group_for_topic(Some("no-signal"), &[group("other")]), None);
    }

    fn patch_strategy() -> impl Strategy<Value = SpotPatch> {
        (
            prop::option::weighted(0.8, prop::sample::select(ALL.to_vec())),
            prop::option::of(prop::sample::select(vec![NETWORK_GROUP, "nope", " "])),
            prop::option::of(prop::sample::select(vec!["fibre cut", ""])),
        )
            .prop_map(|(status, group, cause)| SpotPatch {
                status,
                group: group.map(str::to_owned),
                cause: cause.map(str::to_owned),
                ..SpotPatch::default()
            })
    }

    proptest! {
        /// Through any sequence of patches a spot only moves forward, has `resolved_at`
        /// exactly while resolved, and its version grows by one exactly when something
        /// changed; an empty patch changes nothing.
        #[test]
        fn every_sequence_of_patches_keeps_the_lifecycle(
            patches in proptest::collection::vec(patch_strategy(), 0..20),
        ) {
            let mut current = spot();
            for (i, p) in patches.iter().enumerate() {
                let now = t0() + Duration::minutes(i64::try_from(i).unwrap_or(0) + 1);
                match apply_patch(&current, p, &catalogue(), now) {
                    Ok(change) => {
                        let next = &change.next;
                        prop_assert!(transition_allowed(current.status, next.status));
                        prop_assert_eq!(next.resolved_at.is_some(), next.status == SpotStatus::Resolved);
                        prop_assert_eq!(
                            change.resolving,
                            next.status == SpotStatus::Resolved && current.status != SpotStatus::Resolved
                        );
                        prop_assert_eq!(
                            change.changed,
                            next.version == current.version + 1 && next.updated_at == now
                        );
                        let mut unstamped = next.clone();
                        unstamped.version = current.version;
                        unstamped.updated_at = current.updated_at;
                        prop_assert_eq!(change.changed, unstamped != current);
                        current = change.next;
                    }
                    Err(errors) => {
                        let bad_move = p.status.is_some_and(|s| !transition_allowed(current.status, s));
                        prop_assert_eq!(
                            errors.iter().any(|e| e.field == "status" && e.code == code::INVALID_TRANSITION),
                            bad_move
                        );
                    }
                }
                let empty = apply_patch(&current, &SpotPatch::default(), &catalogue(), now);
                prop_assert_eq!(empty.map(|c| (c.changed, c.next)).ok(), Some((false, current.clone())));
            }
        }

        #[test]
        fn a_path_of_allowed_moves_never_goes_back(steps in proptest::collection::vec(0usize..3, 0..20)) {
            let mut at = SpotStatus::Registered;
            for s in steps {
                let to = ALL[s];
                if transition_allowed(at, to) {
                    prop_assert!(rank(to) >= rank(at));
                    at = to;
                }
            }
            // Once resolved, nothing else is reachable.
            if at == SpotStatus::Resolved {
                prop_assert!(ALL.iter().all(|&t| transition_allowed(at, t) == (t == SpotStatus::Resolved)));
            }
        }
    }
}
