//! The labelled data set: background complaints with each place's rhythm, decoys, and
//! planted hotspots, outages and city-wide spikes with their truth records.

use crate::city::{normal_pair, poisson, City, Rhythm, Shape};
use crate::{DAY, HOUR, MINUTE};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use spotdesk_core::stats::poisson_surprise;

/// `(service, topic, share of complaints)`; the last is not a network topic.
pub const TOPICS: [(&str, &str, f64); 6] = [
    ("mobile-voice", "dropped-calls", 0.22),
    ("mobile-voice", "no-signal", 0.15),
    ("mobile-data", "slow-data", 0.25),
    ("mobile-data", "no-data", 0.12),
    ("home-internet", "fixed-outage", 0.14),
    ("billing", "wrong-charge", 0.12),
];

/// Topics hotspots and outages are planted in (all but billing).
const PLANTED: usize = 5;

/// The first day: Monday 2026-01-05 00:00 UTC.
pub const START: i64 = 1_767_571_200;

/// How big a data set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    /// 30 000 customers, 3 weeks of warm-up, 2 weeks evaluated (the CI test).
    Small,
    /// 120 000 customers, 5 weeks of warm-up, 8 weeks evaluated.
    Full,
}

/// One complaint.
#[derive(Debug, Clone, PartialEq)]
pub struct Complaint {
    /// Ticket id (ascending with time).
    pub id: i64,
    /// Time, Unix seconds.
    pub t: i64,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub long: f64,
    /// Customer (a phone number).
    pub customer: String,
    /// Service code.
    pub service: &'static str,
    /// Topic code.
    pub topic: &'static str,
}

/// What a truth record is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TruthKind {
    /// A planted hotspot (a spot should be found).
    Hotspot,
    /// A planted outage (a local mass-incident proposal should be made).
    Burst,
    /// A city-wide spike of one topic (one city-wide proposal should be made).
    CityWide,
}

/// A planted event.
#[derive(Debug, Clone, PartialEq)]
pub struct Truth {
    /// Kind.
    pub kind: TruthKind,
    /// Topic code.
    pub topic: &'static str,
    /// Centre latitude.
    pub lat: f64,
    /// Centre longitude.
    pub long: f64,
    /// Radius, m (the outer radius of a ring, the half-length of a street).
    pub radius_m: f64,
    /// Start, Unix seconds.
    pub start: i64,
    /// End, Unix seconds.
    pub end: i64,
    /// How it was planted, for the report.
    pub note: String,
}

/// A generated data set.
#[derive(Debug, Clone)]
pub struct Dataset {
    /// The city.
    pub city: City,
    /// Complaints in time order.
    pub complaints: Vec<Complaint>,
    /// The planted truth.
    pub truths: Vec<Truth>,
    /// First complaint time.
    pub start: i64,
    /// Start of the evaluated period (after the warm-up).
    pub eval_start: i64,
    /// End of the period.
    pub end: i64,
}

/// The oracle's least surprise (`-log10` Poisson tail) of a planted hotspot.
pub const ORACLE: f64 = 20.0;

/// Complaints per customer per day.
const RATE: f64 = 0.01;

struct Customer {
    x: f64,
    y: f64,
    rhythm: Rhythm,
}

/// A topic's share at a place of `rhythm`: businesses complain more about data, homes
/// about fixed internet.
fn share(rhythm: Rhythm, topic: usize) -> f64 {
    let tweak = match (rhythm, topic) {
        (Rhythm::Business, 2) => 1.5,
        (Rhythm::Business, 4) => 0.4,
        (Rhythm::Residential, 4) => 1.3,
        (Rhythm::Industrial, 0) => 1.4,
        _ => 1.0,
    };
    TOPICS[topic].2 * tweak
}

/// The geometry of a planted hotspot.
#[derive(Debug, Clone, Copy)]
enum Area {
    Disk { r: f64 },
    Street { half: f64, angle: f64 },
    Ring { r: f64 },
}

impl Area {
    fn contains(self, dx: f64, dy: f64) -> bool {
        match self {
            Area::Disk { r } => dx.hypot(dy) <= r,
            Area::Street { half, angle } => {
                let (s, c) = angle.sin_cos();
                let along = dx * c + dy * s;
                let across = -dx * s + dy * c;
                along.abs() <= half && across.abs() <= (half / 6.0).max(0.08)
            }
            Area::Ring { r } => {
                let d = dx.hypot(dy);
                d <= r && d >= 0.6 * r
            }
        }
    }

    fn radius_km(self) -> f64 {
        match self {
            Area::Disk { r } | Area::Ring { r } => r,
            Area::Street { half, .. } => half,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Area::Disk { .. } => "disk",
            Area::Street { .. } => "street",
            Area::Ring { .. } => "ring",
        }
    }
}

struct Gen {
    rng: ChaCha8Rng,
    city: City,
    customers: Vec<Customer>,
    by_rhythm: Vec<Vec<usize>>,
    out: Vec<(i64, f64, f64, usize, usize)>,
}

fn weekday_hour(t: i64) -> (usize, usize) {
    let d = ((t - START).div_euclid(DAY)).rem_euclid(7) as usize;
    let h = ((t - START).div_euclid(HOUR)).rem_euclid(24) as usize;
    (d, h)
}

fn log_uniform(rng: &mut ChaCha8Rng, lo: f64, hi: f64) -> f64 {
    (lo.ln() + rng.gen::<f64>() * (hi.ln() - lo.ln())).exp()
}

impl Gen {
    fn complaint(&mut self, t: i64, cust: usize, topic: usize, jitter_km: f64) {
        let (a, b) = normal_pair(&mut self.rng);
        let c = &self.customers[cust];
        self.out
            .push((t, c.x + a * jitter_km, c.y + b * jitter_km, cust, topic));
    }

    fn background(&mut self, from: i64, to: i64) {
        let mut t = from;
        while t < to {
            let (d, h) = weekday_hour(t);
            let day_noise = 1.0 + 0.08 * normal_pair(&mut self.rng).0;
            for r in 0..3 {
                let rhythm = [Rhythm::Business, Rhythm::Residential, Rhythm::Industrial][r];
                let pop = self.by_rhythm[r].len();
                if pop == 0 {
                    continue;
                }
                for topic in 0..TOPICS.len() {
                    let mean = pop as f64 * RATE / 24.0
                        * rhythm.factor(d, h)
                        * share(rhythm, topic)
                        * day_noise;
                    for _ in 0..poisson(&mut self.rng, mean) {
                        let i = self.by_rhythm[r][self.rng.gen_range(0..pop)];
                        let s = t + self.rng.gen_range(0..HOUR);
                        self.complaint(s, i, topic, 0.02);
                    }
                }
            }
            t += HOUR;
        }
    }

    /// The customers inside `area` around `(x, y)` km.
    fn inside(&self, x: f64, y: f64, area: Area) -> Vec<usize> {
        (0..self.customers.len())
            .filter(|&i| area.contains(self.customers[i].x - x, self.customers[i].y - y))
            .collect()
    }

    /// Expected background complaints of `topic` from `who` over `[from, to)`, hour by hour.
    fn base(&self, who: &[usize], topic: usize, from: i64, to: i64) -> Vec<f64> {
        let mut per = [0.0f64; 3];
        for &i in who {
            let r = match self.customers[i].rhythm {
                Rhythm::Business => 0,
                Rhythm::Residential => 1,
                Rhythm::Industrial => 2,
            };
            per[r] += 1.0;
        }
        let mut v = Vec::new();
        let mut t = from;
        while t < to {
            let (d, h) = weekday_hour(t);
            let mut m = 0.0;
            for (r, rhythm) in [Rhythm::Business, Rhythm::Residential, Rhythm::Industrial]
                .into_iter()
                .enumerate()
            {
                m += per[r] * RATE / 24.0 * rhythm.factor(d, h) * share(rhythm, topic);
            }
            v.push(m);
            t += HOUR;
        }
        v
    }

    fn random_home(&mut self) -> (f64, f64) {
        let i = self.rng.gen_range(0..self.customers.len());
        (self.customers[i].x, self.customers[i].y)
    }
}

/// Generates the data set of `seed`, `shape` and `size`.
pub fn generate(seed: u64, shape: Shape, size: Size) -> Dataset {
    let (population, warm_days, eval_days, hotspots, bursts, spikes, repeaters) = match size {
        Size::Small => (30_000, 21, 14, 4, 4, 1, 8),
        Size::Full => (120_000, 35, 56, 12, 12, 2, 25),
    };
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let city = City::new(shape);
    let customers: Vec<Customer> = (0..population)
        .map(|_| {
            let (x, y, rhythm) = city.home(&mut rng);
            Customer { x, y, rhythm }
        })
        .collect();
    let mut by_rhythm = vec![Vec::new(); 3];
    for (i, c) in customers.iter().enumerate() {
        let r = match c.rhythm {
            Rhythm::Business => 0,
            Rhythm::Residential => 1,
            Rhythm::Industrial => 2,
        };
        by_rhythm[r].push(i);
    }
    let mut g = Gen {
        rng,
        city,
        customers,
        by_rhythm,
        out: Vec::new(),
    };
    let start = START;
    let eval_start = start + warm_days * DAY;
    let end = eval_start + eval_days * DAY;
    g.background(start, end);
    let mut truths = Vec::new();

    // Decoy: a commuter hub, every weekday 07:30-09:00, about 6 slow-data complaints.
    let business = g
        .city
        .centres
        .iter()
        .find(|c| c.rhythm == Rhythm::Business)
        .copied();
    let (hx, hy) = business.map_or((g.city.width / 2.0, g.city.height / 2.0), |c| {
        (c.x + 1.6, c.y - 0.9)
    });
    // Decoy: a stadium, every Saturday 15:00-18:00, about 12 no-signal complaints.
    let (sx, sy) = g.random_home();
    let mut day = start;
    while day < end {
        let (d, _) = weekday_hour(day);
        if d < 5 {
            for _ in 0..poisson(&mut g.rng, 6.0) {
                let i = g.rng.gen_range(0..g.customers.len());
                let t = day + 7 * HOUR + 30 * MINUTE + g.rng.gen_range(0..90 * MINUTE);
                let (a, b) = normal_pair(&mut g.rng);
                g.out.push((t, hx + 0.06 * a, hy + 0.06 * b, i, 2));
            }
        }
        if d == 5 {
            for _ in 0..poisson(&mut g.rng, 12.0) {
                let i = g.rng.gen_range(0..g.customers.len());
                let t = day + 15 * HOUR + g.rng.gen_range(0..3 * HOUR);
                let (a, b) = normal_pair(&mut g.rng);
                g.out.push((t, sx + 0.12 * a, sy + 0.12 * b, i, 1));
            }
        }
        day += DAY;
    }

    // Decoy: repeat callers, one customer calling many times.
    for _ in 0..repeaters {
        let i = g.rng.gen_range(0..g.customers.len());
        let topic = g.rng.gen_range(0..PLANTED);
        let first = eval_start + g.rng.gen_range(0..(end - eval_start) / 2);
        let days = g.rng.gen_range(3..20);
        let per_day = g.rng.gen_range(1..=5);
        for d in 0..days {
            for _ in 0..per_day {
                let t = first + d * DAY + g.rng.gen_range(8 * HOUR..22 * HOUR);
                if t < end {
                    g.complaint(t, i, topic, 0.0);
                }
            }
        }
    }

    // Planted hotspots, drawn until an oracle that knows the area and the time would see
    // them clearly (Poisson tail of the whole planted excess below 1e-20, [`ORACLE`], at least
    // 10 extra). Fainter ones exist, but no scan with a bounded false-alarm rate finds them:
    // it looks at about 1e9 places, sizes and windows a month, so it needs about 1e-9.5 in
    // its best square and window, which hold only part of the area and time.
    for _ in 0..hotspots {
        for attempt in 0..400 {
            let topic = g.rng.gen_range(0..PLANTED);
            let r = log_uniform(&mut g.rng, 0.15, 2.0);
            let area = match g.rng.gen_range(0..3) {
                0 => Area::Disk { r },
                1 => Area::Street {
                    half: r.max(0.3),
                    angle: g.rng.gen::<f64>() * std::f64::consts::PI,
                },
                _ => Area::Ring { r: r.max(0.4) },
            };
            let mult = log_uniform(&mut g.rng, 1.5, 10.0);
            let hours = log_uniform(&mut g.rng, 6.0, 504.0).round() as i64;
            let latest = (end - eval_start - hours * HOUR).max(HOUR);
            let from = eval_start + g.rng.gen_range(0..latest);
            let to = (from + hours * HOUR).min(end);
            let (x, y) = g.random_home();
            let who = g.inside(x, y, area);
            let base = g.base(&who, topic, from, to);
            let b: f64 = base.iter().sum();
            let extra = (mult - 1.0) * b;
            let seen = poisson_surprise((b + extra).round() as u64, b);
            if (extra < 10.0 || seen < ORACLE || (who.len() as f64) < 3.0 * extra) && attempt < 399
            {
                continue;
            }
            for (h, m) in base.iter().enumerate() {
                for _ in 0..poisson(&mut g.rng, (mult - 1.0) * m) {
                    let i = who[g.rng.gen_range(0..who.len())];
                    let t = from + h as i64 * HOUR + g.rng.gen_range(0..HOUR);
                    g.complaint(t, i, topic, 0.02);
                }
            }
            let (lat, long) = g.city.to_lat_long(x, y);
            truths.push(Truth {
                kind: TruthKind::Hotspot,
                topic: TOPICS[topic].1,
                lat,
                long,
                radius_m: area.radius_km() * 1000.0,
                start: from,
                end: to,
                note: format!(
                    "{} {:.0} m, {mult:.1}x, {hours} h, {extra:.0} extra over {b:.0}",
                    area.name(),
                    area.radius_km() * 1000.0
                ),
            });
            break;
        }
    }

    // Planted outages: 8 to 200 customers within 10 minutes to 3 hours.
    for _ in 0..bursts {
        for attempt in 0..400 {
            let topic = g.rng.gen_range(0..PLANTED);
            let n = log_uniform(&mut g.rng, 8.0, 200.0).round() as usize;
            let r = log_uniform(&mut g.rng, 0.2, 1.5);
            let spread = log_uniform(&mut g.rng, 10.0, 180.0).round() as i64 * MINUTE;
            let (x, y) = g.random_home();
            let mut who = g.inside(x, y, Area::Disk { r });
            if who.len() < 2 * n && attempt < 399 {
                continue;
            }
            let from = eval_start + g.rng.gen_range(0..(end - eval_start - 4 * HOUR));
            for k in 0..n.min(who.len()) {
                let j = g.rng.gen_range(k..who.len());
                who.swap(k, j);
                let u: f64 = g.rng.gen();
                let t = from + (u * u * spread as f64) as i64;
                g.complaint(t, who[k], topic, 0.01);
            }
            let (lat, long) = g.city.to_lat_long(x, y);
            truths.push(Truth {
                kind: TruthKind::Burst,
                topic: TOPICS[topic].1,
                lat,
                long,
                radius_m: r * 1000.0,
                start: from,
                end: from + spread,
                note: format!(
                    "outage {n} customers, {:.0} m, {} min",
                    r * 1000.0,
                    spread / MINUTE
                ),
            });
            break;
        }
    }

    // City-wide spikes of one topic: 5x the usual rate everywhere for 2 to 4 hours.
    for s in 0..spikes {
        let topic = if s % 2 == 0 { 5 } else { 3 };
        let hours = g.rng.gen_range(2..=4);
        // In the daytime (08:00-16:00 start): at night a billing fault goes unnoticed.
        let day = g.rng.gen_range(0..(end - eval_start - DAY) / DAY);
        let from = eval_start + day * DAY + g.rng.gen_range(8..16) * HOUR;
        let all: Vec<usize> = (0..g.customers.len()).collect();
        let base = g.base(&all, topic, from, from + hours * HOUR);
        for (h, m) in base.iter().enumerate() {
            for _ in 0..poisson(&mut g.rng, 4.0 * m) {
                let i = g.rng.gen_range(0..g.customers.len());
                let t = from + h as i64 * HOUR + g.rng.gen_range(0..HOUR);
                g.complaint(t, i, topic, 0.02);
            }
        }
        let (lat, long, radius_m) = g.city.extent();
        truths.push(Truth {
            kind: TruthKind::CityWide,
            topic: TOPICS[topic].1,
            lat,
            long,
            radius_m,
            start: from,
            end: from + hours * HOUR,
            note: format!("city-wide 5x, {hours} h"),
        });
    }

    let Gen { mut out, city, .. } = g;
    out.sort_by_key(|c| c.0);
    let complaints = out
        .into_iter()
        .enumerate()
        .map(|(k, (t, x, y, cust, topic))| {
            let (lat, long) = city.to_lat_long(x, y);
            Complaint {
                id: k as i64 + 1,
                t,
                lat,
                long,
                customer: format!("+7900{cust:07}"),
                service: TOPICS[topic].0,
                topic: TOPICS[topic].1,
            }
        })
        .collect();
    Dataset {
        city,
        complaints,
        truths,
        start,
        eval_start,
        end,
    }
}
