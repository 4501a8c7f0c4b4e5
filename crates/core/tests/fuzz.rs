//! Fuzz targets (proptest) for the core crate's parsers: phone numbers and the gazetteer text
//! format and its search (ticket validation is fuzzed in `validate/tests.rs` and, with the
//! shipped catalogue, in the CLI crate's fuzz tests). The property is "no panic", plus the
//! invariants each parser promises.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use spotdesk_core::gazetteer::{skeleton, Gazetteer};
use spotdesk_core::phone::normalize_phone;

/// A small valid gazetteer to search.
const SMALL: &str = "улица Ленина\tLenina street\t1\t41\t1\t59.90,30.30;59.91,30.32\n\
проспект Мира\tMira avenue\t2\t30\t2\t59.92,30.28;59.93,30.29;59.94,30.31\n";

/// A line of the gazetteer format built from fuzzed parts, tabs included.
fn gazetteer_line() -> impl Strategy<Value = String> {
    (
        "[а-яА-Яa-z ]{0,12}",
        "[a-z ]{0,12}",
        "-?[0-9]{0,4}",
        "-?[0-9]{0,4}",
        "-?[0-9]{0,2}",
        prop::collection::vec((-100.0f64..100.0, -200.0f64..200.0), 0..4),
        ".{0,6}",
    )
        .prop_map(|(ru, en, a, b, step, pts, junk)| {
            let poly: Vec<String> = pts.iter().map(|(la, lo)| format!("{la},{lo}")).collect();
            format!("{ru}\t{en}\t{a}\t{b}\t{step}\t{}{junk}", poly.join(";"))
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn phone_parser_never_panics(input in ".{0,40}") {
        if let Ok(p) = normalize_phone(&input) {
            prop_assert!(p.starts_with('+'), "{p}");
            prop_assert!(p[1..].chars().all(|c| c.is_ascii_digit()), "{p}");
            // Normalising is idempotent.
            prop_assert_eq!(normalize_phone(&p).ok(), Some(p.clone()));
        }
    }

    #[test]
    fn phone_parser_on_phone_like_text(input in "[+()0-9 \\-.]{0,24}") {
        let _ = normalize_phone(&input);
    }

    #[test]
    fn gazetteer_parser_never_panics(lines in prop::collection::vec(gazetteer_line(), 0..6), text in ".{0,200}") {
        let _ = Gazetteer::parse(&lines.join("\n"));
        let _ = Gazetteer::parse(&text);
    }

    #[test]
    fn gazetteer_search_never_panics(q in ".{0,60}", limit in 0usize..50) {
        let g = Gazetteer::parse(SMALL).expect("the sample parses");
        let found = g.search(&q, limit);
        prop_assert!(found.len() <= limit);
        let _ = skeleton(&q);
    }
}
