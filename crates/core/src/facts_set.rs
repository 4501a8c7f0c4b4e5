//! Complaints out of the bulk ticket facts (`GET /tickets/facts`): the input of clustering,
//! heat and spot detection in the SPA.

use crate::complaint::{segment_code, ComplaintSet, RawComplaint};
use spotdesk_api::facts::TicketFacts;

/// The complaints among `facts` whose service code `keep_service` accepts (for spots: the
/// network-quality services), in input order. Customers are already hashed in the facts.
pub fn complaints_from_facts(
    facts: &TicketFacts,
    mut keep_service: impl FnMut(&str) -> bool,
) -> ComplaintSet {
    let mut set = ComplaintSet::with_capacity(facts.len());
    let keep: Vec<bool> = facts.services.iter().map(|s| keep_service(s)).collect();
    let services: Vec<u16> = facts
        .services
        .iter()
        .map(|s| set.intern_service(s))
        .collect();
    let topics: Vec<u16> = facts.topics.iter().map(|t| set.intern_topic(t)).collect();
    for i in 0..facts.len() {
        let s = usize::from(facts.service[i]);
        if !keep.get(s).copied().unwrap_or(false) {
            continue;
        }
        set.push_raw(RawComplaint {
            id: i64::from(facts.id[i]),
            lat: facts.lat[i],
            long: facts.long[i],
            time: facts.created[i],
            customer: facts.customer[i],
            topic: topics
                .get(usize::from(facts.topic[i]))
                .copied()
                .unwrap_or(0),
            service: services.get(s).copied().unwrap_or(0),
            segment: segment_code(facts.segment[i]),
            value: facts.lifetime_value[i].unwrap_or(0.0),
        });
    }
    set
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::complaint::{customer_hash, ComplaintRecord};
    use proptest::prelude::*;
    use spotdesk_api::facts::TicketFact;
    use spotdesk_api::{Channel, Segment, TicketKind, TicketStatus};

    fn fact(id: u32, service: &str, topic: &str, phone: &str, lat: f32) -> TicketFact {
        TicketFact {
            id,
            created: 1_700_000_000 + i64::from(id),
            resolved: None,
            deadline: 1_700_100_000,
            lat,
            long: 44.0,
            service: service.into(),
            topic: topic.into(),
            group: "g".into(),
            line: 1,
            status: TicketStatus::New,
            kind: TicketKind::Incident,
            channel: Channel::Phone,
            segment: Some(Segment::Business),
            lifetime_value: Some(1200.0),
            rating: None,
            transferred: false,
            known_problem: false,
            customer: customer_hash(phone),
            incident: None,
            spot: None,
        }
    }

    #[test]
    fn keeps_the_chosen_services_with_the_same_values_as_records() {
        let mut facts = TicketFacts::default();
        facts.push(fact(1, "mobile-data", "slow-data", "+7 900 1", 56.1));
        facts.push(fact(2, "billing", "invoice", "+7 900 2", 56.2));
        facts.push(fact(3, "mobile-voice", "weak-signal", "+7 900 1", 56.3));
        let set = complaints_from_facts(&facts, |s| s.starts_with("mobile"));
        assert_eq!(set.ticket_id(), &[1, 3]);
        let mut direct = ComplaintSet::new();
        for (id, service, topic, lat) in [
            (1, "mobile-data", "slow-data", 56.1),
            (3, "mobile-voice", "weak-signal", 56.3),
        ] {
            direct.push(&ComplaintRecord {
                id,
                lat: f64::from(lat as f32),
                long: 44.0,
                time: 1_700_000_000 + id,
                customer: "+7 900 1",
                service,
                topic,
                segment: Some(Segment::Business),
                lifetime_value: Some(1200.0),
            });
        }
        for i in 0..2 {
            let (a, b) = (set.get(i).expect("kept"), direct.get(i).expect("pushed"));
            assert_eq!(
                (a.id, a.customer, a.segment, a.time),
                (b.id, b.customer, b.segment, b.time)
            );
            assert_eq!(set.topics().name(a.topic), direct.topics().name(b.topic));
        }
    }

    proptest! {
        #[test]
        fn keeping_everything_keeps_every_row(n in 0usize..50) {
            let mut facts = TicketFacts::default();
            for i in 0..n {
                facts.push(fact(i as u32, if i % 2 == 0 { "a" } else { "b" }, "t", "p", 56.0));
            }
            prop_assert_eq!(complaints_from_facts(&facts, |_| true).len(), n);
            prop_assert_eq!(complaints_from_facts(&facts, |s| s == "a").len(), n.div_ceil(2));
        }
    }
}
