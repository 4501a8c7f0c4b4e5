//! The shipped gazetteer of the demo city: parses, has the promised size, every address is
//! found by its own canonical text, and search is fast and never panics.

use proptest::prelude::*;
use spotdesk_core::gazetteer::Gazetteer;
use spotdesk_demo::{gazetteer, GAZETTEER_TSV};
use std::time::Instant;

#[test]
fn shipped_file_parses_with_expected_size() {
    let g = Gazetteer::parse(GAZETTEER_TSV).expect("shipped gazetteer parses");
    let streets = g.street_names().count();
    assert!((60..=90).contains(&streets), "{streets} streets");
    assert!(
        (3000..=6000).contains(&g.address_count()),
        "{} addresses",
        g.address_count()
    );
    assert_eq!(g.addresses().count(), g.address_count());
    assert_eq!(g.street_names_en().count(), streets);
    // About 10 x 8 km around 56.30 N 44.00 E.
    let (min_lat, min_long, max_lat, max_long) = g.bounds();
    assert!(min_lat > 56.25 && max_lat < 56.35, "{min_lat}..{max_lat}");
    assert!(
        min_long > 43.90 && max_long < 44.10,
        "{min_long}..{max_long}"
    );
    let height_km = (max_lat - min_lat) * 111.2;
    let width_km = (max_long - min_long) * 111.32 * 56.3f64.to_radians().cos();
    assert!(
        (7.0..=11.0).contains(&width_km) && (6.0..=9.0).contains(&height_km),
        "{width_km} x {height_km} km"
    );
    assert!(g.street_names().any(|n| n == "ул. Ленина"));
}

#[test]
fn every_shipped_address_is_found_by_its_canonical_text() {
    let g = gazetteer();
    for a in g.addresses() {
        for q in [a.address_string(), a.address_string_en()] {
            let r = g.search(&q, 3);
            assert!(!r.is_empty(), "{q}");
            assert_eq!(r[0].address_string, a.address_string(), "{q}");
            assert_eq!(r[0].score, 1.0, "{q}");
            assert_eq!((r[0].lat, r[0].long), (a.lat, a.long), "{q}");
        }
    }
}

#[test]
fn tolerant_queries_on_the_shipped_city() {
    let g = gazetteer();
    let top = |q: &str| {
        g.search(q, 5)
            .into_iter()
            .next()
            .map(|r| (r.address_string, r.score))
    };
    for q in [
        "Ленина 12",
        "ул ленина д 12",
        "lenina 12",
        "12 Lenina",
        "УЛ. ЛЕНИНА, 12",
        "ulitsa Lenina 12",
        // The city's own name is ignored (spotdesk_demo::CITY_NAMES).
        "Северогорск, ул. Ленина, д. 12, кв. 5",
        "severogorsk lenina 12",
    ] {
        assert_eq!(top(q), Some(("ул. Ленина, 12".to_string(), 1.0)), "{q}");
    }
    assert_eq!(top("пр-т Мира 7").map(|r| r.0), Some("пр-т Мира, 7".into()));
    assert_eq!(
        top("prospekt mira 7").map(|r| r.0),
        Some("пр-т Мира, 7".into())
    );
    assert_eq!(
        top("молодежная 3").map(|r| r.0),
        Some("Молодёжная ул., 3".into())
    );
    assert_eq!(
        top("бул победы 1").map(|r| r.0),
        Some("бул. Победы, 1".into())
    );
    assert_eq!(
        top("Школьный 2").map(|r| r.0),
        Some("пер. Школьный, 2".into())
    );
    let lenin = g.search("лен", 10);
    assert!(
        !lenin.is_empty() && lenin[0].address_string == "ул. Ленина",
        "{lenin:?}"
    );
    assert!(lenin.iter().all(|r| r.score < 0.6));
    // Deterministic.
    assert_eq!(g.search("ле", 20), g.search("ле", 20));
}

#[test]
fn search_is_fast() {
    let g = gazetteer();
    let queries = [
        "ленина 12",
        "ул. Садовая, 5",
        "lenina 12",
        "лен",
        "пр-т мира 100",
        "12 Gagarina",
        "молодежная",
        "zzz 9",
    ];
    let t = Instant::now();
    let rounds = 200u32;
    for _ in 0..rounds {
        for q in queries {
            std::hint::black_box(g.search(q, 10));
        }
    }
    let per = t.elapsed() / (rounds * queries.len() as u32);
    // Well under a millisecond even unoptimised.
    assert!(per.as_micros() < 1000, "{per:?} per query");
}

proptest! {
    #[test]
    fn search_never_panics(q in "\\PC{0,50}", limit in 0usize..30) {
        let r = gazetteer().search(&q, limit);
        prop_assert!(r.len() <= limit);
        prop_assert!(r.iter().all(|x| (0.0..=1.0).contains(&x.score)));
    }

    #[test]
    fn mutated_file_never_panics(pos in 0usize..20_000, junk in "[\\t;,.\\n0-9a-zА-я-]{0,5}") {
        let cut = GAZETTEER_TSV.char_indices().map(|(i, _)| i).nth(pos).unwrap_or(GAZETTEER_TSV.len());
        let mut s = GAZETTEER_TSV.to_string();
        s.insert_str(cut, &junk);
        let _ = Gazetteer::parse(&s);
    }
}
