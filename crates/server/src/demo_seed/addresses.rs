//! The demo city's addresses, loaded into the address register the way an operator loads its
//! own (issue 21: "the demo city becomes one such import"). `--demo` writes the demo
//! gazetteer as an address CSV (the README's columns) and runs [`crate::address_import`] on
//! it, so the demo searches exactly what an operator's import gives, and nothing is searched
//! from the binary.

use crate::address_import::{self, Format, Options};
use crate::db::Pool;
use crate::store::addresses;
use crate::StartupError;
use chrono::{DateTime, Utc};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// File name of the generated register (kept in the import run's record).
const FILE_NAME: &str = "demo-city-addresses.csv";

/// Imports the demo city's addresses unless the register already has addresses (the
/// operator's, or the demo's from an earlier start).
pub async fn import_if_empty(pool: &Pool, now: DateTime<Utc>) -> Result<(), StartupError> {
    if addresses::any(pool).await? {
        return Ok(());
    }
    let started = Instant::now();
    let dir = tempfile_dir(now)?;
    let path = dir.join(FILE_NAME);
    let result = async {
        write_csv(&path)?;
        let options = Options {
            format: Format::Csv,
            replace: false,
            quiet: true,
        };
        address_import::import(pool, &path, options, now)
            .await
            .map_err(|e| -> StartupError { format!("importing the demo addresses: {e}").into() })
    }
    .await;
    // The file was only the import's input.
    let _ = std::fs::remove_dir_all(&dir);
    let summary = result?;
    tracing::info!(
        addresses = summary.rows,
        ms = started.elapsed().as_millis() as u64,
        "imported the demo city's addresses into the address register"
    );
    Ok(())
}

/// A fresh directory of this process under the system's temporary directory (`now` only
/// makes its name unique).
fn tempfile_dir(now: DateTime<Utc>) -> Result<PathBuf, StartupError> {
    let nanos = now.timestamp_nanos_opt().unwrap_or_default();
    let dir = std::env::temp_dir().join(format!("spotdesk-demo-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
    Ok(dir)
}

/// Writes the demo gazetteer as an address register CSV: `id`, `address` (as agents have
/// always read it, `ул. Ленина, 12`), `lat`, `long`, `city`, `street`, `house`; with the
/// city as a component, "Северогорск, ул. Ленина, 12" finds the house as "Ленина 12" does.
fn write_csv(path: &Path) -> Result<(), StartupError> {
    let city = spotdesk_demo::CITY_NAMES
        .first()
        .copied()
        .unwrap_or_default();
    let mut out = csv::Writer::from_path(path)?;
    out.write_record(["id", "address", "lat", "long", "city", "street", "house"])?;
    for a in spotdesk_demo::gazetteer().addresses() {
        out.write_record([
            format!("demo-{}-{}", a.street_index, a.house),
            a.address_string(),
            a.lat.to_string(),
            a.long.to_string(),
            city.to_owned(),
            a.street_ru.clone(),
            a.house.to_string(),
        ])?;
    }
    out.flush()?;
    Ok(())
}
