//! The synthetic cities: uneven population around several centres, water nobody lives on,
//! and each place's own weekly and daily rhythm.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// Which city to build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A city on a meandering river: an old business centre, a second centre across the
    /// river, suburbs and an industrial zone (used while tuning).
    River,
    /// A long coastal city: centres strung along the shore, hills inland (not used while
    /// tuning).
    Coast,
}

/// The rhythm of a place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rhythm {
    /// Busy on weekday working hours, quiet at weekends.
    Business,
    /// Busy in the evenings and at weekends.
    Residential,
    /// Shifts: a morning and a night peak, every day.
    Industrial,
}

impl Rhythm {
    /// Relative rate (mean about 1) at hour of day `h` on weekday `d` (0 = Monday).
    pub fn factor(self, d: usize, h: usize) -> f64 {
        let weekend = d >= 5;
        let night = h < 7;
        match self {
            Rhythm::Business => {
                let day = if weekend { 0.35 } else { 1.4 };
                let hour = if (9..18).contains(&h) {
                    1.9
                } else if night {
                    0.15
                } else {
                    0.6
                };
                day * hour
            }
            Rhythm::Residential => {
                let day = if weekend { 1.35 } else { 0.86 };
                let hour = if (18..23).contains(&h) {
                    2.2
                } else if night {
                    0.2
                } else {
                    0.9
                };
                day * hour
            }
            Rhythm::Industrial => {
                let hour = if (5..8).contains(&h) || (21..24).contains(&h) {
                    2.0
                } else if (1..5).contains(&h) {
                    0.4
                } else {
                    0.9
                };
                let day = if d == 6 { 0.6 } else { 1.07 };
                day * hour
            }
        }
    }
}

/// A population centre: a Gaussian blob of customers.
#[derive(Debug, Clone, Copy)]
pub struct Centre {
    /// Position, km east.
    pub x: f64,
    /// Position, km north.
    pub y: f64,
    /// Spread, km.
    pub sigma: f64,
    /// Share of the population.
    pub share: f64,
    /// Rhythm of its complaints.
    pub rhythm: Rhythm,
}

/// A city: its extent, centres, and where nobody lives.
#[derive(Debug, Clone)]
pub struct City {
    /// The shape.
    pub shape: Shape,
    /// Width, km.
    pub width: f64,
    /// Height, km.
    pub height: f64,
    /// The centres; the rest of the population is spread evenly (residential).
    pub centres: Vec<Centre>,
    /// Latitude of the south-west corner.
    pub lat0: f64,
    /// Longitude of the south-west corner.
    pub long0: f64,
}

impl City {
    /// The city of `shape`.
    pub fn new(shape: Shape) -> Self {
        use Rhythm::*;
        let c = |x, y, sigma, share, rhythm| Centre {
            x,
            y,
            sigma,
            share,
            rhythm,
        };
        match shape {
            Shape::River => City {
                shape,
                width: 36.0,
                height: 28.0,
                centres: vec![
                    c(11.0, 17.0, 1.4, 0.22, Business),
                    c(13.0, 19.5, 2.5, 0.14, Residential),
                    c(24.0, 10.0, 2.2, 0.16, Residential),
                    c(5.0, 6.0, 1.2, 0.06, Residential),
                    c(30.0, 22.0, 1.0, 0.05, Residential),
                    c(19.0, 4.0, 0.9, 0.05, Residential),
                    c(27.0, 15.0, 1.0, 0.07, Industrial),
                ],
                lat0: 55.60,
                long0: 49.00,
            },
            Shape::Coast => City {
                shape,
                width: 26.0,
                height: 44.0,
                centres: vec![
                    c(16.0, 8.0, 1.8, 0.14, Residential),
                    c(17.0, 19.0, 1.2, 0.20, Business),
                    c(15.0, 21.0, 2.2, 0.12, Residential),
                    c(18.0, 31.0, 1.6, 0.12, Residential),
                    c(17.5, 40.0, 1.0, 0.06, Residential),
                    c(8.0, 24.0, 1.1, 0.06, Industrial),
                    c(6.0, 12.0, 0.8, 0.04, Residential),
                ],
                lat0: 43.40,
                long0: 39.60,
            },
        }
    }

    /// Whether people live at `(x, y)` (not water, inside the city).
    pub fn habitable(&self, x: f64, y: f64) -> bool {
        if x < 0.0 || y < 0.0 || x > self.width || y > self.height {
            return false;
        }
        match self.shape {
            Shape::River => {
                let river = 14.0 + 3.0 * (x / 6.0).sin() + 0.4 * (x / 1.7).cos();
                (y - river).abs() > 0.35
            }
            Shape::Coast => x < 20.5 + 2.0 * (y / 5.0).sin(),
        }
    }

    /// A random home: a centre by share, or anywhere habitable; with its rhythm.
    pub fn home(&self, rng: &mut ChaCha8Rng) -> (f64, f64, Rhythm) {
        loop {
            let u: f64 = rng.gen();
            let mut acc = 0.0;
            let mut pick = None;
            for c in &self.centres {
                acc += c.share;
                if u < acc {
                    pick = Some(*c);
                    break;
                }
            }
            let (x, y, r) = match pick {
                Some(c) => {
                    let (a, b) = normal_pair(rng);
                    (c.x + a * c.sigma, c.y + b * c.sigma, c.rhythm)
                }
                None => (
                    rng.gen::<f64>() * self.width,
                    rng.gen::<f64>() * self.height,
                    Rhythm::Residential,
                ),
            };
            if self.habitable(x, y) {
                return (x, y, r);
            }
        }
    }

    /// `(lat, long)` of a point in km.
    pub fn to_lat_long(&self, x: f64, y: f64) -> (f64, f64) {
        let lat = self.lat0 + y / 111.195;
        let long = self.long0 + x / (111.195 * self.lat0.to_radians().cos());
        (lat, long)
    }

    /// The centre and radius (m) of the whole city.
    pub fn extent(&self) -> (f64, f64, f64) {
        let (lat, long) = self.to_lat_long(self.width / 2.0, self.height / 2.0);
        (lat, long, 500.0 * self.width.hypot(self.height))
    }
}

/// Two independent standard normal numbers (Box-Muller).
pub fn normal_pair(rng: &mut ChaCha8Rng) -> (f64, f64) {
    let u1: f64 = rng.gen::<f64>().max(1e-12);
    let u2: f64 = rng.gen();
    let r = (-2.0 * u1.ln()).sqrt();
    let a = std::f64::consts::TAU * u2;
    (r * a.cos(), r * a.sin())
}

/// A Poisson draw (inversion for small means, normal approximation above 60).
pub fn poisson(rng: &mut ChaCha8Rng, mean: f64) -> u32 {
    if mean <= 0.0 {
        return 0;
    }
    if mean > 60.0 {
        let (z, _) = normal_pair(rng);
        return (mean + z * mean.sqrt()).round().max(0.0) as u32;
    }
    let l = (-mean).exp();
    let (mut k, mut p) = (0u32, 1.0f64);
    loop {
        p *= rng.gen::<f64>();
        if p <= l {
            return k;
        }
        k += 1;
    }
}
