//! Demo complaints from the seeded generator, for trying the tool without a server.

use crate::input::Complaint;
use chrono::{DateTime, Utc};
use spotdesk_demo::{generate, DemoConfig, DemoData};

/// The complaints of generated demo data (every ticket; ids 1, 2, ... in time order).
pub fn complaints(data: &DemoData) -> Vec<Complaint> {
    data.tickets
        .iter()
        .enumerate()
        .filter_map(|(k, t)| {
            Some(Complaint {
                id: k as i64 + 1,
                lat: t.ticket.lat?,
                long: t.ticket.long?,
                created_at: t.created_at,
                customer: t.ticket.customer_phone.clone(),
                service_code: t.ticket.service_code.clone(),
                topic: t.ticket.topic.clone(),
                segment: t.ticket.segment,
                lifetime_value: t.ticket.lifetime_value,
            })
        })
        .collect()
}

/// Generates `days` days of demo data (200 tickets a day) ending at `now`.
pub fn generate_demo(seed: u64, days: u32, per_day: u32, now: DateTime<Utc>) -> DemoData {
    generate(&DemoConfig {
        seed,
        days,
        tickets_per_day: per_day,
        now,
    })
}

/// Codes of the services whose complaints count for spots, from the shipped catalogue.
pub fn network_quality_services() -> Vec<String> {
    spotdesk_demo::default_catalogue()
        .services
        .into_iter()
        .filter(|s| s.network_quality)
        .map(|s| s.code)
        .collect()
}
