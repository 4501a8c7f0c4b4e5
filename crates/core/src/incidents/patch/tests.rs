use super::*;
use chrono::{Duration, TimeZone};
use proptest::prelude::*;
use spotdesk_api::{BusinessDay, Group, IncidentId, Service, SpotId};
use IncidentStatus::*;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 8, 0, 0)
        .single()
        .unwrap_or_default()
}

fn catalogue() -> Catalogue {
    let service = |code: &str| Service {
        code: code.into(),
        name: LocalizedText::new(code, code),
        description: LocalizedText::default(),
        group: "line1".into(),
        network_quality: true,
        topics: vec![],
        fields: vec![],
        sla: vec![],
        default_group: "line1".into(),
        retired: false,
        form: Default::default(),
        resolution_causes: Vec::new(),
        reply_templates: Vec::new(),
    };
    let group = |code: &str| Group {
        code: code.into(),
        name: LocalizedText::new(code, code),
        line: 2,
    };
    Catalogue {
        services: vec![service("mobile"), service("internet")],
        routing: vec![],
        groups: vec![group("line2-network"), group("line3-infrastructure")],
        holidays: vec![],
        business_day: BusinessDay {
            start_hour: 9,
            end_hour: 18,
            utc_offset_minutes: 180,
        },
        ..Default::default()
    }
}

fn square(at: f64) -> Polygon {
    Polygon {
        ring: vec![
            [at, 60.0],
            [at + 0.01, 60.0],
            [at + 0.01, 60.01],
            [at, 60.01],
        ],
    }
}

fn incident() -> Incident {
    Incident {
        id: IncidentId(7),
        title: "No signal".into(),
        status: Registered,
        area: square(30.0),
        service_codes: vec!["mobile".into()],
        topic: None,
        affected_customers: 40,
        affected_linked: 3,
        affected_estimated: 40,
        affected_source: spotdesk_api::AffectedSource::DensityModel,
        owner_group: None,
        cause: None,
        public_note: None,
        expected_resolution: None,
        informed_units: vec![],
        spot_id: None,
        linked_tickets: 3,
        registered_at: t0(),
        updated_at: t0(),
        resolved_at: None,
        version: 1,
        status_since: Some(t0()),
        notified_customers: 0,
        still_broken_reports: 0,
        proposal_key: None,
        escalations: vec![],
        assignee: None,
    }
}

fn apply(current: &Incident, patch: &IncidentPatch) -> Result<IncidentChange, Vec<FieldError>> {
    apply_patch(
        current,
        patch,
        &catalogue(),
        None,
        t0() + Duration::minutes(5),
        "Anna",
    )
}

fn status(s: IncidentStatus) -> IncidentPatch {
    IncidentPatch {
        status: Some(s),
        ..IncidentPatch::default()
    }
}

fn codes_of(errors: &[FieldError]) -> Vec<(&str, &str)> {
    errors
        .iter()
        .map(|e| (e.field.as_str(), e.code.as_str()))
        .collect()
}

#[test]
fn an_empty_patch_changes_nothing() {
    let current = incident();
    let change = apply(&current, &IncidentPatch::default()).unwrap_or_else(|e| panic!("{e:?}"));
    assert!(!change.changed);
    assert_eq!(change.next, current);
    assert!(!change.area_changed && !change.resolving);
}

#[test]
fn a_change_bumps_the_version_and_stamps_the_time() {
    let current = incident();
    let p = IncidentPatch {
        title: Some("  Outage  ".into()),
        ..IncidentPatch::default()
    };
    let change = apply(&current, &p).unwrap_or_else(|e| panic!("{e:?}"));
    assert!(change.changed);
    assert_eq!(change.next.title, "Outage");
    assert_eq!(change.next.version, 2);
    assert_eq!(change.next.updated_at, t0() + Duration::minutes(5));
    // The same value again is no change.
    let same = IncidentPatch {
        title: Some("No signal".into()),
        ..IncidentPatch::default()
    };
    assert!(!apply(&current, &same).map(|c| c.changed).unwrap_or(true));
}

#[test]
fn a_disallowed_status_is_the_one_field_answer_listing_the_next_statuses() {
    let errors = apply(&incident(), &status(Confirmed))
        .err()
        .unwrap_or_default();
    assert_eq!(codes_of(&errors), [("status", "invalid_transition")]);
    assert_eq!(
        errors[0].message,
        "cannot go from registered to confirmed; allowed next: diagnosis, in_work, resolved"
    );
}

#[test]
fn every_problem_is_reported_together() {
    let p = IncidentPatch {
        title: Some(" ".into()),
        owner_group: Some("nope".into()),
        service_codes: Some(vec!["mobile".into(), "tv".into(), "mobile".into()]),
        area: Some(Polygon {
            ring: vec![[0.0, 0.0]],
        }),
        spot_id: Some(SpotId(9)),
        resolution_note: Some("x".repeat(MAX_TEXT + 1)),
        status: Some(Confirmed),
        ..IncidentPatch::default()
    };
    let errors = apply(&incident(), &p).err().unwrap_or_default();
    assert_eq!(
        codes_of(&errors),
        [
            ("title", "invalid"),
            ("owner_group", "unknown"),
            ("service_codes[1]", "unknown"),
            ("service_codes[2]", "duplicate"),
            ("area", "invalid"),
            ("spot_id", "unknown"),
            ("resolution_note", "too_long"),
            ("status", "invalid_transition"),
        ]
    );
}

#[test]
fn a_spot_brings_its_outline_unless_an_area_is_sent() {
    let current = incident();
    let p = IncidentPatch {
        spot_id: Some(SpotId(4)),
        ..IncidentPatch::default()
    };
    let outline = square(31.0);
    let change = apply_patch(&current, &p, &catalogue(), Some(&outline), t0(), "Anna")
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(change.next.spot_id, Some(SpotId(4)));
    assert_eq!(change.next.area, outline);
    assert!(change.area_changed);

    let sent = IncidentPatch {
        area: Some(square(32.0)),
        ..p
    };
    let change = apply_patch(&current, &sent, &catalogue(), Some(&outline), t0(), "Anna")
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(change.next.area, square(32.0));
}

#[test]
fn the_same_area_needs_no_new_estimate() {
    let p = IncidentPatch {
        area: Some(square(30.0)),
        ..IncidentPatch::default()
    };
    let change = apply(&incident(), &p).unwrap_or_else(|e| panic!("{e:?}"));
    assert!(!change.area_changed && !change.changed);
}

#[test]
fn the_estimate_sets_the_impact() {
    let p = IncidentPatch {
        area: Some(square(33.0)),
        ..IncidentPatch::default()
    };
    let mut change = apply(&incident(), &p).unwrap_or_else(|e| panic!("{e:?}"));
    change.set_estimate(1);
    assert_eq!(
        (
            change.next.affected_estimated,
            change.next.affected_customers
        ),
        (1, 3)
    );
    change.set_estimate(500);
    assert_eq!(change.next.affected_customers, 500);
}

#[test]
fn resolving_is_reported_once_with_the_note() {
    let in_work = apply(&incident(), &status(InWork))
        .map(|c| c.next)
        .unwrap_or_else(|e| panic!("{e:?}"));
    let p = IncidentPatch {
        status: Some(Resolved),
        resolution_note: Some("  Mast repaired ".into()),
        ..IncidentPatch::default()
    };
    let change = apply(&in_work, &p).unwrap_or_else(|e| panic!("{e:?}"));
    assert!(change.resolving);
    assert_eq!(change.resolution_note.as_deref(), Some("Mast repaired"));
    assert_eq!(change.next.resolved_at, Some(t0() + Duration::minutes(5)));
    let again = apply(&change.next, &status(Resolved)).unwrap_or_else(|e| panic!("{e:?}"));
    assert!(!again.resolving && !again.changed);
}

#[test]
fn units_keep_who_informed_them() {
    let unit = |name: &str, informed: bool| InformedUnit {
        unit: name.into(),
        instructions: String::new(),
        informed,
        informed_by: Some("forged".into()),
        informed_at: None,
    };
    let p = IncidentPatch {
        informed_units: Some(vec![unit(" Sales ", true), unit("Retail", false)]),
        ..IncidentPatch::default()
    };
    let first = apply(&incident(), &p).unwrap_or_else(|e| panic!("{e:?}"));
    let sales = &first.next.informed_units[0];
    assert_eq!(sales.unit, "Sales");
    assert_eq!(sales.informed_by.as_deref(), Some("Anna"));
    assert_eq!(first.next.informed_units[1].informed_by, None);
    // Later, by someone else: the first informer stays.
    let later = apply_patch(
        &first.next,
        &p,
        &catalogue(),
        None,
        t0() + Duration::hours(1),
        "Boris",
    )
    .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(later.next.informed_units, first.next.informed_units);
    assert!(!later.changed);

    let twice = IncidentPatch {
        informed_units: Some(vec![unit("Sales", false), unit("sales ", false)]),
        ..IncidentPatch::default()
    };
    let errors = apply(&incident(), &twice).err().unwrap_or_default();
    assert_eq!(codes_of(&errors), [("informed_units[1].unit", "duplicate")]);
}

/// A random patch: a status (often), and sometimes other fields, valid or not.
fn patch_strategy() -> impl Strategy<Value = IncidentPatch> {
    (
        prop::option::weighted(0.8, prop::sample::select(IncidentStatus::ALL.to_vec())),
        prop::option::of(prop::sample::select(vec!["Outage", " ", "No signal"])),
        prop::option::of(prop::sample::select(vec!["line2-network", "nope", ""])),
        prop::option::of(prop::sample::select(vec!["cable cut", "  "])),
        prop::option::weighted(0.2, 30.0f64..30.05),
    )
        .prop_map(|(status, title, owner, cause, area)| IncidentPatch {
            status,
            title: title.map(str::to_owned),
            owner_group: owner.map(str::to_owned),
            cause: cause.map(str::to_owned),
            area: area.map(square),
            ..IncidentPatch::default()
        })
}

proptest! {
    /// Through any sequence of patches an incident only ever makes allowed moves, has
    /// `resolved_at` exactly while resolved or confirmed, enters a new status with
    /// `status_since` of that moment, and its version grows by one exactly when something
    /// changed.
    #[test]
    fn every_sequence_of_patches_keeps_the_lifecycle(
        patches in prop::collection::vec(patch_strategy(), 0..30),
    ) {
        let mut current = incident();
        for (i, p) in patches.iter().enumerate() {
            let now = t0() + Duration::minutes(i64::try_from(i).unwrap_or(0) + 1);
            match apply_patch(&current, p, &catalogue(), None, now, "Anna") {
                Ok(change) => {
                    let next = &change.next;
                    prop_assert!(transition_allowed(current.status, next.status));
                    prop_assert_eq!(
                        next.resolved_at.is_some(),
                        matches!(next.status, Resolved | Confirmed)
                    );
                    if next.status != current.status {
                        prop_assert_eq!(next.status_since, Some(now));
                    } else {
                        prop_assert_eq!(next.status_since, current.status_since);
                    }
                    prop_assert_eq!(change.resolving, next.status == Resolved && current.status != Resolved);
                    let bumped = next.version == current.version + 1 && next.updated_at == now;
                    let kept = next.version == current.version && next.updated_at == current.updated_at;
                    prop_assert_eq!(change.changed, bumped);
                    prop_assert_eq!(!change.changed, kept);
                    let mut unstamped = next.clone();
                    unstamped.version = current.version;
                    unstamped.updated_at = current.updated_at;
                    prop_assert_eq!(change.changed, unstamped != current);
                    current = change.next;
                }
                Err(errors) => {
                    prop_assert!(!errors.is_empty());
                    let bad_move = p.status.is_some_and(|s| !transition_allowed(current.status, s));
                    prop_assert_eq!(
                        errors.iter().any(|e| e.field == "status" && e.code == code::INVALID_TRANSITION),
                        bad_move
                    );
                }
            }
        }
    }

    /// An empty patch changes nothing, whatever state the incident is in.
    #[test]
    fn an_empty_patch_never_changes_anything(
        patches in prop::collection::vec(patch_strategy(), 0..12),
    ) {
        let mut current = incident();
        for p in &patches {
            if let Ok(change) = apply(&current, p) {
                current = change.next;
            }
            let empty = apply(&current, &IncidentPatch::default());
            prop_assert_eq!(empty.as_ref().map(|c| c.changed), Ok(false));
            prop_assert_eq!(empty.map(|c| c.next).ok(), Some(current.clone()));
        }
    }
}
