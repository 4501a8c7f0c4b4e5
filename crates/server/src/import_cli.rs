//! `spotdesk-server import …`: loading the operator's own data from files (issue 21).
//! `import addresses --db URL FILE [--replace] [--format csv|geojson]`
//! ([`crate::address_import`]), `import coverage --db URL FILE [--replace] [--technology NAME]`
//! ([`crate::coverage_import`]), `import customers --db URL FILE [--replace]`
//! ([`crate::customer_import`]) and `import tickets --db URL FILE [--replace]`
//! ([`crate::ticket_import`]).
//!
//! Each runs through [`crate::import_jobs::import`], as an administrator's upload does, so a
//! successful import is in the audit log too (`import.<kind>`, actor `cli`, written right after
//! the import's transaction commits).

use crate::address_import::{Format, ImportError};
use crate::admin_cli::Database;
use crate::clock::Clock;
use crate::import_jobs::{self, Request};
use crate::store::audit::{Actor, CLI_ACTOR};
use spotdesk_api::{ImportFormat, ImportKind};
use std::path::{Path, PathBuf};

/// `spotdesk-server import` arguments.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// What to import.
    #[command(subcommand)]
    pub command: ImportCommand,
}

/// The kinds of data.
#[derive(Debug, Clone, clap::Subcommand)]
pub enum ImportCommand {
    /// The address register: CSV (UTF-8, header with `id`, `address`, `lat`, `long` and
    /// optionally `region`, `city`, `street`, `house`, `building`) or a GeoJSON
    /// FeatureCollection of Points with those properties. Checked whole before anything is
    /// written, then applied in one transaction; rows are matched by `id`.
    Addresses(AddressesArgs),
    /// Coverage layers: a GeoJSON FeatureCollection of Polygons and MultiPolygons, each with
    /// a `technology` property (the operator's layer name: 2G, 4G, LTE, fixed, ...; or
    /// `--technology` for features without one) and optionally `quality` (0..1). Checked whole,
    /// applied in one transaction; the same polygon is stored once per layer.
    Coverage(CoverageArgs),
    /// Where customers are: CSV with `address_id` (of the address register) or `lat` and
    /// `long`, and count columns `customers`, `tech:<layer>` (tech:4g, tech:fixed) or
    /// `service:<code>`. Checked whole, applied in one transaction; a place's counts replace
    /// the stored ones.
    Customers(CustomersArgs),
    /// Past tickets from the previous system: CSV with `external_id` (or Open311's
    /// `service_request_id`), `service_code`, `created_at` (or `requested_datetime`), `lat`
    /// and `long` (or `address_id`), and optionally `status`, `resolved_at`, `updated_at`,
    /// `channel`, `topic`, `description`, `customer_phone`, `customer_name`, `group`, ...
    /// (times RFC 3339, or `YYYY-MM-DD HH:MM[:SS]` in UTC). Checked whole, applied in one
    /// transaction; a ticket whose id was imported before is left as it is.
    Tickets(TicketsArgs),
}

/// `import coverage` arguments.
#[derive(Debug, Clone, clap::Args)]
pub struct CoverageArgs {
    #[command(flatten)]
    pub database: Database,
    /// The GeoJSON file.
    pub file: PathBuf,
    /// Remove the polygons of the file's layers that the file does not have (default: add
    /// only; other layers are never touched).
    #[arg(long)]
    pub replace: bool,
    /// The layer of features without a `technology` property.
    #[arg(long)]
    pub technology: Option<String>,
    /// Print no progress.
    #[arg(long)]
    pub quiet: bool,
}

/// `import customers` arguments.
#[derive(Debug, Clone, clap::Args)]
pub struct CustomersArgs {
    #[command(flatten)]
    pub database: Database,
    /// The CSV file.
    pub file: PathBuf,
    /// Remove every stored count first (default: add and update only).
    #[arg(long)]
    pub replace: bool,
    /// Print no progress.
    #[arg(long)]
    pub quiet: bool,
}

/// `import tickets` arguments.
#[derive(Debug, Clone, clap::Args)]
pub struct TicketsArgs {
    #[command(flatten)]
    pub database: Database,
    /// The CSV file.
    pub file: PathBuf,
    /// Overwrite the tickets imported before from the file's rows (default: leave them as
    /// they are). Tickets are never deleted.
    #[arg(long)]
    pub replace: bool,
    /// Print no progress.
    #[arg(long)]
    pub quiet: bool,
}

/// Connects to and migrates the database an import writes to.
async fn open(database: &Database) -> Result<crate::db::Pool, ImportError> {
    let pool = crate::db::connect(&database.db).await?;
    crate::db::migrate(&pool)
        .await
        .map_err(|e| ImportError::File(format!("database migration: {e}")))?;
    Ok(pool)
}

/// `import addresses` arguments.
#[derive(Debug, Clone, clap::Args)]
pub struct AddressesArgs {
    #[command(flatten)]
    pub database: Database,
    /// The file (`.csv`, or `.geojson`/`.json`).
    pub file: PathBuf,
    /// Remove the addresses that are not in the file (default: add and update only).
    #[arg(long)]
    pub replace: bool,
    /// The file's format (default: from the file name).
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Print no progress.
    #[arg(long)]
    pub quiet: bool,
}

/// Runs an import command: the summary line, or why nothing was imported.
pub async fn run(command: ImportCommand) -> Result<String, ImportError> {
    let (database, file, quiet, kind, format, replace, technology) = match command {
        ImportCommand::Addresses(a) => {
            let format = match a.format.unwrap_or_else(|| Format::of_path(&a.file)) {
                Format::Csv => ImportFormat::Csv,
                Format::Geojson => ImportFormat::Geojson,
            };
            let kind = ImportKind::Addresses;
            (a.database, a.file, a.quiet, kind, format, a.replace, None)
        }
        ImportCommand::Coverage(a) => {
            let (kind, format) = (ImportKind::Coverage, ImportFormat::Geojson);
            (
                a.database,
                a.file,
                a.quiet,
                kind,
                format,
                a.replace,
                a.technology,
            )
        }
        ImportCommand::Customers(a) => {
            let (kind, format) = (ImportKind::Customers, ImportFormat::Csv);
            (a.database, a.file, a.quiet, kind, format, a.replace, None)
        }
        ImportCommand::Tickets(a) => {
            let (kind, format) = (ImportKind::Tickets, ImportFormat::Csv);
            (a.database, a.file, a.quiet, kind, format, a.replace, None)
        }
    };
    let request = Request {
        kind,
        format,
        replace,
        technology,
        bytes: file_size(&file),
        actor: Actor::Cli,
        username: CLI_ACTOR.to_owned(),
    };
    let pool = open(&database).await?;
    let now = Clock::default().now();
    let done = import_jobs::import(&pool, import_jobs::new_id(), &file, &request, quiet, now).await;
    pool.close().await;
    let done = done?;
    if let Some(e) = done.audit_error {
        eprintln!(
            "spotdesk-server import: warning: the data is imported, but its audit entry could \
             not be written: {e}"
        );
    }
    Ok(done.summary)
}

/// The size of the file to import (0 when it cannot be read: the import then says why).
fn file_size(path: &Path) -> u64 {
    std::fs::metadata(path).map_or(0, |m| m.len())
}
