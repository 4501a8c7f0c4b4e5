//! Fuzz targets (proptest) for the CLI's input parsers (JSON and CSV complaint files), and for
//! ticket validation and address search with the shipped catalogue and gazetteer. No panics.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use serde_json::{json, Value};
use spotdesk_api::NewTicket;
use spotdesk_cli::input::{parse_csv, parse_json};

fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| json!(f)),
        ".{0,40}".prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(
                prop::sample::select(vec![
                    "lat",
                    "long",
                    "created_at",
                    "service",
                    "topic",
                    "customer",
                    "customer_phone",
                    "id",
                    "status",
                    "x",
                ]),
                inner,
                0..6
            )
            .prop_map(|m| Value::Object(m.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())),
        ]
    })
}

/// CSV built from fuzzed cells under a header of real and unknown column names.
fn any_csv() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(
            prop::sample::select(vec![
                "lat",
                "long",
                "created_at",
                "service",
                "topic",
                "customer",
                "x",
            ]),
            0..7,
        ),
        prop::collection::vec(
            prop::collection::vec("[-0-9a-zA-Z.,:\"T ]{0,12}", 0..7),
            0..6,
        ),
    )
        .prop_map(|(header, rows)| {
            let mut text = header.join(",");
            for r in rows {
                text.push('\n');
                text.push_str(&r.join(","));
            }
            text
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(384))]

    #[test]
    fn json_input_never_panics(v in prop::collection::vec(any_json(), 0..5), text in ".{0,120}") {
        let _ = parse_json(&Value::Array(v).to_string());
        let _ = parse_json(&text);
    }

    #[test]
    fn csv_input_never_panics(csv in any_csv(), text in ".{0,160}") {
        let _ = parse_csv(&csv);
        let _ = parse_csv(&text);
    }

    #[test]
    fn validation_with_the_shipped_catalogue_never_panics(
        values in prop::collection::vec(any_json(), 0..6),
        code in "[a-z-]{0,16}",
        text in ".{0,300}",
        lat in proptest::option::of(any::<f64>()),
        long in proptest::option::of(any::<f64>()),
        pick in any::<prop::sample::Index>(),
    ) {
        let cat = spotdesk_demo::default_catalogue();
        let service = &cat.services[pick.index(cat.services.len())];
        let fields: std::collections::BTreeMap<String, Value> = service.fields.iter().map(|f| f.key.clone()).zip(values).collect();
        for service_code in [code.as_str(), service.code.as_str()] {
            let t = NewTicket {
                service_code: service_code.to_owned(),
                topic: text.chars().take(20).collect(),
                description: text.clone(),
                customer_phone: text.clone(),
                address_string: text.clone(),
                lat,
                long,
                fields: fields.clone(),
                ..Default::default()
            };
            let _ = spotdesk_core::validate::validate_new_ticket(&t, &cat);
        }
    }

    #[test]
    fn address_search_never_panics(q in ".{0,60}", limit in 0usize..30) {
        let found = spotdesk_demo::gazetteer().search(&q, limit);
        prop_assert!(found.len() <= limit);
    }
}
