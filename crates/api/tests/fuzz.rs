//! Fuzz targets (proptest): every API request type deserialised from arbitrary bytes, arbitrary
//! JSON and near-valid JSON, and the binary facts decoder on arbitrary and mutated input. The
//! property is "no panic": each input either parses or is rejected with an error.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use serde_json::{json, Value};
use spotdesk_api::facts::{FactsQuery, TicketFact, TicketFacts};
use spotdesk_api::{
    Channel, IncidentPatch, LoginRequest, NewComment, NewIncident, NewSpot, NewTicket,
    PublicStatusQuery, SpotPatch, TicketKind, TicketPatch, TicketQuery, TicketStatus,
};

/// Parses `text` as every request type; only panics matter.
fn parse_all(text: &str) {
    let _ = serde_json::from_str::<NewTicket>(text);
    let _ = serde_json::from_str::<TicketPatch>(text);
    let _ = serde_json::from_str::<TicketQuery>(text);
    let _ = serde_json::from_str::<NewComment>(text);
    let _ = serde_json::from_str::<NewIncident>(text);
    let _ = serde_json::from_str::<IncidentPatch>(text);
    let _ = serde_json::from_str::<NewSpot>(text);
    let _ = serde_json::from_str::<SpotPatch>(text);
    let _ = serde_json::from_str::<LoginRequest>(text);
    let _ = serde_json::from_str::<PublicStatusQuery>(text);
    let _ = serde_json::from_str::<FactsQuery>(text);
}

/// Arbitrary JSON, nested a few levels.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| json!(f)),
        ".{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(".{0,10}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Field names the request types know, so generated objects reach the field parsers.
const KEYS: &[&str] = &[
    "service_code",
    "kind",
    "channel",
    "topic",
    "description",
    "customer_phone",
    "customer_name",
    "address_string",
    "lat",
    "long",
    "segment",
    "lifetime_value",
    "line",
    "fields",
    "incident_id",
    "spot_id",
    "status",
    "status_notes",
    "agency_responsible",
    "planned_at",
    "text",
    "title",
    "area",
    "service_codes",
    "owner_group",
    "cause",
    "public_note",
    "expected_resolution",
    "informed_units",
    "key",
    "outline",
    "technology",
    "priority",
    "group",
    "ticket_ids",
    "expected_fix",
    "username",
    "password",
    "from",
    "to",
    "address",
    "ring",
    "limit",
    "cursor",
    "sort",
    "q",
    "overdue",
];

/// Objects with known keys and arbitrary values.
fn near_valid() -> impl Strategy<Value = Value> {
    prop::collection::btree_map(prop::sample::select(KEYS), any_json(), 0..10)
        .prop_map(|m| Value::Object(m.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()))
}

/// A small valid facts body.
fn sample_facts() -> Vec<u8> {
    let mut facts = TicketFacts::default();
    for i in 0..5u32 {
        facts.push(TicketFact {
            id: i + 1,
            created: 1_700_000_000 + i64::from(i),
            resolved: (i % 2 == 0).then_some(1_700_100_000),
            deadline: 1_700_200_000,
            lat: 59.9,
            long: 30.3,
            service: format!("svc{i}"),
            topic: "topic".into(),
            group: "group".into(),
            line: 1,
            status: TicketStatus::New,
            kind: TicketKind::Incident,
            channel: Channel::Phone,
            segment: None,
            lifetime_value: Some(1.5),
            rating: None,
            transferred: i == 3,
            known_problem: false,
            customer: u64::from(i) * 7,
            incident: None,
            spot: Some(i),
        });
    }
    facts.encode().expect("encodes")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn request_types_survive_arbitrary_text(text in ".{0,200}") {
        parse_all(&text);
    }

    #[test]
    fn request_types_survive_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        parse_all(&String::from_utf8_lossy(&bytes));
        let _ = serde_json::from_slice::<NewTicket>(&bytes);
    }

    #[test]
    fn request_types_survive_arbitrary_json(v in any_json()) {
        parse_all(&v.to_string());
    }

    #[test]
    fn request_types_survive_near_valid_objects(v in near_valid()) {
        parse_all(&v.to_string());
    }

    #[test]
    fn facts_decode_survives_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let _ = TicketFacts::decode(&bytes);
        let mut framed = b"SDTF\x01".to_vec();
        framed.extend_from_slice(&bytes);
        let _ = TicketFacts::decode(&framed);
    }

    #[test]
    fn facts_decode_survives_mutations(
        flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in any::<prop::sample::Index>(),
    ) {
        let mut bytes = sample_facts();
        for (at, value) in &flips {
            let i = at.index(bytes.len());
            bytes[i] = *value;
        }
        if let Ok(decoded) = TicketFacts::decode(&bytes) {
            // Whatever decodes must be readable row by row.
            for i in 0..decoded.len() {
                prop_assert!(decoded.row(i).is_some());
            }
        }
        let _ = TicketFacts::decode(&bytes[..cut.index(bytes.len())]);
    }
}
