//! DBSCAN per topic over the distinct customers of a trailing window: spots over 72 h
//! (eps 300 m, 10 points), proposals over 2 h (eps 500 m, 6 points).

use super::metres;
use crate::generate::Complaint;
use crate::replay::Method;
use crate::score::{Class, Det};
use crate::HOUR;
use spotdesk_core::complaint::customer_hash;
use std::collections::{HashMap, HashSet};

#[derive(Clone)]
struct Ev {
    t: i64,
    x: f64,
    y: f64,
    topic: String,
    customer: u64,
    lat: f64,
    long: f64,
}

/// DBSCAN per topic.
#[derive(Default)]
pub struct Dbscan {
    lat0: Option<f64>,
    events: Vec<Ev>,
}

fn clusters(
    events: &[Ev],
    now: i64,
    window: i64,
    eps: f64,
    min_pts: usize,
    class: Class,
) -> Vec<Det> {
    let from = events.partition_point(|e| e.t <= now - window);
    let mut by_topic: HashMap<&str, Vec<&Ev>> = HashMap::new();
    let mut seen = HashSet::new();
    for e in events[from..].iter().filter(|e| e.t <= now) {
        if seen.insert((e.customer, e.topic.as_str())) {
            by_topic.entry(&e.topic).or_default().push(e);
        }
    }
    let mut out = Vec::new();
    for (topic, pts) in by_topic {
        let mut buckets: HashMap<(i64, i64), Vec<usize>> = HashMap::new();
        let key = |e: &Ev| ((e.x / eps).floor() as i64, (e.y / eps).floor() as i64);
        for (i, e) in pts.iter().enumerate() {
            buckets.entry(key(e)).or_default().push(i);
        }
        let neighbours = |i: usize| -> Vec<usize> {
            let (bx, by) = key(pts[i]);
            let mut v = Vec::new();
            for dx in -1..=1 {
                for dy in -1..=1 {
                    for &j in buckets
                        .get(&(bx + dx, by + dy))
                        .map_or(&[][..], |b| b.as_slice())
                    {
                        if (pts[i].x - pts[j].x).hypot(pts[i].y - pts[j].y) <= eps {
                            v.push(j);
                        }
                    }
                }
            }
            v
        };
        let mut label = vec![usize::MAX; pts.len()];
        let mut next = 0;
        for i in 0..pts.len() {
            if label[i] != usize::MAX {
                continue;
            }
            let n = neighbours(i);
            if n.len() < min_pts {
                continue;
            }
            label[i] = next;
            let mut stack = n;
            while let Some(j) = stack.pop() {
                if label[j] != usize::MAX {
                    continue;
                }
                label[j] = next;
                let m = neighbours(j);
                if m.len() >= min_pts {
                    stack.extend(m);
                }
            }
            next += 1;
        }
        for c in 0..next {
            let members: Vec<&Ev> = (0..pts.len())
                .filter(|&i| label[i] == c)
                .map(|i| pts[i])
                .collect();
            let n = members.len() as f64;
            let (lat, long) = (
                members.iter().map(|e| e.lat).sum::<f64>() / n,
                members.iter().map(|e| e.long).sum::<f64>() / n,
            );
            let r = members
                .iter()
                .map(|e| spotdesk_core::geo::haversine_m(lat, long, e.lat, e.long))
                .fold(eps, f64::max);
            out.push(Det {
                run: now,
                class,
                city_wide: false,
                topic: topic.to_string(),
                lat,
                long,
                radius_m: r,
                start: now - window,
                end: now,
            });
        }
    }
    out
}

impl Method for Dbscan {
    fn name(&self) -> String {
        "DBSCAN per topic".into()
    }

    fn push(&mut self, c: &Complaint) {
        let lat0 = *self.lat0.get_or_insert(c.lat);
        let (x, y) = metres(c.lat, c.long, lat0);
        self.events.push(Ev {
            t: c.t,
            x,
            y,
            topic: c.topic.to_string(),
            customer: customer_hash(&c.customer),
            lat: c.lat,
            long: c.long,
        });
    }

    fn spots(&mut self, now: i64) -> Vec<Det> {
        clusters(&self.events, now, 72 * HOUR, 300.0, 10, Class::Spot)
    }

    fn bursts(&mut self, now: i64) -> Vec<Det> {
        clusters(&self.events, now, 2 * HOUR, 500.0, 6, Class::Burst)
    }
}
