//! The single-pass, integer-only computation (see the module docs of `dashboard`).

use super::output::*;
use super::percentile::{duration, percentiles, Grouped, Histograms, Percentiles, Targets};
use super::prepared::{
    Prepared, KNOWN, LATE_IF_PAST, MET, NONE, OPEN, REPEAT, RESOLVED, TRANSFERRED,
};
use super::repeat::RepeatStats;
use super::{IncidentFact, Input, Params, RatingSubject, SpotFact, DAY};
use crate::dashboard::calendar::DayGrid;
use crate::select::pick;
use std::borrow::Cow;
use std::collections::HashSet;

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
/// resolved << 32, `dm` = SLA decided | SLA met << 32 (of the tickets registered that day).
/// No half can carry into the other: counts stay below 2^32.
#[derive(Default, Clone, Copy)]
struct Cell {
    rt: u64,
    kr: u64,
    dm: u64,
    overdue: u32,
}

impl Cell {
    /// A registration (with its transferred, known-problem, SLA decided and met flags).
    #[inline(always)]
    fn registered(&mut self, transferred: bool, known: bool, decided: bool, met: bool) {
        self.rt += 1 | u64::from(transferred) << 32;
        self.kr += u64::from(known);
        self.dm += u64::from(decided) | u64::from(met) << 32;
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

    /// Adds another cell's counts.
    fn add(&mut self, o: &Cell) {
        self.rt += o.rt;
        self.kr += o.kr;
        self.dm += o.dm;
        self.overdue += o.overdue;
    }

    /// The SLA figures of the tickets registered in `cells`.
    fn sla(cells: &[Cell]) -> SlaAcc {
        cells.iter().fold(SlaAcc::default(), |a, c| SlaAcc {
            tickets: a.tickets + c.rt as u32,
            decided: a.decided + c.dm as u32,
            met: a.met + (c.dm >> 32) as u32,
        })
    }
}

/// Dense per-day counters per service slot, per group slot and per line. The total is not
/// counted per ticket: every selected ticket has exactly one service, so the total of a day
/// is the sum of its service cells.
///
/// A ticket's events are counted twice, not three times: once in the row of its service and
/// line together (`service_line`), once in the row of its group. The service rows and the
/// line rows are sums of the service-and-line rows, added up once after the pass
/// ([`Cells::finish`]).
///
/// Every row has one spare day at the end (index `days`), and every service has a spare
/// fourth line: an event outside the grid, or a ticket of no line, is counted there instead
/// of branching on it (a mispredicted branch per ticket costs more than the extra write). The
/// spare days are never read; the spare line counts for its service but is no line.
struct Cells {
    days: usize,
    /// Row `s * 4 + l`: service `s`, line `l` (3 = none).
    service_line: Vec<Cell>,
    group: Vec<Cell>,
    /// Filled by [`Cells::finish`].
    service: Vec<Cell>,
    /// Lines 1..=3, filled by [`Cells::finish`].
    line: Vec<Cell>,
}

impl Cells {
    fn new(days: usize, services: usize, groups: usize) -> Self {
        let stride = days + 1;
        Self {
            days,
            service_line: vec![Cell::default(); stride * services * 4],
            group: vec![Cell::default(); stride * groups],
            service: vec![Cell::default(); stride * services],
            line: vec![Cell::default(); stride * 3],
        }
    }

    /// The counting tables as slices, for the per-ticket loop ([`Bump`]).
    fn bump(&mut self) -> Bump<'_> {
        Bump {
            stride: self.days + 1,
            service_line: &mut self.service_line,
            group: &mut self.group,
        }
    }

    /// Adds up the service rows and the line rows from the service-and-line rows.
    fn finish(&mut self) {
        let stride = self.days + 1;
        for (k, row) in self.service_line.chunks_exact(stride).enumerate() {
            let (s, l) = (k / 4, k % 4);
            let service = &mut self.service[s * stride..(s + 1) * stride];
            for (t, c) in service.iter_mut().zip(row) {
                t.add(c);
            }
            if l < 3 {
                let line = &mut self.line[l * stride..(l + 1) * stride];
                for (t, c) in line.iter_mut().zip(row) {
                    t.add(c);
                }
            }
        }
    }

    /// Per row (of the first `slices`), the SLA figures over all days.
    fn sla(cells: &[Cell], days: usize, slices: usize) -> Vec<SlaAcc> {
        Self::rows(cells, days)
            .take(slices)
            .map(Cell::sla)
            .collect()
    }

    /// The real days of each row (without the spare day).
    fn rows(cells: &[Cell], days: usize) -> impl Iterator<Item = &[Cell]> {
        cells.chunks_exact(days + 1).map(move |row| &row[..days])
    }

    /// Per day, the sum over services.
    fn total(&self) -> Vec<Counts> {
        let mut total = vec![Counts::default(); self.days];
        for row in Self::rows(&self.service, self.days) {
            for (t, c) in total.iter_mut().zip(row) {
                t.add(&c.counts());
            }
        }
        total
    }

    fn breakdown(cells: &[Cell], days: usize, names: &[String], seen: &[u32]) -> Vec<Breakdown> {
        names
            .iter()
            .zip(Self::rows(cells, days))
            .enumerate()
            .filter(|&(k, _)| seen.get(k).is_some_and(|&n| n > 0))
            .map(|(_, (name, row))| Breakdown {
                key: name.clone(),
                per_day: row.iter().map(|c| c.counts()).collect(),
            })
            .collect()
    }
}

/// [`Cells`] borrowed as plain slices: in the hot loop their addresses and lengths stay in
/// registers instead of being reloaded from the `Vec`s after every write.
struct Bump<'a> {
    stride: usize,
    service_line: &'a mut [Cell],
    group: &'a mut [Cell],
}

impl Bump<'_> {
    /// The row starts of service `s` with line `l` (`<= 3`, where 3 is the spare) and of
    /// group `g`.
    #[inline(always)]
    fn rows(&self, s: usize, g: usize, l: usize) -> [usize; 2] {
        [(s * 4 + l) * self.stride, g * self.stride]
    }

    /// Applies `f` to day `day` (`<= days`, where `days` is the spare) of the given rows.
    #[inline(always)]
    fn at(&mut self, rows: [usize; 2], day: usize, f: impl Fn(&mut Cell)) {
        f(&mut self.service_line[rows[0] + day]);
        f(&mut self.group[rows[1] + day]);
    }
}

/// Which tickets a view selects (see the module docs of `dashboard`), on the prepared columns.
struct Selection<'a> {
    created: &'a [u32],
    lines: &'a [u8],
    service: &'a [u16],
    group: &'a [u16],
    /// Per service and group index: its slot, or [`NO_SLOT`] when filtered out.
    svc_ok: &'a [u32],
    grp_ok: &'a [u32],
    line_want: Option<u8>,
    /// The period: `from <= created < from + span`, in seconds after the base.
    from: i64,
    span: u64,
    /// The day grid for times in seconds after the base.
    grid: DayGrid,
}

impl Selection<'_> {
    /// Whether ticket `i` is selected: then its service slot, group slot, line row (1..=3 to
    /// 0..=2, anything else to the spare line 3) and registration day.
    #[inline(always)]
    fn of(&self, i: usize) -> Option<(usize, usize, usize, usize)> {
        self.check(
            *self.created.get(i)?,
            *self.lines.get(i)?,
            *self.service.get(i)?,
            *self.group.get(i)?,
        )
    }

    /// [`Selection::of`] a ticket given by its registration, line, service and group.
    #[inline(always)]
    fn check(
        &self,
        created: u32,
        line: u8,
        service: u16,
        group: u16,
    ) -> Option<(usize, usize, usize, usize)> {
        if (i64::from(created)).wrapping_sub(self.from) as u64 >= self.span {
            return None;
        }
        if self.line_want.is_some_and(|l| l != line) {
            return None;
        }
        let s = slot_of(self.svc_ok, service)?;
        let g = slot_of(self.grp_ok, group)?;
        let d = self.grid.index(i64::from(created))?;
        Some((s, g, usize::from(line.wrapping_sub(1)).min(3), d))
    }
}

#[derive(Default, Clone, Copy, PartialEq, Eq, Debug)]
struct SlaAcc {
    tickets: u32,
    decided: u32,
    met: u32,
}

impl SlaAcc {
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
    let mut cells = Cells::new(days, ns, ng);
    // Time-to-resolve buckets per service and group; the total is their sum (every ticket
    // has one service). Too many sets for histograms: every set is selected on its own.
    let mut durations = Histograms::new(ns, ng);
    // Per-minute contacts and known-problem answers of the selected tickets.
    let base = from.div_euclid(60) * 60;
    let minutes = usize::try_from((end - base + 59) / 60).unwrap_or(0);
    // Contacts | known-problem answers << 32, one read-modify-write per ticket.
    let mut per_minute = vec![0u64; minutes];
    let mut ratings = RatingStats {
        per_day: vec![RatingDay::default(); days],
        ..Default::default()
    };
    // Tickets per rating day and stars (0 = not rated), one counter per ticket: the days'
    // counts and star sums and the distribution are summed from it afterwards. Ratings
    // outside the grid go to the spare day `days`.
    let mut rated = vec![[0u32; 6]; days + 1];
    // Per dense customer number: 0 unseen, 1 once, 2 more than once.
    let mut seen = vec![0u8; t.customers()];
    let (mut distinct, mut repeated, mut within_window) = (0u32, 0u32, 0u32);
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
    // Counted once for every loaded ticket (`Prepared::links`); unlinked: never read.
    let (first_link, links): (Vec<i64>, Vec<u32>) = incidents
        .iter()
        .map(|inc| t.links(inc.id).map_or((0, 0), |l| (l.first, l.count)))
        .unzip();
    let ticket_ratings = input.ratings.is_none();

    // Columns cut to one length, so indexing by i < n needs no bounds checks.
    let (created, resolved, deadline) = (&t.created[..n], &t.resolved[..n], &t.deadline[..n]);
    let (service, group, lines, flags) =
        (&t.service[..n], &t.group[..n], &t.line[..n], &t.flags[..n]);
    let (customer, rating) = (&t.customer[..n], &t.rating[..n]);
    let buckets = &t.bucket[..n];
    // The period and now in seconds after the base.
    let (from_r, now_r) = (rel(from), rel(now));
    // `from <= c < end` as one unsigned compare.
    let span = (end - from) as u64;
    // Minute histogram index of a relative time: (c + shift) / 60.
    let shift = t.base - base;
    let selection = Selection {
        created,
        lines,
        service,
        group,
        svc_ok: &svc_ok,
        grp_ok: &grp_ok,
        line_want,
        from: from_r,
        span,
        grid: rel_grid,
    };
    let mut bump = cells.bump();
    for i in 0..n {
        let c = created[i];
        let Some((s, g, l, d)) = selection.of(i) else {
            continue;
        };
        let fl = flags[i];
        let (tr, known, open) = (fl & TRANSFERRED != 0, fl & KNOWN != 0, fl & OPEN != 0);
        let (r, dl) = (resolved[i], deadline[i]);
        let is_resolved = fl & RESOLVED != 0;
        let late = i64::from(dl) < now_r;
        let decided = is_resolved | (open & late);
        let met = fl & MET != 0;
        let rows = bump.rows(s, g, l);
        bump.at(rows, d, |x| x.registered(tr, known, decided, met));
        // Unresolved tickets count their resolution on the spare day.
        let resolved_day = rel_grid.slot(i64::from(r));
        let rd = pick(is_resolved, resolved_day, days);
        bump.at(rows, rd, Cell::resolved);
        if let Some(h) = durations.as_mut() {
            h.count(usize::from(buckets[i]), s, g);
        }
        // Overdue: resolved after its deadline, or still owing work past it.
        let overdue = late & (fl & LATE_IF_PAST != 0);
        let od = pick(overdue, rel_grid.slot(i64::from(dl)), days);
        bump.at(rows, od, Cell::overdue);
        // c - base < MAX_DAYS days of seconds: fits u32 (fast 32-bit division in wasm).
        per_minute[((i64::from(c) + shift) as u32 / 60) as usize] += 1 | u64::from(known) << 32;
        let k = customer[i] as usize;
        let once = seen[k];
        distinct += u32::from(once == 0);
        repeated += u32::from(once == 1);
        seen[k] = (once + 1).min(2);
        within_window += u32::from(fl & REPEAT != 0);
        if ticket_ratings {
            // Rated when resolved, else when registered (day `d`); stars 0..=5 (prepared).
            rated[pick(is_resolved, resolved_day, d)][usize::from(rating[i]).min(5)] += 1;
        }
    }
    // The second pass: the durations of the buckets holding a wanted rank.
    let mut targets = match &durations {
        Some(h) => h.targets(),
        None => Targets::everything(ns, ng),
    };
    for k in targets.wanted() {
        for x in t.resolutions(k) {
            if let Some((s, g, _, _)) = selection.check(x.created, x.line, x.service, x.group) {
                targets.offer(x.duration, k, s, g);
            }
        }
    }
    cells.finish();
    for (day, counts) in ratings.per_day.iter_mut().zip(&rated) {
        for (stars, &k) in (1..).zip(&counts[1..]) {
            day.count += k;
            day.stars += stars * k;
        }
    }
    for counts in &rated[..days] {
        for (d, &k) in ratings.distribution.iter_mut().zip(&counts[1..]) {
            *d += k;
        }
    }
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
    let sla_svc = Cells::sla(&cells.service, days, ns);
    let sla_grp = Cells::sla(&cells.group, days, ng);
    let tickets = |sla: &[SlaAcc]| -> Vec<u32> { sla.iter().map(|a| a.tickets).collect() };
    let (svc_seen, grp_seen) = (tickets(&sla_svc), tickets(&sla_grp));
    let line_seen = tickets(&Cells::sla(&cells.line, days, 3));
    let volume = Volume {
        dates: grid.dates(),
        by_service: Cells::breakdown(&cells.service, days, &services.names, &svc_seen),
        by_group: Cells::breakdown(&cells.group, days, &groups.names, &grp_seen),
        by_line: Cells::breakdown(&cells.line, days, &line_names, &line_seen),
        total: cells.total(),
    };
    let (p_total, p_svc, p_grp) = targets.percentiles();
    let sla_total = SlaAcc::sum(&sla_svc);
    let sla = Sla {
        total: sla_total.row("", p_total),
        by_service: sla_rows(&sla_svc, &services.names, &p_svc),
        by_group: sla_rows(&sla_grp, &groups.names, &p_grp),
    };
    let contacts_total = sla_total.tickets;
    let minutes = Minutes::new(base, per_minute);
    let known_total = minutes.total().1;
    let (incident_stats, profile) =
        incident_stats(&incidents, &first_link, &links, &minutes, p.window());
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
            within_window,
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
fn trend(per_day: &[RatingDay]) -> Option<i32> {
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
fn period_incidents(list: &[IncidentFact], from: i64, end: i64) -> Vec<IncidentFact> {
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

/// Prefix sums of the per-minute histograms: any minute-aligned window in O(1).
struct Minutes {
    base: i64,
    /// Before each minute (and after the last): contacts | known-problem answers << 32.
    /// Both totals stay below 2^32, so the packed halves add up without carrying.
    prefix: Vec<u64>,
}

impl Minutes {
    /// From the per-minute counts (contacts | known-problem answers << 32), turned into
    /// prefix sums in place.
    fn new(base: i64, mut per_minute: Vec<u64>) -> Self {
        let mut acc = 0u64;
        for m in &mut per_minute {
            (*m, acc) = (acc, acc + *m);
        }
        per_minute.push(acc);
        Self {
            base,
            prefix: per_minute,
        }
    }

    /// Index into the prefix array of the minute-aligned instant `t`, clipped.
    fn at(&self, t: i64) -> usize {
        let len = self.prefix.len() as i64 - 1;
        ((t - self.base).div_euclid(60)).clamp(0, len) as usize
    }

    /// Contacts and known-problem answers created in `[a, b)`.
    fn count(&self, a: i64, b: i64) -> (u32, u32) {
        let d = self.prefix[self.at(b)] - self.prefix[self.at(a)];
        (d as u32, (d >> 32) as u32)
    }

    /// All contacts and known-problem answers.
    fn total(&self) -> (u32, u32) {
        let d = self.prefix.last().copied().unwrap_or(0);
        (d as u32, (d >> 32) as u32)
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
