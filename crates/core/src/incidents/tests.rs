use super::*;
use chrono::TimeZone;
use proptest::prelude::*;
use spotdesk_api::EscalationTiming;
use IncidentStatus::*;

const ALL: [IncidentStatus; 6] = [Registered, Diagnosis, InWork, Resolved, Confirmed, Reopened];

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 8, 0, 0)
        .single()
        .unwrap_or_default()
}

fn defaults() -> EscalationSettings {
    EscalationSettings::default()
}

fn facts(status: IncidentStatus) -> EscalationFacts {
    EscalationFacts {
        status,
        has_owner: true,
        registered_at: t0(),
        status_since: t0(),
        expected_resolution: None,
    }
}

#[test]
fn lifecycle_allows_the_documented_path() {
    assert!(transition_allowed(Registered, Diagnosis));
    assert!(transition_allowed(Diagnosis, InWork));
    assert!(transition_allowed(InWork, Resolved));
    assert!(transition_allowed(Resolved, Confirmed));
    assert!(transition_allowed(Confirmed, Reopened));
    assert!(transition_allowed(Reopened, InWork));
}

#[test]
fn lifecycle_refuses_shortcuts() {
    assert!(!transition_allowed(Registered, Confirmed));
    assert!(!transition_allowed(InWork, Confirmed));
    assert!(!transition_allowed(Confirmed, InWork));
    assert!(!transition_allowed(Registered, Reopened));
    assert!(!transition_allowed(Resolved, InWork));
}

#[test]
fn next_statuses_match_transition_allowed() {
    assert_eq!(next_statuses(Resolved), vec![Confirmed, Reopened]);
    assert_eq!(next_statuses(Confirmed), vec![Reopened]);
    assert!(!next_statuses(Registered).contains(&Registered));
}

#[test]
fn resolved_incidents_have_no_timers() {
    let mut f = facts(Resolved);
    f.has_owner = false;
    f.expected_resolution = Some(t0());
    assert!(rule_deadlines(&f, &defaults()).is_empty());
}

#[test]
fn each_rule_has_its_own_deadline() {
    let mut f = facts(Registered);
    f.has_owner = false;
    f.expected_resolution = Some(t0() + Duration::hours(4));
    let d = rule_deadlines(&f, &defaults());
    assert_eq!(
        d,
        vec![
            (
                EscalationRule::NotResolvedByExpected,
                t0() + Duration::hours(4)
            ),
            (
                EscalationRule::NotTakenIntoWork,
                t0() + Duration::minutes(30)
            ),
            (EscalationRule::NoOwner, t0() + Duration::minutes(15)),
        ]
    );
    let d = rule_deadlines(&facts(Diagnosis), &defaults());
    assert_eq!(
        d,
        vec![(EscalationRule::DiagnosisTooLong, t0() + Duration::hours(2))]
    );
    assert!(rule_deadlines(&facts(InWork), &defaults()).is_empty());
}

#[test]
fn levels_step_hourly_and_cap() {
    let (d, s) = (t0(), defaults());
    assert_eq!(due_level(d, d - Duration::seconds(1), &s), 0);
    assert_eq!(due_level(d, d, &s), 1);
    assert_eq!(due_level(d, d + Duration::minutes(59), &s), 1);
    assert_eq!(due_level(d, d + Duration::minutes(60), &s), 2);
    assert_eq!(due_level(d, d + Duration::days(30), &s), 3);
    assert_eq!(level_at(d, 2, &s), Some(d + Duration::hours(1)));
    assert_eq!(level_at(d, 4, &s), None);
    assert_eq!(next_level(d, 1, &s), Some((2, d + Duration::hours(1))));
    assert_eq!(next_level(d, 3, &s), None);
    let due = due_levels(d, d + Duration::hours(3), &s);
    let notify: Vec<&str> = due.iter().map(|l| l.notify.as_str()).collect();
    assert_eq!(
        notify,
        ["shift-lead", "department-head", "technical-director"]
    );
}

#[test]
fn the_settings_set_the_timings_and_the_ladder() {
    let s = EscalationSettings {
        timings: vec![
            EscalationTiming {
                rule: EscalationRule::NoOwner,
                after_minutes: 5,
            },
            EscalationTiming {
                rule: EscalationRule::NotResolvedByExpected,
                after_minutes: 10,
            },
        ],
        levels: vec![
            EscalationLevel {
                level: 2,
                after_minutes: 20,
                notify: "head".into(),
            },
            EscalationLevel {
                level: 1,
                after_minutes: 0,
                notify: "lead".into(),
            },
        ],
    };
    let mut f = facts(Registered);
    f.has_owner = false;
    f.expected_resolution = Some(t0() + Duration::hours(4));
    assert_eq!(
        rule_deadlines(&f, &s),
        vec![
            (
                EscalationRule::NotResolvedByExpected,
                t0() + Duration::minutes(250)
            ),
            // Left out of the settings: the default 30 minutes.
            (
                EscalationRule::NotTakenIntoWork,
                t0() + Duration::minutes(30)
            ),
            (EscalationRule::NoOwner, t0() + Duration::minutes(5)),
        ]
    );
    let d = t0();
    assert_eq!(due_level(d, d + Duration::minutes(19), &s), 1);
    assert_eq!(due_level(d, d + Duration::days(3), &s), 2);
    assert_eq!(level_at(d, 2, &s), Some(d + Duration::minutes(20)));
    assert_eq!(level_at(d, 3, &s), None);
    assert_eq!(ladder(&s)[0].notify, "lead");
}

#[test]
fn reopen_threshold_examples() {
    assert_eq!(reopen_threshold(0), 1);
    assert_eq!(reopen_threshold(1), 1);
    assert_eq!(reopen_threshold(3), 2);
    assert_eq!(reopen_threshold(10), 2);
    assert_eq!(reopen_threshold(11), 3);
    assert_eq!(reopen_threshold(100), 20);
}

proptest! {
    #[test]
    fn due_level_is_monotonic_and_bounded(a in 0i64..1_000_000, b in 0i64..1_000_000) {
        let d = t0();
        let (lo, hi) = (a.min(b), a.max(b));
        let l1 = due_level(d, d + Duration::seconds(lo), &defaults());
        let l2 = due_level(d, d + Duration::seconds(hi), &defaults());
        prop_assert!(l1 <= l2);
        prop_assert!((1..=3).contains(&l2));
    }

    #[test]
    fn level_at_is_when_due_level_reaches_it(level in 1u8..=3, secs in -10_000i64..20_000) {
        let d = t0();
        let at = level_at(d, level, &defaults()).unwrap_or(d);
        let now = d + Duration::seconds(secs);
        prop_assert_eq!(due_level(d, now, &defaults()) >= level, now >= at);
    }

    #[test]
    fn transitions_never_leave_the_graph(i in 0usize..6, j in 0usize..6) {
        let (from, to) = (ALL[i], ALL[j]);
        prop_assert_eq!(transition_allowed(from, to), from == to || next_statuses(from).contains(&to));
        // Nothing jumps straight to confirmed except from resolved.
        if to == Confirmed && from != Confirmed && transition_allowed(from, to) {
            prop_assert_eq!(from, Resolved);
        }
    }

    #[test]
    fn threshold_is_at_least_one_and_at_most_linked(linked in 1i64..10_000) {
        let t = reopen_threshold(linked);
        prop_assert!(t >= 1 && t <= linked);
    }
}
