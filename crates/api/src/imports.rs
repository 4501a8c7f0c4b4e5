//! Imports of the operator's own data through the administration section
//! (`/admin/imports`): an uploaded file becomes an [`ImportJob`] whose state the page follows
//! until it is [`ImportState::Done`] (with an [`ImportResult`]) or
//! [`ImportState::Rejected`] (with an [`ImportReport`] of the bad rows; nothing imported).

use crate::ids::ImportId;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Largest upload of `POST /admin/imports/{kind}`, in bytes (1 GiB): a region's address
/// register as CSV (5 million rows are about 600 MB) fits; larger files go through the
/// command line (`spotdesk-server import`).
pub const IMPORT_MAX_BYTES: u64 = 1 << 30;
/// Largest GeoJSON upload (256 MiB): GeoJSON is parsed whole, in memory.
pub const IMPORT_MAX_GEOJSON_BYTES: u64 = 256 << 20;

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ImportKind {
    /// The address register (CSV or GeoJSON points).
    Addresses,
    /// Coverage layers (GeoJSON polygons and multipolygons).
    Coverage,
    /// Where customers are: counts per place (CSV).
    Customers,
    /// Past tickets from the previous system (CSV), as `spotdesk-server import tickets`.
    Tickets,
}

impl ImportKind {
    /// Every kind, in menu order.
    pub const ALL: [ImportKind; 4] = [
        ImportKind::Addresses,
        ImportKind::Coverage,
        ImportKind::Customers,
        ImportKind::Tickets,
    ];

    /// The path segment and wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            ImportKind::Addresses => "addresses",
            ImportKind::Coverage => "coverage",
            ImportKind::Customers => "customers",
            ImportKind::Tickets => "tickets",
        }
    }
}

/// The file's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ImportFormat {
    /// UTF-8 CSV with a header line.
    Csv,
    /// A GeoJSON FeatureCollection.
    Geojson,
}

/// Where an import is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ImportState {
    /// Every row is being read and checked; nothing is written.
    Checking,
    /// The file was good; its rows are being written in one transaction.
    Writing,
    /// Done: `result` says what changed.
    Done,
    /// The file was not imported: bad rows (`report`) or a file-level problem (`error`).
    /// Nothing was written.
    Rejected,
    /// The database failed; nothing was written (`error`).
    Failed,
}

impl ImportState {
    /// Whether the import has ended.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            ImportState::Done | ImportState::Rejected | ImportState::Failed
        )
    }
}

/// Progress of the current phase.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportProgress {
    /// Rows done in this phase.
    pub rows_done: u64,
    /// Rows of the file, once known (after checking).
    pub rows_total: Option<u64>,
    /// Rows per second in this phase so far.
    pub rows_per_second: f64,
    /// Estimated seconds left of this phase, when the total is known.
    pub seconds_left: Option<f64>,
}

/// One problem of one row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportProblem {
    /// CSV line (the header is line 1) or GeoJSON feature number (from 1).
    pub row: u64,
    /// The column or property (`lat`, `id`), or `row` for the row as a whole.
    pub column: String,
    /// The kind of problem (`out of range`, `duplicate id`, `missing`): what is counted.
    pub reason: String,
    /// Details: the value, the allowed range, the first line of a duplicate.
    pub detail: String,
}

/// How many rows had one kind of problem in one column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportProblemCount {
    pub column: String,
    pub reason: String,
    pub count: u64,
}

/// The bad rows of a rejected file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportReport {
    /// `line` (CSV) or `feature` (GeoJSON): what [`ImportProblem::row`] counts.
    pub unit: String,
    /// Rows read.
    pub rows: u64,
    /// Rows with at least one problem.
    pub bad_rows: u64,
    /// The first problems in file order (at most `listed_max`).
    pub problems: Vec<ImportProblem>,
    /// Most problems listed one by one; the rest are only counted.
    pub listed_max: u64,
    /// Problems per column and reason.
    pub counts: Vec<ImportProblemCount>,
}

/// What a finished import changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportResult {
    /// Rows of the file, all written.
    pub rows: u64,
    /// Rows that were not in the store before.
    pub added: u64,
    /// Rows that were (written again: changed, or the same as before). Tickets: tickets
    /// imported before that `replace` overwrote because the file's row differs.
    pub updated: u64,
    /// Rows removed because the file did not have them (`replace`). Tickets: always 0
    /// (tickets are never deleted).
    pub removed: u64,
    /// Rows in the store afterwards. Tickets: the imported tickets in the database.
    pub total: u64,
    /// Header columns that were not read.
    pub ignored_columns: Vec<String>,
    /// Coverage: the polygons of each layer afterwards (`rows` counts polygons).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub layers: Vec<ImportLayerSize>,
    /// Customers: the customers in the register afterwards (`rows` counts places, `total`
    /// the stored counts of a place and category).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customers: Option<i64>,
    /// Tickets: rows whose ticket was imported before and left as it was (without `replace`,
    /// or the same as the file).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unchanged: Option<u64>,
}

/// The size of one coverage layer after an import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportLayerSize {
    /// The layer as stored (`4g`, `fixed`).
    pub layer: String,
    /// Its polygons.
    pub polygons: i64,
}

/// An import started by `POST /admin/imports/{kind}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportJob {
    pub id: ImportId,
    pub kind: ImportKind,
    pub format: ImportFormat,
    /// Whether rows the file does not have are removed (tickets: whether tickets imported
    /// before are overwritten from the file).
    pub replace: bool,
    /// Size of the uploaded file.
    pub bytes: u64,
    /// Username of the administrator who uploaded it.
    pub by: String,
    pub started_at: DateTime<Utc>,
    pub state: ImportState,
    /// Progress of the current phase (`checking` or `writing`; the last one when final).
    pub progress: ImportProgress,
    /// The bad rows, when `rejected` for them.
    pub report: Option<ImportReport>,
    /// What changed, when `done`.
    pub result: Option<ImportResult>,
    /// Why, when `rejected` for the file as a whole (a missing column, not GeoJSON) or
    /// `failed`; English.
    pub error: Option<String>,
}

/// `POST /admin/imports/{kind}` query parameters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct ImportParams {
    /// Remove the rows the file does not have (default: add and update only). Tickets:
    /// overwrite the tickets imported before from the file's rows (never deletes).
    pub replace: Option<bool>,
    /// The file's format; default: from `Content-Type` (`text/csv`; `application/geo+json`
    /// or `application/json`).
    pub format: Option<ImportFormat>,
    /// Coverage only: the layer of features without a `technology` property (`4g`, `fixed`;
    /// at most 32 characters).
    pub technology: Option<String>,
}
