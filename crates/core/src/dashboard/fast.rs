//! The single-pass, integer-only computation (see the module docs of `dashboard`).

use super::output::*;
use super::percentile::{duration, percentiles, Grouped, Percentiles};
use super::prepared::{Prepared, KNOWN, NEVER, NONE, OPEN, TRANSFERRED};
use super::repeat::RepeatStats;
use super::{IncidentFact, Input, Params, RatingSubject, SpotFact, DAY};
use crate::dashboard::calendar::DayGrid;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

/// A table index that is filtered out.
const NO_SLOT: u32 = u32::MAX;

/// The slot of a service or group index, if it is in range and passes the filter.
#[inline(always)]
fn slot_of(allowed: &[u32], index: u16) -> Option<usize> {
    match allowed.get(usize::from(index)) {
        Some(&s) if s != NO_SLOT => Some(s as usize),
        _ => None,
    }
}

/// A string table's distinct names, sorted, and each index's slot among them.
struct Keys {
    slot: Vec<usize>,
    names: Vec<String>,
}

impl Keys {
    fn new(table: &[String]) -> Self {
        // Columns index tables by u16: entries past that are unreachable.
        let table = &table[..table.len().min(Grouped::MAX_SETS)];
        let mut names: Vec<String> = table.to_vec();
        names.sort_unstable();
        names.dedup();
        let slot = table
            .iter()
            .map(|s| names.binary_search(s).unwrap_or(0))
            .collect();
        Self { slot, names }
    }

    /// Slot of table index `i` when it passes `want`, else [`NO_SLOT`] (filtered out); indices
    /// past the end are out of range.
    fn allowed(&self, want: &Option<String>) -> Vec<u32> {
        self.slot
            .iter()
            .map(|&s| match want {
                Some(w) if self.names[s] != *w => NO_SLOT,
                _ => s as u32,
            })
            .collect()
    }
}

/// One day's counters of one slice, two per `u64` so that an event is fewer
/// read-modify-writes: `rt` = registered | transferred << 32, `kr` = known problem |
/// resolved << 32. No half can carry into the other: counts stay below 2^32.
#[derive(Default, Clone, Copy)]
struct Cell {
    rt: u64,
    kr: u64,
    overdue: u32,
}

impl Cell {
    /// A registration (with its transferred and known-problem flags).
    #[inline(always)]
    fn registered(&mut self, transferred: bool, known: bool) {
        self.rt += 1 | u64::from(transferred) << 32;
        self.kr += u64::from(known);
    }

    #[inline(always)]
    fn resolved(&mut self) {
        self.kr += 1 << 32;
    }

    #[inline(always)]
    fn overdue(&mut self) {
        self.overdue += 1;
    }

    fn counts(self) -> Counts {
        Counts {
            registered: self.rt as u32,
            transferred: (self.rt >> 32) as u32,
            known_problem: self.kr as u32,
            resolved: (self.kr >> 32) as u32,
            overdue: self.overdue,
        }
    }
}

/// Dense per-day counters per service slot, per group slot and per line. The total is not
/// counted per ticket: every selected ticket has exactly one service, so the total of a day
/// is the sum of its service cells.
struct Cells {
    days: usize,
    service: Vec<Cell>,
    group: Vec<Cell>,
    line: Vec<Cell>,
}

impl Cells {
    /// Applies `f` to the cells of day `day` of service `s`, group `g` and line `l` (when
    /// `l < 3`).
    #[inline(always)]
    fn bump(&mut self, day: usize, s: usize, g: usize, l: usize, f: impl Fn(&mut Cell)) {
        f(&mut self.service[s * self.days + day]);
        f(&mut self.group[g * self.days + day]);
        if l < 3 {
            f(&mut self.line[l * self.days + day]);
        }
    }

    /// Per day, the sum over services.
    fn total(&self) -> Vec<Counts> {
        let mut total = vec![Counts::default(); self.days];
        if self.days > 0 {
            for row in self.service.chunks_exact(self.days) {
                for (t, c) in total.iter_mut().zip(row) {
                    t.add(&c.counts());
                }
            }
        }
        total
    }

    /// Tickets registered per slice (all days).
    fn registered(cells: &[Cell], days: usize) -> Vec<u32> {
        cells
            .chunks_exact(days.max(1))
            .map(|row| row.iter().map(|c| c.rt as u32).sum())
            .collect()
    }

    fn breakdown(cells: &[Cell], days: usize, names: &[String], seen: &[u32]) -> Vec<Breakdown> {
        names
            .iter()
            .enumerate()
            .filter(|&(k, _)| seen.get(k).is_some_and(|&n| n > 0))
            .map(|(k, name)| Breakdown {
                key: name.clone(),
                per_day: cells[k * days..(k + 1) * days]
                    .iter()
                    .map(|c| c.counts())
                    .collect(),
            })
            .collect()
    }
}

#[derive(Default, Clone, Copy, PartialEq, Eq, Debug)]
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

    fn sum(all: &[SlaAcc]) -> SlaAcc {
        all.iter().fold(SlaAcc::default(), |a, b| SlaAcc {
            tickets: a.tickets + b.tickets,
            decided: a.decided + b.decided,
            met: a.met + b.met,
        })
    }

    fn row(self, key: &str, resolve_time: Percentiles) -> SlaRow {
        SlaRow {
            key: key.to_owned(),
            tickets: self.tickets,
            decided: self.decided,
            met: self.met,
            resolve_time,
        }
    }
}

/// Computes every dashboard statistic in one pass over the prepared ticket columns.
pub fn compute(input: &Input<'_, Prepared>, p: &Params) -> Dashboard {
    let t = input.tickets;
    let n = t.len();
    let grid = p.grid();
    // Ticket times are seconds after `t.base`: a grid taking them as they are.
    let rel_grid = grid.relative_to(t.base);
    let rel = |x: i64| x.saturating_sub(t.base);
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
        service: vec![Cell::default(); days * ns],
        group: vec![Cell::default(); days * ng],
        line: vec![Cell::default(); days * 3],
    };
    // Per service and group; the total is their sum (every ticket has one service).
    let (mut sla_svc, mut sla_grp) = (vec![SlaAcc::default(); ns], vec![SlaAcc::default(); ng]);
    let mut durations = Grouped::with_capacity(ns, ng, n);
    // Per-minute contacts and known-problem answers of the selected tickets.
    let base = from.div_euclid(60) * 60;
    let minutes = usize::try_from((end - base + 59) / 60).unwrap_or(0);
    // Contacts | known-problem answers << 32, one read-modify-write per ticket.
    let mut per_minute = vec![0u64; minutes];
    let mut ratings = RatingStats {
        per_day: vec![RatingDay::default(); days],
        ..Default::default()
    };
    // Per dense customer number: 0 unseen, 1 once, 2 more than once.
    let mut seen = vec![0u8; t.customers()];
    let (mut distinct, mut repeated) = (0u32, 0u32);
    // With a filter, only incidents and spots linked to a matching ticket count.
    let (inc_keep, spot_keep) = if p.filter.is_active() {
        let (mut a, mut b) = (HashSet::new(), HashSet::new());
        for i in 0..n {
            if (t.incident[i] == NONE && t.spot[i] == NONE)
                || line_want.is_some_and(|l| l != t.line[i])
                || slot_of(&svc_ok, t.service[i]).is_none()
                || slot_of(&grp_ok, t.group[i]).is_none()
            {
                continue;
            }
            a.extend(Some(t.incident[i]).filter(|&x| x != NONE));
            b.extend(Some(t.spot[i]).filter(|&x| x != NONE));
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
    let mut first_link = vec![u32::MAX; incidents.len()];
    let mut links = vec![0u32; incidents.len()];
    let ticket_ratings = input.ratings.is_none();

    // Columns cut to one length, so indexing by i < n needs no bounds checks.
    let (created, resolved, deadline) = (&t.created[..n], &t.resolved[..n], &t.deadline[..n]);
    let (service, group, lines, flags) =
        (&t.service[..n], &t.group[..n], &t.line[..n], &t.flags[..n]);
    let (customer, rating, incident) = (&t.customer[..n], &t.rating[..n], &t.incident[..n]);
    // The period and now in seconds after the base.
    let (from_r, now_r) = (rel(from), rel(now));
    // `from <= c < end` as one unsigned compare.
    let span = (end - from) as u64;
    // Minute histogram index of a relative time: (c + shift) / 60.
    let shift = t.base - base;
    for i in 0..n {
        let c = created[i];
        let id = incident[i];
        if id != NONE {
            if let Some(k) = inc_index.get(id) {
                first_link[k] = first_link[k].min(c);
                links[k] += 1;
            }
        }
        if (i64::from(c)).wrapping_sub(from_r) as u64 >= span {
            continue;
        }
        let line = lines[i];
        if line_want.is_some_and(|l| l != line) {
            continue;
        }
        let (Some(s), Some(g)) = (slot_of(&svc_ok, service[i]), slot_of(&grp_ok, group[i])) else {
            continue;
        };
        let Some(d) = rel_grid.index(i64::from(c)) else {
            continue;
        };
        // Lines 1..=3 to 0..=2; anything else is >= 3 and has no line cell.
        let l = usize::from(line.wrapping_sub(1));
        let fl = flags[i];
        let (tr, known, open) = (fl & TRANSFERRED != 0, fl & KNOWN != 0, fl & OPEN != 0);
        cells.bump(d, s, g, l, |x| x.registered(tr, known));
        let (r, dl) = (resolved[i], deadline[i]);
        let late = i64::from(dl) < now_r;
        let (decided, met) = if r != NEVER {
            durations.push(r.saturating_sub(c), s, g);
            if let Some(rd) = rel_grid.index(i64::from(r)) {
                cells.bump(rd, s, g, l, Cell::resolved);
            }
            (true, r <= dl)
        } else {
            (open && late, false)
        };
        sla_svc[s].add(decided, met);
        sla_grp[g].add(decided, met);
        if late && if r != NEVER { r > dl } else { open } {
            if let Some(od) = rel_grid.index(i64::from(dl)) {
                cells.bump(od, s, g, l, Cell::overdue);
            }
        }
        // c - base < MAX_DAYS days of seconds: fits u32 (fast 32-bit division in wasm).
        per_minute[((i64::from(c) + shift) as u32 / 60) as usize] += 1 | u64::from(known) << 32;
        let k = customer[i] as usize;
        let once = seen[k];
        distinct += u32::from(once == 0);
        repeated += u32::from(once == 1);
        seen[k] = (once + 1).min(2);
        if ticket_ratings {
            let stars = rating[i];
            if stars != 0 {
                let at = if r != NEVER { r } else { c };
                add_rating(&mut ratings, &rel_grid, i64::from(at), stars);
            }
        }
    }
    let first_link: Vec<i64> = first_link.iter().map(|&c| t.base + i64::from(c)).collect();
    if let Some(list) = input.ratings {
        for r in list {
            let about = match (&r.subject, &inc_keep, &spot_keep) {
                _ if !p.filter.is_active() => true,
                (
                    RatingSubject::Ticket {
                        service,
                        group,
                        line,
                    },
                    _,
                    _,
                ) => RatingSubject::ticket_matches(&p.filter, service, group, *line),
                (RatingSubject::Incident(id), Some(keep), _) => keep.contains(id),
                (RatingSubject::Spot(id), _, Some(keep)) => keep.contains(id),
                _ => false,
            };
            if about {
                add_rating(&mut ratings, &grid, r.at, r.stars);
            }
        }
    }
    ratings.total = ratings
        .per_day
        .iter()
        .fold(RatingDay::default(), |a, d| RatingDay {
            count: a.count + d.count,
            stars: a.stars + d.stars,
        });
    ratings.trend_centi = trend(&ratings.per_day);

    let line_names: Vec<String> = (1..=3).map(|l| l.to_string()).collect();
    let svc_seen: Vec<u32> = sla_svc.iter().map(|a| a.tickets).collect();
    let grp_seen: Vec<u32> = sla_grp.iter().map(|a| a.tickets).collect();
    let line_seen = Cells::registered(&cells.line, days);
    let volume = Volume {
        dates: grid.dates(),
        by_service: Cells::breakdown(&cells.service, days, &services.names, &svc_seen),
        by_group: Cells::breakdown(&cells.group, days, &groups.names, &grp_seen),
        by_line: Cells::breakdown(&cells.line, days, &line_names, &line_seen),
        total: cells.total(),
    };
    let (p_total, p_svc, p_grp) = durations.percentiles();
    let sla_total = SlaAcc::sum(&sla_svc);
    let sla = Sla {
        total: sla_total.row("", p_total),
        by_service: sla_rows(&sla_svc, &services.names, &p_svc),
        by_group: sla_rows(&sla_grp, &groups.names, &p_grp),
    };
    let contacts_total = sla_total.tickets;
    let (per_minute, known_minute): (Vec<u32>, Vec<u32>) = per_minute
        .iter()
        .map(|&m| (m as u32, (m >> 32) as u32))
        .unzip();
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
        repeats: RepeatStats {
            contacts: contacts_total,
            customers: distinct,
            repeat_customers: repeated,
        },
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

fn sla_rows(acc: &[SlaAcc], names: &[String], resolve: &[Percentiles]) -> Vec<SlaRow> {
    acc.iter()
        .zip(names)
        .zip(resolve)
        .filter(|((a, _), _)| a.tickets > 0)
        .map(|((a, name), &r)| a.row(name, r))
        .collect()
}

/// Counts a rating per day and by stars (the total is summed from the days at the end).
#[inline(always)]
fn add_rating(stats: &mut RatingStats, grid: &DayGrid, at: i64, stars: u8) {
    let k = usize::from(stars.wrapping_sub(1));
    if k >= 5 {
        return;
    }
    if let Some(d) = grid.index(at) {
        stats.per_day[d].count += 1;
        stats.per_day[d].stars += u32::from(stars);
        stats.distribution[k] += 1;
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
