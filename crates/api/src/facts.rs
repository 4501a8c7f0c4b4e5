//! Bulk ticket facts: every ticket of a period as parallel columns, in a compact binary wire
//! format (`application/vnd.spotdesk.ticket-facts`), for client-side aggregation (map, spots,
//! dashboards).
//!
//! Why not JSON: a million tickets as JSON objects are ~200 MB to download and seconds of
//! `JSON.parse`; as columns of fixed-width little-endian numbers they are ~57 MB (much less
//! compressed) and decode at memory speed, with the numeric columns ready for aggregation.
//!
//! ## Format, version 1 (and 2)
//! All integers and floats little-endian.
//! ```text
//! magic    4 bytes  "SDTF"
//! version  u8       1
//! n        u32      number of tickets
//! base     i64      Unix seconds; every time below is stored as u32 seconds after `base`
//! 3 string tables, in order services, topics, groups:
//!          u16 count, then per string: u16 byte length + UTF-8 bytes
//! columns, each n values, in this order:
//!   id u32 | created u32 | resolved u32 (0xFFFF_FFFF = never) | deadline u32
//!   lat f32 | long f32 | service u16 | topic u16 | group u16 (indices into the tables)
//!   line u8 | status u8 (index in TicketStatus::ALL) | kind u8 (0 incident, 1 service request)
//!   channel u8 (index in Channel::ALL) | segment u8 (0 unknown, 1 + index in Segment::ALL)
//!   rating u8 (0 none, else 1..=5) | flags u8 (bit 0 transferred, bit 1 known problem)
//!   lifetime_value f32 (NaN = unknown) | customer u64 | incident u32 (0 none) | spot u32 (0 none)
//! ```
//! Nothing may follow the last column. Decoding checks every length, index and code, so a
//! truncated or hostile body is an error, never a panic or an out-of-range index later.
//!
//! ## Version 2: assignees
//! Version 1 plus who each ticket is assigned to (issue 22), for SLA per person. A server
//! sends it only to a client that asks (`?version=2`) and only when some ticket has an
//! assignee, so a version-1 reader never meets it; this decoder reads both. After the three
//! string tables, a fourth, of people:
//! ```text
//!          u16 count, then per person: u32 user id + u16 byte length + UTF-8 display name
//! ```
//! and after the `spot` column one more:
//! ```text
//!   assignee u16 (0 none, else 1 + index into the people table)
//! ```
//! 59 bytes per ticket.

use crate::ticket::{Channel, Segment, TicketKind, TicketStatus};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

/// `GET /tickets/facts` query parameters: the registration period (both ends optional).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct FactsQuery {
    /// Registered at or after this instant.
    pub from: Option<DateTime<Utc>>,
    /// Registered before this instant.
    pub to: Option<DateTime<Utc>>,
    /// The highest format version the client reads: `2` adds who each ticket is assigned to
    /// (sent only when some ticket has an assignee); absent or `1`: version 1.
    pub version: Option<u8>,
}

/// A person tickets are assigned to, in a facts body (version 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactsPerson {
    /// Their user id.
    pub id: u32,
    /// Their display name when the facts were made.
    pub name: String,
}

/// Media type of the binary facts body.
pub const TICKET_FACTS_MEDIA_TYPE: &str = "application/vnd.spotdesk.ticket-facts";

const MAGIC: &[u8; 4] = b"SDTF";
const VERSION: u8 = 1;
/// Version 1 plus the people table and the `assignee` column.
const VERSION_ASSIGNEES: u8 = 2;
const NEVER: u32 = u32::MAX;
const FLAG_TRANSFERRED: u8 = 1;
const FLAG_KNOWN_PROBLEM: u8 = 2;

/// Tickets as parallel columns: index `i` of every column describes ticket `i`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TicketFacts {
    /// Service code per service index.
    pub services: Vec<String>,
    /// Topic code per topic index.
    pub topics: Vec<String>,
    /// Group code (`agency_responsible`) per group index.
    pub groups: Vec<String>,
    pub id: Vec<u32>,
    /// Registration time, Unix seconds UTC.
    pub created: Vec<i64>,
    /// When the ticket became resolved, Unix seconds (None if it never was).
    pub resolved: Vec<Option<i64>>,
    /// SLA deadline (`expected_datetime`), Unix seconds.
    pub deadline: Vec<i64>,
    pub lat: Vec<f32>,
    pub long: Vec<f32>,
    /// Index into `services`.
    pub service: Vec<u16>,
    /// Index into `topics`.
    pub topic: Vec<u16>,
    /// Index into `groups`.
    pub group: Vec<u16>,
    /// Support line, 1..=3.
    pub line: Vec<u8>,
    pub status: Vec<TicketStatus>,
    pub kind: Vec<TicketKind>,
    pub channel: Vec<Channel>,
    pub segment: Vec<Option<Segment>>,
    pub lifetime_value: Vec<Option<f32>>,
    /// The customer's rating of the fix, 1..=5.
    pub rating: Vec<Option<u8>>,
    /// The ticket was passed to another support line after registration.
    pub transferred: Vec<bool>,
    /// Linked to an incident or spot when registered: answered by "known problem here".
    pub known_problem: Vec<bool>,
    /// Stable hash of the customer's phone digits (`spotdesk_core::complaint::customer_hash`).
    pub customer: Vec<u64>,
    pub incident: Vec<Option<u32>>,
    pub spot: Vec<Option<u32>>,
    /// The people of the `assignee` column (format version 2; empty in version 1).
    pub people: Vec<FactsPerson>,
    /// Index into `people` of the ticket's assignee: either empty (no such column, format
    /// version 1) or one entry per ticket, filled by [`TicketFacts::push_assignee`].
    pub assignee: Vec<Option<u16>>,
}

/// One ticket's facts, the unit of [`TicketFacts::push`] and [`TicketFacts::row`]; codes are
/// strings here and interned by `push`.
#[derive(Debug, Clone, PartialEq)]
pub struct TicketFact {
    pub id: u32,
    pub created: i64,
    pub resolved: Option<i64>,
    pub deadline: i64,
    pub lat: f32,
    pub long: f32,
    pub service: String,
    pub topic: String,
    pub group: String,
    pub line: u8,
    pub status: TicketStatus,
    pub kind: TicketKind,
    pub channel: Channel,
    pub segment: Option<Segment>,
    pub lifetime_value: Option<f32>,
    pub rating: Option<u8>,
    pub transferred: bool,
    pub known_problem: bool,
    pub customer: u64,
    pub incident: Option<u32>,
    pub spot: Option<u32>,
}

/// Why a facts body could not be encoded or decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FactsError {
    /// The body ended before the named part.
    Truncated(&'static str),
    /// The body does not start with `SDTF`.
    BadMagic,
    /// A format version this code does not read.
    UnsupportedVersion(u8),
    /// A string table entry is not UTF-8.
    BadUtf8,
    /// A column holds a value outside its domain (index past its table, unknown code).
    BadValue(&'static str),
    /// Bytes follow the last column.
    TrailingBytes,
    /// Columns of different lengths (encoding only).
    RaggedColumns,
    /// Too many tickets, strings or too long a string for the format (encoding only).
    TooLarge(&'static str),
}

impl fmt::Display for FactsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FactsError::Truncated(part) => write!(f, "facts body truncated in {part}"),
            FactsError::BadMagic => write!(f, "not a ticket facts body"),
            FactsError::UnsupportedVersion(v) => write!(f, "unsupported facts version {v}"),
            FactsError::BadUtf8 => write!(f, "facts string table is not UTF-8"),
            FactsError::BadValue(col) => write!(f, "facts column {col} holds an invalid value"),
            FactsError::TrailingBytes => write!(f, "bytes after the last facts column"),
            FactsError::RaggedColumns => write!(f, "facts columns differ in length"),
            FactsError::TooLarge(what) => write!(f, "too many {what} for the facts format"),
        }
    }
}

impl std::error::Error for FactsError {}

impl TicketFacts {
    /// Number of tickets.
    pub fn len(&self) -> usize {
        self.id.len()
    }

    /// Whether there are no tickets.
    pub fn is_empty(&self) -> bool {
        self.id.is_empty()
    }

    /// Appends one ticket, interning its service, topic and group codes.
    pub fn push(&mut self, t: TicketFact) {
        let service = intern(&mut self.services, &t.service);
        let topic = intern(&mut self.topics, &t.topic);
        let group = intern(&mut self.groups, &t.group);
        self.id.push(t.id);
        self.created.push(t.created);
        self.resolved.push(t.resolved);
        self.deadline.push(t.deadline);
        self.lat.push(t.lat);
        self.long.push(t.long);
        self.service.push(service);
        self.topic.push(topic);
        self.group.push(group);
        self.line.push(t.line);
        self.status.push(t.status);
        self.kind.push(t.kind);
        self.channel.push(t.channel);
        self.segment.push(t.segment);
        self.lifetime_value.push(t.lifetime_value);
        self.rating.push(t.rating);
        self.transferred.push(t.transferred);
        self.known_problem.push(t.known_problem);
        self.customer.push(t.customer);
        self.incident.push(t.incident);
        self.spot.push(t.spot);
    }

    /// Records who the ticket pushed last is assigned to (`None`: nobody), interning the
    /// person by id. Call it after every [`Self::push`] or after none: the column is then
    /// absent and the body is format version 1.
    pub fn push_assignee(&mut self, who: Option<(u32, &str)>) {
        let index = who.map(|(id, name)| {
            let at = match self.people.iter().position(|p| p.id == id) {
                Some(i) => i,
                None => {
                    self.people.push(FactsPerson {
                        id,
                        name: name.to_owned(),
                    });
                    self.people.len() - 1
                }
            };
            u16::try_from(at).unwrap_or(u16::MAX)
        });
        self.assignee.push(index);
    }

    /// The person ticket `i` is assigned to (None: nobody, or no such column).
    pub fn assignee_of(&self, i: usize) -> Option<&FactsPerson> {
        let index = (*self.assignee.get(i)?)?;
        self.people.get(usize::from(index))
    }

    /// Whether the facts carry the `assignee` column (format version 2).
    fn has_assignees(&self) -> bool {
        !self.assignee.is_empty() || !self.people.is_empty()
    }

    /// Ticket `i` as a row (None past the end).
    pub fn row(&self, i: usize) -> Option<TicketFact> {
        let name = |table: &[String], idx: u16| table.get(usize::from(idx)).cloned();
        Some(TicketFact {
            id: *self.id.get(i)?,
            created: *self.created.get(i)?,
            resolved: *self.resolved.get(i)?,
            deadline: *self.deadline.get(i)?,
            lat: *self.lat.get(i)?,
            long: *self.long.get(i)?,
            service: name(&self.services, *self.service.get(i)?)?,
            topic: name(&self.topics, *self.topic.get(i)?)?,
            group: name(&self.groups, *self.group.get(i)?)?,
            line: *self.line.get(i)?,
            status: *self.status.get(i)?,
            kind: *self.kind.get(i)?,
            channel: *self.channel.get(i)?,
            segment: *self.segment.get(i)?,
            lifetime_value: *self.lifetime_value.get(i)?,
            rating: *self.rating.get(i)?,
            transferred: *self.transferred.get(i)?,
            known_problem: *self.known_problem.get(i)?,
            customer: *self.customer.get(i)?,
            incident: *self.incident.get(i)?,
            spot: *self.spot.get(i)?,
        })
    }

    fn columns_agree(&self) -> bool {
        let n = self.len();
        [
            self.created.len(),
            self.resolved.len(),
            self.deadline.len(),
            self.lat.len(),
            self.long.len(),
            self.service.len(),
            self.topic.len(),
            self.group.len(),
            self.line.len(),
            self.status.len(),
            self.kind.len(),
            self.channel.len(),
            self.segment.len(),
            self.lifetime_value.len(),
            self.rating.len(),
            self.transferred.len(),
            self.known_problem.len(),
            self.customer.len(),
            self.incident.len(),
            self.spot.len(),
        ]
        .iter()
        .all(|&len| len == n)
            && (!self.has_assignees() || self.assignee.len() == n)
    }

    /// The binary wire form (see the module docs): format version 2 when the facts carry the
    /// `assignee` column ([`Self::push_assignee`]), else version 1.
    pub fn encode(&self) -> Result<Vec<u8>, FactsError> {
        if !self.columns_agree() {
            return Err(FactsError::RaggedColumns);
        }
        let n = u32::try_from(self.len()).map_err(|_| FactsError::TooLarge("tickets"))?;
        let times = self
            .created
            .iter()
            .chain(&self.deadline)
            .chain(self.resolved.iter().flatten());
        let base = times.clone().copied().min().unwrap_or(0);
        let rel = |t: i64| -> Result<u32, FactsError> {
            u32::try_from(t - base)
                .ok()
                .filter(|&v| v != NEVER)
                .ok_or(FactsError::TooLarge(
                    "seconds between the first and last time",
                ))
        };
        let v2 = self.has_assignees();
        if self.people.len() >= usize::from(u16::MAX) {
            return Err(FactsError::TooLarge("people"));
        }
        let mut out = Vec::with_capacity(64 + self.len() * 59);
        out.extend_from_slice(MAGIC);
        out.push(if v2 { VERSION_ASSIGNEES } else { VERSION });
        out.extend_from_slice(&n.to_le_bytes());
        out.extend_from_slice(&base.to_le_bytes());
        for table in [&self.services, &self.topics, &self.groups] {
            write_table(&mut out, table)?;
        }
        if v2 {
            out.extend_from_slice(&(self.people.len() as u16).to_le_bytes());
            for p in &self.people {
                let len = u16::try_from(p.name.len())
                    .map_err(|_| FactsError::TooLarge("bytes in a string"))?;
                out.extend_from_slice(&p.id.to_le_bytes());
                out.extend_from_slice(&len.to_le_bytes());
                out.extend_from_slice(p.name.as_bytes());
            }
        }
        put(&mut out, &self.id, |v| v.to_le_bytes());
        for &t in &self.created {
            out.extend_from_slice(&rel(t)?.to_le_bytes());
        }
        for &t in &self.resolved {
            let v = match t {
                Some(t) => rel(t)?,
                None => NEVER,
            };
            out.extend_from_slice(&v.to_le_bytes());
        }
        for &t in &self.deadline {
            out.extend_from_slice(&rel(t)?.to_le_bytes());
        }
        put(&mut out, &self.lat, |v| v.to_le_bytes());
        put(&mut out, &self.long, |v| v.to_le_bytes());
        put(&mut out, &self.service, |v| v.to_le_bytes());
        put(&mut out, &self.topic, |v| v.to_le_bytes());
        put(&mut out, &self.group, |v| v.to_le_bytes());
        out.extend_from_slice(&self.line);
        out.extend(self.status.iter().map(|s| status_code(*s)));
        out.extend(self.kind.iter().map(|k| kind_code(*k)));
        out.extend(self.channel.iter().map(|c| channel_code(*c)));
        out.extend(self.segment.iter().map(|s| segment_code(*s)));
        out.extend(self.rating.iter().map(|r| r.unwrap_or(0)));
        out.extend(
            self.transferred
                .iter()
                .zip(&self.known_problem)
                .map(|(&t, &k)| {
                    (if t { FLAG_TRANSFERRED } else { 0 }) | if k { FLAG_KNOWN_PROBLEM } else { 0 }
                }),
        );
        put(&mut out, &self.lifetime_value, |v| {
            v.unwrap_or(f32::NAN).to_le_bytes()
        });
        put(&mut out, &self.customer, |v| v.to_le_bytes());
        put(&mut out, &self.incident, |v| v.unwrap_or(0).to_le_bytes());
        put(&mut out, &self.spot, |v| v.unwrap_or(0).to_le_bytes());
        if v2 {
            put(&mut out, &self.assignee, |v| {
                v.map_or(0u16, |i| i.saturating_add(1)).to_le_bytes()
            });
        }
        Ok(out)
    }

    /// Reads the binary wire form, checking every length, index and code.
    pub fn decode(bytes: &[u8]) -> Result<Self, FactsError> {
        let mut r = Reader { bytes, pos: 0 };
        if r.take(4, "header")? != MAGIC {
            return Err(FactsError::BadMagic);
        }
        let version = r.take(1, "header")?[0];
        if version != VERSION && version != VERSION_ASSIGNEES {
            return Err(FactsError::UnsupportedVersion(version));
        }
        let v2 = version == VERSION_ASSIGNEES;
        let n = u32::from_le_bytes(r.array("header")?) as usize;
        let base = i64::from_le_bytes(r.array("header")?);
        let services = r.table()?;
        let topics = r.table()?;
        let groups = r.table()?;
        let people = if v2 { r.people()? } else { Vec::new() };
        // Every column together needs this many bytes; check once so a lying `n` cannot make
        // us allocate more than the body could describe.
        let per_ticket = 4 * 4 + 4 * 2 + 2 * 3 + 7 + 4 + 8 + 4 + 4 + if v2 { 2 } else { 0 };
        if r.remaining() / per_ticket < n {
            return Err(FactsError::Truncated("columns"));
        }
        let abs = |v: u32| base + i64::from(v);
        let id = r.column(n, "id", u32::from_le_bytes)?;
        let created = r.column(n, "created", |b| abs(u32::from_le_bytes(b)))?;
        let resolved = r.column(n, "resolved", |b| match u32::from_le_bytes(b) {
            NEVER => None,
            v => Some(abs(v)),
        })?;
        let deadline = r.column(n, "deadline", |b| abs(u32::from_le_bytes(b)))?;
        let lat = r.column(n, "lat", f32::from_le_bytes)?;
        let long = r.column(n, "long", f32::from_le_bytes)?;
        let service = r.indices(n, "service", services.len())?;
        let topic = r.indices(n, "topic", topics.len())?;
        let group = r.indices(n, "group", groups.len())?;
        let line = r.codes(n, "line", |c| (1..=3).contains(&c).then_some(c))?;
        let status = r.codes(n, "status", |c| {
            TicketStatus::ALL.get(usize::from(c)).copied()
        })?;
        let kind = r.codes(n, "kind", |c| match c {
            0 => Some(TicketKind::Incident),
            1 => Some(TicketKind::ServiceRequest),
            _ => None,
        })?;
        let channel = r.codes(n, "channel", |c| Channel::ALL.get(usize::from(c)).copied())?;
        let segment = r.codes(n, "segment", |c| match c {
            0 => Some(None),
            c => Segment::ALL.get(usize::from(c) - 1).copied().map(Some),
        })?;
        let rating = r.codes(n, "rating", |c| match c {
            0 => Some(None),
            1..=5 => Some(Some(c)),
            _ => None,
        })?;
        let flags = r.codes(n, "flags", |c| (c & !3 == 0).then_some(c))?;
        let lifetime_value = r.column(n, "lifetime_value", |b| {
            let v = f32::from_le_bytes(b);
            (!v.is_nan()).then_some(v)
        })?;
        let customer = r.column(n, "customer", u64::from_le_bytes)?;
        let incident = r.column(n, "incident", |b| {
            Some(u32::from_le_bytes(b)).filter(|&v| v != 0)
        })?;
        let spot = r.column(n, "spot", |b| {
            Some(u32::from_le_bytes(b)).filter(|&v| v != 0)
        })?;
        let assignee = if v2 {
            let column = r.column(n, "assignee", |b| u16::from_le_bytes(b).checked_sub(1))?;
            if column
                .iter()
                .flatten()
                .any(|&i| usize::from(i) >= people.len())
            {
                return Err(FactsError::BadValue("assignee"));
            }
            column
        } else {
            Vec::new()
        };
        if r.remaining() != 0 {
            return Err(FactsError::TrailingBytes);
        }
        Ok(TicketFacts {
            services,
            topics,
            groups,
            id,
            created,
            resolved,
            deadline,
            lat,
            long,
            service,
            topic,
            group,
            line,
            status,
            kind,
            channel,
            segment,
            lifetime_value,
            rating,
            transferred: flags.iter().map(|f| f & FLAG_TRANSFERRED != 0).collect(),
            known_problem: flags.iter().map(|f| f & FLAG_KNOWN_PROBLEM != 0).collect(),
            customer,
            incident,
            spot,
            people,
            assignee,
        })
    }
}

fn intern(table: &mut Vec<String>, name: &str) -> u16 {
    if let Some(i) = table.iter().position(|s| s == name) {
        return u16::try_from(i).unwrap_or(u16::MAX);
    }
    table.push(name.to_owned());
    u16::try_from(table.len() - 1).unwrap_or(u16::MAX)
}

fn put<T, const N: usize>(out: &mut Vec<u8>, column: &[T], bytes: impl Fn(&T) -> [u8; N]) {
    for v in column {
        out.extend_from_slice(&bytes(v));
    }
}

fn write_table(out: &mut Vec<u8>, table: &[String]) -> Result<(), FactsError> {
    let count = u16::try_from(table.len()).map_err(|_| FactsError::TooLarge("strings"))?;
    out.extend_from_slice(&count.to_le_bytes());
    for s in table {
        let len = u16::try_from(s.len()).map_err(|_| FactsError::TooLarge("bytes in a string"))?;
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(s.as_bytes());
    }
    Ok(())
}

fn status_code(s: TicketStatus) -> u8 {
    TicketStatus::ALL
        .iter()
        .position(|x| *x == s)
        .map_or(0, |i| i as u8)
}

fn kind_code(k: TicketKind) -> u8 {
    match k {
        TicketKind::Incident => 0,
        TicketKind::ServiceRequest => 1,
    }
}

fn channel_code(c: Channel) -> u8 {
    Channel::ALL
        .iter()
        .position(|x| *x == c)
        .map_or(0, |i| i as u8)
}

fn segment_code(s: Option<Segment>) -> u8 {
    s.and_then(|s| Segment::ALL.iter().position(|x| *x == s))
        .map_or(0, |i| i as u8 + 1)
}

/// A cursor over the body that never reads past its end.
struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn remaining(&self) -> usize {
        self.bytes.len() - self.pos
    }

    fn take(&mut self, len: usize, part: &'static str) -> Result<&'a [u8], FactsError> {
        let end = self
            .pos
            .checked_add(len)
            .filter(|&end| end <= self.bytes.len())
            .ok_or(FactsError::Truncated(part))?;
        let slice = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(slice)
    }

    fn array<const N: usize>(&mut self, part: &'static str) -> Result<[u8; N], FactsError> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N, part)?);
        Ok(a)
    }

    fn table(&mut self) -> Result<Vec<String>, FactsError> {
        let count = u16::from_le_bytes(self.array("string table")?);
        (0..count)
            .map(|_| {
                let len = u16::from_le_bytes(self.array("string table")?);
                let raw = self.take(usize::from(len), "string table")?;
                String::from_utf8(raw.to_vec()).map_err(|_| FactsError::BadUtf8)
            })
            .collect()
    }

    /// The people table of format version 2.
    fn people(&mut self) -> Result<Vec<FactsPerson>, FactsError> {
        let count = u16::from_le_bytes(self.array("people table")?);
        (0..count)
            .map(|_| {
                let id = u32::from_le_bytes(self.array("people table")?);
                let len = u16::from_le_bytes(self.array("people table")?);
                let raw = self.take(usize::from(len), "people table")?;
                let name = String::from_utf8(raw.to_vec()).map_err(|_| FactsError::BadUtf8)?;
                Ok(FactsPerson { id, name })
            })
            .collect()
    }

    fn column<T, const N: usize>(
        &mut self,
        n: usize,
        name: &'static str,
        f: impl Fn([u8; N]) -> T,
    ) -> Result<Vec<T>, FactsError> {
        let raw = self.take(n * N, name)?;
        Ok(raw
            .chunks_exact(N)
            .map(|c| {
                let mut a = [0u8; N];
                a.copy_from_slice(c);
                f(a)
            })
            .collect())
    }

    fn indices(
        &mut self,
        n: usize,
        name: &'static str,
        table_len: usize,
    ) -> Result<Vec<u16>, FactsError> {
        let column = self.column(n, name, u16::from_le_bytes)?;
        if column.iter().any(|&i| usize::from(i) >= table_len) {
            return Err(FactsError::BadValue(name));
        }
        Ok(column)
    }

    fn codes<T>(
        &mut self,
        n: usize,
        name: &'static str,
        f: impl Fn(u8) -> Option<T>,
    ) -> Result<Vec<T>, FactsError> {
        self.take(n, name)?
            .iter()
            .map(|&c| f(c).ok_or(FactsError::BadValue(name)))
            .collect()
    }
}

#[cfg(test)]
mod tests;
