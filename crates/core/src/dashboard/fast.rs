//! The single-pass, integer-only computation (see the module docs of `dashboard`).

use super::output::*;
use super::percentile::{duration, percentiles};
use super::repeat::Partitions;
use super::{IncidentFact, Input, Params, SpotFact, DAY};
use crate::dashboard::calendar::DayGrid;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

/// A string table's distinct names, sorted, and each index's slot among them.
struct Keys {
    slot: Vec<usize>,
    names: Vec<String>,
}

impl Keys {
    fn new(table: &[String]) -> Self {
        let mut names: Vec<String> = table.to_vec();
        names.sort_unstable();
        names.dedup();
        let slot = table
            .iter()
            .map(|s| names.binary_search(s).unwrap_or(0))
            .collect();
        Self { slot, names }
    }

    /// Slot of table index `i` when it passes `want` (None: out of range or filtered out).
    fn allowed(&self, want: &Option<String>) -> Vec<Option<usize>> {
        self.slot
            .iter()
            .map(|&s| match want {
                Some(w) if self.names[s] != *w => None,
                _ => Some(s),
            })
            .collect()
    }
}

/// Dense per-day counters: total, per service slot, per group slot, per line.
struct Cells {
    days: usize,
    total: Vec<Counts>,
    service: Vec<Counts>,
    group: Vec<Counts>,
    line: Vec<Counts>,
}

impl Cells {
    #[inline(always)]
    fn bump(&mut self, day: usize, s: usize, g: usize, l: Option<usize>, f: impl Fn(&mut Counts)) {
        f(&mut self.total[day]);
        f(&mut self.service[s * self.days + day]);
        f(&mut self.group[g * self.days + day]);
        if let Some(l) = l {
            f(&mut self.line[l * self.days + day]);
        }
    }

    fn breakdown(cells: &[Counts], days: usize, names: &[String], seen: &[u32]) -> Vec<Breakdown> {
        names
            .iter()
            .enumerate()
            .filter(|&(k, _)| seen[k] > 0)
            .map(|(k, name)| Breakdown {
                key: name.clone(),
                per_day: cells[k * days..(k + 1) * days].to_vec(),
            })
            .collect()
    }
}

#[derive(Default, Clone, Copy)]
struct SlaAcc {
    tickets: u32,
    decided: u32,
    met: u32,
}

impl SlaAcc {
    #[inline(always)]
    fn add(&mut self, decided: bool, met: bool) {
        self.tickets += 1;
        self.decided += u32::from(decided);
        self.met += u32::from(met);
    }

    fn row(self, key: &str, durations: &mut [u32]) -> SlaRow {
        SlaRow {
            key: key.to_owned(),
            tickets: self.tickets,
            decided: self.decided,
            met: self.met,
            resolve_time: percentiles(durations),
        }
    }
}

/// Computes every dashboard statistic in one pass over the ticket columns.
pub fn compute(input: &Input<'_>, p: &Params) -> Dashboard {
    let t = input.tickets;
    let n = column_len(t);
    let grid = p.grid();
    let days = grid.len();
    let (from, end, now) = (p.from, p.end(), p.now);
    let services = Keys::new(&t.services);
    let groups = Keys::new(&t.groups);
    let svc_ok = services.allowed(&p.filter.service);
    let grp_ok = groups.allowed(&p.filter.group);
    let line_want = p.filter.line;
    let (ns, ng) = (services.names.len(), groups.names.len());
    let mut cells = Cells {
        days,
        total: vec![Counts::default(); days],
        service: vec![Counts::default(); days * ns],
        group: vec![Counts::default(); days * ng],
        line: vec![Counts::default(); days * 3],
    };
    let (mut svc_seen, mut grp_seen, mut line_seen) = (vec![0u32; ns], vec![0u32; ng], [0u32; 3]);
    let (mut sla_total, mut sla_svc, mut sla_grp) = (
        SlaAcc::default(),
        vec![SlaAcc::default(); ns],
        vec![SlaAcc::default(); ng],
    );
    let mut dur_total: Vec<u32> = Vec::with_capacity(n);
    let mut dur_svc: Vec<Vec<u32>> = (0..ns).map(|_| Vec::with_capacity(n / ns.max(1))).collect();
    let mut dur_grp: Vec<Vec<u32>> = (0..ng).map(|_| Vec::with_capacity(n / ng.max(1))).collect();
    // Per-minute contacts and known-problem answers of the selected tickets.
    let base = from.div_euclid(60) * 60;
    let minutes = usize::try_from((end - base + 59) / 60).unwrap_or(0);
    let mut per_minute = vec![0u32; minutes];
    let mut known_minute = vec![0u32; minutes];
    let mut ratings = RatingStats {
        per_day: vec![RatingDay::default(); days],
        ..Default::default()
    };
    let mut customers = Partitions::with_capacity(n);
    let mut selected = 0u32;
    // With a filter, only incidents and spots linked to a matching ticket count.
    let (inc_keep, spot_keep) = if p.filter.is_active() {
        let (mut a, mut b) = (HashSet::new(), HashSet::new());
        for i in 0..n {
            if (t.incident[i].is_none() && t.spot[i].is_none())
                || line_want.is_some_and(|l| l != t.line[i])
                || !matches!(svc_ok.get(usize::from(t.service[i])), Some(Some(_)))
                || !matches!(grp_ok.get(usize::from(t.group[i])), Some(Some(_)))
            {
                continue;
            }
            a.extend(t.incident[i]);
            b.extend(t.spot[i]);
        }
        (Some(a), Some(b))
    } else {
        (None, None)
    };
    let kept_incidents: Cow<'_, [IncidentFact]> = match &inc_keep {
        Some(k) => Cow::Owned(
            input
                .incidents
                .iter()
                .filter(|i| k.contains(&i.id))
                .copied()
                .collect(),
        ),
        None => Cow::Borrowed(input.incidents),
    };
    let kept_spots: Cow<'_, [SpotFact]> = match &spot_keep {
        Some(k) => Cow::Owned(
            input
                .spots
                .iter()
                .filter(|s| k.contains(&s.id))
                .copied()
                .collect(),
        ),
        None => Cow::Borrowed(input.spots),
    };
    // Incidents of the period, and the first creation / count of their linked tickets.
    let incidents = period_incidents(&kept_incidents, from, end);
    let inc_index = IdIndex::new(&incidents);
    let mut first_link = vec![i64::MAX; incidents.len()];
    let mut links = vec![0u32; incidents.len()];
    let ticket_ratings = input.ratings.is_none();

    for i in 0..n {
        if let Some(id) = t.incident[i] {
            if let Some(k) = inc_index.get(id) {
                first_link[k] = first_link[k].min(t.created[i]);
                links[k] += 1;
            }
        }
        let c = t.created[i];
        if c < from || c >= end {
            continue;
        }
        let line = t.line[i];
        if line_want.is_some_and(|l| l != line) {
            continue;
        }
        let (Some(Some(s)), Some(Some(g))) = (
            svc_ok.get(usize::from(t.service[i])),
            grp_ok.get(usize::from(t.group[i])),
        ) else {
            continue;
        };
        let (s, g) = (*s, *g);
        let Some(d) = grid.index(c) else { continue };
        let l = matches!(line, 1..=3).then(|| usize::from(line) - 1);
        svc_seen[s] += 1;
        grp_seen[g] += 1;
        if let Some(l) = l {
            line_seen[l] += 1;
        }
        let (transferred, known) = (t.transferred[i], t.known_problem[i]);
        cells.bump(d, s, g, l, |x| {
            x.registered += 1;
            x.transferred += u32::from(transferred);
            x.known_problem += u32::from(known);
        });
        let (r, dl, open) = (t.resolved[i], t.deadline[i], t.status[i].is_open());
        let (decided, met) = match r {
            Some(r) => {
                let du = duration(c, r);
                dur_total.push(du);
                dur_svc[s].push(du);
                dur_grp[g].push(du);
                if let Some(rd) = grid.index(r) {
                    cells.bump(rd, s, g, l, |x| x.resolved += 1);
                }
                (true, r <= dl)
            }
            None => (open && dl < now, false),
        };
        sla_total.add(decided, met);
        sla_svc[s].add(decided, met);
        sla_grp[g].add(decided, met);
        if dl < now && r.map_or(open, |r| r > dl) {
            if let Some(od) = grid.index(dl) {
                cells.bump(od, s, g, l, |x| x.overdue += 1);
            }
        }
        // c - base < MAX_DAYS days of seconds: fits u32 (fast 32-bit division in wasm).
        let m = ((c - base) as u32 / 60) as usize;
        per_minute[m] += 1;
        known_minute[m] += u32::from(known);
        customers.push(t.customer[i]);
        selected += 1;
        if ticket_ratings {
            if let Some(stars) = t.rating[i] {
                add_rating(&mut ratings, &grid, r.unwrap_or(c), stars);
            }
        }
    }
    if let Some(list) = input.ratings {
        for r in list {
            add_rating(&mut ratings, &grid, r.at, r.stars);
        }
    }
    ratings.trend_centi = trend(&ratings.per_day);

    let line_names: Vec<String> = (1..=3).map(|l| l.to_string()).collect();
    let volume = Volume {
        dates: grid.dates(),
        by_service: Cells::breakdown(&cells.service, days, &services.names, &svc_seen),
        by_group: Cells::breakdown(&cells.group, days, &groups.names, &grp_seen),
        by_line: Cells::breakdown(&cells.line, days, &line_names, &line_seen),
        total: cells.total,
    };
    let sla = Sla {
        total: sla_total.row("", &mut dur_total),
        by_service: sla_rows(&sla_svc, &services.names, &mut dur_svc),
        by_group: sla_rows(&sla_grp, &groups.names, &mut dur_grp),
    };
    let contacts_total = selected;
    let known_total = known_minute.iter().sum();
    let (incident_stats, profile) = incident_stats(
        &incidents,
        &first_link,
        &links,
        &Minutes::new(base, &per_minute, &known_minute),
        p.window(),
    );
    Dashboard {
        volume,
        sla,
        incidents: incident_stats,
        contacts: ContactStats {
            window_hours: p.window(),
            contacts: contacts_total,
            known_problem: known_total,
            profile,
        },
        spots: spot_stats(&kept_spots, from, end),
        ratings,
        repeats: customers.stats(),
    }
}

/// The shortest column's length, so ragged hand-built columns cannot index out of bounds.
pub(super) fn column_len(t: &spotdesk_api::facts::TicketFacts) -> usize {
    [
        t.created.len(),
        t.resolved.len(),
        t.deadline.len(),
        t.service.len(),
        t.group.len(),
        t.line.len(),
        t.status.len(),
        t.rating.len(),
        t.transferred.len(),
        t.known_problem.len(),
        t.customer.len(),
        t.incident.len(),
        t.spot.len(),
    ]
    .into_iter()
    .min()
    .unwrap_or(0)
}

fn sla_rows(acc: &[SlaAcc], names: &[String], durations: &mut [Vec<u32>]) -> Vec<SlaRow> {
    acc.iter()
        .zip(names)
        .zip(durations.iter_mut())
        .filter(|((a, _), _)| a.tickets > 0)
        .map(|((a, name), d)| a.row(name, d))
        .collect()
}

fn add_rating(stats: &mut RatingStats, grid: &DayGrid, at: i64, stars: u8) {
    if !(1..=5).contains(&stars) {
        return;
    }
    if let Some(d) = grid.index(at) {
        stats.per_day[d].count += 1;
        stats.per_day[d].stars += u32::from(stars);
        stats.total.count += 1;
        stats.total.stars += u32::from(stars);
        stats.distribution[usize::from(stars) - 1] += 1;
    }
}

/// Mean of the second half of the days minus the first half, in hundredths of a star.
pub(super) fn trend(per_day: &[RatingDay]) -> Option<i32> {
    if per_day.len() < 2 {
        return None;
    }
    let half = per_day.len() / 2;
    let mean = |days: &[RatingDay]| {
        let (c, s) = days.iter().fold((0u64, 0u64), |(c, s), d| {
            (c + u64::from(d.count), s + u64::from(d.stars))
        });
        (c > 0).then(|| (s * 100 / c) as i32)
    };
    Some(mean(&per_day[half..])? - mean(&per_day[..half])?)
}

/// Incidents registered in `[from, end)`, first occurrence of each id, by time then id.
pub(super) fn period_incidents(list: &[IncidentFact], from: i64, end: i64) -> Vec<IncidentFact> {
    let mut seen = std::collections::HashSet::new();
    let mut out: Vec<IncidentFact> = list
        .iter()
        .filter(|i| seen.insert(i.id))
        .filter(|i| i.registered >= from && i.registered < end)
        .copied()
        .collect();
    crate::sort::sort_by_key(&mut out, |i| (i.registered, i.id));
    out
}

/// Incident id to position: a dense table for the usual small ids, a map otherwise.
enum IdIndex {
    Dense(Vec<u32>),
    Sparse(HashMap<u32, usize>),
}

impl IdIndex {
    const NONE: u32 = u32::MAX;

    fn new(incidents: &[IncidentFact]) -> Self {
        let max = incidents.iter().map(|i| i.id).max().unwrap_or(0) as usize;
        if max <= 1 << 20 {
            let mut v = vec![Self::NONE; max + 1];
            for (k, i) in incidents.iter().enumerate() {
                v[i.id as usize] = k as u32;
            }
            IdIndex::Dense(v)
        } else {
            IdIndex::Sparse(
                incidents
                    .iter()
                    .enumerate()
                    .map(|(k, i)| (i.id, k))
                    .collect(),
            )
        }
    }

    #[inline(always)]
    fn get(&self, id: u32) -> Option<usize> {
        match self {
            IdIndex::Dense(v) => v
                .get(id as usize)
                .filter(|&&k| k != Self::NONE)
                .map(|&k| k as usize),
            IdIndex::Sparse(m) => m.get(&id).copied(),
        }
    }
}

/// Prefix sums of the per-minute histograms: any minute-aligned window in O(1).
struct Minutes {
    base: i64,
    contacts: Vec<u32>,
    known: Vec<u32>,
}

impl Minutes {
    fn new(base: i64, per_minute: &[u32], known: &[u32]) -> Self {
        let prefix = |v: &[u32]| {
            let mut acc = 0u32;
            std::iter::once(0)
                .chain(v.iter().map(|&x| {
                    acc += x;
                    acc
                }))
                .collect::<Vec<u32>>()
        };
        Self {
            base,
            contacts: prefix(per_minute),
            known: prefix(known),
        }
    }

    /// Index into the prefix arrays of the minute-aligned instant `t`, clipped.
    fn at(&self, t: i64) -> usize {
        let len = self.contacts.len() as i64 - 1;
        ((t - self.base).div_euclid(60)).clamp(0, len) as usize
    }

    /// Contacts and known-problem answers created in `[a, b)`.
    fn count(&self, a: i64, b: i64) -> (u32, u32) {
        let (a, b) = (self.at(a), self.at(b));
        (
            self.contacts[b] - self.contacts[a],
            self.known[b] - self.known[a],
        )
    }
}

fn incident_stats(
    incidents: &[IncidentFact],
    first_link: &[i64],
    links: &[u32],
    minutes: &Minutes,
    window_hours: u32,
) -> (IncidentStats, Vec<u32>) {
    let wh = i64::from(window_hours);
    let mut profile = vec![0u32; 2 * window_hours as usize];
    let (mut to_register, mut to_resolve) = (Vec::new(), Vec::new());
    let mut stats = IncidentStats {
        count: incidents.len() as u32,
        ..Default::default()
    };
    for (k, inc) in incidents.iter().enumerate() {
        let reg_min = inc.registered.div_euclid(60) * 60;
        let mut row = IncidentRow {
            id: inc.id,
            registered: inc.registered,
            time_to_register: (links[k] > 0).then(|| duration(first_link[k], inc.registered)),
            time_to_resolve: inc.resolved.map(|r| duration(inc.registered, r)),
            affected_customers: inc.affected_customers,
            linked_contacts: links[k],
            ..Default::default()
        };
        for (h, slot) in profile.iter_mut().enumerate() {
            let start = reg_min + (h as i64 - wh) * 3600;
            let (c, _) = minutes.count(start, start + 3600);
            *slot += c;
            if (h as i64) < wh {
                row.contacts_before += c;
            } else {
                row.contacts_after += c;
            }
        }
        row.known_after = minutes.count(reg_min, reg_min + wh * 3600).1;
        stats.resolved += u32::from(inc.resolved.is_some());
        stats.affected_customers += u64::from(inc.affected_customers);
        to_register.extend(row.time_to_register);
        to_resolve.extend(row.time_to_resolve);
        stats.rows.push(row);
    }
    stats.time_to_register = percentiles(&mut to_register);
    stats.time_to_resolve = percentiles(&mut to_resolve);
    (stats, profile)
}

fn spot_stats(spots: &[SpotFact], from: i64, end: i64) -> SpotStats {
    let mut stats = SpotStats::default();
    let mut fix = Vec::new();
    for s in spots
        .iter()
        .filter(|s| s.registered >= from && s.registered < end)
    {
        stats.count += 1;
        if let Some(r) = s.resolved {
            let d = duration(s.registered, r);
            stats.resolved += 1;
            stats.within_day += u32::from(i64::from(d) <= DAY);
            fix.push(d);
        }
    }
    stats.time_to_fix = percentiles(&mut fix);
    stats
}
