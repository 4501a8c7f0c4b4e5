use super::*;
use proptest::prelude::*;
use serde_json::json;
use spotdesk_api::{BusinessDay, ChoiceOption, LocalizedText, SlaPolicy};

fn opt(v: &str) -> ChoiceOption {
    ChoiceOption {
        value: v.into(),
        label: LocalizedText::new(v, v),
    }
}

fn field(key: &str, kind: FieldKind, required: bool) -> FieldSpec {
    FieldSpec {
        key: key.into(),
        label: LocalizedText::new(key, key),
        kind,
        required,
    }
}

fn catalogue() -> Catalogue {
    Catalogue {
        services: vec![Service {
            code: "billing".into(),
            name: LocalizedText::new("Billing", "Биллинг"),
            description: LocalizedText::default(),
            group: "billing".into(),
            network_quality: false,
            topics: vec![opt("overcharge"), opt("refund")],
            fields: vec![
                field("contract_no", FieldKind::Text { max_len: 12 }, true),
                field(
                    "amount",
                    FieldKind::Number {
                        min: 0.0,
                        max: 100000.0,
                    },
                    false,
                ),
                field("since", FieldKind::Date, false),
                field(
                    "how",
                    FieldKind::Choice {
                        options: vec![opt("card"), opt("cash")],
                    },
                    false,
                ),
                field(
                    "docs",
                    FieldKind::MultiChoice {
                        options: vec![opt("bill"), opt("receipt")],
                    },
                    false,
                ),
            ],
            sla: vec![SlaPolicy {
                kind: TicketKind::Incident,
                line: 1,
                hours: 8,
                business_hours: true,
                due_before: None,
            }],
            default_group: "line1".into(),
            retired: false,
            form: Default::default(),
            resolution_causes: Vec::new(),
            reply_templates: Vec::new(),
        }],
        routing: vec![],
        groups: vec![],
        holidays: vec![],
        business_day: BusinessDay {
            start_hour: 9,
            end_hour: 18,
            utc_offset_minutes: 180,
        },
        ..Default::default()
    }
}

fn good() -> NewTicket {
    NewTicket {
        service_code: "billing".into(),
        kind: Some(TicketKind::Incident),
        channel: Some(Channel::Phone),
        topic: "refund".into(),
        description: "  charged twice ".into(),
        customer_phone: "8 (912) 345-67-89".into(),
        customer_name: Some("  ".into()),
        address_string: "ул. Ленина, 1".into(),
        lat: Some(56.3),
        long: Some(44.0),
        fields: [
            ("contract_no".to_string(), json!(" A-1 ")),
            ("amount".to_string(), json!("12,5")),
        ]
        .into(),
        ..NewTicket::default()
    }
}

fn codes(errors: &[FieldError]) -> Vec<(String, String)> {
    errors
        .iter()
        .map(|e| (e.field.clone(), e.code.clone()))
        .collect()
}

#[test]
fn a_good_ticket_is_normalised_and_routed() {
    let v = validate_new_ticket(&good(), &catalogue()).expect("valid");
    assert_eq!(v.ticket.customer_phone, "+79123456789");
    assert_eq!(v.ticket.description, "charged twice");
    assert_eq!(v.ticket.customer_name, None);
    assert_eq!(v.ticket.fields["contract_no"], json!("A-1"));
    assert_eq!(v.ticket.fields["amount"], json!(12.5));
    assert_eq!((v.line, v.group.as_str()), (1, "line1"));
}

#[test]
fn a_missing_required_service_field_is_named() {
    let mut t = good();
    t.fields.remove("contract_no");
    let e = validate_new_ticket(&t, &catalogue()).expect_err("invalid");
    assert_eq!(
        codes(&e),
        vec![("fields.contract_no".to_string(), "required".to_string())]
    );
}

#[test]
fn a_retired_service_takes_no_new_tickets() {
    let mut cat = catalogue();
    cat.services[0].retired = true;
    let e = validate_new_ticket(&good(), &cat).expect_err("retired");
    assert_eq!(
        codes(&e),
        vec![("service_code".to_string(), "retired".to_string())]
    );
}

#[test]
fn the_form_requires_standard_fields_it_says_are_required() {
    use spotdesk_api::{FieldPresence, Segment};
    let mut cat = catalogue();
    cat.services[0].form.description = FieldPresence::Required;
    cat.services[0].form.customer_name = FieldPresence::Required;
    cat.services[0].form.segment = FieldPresence::Required;
    cat.services[0].form.lifetime_value = FieldPresence::Required;
    let mut t = good();
    t.description = " ".into();
    let e = validate_new_ticket(&t, &cat).expect_err("required");
    assert_eq!(
        codes(&e),
        ["description", "customer_name", "segment", "lifetime_value"]
            .map(|f| (f.to_string(), "required".to_string()))
    );
    t.description = "no data".into();
    t.customer_name = Some("Anna".into());
    t.segment = Some(Segment::Vip);
    t.lifetime_value = Some(0.0);
    assert!(validate_new_ticket(&t, &cat).is_ok());
    // Hidden (or optional) standard fields may stay empty.
    cat.services[0].form.description = FieldPresence::Hidden;
    t.description.clear();
    assert!(validate_new_ticket(&t, &cat).is_ok());
}

#[test]
fn old_tickets_of_a_retired_or_changed_service_still_move() {
    use spotdesk_api::FieldPresence;
    let mut cat = catalogue();
    cat.services[0].retired = true;
    cat.services[0].form.customer_name = FieldPresence::Required;
    cat.services[0]
        .fields
        .push(field("imei", FieldKind::Text { max_len: 20 }, true));
    // The ticket has neither the new required field nor a customer name.
    let t = ticket(TicketStatus::InWork);
    let moves = TicketPatch {
        status: Some(TicketStatus::Resolved),
        status_notes: Some("fixed".into()),
        description: Some("charged twice, refunded".into()),
        ..TicketPatch::default()
    };
    assert_eq!(validate_patch(&moves, &t, &cat), Ok(()));
    // A patch of the service's own fields is checked against today's form.
    let fields = TicketPatch {
        fields: Some([("contract_no".to_string(), json!("A-1"))].into()),
        ..TicketPatch::default()
    };
    let e = validate_patch(&fields, &t, &cat).expect_err("imei is required now");
    assert_eq!(
        codes(&e),
        vec![("fields.imei".to_string(), "required".to_string())]
    );
    // Emptying a required standard field is refused.
    let blank = TicketPatch {
        customer_name: Some(" ".into()),
        ..TicketPatch::default()
    };
    let e = validate_patch(&blank, &t, &cat).expect_err("required");
    assert_eq!(
        codes(&e),
        vec![("customer_name".to_string(), "required".to_string())]
    );
}

#[test]
fn a_service_without_topics_needs_no_topic() {
    let mut cat = catalogue();
    let mut t = NewTicket {
        topic: String::new(),
        ..good()
    };
    let e = codes(&validate_new_ticket(&t, &cat).expect_err("billing has topics"));
    assert!(e.contains(&("topic".to_string(), "required".to_string())));
    for s in &mut cat.services {
        s.topics.clear();
    }
    let e = validate_new_ticket(&t, &cat)
        .err()
        .map(|e| codes(&e))
        .unwrap_or_default();
    assert!(!e.iter().any(|(f, _)| f == "topic"), "{e:?}");
    t.topic = "anything".into();
    let e = validate_new_ticket(&t, &cat)
        .err()
        .map(|e| codes(&e))
        .unwrap_or_default();
    assert!(!e.iter().any(|(f, _)| f == "topic"), "{e:?}");
}

#[test]
fn every_problem_is_reported_at_once() {
    let t = NewTicket {
        service_code: "billing".into(),
        customer_phone: "abc".into(),
        ..NewTicket::default()
    };
    let e = codes(&validate_new_ticket(&t, &catalogue()).expect_err("invalid"));
    for (f, c) in [
        ("kind", "required"),
        ("channel", "required"),
        ("topic", "required"),
        ("customer_phone", "invalid"),
        ("address_string", "required"),
        ("fields.contract_no", "required"),
    ] {
        assert!(
            e.contains(&(f.to_string(), c.to_string())),
            "{f} {c} missing from {e:?}"
        );
    }
}

#[test]
fn field_kinds_are_checked() {
    let mut t = good();
    t.fields
        .insert("contract_no".into(), json!("1234567890123"));
    t.fields.insert("amount".into(), json!(-1));
    t.fields.insert("since".into(), json!("31.12.2026"));
    t.fields.insert("how".into(), json!("barter"));
    t.fields.insert("docs".into(), json!(["bill", "x"]));
    t.fields.insert("extra".into(), json!(1));
    let e = codes(&validate_new_ticket(&t, &catalogue()).expect_err("invalid"));
    assert_eq!(
        e,
        vec![
            ("fields.extra".into(), "unknown".into()),
            ("fields.contract_no".into(), "too_long".into()),
            ("fields.amount".into(), "out_of_range".into()),
            ("fields.since".into(), "invalid".into()),
            ("fields.how".into(), "unknown_choice".into()),
            ("fields.docs".into(), "unknown_choice".into()),
        ]
    );
}

#[test]
fn unknown_service_topic_and_missing_coordinates() {
    let mut t = good();
    t.topic = "weather".into();
    t.lat = None;
    let e = codes(&validate_new_ticket(&t, &catalogue()).expect_err("invalid"));
    assert_eq!(
        e,
        vec![
            ("topic".into(), "unknown_choice".into()),
            ("address_string".into(), "not_geocoded".into())
        ]
    );
    t.service_code = "nope".into();
    let e = codes(&validate_new_ticket(&t, &catalogue()).expect_err("invalid"));
    assert!(e.contains(&("service_code".into(), "unknown".into())));
}

#[test]
fn lifecycle_transitions() {
    use TicketStatus::*;
    assert!(transition_allowed(New, InWork));
    assert!(transition_allowed(Closed, Reopened));
    assert!(!transition_allowed(Closed, InWork));
    assert!(!transition_allowed(InWork, New));
    assert!(transition_allowed(Resolved, Closed));
}

proptest! {
    #[test]
    fn validation_never_panics(
        service in "\\PC{0,12}", topic in "\\PC{0,8}", phone in "\\PC{0,20}", addr in "\\PC{0,20}",
        lat in proptest::option::of(any::<f64>()), long in proptest::option::of(any::<f64>()),
        amount in any::<f64>(), line in proptest::option::of(any::<u8>()), ltv in proptest::option::of(any::<f64>()),
    ) {
        let t = NewTicket {
            service_code: service, topic, customer_phone: phone, address_string: addr, lat, long, line, lifetime_value: ltv,
            kind: Some(TicketKind::Incident), channel: Some(Channel::Email),
            fields: [("amount".to_string(), json!(amount)), ("contract_no".to_string(), json!("x"))].into(),
            ..NewTicket::default()
        };
        if let Ok(v) = validate_new_ticket(&t, &catalogue()) {
            prop_assert!(v.ticket.customer_phone.starts_with('+'));
            prop_assert!((1..=3).contains(&v.line));
        }
    }
}

fn ticket(status: TicketStatus) -> Ticket {
    let at = chrono::DateTime::from_timestamp(1_750_000_000, 0).expect("instant");
    Ticket {
        id: spotdesk_api::TicketId(1),
        service_code: "billing".into(),
        kind: TicketKind::Incident,
        channel: Channel::Phone,
        topic: "refund".into(),
        description: "charged twice".into(),
        customer_phone: "+79123456789".into(),
        customer_name: None,
        address_string: "ул. Ленина, 1".into(),
        lat: 56.3,
        long: 44.0,
        segment: None,
        lifetime_value: None,
        line: 1,
        agency_responsible: "line1".into(),
        status,
        status_notes: None,
        expected_datetime: at,
        planned_at: None,
        fields: BTreeMap::new(),
        incident_id: None,
        spot_id: None,
        created_by: None,
        created_at: at,
        updated_at: at,
        resolved_at: None,
        version: 1,
        rating: None,
        repeat_of: None,
        resolution_cause: None,
        assignee: None,
    }
}

fn patch_codes(p: &TicketPatch, current: &Ticket) -> Vec<(String, String)> {
    codes(
        &validate_patch(p, current, &catalogue())
            .err()
            .unwrap_or_default(),
    )
}

#[test]
fn patch_topic_must_be_a_topic_of_the_service() {
    let t = ticket(TicketStatus::InWork);
    let p = |topic: &str| TicketPatch {
        topic: Some(topic.into()),
        ..TicketPatch::default()
    };
    assert!(patch_codes(&p("overcharge"), &t).is_empty());
    assert!(patch_codes(&p(" overcharge "), &t).is_empty());
    assert_eq!(
        patch_codes(&p("weather"), &t),
        vec![("topic".into(), "unknown_choice".into())]
    );
    assert_eq!(
        patch_codes(&p("  "), &t),
        vec![("topic".into(), "required".into())]
    );
    // A topic the catalogue has since dropped may stay.
    let legacy = Ticket {
        topic: "old-topic".into(),
        ..t
    };
    assert!(patch_codes(&p("old-topic"), &legacy).is_empty());
}

#[test]
fn planned_at_goes_only_with_status_planned() {
    let date = chrono::NaiveDate::from_ymd_opt(2026, 3, 1);
    let in_work = ticket(TicketStatus::InWork);
    // Status planned needs a date.
    let p = TicketPatch {
        status: Some(TicketStatus::Planned),
        ..TicketPatch::default()
    };
    assert_eq!(
        patch_codes(&p, &in_work),
        vec![("planned_at".into(), "required".into())]
    );
    let p = TicketPatch {
        planned_at: date,
        ..p
    };
    assert!(patch_codes(&p, &in_work).is_empty());
    // A date alone is refused unless the ticket is planned already.
    let only_date = TicketPatch {
        planned_at: date,
        ..TicketPatch::default()
    };
    assert_eq!(
        patch_codes(&only_date, &in_work),
        vec![("planned_at".into(), "invalid".into())]
    );
    let planned = Ticket {
        planned_at: date,
        ..ticket(TicketStatus::Planned)
    };
    assert!(patch_codes(&only_date, &planned).is_empty());
    // Leaving planned while sending a date is refused.
    let leave = TicketPatch {
        status: Some(TicketStatus::InWork),
        planned_at: date,
        ..TicketPatch::default()
    };
    assert_eq!(
        patch_codes(&leave, &planned),
        vec![("planned_at".into(), "invalid".into())]
    );
}

#[test]
fn patch_reports_transition_line_and_group_problems_together() {
    let closed = ticket(TicketStatus::Closed);
    let p = TicketPatch {
        status: Some(TicketStatus::InWork),
        line: Some(4),
        agency_responsible: Some("nope".into()),
        ..TicketPatch::default()
    };
    assert_eq!(
        patch_codes(&p, &closed),
        vec![
            ("status".into(), "invalid_transition".into()),
            ("line".into(), "out_of_range".into()),
            ("agency_responsible".into(), "unknown".into()),
        ]
    );
    let reopen = TicketPatch {
        status: Some(TicketStatus::Reopened),
        ..TicketPatch::default()
    };
    assert!(patch_codes(&reopen, &closed).is_empty());
}

#[test]
fn a_disallowed_status_names_the_allowed_next_ones() {
    let p = TicketPatch {
        status: Some(TicketStatus::InWork),
        ..TicketPatch::default()
    };
    let errors = validate_patch(&p, &ticket(TicketStatus::Closed), &catalogue())
        .err()
        .unwrap_or_default();
    assert_eq!(
        errors[0].message,
        "cannot go from closed to in_work; allowed next: reopened"
    );
    for from in TicketStatus::ALL {
        for to in TicketStatus::ALL {
            assert_eq!(
                next_statuses(from).contains(&to),
                from != to && transition_allowed(from, to)
            );
        }
    }
}

#[test]
fn parse_ymd_matches_chrono() {
    let inputs = [
        "2026-11-24",
        "2026-1-5",
        "0001-01-01",
        "0000-02-29",
        "9999-12-31",
        "1-2-3",
        "+12026-11-24",
        "-0001-03-01",
        "-1-3-1",
        "+ 2026-11-24",
        "- 1-1-1",
        " 2026-11-24",
        "2026- 11- 24",
        "2026 -11-24",
        "2026-11-24 ",
        "20261-11-24",
        "2026-111-24",
        "2026-11-240",
        "2026-02-30",
        "2026-13-01",
        "2026-00-10",
        "2026/11/24",
        "",
        "-",
        "+",
        "2026-",
        "2026-11",
        "2026-11-",
        "\u{a0}2026-11-24",
        "2026-\u{2003}11-24",
        "99999999999999999999-01-01",
        "+2147483648-01-01",
        "2026-11-24x",
        "x2026-11-24",
        "２０２６-11-24",
        "2026-1１-24",
    ];
    for s in inputs {
        let chrono = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        assert_eq!(super::parse_ymd(s), chrono, "{s:?}");
        if let Some(d) = chrono {
            assert_eq!(d.to_string(), d.format("%Y-%m-%d").to_string(), "{s:?}");
        }
    }
}

fn with_causes() -> Catalogue {
    let mut cat = catalogue();
    cat.services[0].resolution_causes = vec![spotdesk_api::ResolutionCause {
        code: "refunded".into(),
        name: LocalizedText::new("Refunded", "Возвращено"),
    }];
    cat
}

fn resolve(note: Option<&str>, cause: Option<&str>) -> TicketPatch {
    TicketPatch {
        status: Some(TicketStatus::Resolved),
        status_notes: note.map(str::to_owned),
        resolution_cause: cause.map(str::to_owned),
        ..TicketPatch::default()
    }
}

fn resolve_codes(p: &TicketPatch, cat: &Catalogue) -> Vec<(String, String)> {
    codes(
        &validate_patch(p, &ticket(TicketStatus::InWork), cat)
            .err()
            .unwrap_or_default(),
    )
}

#[test]
fn resolving_needs_a_note_and_a_cause_of_the_service() {
    let cat = with_causes();
    let pair = |f: &str, c: &str| (f.to_string(), c.to_string());
    assert_eq!(
        resolve_codes(&resolve(None, None), &cat),
        vec![
            pair("status_notes", code::REQUIRED),
            pair("resolution_cause", code::REQUIRED)
        ]
    );
    assert_eq!(
        resolve_codes(&resolve(Some("  "), Some("")), &cat),
        vec![
            pair("status_notes", code::REQUIRED),
            pair("resolution_cause", code::REQUIRED)
        ]
    );
    assert_eq!(
        resolve_codes(
            &resolve(Some("refunded"), Some("base-station-repaired")),
            &cat
        ),
        vec![pair("resolution_cause", code::UNKNOWN_CHOICE)]
    );
    assert_eq!(
        resolve_codes(&resolve(Some("refunded"), Some("refunded")), &cat),
        vec![]
    );
    // A service without causes takes none, and needs only the note.
    assert_eq!(
        resolve_codes(&resolve(Some("done"), None), &catalogue()),
        vec![]
    );
    assert_eq!(
        resolve_codes(&resolve(Some("done"), Some("refunded")), &catalogue()),
        vec![pair("resolution_cause", code::UNKNOWN_CHOICE)]
    );
}

#[test]
fn a_resolution_cause_goes_only_with_resolving() {
    let cat = with_causes();
    let p = TicketPatch {
        resolution_cause: Some("refunded".into()),
        ..TicketPatch::default()
    };
    assert_eq!(
        resolve_codes(&p, &cat),
        vec![("resolution_cause".to_string(), code::INVALID.to_string())]
    );
    // Closing or other moves ask for nothing new.
    let close = TicketPatch {
        status: Some(TicketStatus::Closed),
        ..TicketPatch::default()
    };
    assert_eq!(
        codes(
            &validate_patch(&close, &ticket(TicketStatus::Resolved), &cat)
                .err()
                .unwrap_or_default()
        ),
        vec![]
    );
}
