//! Tests of the gazetteer: parsing and its errors, search by text and by position, house
//! placement, and word normalisation.

use super::geometry::{EARTH_RADIUS_M, HOUSE_OFFSET_M};
use super::search::{HOUSE_NEAREST, HOUSE_NONE};
use super::words::{MARKER_WORDS, STOP_WORDS};
use super::*;
use proptest::prelude::*;
use spotdesk_api::GeocodeResult;

const SAMPLE: &str = "# test city\n\
ул. Ленина\tul. Lenina\t1\t40\t1\t56.3000,43.9800;56.3000,44.0200\n\
Садовая ул.\tSadovaya ul.\t1\t21\t2\t56.2900,44.0000;56.3100,44.0000\n\
ул. Максима Горького\tul. Maksima Gorkogo\t2\t30\t2\t56.2950,43.9900;56.3050,44.0100;56.3100,44.0150\n\
пр-т Мира\tprospekt Mira\t1\t60\t1\t56.2800,43.9900;56.3200,43.9950\n\
Молодёжная ул.\tMolodyozhnaya ul.\t1\t12\t1\t56.3050,43.9700;56.3060,43.9750\n\
ул. Лермонтова\tul. Lermontova\t1\t10\t1\t56.3080,43.9700;56.3080,43.9800\n\
пер. Школьный\tper. Shkolny\t1\t8\t1\t56.2990,44.0050;56.2995,44.0080\n\
пл. Революции\tpl. Revolyutsii\t1\t1\t1\t56.3010,44.0010;56.3010,44.0020\n";

fn sample() -> Gazetteer {
    Gazetteer::parse(SAMPLE).expect("sample parses")
}

fn top(g: &Gazetteer, q: &str) -> GeocodeResult {
    g.search(q, 5)
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no result for {q:?}"))
}

#[test]
fn the_place_names_the_caller_supplies_are_ignored_in_queries() {
    let query = "Образцово, ул. Ленина, д. 12, кв. 5";
    // Without them the place's name is a word no street has.
    assert!(sample().search(query, 5).is_empty());
    let g = Gazetteer::parse_with_place_names(SAMPLE, &["Образцово", "Obraztsovo"])
        .expect("sample parses");
    for q in [query, "obraztsovo lenina 12", "ОБРАЗЦОВО Ленина 12"] {
        let r = top(&g, q);
        assert_eq!(r.address_string, "ул. Ленина, 12", "{q}");
        assert_eq!(r.score, 1.0, "{q}");
    }
    // The same streets and houses either way.
    assert_eq!(g.address_count(), sample().address_count());
}

#[test]
fn counts_and_names() {
    let g = sample();
    assert_eq!(g.address_count(), 40 + 11 + 15 + 60 + 12 + 10 + 8 + 1);
    assert_eq!(g.addresses().count(), g.address_count());
    assert_eq!(g.street_names().next(), Some("ул. Ленина"));
    assert_eq!(g.street_names_en().nth(1), Some("Sadovaya ul."));
}

#[test]
fn canonical_forms_and_variants() {
    let g = sample();
    for q in [
        "ул. Ленина, 12",
        "Ленина 12",
        "ул ленина д 12",
        "12 Lenina",
        "lenina 12",
        "ULITSA LENINA, DOM 12",
    ] {
        let r = top(&g, q);
        assert_eq!(r.address_string, "ул. Ленина, 12", "{q}");
        assert_eq!(r.score, 1.0, "{q}");
    }
    assert_eq!(top(&g, "пр-т Мира, 7").address_string, "пр-т Мира, 7");
    assert_eq!(top(&g, "проспект мира 7").score, 1.0);
    assert_eq!(top(&g, "Садовая 5").address_string, "Садовая ул., 5");
    assert_eq!(top(&g, "молодежная 3").address_string, "Молодёжная ул., 3");
    assert_eq!(top(&g, "molodezhnaya 3").score, 1.0);
    assert_eq!(top(&g, "shkolnyy 2").address_string, "пер. Школьный, 2");
    assert_eq!(
        top(&g, "Горького 10").address_string,
        "ул. Максима Горького, 10"
    );
    assert!(top(&g, "Горького 10").score < 1.0);
    assert_eq!(top(&g, "ленина 12а").address_string, "ул. Ленина, 12");
    assert_eq!(
        top(&g, "ленина, д. 12, корп. 3").address_string,
        "ул. Ленина, 12"
    );
}

#[test]
fn nearest_house_and_street_only() {
    let g = sample();
    let r = top(&g, "Садовая 6");
    assert!(r.address_string == "Садовая ул., 5" || r.address_string == "Садовая ул., 7");
    assert!((r.score - HOUSE_NEAREST).abs() < 1e-9);
    assert_eq!(top(&g, "Садовая 999").address_string, "Садовая ул., 21");
    let r = top(&g, "ул. Ленина");
    assert_eq!(r.address_string, "ул. Ленина");
    assert!((r.score - HOUSE_NONE).abs() < 1e-9);
    assert!((r.lat - 56.3).abs() < 1e-6 && (r.long - 44.0).abs() < 1e-6);
}

#[test]
fn prefix_autocomplete() {
    let g = sample();
    let r = g.search("лен", 10);
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].address_string, "ул. Ленина");
    let r = g.search("ле", 10);
    let names: Vec<&str> = r.iter().map(|r| r.address_string.as_str()).collect();
    assert_eq!(names, ["ул. Ленина", "ул. Лермонтова"]);
    assert!(r[0].score < HOUSE_NONE);
    assert!(g.search("ле", 1).len() == 1);
    assert!(g.search("zzz", 10).is_empty());
    assert!(g.search("12", 10).is_empty());
    assert!(g.search("", 10).is_empty());
    assert!(g.search("ленина", 0).is_empty());
    // Only a street-type word: used as a prefix (no street here starts with "ul").
    assert!(g.search("ул.", 10).is_empty());
}

#[test]
fn houses_are_offset_by_parity() {
    let g = sample();
    let a: Vec<Address> = g
        .addresses()
        .filter(|a| a.street_ru == "ул. Ленина")
        .collect();
    // The street runs east: odd houses to the north (left), even to the south.
    for h in &a {
        if h.house % 2 == 1 {
            assert!(h.lat > 56.3, "{h:?}");
        } else {
            assert!(h.lat < 56.3, "{h:?}");
        }
        let off_m = (h.lat - 56.3).abs().to_radians() * EARTH_RADIUS_M;
        assert!((off_m - HOUSE_OFFSET_M).abs() < 0.5, "{off_m}");
    }
    assert!(a.windows(2).all(|w| w[0].long <= w[1].long + 1e-12));
    assert_eq!(a[0].address_string_en(), "ul. Lenina, 1");
}

#[test]
fn nearest_reverse() {
    let g = sample();
    let a = g.nearest(56.3001, 43.9801).expect("some");
    assert_eq!(a.street_ru, "ул. Ленина");
    assert!(g.nearest(f64::NAN, 0.0).is_none());
}

#[test]
fn parse_errors_carry_line_numbers() {
    let cases = [
        ("ул. Ленина\tul. Lenina\t1\t10\t1\n", 1, "6 tab-separated"),
        ("# c\n\nул. Ленина\tul. Lenina\tx\t10\t1\t56,44;56.1,44\n", 3, "first_house"),
        ("ул. Ленина\tul. Lenina\t5\t1\t1\t56,44;56.1,44\n", 1, "below"),
        ("ул. Ленина\tul. Lenina\t1\t10\t0\t56,44;56.1,44\n", 1, "step"),
        ("ул. Ленина\tul. Lenina\t1\t4000000000\t1\t56,44;56.1,44\n", 1, "houses"),
        ("ул. Ленина\tul. Lenina\t1\t10\t1\t56,44\n", 1, "at least 2"),
        ("ул. Ленина\tul. Lenina\t1\t10\t1\t56,44;NaN,44\n", 1, "latitude"),
        ("ул. Ленина\tul. Lenina\t1\t10\t1\t56,44;56;44\n", 1, "lat,long"),
        ("ул.\tul.\t1\t10\t1\t56,44;56.1,44\n", 1, "street type"),
        ("ул. 8 Марта\tul. 8 Marta\t1\t10\t1\t56,44;56.1,44\n", 1, "digits"),
        ("ул. Ленина\tul. Lenina\t1\t10\t1\t56,44;56.1,44\nпр-т Ленина\tprospekt Lenina\t1\t10\t1\t56,44;56.1,44\n", 2, "duplicates"),
        ("# only comments\n", 0, "no streets"),
    ];
    for (text, line, needle) in cases {
        let e = Gazetteer::parse(text).expect_err(text);
        assert_eq!(e.line, line, "{text}: {e}");
        assert!(e.to_string().contains(needle), "{text}: {e}");
    }
}

#[test]
fn skeleton_folds_variants() {
    assert_eq!(skeleton("Октябрьский"), skeleton("Oktyabrsky"));
    assert_eq!(skeleton("Королёва"), skeleton("Korolyova"));
    assert_eq!(skeleton("Щорса"), skeleton("Shchorsa"));
    assert_eq!(skeleton("Хлебный"), skeleton("Khlebnyy"));
    for w in STOP_WORDS.iter().chain(MARKER_WORDS) {
        assert!(!skeleton(w).is_empty(), "{w}");
    }
}

proptest! {
    #[test]
    fn search_never_panics(q in ".{0,60}", limit in 0usize..20) {
        let g = sample();
        let r = g.search(&q, limit);
        prop_assert!(r.len() <= limit);
        prop_assert!(r.windows(2).all(|w| w[0].score >= w[1].score));
        prop_assert!(r.iter().all(|x| (0.0..=1.0).contains(&x.score)));
    }

    #[test]
    fn search_never_panics_addressy(q in "[улицапрт.,ЛенинаМирgorkoLENINA0-9 \\-ёЁ]{0,40}") {
        let g = sample();
        let _ = g.search(&q, 10);
    }

    #[test]
    fn parse_never_panics(text in "(.{0,30}(\t|;|,|\n)){0,12}") {
        let _ = Gazetteer::parse(&text);
    }

    #[test]
    fn parse_never_panics_on_mutated_sample(pos in 0usize..400, junk in ".{0,6}") {
        let mut s: String = SAMPLE.to_string();
        let cut = s.char_indices().map(|(i, _)| i).nth(pos).unwrap_or(s.len());
        s.insert_str(cut, &junk);
        let _ = Gazetteer::parse(&s);
    }

    #[test]
    fn every_address_found_by_its_canonical_string(i in 0usize..157) {
        let g = sample();
        let a = g.addresses().nth(i % g.address_count()).expect("in range");
        for q in [a.address_string(), a.address_string_en()] {
            let r = g.search(&q, 3);
            prop_assert!(!r.is_empty());
            prop_assert_eq!(&r[0].address_string, &a.address_string());
            prop_assert_eq!(r[0].score, 1.0);
            prop_assert!((r[0].lat - a.lat).abs() < 1e-12 && (r[0].long - a.long).abs() < 1e-12);
        }
    }
}
