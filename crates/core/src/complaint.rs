//! A compact, column-oriented set of complaints for aggregation and detection.
//!
//! [`ComplaintSet`] keeps one flat array per attribute ("struct of arrays"): about 40 bytes
//! per complaint and no per-complaint heap allocation, so a million complaints fit in about
//! 40 MB and scans touch only the columns they need. Topic and service codes are interned to
//! `u16` ids ([`Interner`]); customers are reduced to a 64-bit hash of their phone digits.

use spotdesk_api::{Segment, Ticket};
use std::collections::BTreeMap;

/// Segment code stored in [`ComplaintSet::segment`] when the segment is unknown.
pub const SEGMENT_UNKNOWN: u8 = 0;
/// Segment code of the mass market.
pub const SEGMENT_MASS: u8 = 1;
/// Segment code of business customers.
pub const SEGMENT_BUSINESS: u8 = 2;
/// Segment code of VIP customers.
pub const SEGMENT_VIP: u8 = 3;

/// The compact code of a market segment (`None` → [`SEGMENT_UNKNOWN`]).
pub fn segment_code(s: Option<Segment>) -> u8 {
    match s {
        None => SEGMENT_UNKNOWN,
        Some(Segment::Mass) => SEGMENT_MASS,
        Some(Segment::Business) => SEGMENT_BUSINESS,
        Some(Segment::Vip) => SEGMENT_VIP,
    }
}

/// 64-bit FNV-1a hash of bytes: stable across platforms and versions (used for customer
/// hashes and deterministic keys).
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Hash identifying a customer: FNV-1a of the digits of the phone number (or of the whole
/// text when it has no digits), so `+7 (900) 123-45-67` and `+79001234567` are one customer.
pub fn customer_hash(phone: &str) -> u64 {
    let digits: Vec<u8> = phone.bytes().filter(u8::is_ascii_digit).collect();
    if digits.is_empty() {
        fnv1a64(phone.trim().as_bytes())
    } else {
        fnv1a64(&digits)
    }
}

/// Maps strings (topic or service codes) to dense `u16` ids in order of first appearance.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Interner {
    names: Vec<String>,
    ids: BTreeMap<String, u16>,
}

impl Interner {
    /// The id of `name`, adding it if new. Past 65 535 distinct names every further name
    /// shares the last id (a catalogue never has that many topics).
    pub fn intern(&mut self, name: &str) -> u16 {
        if let Some(&id) = self.ids.get(name) {
            return id;
        }
        let Ok(id) = u16::try_from(self.names.len()) else {
            return u16::MAX;
        };
        self.names.push(name.to_string());
        self.ids.insert(name.to_string(), id);
        id
    }

    /// The id of `name`, if interned.
    pub fn get(&self, name: &str) -> Option<u16> {
        self.ids.get(name).copied()
    }

    /// The name of an id (`""` for an unknown id).
    pub fn name(&self, id: u16) -> &str {
        self.names.get(usize::from(id)).map_or("", String::as_str)
    }

    /// Number of distinct names.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Whether nothing was interned yet.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

/// One complaint as plain values, the input of [`ComplaintSet::push`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ComplaintRecord<'a> {
    /// Ticket id.
    pub id: i64,
    /// Latitude, WGS84 degrees.
    pub lat: f64,
    /// Longitude, WGS84 degrees.
    pub long: f64,
    /// Creation time, Unix seconds.
    pub time: i64,
    /// Customer identity (a phone number; hashed with [`customer_hash`]).
    pub customer: &'a str,
    /// Service code, e.g. `mobile-data`.
    pub service: &'a str,
    /// Topic code, e.g. `weak-signal`.
    pub topic: &'a str,
    /// Market segment, if known.
    pub segment: Option<Segment>,
    /// Customer lifetime value, if known.
    pub lifetime_value: Option<f64>,
}

impl<'a> ComplaintRecord<'a> {
    /// The record of a ticket.
    pub fn from_ticket(t: &'a Ticket) -> Self {
        Self {
            id: t.id.0,
            lat: t.lat,
            long: t.long,
            time: t.created_at.timestamp(),
            customer: &t.customer_phone,
            service: &t.service_code,
            topic: &t.topic,
            segment: t.segment,
            lifetime_value: t.lifetime_value,
        }
    }
}

/// Complaints as parallel columns; index `i` of every column describes complaint `i`.
///
/// Coordinates are `f32` (about 0.5 m resolution at city latitudes, plenty for 250 m cells
/// and map pixels). Points with non-finite coordinates are kept (detection and clustering
/// skip them) so indices always match the input.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ComplaintSet {
    lat: Vec<f32>,
    long: Vec<f32>,
    time: Vec<i64>,
    customer: Vec<u64>,
    topic: Vec<u16>,
    service: Vec<u16>,
    segment: Vec<u8>,
    value: Vec<f32>,
    id: Vec<i64>,
    topics: Interner,
    services: Interner,
}

impl ComplaintSet {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty set with room for `n` complaints.
    pub fn with_capacity(n: usize) -> Self {
        Self {
            lat: Vec::with_capacity(n),
            long: Vec::with_capacity(n),
            time: Vec::with_capacity(n),
            customer: Vec::with_capacity(n),
            topic: Vec::with_capacity(n),
            service: Vec::with_capacity(n),
            segment: Vec::with_capacity(n),
            value: Vec::with_capacity(n),
            id: Vec::with_capacity(n),
            ..Self::default()
        }
    }

    /// The set of the tickets accepted by `keep`, in input order. For spots pass a predicate
    /// that keeps tickets of services with `network_quality` (see [`network_quality_filter`]).
    pub fn from_tickets(tickets: &[Ticket], mut keep: impl FnMut(&Ticket) -> bool) -> Self {
        let mut set = Self::with_capacity(tickets.len());
        for t in tickets.iter().filter(|t| keep(t)) {
            set.push(&ComplaintRecord::from_ticket(t));
        }
        set
    }

    /// Appends one complaint; returns its index.
    pub fn push(&mut self, r: &ComplaintRecord<'_>) -> usize {
        let topic = self.topics.intern(r.topic);
        let service = self.services.intern(r.service);
        self.push_raw(RawComplaint {
            id: r.id,
            lat: r.lat as f32,
            long: r.long as f32,
            time: r.time,
            customer: customer_hash(r.customer),
            topic,
            service,
            segment: segment_code(r.segment),
            value: r.lifetime_value.unwrap_or(0.0) as f32,
        })
    }

    /// Appends one complaint whose strings are already interned in this set.
    pub fn push_raw(&mut self, c: RawComplaint) -> usize {
        self.lat.push(c.lat);
        self.long.push(c.long);
        self.time.push(c.time);
        self.customer.push(c.customer);
        self.topic.push(c.topic);
        self.service.push(c.service);
        self.segment.push(c.segment);
        self.value
            .push(if c.value.is_finite() { c.value } else { 0.0 });
        self.id.push(c.id);
        self.id.len() - 1
    }

    /// Complaint `i` as plain values (`None` past the end).
    pub fn get(&self, i: usize) -> Option<RawComplaint> {
        Some(RawComplaint {
            id: *self.id.get(i)?,
            lat: self.lat[i],
            long: self.long[i],
            time: self.time[i],
            customer: self.customer[i],
            topic: self.topic[i],
            service: self.service[i],
            segment: self.segment[i],
            value: self.value[i],
        })
    }

    /// Number of complaints.
    pub fn len(&self) -> usize {
        self.id.len()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.id.is_empty()
    }

    /// Latitudes.
    pub fn lat(&self) -> &[f32] {
        &self.lat
    }
    /// Longitudes.
    pub fn long(&self) -> &[f32] {
        &self.long
    }
    /// Creation times, Unix seconds.
    pub fn time(&self) -> &[i64] {
        &self.time
    }
    /// Customer hashes ([`customer_hash`]).
    pub fn customer(&self) -> &[u64] {
        &self.customer
    }
    /// Topic ids (names via [`ComplaintSet::topics`]).
    pub fn topic(&self) -> &[u16] {
        &self.topic
    }
    /// Service ids (names via [`ComplaintSet::services`]).
    pub fn service(&self) -> &[u16] {
        &self.service
    }
    /// Segment codes ([`SEGMENT_UNKNOWN`], [`SEGMENT_MASS`], ...).
    pub fn segment(&self) -> &[u8] {
        &self.segment
    }
    /// Customer lifetime values (0 when unknown).
    pub fn lifetime_value(&self) -> &[f32] {
        &self.value
    }
    /// Ticket ids.
    pub fn ticket_id(&self) -> &[i64] {
        &self.id
    }
    /// The topic interner.
    pub fn topics(&self) -> &Interner {
        &self.topics
    }
    /// The service interner.
    pub fn services(&self) -> &Interner {
        &self.services
    }
    /// Interns a topic name in this set (for [`ComplaintSet::push_raw`]).
    pub fn intern_topic(&mut self, name: &str) -> u16 {
        self.topics.intern(name)
    }
    /// Interns a service code in this set (for [`ComplaintSet::push_raw`]).
    pub fn intern_service(&mut self, name: &str) -> u16 {
        self.services.intern(name)
    }

    /// Whether the times are non-decreasing (detectors' streaming cursors rely on it).
    pub fn is_time_sorted(&self) -> bool {
        self.time.windows(2).all(|w| w[0] <= w[1])
    }

    /// Indices `[lo, hi)` of the complaints with `from <= time < to`; the set must be time
    /// sorted ([`ComplaintSet::is_time_sorted`]).
    pub fn time_range(&self, from: i64, to: i64) -> (usize, usize) {
        let lo = self.time.partition_point(|&t| t < from);
        let hi = self.time.partition_point(|&t| t < to).max(lo);
        (lo, hi)
    }

    /// A copy ordered by time (stable: equal times keep their order), interners kept.
    pub fn sorted_by_time(&self) -> Self {
        let mut order: Vec<u32> = (0..self.len() as u32).collect();
        // std's sort on purpose: hot, a large column (STD_SORT_ALLOWED in tests/tidy.rs).
        #[allow(clippy::disallowed_methods)]
        order.sort_by_key(|&i| self.time[i as usize]);
        let mut out = Self::with_capacity(self.len());
        out.topics = self.topics.clone();
        out.services = self.services.clone();
        for i in order {
            if let Some(c) = self.get(i as usize) {
                out.push_raw(c);
            }
        }
        out
    }
}

/// One complaint with interned ids, as stored in a [`ComplaintSet`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RawComplaint {
    /// Ticket id.
    pub id: i64,
    /// Latitude.
    pub lat: f32,
    /// Longitude.
    pub long: f32,
    /// Creation time, Unix seconds.
    pub time: i64,
    /// Customer hash.
    pub customer: u64,
    /// Topic id in the owning set.
    pub topic: u16,
    /// Service id in the owning set.
    pub service: u16,
    /// Segment code.
    pub segment: u8,
    /// Lifetime value (0 when unknown).
    pub value: f32,
}

/// A ticket predicate keeping the services whose code is in `network_quality_codes` (take
/// them from the catalogue: services with `network_quality == true`).
pub fn network_quality_filter(network_quality_codes: &[String]) -> impl Fn(&Ticket) -> bool + '_ {
    move |t: &Ticket| network_quality_codes.contains(&t.service_code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec<'a>(id: i64, topic: &'a str, service: &'a str, phone: &'a str) -> ComplaintRecord<'a> {
        ComplaintRecord {
            id,
            lat: 56.3,
            long: 44.0,
            time: id * 10,
            customer: phone,
            service,
            topic,
            segment: Some(Segment::Business),
            lifetime_value: Some(1000.0),
        }
    }

    #[test]
    fn push_interns_and_hashes() {
        let mut s = ComplaintSet::new();
        s.push(&rec(1, "weak-signal", "mobile-voice", "+7 (900) 123-45-67"));
        s.push(&rec(2, "no-data", "mobile-data", "+79001234567"));
        s.push(&rec(3, "weak-signal", "mobile-data", "8 900 000"));
        assert_eq!(s.len(), 3);
        assert_eq!(s.topic(), &[0, 1, 0]);
        assert_eq!(s.service(), &[0, 1, 1]);
        assert_eq!(s.topics().name(1), "no-data");
        assert_eq!(s.customer()[0], s.customer()[1]);
        assert_ne!(s.customer()[0], s.customer()[2]);
        assert_eq!(s.segment(), &[SEGMENT_BUSINESS; 3]);
        assert_eq!(s.time_range(10, 30), (0, 2));
        assert!(s.is_time_sorted());
    }

    #[test]
    fn sorted_by_time_keeps_interners() {
        let mut s = ComplaintSet::new();
        let mut a = rec(5, "x", "y", "1");
        a.time = 50;
        let mut b = rec(1, "z", "y", "2");
        b.time = 10;
        s.push(&a);
        s.push(&b);
        let t = s.sorted_by_time();
        assert_eq!(t.ticket_id(), &[1, 5]);
        assert_eq!(t.topics().name(t.topic()[0]), "z");
    }

    #[test]
    fn fnv_is_stable() {
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
