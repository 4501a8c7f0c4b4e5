//! Douglas–Peucker simplification of closed polygon rings and open lines in plane coordinates.
//!
//! The coverage map uses it in screen pixels (`crate::coverage_view`): with a tolerance of one
//! pixel, what is removed could not be seen at that zoom. Every vertex of the input lies within
//! `tolerance` of the simplified ring (the distance is to the segment that replaced it), the
//! first and last positions stay equal, and a ring that would keep fewer than four positions
//! (it is thinner than the tolerance) is dropped, never returned degenerate.

/// A ring of `[x, y]` positions, closed (first == last).
pub type Ring = Vec<[f64; 2]>;

/// The ring closed (its first position repeated at the end when it is not already).
pub fn closed(ring: &[[f64; 2]]) -> Ring {
    let mut r = ring.to_vec();
    if let (Some(first), Some(last)) = (r.first().copied(), r.last().copied()) {
        if first != last {
            r.push(first);
        }
    }
    r
}

/// Distance from `p` to the segment `a`–`b`.
pub fn segment_distance(p: [f64; 2], a: [f64; 2], b: [f64; 2]) -> f64 {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (cx, cy) = (a[0] + t * dx, a[1] + t * dy);
    ((p[0] - cx).powi(2) + (p[1] - cy).powi(2)).sqrt()
}

/// Marks the positions of `pts[from..=to]` that Douglas–Peucker keeps (the ends are kept by
/// the caller). Iterative, so a ring of 100,000 positions cannot overflow the stack.
fn mark(pts: &[[f64; 2]], from: usize, to: usize, tolerance: f64, keep: &mut [bool]) {
    let mut stack = vec![(from, to)];
    while let Some((a, b)) = stack.pop() {
        if b <= a + 1 {
            continue;
        }
        let (mut far, mut far_d) = (a, -1.0);
        for (i, p) in pts.iter().enumerate().take(b).skip(a + 1) {
            let d = segment_distance(*p, pts[a], pts[b]);
            if d > far_d {
                (far, far_d) = (i, d);
            }
        }
        if far_d > tolerance {
            keep[far] = true;
            stack.push((a, far));
            stack.push((far, b));
        }
    }
}

/// The ring simplified so that every input position lies within `tolerance` of it, closed;
/// `None` when fewer than four positions (three corners and the closing one) would remain,
/// or the input has fewer. An open input ring is closed first.
pub fn simplify_ring(ring: &[[f64; 2]], tolerance: f64) -> Option<Ring> {
    let pts = closed(ring);
    if pts.len() < 4 {
        return None;
    }
    let last = pts.len() - 1;
    // A closed ring has no natural ends: split it at the position farthest from the first,
    // and simplify the two halves.
    let first = pts[0];
    let split = (1..last)
        .max_by(|&i, &j| {
            let di = (pts[i][0] - first[0]).hypot(pts[i][1] - first[1]);
            let dj = (pts[j][0] - first[0]).hypot(pts[j][1] - first[1]);
            di.total_cmp(&dj)
        })
        .unwrap_or(1);
    let mut keep = vec![false; pts.len()];
    keep[0] = true;
    keep[split] = true;
    keep[last] = true;
    mark(&pts, 0, split, tolerance, &mut keep);
    mark(&pts, split, last, tolerance, &mut keep);
    let out: Ring = pts
        .iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|(p, _)| *p)
        .collect();
    (out.len() >= 4).then_some(out)
}

/// An open line simplified so that every input position lies within `tolerance` of it; the
/// two ends are always kept (a line of fewer than two positions comes back as it is).
pub fn simplify_line(line: &[[f64; 2]], tolerance: f64) -> Vec<[f64; 2]> {
    if line.len() < 3 {
        return line.to_vec();
    }
    let last = line.len() - 1;
    let mut keep = vec![false; line.len()];
    keep[0] = true;
    keep[last] = true;
    mark(line, 0, last, tolerance, &mut keep);
    line.iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|(p, _)| *p)
        .collect()
}

/// Area enclosed by a ring (shoelace, absolute), in the ring's units squared.
pub fn ring_area(ring: &[[f64; 2]]) -> f64 {
    let n = ring.len();
    if n < 3 {
        return 0.0;
    }
    let twice: f64 = (0..n)
        .map(|i| {
            let (a, b) = (ring[i], ring[(i + 1) % n]);
            a[0] * b[1] - b[0] * a[1]
        })
        .sum();
    twice.abs() / 2.0
}

/// Largest distance from a position of `original` to the ring `simplified` (its segments).
pub fn max_deviation(original: &[[f64; 2]], simplified: &[[f64; 2]]) -> f64 {
    original
        .iter()
        .map(|p| {
            simplified
                .windows(2)
                .map(|s| segment_distance(*p, s[0], s[1]))
                .fold(f64::INFINITY, f64::min)
        })
        .fold(0.0, f64::max)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A circle of `n` positions around (0, 0), radius `r`, closed.
    fn circle(n: usize, r: f64) -> Ring {
        let mut v: Ring = (0..n)
            .map(|i| {
                let a = i as f64 / n as f64 * std::f64::consts::TAU;
                [r * a.cos(), r * a.sin()]
            })
            .collect();
        v.push(v[0]);
        v
    }

    #[test]
    fn a_square_with_collinear_points_keeps_its_corners() {
        let ring = [
            [0.0, 0.0],
            [5.0, 0.0],
            [10.0, 0.0],
            [10.0, 5.0],
            [10.0, 10.0],
            [5.0, 10.0],
            [0.0, 10.0],
            [0.0, 5.0],
            [0.0, 0.0],
        ];
        let s = simplify_ring(&ring, 0.5).unwrap();
        assert_eq!(
            s,
            vec![
                [0.0, 0.0],
                [10.0, 0.0],
                [10.0, 10.0],
                [0.0, 10.0],
                [0.0, 0.0]
            ]
        );
    }

    #[test]
    fn a_fine_circle_loses_most_positions_at_a_coarse_tolerance() {
        let c = circle(1000, 100.0);
        let s = simplify_ring(&c, 1.0).unwrap();
        assert!(s.len() < 60, "{} positions", s.len());
        assert!(max_deviation(&c, &s) <= 1.0);
        assert_eq!(s.first(), s.last());
    }

    #[test]
    fn a_ring_smaller_than_the_tolerance_is_dropped() {
        assert_eq!(simplify_ring(&circle(40, 0.3), 1.0), None);
        assert_eq!(simplify_ring(&[[0.0, 0.0], [1.0, 1.0]], 0.1), None);
        assert_eq!(simplify_ring(&[], 0.1), None);
    }

    #[test]
    fn an_open_ring_is_closed() {
        let s = simplify_ring(&[[0.0, 0.0], [4.0, 0.0], [4.0, 4.0], [0.0, 4.0]], 0.1).unwrap();
        assert_eq!(s.len(), 5);
        assert_eq!(s.first(), s.last());
    }

    #[test]
    fn area_of_a_unit_square() {
        assert_eq!(
            ring_area(&[[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0]]),
            1.0
        );
    }

    /// Rings of 4 to 300 positions: a star-ish shape with random radii around a centre.
    fn rings() -> impl Strategy<Value = Ring> {
        (
            prop::collection::vec(0.1f64..50.0, 3..300),
            -100.0f64..100.0,
            -100.0f64..100.0,
        )
            .prop_map(|(radii, cx, cy)| {
                let n = radii.len();
                let mut v: Ring = radii
                    .iter()
                    .enumerate()
                    .map(|(i, r)| {
                        let a = i as f64 / n as f64 * std::f64::consts::TAU;
                        [cx + r * a.cos(), cy + r * a.sin()]
                    })
                    .collect();
                v.push(v[0]);
                v
            })
    }

    proptest! {
        #[test]
        fn simplified_rings_are_closed_faithful_and_never_degenerate(
            ring in rings(),
            tolerance in 0.01f64..20.0,
        ) {
            if let Some(s) = simplify_ring(&ring, tolerance) {
                prop_assert!(s.len() >= 4);
                prop_assert!(s.len() <= ring.len());
                prop_assert_eq!(s.first(), s.last());
                prop_assert!(max_deviation(&ring, &s) <= tolerance + 1e-9);
                // Every kept position is one of the input's, in order.
                let mut it = ring.iter();
                prop_assert!(s.iter().all(|p| it.any(|q| q == p)));
                // A second pass never adds positions and stays within the tolerance of the first.
                if let Some(again) = simplify_ring(&s, tolerance) {
                    prop_assert!(again.len() <= s.len());
                    prop_assert!(max_deviation(&s, &again) <= tolerance + 1e-9);
                }
            }
        }

        #[test]
        fn a_zero_tolerance_keeps_every_corner(ring in rings()) {
            let s = simplify_ring(&ring, 0.0).expect("a star of 3+ radii is a polygon");
            prop_assert!(max_deviation(&ring, &s) <= 1e-9);
        }
    }
}
