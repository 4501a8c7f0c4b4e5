//! `spotdesk-server import …`: loading the operator's own data from files (issue 21).
//! Today: `import addresses --db URL FILE [--replace] [--format csv|geojson]`
//! ([`crate::address_import`]).

use crate::address_import::{self, Format, ImportError, Options, Summary};
use crate::admin_cli::Database;
use crate::clock::Clock;
use std::path::PathBuf;

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

/// Runs an import command: the summary, or why nothing was imported.
pub async fn run(command: ImportCommand) -> Result<Summary, ImportError> {
    match command {
        ImportCommand::Addresses(a) => {
            let pool = crate::db::connect(&a.database.db).await?;
            crate::db::migrate(&pool)
                .await
                .map_err(|e| ImportError::File(format!("database migration: {e}")))?;
            let options = Options {
                format: a.format.unwrap_or_else(|| Format::of_path(&a.file)),
                replace: a.replace,
                quiet: a.quiet,
            };
            let summary =
                address_import::import(&pool, &a.file, options, Clock::default().now()).await;
            pool.close().await;
            summary
        }
    }
}
