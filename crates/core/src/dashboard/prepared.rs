//! The ticket facts prepared once for the dashboard ([`Prepared`]): what [`super::compute`]
//! reads on every filter or period change, in compact columns (33 bytes per ticket, and 16
//! more per resolved ticket for the percentiles' lists; the facts take 57).
//!
//! The preparation is paid once when the facts arrive (and per appended ticket after that);
//! every recomputation then reads only these columns:
//! - times are `u32` seconds after [`Prepared::base`] (the earliest time of any loaded ticket),
//!   as the wire format sends them (`spotdesk_api::facts`, version 1); [`NEVER`] marks an
//!   unresolved ticket. Times more than `u32::MAX - 1` seconds (136 years) after the base are
//!   clamped to it — the wire format cannot carry them either;
//! - `incident` and `spot` hold [`NONE`] when the ticket has none (an id of `u32::MAX` is
//!   therefore treated as none);
//! - `rating` holds the stars, 1..=5, or 0 for none (stars outside 1..=5 count as none, as
//!   the computation ignores them);
//! - `flags`: [`TRANSFERRED`], [`KNOWN`], [`OPEN`] (the status still owes work), and what
//!   follows from the times alone, the same in every view: [`RESOLVED`], [`MET`] and
//!   [`LATE_IF_PAST`] (whether it counts as overdue when `now` is past the deadline);
//! - `bucket`: the [`percentile::bucket`] of the time to resolve (`resolved - created` of the
//!   columns above), or [`NO_BUCKET`] when unresolved. It is the same for every view, so the
//!   histograms of the time-to-resolve percentiles are counted without computing it;
//! - `resolutions`: per bucket, what the percentiles' second pass needs of each resolved
//!   ticket in it ([`Resolution`]), in ticket order. That pass reads only the lists of the
//!   few buckets that hold a wanted rank, one after the other, instead of visiting those
//!   tickets across every column;
//! - `links`: per incident id, the earliest registration and the number of the tickets linked
//!   to it. Both count every loaded ticket whatever the view, so they are kept up to date
//!   here instead of being recounted per view;
//! - `customer` is a dense customer number, `0..customers()`, in first-seen order: distinct
//!   and repeat customers become a counter per number instead of hashing. The map from the
//!   customer hash to its number is kept, so appending tickets ([`Prepared::append`]) does
//!   not rebuild anything.

use super::percentile::{self, NO_BUCKET};
use spotdesk_api::facts::TicketFacts;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// `resolved` of a ticket that was never resolved.
pub const NEVER: u32 = u32::MAX;
/// `incident` / `spot` of a ticket linked to none.
pub const NONE: u32 = u32::MAX;
/// The latest representable time, in seconds after the base.
const MAX_TIME: u32 = u32::MAX - 1;
/// `flags` bit: passed to another support line after registration.
pub const TRANSFERRED: u8 = 1;
/// `flags` bit: answered by "known problem here".
pub const KNOWN: u8 = 2;
/// `flags` bit: the status still owes work ([`spotdesk_api::TicketStatus::is_open`]).
pub const OPEN: u8 = 4;
/// `flags` bit: resolved.
pub const RESOLVED: u8 = 8;
/// `flags` bit: resolved no later than the deadline (the SLA is met).
pub const MET: u8 = 16;
/// `flags` bit: overdue once the deadline is past: resolved after it, or unresolved and
/// still owing work.
pub const LATE_IF_PAST: u8 = 32;
/// `flags` bit: a repeat contact: the customer's previous ticket in the facts (which come in
/// creation order) was registered at most [`crate::repeat_contact::WINDOW_DAYS`] days before.
pub const REPEAT: u8 = 64;

/// Hashes a customer hash (already well mixed) with one multiply: SipHash over a million
/// inserts costs more than everything else in the preparation.
#[derive(Default, Clone, Copy)]
pub struct MixHasher(u64);

impl Hasher for MixHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01B3);
        }
    }

    fn write_u64(&mut self, x: u64) {
        // Both the low bits (bucket) and the top bits (control byte) depend on all of x.
        let m = x.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        self.0 = m ^ (m >> 32);
    }
}

/// Customer hash to dense customer number.
type CustomerMap = HashMap<u64, u32, BuildHasherDefault<MixHasher>>;

/// A resolved ticket as the percentiles' second pass reads it: its time to resolve and what
/// decides whether a view selects it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resolution {
    /// Registration, seconds after the base.
    pub created: u32,
    /// Seconds from registration to resolution.
    pub duration: u32,
    /// Index into the service codes.
    pub service: u16,
    /// Index into the group codes.
    pub group: u16,
    /// Support line.
    pub line: u8,
}

/// The tickets linked to one incident.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Links {
    /// The earliest registration among them, Unix seconds.
    pub first: i64,
    /// How many there are.
    pub count: u32,
}

/// Ticket facts as the dashboard reads them (see the module docs for the encodings).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Prepared {
    /// Unix seconds that every time column counts from.
    pub(super) base: i64,
    /// Service code per service index (as in the facts).
    pub(super) services: Vec<String>,
    /// Group code per group index (as in the facts).
    pub(super) groups: Vec<String>,
    /// Registration, seconds after `base`.
    pub(super) created: Vec<u32>,
    /// Resolution, seconds after `base`, or [`NEVER`].
    pub(super) resolved: Vec<u32>,
    /// SLA deadline, seconds after `base`.
    pub(super) deadline: Vec<u32>,
    /// Index into `services`.
    pub(super) service: Vec<u16>,
    /// Index into `groups`.
    pub(super) group: Vec<u16>,
    /// Support line (as in the facts).
    pub(super) line: Vec<u8>,
    /// [`TRANSFERRED`] | [`KNOWN`] | [`OPEN`] | [`RESOLVED`] | [`MET`] | [`LATE_IF_PAST`] |
    /// [`REPEAT`].
    pub(super) flags: Vec<u8>,
    /// Stars 1..=5, 0 for none.
    pub(super) rating: Vec<u8>,
    /// Bucket of the time to resolve, or [`NO_BUCKET`].
    pub(super) bucket: Vec<u16>,
    /// Per bucket, its resolved tickets in ticket order.
    resolutions: Vec<Vec<Resolution>>,
    /// Dense customer number.
    pub(super) customer: Vec<u32>,
    /// Incident id or [`NONE`].
    pub(super) incident: Vec<u32>,
    /// Spot id or [`NONE`].
    pub(super) spot: Vec<u32>,
    customers: CustomerMap,
    /// Per dense customer number, the registration (Unix seconds) of their latest ticket so
    /// far, for [`REPEAT`].
    last_contact: Vec<i64>,
    /// Per incident id, the tickets linked to it.
    links: HashMap<u32, Links>,
}

impl Prepared {
    /// Prepares all tickets of `facts`.
    pub fn new(facts: &TicketFacts) -> Self {
        let mut p = Self::default();
        p.append(facts);
        p
    }

    /// Unix seconds that the time columns count from.
    pub fn base(&self) -> i64 {
        self.base
    }

    /// Service code per service index.
    pub fn services(&self) -> &[String] {
        &self.services
    }

    /// Assignee group code per group index.
    pub fn groups(&self) -> &[String] {
        &self.groups
    }

    /// Number of tickets.
    pub fn len(&self) -> usize {
        self.created.len()
    }

    /// Whether there are no tickets.
    pub fn is_empty(&self) -> bool {
        self.created.is_empty()
    }

    /// The resolved tickets whose time to resolve is in bucket `k`, in ticket order.
    pub fn resolutions(&self, k: usize) -> &[Resolution] {
        self.resolutions.get(k).map_or(&[], Vec::as_slice)
    }

    /// The tickets linked to incident `id`, if any.
    pub fn links(&self, id: u32) -> Option<Links> {
        self.links.get(&id).copied()
    }

    /// Number of distinct customers (the dense numbers are `0..customers()`).
    pub fn customers(&self) -> usize {
        self.customers.len()
    }

    /// Appends the tickets of `facts` past the ones already prepared: `facts` is the table
    /// this was prepared from, with tickets pushed at its end (its string tables only grow,
    /// so indices stay valid). Costs the new tickets only, unless one of them is earlier than
    /// [`Prepared::base`]: then the time columns are shifted to the new base once.
    pub fn append(&mut self, facts: &TicketFacts) {
        let n = super::fast::column_len(facts);
        let start = self.len().min(n);
        if start == n {
            return;
        }
        let times = || {
            (start..n).flat_map(|i| {
                [facts.created[i], facts.deadline[i]]
                    .into_iter()
                    .chain(facts.resolved[i])
            })
        };
        let min = times().min().unwrap_or(self.base);
        if self.is_empty() {
            self.base = min;
        } else if min < self.base {
            self.rebase(min);
        }
        self.services.clone_from(&facts.services);
        self.groups.clone_from(&facts.groups);
        let base = self.base;
        let rel = |t: i64| t.saturating_sub(base).clamp(0, i64::from(MAX_TIME)) as u32;
        let more = n - start;
        self.created.reserve(more);
        self.resolved.reserve(more);
        self.deadline.reserve(more);
        self.flags.reserve(more);
        self.rating.reserve(more);
        self.bucket.reserve(more);
        self.customer.reserve(more);
        self.incident.reserve(more);
        self.spot.reserve(more);
        self.customers.reserve(more / 2);
        self.created
            .extend(facts.created[start..n].iter().map(|&t| rel(t)));
        self.resolved.extend(
            facts.resolved[start..n]
                .iter()
                .map(|r| r.map_or(NEVER, rel)),
        );
        self.deadline
            .extend(facts.deadline[start..n].iter().map(|&t| rel(t)));
        self.service.extend_from_slice(&facts.service[start..n]);
        self.group.extend_from_slice(&facts.group[start..n]);
        self.line.extend_from_slice(&facts.line[start..n]);
        self.flags.extend((start..n).map(|i| {
            let bit = |on: bool, b: u8| if on { b } else { 0 };
            let open = facts.status[i].is_open();
            let deadline = facts.deadline[i];
            let (resolved, met, late) = match facts.resolved[i] {
                Some(r) => (true, r <= deadline, r > deadline),
                None => (false, false, open),
            };
            bit(facts.transferred[i], TRANSFERRED)
                | bit(facts.known_problem[i], KNOWN)
                | bit(open, OPEN)
                | bit(resolved, RESOLVED)
                | bit(met, MET)
                | bit(late, LATE_IF_PAST)
        }));
        self.rating.extend(
            facts.rating[start..n]
                .iter()
                .map(|r| r.filter(|s| (1..=5).contains(s)).unwrap_or(0)),
        );
        self.buckets_from(start);
        let window = crate::repeat_contact::window().num_seconds();
        for (i, &c) in facts.customer[start..n].iter().enumerate() {
            let next = self.customers.len() as u32;
            let k = *self.customers.entry(c).or_insert(next);
            self.customer.push(k);
            if k == next {
                self.last_contact.push(i64::MIN);
            }
            let created = facts.created[start + i];
            let last = &mut self.last_contact[k as usize];
            if *last != i64::MIN && (0..=window).contains(&(created - *last)) {
                self.flags[start + i] |= REPEAT;
            }
            *last = created;
        }
        self.incident
            .extend(facts.incident[start..n].iter().map(|x| x.unwrap_or(NONE)));
        for (&id, &created) in facts.incident[start..n]
            .iter()
            .zip(&facts.created[start..n])
        {
            if let Some(id) = id {
                let l = self.links.entry(id).or_insert(Links {
                    first: created,
                    count: 0,
                });
                l.first = l.first.min(created);
                l.count += 1;
            }
        }
        self.spot
            .extend(facts.spot[start..n].iter().map(|x| x.unwrap_or(NONE)));
    }

    /// Appends tickets `start..` (whose other columns are filled) to `bucket` and
    /// `resolutions`, which hold the tickets before `start`.
    fn buckets_from(&mut self, start: usize) {
        self.resolutions.resize_with(percentile::BUCKETS, Vec::new);
        for i in start..self.len() {
            let (c, r) = (self.created[i], self.resolved[i]);
            if r == NEVER {
                self.bucket.push(NO_BUCKET as u16);
                continue;
            }
            let duration = r.saturating_sub(c);
            let k = percentile::bucket(duration);
            self.bucket.push(k as u16);
            self.resolutions[k].push(Resolution {
                created: c,
                duration,
                service: self.service[i],
                group: self.group[i],
                line: self.line[i],
            });
        }
    }

    /// Moves the base back to `base` (earlier), shifting every time.
    fn rebase(&mut self, base: i64) {
        let delta = self.base - base;
        let shift = |t: &mut u32| *t = (i64::from(*t) + delta).min(i64::from(MAX_TIME)) as u32;
        self.created.iter_mut().for_each(shift);
        self.deadline.iter_mut().for_each(shift);
        self.resolved
            .iter_mut()
            .filter(|r| **r != NEVER)
            .for_each(shift);
        self.base = base;
        // Every registration moved; a time clamped at the far end may have moved against
        // its pair.
        self.bucket.clear();
        self.resolutions.clear();
        self.buckets_from(0);
    }
}
