//! Each figure of the dashboard as its definition: one function per figure, over the loaded
//! tickets, the selected ones (registered in the period and matching the filter) and those as
//! contacts, and the incident, spot and rating lists.

use super::period::Period;
use super::tickets::{codes_match, incident_is_about, spot_is_about, Contact, Ticket};
use super::{percentiles_by_sort, seconds_between};
use crate::dashboard::output::*;
use crate::dashboard::{
    Filter, IncidentFact, RatingFact, RatingSubject, RepeatStats, SpotFact, DAY,
};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Ticket volumes: per local day of the period, the selected tickets registered (and of those,
/// transferred and answered "known problem"), resolved and overdue that day, overall and per
/// service, group and line (1, 2, 3) with selected tickets, sorted by code.
pub(super) fn volume(selected: &[&Ticket<'_>], period: &Period, now: i64) -> Volume {
    Volume {
        dates: period.dates.clone(),
        total: per_day(selected, period, now),
        by_service: breakdown(group_by(selected, |t| t.service), period, now),
        by_group: breakdown(group_by(selected, |t| t.group), period, now),
        by_line: breakdown(
            group_by(selected, |t| (1..=3).contains(&t.line).then_some(t.line)),
            period,
            now,
        ),
    }
}

/// Per group of tickets, its key and its [`per_day`] counts.
fn breakdown<K: ToString>(
    groups: BTreeMap<K, Vec<&Ticket<'_>>>,
    period: &Period,
    now: i64,
) -> Vec<Breakdown> {
    groups
        .into_iter()
        .map(|(key, tickets)| Breakdown {
            key: key.to_string(),
            per_day: per_day(&tickets, period, now),
        })
        .collect()
}

/// Per day of the period, the events of `tickets` on that day: registrations (with transfers
/// and "known problem" answers), resolutions, and deadlines of overdue tickets.
fn per_day(tickets: &[&Ticket<'_>], period: &Period, now: i64) -> Vec<Counts> {
    let mut days = vec![Counts::default(); period.dates.len()];
    for t in tickets {
        if let Some(d) = period.day(t.created) {
            days[d].registered += 1;
            days[d].transferred += u32::from(t.transferred);
            days[d].known_problem += u32::from(t.known_problem);
        }
        if let Some(d) = t.resolved.and_then(|r| period.day(r)) {
            days[d].resolved += 1;
        }
        if t.overdue(now) {
            if let Some(d) = period.day(t.deadline) {
                days[d].overdue += 1;
            }
        }
    }
    days
}

/// `tickets` grouped by `key`, sorted by it; tickets without a key are in no group.
fn group_by<'t, 'a, K: Ord>(
    tickets: &[&'t Ticket<'a>],
    key: impl Fn(&Ticket<'a>) -> Option<K>,
) -> BTreeMap<K, Vec<&'t Ticket<'a>>> {
    let mut groups: BTreeMap<K, Vec<&'t Ticket<'a>>> = BTreeMap::new();
    for &t in tickets {
        if let Some(k) = key(t) {
            groups.entry(k).or_default().push(t);
        }
    }
    groups
}

/// SLA compliance and time to resolve of the selected tickets: overall (with an empty key),
/// and per service and per group with selected tickets, sorted by code.
pub(super) fn sla(selected: &[&Ticket<'_>], now: i64) -> Sla {
    let rows = |groups: BTreeMap<&str, Vec<&Ticket<'_>>>| -> Vec<SlaRow> {
        groups
            .into_iter()
            .map(|(key, tickets)| sla_row(key.to_owned(), &tickets, now))
            .collect()
    };
    Sla {
        total: sla_row(String::new(), selected, now),
        by_service: rows(group_by(selected, |t| t.service)),
        by_group: rows(group_by(selected, |t| t.group)),
    }
}

/// One slice's SLA figures: its tickets, those whose outcome is decided, those that met the
/// deadline, and the percentiles of the resolved ones' times to resolve.
fn sla_row(key: String, tickets: &[&Ticket<'_>], now: i64) -> SlaRow {
    let resolve_times: Vec<u32> = tickets.iter().filter_map(|t| t.time_to_resolve()).collect();
    SlaRow {
        key,
        tickets: tickets.len() as u32,
        decided: tickets.iter().filter(|t| t.sla_decided(now)).count() as u32,
        met: tickets.iter().filter(|t| t.sla_met()).count() as u32,
        resolve_time: percentiles_by_sort(&resolve_times),
    }
}

/// The incidents a view shows: each id once (its first entry in the list), registered in the
/// period and about the filtered tickets, by registration time, then id.
pub(super) fn incidents_of_period(
    list: &[IncidentFact],
    loaded: &[Ticket<'_>],
    period: &Period,
    filter: &Filter,
) -> Vec<IncidentFact> {
    let mut seen = HashSet::new();
    let mut shown: Vec<IncidentFact> = Vec::new();
    for i in list {
        let first_entry = seen.insert(i.id);
        if first_entry && period.contains(i.registered) && incident_is_about(loaded, filter, i.id) {
            shown.push(*i);
        }
    }
    shown.sort_by_key(|i| (i.registered, i.id));
    shown
}

/// Mass incidents of the period: how many, how many resolved, their affected customers summed,
/// the percentiles of time to register (of those with linked tickets) and time to resolve (of
/// the resolved ones), and one row per incident.
pub(super) fn incident_stats(
    incidents: &[IncidentFact],
    loaded: &[Ticket<'_>],
    contacts: &[Contact],
    window_hours: u32,
) -> IncidentStats {
    let linked = linked_creations(loaded);
    let rows: Vec<IncidentRow> = incidents
        .iter()
        .map(|i| {
            let linked = linked.get(&i.id).map_or(&[][..], Vec::as_slice);
            incident_row(i, linked, contacts, window_hours)
        })
        .collect();
    let to_register: Vec<u32> = rows.iter().filter_map(|r| r.time_to_register).collect();
    let to_resolve: Vec<u32> = rows.iter().filter_map(|r| r.time_to_resolve).collect();
    IncidentStats {
        count: incidents.len() as u32,
        resolved: incidents.iter().filter(|i| i.resolved.is_some()).count() as u32,
        time_to_register: percentiles_by_sort(&to_register),
        time_to_resolve: percentiles_by_sort(&to_resolve),
        affected_customers: incidents
            .iter()
            .map(|i| u64::from(i.affected_customers))
            .sum(),
        rows,
    }
}

/// Per incident id, the creation times of the loaded tickets (of any date) linked to it.
fn linked_creations(loaded: &[Ticket<'_>]) -> HashMap<u32, Vec<i64>> {
    let mut linked: HashMap<u32, Vec<i64>> = HashMap::new();
    for t in loaded {
        if let Some(id) = t.incident {
            linked.entry(id).or_default().push(t.created);
        }
    }
    linked
}

/// One incident: how many loaded tickets are linked to it (`linked`: their creation times), the
/// time from the first of them to its registration, its time to resolve, and the selected
/// contacts in the `window_hours` before and from its registration (of the latter, those
/// answered "known problem").
fn incident_row(
    i: &IncidentFact,
    linked: &[i64],
    contacts: &[Contact],
    window_hours: u32,
) -> IncidentRow {
    let wh = i64::from(window_hours);
    let mut row = IncidentRow {
        id: i.id,
        registered: i.registered,
        time_to_register: linked
            .iter()
            .min()
            .map(|&first| seconds_between(first, i.registered)),
        time_to_resolve: i.resolved.map(|r| seconds_between(i.registered, r)),
        affected_customers: i.affected_customers,
        linked_contacts: linked.len() as u32,
        ..Default::default()
    };
    for c in contacts {
        let h = contact_hour(c.created, i.registered);
        if (-wh..0).contains(&h) {
            row.contacts_before += 1;
        }
        if (0..wh).contains(&h) {
            row.contacts_after += 1;
            row.known_after += u32::from(c.known_problem);
        }
    }
    row
}

/// The hour of a contact created at `created` relative to an incident registered at
/// `registered`, counted from the start of the registration's minute: 0 is the first hour from
/// it, -1 the hour before.
fn contact_hour(created: i64, registered: i64) -> i64 {
    let registration_minute = registered - registered.rem_euclid(60);
    (created - registration_minute).div_euclid(3600)
}

/// The contact centre around incidents: the selected contacts, those answered "known problem",
/// and per hour `h - window_hours` relative to registration, the contacts in it summed over the
/// incidents.
pub(super) fn contact_stats(
    incidents: &[IncidentFact],
    contacts: &[Contact],
    window_hours: u32,
) -> ContactStats {
    let wh = i64::from(window_hours);
    let mut profile = vec![0u32; 2 * window_hours as usize];
    for i in incidents {
        for c in contacts {
            let h = contact_hour(c.created, i.registered);
            if (-wh..wh).contains(&h) {
                profile[(h + wh) as usize] += 1;
            }
        }
    }
    ContactStats {
        window_hours,
        contacts: contacts.len() as u32,
        known_problem: contacts.iter().filter(|c| c.known_problem).count() as u32,
        profile,
    }
}

/// Spots registered in the period and about the filtered tickets: how many, how many fixed,
/// how many fixed within a day of registration, and the percentiles of the time to fix.
pub(super) fn spot_stats(
    spots: &[SpotFact],
    loaded: &[Ticket<'_>],
    period: &Period,
    filter: &Filter,
) -> SpotStats {
    let counted: Vec<&SpotFact> = spots
        .iter()
        .filter(|s| period.contains(s.registered) && spot_is_about(loaded, filter, s.id))
        .collect();
    let fixed: Vec<(i64, i64)> = counted
        .iter()
        .filter_map(|s| s.resolved.map(|r| (s.registered, r)))
        .collect();
    let fix_times: Vec<u32> = fixed
        .iter()
        .map(|&(registered, r)| seconds_between(registered, r))
        .collect();
    SpotStats {
        count: counted.len() as u32,
        resolved: fixed.len() as u32,
        within_day: fixed.iter().filter(|&&(reg, r)| r - reg <= DAY).count() as u32,
        time_to_fix: percentiles_by_sort(&fix_times),
    }
}

/// The ratings that count: of a given list, those about the filtered tickets (all of them
/// without a filter); without a list, the selected tickets' own ratings, dated at their
/// resolution (else registration).
pub(super) fn ratings_that_count(
    given: Option<&[RatingFact]>,
    loaded: &[Ticket<'_>],
    selected: &[&Ticket<'_>],
    filter: &Filter,
) -> Vec<RatingFact> {
    match given {
        Some(list) => list
            .iter()
            .filter(|r| rating_is_about(&r.subject, loaded, filter))
            .cloned()
            .collect(),
        None => selected
            .iter()
            .filter_map(|t| {
                Some(RatingFact {
                    at: t.resolved.unwrap_or(t.created),
                    stars: t.rating?,
                    subject: RatingSubject::Unknown,
                })
            })
            .collect(),
    }
}

/// Whether a rating about `subject` is about the filtered tickets: always without a filter;
/// with one, a rated ticket by its own codes, an incident or spot by its linked tickets, and
/// an unknown subject never.
fn rating_is_about(subject: &RatingSubject, loaded: &[Ticket<'_>], filter: &Filter) -> bool {
    if !filter.is_active() {
        return true;
    }
    match subject {
        RatingSubject::Ticket {
            service,
            group,
            line,
        } => codes_match(filter, service, group, *line),
        RatingSubject::Incident(id) => incident_is_about(loaded, filter, *id),
        RatingSubject::Spot(id) => spot_is_about(loaded, filter, *id),
        RatingSubject::Unknown => false,
    }
}

/// Ratings of 1 to 5 stars given on a day of the period: per day, in total and by stars, and
/// their trend.
pub(super) fn rating_stats(ratings: &[RatingFact], period: &Period) -> RatingStats {
    let mut stats = RatingStats {
        per_day: vec![RatingDay::default(); period.dates.len()],
        ..Default::default()
    };
    for r in ratings.iter().filter(|r| (1..=5).contains(&r.stars)) {
        if let Some(d) = period.day(r.at) {
            stats.per_day[d].count += 1;
            stats.per_day[d].stars += u32::from(r.stars);
            stats.total.count += 1;
            stats.total.stars += u32::from(r.stars);
            stats.distribution[usize::from(r.stars) - 1] += 1;
        }
    }
    stats.trend_centi = trend(&stats.per_day);
    stats
}

/// Mean stars of the second half of the days (which holds the middle day of an odd count)
/// minus that of the first half, in hundredths of a star; None with fewer than two days or a
/// half without ratings.
fn trend(per_day: &[RatingDay]) -> Option<i32> {
    if per_day.len() < 2 {
        return None;
    }
    let (first_half, second_half) = per_day.split_at(per_day.len() / 2);
    Some(mean_stars_centi(second_half)? - mean_stars_centi(first_half)?)
}

/// Mean stars of the ratings of `days`, in hundredths of a star, rounded down; None without
/// ratings.
fn mean_stars_centi(days: &[RatingDay]) -> Option<i32> {
    let count: u64 = days.iter().map(|d| u64::from(d.count)).sum();
    let stars: u64 = days.iter().map(|d| u64::from(d.stars)).sum();
    (count > 0).then(|| (stars * 100 / count) as i32)
}

/// Repeat contacts: the selected tickets, the distinct customers among them, and the customers
/// with more than one.
pub(super) fn repeats(selected: &[&Ticket<'_>]) -> RepeatStats {
    let mut per_customer: HashMap<u64, u32> = HashMap::new();
    for t in selected {
        *per_customer.entry(t.customer).or_default() += 1;
    }
    RepeatStats {
        contacts: selected.len() as u32,
        customers: per_customer.len() as u32,
        repeat_customers: per_customer.values().filter(|&&n| n > 1).count() as u32,
        within_window: selected.iter().filter(|t| t.repeat).count() as u32,
    }
}
