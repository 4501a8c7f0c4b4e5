use super::*;
use proptest::prelude::*;

const WORLD: [f64; 4] = [-180.0, -90.0, 180.0, 90.0];

fn total(idx: &ClusterIndex, z: f64) -> u64 {
    idx.clusters(WORLD, z)
        .iter()
        .map(|c| u64::from(c.count))
        .sum()
}

/// Deterministic pseudo-random points around a centre (xorshift).
fn cloud(n: usize, seed: u64, lat: f64, long: f64, spread: f64) -> Vec<(f64, f64)> {
    let mut s = seed.max(1);
    let mut next = move || {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        (s >> 11) as f64 / (1u64 << 53) as f64
    };
    (0..n)
        .map(|_| {
            (
                lat + (next() - 0.5) * spread,
                long + (next() - 0.5) * spread * 2.0,
            )
        })
        .collect()
}

/// A literal port of supercluster's `_cluster` (input order, brute-force `within`) giving
/// the number of clusters/points per zoom, to compare counts with.
fn supercluster_counts(points: &[(f64, f64)]) -> Vec<usize> {
    let mut cur: Vec<(f64, f64, u64)> = points
        .iter()
        .filter_map(|&(lat, long)| project(lat, long))
        .map(|(x, y)| (f64::from(x) / SCALE, f64::from(y) / SCALE, 1))
        .collect();
    let mut out = vec![0; 18];
    out[17] = cur.len();
    for z in (0..=16).rev() {
        let r = 40.0 / (512.0 * 2f64.powi(z));
        let mut done = vec![false; cur.len()];
        let mut next = Vec::new();
        for i in 0..cur.len() {
            if done[i] {
                continue;
            }
            done[i] = true;
            let (xi, yi, ni) = cur[i];
            let mut total = ni;
            let (mut wx, mut wy) = (xi * ni as f64, yi * ni as f64);
            let mut nb = Vec::new();
            for j in 0..cur.len() {
                let (x, y, n) = cur[j];
                if !done[j] && (x - xi).powi(2) + (y - yi).powi(2) <= r * r {
                    nb.push(j);
                    total += n;
                    wx += x * n as f64;
                    wy += y * n as f64;
                }
            }
            if total > ni {
                for &j in &nb {
                    done[j] = true;
                }
                next.push((wx / total as f64, wy / total as f64, total));
            } else {
                next.push(cur[i]);
            }
        }
        out[z as usize] = next.len();
        cur = next;
    }
    out
}

#[test]
fn two_close_points_cluster_until_max_zoom() {
    let pts = vec![(56.3, 44.0), (56.3001, 44.0001)];
    let idx = ClusterIndex::build(&pts);
    for z in 0..=16 {
        let c = idx.clusters(WORLD, f64::from(z));
        assert_eq!(c.len(), 1, "zoom {z}");
        assert_eq!(c[0].count, 2);
        assert!(c[0].id >> 63 == 1);
        assert!((c[0].lat - 56.30005).abs() < 1e-5);
    }
    let leaves = idx.clusters(WORLD, 17.0);
    assert_eq!(leaves.len(), 2);
    assert!(leaves.iter().all(|c| c.count == 1 && c.id < 2));
}

#[test]
fn far_points_stay_apart_and_bbox_filters() {
    let pts = vec![(55.75, 37.62), (40.71, -74.0), (-33.87, 151.2)];
    let idx = ClusterIndex::build(&pts);
    assert_eq!(idx.clusters(WORLD, 0.0).len(), 3);
    let europe = idx.clusters([0.0, 30.0, 60.0, 70.0], 3.0);
    assert_eq!(europe.len(), 1);
    assert_eq!(europe[0].id, 0);
    // Across the antimeridian: 150E .. 80W contains Sydney and New York.
    let pacific = idx.clusters([150.0, -60.0, -70.0, 60.0], 3.0);
    assert_eq!(pacific.len(), 2);
    assert!(idx.clusters([f64::NAN, 0.0, 1.0, 1.0], 3.0).is_empty());
}

#[test]
fn counts_equal_supercluster() {
    // A city-like cloud plus a few distant points.
    let mut pts = cloud(3000, 7, 56.3, 44.0, 0.1);
    pts.extend(cloud(200, 9, 10.0, 10.0, 40.0));
    let idx = ClusterIndex::build(&pts);
    let want = supercluster_counts(&pts);
    for z in 0..=17u8 {
        let got = idx.clusters(WORLD, f64::from(z)).len();
        let w = want[usize::from(z)];
        // Same rule and order; only fixed-point rounding of centroids may differ.
        let tol = (w as f64 * 0.005).max(1.0);
        assert!(
            (got as f64 - w as f64).abs() <= tol,
            "zoom {z}: {got} vs supercluster {w}"
        );
        assert_eq!(total(&idx, f64::from(z)), pts.len() as u64);
    }
}

#[test]
fn insert_keeps_counts_and_rebuild_equals_fresh_build() {
    let mut pts = cloud(2000, 3, 56.3, 44.0, 0.05);
    let mut idx = ClusterIndex::build(&pts);
    let more = cloud(300, 11, 56.3, 44.0, 0.06);
    for (k, &(lat, long)) in more.iter().enumerate() {
        let id = idx.insert(lat, long);
        assert_eq!(id, Some((2000 + k) as u32));
        pts.push((lat, long));
    }
    assert_eq!(idx.insert(f64::NAN, 1.0), None);
    pts.push((f64::NAN, 1.0));
    assert_eq!(idx.len(), 2300);
    assert_eq!(idx.inserted_since_build(), 300);
    let fresh = ClusterIndex::build(&pts);
    for z in 0..=17 {
        assert_eq!(total(&idx, f64::from(z)), 2300, "zoom {z}");
        let (a, b) = (
            idx.clusters(WORLD, f64::from(z)).len(),
            fresh.clusters(WORLD, f64::from(z)).len(),
        );
        // The approximation never has more entries than points added, and stays close.
        assert!(
            (a as f64 - b as f64).abs() <= (b as f64 * 0.1).max(10.0),
            "zoom {z}: {a} vs {b}"
        );
    }
    // Every inserted point lies within the radius of an entry counting it at zoom 16
    // (checked via the leaf being present at zoom 17).
    assert_eq!(idx.clusters(WORLD, 17.0).len(), 2300);
    idx.rebuild();
    assert_eq!(idx, fresh);
}

#[test]
fn compaction_keeps_queries() {
    let mut idx = ClusterIndex::build(&Vec::<(f64, f64)>::new());
    assert!(idx.is_empty());
    let pts = cloud(COMPACT_AT + 500, 5, 56.3, 44.0, 0.2);
    for &(lat, long) in &pts {
        idx.insert(lat, long);
    }
    for z in [0.0, 8.0, 12.0, 16.0, 17.0] {
        assert_eq!(total(&idx, z), pts.len() as u64);
    }
    let inside = idx.clusters([43.95, 56.25, 44.05, 56.35], 17.0).len();
    let want = pts
        .iter()
        .filter(|p| (56.25..=56.35).contains(&p.0) && (43.95..=44.05).contains(&p.1))
        .count();
    assert!(inside.abs_diff(want) <= 2, "{inside} vs {want}");
}

proptest! {
    #[test]
    fn never_panics_and_counts_sum(
        pts in proptest::collection::vec(
            (prop_oneof![-100.0f64..100.0, Just(f64::NAN), Just(f64::INFINITY), Just(56.3)],
             prop_oneof![-200.0f64..200.0, Just(f64::NAN), Just(44.0)]),
            0..300),
        dup in 0usize..200,
        extra in proptest::collection::vec((-90.0f64..90.0, -180.0f64..180.0), 0..30),
    ) {
        let mut pts = pts;
        if let Some(&p) = pts.first() {
            pts.extend(std::iter::repeat_n(p, dup));
        }
        let finite = pts.iter().filter(|p| p.0.is_finite() && p.1.is_finite()).count();
        let mut idx = ClusterIndex::build(&pts);
        prop_assert_eq!(idx.len(), finite);
        for z in 0..=18 {
            prop_assert_eq!(total(&idx, f64::from(z)), finite as u64);
        }
        for &(lat, long) in &extra {
            idx.insert(lat, long);
        }
        for z in 0..=17 {
            prop_assert_eq!(total(&idx, f64::from(z)), (finite + extra.len()) as u64);
        }
        let _ = idx.clusters([f64::INFINITY, -1e9, 1e9, f64::NEG_INFINITY], f64::NAN);
    }
}

proptest! {
    /// Building from coordinates projected column by column equals building from points.
    #[test]
    fn projected_build_equals_build(
        pts in proptest::collection::vec(
            (prop_oneof![55.0f64..56.0, Just(f64::NAN)], prop_oneof![37.0f64..38.0, Just(f64::INFINITY)]),
            0..300),
    ) {
        let lat: Vec<f64> = pts.iter().map(|p| p.0).collect();
        let long: Vec<f64> = pts.iter().map(|p| p.1).collect();
        let mut p = ProjectedPoints::new(pts.len());
        p.set_long(&long);
        p.set_lat(&lat);
        let a = ClusterIndex::build_projected(p);
        let b = ClusterIndex::build(&pts);
        prop_assert_eq!(a, b);
    }
}
