//! Importing where the operator's customers are (issue 21): `spotdesk-server import customers`.
//!
//! The file is CSV (UTF-8, a header line; `,` or `;`). Each row is one place, given by
//! `address_id` (an id of the imported address register, `crate::address_import`) or by `lat`
//! and `long`, with customer counts in columns named
//!
//! * `customers`: customers at the place without a breakdown (stored as category `all`);
//! * `tech:<layer>`: customers on a technology or coverage layer (`tech:4g`, `tech:fixed`;
//!   the name as `spotdesk_api::layer_name` reads it, so `tech:LTE` is `4g`);
//! * `service:<code>`: customers of a service (`service:internet`).
//!
//! Other columns are ignored (and named in the summary). An empty count cell is no count. The
//! estimate of an incident's affected customers sums every count at the places inside its area
//! (`incident_ops::coverage_estimate`), so a customer with two technologies counts twice, as
//! in the density model where each layer adds its own customers.
//!
//! Like the address import (whose [`Report`], [`Progress`], [`ImportError`] and line limit
//! this uses): the whole file is checked first (unknown address ids, numbers, ranges, duplicate
//! places, invalid UTF-8, each bad row named), then written in **one** transaction; a row's
//! counts replace the stored ones of that place and category, so the same file twice changes
//! nothing; `--replace` first removes every stored count. Estimates read the table on every
//! call, so running servers use an import as soon as it commits.

use crate::address_import::read::LineLimit;
use crate::address_import::report::Problem;
use crate::address_import::{ImportError, Progress, Report};
use crate::db::{self, Pool};
use crate::store::customers::{self, CustomerCount};
use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::fs::File;
use std::hash::{Hash, Hasher};
use std::io::BufReader;
use std::path::Path;

/// Largest file read.
pub const MAX_BYTES: u64 = 4 << 30;
/// Most rows in one file.
pub const MAX_ROWS: u64 = 20_000_000;
/// Most customers in one cell.
pub const MAX_COUNT: i64 = 1_000_000;
/// Most count columns.
pub const MAX_COUNT_COLUMNS: usize = 64;
/// Longest address id, in characters (as the address register).
const MAX_ID_CHARS: usize = 100;
/// Longest service code, in characters.
const MAX_SERVICE_CHARS: usize = 64;
/// Rows looked up and written together.
const BATCH: usize = 1000;

/// How to import.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Remove every stored count first.
    pub replace: bool,
    /// Print no progress.
    pub quiet: bool,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Rows (places) in the file.
    pub rows: u64,
    /// Counts written (place and category).
    pub counts: u64,
    /// Counts removed by `--replace`.
    pub removed: u64,
    /// Counts and customers in the register afterwards.
    pub total_counts: i64,
    /// Customers in the register afterwards.
    pub total_customers: i64,
    /// Header columns that were not read.
    pub ignored_columns: Vec<String>,
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "imported {} places ({} counts; {} removed); the register has {} counts, {} customers",
            self.rows, self.counts, self.removed, self.total_counts, self.total_customers
        )?;
        if !self.ignored_columns.is_empty() {
            write!(f, "; ignored columns: {}", self.ignored_columns.join(", "))?;
        }
        Ok(())
    }
}

/// Where a row's customers are.
#[derive(Debug, Clone, PartialEq)]
enum Place {
    Address(String),
    Point(f64, f64),
}

impl Place {
    fn key(&self) -> String {
        match self {
            Place::Address(id) => format!("a:{id}"),
            // -0 and 0 are one place (their text differs).
            Place::Point(lat, long) => {
                format!("p:{},{}", unsigned_zero(*lat), unsigned_zero(*long))
            }
        }
    }
}

/// `x`, with -0 as 0.
fn unsigned_zero(x: f64) -> f64 {
    if x == 0.0 {
        0.0
    } else {
        x
    }
}

/// A checked row (the address not yet looked up).
#[derive(Debug, Clone)]
struct Parsed {
    row: u64,
    place: Place,
    /// `(category, customers)`.
    counts: Vec<(String, i64)>,
}

/// The columns of the header.
struct Header {
    address_id: Option<usize>,
    lat: Option<usize>,
    long: Option<usize>,
    /// `(field index, category, the column's name in the header)`.
    counts: Vec<(usize, String, String)>,
    width: usize,
    ignored: Vec<String>,
}

/// An open file.
struct Rows {
    reader: csv::Reader<LineLimit<BufReader<File>>>,
    header: Header,
    record: csv::ByteRecord,
}

/// The category a header names, `Ok(None)` for a column that is not a count, `Err` for a
/// count column with a bad name.
fn category(name: &str) -> Result<Option<String>, String> {
    if name == "customers" {
        return Ok(Some("all".into()));
    }
    if let Some(layer) = name.strip_prefix("tech:") {
        return spotdesk_api::layer_name(layer)
            .map(Some)
            .ok_or_else(|| format!("column {name:?}: {layer:?} is not a layer name"));
    }
    if let Some(code) = name.strip_prefix("service:") {
        let code = code.trim();
        if code.is_empty()
            || code.chars().count() > MAX_SERVICE_CHARS
            || code.chars().any(char::is_control)
        {
            return Err(format!("column {name:?}: not a service code"));
        }
        return Ok(Some(format!("service:{code}")));
    }
    Ok(None)
}

impl Rows {
    fn open(path: &Path) -> Result<Rows, ImportError> {
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
            use std::io::BufRead;
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
            address_id: None,
            lat: None,
            long: None,
            counts: Vec::new(),
            width: names.len(),
            ignored: Vec::new(),
        };
        let mut categories = HashSet::new();
        for (i, name) in names.iter().enumerate() {
            let Ok(name) = std::str::from_utf8(name) else {
                return Err(ImportError::File(format!(
                    "header field {} is not valid UTF-8",
                    i + 1
                )));
            };
            let name = name.trim().trim_start_matches('\u{feff}').to_lowercase();
            let slot = match name.as_str() {
                "address_id" => Some(&mut header.address_id),
                "lat" | "latitude" => Some(&mut header.lat),
                "long" | "lon" | "lng" | "longitude" => Some(&mut header.long),
                _ => None,
            };
            if let Some(slot) = slot {
                if slot.replace(i).is_some() {
                    return Err(ImportError::File(format!(
                        "the header names column {name:?} twice"
                    )));
                }
                continue;
            }
            match category(&name).map_err(ImportError::File)? {
                Some(c) => {
                    if !categories.insert(c.clone()) {
                        return Err(ImportError::File(format!(
                            "the header counts {c:?} twice (column {name:?})"
                        )));
                    }
                    header.counts.push((i, c, name));
                }
                None => header.ignored.push(name),
            }
        }
        if header.address_id.is_none() && (header.lat.is_none() || header.long.is_none()) {
            return Err(ImportError::File(
                "the header line needs address_id, or lat and long, to place the customers".into(),
            ));
        }
        if header.counts.is_empty() {
            return Err(ImportError::File(
                "the header line has no count column: customers, tech:<layer> (tech:4g, \
                 tech:fixed) or service:<code>"
                    .into(),
            ));
        }
        if header.counts.len() > MAX_COUNT_COLUMNS {
            return Err(ImportError::File(format!(
                "more than {MAX_COUNT_COLUMNS} count columns"
            )));
        }
        Ok(Rows {
            reader,
            header,
            record: csv::ByteRecord::new(),
        })
    }

    /// The next row, checked: `None` at the end.
    fn next_row(&mut self) -> Result<Option<Result<Parsed, Vec<Problem>>>, ImportError> {
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
        Ok(Some(self.check(row)))
    }

    fn check(&self, row: u64) -> Result<Parsed, Vec<Problem>> {
        let mut problems = Vec::new();
        let mut problem = |column: &'static str, kind: &'static str, detail: String| {
            problems.push(Problem {
                row,
                column,
                kind,
                detail,
            })
        };
        let h = &self.header;
        if self.record.len() != h.width {
            problem(
                "row",
                "wrong number of fields",
                format!("{} fields, the header has {}", self.record.len(), h.width),
            );
        }
        // A cell's text: `Ok(None)` when empty, `Err` when not UTF-8.
        let cell = |i: Option<usize>| -> Result<Option<&str>, ()> {
            match i.and_then(|i| self.record.get(i)) {
                None => Ok(None),
                Some(b) => match std::str::from_utf8(b) {
                    Ok(s) if s.trim().is_empty() => Ok(None),
                    Ok(s) => Ok(Some(s.trim())),
                    Err(_) => Err(()),
                },
            }
        };
        let mut place = None;
        match cell(h.address_id) {
            Err(()) => problem("address_id", "not valid UTF-8", String::new()),
            Ok(Some(id)) if id.chars().count() > MAX_ID_CHARS => problem(
                "address_id",
                "too long",
                format!("more than {MAX_ID_CHARS} characters"),
            ),
            Ok(Some(id)) => place = Some(Place::Address(id.to_owned())),
            Ok(None) => {
                let mut coord = |column: &'static str, i, limit: f64| match cell(i) {
                    Err(()) => {
                        problem(column, "not valid UTF-8", String::new());
                        None
                    }
                    Ok(None) => {
                        let why = if h.address_id.is_some() {
                            "no address_id and no lat/long"
                        } else {
                            ""
                        };
                        problem(column, "missing", why.into());
                        None
                    }
                    Ok(Some(s)) => match s.replace(',', ".").parse::<f64>() {
                        Ok(x) if x.is_finite() && (-limit..=limit).contains(&x) => Some(x),
                        Ok(x) => {
                            problem(
                                column,
                                "out of range",
                                format!("{x}; allowed -{limit}..{limit}"),
                            );
                            None
                        }
                        Err(_) => {
                            problem(column, "not a number", excerpt(s));
                            None
                        }
                    },
                };
                let lat = coord("lat", h.lat, 90.0);
                let long = coord("long", h.long, 180.0);
                if let (Some(lat), Some(long)) = (lat, long) {
                    place = Some(Place::Point(lat, long));
                }
            }
        }
        let mut counts = Vec::new();
        // The report's column is `count` (problems are counted per column kind); the detail
        // names the header's column.
        for (i, c, name) in &h.counts {
            match cell(Some(*i)) {
                Err(()) => problem("count", "not valid UTF-8", format!("column {name}")),
                Ok(None) => {}
                Ok(Some(s)) => match s.parse::<i64>() {
                    Ok(n) if (0..=MAX_COUNT).contains(&n) => counts.push((c.clone(), n)),
                    Ok(n) => problem(
                        "count",
                        "out of range",
                        format!("column {name}: {n}; allowed 0..{MAX_COUNT}"),
                    ),
                    Err(_) => problem(
                        "count",
                        "not a whole number",
                        format!("column {name}: {}", excerpt(s)),
                    ),
                },
            }
        }
        if counts.is_empty() && problems.is_empty() {
            problems.push(Problem {
                row,
                column: "count",
                kind: "no counts",
                detail: "every count cell is empty".into(),
            });
        }
        match place {
            Some(place) if problems.is_empty() => Ok(Parsed { row, place, counts }),
            _ => Err(problems),
        }
    }
}

/// A short, printable excerpt of a value for a report.
fn excerpt(s: &str) -> String {
    let short: String = s.chars().take(40).collect();
    format!("{short:?}")
}

/// Two 64-bit hashes of a place key: duplicates found without keeping every key.
fn key_hash(key: &str) -> (u64, u64) {
    let mut a = DefaultHasher::new();
    key.hash(&mut a);
    let mut b = DefaultHasher::new();
    (0x5a5a_u16, key).hash(&mut b);
    (a.finish(), b.finish())
}

/// Looks up the addresses of a batch: the point of each address row, or its problem.
async fn locate(
    pool: &Pool,
    batch: Vec<Parsed>,
) -> Result<Vec<Result<(Parsed, f64, f64), Problem>>, sqlx::Error> {
    let ids: Vec<String> = batch
        .iter()
        .filter_map(|p| match &p.place {
            Place::Address(id) => Some(id.clone()),
            Place::Point(..) => None,
        })
        .collect();
    let found = customers::address_points(pool, &ids).await?;
    Ok(resolve(batch, &found))
}

/// Checks every row without writing (addresses looked up in the register); the number of rows,
/// or the problems.
pub async fn validate(pool: &Pool, path: &Path, options: Options) -> Result<u64, ImportError> {
    let mut rows = Rows::open(path)?;
    let mut report = Report::new("line");
    let mut seen: HashMap<(u64, u64), u64> = HashMap::new();
    let mut progress = Progress::new("checking", None, options.quiet);
    let mut batch = Vec::with_capacity(BATCH);
    let mut read = 0u64;
    loop {
        let next = rows.next_row()?;
        let end = next.is_none();
        if let Some(r) = next {
            read += 1;
            match r {
                Err(problems) => report.add_row(problems),
                Ok(p) => match seen.entry(key_hash(&p.place.key())) {
                    std::collections::hash_map::Entry::Occupied(first) => {
                        report.add_row(vec![Problem {
                            row: p.row,
                            column: "row",
                            kind: "duplicate place",
                            detail: format!("also on line {}", first.get()),
                        }]);
                    }
                    std::collections::hash_map::Entry::Vacant(v) => {
                        v.insert(p.row);
                        batch.push(p);
                    }
                },
            }
        }
        if batch.len() >= BATCH || (end && !batch.is_empty()) {
            for r in locate(pool, std::mem::take(&mut batch)).await? {
                report.add_row(r.err().into_iter().collect());
            }
            progress.tick(read);
        }
        if end {
            break;
        }
    }
    progress.finish(read);
    if !report.is_clean() {
        return Err(ImportError::Rows(report));
    }
    if report.rows == 0 {
        return Err(ImportError::File("the file has no rows".into()));
    }
    Ok(report.rows)
}

/// Imports a file (see the module docs): checks it whole, then writes it in one transaction.
pub async fn import(pool: &Pool, path: &Path, options: Options) -> Result<Summary, ImportError> {
    let total = validate(pool, path, options).await?;
    let mut rows = Rows::open(path)?;
    let ignored_columns = rows.header.ignored.clone();
    let mut tx = db::begin_write(pool).await?;
    let removed = if options.replace {
        customers::delete_all(&mut tx).await?
    } else {
        0
    };
    let mut progress = Progress::new("writing", Some(total), options.quiet);
    let (mut done, mut counts) = (0u64, 0u64);
    let changed = || ImportError::File("the file changed while it was being imported".into());
    let mut batch = Vec::with_capacity(BATCH);
    loop {
        let next = rows.next_row()?;
        let end = next.is_none();
        if let Some(r) = next {
            batch.push(r.map_err(|_| changed())?);
        }
        if batch.len() >= BATCH || (end && !batch.is_empty()) {
            let n = batch.len() as u64;
            // Looked up inside the transaction: the register as this import sees it.
            let mut out = Vec::new();
            for r in locate_tx(&mut tx, std::mem::take(&mut batch)).await? {
                let (p, lat, long) = r.map_err(|_| changed())?;
                let key = p.place.key();
                for (category, n) in p.counts {
                    out.push(CustomerCount {
                        place_key: key.clone(),
                        category,
                        customers: n,
                        lat,
                        long,
                    });
                }
            }
            customers::upsert(&mut tx, &out).await?;
            counts += out.len() as u64;
            done += n;
            progress.tick(done);
        }
        if end {
            break;
        }
    }
    progress.finish(done);
    if done != total {
        return Err(changed());
    }
    let (total_counts, total_customers) = customers::totals(&mut *tx).await?;
    tx.commit().await?;
    Ok(Summary {
        rows: done,
        counts,
        removed,
        total_counts,
        total_customers,
        ignored_columns,
    })
}

/// [`locate`] inside the import's transaction.
async fn locate_tx(
    tx: &mut db::Tx,
    batch: Vec<Parsed>,
) -> Result<Vec<Result<(Parsed, f64, f64), Problem>>, sqlx::Error> {
    let ids: Vec<String> = batch
        .iter()
        .filter_map(|p| match &p.place {
            Place::Address(id) => Some(id.clone()),
            Place::Point(..) => None,
        })
        .collect();
    let found = customers::address_points(&mut **tx, &ids).await?;
    Ok(resolve(batch, &found))
}

/// Each row with its point, or the problem of an address the register lacks.
fn resolve(
    batch: Vec<Parsed>,
    found: &HashMap<String, (f64, f64)>,
) -> Vec<Result<(Parsed, f64, f64), Problem>> {
    batch
        .into_iter()
        .map(|p| match &p.place {
            Place::Point(lat, long) => {
                let (lat, long) = (*lat, *long);
                Ok((p, lat, long))
            }
            Place::Address(id) => match found.get(id) {
                Some(&(lat, long)) => Ok((p, lat, long)),
                None => Err(Problem {
                    row: p.row,
                    column: "address_id",
                    kind: "unknown address id",
                    detail: format!("{} is not in the address register", excerpt(id)),
                }),
            },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minus_zero_is_the_same_place() {
        assert_eq!(
            Place::Point(-0.0, 30.5).key(),
            Place::Point(0.0, 30.5).key()
        );
        assert_ne!(
            Place::Point(0.0, 30.5).key(),
            Place::Point(0.0, 30.25).key()
        );
    }
}
