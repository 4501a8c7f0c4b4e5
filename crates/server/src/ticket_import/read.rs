//! Reading a ticket history file: the header mapped to columns (Spotdesk names and Open311
//! GeoReport v2 names), then row by row, each checked by [`super::check`].

use crate::address_import::read::LineLimit;
use crate::address_import::report::Problem;
use crate::address_import::ImportError;
use chrono::{DateTime, Utc};
use spotdesk_api::{Catalogue, Ticket};
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

/// Largest file read.
pub const MAX_BYTES: u64 = 4 << 30;
/// Most rows in one file.
pub const MAX_ROWS: u64 = 20_000_000;

/// The columns a file may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Col {
    ExternalId,
    Service,
    Created,
    Updated,
    Status,
    Resolved,
    Deadline,
    Kind,
    Channel,
    Topic,
    Description,
    StatusNotes,
    Phone,
    Name,
    FirstName,
    LastName,
    Address,
    AddressId,
    Lat,
    Long,
    Line,
    Group,
    Segment,
}

/// Header names of each column (lower case), Spotdesk's first.
pub const NAMES: [(Col, &[&str]); 23] = [
    (
        Col::ExternalId,
        &["external_id", "service_request_id", "id"],
    ),
    (Col::Service, &["service_code", "service"]),
    (Col::Created, &["created_at", "requested_datetime"]),
    (Col::Updated, &["updated_at", "updated_datetime"]),
    (Col::Status, &["status"]),
    (
        Col::Resolved,
        &[
            "resolved_at",
            "resolved_datetime",
            "closed_at",
            "closed_datetime",
            "closed",
        ],
    ),
    (Col::Deadline, &["expected_datetime", "deadline"]),
    (Col::Kind, &["kind"]),
    (Col::Channel, &["channel"]),
    (Col::Topic, &["topic"]),
    (Col::Description, &["description"]),
    (Col::StatusNotes, &["status_notes"]),
    (Col::Phone, &["customer_phone", "phone"]),
    (Col::Name, &["customer_name", "name"]),
    (Col::FirstName, &["first_name"]),
    (Col::LastName, &["last_name"]),
    (Col::Address, &["address_string", "address"]),
    (Col::AddressId, &["address_id"]),
    (Col::Lat, &["lat", "latitude"]),
    (Col::Long, &["long", "lon", "lng", "longitude"]),
    (Col::Line, &["line"]),
    (Col::Group, &["agency_responsible", "group"]),
    (Col::Segment, &["segment"]),
];

/// Where a ticket is: its point, or an address of the register to take it from.
#[derive(Debug, Clone, PartialEq)]
pub enum Place {
    /// `lat` and `long` of the file.
    Point,
    /// `address_id` of the register (its point; its text when the file has no address).
    Register(String),
}

/// A checked row: the ticket as it is now (its point still to be looked up for
/// [`Place::Register`]), with the previous system's id.
#[derive(Debug, Clone)]
pub struct Checked {
    /// CSV line.
    pub row: u64,
    /// The previous system's id.
    pub external_id: String,
    /// The ticket (id 0, version 1, no author).
    pub ticket: Ticket,
    /// Where its point comes from.
    pub place: Place,
}

/// The header: the field index and header name of each column found.
pub(super) struct Header {
    /// Field index and header name per column.
    pub(super) cols: BTreeMap<Col, (usize, &'static str)>,
    /// Fields in the header.
    pub(super) width: usize,
    /// Header names that are no column.
    pub(super) ignored: Vec<String>,
}

impl Header {
    /// The header name of a column: as the file has it, else Spotdesk's.
    pub(super) fn name(&self, col: Col) -> &'static str {
        match self.cols.get(&col) {
            Some((_, n)) => n,
            None => NAMES
                .iter()
                .find(|(c, _)| *c == col)
                .map_or("row", |(_, names)| names[0]),
        }
    }
}

/// An open file.
pub struct Rows {
    reader: csv::Reader<LineLimit<BufReader<File>>>,
    header: Header,
    record: csv::ByteRecord,
}

impl Rows {
    /// Opens a file and reads its header.
    pub fn open(path: &Path) -> Result<Rows, ImportError> {
        let file = File::open(path)
            .map_err(|e| ImportError::File(format!("cannot open {}: {e}", path.display())))?;
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        if size > MAX_BYTES {
            return Err(ImportError::File(format!(
                "the file is {size} bytes; at most {MAX_BYTES} are read"
            )));
        }
        let mut buf = BufReader::with_capacity(1 << 20, file);
        let delimiter = {
            let head = buf
                .fill_buf()
                .map_err(|e| ImportError::File(format!("cannot read the file: {e}")))?;
            let first = head.split(|&b| b == b'\n').next().unwrap_or_default();
            if first.contains(&b';') && !first.contains(&b',') {
                b';'
            } else {
                b','
            }
        };
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .has_headers(true)
            .from_reader(LineLimit::new(buf));
        let names = reader
            .byte_headers()
            .map_err(|e| ImportError::File(format!("cannot read the header line: {e}")))?
            .clone();
        let mut header = Header {
            cols: BTreeMap::new(),
            width: names.len(),
            ignored: Vec::new(),
        };
        for (i, name) in names.iter().enumerate() {
            let Ok(name) = std::str::from_utf8(name) else {
                return Err(ImportError::File(format!(
                    "header field {} is not valid UTF-8",
                    i + 1
                )));
            };
            let name = name.trim().trim_start_matches('\u{feff}').to_lowercase();
            let found = NAMES
                .iter()
                .find_map(|(col, names)| names.iter().find(|n| **n == name).map(|n| (*col, *n)));
            match found {
                Some((col, n)) => {
                    if let Some((_, first)) = header.cols.insert(col, (i, n)) {
                        return Err(ImportError::File(format!(
                            "the header has columns {first:?} and {n:?}, which mean the same"
                        )));
                    }
                }
                None => header.ignored.push(name),
            }
        }
        let has = |c| header.cols.contains_key(&c);
        let mut missing = Vec::new();
        for (col, what) in [
            (Col::ExternalId, "external_id (or service_request_id)"),
            (Col::Service, "service_code"),
            (Col::Created, "created_at (or requested_datetime)"),
        ] {
            if !has(col) {
                missing.push(what);
            }
        }
        let placed = has(Col::AddressId) || (has(Col::Lat) && has(Col::Long));
        if !placed {
            missing.push("lat and long (or address_id)");
        }
        if !missing.is_empty() {
            return Err(ImportError::File(format!(
                "the header line lacks {}",
                missing.join(", ")
            )));
        }
        Ok(Rows {
            reader,
            header,
            record: csv::ByteRecord::new(),
        })
    }

    /// The header name of a column: as the file has it, else Spotdesk's.
    pub fn column_name(&self, col: Col) -> &'static str {
        self.header.name(col)
    }

    /// Header columns that are not read.
    pub fn ignored_columns(&self) -> &[String] {
        &self.header.ignored
    }

    /// The next row, checked: `None` at the end.
    pub fn next_row(
        &mut self,
        cat: &Catalogue,
        now: DateTime<Utc>,
    ) -> Result<Option<Result<Checked, Vec<Problem>>>, ImportError> {
        let more = self
            .reader
            .read_byte_record(&mut self.record)
            .map_err(|e| {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                ImportError::File(format!("cannot read the file near line {line}: {e}"))
            })?;
        if !more {
            return Ok(None);
        }
        let row = self.record.position().map(|p| p.line()).unwrap_or(0);
        if row > MAX_ROWS + 1 {
            return Err(ImportError::File(format!(
                "more than {MAX_ROWS} rows; split the file"
            )));
        }
        Ok(Some(self.check(row, cat, now)))
    }

    /// Checks the current record.
    fn check(
        &self,
        row: u64,
        cat: &Catalogue,
        now: DateTime<Utc>,
    ) -> Result<Checked, Vec<Problem>> {
        super::check::row(row, &self.header, &self.record, cat, now)
    }
}
