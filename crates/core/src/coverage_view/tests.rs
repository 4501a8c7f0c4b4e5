#![allow(clippy::unwrap_used)]

use super::*;
use crate::simplify::max_deviation;

/// A circle of `n` positions of radius `r` degrees (longitude stretched by 1/cos(lat), so it
/// is round on the map) around `(lat, long)`, closed.
fn circle(lat: f64, long: f64, r: f64, n: usize) -> Ring {
    let k = 1.0 / lat.to_radians().cos();
    let mut v: Ring = (0..n)
        .map(|i| {
            let a = i as f64 / n as f64 * std::f64::consts::TAU;
            [long + r * k * a.cos(), lat + r * a.sin()]
        })
        .collect();
    v.push(v[0]);
    v
}

fn piece(lat: f64, long: f64, r: f64, n: usize, quality: f64) -> Piece {
    Piece {
        quality,
        rings: vec![circle(lat, long, r, n)],
    }
}

fn field_codes(e: Vec<FieldError>) -> Vec<(String, String)> {
    e.into_iter().map(|f| (f.field, f.code)).collect()
}

#[test]
fn views_are_read_and_bad_ones_name_their_field() {
    assert_eq!(parse_view(None, None), Ok(View::default()));
    let v = parse_view(Some("37.1,55.5,38,56"), Some("9.5")).unwrap();
    assert_eq!(
        v.bbox,
        Some(ViewBox {
            west: 37.1,
            south: 55.5,
            east: 38.0,
            north: 56.0
        })
    );
    assert_eq!(v.zoom, Some(9.5));
    let bad = |b: &str, z: &str| field_codes(parse_view(Some(b), Some(z)).unwrap_err());
    assert_eq!(
        bad("1,2,3", "30"),
        vec![
            ("bbox".into(), code::INVALID.into()),
            ("zoom".into(), code::OUT_OF_RANGE.into())
        ]
    );
    assert_eq!(
        bad("10,50,5,60", "abc"),
        vec![
            ("bbox".into(), code::OUT_OF_RANGE.into()),
            ("zoom".into(), code::INVALID.into())
        ]
    );
    assert_eq!(bad("0,0,1,NaN", "1")[0].1, code::INVALID);
    assert_eq!(bad("0,-91,1,1", "1")[0].1, code::OUT_OF_RANGE);
    assert_eq!(bad("0,0,1,1", "-1")[0].1, code::OUT_OF_RANGE);
    assert_eq!(bad("0,0,1,1", "inf")[0].1, code::INVALID);
}

#[test]
fn only_polygons_meeting_the_box_are_kept() {
    let pieces = vec![
        piece(56.0, 44.0, 0.01, 16, 1.0),
        piece(56.0, 45.0, 0.01, 16, 0.5),
    ];
    let view = View {
        bbox: Some(ViewBox {
            west: 43.9,
            south: 55.9,
            east: 44.1,
            north: 56.1,
        }),
        zoom: None,
    };
    let out = for_view(&pieces, &view, MAX_VIEW_VERTICES);
    assert_eq!(out.pieces, vec![pieces[0].clone()]);
    assert_eq!(out.polygons_in_box, 1);
    // A box touching an edge counts.
    let edge = ViewBox {
        west: 44.0 + 0.01 / 56f64.to_radians().cos(),
        south: 56.0,
        east: 44.5,
        north: 56.5,
    };
    assert!(edge.meets(pieces[0].bounds().unwrap()));
}

#[test]
fn a_lower_zoom_needs_fewer_positions_and_stays_within_a_pixel() {
    // A detailed polygon: 2,000 positions round a 5 km circle.
    let p = piece(56.0, 44.0, 0.05, 2000, 1.0);
    let at = |z: f64| {
        for_view(
            std::slice::from_ref(&p),
            &View {
                bbox: None,
                zoom: Some(z),
            },
            MAX_VIEW_VERTICES,
        )
    };
    let (z14, z10) = (at(14.0), at(10.0));
    assert!(
        z10.vertices() < z14.vertices(),
        "{} vs {}",
        z10.vertices(),
        z14.vertices()
    );
    assert!(z14.vertices() < 2001);
    // Within a pixel (plus rounding) of the original, measured in pixels.
    let dpp = degrees_per_pixel(10.0);
    let ky = 1.0 / (dpp * 56f64.to_radians().cos());
    let px = |r: &Ring| -> Ring { r.iter().map(|[x, y]| [x / dpp, y * ky]).collect() };
    let dev = max_deviation(&px(&p.rings[0]), &px(&z10.pieces[0].rings[0]));
    assert!(dev <= 1.3, "deviation {dev} px");
}

#[test]
fn polygons_too_small_to_see_become_blocks_of_the_best_quality() {
    // 100 tiny polygons (20 m) in a 10x10 grid of 30 m steps: at zoom 8 all within a block or two.
    let mut pieces = Vec::new();
    for i in 0..100 {
        let q = if i == 42 { 1.0 } else { 0.3 };
        pieces.push(piece(
            56.0 + f64::from(i / 10) * 0.0003,
            44.0 + f64::from(i % 10) * 0.0005,
            0.0002,
            12,
            q,
        ));
    }
    let out = for_view(
        &pieces,
        &View {
            bbox: None,
            zoom: Some(8.0),
        },
        MAX_VIEW_VERTICES,
    );
    assert_eq!(out.merged, 100);
    assert!(out.pieces.len() <= 4, "{} blocks", out.pieces.len());
    assert!(out.pieces.iter().any(|p| p.quality == 1.0));
    // Every block is a closed rectangle covering the polygons' place.
    for p in &out.pieces {
        let r = &p.rings[0];
        assert_eq!(r.len(), 5);
        assert_eq!(r.first(), r.last());
    }
    let b = out.pieces[0].bounds().unwrap();
    assert!(
        b.0 <= 56.003 && b.1 >= 56.0 && b.2 <= 44.005 && b.3 >= 44.0,
        "{b:?}"
    );
}

#[test]
fn neighbouring_blocks_of_equal_quality_are_joined() {
    // A row of 50 tiny polygons 3 px apart at zoom 10 (each under 2 px): blocks join into runs.
    let dpp = degrees_per_pixel(10.0);
    let pieces: Vec<Piece> = (0..50)
        .map(|i| piece(56.0, 44.0 + f64::from(i) * dpp * 1.5, dpp * 0.2, 8, 0.6))
        .collect();
    let out = for_view(
        &pieces,
        &View {
            bbox: None,
            zoom: Some(10.0),
        },
        MAX_VIEW_VERTICES,
    );
    assert_eq!(out.merged, 50);
    assert!(out.pieces.len() <= 3, "{} runs", out.pieces.len());
}

#[test]
fn the_vertex_cap_coarsens_the_tolerance() {
    let pieces: Vec<Piece> = (0..400)
        .map(|i| {
            piece(
                56.0 + f64::from(i / 20) * 0.02,
                44.0 + f64::from(i % 20) * 0.04,
                0.008,
                200,
                0.8,
            )
        })
        .collect();
    let view = View {
        bbox: None,
        zoom: Some(10.0),
    };
    let free = for_view(&pieces, &view, usize::MAX);
    assert_eq!(
        (free.tolerance_px, free.small_px, free.merged),
        (1.0, SMALL_PX, 0)
    );
    // A little over the cap: more polygons are merged first, at the same tolerance.
    let capped = for_view(&pieces, &view, free.vertices() / 3);
    assert!(capped.vertices() <= free.vertices() / 3);
    assert!(capped.small_px > SMALL_PX && capped.merged > 0);
    assert!(!capped.truncated);
    // Far over it, the tolerance and the blocks grow too.
    let coarse = for_view(&pieces, &view, 40);
    assert!(coarse.vertices() <= 40 && coarse.tolerance_px > 1.0 && !coarse.truncated);
    // A cap nothing can meet truncates.
    let tiny = for_view(&pieces, &view, 3);
    assert!(tiny.truncated && tiny.vertices() <= 3);
}

#[test]
fn holes_are_kept_until_they_vanish() {
    let outer = circle(56.0, 44.0, 0.05, 400);
    let hole = circle(56.0, 44.0, 0.01, 100);
    let p = Piece {
        quality: 1.0,
        rings: vec![outer, hole],
    };
    let at = |z: f64| {
        for_view(
            std::slice::from_ref(&p),
            &View {
                bbox: None,
                zoom: Some(z),
            },
            MAX_VIEW_VERTICES,
        )
    };
    assert_eq!(at(12.0).pieces[0].rings.len(), 2);
    assert_eq!(at(5.0).pieces.len(), 1);
    assert!(at(5.0).pieces[0].rings.len() <= 1);
}

#[test]
fn mercator_pixels_round_trip() {
    for lat in [-60.0, 0.0, 33.3, 56.0, 70.0] {
        let y = mercator_y(lat, 7.0);
        assert!((mercator_lat(y, 7.0) - lat).abs() < 1e-9);
    }
}
