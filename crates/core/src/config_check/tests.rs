#![allow(clippy::unwrap_used)]

use super::*;
use spotdesk_api::settings::{EscalationLevel, Weekday, WorkingHours};
use spotdesk_api::{ChoiceOption, FieldSpec, Group, RoutingRule, SlaPolicy, TicketKind};

fn text(s: &str) -> LocalizedText {
    LocalizedText::new(s, s)
}

fn service(code: &str) -> Service {
    Service {
        code: code.into(),
        name: text("Mobile data"),
        description: LocalizedText::default(),
        group: "network".into(),
        network_quality: true,
        topics: vec![ChoiceOption {
            value: "slow".into(),
            label: text("Slow"),
        }],
        fields: vec![FieldSpec {
            key: "device".into(),
            label: text("Device"),
            kind: FieldKind::Choice {
                options: vec![ChoiceOption {
                    value: "phone".into(),
                    label: text("Phone"),
                }],
            },
            required: true,
        }],
        sla: vec![SlaPolicy {
            kind: TicketKind::Incident,
            line: 1,
            hours: 4,
            business_hours: true,
            due_before: None,
        }],
        default_group: "line1".into(),
        retired: false,
        form: Default::default(),
        resolution_causes: Vec::new(),
        reply_templates: Vec::new(),
    }
}

fn catalogue() -> Catalogue {
    Catalogue {
        services: vec![service("mobile-data"), service("billing")],
        routing: vec![RoutingRule {
            id: 1,
            priority: 10,
            service_code: Some("billing".into()),
            channel: None,
            kind: None,
            segment: None,
            line: 2,
            group: "line2".into(),
        }],
        groups: vec![
            Group {
                code: "line1".into(),
                name: text("Line 1"),
                line: 1,
            },
            Group {
                code: "line2".into(),
                name: text("Line 2"),
                line: 2,
            },
        ],
        ..Catalogue::default()
    }
}

/// The errors of `cat` replacing the valid catalogue, nothing in use.
fn errors(cat: &Catalogue) -> Vec<FieldError> {
    check_catalogue(cat, &catalogue(), &InUse::default())
        .err()
        .unwrap_or_default()
}

#[track_caller]
fn has(errors: &[FieldError], field: &str, code: &str) -> String {
    errors
        .iter()
        .find(|e| e.field == field && e.code == code)
        .unwrap_or_else(|| panic!("no {code} on {field}: {errors:?}"))
        .message
        .clone()
}

#[test]
fn a_sound_configuration_passes() {
    assert_eq!(errors(&catalogue()), vec![]);
    // Defaults of the newer parts pass too.
    let mut cat = catalogue();
    cat.working_week = vec![WorkingHours {
        weekday: Weekday::Mon,
        start_minute: 540,
        end_minute: 1080,
    }];
    cat.pre_holiday_short_minutes = 60;
    assert_eq!(errors(&cat), vec![]);
}

#[test]
fn rows_are_named_by_path_and_services_by_code() {
    let mut cat = catalogue();
    cat.services[1].sla[0].hours = 0;
    let errs = errors(&cat);
    let message = has(&errs, "services[1].sla[0].hours", code::OUT_OF_RANGE);
    assert!(message.contains("billing"), "{message}");
    assert_eq!(errs.len(), 1, "{errs:?}");
}

#[test]
fn codes_are_unique_and_well_formed() {
    let mut cat = catalogue();
    cat.services[1].code = "mobile-data".into();
    cat.groups[1].code = "Line 2".into();
    let (topic, field) = (
        cat.services[0].topics[0].clone(),
        cat.services[0].fields[0].clone(),
    );
    cat.services[0].topics.push(topic);
    cat.services[0].fields.push(field);
    let errs = errors(&cat);
    has(&errs, "services[1].code", code::DUPLICATE);
    has(&errs, "groups[1].code", code::INVALID);
    has(&errs, "services[0].topics[1].value", code::DUPLICATE);
    has(&errs, "services[0].fields[1].key", code::DUPLICATE);
}

#[test]
fn references_resolve() {
    let mut cat = catalogue();
    cat.services[0].default_group = "nobody".into();
    cat.routing[0].group = "nobody".into();
    cat.routing[0].service_code = Some("gone".into());
    let errs = errors(&cat);
    has(&errs, "services[0].default_group", code::UNKNOWN);
    has(&errs, "routing[0].group", code::UNKNOWN);
    has(&errs, "routing[0].service_code", code::UNKNOWN);
}

#[test]
fn names_in_both_languages_and_choice_fields_with_options() {
    let mut cat = catalogue();
    cat.services[0].name.ru = " ".into();
    cat.groups[0].name.en = "x".repeat(MAX_SHORT_TEXT + 1);
    cat.services[1].fields[0].kind = FieldKind::MultiChoice { options: vec![] };
    let errs = errors(&cat);
    has(&errs, "services[0].name.ru", code::REQUIRED);
    has(&errs, "groups[0].name.en", code::TOO_LONG);
    has(&errs, "services[1].fields[0].kind.options", code::REQUIRED);
}

#[test]
fn lines_hours_and_duplicate_policies() {
    let mut cat = catalogue();
    cat.groups[0].line = 4;
    cat.routing[0].line = 0;
    let p = cat.services[0].sla[0].clone();
    cat.services[0].sla.push(p);
    let errs = errors(&cat);
    has(&errs, "groups[0].line", code::OUT_OF_RANGE);
    has(&errs, "routing[0].line", code::OUT_OF_RANGE);
    has(&errs, "services[0].sla[1]", code::DUPLICATE);
}

#[test]
fn the_working_week_is_sane() {
    let mut cat = catalogue();
    let day = |weekday, start_minute, end_minute| WorkingHours {
        weekday,
        start_minute,
        end_minute,
    };
    cat.working_week = vec![
        day(Weekday::Mon, 540, 1080),
        day(Weekday::Mon, 540, 1080),
        day(Weekday::Tue, 600, 600),
        day(Weekday::Wed, 0, 1441),
    ];
    cat.business_day.start_hour = 18;
    cat.business_day.end_hour = 9;
    let errs = errors(&cat);
    has(&errs, "working_week[1].weekday", code::DUPLICATE);
    has(&errs, "working_week[2].end_minute", code::OUT_OF_RANGE);
    has(&errs, "working_week[3].end_minute", code::OUT_OF_RANGE);
    has(&errs, "business_day.end_hour", code::OUT_OF_RANGE);
}

#[test]
fn escalation_levels_go_in_order() {
    let mut cat = catalogue();
    let level = |level, after_minutes| EscalationLevel {
        level,
        after_minutes,
        notify: "duty".into(),
    };
    cat.escalation.levels = vec![level(1, 0), level(3, 60), level(3, 30)];
    cat.escalation.timings[0].after_minutes = 0;
    let errs = errors(&cat);
    has(&errs, "escalation.levels[1].level", code::INVALID);
    has(
        &errs,
        "escalation.levels[2].after_minutes",
        code::OUT_OF_RANGE,
    );
    // Rule 0 of the default timings is "no owner", which must wait at least a minute.
    has(
        &errs,
        "escalation.timings[0].after_minutes",
        code::OUT_OF_RANGE,
    );
    cat.escalation.levels.clear();
    has(&errors(&cat), "escalation.levels", code::REQUIRED);
}

#[test]
fn detection_thresholds_are_sane() {
    let mut cat = catalogue();
    cat.detection.spot_threshold = f64::NAN;
    cat.detection.burst_min_customers = 0;
    cat.detection.spot_window_hours = 0;
    let errs = errors(&cat);
    has(&errs, "detection.spot_threshold", code::OUT_OF_RANGE);
    has(&errs, "detection.burst_min_customers", code::OUT_OF_RANGE);
    has(&errs, "detection.spot_window_hours", code::OUT_OF_RANGE);
}

#[test]
fn used_entries_are_retired_not_removed() {
    let previous = catalogue();
    let in_use = InUse {
        services: ["billing".to_owned()].into(),
        groups: ["line2".to_owned()].into(),
        units: Default::default(),
    };
    let mut cat = previous.clone();
    cat.services.remove(1);
    cat.routing.clear();
    cat.groups.remove(1);
    let errs = check_catalogue(&cat, &previous, &in_use).unwrap_err();
    assert!(has(&errs, "services", code::IN_USE).contains("billing"));
    assert!(has(&errs, "groups", code::IN_USE).contains("line2"));
    // Retiring is the way.
    let mut cat = previous.clone();
    cat.services[1].retired = true;
    assert_eq!(check_catalogue(&cat, &previous, &in_use), Ok(()));
    // An unused service may go, but something must remain to register tickets for.
    cat.services.remove(0);
    let errs = check_catalogue(&cat, &previous, &in_use).unwrap_err();
    has(&errs, "services", code::REQUIRED);
}

#[test]
fn changes_name_each_entry_with_before_and_after() {
    let before = catalogue();
    let mut after = before.clone();
    after.services[1].retired = true;
    after.services[0].sla[0].hours = 8;
    after.services.push(service("tv"));
    after.routing.clear();
    after.detection.spot_threshold = 4.0;
    let list = changes(&before, &after);
    assert_eq!(
        summary(&list),
        vec![
            "services[mobile-data]: changed",
            "services[billing]: retired",
            "services[tv]: added",
            "routing[1]: removed",
            "detection: changed",
        ]
    );
    assert_eq!(list[0].before.as_ref().unwrap()["sla"][0]["hours"], 4);
    assert_eq!(list[0].after.as_ref().unwrap()["sla"][0]["hours"], 8);
    assert!(changes(&before, &before).is_empty());

    // Moving rows is a change too (the picker shows services in their order).
    let mut moved = before.clone();
    moved.services.swap(0, 1);
    let list = changes(&before, &moved);
    assert_eq!(summary(&list), vec!["services (order): reordered"]);
    assert_eq!(
        list[0].after,
        Some(serde_json::json!(["billing", "mobile-data"]))
    );
}

#[test]
fn resolution_causes_and_reply_templates_are_checked() {
    use spotdesk_api::{ReplyTemplate, ResolutionCause};
    let mut cat = catalogue();
    let cause = |code: &str| ResolutionCause {
        code: code.into(),
        name: text("Fixed"),
    };
    let template = |code: &str, body: &str| ReplyTemplate {
        code: code.into(),
        title: text("In work"),
        text: text(body),
    };
    cat.services[0].resolution_causes = vec![cause("fixed"), cause("other")];
    cat.services[0].reply_templates =
        vec![template("in-work", "{ticket} at {address} by {deadline}")];
    assert_eq!(errors(&cat), vec![]);

    cat.services[0].resolution_causes = vec![cause("fixed"), cause("fixed"), cause("Bad code")];
    cat.services[0].resolution_causes[0].name.ru = " ".into();
    cat.services[0].reply_templates = vec![
        template("in-work", "{ticket}"),
        template("in-work", "{tiket}"),
        template("long", &"x".repeat(crate::validate::MAX_REPLY + 1)),
        template("", ""),
    ];
    let errs = errors(&cat);
    let message = has(
        &errs,
        "services[0].resolution_causes[1].code",
        code::DUPLICATE,
    );
    assert!(message.contains("resolution_causes[0]"), "{message}");
    has(
        &errs,
        "services[0].resolution_causes[2].code",
        code::INVALID,
    );
    has(
        &errs,
        "services[0].resolution_causes[0].name.ru",
        code::REQUIRED,
    );
    has(
        &errs,
        "services[0].reply_templates[1].code",
        code::DUPLICATE,
    );
    let message = has(
        &errs,
        "services[0].reply_templates[1].text.en",
        code::INVALID,
    );
    assert!(message.contains("{tiket}"), "{message}");
    has(
        &errs,
        "services[0].reply_templates[2].text.ru",
        code::TOO_LONG,
    );
    has(&errs, "services[0].reply_templates[3].code", code::REQUIRED);
    has(
        &errs,
        "services[0].reply_templates[3].text.en",
        code::REQUIRED,
    );
}
