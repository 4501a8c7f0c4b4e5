use super::*;
use proptest::prelude::*;

fn sample() -> TicketFacts {
    let mut f = TicketFacts::default();
    f.push(TicketFact {
        id: 7,
        created: 1_700_000_000,
        resolved: Some(1_700_003_600),
        deadline: 1_700_086_400,
        lat: 55.75,
        long: 37.61,
        service: "mobile-data".into(),
        topic: "weak-signal".into(),
        group: "radio".into(),
        line: 2,
        status: TicketStatus::Resolved,
        kind: TicketKind::Incident,
        channel: Channel::Partner,
        segment: Some(Segment::Vip),
        lifetime_value: Some(1234.5),
        rating: Some(4),
        transferred: true,
        known_problem: false,
        customer: 0xdead_beef_0000_0001,
        incident: Some(3),
        spot: None,
    });
    f.push(TicketFact {
        id: 8,
        created: 1_699_999_000,
        resolved: None,
        deadline: 1_700_000_500,
        lat: 55.70,
        long: 37.50,
        service: "home-internet".into(),
        topic: "weak-signal".into(),
        group: "radio".into(),
        line: 1,
        status: TicketStatus::New,
        kind: TicketKind::ServiceRequest,
        channel: Channel::Phone,
        segment: None,
        lifetime_value: None,
        rating: None,
        transferred: false,
        known_problem: true,
        customer: 42,
        incident: None,
        spot: Some(9),
    });
    f
}

#[test]
fn a_sample_survives_encoding_and_keeps_its_interned_tables() {
    let f = sample();
    assert_eq!(f.services, ["mobile-data", "home-internet"]);
    assert_eq!(f.topics, ["weak-signal"]);
    let bytes = f.encode().expect("encodes");
    assert_eq!(&bytes[..4], b"SDTF");
    let back = TicketFacts::decode(&bytes).expect("decodes");
    assert_eq!(back, f);
    assert_eq!(back.row(1).map(|r| r.spot), Some(Some(9)));
    assert_eq!(back.row(2), None);
}

#[test]
fn every_ticket_costs_57_bytes_after_the_header_and_tables() {
    let one = sample();
    let mut two = one.clone();
    for i in 0..2 {
        let row = one.row(i).expect("row");
        two.push(row);
    }
    let a = one.encode().expect("encodes").len();
    let b = two.encode().expect("encodes").len();
    assert_eq!(b - a, 2 * 57);
}

#[test]
fn every_truncation_is_an_error() {
    let bytes = sample().encode().expect("encodes");
    for cut in 0..bytes.len() {
        assert!(
            TicketFacts::decode(&bytes[..cut]).is_err(),
            "prefix of {cut} bytes decoded"
        );
    }
}

#[test]
fn trailing_bytes_wrong_magic_and_version_are_rejected() {
    let mut bytes = sample().encode().expect("encodes");
    bytes.push(0);
    assert_eq!(TicketFacts::decode(&bytes), Err(FactsError::TrailingBytes));
    bytes.pop();
    bytes[4] = 3;
    assert_eq!(
        TicketFacts::decode(&bytes),
        Err(FactsError::UnsupportedVersion(3))
    );
    bytes[0] = b'X';
    assert_eq!(TicketFacts::decode(&bytes), Err(FactsError::BadMagic));
}

#[test]
fn assignees_make_version_2_and_survive_encoding() {
    let plain = sample().encode().expect("encodes");
    assert_eq!(plain[4], 1, "no assignee column: version 1");
    let mut f = sample();
    f.push_assignee(Some((12, "Анна Смирнова")));
    f.push_assignee(None);
    let bytes = f.encode().expect("encodes");
    assert_eq!(bytes[4], 2);
    let name_len = "Анна Смирнова".len();
    assert_eq!(bytes.len(), plain.len() + 2 + 4 + 2 + name_len + 2 * 2);
    let back = TicketFacts::decode(&bytes).expect("decodes");
    assert_eq!(back, f);
    assert_eq!(
        back.assignee_of(0).map(|p| (p.id, p.name.as_str())),
        Some((12, "Анна Смирнова"))
    );
    assert_eq!(back.assignee_of(1), None);
    // The same person twice is one entry of the table.
    let mut g = sample();
    g.push_assignee(Some((12, "Анна Смирнова")));
    g.push_assignee(Some((12, "Анна Смирнова")));
    assert_eq!(g.people.len(), 1);
    // A version-1 body reads with no assignees.
    let old = TicketFacts::decode(&plain).expect("decodes");
    assert!(old.assignee.is_empty() && old.assignee_of(0).is_none());
    // Half a column does not encode; an index past the people table does not decode.
    let mut ragged = sample();
    ragged.push_assignee(None);
    assert_eq!(ragged.encode(), Err(FactsError::RaggedColumns));
    let mut bad = f.clone();
    bad.assignee[1] = Some(4);
    let bytes = bad.encode().expect("encodes");
    assert_eq!(
        TicketFacts::decode(&bytes),
        Err(FactsError::BadValue("assignee"))
    );
    // Every truncation of a version-2 body is an error too.
    let good = f.encode().expect("encodes");
    for len in 0..good.len() {
        assert!(TicketFacts::decode(&good[..len]).is_err(), "{len}");
    }
}

#[test]
fn an_index_past_its_table_is_rejected() {
    let mut f = sample();
    f.topic[0] = 5;
    let bytes = f.encode().expect("encodes");
    assert_eq!(
        TicketFacts::decode(&bytes),
        Err(FactsError::BadValue("topic"))
    );
}

#[test]
fn ragged_columns_do_not_encode() {
    let mut f = sample();
    f.lat.pop();
    assert_eq!(f.encode(), Err(FactsError::RaggedColumns));
}

#[test]
fn a_lying_ticket_count_does_not_allocate_or_panic() {
    let mut bytes = TicketFacts::default().encode().expect("encodes");
    bytes[5..9].copy_from_slice(&u32::MAX.to_le_bytes());
    assert_eq!(
        TicketFacts::decode(&bytes),
        Err(FactsError::Truncated("columns"))
    );
}

fn arb_fact() -> impl Strategy<Value = TicketFact> {
    (
        (
            any::<u32>(),
            0i64..4_000_000_000,
            proptest::option::of(0i64..100_000_000),
            0i64..100_000_000,
        ),
        (
            -90f32..90.0,
            -180f32..180.0,
            "[a-z]{1,6}",
            "[a-z]{1,6}",
            "[a-zа-я]{0,6}",
        ),
        (
            1u8..=3,
            0usize..7,
            any::<bool>(),
            0usize..5,
            proptest::option::of(0usize..3),
        ),
        (
            proptest::option::of(0f32..1e6),
            proptest::option::of(1u8..=5),
            any::<bool>(),
            any::<bool>(),
        ),
        (
            any::<u64>(),
            proptest::option::of(1u32..),
            proptest::option::of(1u32..),
        ),
    )
        .prop_map(
            |(
                (id, created, resolved_after, deadline_after),
                (lat, long, service, topic, group),
                (line, status, incident_kind, channel, segment),
                (lifetime_value, rating, transferred, known_problem),
                (customer, incident, spot),
            )| TicketFact {
                id,
                created,
                resolved: resolved_after.map(|d| created + d),
                deadline: created + deadline_after,
                lat,
                long,
                service,
                topic,
                group,
                line,
                status: TicketStatus::ALL[status],
                kind: if incident_kind {
                    TicketKind::Incident
                } else {
                    TicketKind::ServiceRequest
                },
                channel: Channel::ALL[channel],
                segment: segment.map(|s| Segment::ALL[s]),
                lifetime_value,
                rating,
                transferred,
                known_problem,
                customer,
                incident,
                spot,
            },
        )
}

proptest! {
    #[test]
    fn any_facts_round_trip(rows in proptest::collection::vec(arb_fact(), 0..40)) {
        let mut f = TicketFacts::default();
        for r in rows {
            f.push(r);
        }
        let bytes = f.encode().expect("encodes");
        prop_assert_eq!(TicketFacts::decode(&bytes).expect("decodes"), f);
    }

    #[test]
    fn arbitrary_bytes_never_panic(mut bytes in proptest::collection::vec(any::<u8>(), 0..400), prefix in any::<bool>()) {
        if prefix {
            bytes.splice(0..0, b"SDTF\x01".iter().copied());
        }
        let _ = TicketFacts::decode(&bytes);
    }
}
