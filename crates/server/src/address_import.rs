//! Importing the operator's address register (issue 21): `spotdesk-server import addresses`.
//!
//! Two passes over the file. The first reads and checks every row (required columns, numbers
//! and ranges, lengths, UTF-8, duplicate ids, a name to search by) and writes nothing: if any
//! row is bad, the [`Report`] names the rows (up to a cap) and the import stops. The second
//! writes every row in **one** transaction (`store::addresses::begin_import`): upserts by id in
//! multi-row statements, with `--replace` deletes the addresses the file does not have, adds
//! the places, words and typo keys the geocoder searches and drops the ones no address uses
//! any more. So a killed import leaves the previous data as it was, and importing the same
//! file twice leaves the same addresses. Running servers read the register on every search
//! (`crate::geocoder`), so they see the import when it commits.

pub mod progress;
pub mod read;
pub mod report;

pub use progress::Progress;
pub use read::Format;
pub use report::Report;

use crate::db::{Backend, Pool};
use crate::store::addresses::{self, Place, StoredAddress, BATCH_ROWS};
use chrono::{DateTime, Utc};
use read::{check, Rows};
use spotdesk_core::gazetteer::typo_keys;
use std::collections::hash_map::Entry;
use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::hash::{Hash, Hasher};
use std::path::Path;

/// Why an import did not happen.
#[derive(Debug)]
pub enum ImportError {
    /// The file as a whole cannot be read (missing column, not GeoJSON, too large...).
    File(String),
    /// Some rows are bad: nothing was written.
    Rows(Report),
    /// The database failed: nothing was written.
    Database(sqlx::Error),
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::File(m) => write!(f, "{m}; nothing was imported"),
            ImportError::Rows(r) => write!(f, "{r}"),
            ImportError::Database(e) => write!(f, "database: {e}; nothing was imported"),
        }
    }
}

impl std::error::Error for ImportError {}

impl From<sqlx::Error> for ImportError {
    fn from(e: sqlx::Error) -> Self {
        ImportError::Database(e)
    }
}

/// How to import.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// The file's format.
    pub format: Format,
    /// Remove the addresses the file does not have.
    pub replace: bool,
    /// Print no progress.
    pub quiet: bool,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Rows in the file (all written: inserted, updated or unchanged).
    pub rows: u64,
    /// Addresses removed by `--replace`.
    pub removed: u64,
    /// Addresses in the register afterwards.
    pub total: i64,
    /// Header columns that were not read.
    pub ignored_columns: Vec<String>,
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "imported {} addresses ({} removed); the register has {}",
            self.rows, self.removed, self.total
        )?;
        if !self.ignored_columns.is_empty() {
            write!(f, "; ignored columns: {}", self.ignored_columns.join(", "))?;
        }
        Ok(())
    }
}

/// Two 64-bit hashes of an id: duplicates are found without keeping millions of strings.
fn id_hash(id: &str) -> (u64, u64) {
    let mut a = std::collections::hash_map::DefaultHasher::new();
    id.hash(&mut a);
    let mut b = std::collections::hash_map::DefaultHasher::new();
    (0x5a5a_u16, id).hash(&mut b);
    (a.finish(), b.finish())
}

/// Checks every row of a file without writing; the number of rows, or the problems.
pub fn validate(path: &Path, options: Options) -> Result<u64, ImportError> {
    let mut rows = Rows::open(path, options.format)?;
    let mut report = Report::new(rows.unit());
    let matcher = crate::geocoder::matcher();
    let mut seen: HashMap<(u64, u64), u64> = HashMap::new();
    let mut progress = Progress::new("checking", None, options.quiet);
    while let Some(raw) = rows.next_row()? {
        let result = check(raw, matcher);
        let problems = match result {
            Ok(rec) => match seen.entry(id_hash(&rec.stored.key)) {
                Entry::Occupied(first) => vec![report::Problem {
                    row: rec.row,
                    column: "id",
                    kind: "duplicate id",
                    detail: format!("{} also on {} {}", rec.stored.key, rows.unit(), first.get()),
                }],
                Entry::Vacant(v) => {
                    v.insert(rec.row);
                    Vec::new()
                }
            },
            Err(problems) => problems,
        };
        report.add_row(problems);
        progress.tick(report.rows);
    }
    progress.finish(report.rows);
    if !report.is_clean() {
        return Err(ImportError::Rows(report));
    }
    if report.rows == 0 {
        return Err(ImportError::File("the file has no rows".into()));
    }
    Ok(report.rows)
}

/// Imports a file into the register (see the module docs): checks it whole, then writes it in
/// one transaction.
pub async fn import(
    pool: &Pool,
    path: &Path,
    options: Options,
    now: DateTime<Utc>,
) -> Result<Summary, ImportError> {
    let total_rows = validate(path, options)?;
    let mut rows = Rows::open(path, options.format)?;
    let ignored_columns = rows.ignored_columns().to_vec();
    let matcher = crate::geocoder::matcher();
    let mut tx = addresses::begin_import(pool).await?;
    if Backend::of_pool(pool) == Backend::Sqlite {
        // A larger page cache for this transaction's index updates (256 MiB).
        sqlx::query("PRAGMA cache_size = -262144")
            .execute(&mut *tx)
            .await?;
    }
    let run =
        addresses::start_import(&mut tx, &path.display().to_string(), options.replace, now).await?;
    let mut places: HashMap<String, Place> = HashMap::new();
    let mut batch: Vec<StoredAddress> = Vec::with_capacity(BATCH_ROWS);
    let mut done = 0u64;
    let mut progress = Progress::new("writing", Some(total_rows), options.quiet);
    while let Some(raw) = rows.next_row()? {
        // The file was checked; a row that fails now changed under us.
        let rec = check(raw, matcher).map_err(|_| {
            ImportError::File("the file changed while it was being imported".into())
        })?;
        if !places.contains_key(&rec.stored.place) {
            places.insert(
                rec.stored.place.clone(),
                Place {
                    place: rec.stored.place.clone(),
                    name: rec.place_name,
                    lat: rec.stored.lat,
                    long: rec.stored.long,
                },
            );
        }
        batch.push(rec.stored);
        if batch.len() == BATCH_ROWS {
            addresses::upsert(&mut tx, &batch, run).await?;
            done += batch.len() as u64;
            batch.clear();
            progress.tick(done);
        }
    }
    addresses::upsert(&mut tx, &batch, run).await?;
    done += batch.len() as u64;
    progress.finish(done);
    if done != total_rows {
        return Err(ImportError::File(
            "the file changed while it was being imported".into(),
        ));
    }
    let removed = if options.replace {
        addresses::delete_others(&mut tx, run).await?
    } else {
        0
    };
    let places: Vec<Place> = places.into_values().collect();
    let mut words: BTreeSet<(String, String)> = BTreeSet::new();
    for p in &places {
        for w in p.place.split(' ').filter(|w| !w.is_empty()) {
            words.insert((w.to_owned(), p.place.clone()));
        }
    }
    let vocabulary: BTreeSet<&str> = words.iter().map(|(w, _)| w.as_str()).collect();
    let typos: Vec<(String, String)> = vocabulary
        .iter()
        .flat_map(|w| typo_keys(w).into_iter().map(|k| (k, (*w).to_owned())))
        .collect();
    let words: Vec<(String, String)> = words.into_iter().collect();
    addresses::add_places(&mut tx, &places).await?;
    addresses::add_words(&mut tx, &words).await?;
    addresses::add_typos(&mut tx, &typos).await?;
    addresses::remove_orphans(&mut tx).await?;
    addresses::finish_import(&mut tx, run, done).await?;
    let total = addresses::count(&mut *tx).await?;
    tx.commit().await?;
    Ok(Summary {
        rows: done,
        removed,
        total,
        ignored_columns,
    })
}
