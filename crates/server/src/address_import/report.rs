//! What is wrong with an import file: each bad row (up to [`MAX_LISTED`]) with its column and
//! reason, and how many rows had each kind of problem.

use std::collections::BTreeMap;
use std::fmt;

/// Most problems listed one by one; the rest are only counted.
pub const MAX_LISTED: usize = 100;

/// One problem of one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Line of the CSV file (the header is line 1) or number of the GeoJSON feature (from 1).
    pub row: u64,
    /// The column or property (`lat`, `id`, ...), or `row` for the row as a whole.
    pub column: &'static str,
    /// The kind of problem (`out of range`, `duplicate id`, ...): what is counted.
    pub kind: &'static str,
    /// Details for the reader: the value, the allowed range, the first line of a duplicate.
    pub detail: String,
}

/// The problems of a whole file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// `line` (CSV) or `feature` (GeoJSON): what [`Problem::row`] counts.
    pub unit: &'static str,
    /// Rows read.
    pub rows: u64,
    /// Rows with at least one problem.
    pub bad_rows: u64,
    /// The first [`MAX_LISTED`] problems, in file order.
    pub listed: Vec<Problem>,
    /// Problems per `(column, kind)`.
    pub counts: BTreeMap<(&'static str, &'static str), u64>,
}

impl Report {
    /// An empty report counting rows as `unit`.
    pub fn new(unit: &'static str) -> Self {
        Self {
            unit,
            ..Self::default()
        }
    }

    /// Records the problems of one row (none: a good row).
    pub fn add_row(&mut self, problems: Vec<Problem>) {
        self.rows += 1;
        if problems.is_empty() {
            return;
        }
        self.bad_rows += 1;
        for p in problems {
            *self.counts.entry((p.column, p.kind)).or_default() += 1;
            if self.listed.len() < MAX_LISTED {
                self.listed.push(p);
            }
        }
    }

    /// Whether every row was good.
    pub fn is_clean(&self) -> bool {
        self.bad_rows == 0
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} of {} rows have problems; nothing was imported.",
            self.bad_rows, self.rows
        )?;
        let total: u64 = self.counts.values().sum();
        if total > self.listed.len() as u64 {
            writeln!(f, "The first {} problems:", self.listed.len())?;
        }
        for p in &self.listed {
            writeln!(
                f,
                "  {} {}, {}: {}{}",
                self.unit,
                p.row,
                p.column,
                p.kind,
                if p.detail.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", p.detail)
                }
            )?;
        }
        writeln!(f, "Problems by column and reason:")?;
        for ((column, kind), n) in &self.counts {
            writeln!(f, "  {column}: {kind}: {n}")?;
        }
        Ok(())
    }
}
