//! Validation of a whole configuration (the catalogue document of `PUT /admin/configuration`)
//! and what replacing one configuration by another changes.
//!
//! [`check_catalogue`] reports every problem at once, each [`FieldError`] naming its path in
//! the document (`services[3].sla[0].hours`, `escalation.levels[1].level`) and, for rows of a
//! service, the service's code in the message, so an import's error names its row. What only
//! the database knows (which services, groups and business units tickets, incidents and
//! users still use) comes in as [`InUse`]. [`changes`] lists the changed entries with their
//! before and after, for the import preview and the audit log.
//!
//! The SPA's editors can run the same checks before sending.

use crate::validate::{code, MAX_DESCRIPTION, MAX_REPLY, MAX_SHORT_TEXT};
use spotdesk_api::settings::{DetectionSettings, EscalationSettings, HardDeadline};
use spotdesk_api::{Catalogue, ChoiceOption, FieldError, FieldKind, LocalizedText, Service};
use std::collections::{BTreeMap, BTreeSet};

mod diff;
#[cfg(test)]
mod tests;

pub use diff::{changes, summary, EntryChange};

/// Longest code (services, groups, units, topic and option values, field keys).
pub const MAX_CODE: usize = 64;
/// Most services, groups, routing rules, business units or holidays in one configuration.
pub const MAX_ROWS: usize = 1000;
/// Most topics, fields, SLA policies or options of one service or field.
pub const MAX_ITEMS: usize = 200;
/// Longest SLA in hours (a year).
pub const MAX_SLA_HOURS: u32 = 8760;
/// Longest escalation timing or level delay in minutes (a week).
pub const MAX_ESCALATION_MINUTES: u32 = 7 * 24 * 60;
/// Most escalation levels.
pub const MAX_ESCALATION_LEVELS: usize = 10;
/// Longest pre-holiday shortening in minutes.
pub const MAX_PRE_HOLIDAY_MINUTES: u32 = 480;

/// Codes of configuration entries that stored objects still use: they may be retired, never
/// removed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InUse {
    /// Service codes of tickets and incidents.
    pub services: BTreeSet<String>,
    /// Groups of tickets, incidents and user accounts.
    pub groups: BTreeSet<String>,
    /// Business units informed about incidents.
    pub units: BTreeSet<String>,
}

/// How an enum value is written in JSON (`service_request`, `no_owner`).
fn wire_name<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// Collects errors with paths.
struct Errors(Vec<FieldError>);

impl Errors {
    fn push(&mut self, path: &str, code: &str, message: impl Into<String>) {
        self.0.push(FieldError::new(path, code, message));
    }

    /// `required`/`too_long` of a text that must be filled.
    fn required_text(&mut self, path: &str, value: &str, max: usize, whose: &str) {
        if value.trim().is_empty() {
            self.push(path, code::REQUIRED, format!("{whose}must not be empty"));
        } else {
            self.text(path, value, max, whose);
        }
    }

    /// `too_long` of a text that may be empty.
    fn text(&mut self, path: &str, value: &str, max: usize, whose: &str) {
        if value.chars().count() > max {
            self.push(
                path,
                code::TOO_LONG,
                format!("{whose}at most {max} characters"),
            );
        }
    }

    /// A name in both languages, each filled.
    fn name(&mut self, path: &str, name: &LocalizedText, max: usize, whose: &str) {
        self.required_text(&format!("{path}.en"), &name.en, max, whose);
        self.required_text(&format!("{path}.ru"), &name.ru, max, whose);
    }

    /// A text in both languages that may be empty.
    fn optional_name(&mut self, path: &str, name: &LocalizedText, max: usize, whose: &str) {
        self.text(&format!("{path}.en"), &name.en, max, whose);
        self.text(&format!("{path}.ru"), &name.ru, max, whose);
    }

    /// A stable code: 1..=64 characters of `a-z`, `0-9`, `-`, `_`, `.`, starting with a letter
    /// or digit. Returns whether it is well-formed.
    fn code(&mut self, path: &str, value: &str, whose: &str) -> bool {
        let well_formed = value
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            && value.bytes().all(|b| {
                b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b'.')
            });
        if value.is_empty() {
            self.push(path, code::REQUIRED, format!("{whose}a code is required"));
        } else if value.chars().count() > MAX_CODE {
            self.push(
                path,
                code::TOO_LONG,
                format!("{whose}a code has at most {MAX_CODE} characters"),
            );
        } else if !well_formed {
            self.push(
                path,
                code::INVALID,
                format!(
                    "{whose}a code is lower-case letters a-z, digits, '-', '_' and '.', \
                     starting with a letter or digit"
                ),
            );
        } else {
            return true;
        }
        false
    }

    /// `too_many` when a list is longer than `max`.
    fn count(&mut self, path: &str, len: usize, max: usize, whose: &str) {
        if len > max {
            self.push(
                path,
                code::TOO_MANY,
                format!("{whose}at most {max} entries"),
            );
        }
    }

    /// `out_of_range` unless `min <= value <= max`.
    fn range<T: PartialOrd + std::fmt::Display>(
        &mut self,
        path: &str,
        value: T,
        min: T,
        max: T,
        whose: &str,
    ) {
        if !(value >= min && value <= max) {
            self.push(
                path,
                code::OUT_OF_RANGE,
                format!("{whose}must be between {min} and {max} (is {value})"),
            );
        }
    }
}

/// Remembers codes seen in a list; a repeat is `duplicate` at the repeating row.
struct Seen<'a> {
    codes: BTreeMap<&'a str, usize>,
}

impl<'a> Seen<'a> {
    fn new() -> Self {
        Self {
            codes: BTreeMap::new(),
        }
    }

    fn check(&mut self, errors: &mut Errors, path: &str, value: &'a str, list: &str, index: usize) {
        if let Some(first) = self.codes.get(value) {
            errors.push(
                path,
                code::DUPLICATE,
                format!("{value:?} is already used by {list}[{first}]"),
            );
        } else {
            self.codes.insert(value, index);
        }
    }
}

/// Checks a whole configuration.
///
/// `previous` is the configuration it replaces and `in_use` what stored objects use: a
/// service, group or business unit that is used may not disappear (`in_use`, on the list:
/// `services`, `groups`, `business_units`; retire a service or unit instead).
pub fn check_catalogue(
    cat: &Catalogue,
    previous: &Catalogue,
    in_use: &InUse,
) -> Result<(), Vec<FieldError>> {
    let mut e = Errors(Vec::new());
    check_groups(&mut e, cat);
    check_services(&mut e, cat);
    check_routing(&mut e, cat);
    check_calendar(&mut e, cat);
    check_units(&mut e, cat);
    check_escalation(&mut e, &cat.escalation);
    check_detection(&mut e, &cat.detection);
    check_removals(&mut e, cat, previous, in_use);
    if e.0.is_empty() {
        Ok(())
    } else {
        Err(e.0)
    }
}

fn check_groups(e: &mut Errors, cat: &Catalogue) {
    e.count("groups", cat.groups.len(), MAX_ROWS, "");
    if cat.groups.is_empty() {
        e.push("groups", code::REQUIRED, "at least one group is needed");
    }
    let mut seen = Seen::new();
    for (i, g) in cat.groups.iter().enumerate() {
        let path = format!("groups[{i}]");
        let whose = format!("group {}: ", g.code);
        if e.code(&format!("{path}.code"), &g.code, &whose) {
            seen.check(e, &format!("{path}.code"), &g.code, "groups", i);
        }
        e.name(&format!("{path}.name"), &g.name, MAX_SHORT_TEXT, &whose);
        e.range(&format!("{path}.line"), g.line, 1, 3, &whose);
    }
}

fn group_exists(cat: &Catalogue, code: &str) -> bool {
    cat.groups.iter().any(|g| g.code == code)
}

fn check_services(e: &mut Errors, cat: &Catalogue) {
    e.count("services", cat.services.len(), MAX_ROWS, "");
    if !cat.services.iter().any(|s| !s.retired) {
        e.push(
            "services",
            code::REQUIRED,
            "at least one service that is not retired is needed",
        );
    }
    let mut seen = Seen::new();
    for (i, s) in cat.services.iter().enumerate() {
        let path = format!("services[{i}]");
        let whose = format!("service {}: ", s.code);
        if e.code(&format!("{path}.code"), &s.code, &whose) {
            seen.check(e, &format!("{path}.code"), &s.code, "services", i);
        }
        check_service(e, cat, s, &path, &whose);
    }
}

fn check_service(e: &mut Errors, cat: &Catalogue, s: &Service, path: &str, whose: &str) {
    e.name(&format!("{path}.name"), &s.name, MAX_SHORT_TEXT, whose);
    e.optional_name(
        &format!("{path}.description"),
        &s.description,
        MAX_DESCRIPTION,
        whose,
    );
    e.required_text(&format!("{path}.group"), &s.group, MAX_CODE, whose);
    if !group_exists(cat, &s.default_group) {
        e.push(
            &format!("{path}.default_group"),
            code::UNKNOWN,
            format!("{whose}no group {:?} in the configuration", s.default_group),
        );
    }
    check_options(e, &format!("{path}.topics"), &s.topics, whose);
    e.count(&format!("{path}.fields"), s.fields.len(), MAX_ITEMS, whose);
    let mut keys = Seen::new();
    for (j, f) in s.fields.iter().enumerate() {
        let fpath = format!("{path}.fields[{j}]");
        let key_path = format!("{fpath}.key");
        let well_formed = e.code(&key_path, &f.key, whose);
        if well_formed && f.key.contains('.') {
            e.push(
                &key_path,
                code::INVALID,
                format!("{whose}a field key has no '.' (tickets name fields as fields.<key>)"),
            );
        } else if well_formed {
            keys.check(e, &key_path, &f.key, &format!("{path}.fields"), j);
        }
        e.name(&format!("{fpath}.label"), &f.label, MAX_SHORT_TEXT, whose);
        match &f.kind {
            FieldKind::Text { max_len } => e.range(
                &format!("{fpath}.kind.max_len"),
                *max_len as usize,
                1,
                MAX_DESCRIPTION,
                whose,
            ),
            FieldKind::Number { min, max } => {
                if !min.is_finite() || !max.is_finite() {
                    e.push(
                        &format!("{fpath}.kind"),
                        code::INVALID,
                        format!("{whose}the bounds must be numbers"),
                    );
                } else if min > max {
                    e.push(
                        &format!("{fpath}.kind.max"),
                        code::OUT_OF_RANGE,
                        format!("{whose}the largest value ({max}) is below the smallest ({min})"),
                    );
                }
            }
            FieldKind::Date => {}
            FieldKind::Choice { options } | FieldKind::MultiChoice { options } => {
                let opath = format!("{fpath}.kind.options");
                if options.is_empty() {
                    e.push(
                        &opath,
                        code::REQUIRED,
                        format!("{whose}a choice field needs at least one option"),
                    );
                }
                check_options(e, &opath, options, whose);
            }
        }
    }
    e.count(&format!("{path}.sla"), s.sla.len(), MAX_ITEMS, whose);
    let mut pairs = BTreeMap::new();
    for (j, p) in s.sla.iter().enumerate() {
        let ppath = format!("{path}.sla[{j}]");
        e.range(&format!("{ppath}.line"), p.line, 1, 3, whose);
        e.range(&format!("{ppath}.hours"), p.hours, 1, MAX_SLA_HOURS, whose);
        let kind = wire_name(&p.kind);
        if let Some(first) = pairs.insert((kind.clone(), p.line), j) {
            e.push(
                &ppath,
                code::DUPLICATE,
                format!(
                    "{whose}{kind} on line {} already has a policy ({path}.sla[{first}])",
                    p.line
                ),
            );
        }
        if let Some(d) = &p.due_before {
            check_deadline(e, &format!("{ppath}.due_before"), d, whose);
        }
    }
    check_causes(e, s, path, whose);
    check_templates(e, s, path, whose);
}

/// Resolution causes: well-formed codes, unique within the service; names in both languages.
fn check_causes(e: &mut Errors, s: &Service, path: &str, whose: &str) {
    let list = format!("{path}.resolution_causes");
    e.count(&list, s.resolution_causes.len(), MAX_ITEMS, whose);
    let mut seen = Seen::new();
    for (j, c) in s.resolution_causes.iter().enumerate() {
        let cpath = format!("{list}[{j}]");
        if e.code(&format!("{cpath}.code"), &c.code, whose) {
            seen.check(e, &format!("{cpath}.code"), &c.code, &list, j);
        }
        e.name(&format!("{cpath}.name"), &c.name, MAX_SHORT_TEXT, whose);
    }
}

/// Reply templates: well-formed codes, unique within the service; titles and texts in both
/// languages, texts no longer than a reply and with only the known placeholders.
fn check_templates(e: &mut Errors, s: &Service, path: &str, whose: &str) {
    let list = format!("{path}.reply_templates");
    e.count(&list, s.reply_templates.len(), MAX_ITEMS, whose);
    let mut seen = Seen::new();
    for (j, t) in s.reply_templates.iter().enumerate() {
        let tpath = format!("{list}[{j}]");
        if e.code(&format!("{tpath}.code"), &t.code, whose) {
            seen.check(e, &format!("{tpath}.code"), &t.code, &list, j);
        }
        e.name(&format!("{tpath}.title"), &t.title, MAX_SHORT_TEXT, whose);
        e.name(&format!("{tpath}.text"), &t.text, MAX_REPLY, whose);
        for (lang, text) in [("en", &t.text.en), ("ru", &t.text.ru)] {
            let unknown = crate::reply::unknown_placeholders(text);
            if !unknown.is_empty() {
                e.push(
                    &format!("{tpath}.text.{lang}"),
                    code::INVALID,
                    format!(
                        "{whose}unknown placeholder {{{}}}; a template may use {}",
                        unknown.join("}, {"),
                        crate::reply::PLACEHOLDERS
                            .map(|p| format!("{{{p}}}"))
                            .join(", ")
                    ),
                );
            }
        }
    }
}

/// Option (or topic) values: each well-formed-ish (non-empty, short), unique; labels in both
/// languages.
fn check_options(e: &mut Errors, path: &str, options: &[ChoiceOption], whose: &str) {
    e.count(path, options.len(), MAX_ITEMS, whose);
    let mut seen = Seen::new();
    for (k, o) in options.iter().enumerate() {
        let opath = format!("{path}[{k}]");
        let vpath = format!("{opath}.value");
        if o.value.trim().is_empty() {
            e.push(
                &vpath,
                code::REQUIRED,
                format!("{whose}a value is required"),
            );
        } else if o.value.trim() != o.value {
            e.push(
                &vpath,
                code::INVALID,
                format!("{whose}a value has no spaces at its ends"),
            );
        } else if o.value.chars().count() > MAX_SHORT_TEXT {
            e.push(
                &vpath,
                code::TOO_LONG,
                format!("{whose}a value has at most {MAX_SHORT_TEXT} characters"),
            );
        } else {
            seen.check(e, &vpath, &o.value, path, k);
        }
        e.name(&format!("{opath}.label"), &o.label, MAX_SHORT_TEXT, whose);
    }
}

fn check_deadline(e: &mut Errors, path: &str, d: &HardDeadline, whose: &str) {
    e.range(
        &format!("{path}.minute_of_day"),
        d.minute_of_day,
        0,
        1439,
        whose,
    );
    let mut days = BTreeSet::new();
    for (k, day) in d.weekdays.iter().enumerate() {
        if !days.insert(*day) {
            e.push(
                &format!("{path}.weekdays[{k}]"),
                code::DUPLICATE,
                format!("{whose}a weekday is listed twice"),
            );
        }
    }
    e.optional_name(&format!("{path}.label"), &d.label, MAX_SHORT_TEXT, whose);
}

fn check_routing(e: &mut Errors, cat: &Catalogue) {
    e.count("routing", cat.routing.len(), MAX_ROWS, "");
    let mut ids = BTreeMap::new();
    for (i, r) in cat.routing.iter().enumerate() {
        let path = format!("routing[{i}]");
        let whose = format!("routing rule {}: ", r.id);
        if let Some(first) = ids.insert(r.id, i) {
            e.push(
                &format!("{path}.id"),
                code::DUPLICATE,
                format!("{whose}id already used by routing[{first}]"),
            );
        }
        e.range(&format!("{path}.line"), r.line, 1, 3, &whose);
        if !group_exists(cat, &r.group) {
            e.push(
                &format!("{path}.group"),
                code::UNKNOWN,
                format!("{whose}no group {:?} in the configuration", r.group),
            );
        }
        if let Some(service) = &r.service_code {
            if !cat.services.iter().any(|s| &s.code == service) {
                e.push(
                    &format!("{path}.service_code"),
                    code::UNKNOWN,
                    format!("{whose}no service {service:?} in the configuration"),
                );
            }
        }
    }
}

fn check_calendar(e: &mut Errors, cat: &Catalogue) {
    e.count("holidays", cat.holidays.len(), MAX_ROWS, "");
    let mut days = BTreeMap::new();
    for (i, d) in cat.holidays.iter().enumerate() {
        if let Some(first) = days.insert(*d, i) {
            e.push(
                &format!("holidays[{i}]"),
                code::DUPLICATE,
                format!("{d} is already holidays[{first}]"),
            );
        }
    }
    let b = &cat.business_day;
    e.range("business_day.start_hour", b.start_hour, 0, 23, "");
    e.range("business_day.end_hour", b.end_hour, 1, 24, "");
    if b.start_hour >= b.end_hour {
        e.push(
            "business_day.end_hour",
            code::OUT_OF_RANGE,
            format!(
                "the business day must end after it starts ({} to {})",
                b.start_hour, b.end_hour
            ),
        );
    }
    e.range(
        "business_day.utc_offset_minutes",
        b.utc_offset_minutes,
        -720,
        840,
        "",
    );
    let mut weekdays = BTreeMap::new();
    for (i, w) in cat.working_week.iter().enumerate() {
        let path = format!("working_week[{i}]");
        if let Some(first) = weekdays.insert(w.weekday, i) {
            e.push(
                &format!("{path}.weekday"),
                code::DUPLICATE,
                format!("this weekday is already working_week[{first}]"),
            );
        }
        e.range(&format!("{path}.start_minute"), w.start_minute, 0, 1439, "");
        e.range(&format!("{path}.end_minute"), w.end_minute, 1, 1440, "");
        if w.start_minute >= w.end_minute {
            e.push(
                &format!("{path}.end_minute"),
                code::OUT_OF_RANGE,
                format!(
                    "the working day must end after it starts (minute {} to {})",
                    w.start_minute, w.end_minute
                ),
            );
        }
    }
    e.range(
        "pre_holiday_short_minutes",
        cat.pre_holiday_short_minutes,
        0,
        MAX_PRE_HOLIDAY_MINUTES,
        "",
    );
}

fn check_units(e: &mut Errors, cat: &Catalogue) {
    e.count("business_units", cat.business_units.len(), MAX_ROWS, "");
    let mut seen = Seen::new();
    for (i, u) in cat.business_units.iter().enumerate() {
        let path = format!("business_units[{i}]");
        let whose = format!("business unit {}: ", u.code);
        if e.code(&format!("{path}.code"), &u.code, &whose) {
            seen.check(e, &format!("{path}.code"), &u.code, "business_units", i);
        }
        e.name(&format!("{path}.name"), &u.name, MAX_SHORT_TEXT, &whose);
        e.optional_name(
            &format!("{path}.after_fix"),
            &u.after_fix,
            MAX_DESCRIPTION,
            &whose,
        );
        e.text(
            &format!("{path}.contact"),
            &u.contact,
            MAX_SHORT_TEXT,
            &whose,
        );
    }
}

fn check_escalation(e: &mut Errors, s: &EscalationSettings) {
    use spotdesk_api::EscalationRule;
    let mut rules = BTreeMap::new();
    for (i, t) in s.timings.iter().enumerate() {
        let path = format!("escalation.timings[{i}]");
        let name = wire_name(&t.rule);
        if let Some(first) = rules.insert(t.rule, i) {
            e.push(
                &format!("{path}.rule"),
                code::DUPLICATE,
                format!("{name} already has a timing (escalation.timings[{first}])"),
            );
        }
        // Only "not resolved by the expected time" may fire at its start (the expected time).
        let min = u32::from(t.rule != EscalationRule::NotResolvedByExpected);
        e.range(
            &format!("{path}.after_minutes"),
            t.after_minutes,
            min,
            MAX_ESCALATION_MINUTES,
            &format!("{name}: "),
        );
    }
    if s.levels.is_empty() {
        e.push(
            "escalation.levels",
            code::REQUIRED,
            "at least one escalation level is needed",
        );
    }
    e.count(
        "escalation.levels",
        s.levels.len(),
        MAX_ESCALATION_LEVELS,
        "",
    );
    let mut previous: Option<u32> = None;
    for (i, l) in s.levels.iter().enumerate() {
        let path = format!("escalation.levels[{i}]");
        let expected = i + 1;
        if usize::from(l.level) != expected {
            e.push(
                &format!("{path}.level"),
                code::INVALID,
                format!("levels are numbered 1, 2, 3... in order: this one must be {expected}"),
            );
        }
        if i == 0 && l.after_minutes != 0 {
            e.push(
                &format!("{path}.after_minutes"),
                code::OUT_OF_RANGE,
                "level 1 fires at the rule's deadline: 0 minutes",
            );
        } else if let Some(before) = previous.filter(|b| l.after_minutes <= *b) {
            e.push(
                &format!("{path}.after_minutes"),
                code::OUT_OF_RANGE,
                format!("each level fires after the one before it (more than {before} minutes)"),
            );
        }
        e.range(
            &format!("{path}.after_minutes"),
            l.after_minutes,
            0,
            MAX_ESCALATION_MINUTES,
            "",
        );
        previous = Some(l.after_minutes);
        e.required_text(
            &format!("{path}.notify"),
            &l.notify,
            MAX_SHORT_TEXT,
            &format!("level {}: ", l.level),
        );
    }
}

fn check_detection(e: &mut Errors, d: &DetectionSettings) {
    e.range(
        "detection.spot_window_hours",
        d.spot_window_hours,
        1,
        30 * 24,
        "",
    );
    e.range("detection.spot_threshold", d.spot_threshold, 0.5, 100.0, "");
    e.range(
        "detection.spot_min_customers",
        d.spot_min_customers,
        2,
        10_000,
        "",
    );
    e.range(
        "detection.burst_window_minutes",
        d.burst_window_minutes,
        5,
        7 * 24 * 60,
        "",
    );
    e.range(
        "detection.burst_threshold",
        d.burst_threshold,
        0.5,
        100.0,
        "",
    );
    e.range(
        "detection.burst_min_customers",
        d.burst_min_customers,
        2,
        10_000,
        "",
    );
}

/// Services, groups and units that were in `previous`, are used, and are gone from `cat`.
fn check_removals(e: &mut Errors, cat: &Catalogue, previous: &Catalogue, in_use: &InUse) {
    for s in &previous.services {
        if in_use.services.contains(&s.code) && !cat.services.iter().any(|n| n.code == s.code) {
            e.push(
                "services",
                code::IN_USE,
                format!(
                    "service {} is used by tickets or incidents: retire it (\"retired\": true) \
                     instead of removing it",
                    s.code
                ),
            );
        }
    }
    for g in &previous.groups {
        if in_use.groups.contains(&g.code) && !group_exists(cat, &g.code) {
            e.push(
                "groups",
                code::IN_USE,
                format!(
                    "group {} is used by tickets, incidents or user accounts: keep it \
                     (move them to another group first)",
                    g.code
                ),
            );
        }
    }
    for u in &previous.business_units {
        if in_use.units.contains(&u.code) && !cat.business_units.iter().any(|n| n.code == u.code) {
            e.push(
                "business_units",
                code::IN_USE,
                format!(
                    "business unit {} is informed about incidents: retire it (\"retired\": \
                     true) instead of removing it",
                    u.code
                ),
            );
        }
    }
}
