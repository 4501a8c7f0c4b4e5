//! The plain version of [`super::compute`]: row by row, calendar dates from `chrono`, maps
//! keyed by code and date, sorting for percentiles, a scan of all tickets per incident.
//!
//! It exists to check the fast version (property tests require identical results) and as the
//! baseline of the benchmark; it is not used by the app.

use super::fast::{column_len, period_incidents, trend};
use super::output::*;
use super::{
    IncidentFact, Input, Params, Percentiles, RatingFact, RatingSubject, RepeatStats, DAY,
};
use chrono::{DateTime, NaiveDate};
use std::collections::{BTreeMap, HashMap};

/// Nearest-rank percentiles by sorting.
pub fn percentiles_by_sort(values: &[u32]) -> Percentiles {
    let mut v = values.to_vec();
    v.sort_unstable();
    let n = v.len();
    if n == 0 {
        return Percentiles::default();
    }
    let pick = |p: f64| {
        let rank = ((p / 100.0) * n as f64).ceil().max(1.0) as usize;
        v[rank - 1]
    };
    Percentiles {
        count: n as u32,
        p50: Some(pick(50.0)),
        p90: Some(pick(90.0)),
    }
}

fn secs(a: i64, b: i64) -> u32 {
    (b - a).clamp(0, i64::from(u32::MAX)) as u32
}

#[derive(Default)]
struct SlaNaive {
    tickets: u32,
    decided: u32,
    met: u32,
    durations: Vec<u32>,
}

/// Computes the same [`Dashboard`] as [`super::compute`], slowly and obviously.
pub fn compute(input: &Input<'_>, p: &Params) -> Dashboard {
    let t = input.tickets;
    let (from, end, now) = (p.from, p.end(), p.now);
    let dates = p.grid().dates();
    let local_date = |ts: i64| -> Option<NaiveDate> {
        let d = DateTime::from_timestamp(ts + i64::from(p.utc_offset), 0)?.date_naive();
        (dates.first()? <= &d && &d <= dates.last()?).then_some(d)
    };
    let mut total: BTreeMap<NaiveDate, Counts> = BTreeMap::new();
    let mut by: [BTreeMap<String, BTreeMap<NaiveDate, Counts>>; 3] = Default::default();
    let mut sla: [BTreeMap<String, SlaNaive>; 3] = Default::default();
    let mut customers: HashMap<u64, u32> = HashMap::new();
    let mut ratings: Vec<RatingFact> = Vec::new();
    let mut selected: Vec<(i64, bool)> = Vec::new();
    for i in 0..column_len(t) {
        let c = t.created[i];
        let Some(service) = t.services.get(usize::from(t.service[i])) else {
            continue;
        };
        let Some(group) = t.groups.get(usize::from(t.group[i])) else {
            continue;
        };
        let line = t.line[i];
        let f = &p.filter;
        if c < from
            || c >= end
            || f.service.as_ref().is_some_and(|s| s != service)
            || f.group.as_ref().is_some_and(|g| g != group)
            || f.line.is_some_and(|l| l != line)
        {
            continue;
        }
        let mut keys = vec![(0, service.clone()), (1, group.clone())];
        if (1..=3).contains(&line) {
            keys.push((2, line.to_string()));
        }
        let mut event = |ts: i64, apply: &dyn Fn(&mut Counts)| {
            if let Some(d) = local_date(ts) {
                apply(total.entry(d).or_default());
                for (dim, key) in &keys {
                    apply(
                        by[*dim]
                            .entry(key.clone())
                            .or_default()
                            .entry(d)
                            .or_default(),
                    );
                }
            }
        };
        let (tr, kn) = (t.transferred[i], t.known_problem[i]);
        event(c, &|x| {
            x.registered += 1;
            if tr {
                x.transferred += 1;
            }
            if kn {
                x.known_problem += 1;
            }
        });
        let resolved = t.resolved[i];
        let deadline = t.deadline[i];
        let open = t.status[i].is_open();
        if let Some(r) = resolved {
            event(r, &|x| x.resolved += 1);
        }
        let overdue = deadline < now
            && match resolved {
                Some(r) => r > deadline,
                None => open,
            };
        if overdue {
            event(deadline, &|x| x.overdue += 1);
        }
        for (dim, key) in [(0, String::new()), (1, service.clone()), (2, group.clone())] {
            let row = sla[dim].entry(key).or_default();
            row.tickets += 1;
            match resolved {
                Some(r) => {
                    row.decided += 1;
                    if r <= deadline {
                        row.met += 1;
                    }
                    row.durations.push(secs(c, r));
                }
                None if open && deadline < now => row.decided += 1,
                None => {}
            }
        }
        *customers.entry(t.customer[i]).or_default() += 1;
        selected.push((c, kn));
        if let Some(stars) = t.rating[i] {
            ratings.push(RatingFact {
                at: resolved.unwrap_or(c),
                stars,
                subject: RatingSubject::Unknown,
            });
        }
    }

    let per_day = |m: &BTreeMap<NaiveDate, Counts>| -> Vec<Counts> {
        dates
            .iter()
            .map(|d| m.get(d).copied().unwrap_or_default())
            .collect()
    };
    let [svc, grp, line] = by;
    let breakdown = |m: BTreeMap<String, BTreeMap<NaiveDate, Counts>>| -> Vec<Breakdown> {
        m.into_iter()
            .map(|(key, days)| Breakdown {
                key,
                per_day: per_day(&days),
            })
            .collect()
    };
    let volume = Volume {
        dates: dates.clone(),
        total: per_day(&total),
        by_service: breakdown(svc),
        by_group: breakdown(grp),
        by_line: breakdown(line),
    };
    let sla_row = |key: String, s: &SlaNaive| SlaRow {
        key,
        tickets: s.tickets,
        decided: s.decided,
        met: s.met,
        resolve_time: percentiles_by_sort(&s.durations),
    };
    let [sla_total, sla_svc, sla_grp] = sla;
    let sla = Sla {
        total: sla_total
            .get("")
            .map(|s| sla_row(String::new(), s))
            .unwrap_or_default(),
        by_service: sla_svc.into_iter().map(|(k, s)| sla_row(k, &s)).collect(),
        by_group: sla_grp.into_iter().map(|(k, s)| sla_row(k, &s)).collect(),
    };

    // Incidents: a scan of every ticket for each one.
    let wh = i64::from(p.window());
    let mut profile = vec![0u32; 2 * p.window() as usize];
    let mut inc = IncidentStats::default();
    let (mut reg_times, mut res_times) = (Vec::new(), Vec::new());
    // With a filter: only incidents and spots linked to a matching ticket (of any date).
    let ticket_matches = |k: usize| {
        let f = &p.filter;
        let (Some(service), Some(group)) = (
            t.services.get(usize::from(t.service[k])),
            t.groups.get(usize::from(t.group[k])),
        ) else {
            return false;
        };
        f.service.as_ref().is_none_or(|s| s == service)
            && f.group.as_ref().is_none_or(|g| g == group)
            && f.line.is_none_or(|l| l == t.line[k])
    };
    let about_filtered = |incident: Option<u32>, spot: Option<u32>| {
        !p.filter.is_active()
            || (0..column_len(t)).any(|k| {
                ((incident.is_some() && t.incident[k] == incident)
                    || (spot.is_some() && t.spot[k] == spot))
                    && ticket_matches(k)
            })
    };
    let kept: Vec<IncidentFact> = input
        .incidents
        .iter()
        .filter(|i| about_filtered(Some(i.id), None))
        .copied()
        .collect();
    for i in period_incidents(&kept, from, end) {
        let linked: Vec<i64> = (0..column_len(t))
            .filter(|&k| t.incident[k] == Some(i.id))
            .map(|k| t.created[k])
            .collect();
        let reg_min = i.registered - i.registered.rem_euclid(60);
        let mut row = IncidentRow {
            id: i.id,
            registered: i.registered,
            time_to_register: linked.iter().min().map(|&first| secs(first, i.registered)),
            time_to_resolve: i.resolved.map(|r| secs(i.registered, r)),
            affected_customers: i.affected_customers,
            linked_contacts: linked.len() as u32,
            ..Default::default()
        };
        for &(c, known) in &selected {
            let h = (c - reg_min).div_euclid(3600);
            if (-wh..wh).contains(&h) {
                profile[(h + wh) as usize] += 1;
                if h < 0 {
                    row.contacts_before += 1;
                } else {
                    row.contacts_after += 1;
                    if known {
                        row.known_after += 1;
                    }
                }
            }
        }
        inc.count += 1;
        if i.resolved.is_some() {
            inc.resolved += 1;
        }
        inc.affected_customers += u64::from(i.affected_customers);
        reg_times.extend(row.time_to_register);
        res_times.extend(row.time_to_resolve);
        inc.rows.push(row);
    }
    inc.time_to_register = percentiles_by_sort(&reg_times);
    inc.time_to_resolve = percentiles_by_sort(&res_times);

    let mut spots = SpotStats::default();
    let mut fix = Vec::new();
    for s in input.spots {
        if s.registered < from || s.registered >= end || !about_filtered(None, Some(s.id)) {
            continue;
        }
        spots.count += 1;
        if let Some(r) = s.resolved {
            spots.resolved += 1;
            if r - s.registered <= DAY {
                spots.within_day += 1;
            }
            fix.push(secs(s.registered, r));
        }
    }
    spots.time_to_fix = percentiles_by_sort(&fix);

    // Given ratings count when what they are about matches the filter (the tickets' own
    // ratings above are of selected tickets already).
    let ratings: Vec<RatingFact> = match input.ratings {
        None => ratings,
        Some(list) => list
            .iter()
            .filter(|r| match &r.subject {
                _ if !p.filter.is_active() => true,
                RatingSubject::Ticket {
                    service,
                    group,
                    line,
                } => {
                    let f = &p.filter;
                    f.service.as_ref().is_none_or(|s| s == service)
                        && f.group.as_ref().is_none_or(|g| g == group)
                        && f.line.is_none_or(|l| l == *line)
                }
                RatingSubject::Incident(id) => about_filtered(Some(*id), None),
                RatingSubject::Spot(id) => about_filtered(None, Some(*id)),
                RatingSubject::Unknown => false,
            })
            .cloned()
            .collect(),
    };
    let mut rs = RatingStats {
        per_day: vec![RatingDay::default(); dates.len()],
        ..Default::default()
    };
    for r in ratings.iter().filter(|r| (1..=5).contains(&r.stars)) {
        if let Some(d) = local_date(r.at) {
            let k = dates.iter().position(|x| *x == d).unwrap_or_default();
            rs.per_day[k].count += 1;
            rs.per_day[k].stars += u32::from(r.stars);
            rs.total.count += 1;
            rs.total.stars += u32::from(r.stars);
            rs.distribution[usize::from(r.stars) - 1] += 1;
        }
    }
    rs.trend_centi = trend(&rs.per_day);

    Dashboard {
        volume,
        sla,
        incidents: inc,
        contacts: ContactStats {
            window_hours: p.window(),
            contacts: selected.len() as u32,
            known_problem: selected.iter().filter(|s| s.1).count() as u32,
            profile,
        },
        spots,
        ratings: rs,
        repeats: RepeatStats {
            contacts: selected.len() as u32,
            customers: customers.len() as u32,
            repeat_customers: customers.values().filter(|&&n| n > 1).count() as u32,
        },
    }
}
