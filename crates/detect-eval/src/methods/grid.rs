//! The grid baseline: 500 m cells, each (cell, topic) against its own trailing 28-day
//! rate, distinct customers in the window, Poisson upper tail, Bonferroni over the active
//! cells × topics of a run (family-wise 5 %).

use super::metres;
use crate::generate::Complaint;
use crate::replay::Method;
use crate::score::{Class, Det};
use crate::DAY;
use spotdesk_core::complaint::customer_hash;
use spotdesk_core::stats::poisson_surprise;
use std::collections::{HashMap, HashSet};

#[derive(Clone, Copy)]
struct Ev {
    t: i64,
    cell: (i64, i64),
    topic: usize,
    customer: u64,
    lat: f64,
    long: f64,
}

/// A (cell, topic).
type Key = ((i64, i64), usize);

/// One grid scan with one window length.
struct Scan {
    window: i64,
    class: Class,
    entered: usize,
    left: usize,
    history: HashMap<Key, u32>,
}

/// The grid baseline: a 24 h spot window and a 2 h proposal window.
pub struct Grid {
    cell_m: f64,
    lat0: Option<f64>,
    topics: Vec<String>,
    events: Vec<Ev>,
    spot: Scan,
    burst: Scan,
}

impl Default for Grid {
    fn default() -> Self {
        let scan = |window, class| Scan {
            window,
            class,
            entered: 0,
            left: 0,
            history: HashMap::new(),
        };
        Self {
            cell_m: 500.0,
            lat0: None,
            topics: Vec::new(),
            events: Vec::new(),
            spot: scan(DAY, Class::Spot),
            burst: scan(2 * 3600, Class::Burst),
        }
    }
}

const HISTORY: i64 = 28 * DAY;

fn run(s: &mut Scan, events: &[Ev], topics: &[String], cell_m: f64, now: i64) -> Vec<Det> {
    while s.entered < events.len() && events[s.entered].t <= now - s.window {
        let e = events[s.entered];
        *s.history.entry((e.cell, e.topic)).or_default() += 1;
        s.entered += 1;
    }
    while s.left < s.entered && events[s.left].t <= now - s.window - HISTORY {
        let e = events[s.left];
        if let Some(v) = s.history.get_mut(&(e.cell, e.topic)) {
            *v -= 1;
        }
        s.left += 1;
    }
    let mut window: HashMap<Key, (HashSet<u64>, f64, f64)> = HashMap::new();
    for e in &events[s.entered..] {
        if e.t > now {
            break;
        }
        let w = window.entry((e.cell, e.topic)).or_default();
        if w.0.insert(e.customer) {
            w.1 += e.lat;
            w.2 += e.long;
        }
    }
    let active = s
        .history
        .values()
        .filter(|v| **v > 0)
        .count()
        .max(window.len())
        .max(1);
    let threshold = (active as f64 / 0.05).log10();
    let mut out = Vec::new();
    for (key, (who, lat, long)) in window {
        let o = who.len() as u64;
        let hist = f64::from(s.history.get(&key).copied().unwrap_or(0));
        let expected = (hist + 0.5) * s.window as f64 / HISTORY as f64;
        if o >= 3 && poisson_surprise(o, expected) >= threshold {
            out.push(Det {
                run: now,
                class: s.class,
                city_wide: false,
                topic: topics[key.1].clone(),
                lat: lat / o as f64,
                long: long / o as f64,
                radius_m: cell_m * std::f64::consts::FRAC_1_SQRT_2,
                start: now - s.window,
                end: now,
            });
        }
    }
    out
}

impl Method for Grid {
    fn name(&self) -> String {
        "500 m grid, own 28-day rate, Poisson, Bonferroni".into()
    }

    fn push(&mut self, c: &Complaint) {
        let lat0 = *self.lat0.get_or_insert(c.lat);
        let (x, y) = metres(c.lat, c.long, lat0);
        let cell = (
            (x / self.cell_m).floor() as i64,
            (y / self.cell_m).floor() as i64,
        );
        let topic = match self.topics.iter().position(|t| t == c.topic) {
            Some(i) => i,
            None => {
                self.topics.push(c.topic.to_string());
                self.topics.len() - 1
            }
        };
        self.events.push(Ev {
            t: c.t,
            cell,
            topic,
            customer: customer_hash(&c.customer),
            lat: c.lat,
            long: c.long,
        });
    }

    fn spots(&mut self, now: i64) -> Vec<Det> {
        run(&mut self.spot, &self.events, &self.topics, self.cell_m, now)
    }

    fn bursts(&mut self, now: i64) -> Vec<Det> {
        run(
            &mut self.burst,
            &self.events,
            &self.topics,
            self.cell_m,
            now,
        )
    }
}
