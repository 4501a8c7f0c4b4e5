//! Changing an incident: the checks of its fields and [`apply_patch`], the pure step of
//! `PATCH /incidents/{id}`.
//!
//! What needs the database stays with the caller: whether the spot a patch names exists (and
//! its outline), the customers a new area covers ([`IncidentChange::area_changed`], then
//! [`IncidentChange::set_estimate`]), resolving the linked tickets and queueing the customer
//! messages ([`IncidentChange::resolving`]), storing and announcing the change. Who may
//! change an incident is the server's access policy.

use super::{next_statuses, transition_allowed};
use crate::impact;
use crate::validate::{
    check_group, check_polygon, clean_text, code, invalid_transition, too_long, too_many,
};
use chrono::{DateTime, Utc};
use spotdesk_api::{
    Catalogue, FieldError, Incident, IncidentPatch, IncidentStatus, InformedUnit, LocalizedText,
    Polygon,
};

/// Longest title (and unit name, topic, owner group).
pub const MAX_TITLE: usize = 200;
/// Longest free text (cause, notes, instructions, resolution note).
pub const MAX_TEXT: usize = 2000;
/// Most business units on one incident.
pub const MAX_UNITS: usize = 50;
/// Most services on one incident.
pub const MAX_SERVICES: usize = 100;

/// Checks the optional public note: at most [`MAX_TEXT`] characters per language.
pub fn check_note(errors: &mut Vec<FieldError>, field: &str, note: Option<&LocalizedText>) {
    if let Some(n) = note {
        let longest = n.en.chars().count().max(n.ru.chars().count());
        if longest > MAX_TEXT {
            errors.push(too_long(field, MAX_TEXT, longest));
        }
    }
}

/// Checks the informed units: at most [`MAX_UNITS`], each named once (case and spaces
/// ignored), texts within [`MAX_TITLE`] / [`MAX_TEXT`].
pub fn check_units(errors: &mut Vec<FieldError>, units: &[InformedUnit]) {
    if units.len() > MAX_UNITS {
        errors.push(too_many("informed_units", "units", MAX_UNITS, units.len()));
    }
    for (i, u) in units.iter().enumerate() {
        let name = u.unit.trim().to_lowercase();
        if !name.is_empty()
            && units[..i]
                .iter()
                .any(|o| o.unit.trim().to_lowercase() == name)
        {
            errors.push(FieldError::new(
                format!("informed_units[{i}].unit"),
                code::DUPLICATE,
                "this unit is listed already",
            ));
        }
        if u.unit.trim().is_empty() {
            errors.push(FieldError::new(
                format!("informed_units[{i}].unit"),
                code::REQUIRED,
                "name the unit",
            ));
        }
        let (unit, instructions) = (u.unit.chars().count(), u.instructions.chars().count());
        if unit > MAX_TITLE {
            errors.push(too_long(
                &format!("informed_units[{i}].unit"),
                MAX_TITLE,
                unit,
            ));
        }
        if instructions > MAX_TEXT {
            errors.push(too_long(
                &format!("informed_units[{i}].instructions"),
                MAX_TEXT,
                instructions,
            ));
        }
    }
}

/// Checks the services of an incident: at most [`MAX_SERVICES`], each in the catalogue and
/// listed once.
pub fn check_services(errors: &mut Vec<FieldError>, codes: &[String], cat: &Catalogue) {
    if codes.len() > MAX_SERVICES {
        errors.push(too_many(
            "service_codes",
            "services",
            MAX_SERVICES,
            codes.len(),
        ));
    }
    for (i, c) in codes.iter().enumerate() {
        if !cat.services.iter().any(|s| &s.code == c) {
            errors.push(FieldError::new(
                format!("service_codes[{i}]"),
                code::UNKNOWN,
                "no such service",
            ));
        } else if codes[..i].contains(c) {
            errors.push(FieldError::new(
                format!("service_codes[{i}]"),
                code::DUPLICATE,
                "this service is listed already",
            ));
        }
    }
}

/// The units as sent, trimmed, with the server-owned `informed_by`/`informed_at`: kept from
/// `current` while a unit stays informed, set to `actor` (a display name) and `now` when it
/// becomes informed, cleared when it is not.
pub fn merge_units(
    current: &[InformedUnit],
    sent: Vec<InformedUnit>,
    actor: &str,
    now: DateTime<Utc>,
) -> Vec<InformedUnit> {
    sent.into_iter()
        .map(|u| {
            let unit = u.unit.trim().to_owned();
            let key = unit.to_lowercase();
            let before = current
                .iter()
                .find(|c| c.informed && c.unit.trim().to_lowercase() == key);
            let (informed_by, informed_at) = match (u.informed, before) {
                (false, _) => (None, None),
                (true, Some(b)) => (b.informed_by.clone(), b.informed_at),
                (true, None) => (Some(actor.to_owned()), Some(now)),
            };
            InformedUnit {
                unit,
                instructions: u.instructions.trim().to_owned(),
                informed: u.informed,
                informed_by,
                informed_at,
            }
        })
        .collect()
}

/// An accepted patch: the incident after it and what the caller still has to do.
#[derive(Debug, Clone, PartialEq)]
pub struct IncidentChange {
    /// The incident after the patch. When something changed, `updated_at` is `now` and the
    /// version is one more than the current one; otherwise it equals the current incident.
    pub next: Incident,
    /// Whether anything changed (else the caller answers the current incident as it is).
    pub changed: bool,
    /// The area changed (sent, or taken from the linked spot): the customers it covers must
    /// be estimated again from coverage, then given to [`IncidentChange::set_estimate`].
    pub area_changed: bool,
    /// The incident became resolved now: its open linked tickets are to be resolved and
    /// their customers told (`notified_customers`).
    pub resolving: bool,
    /// The note for the linked tickets when resolving (trimmed; `None`: a standard text).
    pub resolution_note: Option<String>,
}

impl IncidentChange {
    /// Takes the customers estimated from coverage inside the new area: `affected_estimated`,
    /// and `affected_customers` by [`impact::affected`].
    pub fn set_estimate(&mut self, estimated: i64) {
        self.next.affected_estimated = estimated;
        self.next.affected_customers = impact::affected(self.next.affected_linked, estimated);
    }
}

/// Applies `patch` to `current` at `now` on behalf of `actor` (display name, recorded on
/// units marked informed), or answers every problem at once.
///
/// `spot_outline` is the outline of the spot `patch.spot_id` names, as the caller found it:
/// `None` when the patch names no spot or the spot does not exist (field `spot_id`,
/// `unknown`). Without `area`, a linked spot's outline becomes the area.
///
/// Rules: a title is 1..=[`MAX_TITLE`] characters; the owner group is a catalogue group;
/// services are catalogue services; `informed_units` replaces the list ([`merge_units`]);
/// a status change follows the lifecycle ([`transition_allowed`]; else field `status`,
/// `invalid_transition`, the message listing [`next_statuses`]); a new status sets
/// `status_since`; a resolved or confirmed incident has `resolved_at` (kept when already
/// set), any other status clears it. A patch that changes nothing leaves the version alone.
pub fn apply_patch(
    current: &Incident,
    patch: &IncidentPatch,
    cat: &Catalogue,
    spot_outline: Option<&Polygon>,
    now: DateTime<Utc>,
    actor: &str,
) -> Result<IncidentChange, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut next = current.clone();
    if let Some(title) = &patch.title {
        let title = title.trim().to_owned();
        if title.is_empty() || title.chars().count() > MAX_TITLE {
            errors.push(FieldError::new(
                "title",
                code::INVALID,
                format!("1..={MAX_TITLE} characters"),
            ));
        }
        next.title = title;
    }
    if let Some(g) = &patch.owner_group {
        next.owner_group = clean_text(&mut errors, "owner_group", Some(g.clone()), MAX_TITLE);
        check_group(&mut errors, "owner_group", next.owner_group.as_deref(), cat);
    }
    if let Some(c) = &patch.cause {
        next.cause = clean_text(&mut errors, "cause", Some(c.clone()), MAX_TEXT);
    }
    if let Some(note) = &patch.public_note {
        check_note(&mut errors, "public_note", Some(note));
        next.public_note = Some(note.clone());
    }
    if let Some(e) = patch.expected_resolution {
        next.expected_resolution = Some(e);
    }
    if let Some(units) = &patch.informed_units {
        check_units(&mut errors, units);
        next.informed_units = merge_units(&current.informed_units, units.clone(), actor, now);
    }
    if let Some(codes) = &patch.service_codes {
        check_services(&mut errors, codes, cat);
        next.service_codes = codes.clone();
    }
    if let Some(area) = &patch.area {
        check_polygon(&mut errors, "area", area);
    }
    let mut new_area = patch.area.clone();
    if let Some(s) = patch.spot_id {
        match spot_outline {
            Some(outline) => {
                next.spot_id = Some(s);
                if new_area.is_none() {
                    new_area = Some(outline.clone());
                }
            }
            None => errors.push(FieldError::new("spot_id", code::UNKNOWN, "no such spot")),
        }
    }
    if let Some(area) = new_area {
        next.area = area;
    }
    let resolution_note = clean_text(
        &mut errors,
        "resolution_note",
        patch.resolution_note.clone(),
        MAX_TEXT,
    );
    if let Some(status) = patch.status {
        if !transition_allowed(current.status, status) {
            let allowed: Vec<&str> = next_statuses(current.status)
                .into_iter()
                .map(IncidentStatus::as_str)
                .collect();
            errors.push(invalid_transition(
                current.status.as_str(),
                status.as_str(),
                &allowed,
            ));
        }
        if status != current.status {
            next.status = status;
            next.status_since = Some(now);
        }
        if status.is_active() {
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
    Ok(IncidentChange {
        area_changed: next.area != current.area,
        resolving: next.status == IncidentStatus::Resolved && current.status != next.status,
        next,
        changed,
        resolution_note,
    })
}

#[cfg(test)]
mod tests;
