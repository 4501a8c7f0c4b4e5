//! A deterministic synthetic quarter (90 days) of tickets, incidents and spots, so the native
//! example and the wasm benchmark page time the dashboard on the same data.

use super::{Filter, IncidentFact, Params, SpotFact, DAY};
use spotdesk_api::facts::TicketFacts;
use spotdesk_api::{Channel, Segment, TicketKind, TicketStatus};

/// A small deterministic generator (xorshift), so runs are comparable.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// The generated data and the parameters of one dashboard over it.
pub struct Synthetic {
    pub tickets: TicketFacts,
    pub incidents: Vec<IncidentFact>,
    pub spots: Vec<SpotFact>,
    pub params: Params,
}

/// `n` tickets over 90 days (30 services, 12 groups, sorted by registration as the server
/// sends them), 200 incidents and 100 spots; the same `n` always gives the same data.
pub fn synthetic(n: usize) -> Synthetic {
    let from = 1_793_577_600i64;
    let days = 90;
    let now = from + days * DAY;
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let mut f = TicketFacts {
        services: (0..30).map(|i| format!("service-{i}")).collect(),
        topics: vec!["t".into()],
        groups: (0..12).map(|i| format!("group-{i}")).collect(),
        ..Default::default()
    };
    // Tickets arrive in registration order, as the server sends them.
    let mut times: Vec<i64> = (0..n)
        .map(|_| from + rng.below((days * DAY) as u64) as i64)
        .collect();
    times.sort_unstable();
    for (i, &created) in times.iter().enumerate() {
        let resolved = (rng.below(10) < 8).then(|| created + rng.below(5 * DAY as u64) as i64);
        f.id.push(i as u32 + 1);
        f.created.push(created);
        f.resolved.push(resolved);
        f.deadline
            .push(created + 8 * 3600 + rng.below(2 * DAY as u64) as i64);
        f.lat.push(55.7);
        f.long.push(37.6);
        f.service.push(rng.below(30) as u16);
        f.topic.push(0);
        f.group.push(rng.below(12) as u16);
        f.line.push(1 + rng.below(3) as u8);
        f.status.push(if resolved.is_some() {
            TicketStatus::Resolved
        } else {
            TicketStatus::InWork
        });
        f.kind.push(TicketKind::Incident);
        f.channel.push(Channel::Phone);
        f.segment.push(Some(Segment::Mass));
        f.lifetime_value.push(None);
        f.rating
            .push((rng.below(4) == 0).then(|| 1 + rng.below(5) as u8));
        f.transferred.push(rng.below(10) == 0);
        f.known_problem.push(rng.below(7) == 0);
        f.customer
            .push(rng.below(n as u64 * 2 / 3).wrapping_mul(0x9E37_79B9));
        f.incident
            .push((rng.below(20) == 0).then(|| 1 + rng.below(200) as u32));
        f.spot.push(None);
    }
    let incidents: Vec<IncidentFact> = (1..=200)
        .map(|id| {
            let registered = from + rng.below((days * DAY) as u64) as i64;
            IncidentFact {
                id,
                registered,
                resolved: Some(registered + rng.below(DAY as u64) as i64),
                affected_customers: rng.below(5000) as u32,
            }
        })
        .collect();
    let spots: Vec<SpotFact> = (0..100u32)
        .map(|id| {
            let registered = from + rng.below((days * DAY) as u64) as i64;
            SpotFact {
                id: id + 1,
                registered,
                resolved: Some(registered + rng.below(3 * DAY as u64) as i64),
            }
        })
        .collect();
    let params = Params {
        from,
        to: now,
        utc_offset: 3 * 3600,
        now,
        filter: Filter::default(),
        window_hours: 6,
    };
    Synthetic {
        tickets: f,
        incidents,
        spots,
        params,
    }
}
