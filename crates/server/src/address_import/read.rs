//! Reading an address file row by row (CSV or GeoJSON) and checking each row.
//!
//! CSV is read with the `csv` crate (quoting, escaped quotes, line breaks inside quotes and a
//! byte-order mark are its business, and it reads raw bytes, so invalid UTF-8 is reported per
//! cell instead of failing the file); GeoJSON with `serde_json` into typed features. Both give
//! the same [`RawRow`], which [`check`] turns into a [`Record`] or the row's problems.

use super::report::Problem;
use super::ImportError;
use crate::store::addresses::StoredAddress;
use serde::Deserialize;
use spotdesk_core::gazetteer::{AddressMatcher, RegisterEntry};
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

/// The columns (CSV header names, GeoJSON property names), required ones first.
pub const COLUMNS: [&str; 9] = [
    "id", "address", "lat", "long", "region", "city", "street", "house", "building",
];
/// How many of [`COLUMNS`] are required.
const REQUIRED: usize = 4;
/// Other header names accepted for a column.
const ALIASES: [(&str, &str); 3] = [("lon", "long"), ("lng", "long"), ("latitude", "lat")];

/// Largest CSV file read.
pub const MAX_CSV_BYTES: u64 = 8 << 30;
/// Largest GeoJSON file read (it is parsed whole, in memory).
pub const MAX_GEOJSON_BYTES: u64 = 2 << 30;
/// Most rows in one file.
pub const MAX_ROWS: u64 = 20_000_000;
/// Longest CSV line (bytes between line breaks): a longer one is a broken or hostile file.
const MAX_LINE_BYTES: usize = 64 * 1024;
/// Longest id, in characters.
const MAX_ID_CHARS: usize = 100;
/// Longest address, in characters.
const MAX_ADDRESS_CHARS: usize = 500;
/// Longest component, in characters.
const MAX_PART_CHARS: usize = 200;

/// The kind of an address file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// CSV with a header line.
    Csv,
    /// A GeoJSON FeatureCollection of Points.
    Geojson,
}

impl Format {
    /// The format a file name suggests: `.geojson`/`.json` are GeoJSON, anything else CSV.
    pub fn of_path(path: &Path) -> Format {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_lowercase)
        {
            Some(e) if e == "geojson" || e == "json" => Format::Geojson,
            _ => Format::Csv,
        }
    }
}

/// One cell as read.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Absent or empty.
    Missing,
    /// Text.
    Text(String),
    /// A number (GeoJSON coordinates).
    Number(f64),
    /// Unreadable: why.
    Invalid(&'static str),
}

/// One row as read, before checking: cells in [`COLUMNS`] order.
#[derive(Debug, Clone, PartialEq)]
pub struct RawRow {
    /// CSV line or GeoJSON feature number.
    pub row: u64,
    /// The cells.
    pub cells: [Cell; 9],
    /// A problem of the row as a whole (wrong number of fields, not a Point).
    pub whole: Option<(&'static str, String)>,
}

/// A checked row.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// CSV line or GeoJSON feature number.
    pub row: u64,
    /// The row as it will be stored.
    pub stored: StoredAddress,
    /// The place's display name.
    pub place_name: String,
}

/// Rows of an open file.
pub enum Rows {
    /// CSV (boxed: the reader's buffers are large).
    Csv(Box<CsvRows>),
    /// GeoJSON (parsed whole).
    Geo(GeoRows),
}

impl Rows {
    /// Opens a file; a file-level problem (missing column, not GeoJSON, too large) is an error.
    pub fn open(path: &Path, format: Format) -> Result<Rows, ImportError> {
        let file = File::open(path)
            .map_err(|e| ImportError::File(format!("cannot open {}: {e}", path.display())))?;
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        match format {
            Format::Csv => {
                if size > MAX_CSV_BYTES {
                    return Err(ImportError::File(format!(
                        "the file is {size} bytes; at most {MAX_CSV_BYTES} are read"
                    )));
                }
                CsvRows::open(file).map(|c| Rows::Csv(Box::new(c)))
            }
            Format::Geojson => {
                if size > MAX_GEOJSON_BYTES {
                    return Err(ImportError::File(format!(
                        "the file is {size} bytes; at most {MAX_GEOJSON_BYTES} of GeoJSON are read \
                         (split it, or convert it to CSV)"
                    )));
                }
                GeoRows::open(file).map(Rows::Geo)
            }
        }
    }

    /// The next row, `None` at the end.
    pub fn next_row(&mut self) -> Result<Option<RawRow>, ImportError> {
        let row = match self {
            Rows::Csv(c) => c.next_row()?,
            Rows::Geo(g) => g.next_row(),
        };
        if let Some(r) = &row {
            if r.row > MAX_ROWS + 1 {
                return Err(ImportError::File(format!(
                    "more than {MAX_ROWS} rows; split the file"
                )));
            }
        }
        Ok(row)
    }

    /// What a row number counts: `line` or `feature`.
    pub fn unit(&self) -> &'static str {
        match self {
            Rows::Csv(_) => "line",
            Rows::Geo(_) => "feature",
        }
    }

    /// Header columns that are not read.
    pub fn ignored_columns(&self) -> &[String] {
        match self {
            Rows::Csv(c) => &c.ignored,
            Rows::Geo(_) => &[],
        }
    }
}

/// A reader that fails on a line longer than [`MAX_LINE_BYTES`] (a file without line breaks,
/// an unterminated quote), so one record never grows without bound. Public for the other CSV
/// imports (`crate::customer_import`).
pub struct LineLimit<R> {
    inner: R,
    since_newline: usize,
}

impl<R> LineLimit<R> {
    /// Wraps a reader.
    pub fn new(inner: R) -> Self {
        Self {
            inner,
            since_newline: 0,
        }
    }
}

impl<R: Read> Read for LineLimit<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        for &b in &buf[..n] {
            if b == b'\n' {
                self.since_newline = 0;
            } else {
                self.since_newline += 1;
                if self.since_newline > MAX_LINE_BYTES {
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::InvalidData,
                        format!("a line longer than {MAX_LINE_BYTES} bytes"),
                    ));
                }
            }
        }
        Ok(n)
    }
}

/// CSV rows.
pub struct CsvRows {
    reader: csv::Reader<LineLimit<BufReader<File>>>,
    /// For each of [`COLUMNS`], its field index.
    map: [Option<usize>; 9],
    width: usize,
    ignored: Vec<String>,
    record: csv::ByteRecord,
}

impl CsvRows {
    fn open(file: File) -> Result<CsvRows, ImportError> {
        let mut buf = BufReader::with_capacity(1 << 20, file);
        // `;` when the first line has semicolons and no commas (spreadsheets in Russian locales).
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
            .from_reader(LineLimit {
                inner: buf,
                since_newline: 0,
            });
        let header = reader
            .byte_headers()
            .map_err(|e| ImportError::File(format!("cannot read the header line: {e}")))?
            .clone();
        if header.is_empty() {
            return Err(ImportError::File("the file is empty".into()));
        }
        let mut map = [None; 9];
        let mut ignored = Vec::new();
        for (i, name) in header.iter().enumerate() {
            let Ok(name) = std::str::from_utf8(name) else {
                return Err(ImportError::File(format!(
                    "header field {} is not valid UTF-8",
                    i + 1
                )));
            };
            let name = name.trim().trim_start_matches('\u{feff}').to_lowercase();
            let name = ALIASES
                .iter()
                .find(|(alias, _)| *alias == name)
                .map_or(name.as_str(), |(_, to)| to);
            match COLUMNS.iter().position(|c| *c == name) {
                Some(c) if map[c].is_none() => map[c] = Some(i),
                Some(_) => {
                    return Err(ImportError::File(format!(
                        "the header names column {name:?} twice"
                    )))
                }
                None => ignored.push(name.to_owned()),
            }
        }
        let missing: Vec<&str> = (0..REQUIRED)
            .filter(|&c| map[c].is_none())
            .map(|c| COLUMNS[c])
            .collect();
        if !missing.is_empty() {
            return Err(ImportError::File(format!(
                "the header line lacks the required column(s) {}; required: id, address, lat, \
                 long; optional: region, city, street, house, building",
                missing.join(", ")
            )));
        }
        Ok(CsvRows {
            reader,
            map,
            width: header.len(),
            ignored,
            record: csv::ByteRecord::new(),
        })
    }

    fn next_row(&mut self) -> Result<Option<RawRow>, ImportError> {
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
        let whole = (self.record.len() != self.width).then(|| {
            (
                "wrong number of fields",
                format!(
                    "{} fields, the header has {}",
                    self.record.len(),
                    self.width
                ),
            )
        });
        let cells = self.map.map(|i| match i.and_then(|i| self.record.get(i)) {
            None => Cell::Missing,
            Some(bytes) => match std::str::from_utf8(bytes) {
                Ok(s) if s.trim().is_empty() => Cell::Missing,
                Ok(s) => Cell::Text(s.trim().to_owned()),
                Err(_) => Cell::Invalid("not valid UTF-8"),
            },
        });
        Ok(Some(RawRow { row, cells, whole }))
    }
}

/// A GeoJSON FeatureCollection as read.
#[derive(Deserialize)]
struct Collection {
    #[serde(rename = "type")]
    kind: String,
    features: Vec<Feature>,
}

/// A feature as read: any geometry, any properties.
#[derive(Deserialize)]
struct Feature {
    geometry: Option<Geometry>,
    #[serde(default)]
    properties: Option<serde_json::Map<String, serde_json::Value>>,
    #[serde(default)]
    id: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct Geometry {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    coordinates: serde_json::Value,
}

/// GeoJSON features.
pub struct GeoRows {
    features: std::vec::IntoIter<Feature>,
    n: u64,
}

impl GeoRows {
    fn open(file: File) -> Result<GeoRows, ImportError> {
        let c: Collection = serde_json::from_reader(BufReader::with_capacity(1 << 20, file))
            .map_err(|e| {
                ImportError::File(format!(
                    "not a GeoJSON FeatureCollection (line {}, column {}): {e}",
                    e.line(),
                    e.column()
                ))
            })?;
        if c.kind != "FeatureCollection" {
            return Err(ImportError::File(format!(
                "the GeoJSON is a {:?}, not a FeatureCollection",
                c.kind
            )));
        }
        Ok(GeoRows {
            features: c.features.into_iter(),
            n: 0,
        })
    }

    fn next_row(&mut self) -> Option<RawRow> {
        let f = self.features.next()?;
        self.n += 1;
        let props = f.properties.unwrap_or_default();
        let text = |v: Option<&serde_json::Value>| match v {
            None | Some(serde_json::Value::Null) => Cell::Missing,
            Some(serde_json::Value::String(s)) if s.trim().is_empty() => Cell::Missing,
            Some(serde_json::Value::String(s)) => Cell::Text(s.trim().to_owned()),
            Some(serde_json::Value::Number(n)) => Cell::Text(n.to_string()),
            Some(_) => Cell::Invalid("not text or a number"),
        };
        let mut cells: [Cell; 9] = COLUMNS.map(|c| text(props.get(c)));
        if cells[0] == Cell::Missing {
            cells[0] = text(f.id.as_ref());
        }
        let mut whole = None;
        match &f.geometry {
            Some(g) if g.kind == "Point" => {
                let pair = g.coordinates.as_array().filter(|a| a.len() >= 2);
                let num = |i: usize| {
                    pair.and_then(|a| a[i].as_f64())
                        .map_or(Cell::Invalid("not a number"), Cell::Number)
                };
                // GeoJSON order: longitude, latitude.
                cells[2] = num(1);
                cells[3] = num(0);
            }
            Some(g) => {
                whole = Some(("not a Point", format!("geometry {:?}", g.kind)));
            }
            None => whole = Some(("not a Point", "no geometry".to_owned())),
        }
        Some(RawRow {
            row: self.n,
            cells,
            whole,
        })
    }
}

/// A short, printable excerpt of a value for a report.
fn excerpt(s: &str) -> String {
    let short: String = s.chars().take(40).collect();
    format!("{short:?}")
}

/// Checks a row: the stored form, or every problem of the row.
pub fn check(raw: RawRow, matcher: &AddressMatcher) -> Result<Record, Vec<Problem>> {
    let mut problems = Vec::new();
    let row = raw.row;
    let mut problem = |column: &'static str, kind: &'static str, detail: String| {
        problems.push(Problem {
            row,
            column,
            kind,
            detail,
        })
    };
    if let Some((kind, detail)) = raw.whole {
        problem("row", kind, detail);
    }
    let mut texts: [Option<String>; 9] = Default::default();
    let mut coords = [0.0f64; 2];
    for (c, cell) in raw.cells.into_iter().enumerate() {
        let column = COLUMNS[c];
        match cell {
            Cell::Missing if c < REQUIRED => problem(column, "missing", String::new()),
            Cell::Missing => {}
            Cell::Invalid(why) => problem(column, why, String::new()),
            Cell::Number(x) if c == 2 || c == 3 => coords[c - 2] = x,
            Cell::Number(x) => texts[c] = Some(x.to_string()),
            Cell::Text(s) if c == 2 || c == 3 => match s.replace(',', ".").parse::<f64>() {
                Ok(x) => coords[c - 2] = x,
                Err(_) => problem(column, "not a number", excerpt(&s)),
            },
            Cell::Text(s) => {
                let limit = match c {
                    0 => MAX_ID_CHARS,
                    1 => MAX_ADDRESS_CHARS,
                    _ => MAX_PART_CHARS,
                };
                if s.chars().count() > limit {
                    problem(column, "too long", format!("more than {limit} characters"));
                } else if s.chars().any(char::is_control) {
                    problem(column, "control character", excerpt(&s));
                } else {
                    texts[c] = Some(s);
                }
            }
        }
    }
    let [lat, long] = coords;
    if !lat.is_finite() || !(-90.0..=90.0).contains(&lat) {
        problem("lat", "out of range", format!("{lat}; allowed -90..90"));
    }
    if !long.is_finite() || !(-180.0..=180.0).contains(&long) {
        problem("long", "out of range", format!("{long}; allowed -180..180"));
    }
    let [id, address, _, _, region, city, street, house, building] = texts;
    let key = address.as_deref().and_then(|a| {
        matcher.key(&RegisterEntry {
            address: a,
            region: region.as_deref(),
            city: city.as_deref(),
            street: street.as_deref(),
            house: house.as_deref(),
            building: building.as_deref(),
        })
    });
    if address.is_some() && key.is_none() {
        problem(
            "address",
            "no name to search by",
            "no street or place word besides numbers and street types".into(),
        );
    }
    match (id, address, key) {
        (Some(id), Some(address), Some(key)) if problems.is_empty() => Ok(Record {
            row,
            place_name: key.place_name,
            stored: StoredAddress {
                key: id,
                address,
                region,
                city,
                street,
                house,
                building,
                lat,
                long,
                place: key.place,
                house_no: key.house_no.map(i64::from),
                house_key: key.house,
            },
        }),
        _ => Err(problems),
    }
}
