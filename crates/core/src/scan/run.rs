//! One run of the scan: windows, squares, the threshold, merging, city-wide.

use super::baseline::Span;
use super::grid::Summed;
use super::{Detection, DetectionKind, Event, ScanDetector, Scope};
use crate::geo::haversine_m;
use crate::scan::nb_surprise;
use std::collections::HashSet;

/// Seconds in a month of 30 days, in minutes: `R = MONTH_MINUTES / every`.
const MONTH_MINUTES: f64 = 43_200.0;

/// A significant square.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    topic: usize,
    start: i64,
    row: usize,
    col: usize,
    k: usize,
    observed: f64,
    expected: f64,
    surprise: f64,
    threshold: f64,
}

impl Candidate {
    fn overlaps(&self, o: &Candidate) -> bool {
        self.topic == o.topic
            && self.row.abs_diff(o.row) <= self.k + o.k
            && self.col.abs_diff(o.col) <= self.k + o.k
    }
}

/// The run of `scope` as of `now` (the detector's history and model are up to date).
pub(super) fn run(det: &ScanDetector, now: i64, scope: Scope) -> Vec<Detection> {
    let Some(model) = &det.model else {
        return Vec::new();
    };
    let p = &det.params;
    let (durations, every) = match scope {
        Scope::Spots => (&p.spot_hours, p.spot_every_minutes),
        Scope::Bursts => (&p.burst_hours, p.burst_every_minutes),
    };
    let rect = model.rect;
    let n = rect.len();
    let ntopics = det.topics.len();
    let events = &det.events[det.left..];
    let end = events.partition_point(|e| e.t <= now);
    let events = &events[..end];
    let longest = durations.iter().copied().fold(0.0f64, f64::max);
    let oldest = now - (longest * 3600.0) as i64;
    let from = events.partition_point(|e| e.t <= oldest);
    let new_places: HashSet<(i32, i32)> = events[from..]
        .iter()
        .map(|e| (e.row, e.col))
        .filter(|c| !det.history.cell.contains_key(c))
        .collect();
    let places = (det.history.cell.len() + new_places.len()) as f64;
    let tests = places * p.half_sides.len() as f64 * durations.len() as f64 * ntopics as f64
        + (durations.len() * ntopics) as f64;
    // Windows of one duration overlap from run to run: a month holds about
    // `month / max(every, D)` independent ones.
    let threshold_of = |hours: f64| {
        let runs = MONTH_MINUTES / every.max(hours * 60.0).max(1.0);
        (tests.max(1.0) * runs / p.false_alarms_per_month.max(1e-9)).log10()
    };
    let min_c = f64::from(p.min_customers);

    let mut obs = vec![0.0f64; n * ntopics];
    let mut centres: Vec<Vec<usize>> = vec![Vec::new(); ntopics];
    let (mut exp, mut shapes) = (Vec::new(), Vec::new());
    let (mut sat_o, mut sat_e) = (Summed::default(), Summed::default());
    let mut cands = Vec::new();
    let mut totals = vec![0usize; ntopics];
    let kmax = p.half_sides.iter().copied().max().unwrap_or(0);
    let side = 2 * kmax + 1;
    let mut sums = vec![(0.0f64, 0.0f64); p.half_sides.len()];
    let (mut memo, mut stamp, mut generation) = (vec![0.0f64; n], vec![0u32; n], 0u32);
    let mut city: Vec<Option<Candidate>> = vec![None; ntopics];
    for &hours in durations.iter() {
        let start = now - (hours * 3600.0) as i64;
        let threshold = threshold_of(hours);
        let j = events.partition_point(|e| e.t <= start);
        obs.iter_mut().for_each(|x| *x = 0.0);
        centres.iter_mut().for_each(Vec::clear);
        totals.iter_mut().for_each(|x| *x = 0);
        for e in &events[j..] {
            let t = usize::from(e.topic);
            if let Some(i) = rect.index(e.row, e.col) {
                let o = &mut obs[t * n + i];
                if *o == 0.0 {
                    centres[t].push(i);
                }
                *o += 1.0;
                totals[t] += 1;
            }
        }
        let span = Span::new(start, now);
        model.clear_shapes(&mut shapes);
        let mut all_shapes = false;
        let widen = (model.hours + p.prior_hours) / hours.max(1e-6);
        for t in 0..ntopics {
            if (totals[t] as f64) < min_c {
                continue;
            }
            let o_t = &obs[t * n..(t + 1) * n];
            let before = cands.len();
            let mut test = |row: usize, col: usize, k: usize, o: f64, e: f64| {
                if o < min_c || o < p.min_ratio * e {
                    return;
                }
                let s = nb_surprise(o as u64, e, e * widen);
                if s >= threshold {
                    cands.push(Candidate {
                        topic: t,
                        start,
                        row,
                        col,
                        k,
                        observed: o,
                        expected: e,
                        surprise: s,
                        threshold,
                    });
                }
            };
            let (city_o, city_e);
            if centres[t].len() * side * side < n {
                // Few complaints: sum the squares around each directly, cells memoised.
                generation += 1;
                for &i in &centres[t] {
                    let (row, col) = (i / rect.cols, i % rect.cols);
                    sums.iter_mut().for_each(|x| *x = (0.0, 0.0));
                    for r in row.saturating_sub(kmax)..(row + kmax + 1).min(rect.rows) {
                        for c in col.saturating_sub(kmax)..(col + kmax + 1).min(rect.cols) {
                            let j = r * rect.cols + c;
                            if stamp[j] != generation {
                                stamp[j] = generation;
                                memo[j] = model.expected_at(t, j, &span, &mut shapes);
                            }
                            let d = r.abs_diff(row).max(c.abs_diff(col));
                            for (x, &k) in sums.iter_mut().zip(&p.half_sides) {
                                if d <= k {
                                    x.0 += o_t[j];
                                    x.1 += memo[j];
                                }
                            }
                        }
                    }
                    for (x, &k) in sums.iter().zip(&p.half_sides) {
                        test(row, col, k, x.0, x.1);
                    }
                }
                city_o = totals[t] as f64;
                city_e = model.expected_total(t, &span);
            } else {
                sat_o.build(o_t, rect.rows, rect.cols);
                if !all_shapes {
                    model.shapes(&span, &mut shapes);
                    all_shapes = true;
                }
                model.expected(t, &span, &shapes, &mut exp);
                sat_e.build(&exp, rect.rows, rect.cols);
                for &i in &centres[t] {
                    let (row, col) = (i / rect.cols, i % rect.cols);
                    for &k in &p.half_sides {
                        test(
                            row,
                            col,
                            k,
                            sat_o.square(row, col, k),
                            sat_e.square(row, col, k),
                        );
                    }
                }
                city_o = sat_o.total();
                city_e = model.expected_total(t, &span);
            }
            // The rest of the area, without this window's local clusters: a rise there too
            // is spread, not local.
            // Local squares covering most of the area's expectation are a rise everywhere.
            let (local_o, local_e) = disjoint_sums(&mut cands[before..]);
            let (rest_o, rest_e) = (city_o - local_o, (city_e - local_e).max(1e-9));
            let rest = rest_o >= p.min_ratio * rest_e
                && rest_o >= min_c
                && nb_surprise(rest_o as u64, rest_e, rest_e * widen) >= threshold;
            let covered = local_e >= 0.5 * city_e;
            if city_o >= p.min_ratio * city_e && (rest || covered) {
                let s = nb_surprise(city_o as u64, city_e, city_e * widen);
                let better = city[t].is_none_or(|c| s > c.surprise);
                if s >= threshold && better {
                    city[t] = Some(Candidate {
                        topic: t,
                        start,
                        row: 0,
                        col: 0,
                        k: usize::MAX,
                        observed: city_o,
                        expected: city_e,
                        surprise: s,
                        threshold,
                    });
                }
            }
        }
    }
    crate::sort::sort_by(&mut cands, |a, b| b.surprise.total_cmp(&a.surprise));
    let mut kept: Vec<Candidate> = Vec::new();
    for c in cands {
        if !kept.iter().any(|k| k.overlaps(&c)) {
            kept.push(c);
        }
    }
    let mut out = Vec::new();
    for (t, cw) in city.iter().enumerate() {
        if let Some(cw) = cw {
            kept.retain(|k| k.topic != t);
            out.push(city_detection(det, events, now, cw));
        }
    }
    let kind = match scope {
        Scope::Spots => DetectionKind::Spot,
        Scope::Bursts => DetectionKind::Burst,
    };
    for c in &kept {
        out.push(local_detection(det, events, now, c, kind));
    }
    out
}

/// Observed and expected summed over the most significant of `cands` that do not overlap
/// (sorts `cands`).
fn disjoint_sums(cands: &mut [Candidate]) -> (f64, f64) {
    crate::sort::sort_by(cands, |a, b| b.surprise.total_cmp(&a.surprise));
    let mut kept: Vec<Candidate> = Vec::new();
    for c in cands.iter() {
        if !kept.iter().any(|k| k.overlaps(c)) {
            kept.push(*c);
        }
    }
    kept.iter()
        .fold((0.0, 0.0), |a, c| (a.0 + c.observed, a.1 + c.expected))
}

fn in_window(events: &[Event], start: i64) -> &[Event] {
    &events[events.partition_point(|e| e.t <= start)..]
}

fn local_detection(
    det: &ScanDetector,
    events: &[Event],
    now: i64,
    c: &Candidate,
    kind: DetectionKind,
) -> Detection {
    let rect = det.model.as_ref().map(|m| m.rect).unwrap_or_default();
    let k = c.k as i64;
    let (r0, c0) = (
        i64::from(rect.row0) + c.row as i64,
        i64::from(rect.col0) + c.col as i64,
    );
    let inside = |e: &&Event| {
        usize::from(e.topic) == c.topic
            && (i64::from(e.row) - r0).abs() <= k
            && (i64::from(e.col) - c0).abs() <= k
    };
    let chosen: Vec<&Event> = in_window(events, c.start).iter().filter(inside).collect();
    let (lat, long) = excess_centre(det, c, &chosen, now).unwrap_or_else(|| mean(&chosen));
    let cell_m = det.params.cell_m;
    make(
        det,
        kind,
        c,
        &chosen,
        (lat, long),
        (2 * c.k + 1) as f64 * cell_m / 2.0,
        now,
    )
}

fn city_detection(det: &ScanDetector, events: &[Event], now: i64, c: &Candidate) -> Detection {
    let chosen: Vec<&Event> = in_window(events, c.start)
        .iter()
        .filter(|e| usize::from(e.topic) == c.topic)
        .collect();
    let (lat, long) = mean(&chosen);
    let mut d: Vec<f64> = chosen
        .iter()
        .map(|e| haversine_m(lat, long, f64::from(e.lat), f64::from(e.long)))
        .collect();
    crate::sort::sort_by(&mut d, f64::total_cmp);
    let r = d.get(d.len() * 9 / 10).copied().unwrap_or(0.0);
    make(
        det,
        DetectionKind::CityWide,
        c,
        &chosen,
        (lat, long),
        r,
        now,
    )
}

/// The centre of the excess: cell centres weighted by how far each cell's count exceeds
/// its expectation (`None` when no cell does).
fn excess_centre(
    det: &ScanDetector,
    c: &Candidate,
    chosen: &[&Event],
    now: i64,
) -> Option<(f64, f64)> {
    let (model, cells) = (det.model.as_ref()?, det.cells?);
    let mut counts: std::collections::BTreeMap<(i32, i32), f64> = Default::default();
    for e in chosen {
        *counts.entry((e.row, e.col)).or_default() += 1.0;
    }
    let span = Span::new(c.start, now);
    let mut shapes = Vec::new();
    model.clear_shapes(&mut shapes);
    let (mut w, mut lat, mut long) = (0.0, 0.0, 0.0);
    for (&(r, col), &o) in &counts {
        let Some(i) = model.rect.index(r, col) else {
            continue;
        };
        let x = o - model.expected_at(c.topic, i, &span, &mut shapes);
        if x > 0.0 {
            let (a, b) = cells.center(r, col);
            w += x;
            lat += x * a;
            long += x * b;
        }
    }
    (w > 0.0).then(|| (lat / w, long / w))
}

fn mean(chosen: &[&Event]) -> (f64, f64) {
    let n = chosen.len().max(1) as f64;
    let lat = chosen.iter().map(|e| f64::from(e.lat)).sum::<f64>() / n;
    let long = chosen.iter().map(|e| f64::from(e.long)).sum::<f64>() / n;
    (lat, long)
}

#[allow(clippy::too_many_arguments)]
fn make(
    det: &ScanDetector,
    kind: DetectionKind,
    c: &Candidate,
    chosen: &[&Event],
    centre: (f64, f64),
    radius_m: f64,
    now: i64,
) -> Detection {
    let mut ticket_ids: Vec<i64> = chosen.iter().map(|e| e.id).collect();
    crate::sort::sort_by_key(&mut ticket_ids, |x| *x);
    let topic = u16::try_from(c.topic).unwrap_or(u16::MAX);
    Detection {
        kind,
        topic: det.topics.name(topic).to_string(),
        center_lat: centre.0,
        center_long: centre.1,
        radius_m,
        window_start: c.start,
        window_end: now,
        observed: c.observed as u32,
        expected: c.expected,
        ratio: c.observed / c.expected.max(1e-9),
        surprise: c.surprise,
        threshold: c.threshold,
        ticket_ids,
    }
}
