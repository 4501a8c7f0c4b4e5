//! Ticket generation: background contacts following the daily and weekly rhythm, plus the
//! planned hotspots and bursts, each with a status that fits its age.

use crate::labels::Plan;
use crate::names::{full_name, PhoneBook};
use crate::rhythm::{cumulative, log_normal, pick_cumulative, poisson, weighted_index, Rhythm};
use crate::texts::{description, field_values};
use crate::{DemoEvent, DemoTicket};
use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use spotdesk_api::{Catalogue, Channel, NewTicket, Segment, Service, TicketKind, TicketStatus};
use spotdesk_core::gazetteer::Address;
use spotdesk_core::routing::route;
use spotdesk_core::sla::{deadline, find_policy, BusinessCalendar};

/// Relative frequency of each service among ordinary contacts, and the share of incidents.
const SERVICE_MIX: &[(&str, f64, f64)] = &[
    ("mobile-voice", 110.0, 0.9),
    ("mobile-data", 150.0, 0.9),
    ("sms", 30.0, 0.8),
    ("coverage-complaint", 60.0, 0.95),
    ("home-internet", 120.0, 0.75),
    ("iptv", 45.0, 0.8),
    ("landline", 15.0, 0.8),
    ("roaming", 30.0, 0.5),
    ("billing-dispute", 90.0, 0.3),
    ("payment-not-credited", 60.0, 0.6),
    ("content-subscriptions", 45.0, 0.3),
    ("tariff-change", 80.0, 0.05),
    ("sim-replacement", 35.0, 0.15),
    ("number-porting", 20.0, 0.3),
    ("device-repair", 30.0, 0.4),
    ("dealer-issue", 15.0, 0.5),
    ("lottery-prize", 10.0, 0.3),
    ("business-vpn", 15.0, 0.8),
    ("vip-concierge", 10.0, 0.2),
    ("account-access", 40.0, 0.6),
    ("number-block", 20.0, 0.1),
];

/// Share of ordinary contacts made by a customer who has been in touch before.
const REPEAT_SHARE: f64 = 0.2;

/// A customer of the operator.
#[derive(Debug, Clone)]
struct Customer {
    phone: String,
    name: Option<String>,
    segment: Segment,
    lifetime_value: f64,
    address: usize,
}

/// Where a ticket comes from, deciding its status.
#[derive(Clone, Copy)]
enum Origin {
    /// An ordinary contact.
    Background,
    /// Part of a hotspot or burst whose cause is fixed at this instant.
    Event(DateTime<Utc>, DemoEvent),
}

/// The generator's state.
pub struct Generator<'a> {
    cat: &'a Catalogue,
    addrs: &'a [Address],
    addr_cum: &'a [f64],
    rhythm: Rhythm,
    calendar: BusinessCalendar,
    customers: Vec<Customer>,
    by_segment: [Vec<usize>; 3],
    phones: PhoneBook,
    now: DateTime<Utc>,
    /// Tickets made so far (unsorted).
    pub tickets: Vec<DemoTicket>,
}

fn segment_index(s: Segment) -> usize {
    match s {
        Segment::Mass => 0,
        Segment::Business => 1,
        Segment::Vip => 2,
    }
}

fn group_line(cat: &Catalogue, group: &str) -> u8 {
    cat.groups
        .iter()
        .find(|g| g.code == group)
        .map_or(1, |g| g.line)
}

impl<'a> Generator<'a> {
    /// A generator over the catalogue and the city's addresses (with their pick weights).
    pub fn new(
        cat: &'a Catalogue,
        addrs: &'a [Address],
        addr_cum: &'a [f64],
        now: DateTime<Utc>,
    ) -> Self {
        Self {
            cat,
            addrs,
            addr_cum,
            rhythm: Rhythm::new(&cat.holidays),
            calendar: BusinessCalendar::from_catalogue(cat),
            customers: Vec::new(),
            by_segment: Default::default(),
            phones: PhoneBook::default(),
            now,
            tickets: Vec::new(),
        }
    }

    fn service(&self, code: &str) -> Option<&'a Service> {
        self.cat.services.iter().find(|s| s.code == code)
    }

    /// A new customer of a segment living at `address`.
    fn new_customer(&mut self, rng: &mut ChaCha8Rng, segment: Segment, address: usize) -> usize {
        let lifetime_value = match segment {
            Segment::Mass => log_normal(rng, 9_000.0, 0.8).clamp(300.0, 200_000.0),
            Segment::Business => log_normal(rng, 90_000.0, 0.9).clamp(5_000.0, 5_000_000.0),
            Segment::Vip => log_normal(rng, 400_000.0, 0.6).clamp(100_000.0, 20_000_000.0),
        };
        let c = Customer {
            phone: self.phones.fresh(rng),
            name: rng.gen_bool(0.92).then(|| full_name(rng)),
            segment,
            lifetime_value: (lifetime_value / 10.0).round() * 10.0,
            address,
        };
        self.customers.push(c);
        let i = self.customers.len() - 1;
        self.by_segment[segment_index(segment)].push(i);
        i
    }

    fn segment_for(rng: &mut ChaCha8Rng, service: &str) -> Segment {
        match service {
            "vip-concierge" => Segment::Vip,
            "business-vpn" => Segment::Business,
            _ => match rng.gen_range(0..100) {
                0..=84 => Segment::Mass,
                85..=96 => Segment::Business,
                _ => Segment::Vip,
            },
        }
    }

    fn channel_for(rng: &mut ChaCha8Rng, service: &str, allow_partner: bool) -> Channel {
        // Phone, Email, Office, Social, Partner.
        let mut w: [f64; 5] = match service {
            "dealer-issue" => [40.0, 10.0, 5.0, 5.0, 40.0],
            "vip-concierge" => [70.0, 30.0, 0.0, 0.0, 0.0],
            "business-vpn" => [50.0, 45.0, 5.0, 0.0, 0.0],
            "sim-replacement" | "device-repair" => [40.0, 5.0, 45.0, 5.0, 5.0],
            _ => [62.0, 9.0, 12.0, 15.0, 2.0],
        };
        if !allow_partner {
            w[4] = 0.0;
        }
        Channel::ALL[weighted_index(rng, &w)]
    }

    /// Builds one ticket and its status. `customer`: an existing customer index or none.
    #[allow(clippy::too_many_arguments)]
    fn make(
        &mut self,
        rng: &mut ChaCha8Rng,
        service: &'a Service,
        kind: TicketKind,
        topic: &str,
        channel: Channel,
        customer: usize,
        address: usize,
        created_at: DateTime<Utc>,
        origin: Origin,
    ) {
        let addr = &self.addrs[address];
        let address_string = addr.address_string();
        let topic_ru = service
            .topics
            .iter()
            .find(|t| t.value == topic)
            .map_or(topic, |t| t.label.ru.as_str());
        let fields = field_values(service, rng, created_at, &address_string);
        let requested = group_line(self.cat, &service.default_group);
        let segment = Some(self.customers[customer].segment);
        let routed = route(
            self.cat,
            &service.code,
            channel,
            kind,
            segment,
            Some(requested),
        );
        let (reg_line, registered_group) = routed
            .map_or((requested, service.default_group.clone()), |r| {
                (r.line, r.group)
            });
        let (mut line, mut group) = (reg_line, registered_group.clone());
        // Some second-line incidents are escalated to the third line.
        if line == 2 && kind == TicketKind::Incident && rng.gen_bool(0.08) {
            let l3 = match service.group.as_str() {
                "network" | "home" | "business" | "mobile" => Some("line3-infrastructure"),
                "billing" | "digital" | "services" | "devices" => Some("line3-it"),
                _ => None,
            };
            if let Some(g) = l3 {
                line = 3;
                group = g.to_string();
            }
        }
        let c = &self.customers[customer];
        let ticket = NewTicket {
            service_code: service.code.clone(),
            kind: Some(kind),
            channel: Some(channel),
            topic: topic.to_string(),
            description: description(&service.code, topic_ru, rng),
            customer_phone: c.phone.clone(),
            customer_name: c.name.clone(),
            address_string,
            lat: Some(addr.lat),
            long: Some(addr.long),
            segment: Some(c.segment),
            lifetime_value: Some(c.lifetime_value),
            line: Some(reg_line),
            fields,
            incident_id: None,
            spot_id: None,
        };
        let (status, resolved_at) = self.status(rng, service, kind, line, created_at, origin);
        self.tickets.push(DemoTicket {
            ticket,
            created_at,
            status,
            resolved_at,
            line,
            group,
            registered_group,
            event: match origin {
                Origin::Event(_, e) => Some(e),
                Origin::Background => None,
            },
        });
    }

    /// Status and resolution time of a ticket created at `created`, judged at `now`.
    fn status(
        &self,
        rng: &mut ChaCha8Rng,
        service: &Service,
        kind: TicketKind,
        line: u8,
        created: DateTime<Utc>,
        origin: Origin,
    ) -> (TicketStatus, Option<DateTime<Utc>>) {
        let sla = find_policy(service, kind, line)
            .and_then(|p| deadline(created, p, &self.calendar))
            .map_or(Duration::hours(24), |d| d - created)
            .max(Duration::minutes(30));
        let resolve_at = match origin {
            Origin::Event(fix, _) => fix.max(created) + Duration::minutes(rng.gen_range(5..150)),
            Origin::Background => {
                let u: f64 = rng.gen();
                // Most work finishes within the SLA, some late, a few get stuck for long.
                let factor = if u < 0.78 {
                    rng.gen_range(0.05..0.9)
                } else if u < 0.93 {
                    rng.gen_range(0.9..1.5)
                } else if u < 0.99 {
                    rng.gen_range(1.5..4.0)
                } else {
                    rng.gen_range(4.0..20.0)
                };
                created
                    + Duration::seconds((sla.num_seconds() as f64 * factor) as i64)
                        .max(Duration::minutes(5))
            }
        };
        if resolve_at <= self.now {
            if self.now - resolve_at < Duration::days(10) && rng.gen_bool(0.01) {
                return (TicketStatus::Reopened, None);
            }
            let status = if self.now - resolve_at > Duration::days(3) && rng.gen_bool(0.85) {
                TicketStatus::Closed
            } else {
                TicketStatus::Resolved
            };
            return (status, Some(resolve_at));
        }
        let age = self.now - created;
        let status = if age < Duration::minutes(15) {
            TicketStatus::New
        } else if line == 3 && rng.gen_bool(0.5) {
            TicketStatus::Planned
        } else {
            match rng.gen_range(0..100) {
                0..=5 => TicketStatus::New,
                6..=19 => TicketStatus::Waiting,
                _ => TicketStatus::InWork,
            }
        };
        (status, None)
    }

    /// Ordinary contacts: about `count` tickets spread over `[start, now)` by the rhythm.
    pub fn background(&mut self, rng: &mut ChaCha8Rng, start: DateTime<Utc>, count: usize) {
        let hours = (self.now - start).num_hours().max(0);
        if hours == 0 || count == 0 {
            return;
        }
        let per_hour = count as f64 / hours as f64;
        let services: Vec<(&'a Service, f64)> = SERVICE_MIX
            .iter()
            .filter_map(|(code, _, inc)| self.service(code).map(|s| (s, *inc)))
            .collect();
        let weights: Vec<f64> = SERVICE_MIX
            .iter()
            .filter(|(code, _, _)| self.service(code).is_some())
            .map(|(_, w, _)| *w)
            .collect();
        if services.is_empty() {
            return;
        }
        for h in 0..hours {
            let slot = start + Duration::hours(h);
            let n = poisson(
                rng,
                per_hour * self.rhythm.rate(slot + Duration::minutes(30)),
            );
            for _ in 0..n {
                let created = slot + Duration::seconds(rng.gen_range(0..3600));
                if created >= self.now {
                    continue;
                }
                let (service, incident_share) = services[weighted_index(rng, &weights)];
                let kind = if rng.gen_bool(incident_share) {
                    TicketKind::Incident
                } else {
                    TicketKind::ServiceRequest
                };
                let topic_w: Vec<f64> = (0..service.topics.len())
                    .map(|i| 0.75f64.powi(i as i32))
                    .collect();
                let topic = service.topics[weighted_index(rng, &topic_w)].value.clone();
                let channel = Self::channel_for(rng, &service.code, true);
                let segment = Self::segment_for(rng, &service.code);
                let pool = &self.by_segment[segment_index(segment)];
                let customer = if !pool.is_empty() && rng.gen_bool(REPEAT_SHARE) {
                    pool[rng.gen_range(0..pool.len())]
                } else {
                    let a = pick_cumulative(rng, self.addr_cum);
                    self.new_customer(rng, segment, a)
                };
                let address = self.customers[customer].address;
                self.make(
                    rng,
                    service,
                    kind,
                    &topic,
                    channel,
                    customer,
                    address,
                    created,
                    Origin::Background,
                );
            }
        }
    }

    /// The planned hotspots and bursts; fills in each label's ticket count.
    pub fn events(&mut self, rng: &mut ChaCha8Rng, plan: &mut Plan) {
        for (hi, h) in plan.hotspots.iter_mut().enumerate() {
            let services: Vec<&'a Service> = self
                .cat
                .services
                .iter()
                .filter(|s| s.network_quality && s.topics.iter().any(|t| t.value == h.label.topic))
                .collect();
            if services.is_empty() || h.addresses.is_empty() {
                continue;
            }
            let mut made = 0;
            let mut local_customers: Vec<usize> = Vec::new();
            for _ in 0..h.count {
                let created = self.rhythm.sample(rng, h.label.start, h.label.end);
                let service = services[rng.gen_range(0..services.len())];
                let customer = if !local_customers.is_empty() && rng.gen_bool(0.12) {
                    local_customers[rng.gen_range(0..local_customers.len())]
                } else {
                    let a = h.addresses[rng.gen_range(0..h.addresses.len())];
                    let seg = Self::segment_for(rng, &service.code);
                    let c = self.new_customer(rng, seg, a);
                    local_customers.push(c);
                    c
                };
                let address = self.customers[customer].address;
                let channel = Self::channel_for(rng, &service.code, false);
                let topic = h.label.topic.clone();
                self.make(
                    rng,
                    service,
                    TicketKind::Incident,
                    &topic,
                    channel,
                    customer,
                    address,
                    created,
                    Origin::Event(h.fix_at, DemoEvent::Hotspot(hi)),
                );
                made += 1;
            }
            h.label.tickets = made;
        }
        for (bi, b) in plan.bursts.iter_mut().enumerate() {
            let Some(service) = self.service(&b.label.service_code) else {
                continue;
            };
            if b.addresses.is_empty() {
                continue;
            }
            let span = (b.label.end - b.label.start).num_seconds().max(1);
            let mut made = 0;
            for _ in 0..b.count {
                // Calls pile up soon after the outage starts, then tail off.
                let u: f64 = rng.gen();
                let created = b.label.start + Duration::seconds(((u * u) * span as f64) as i64);
                let a = b.addresses[rng.gen_range(0..b.addresses.len())];
                let seg = Self::segment_for(rng, &service.code);
                let customer = self.new_customer(rng, seg, a);
                let channel = Self::channel_for(rng, &service.code, false);
                let topic = b.label.topic.clone();
                self.make(
                    rng,
                    service,
                    TicketKind::Incident,
                    &topic,
                    channel,
                    customer,
                    a,
                    created,
                    Origin::Event(b.fix_at, DemoEvent::Burst(bi)),
                );
                made += 1;
            }
            b.label.tickets = made;
        }
    }
}

/// Address pick weights: denser towards the centre.
pub fn address_weights(addrs: &[Address], center: (f64, f64)) -> Vec<f64> {
    cumulative(addrs.iter().map(|a| {
        let d = spotdesk_core::geo::haversine_m(a.lat, a.long, center.0, center.1);
        (-d / 2_000.0).exp() + 0.1
    }))
}
