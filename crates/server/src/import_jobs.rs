//! Imports started by uploads to `/admin/imports/{kind}` (issue 21): the uploaded file on disk,
//! the import run on it in the background, and its state for `GET /admin/imports/{id}`.
//!
//! The checks and the write are the command line's (`crate::address_import`,
//! `crate::coverage_import`, `crate::customer_import`, `crate::ticket_import`: the file checked
//! whole, then written in one transaction); a job only runs them off the async workers
//! (`spawn_blocking`, since checking a large file is CPU work) inside
//! [`progress::observe`], so the phases' row counts are readable while they run. Why a job
//! and not one long request: checking and writing a region's register takes minutes, longer
//! than a request should be held open (and than the SPA's timeout), and a job lets the page
//! draw a live progress bar by asking for the status every half second.
//!
//! [`import`] is the one way an import runs, here and for `spotdesk-server import`
//! (`crate::import_cli`): the kind's import, then its audit entry (`import.<kind>`, written
//! right after the import's transaction commits; the actor is the administrator or `cli`).
//!
//! Limits: one upload or import at a time per server process (the import transaction
//! serialises writers anyway), at most [`UPLOADS_PER_HOUR`] uploads an hour, and the size caps
//! of `spotdesk_api::imports`. Jobs live in this process's memory: the newest [`KEPT_JOBS`]
//! are kept, so a status is answered by the process that took the upload (behind a load
//! balancer, route `/admin/imports` to one process); the data and the audit entry are in the
//! database.

use crate::address_import::progress::{self, Sink};
use crate::address_import::{self, ImportError, Report};
use crate::db::{self, Pool};
use crate::error::ApiError;
use crate::state::AppState;
use crate::store;
use crate::store::audit::{Actor, Change};
use crate::{coverage_import, customer_import, ticket_import};
use chrono::{DateTime, Utc};
use spotdesk_api::{
    codes, ImportFormat, ImportId, ImportJob, ImportKind, ImportLayerSize, ImportProblem,
    ImportProblemCount, ImportProgress, ImportReport, ImportResult, ImportState,
};
use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// Jobs whose state is kept (the newest).
pub const KEPT_JOBS: usize = 16;
/// Most uploads accepted in an hour, per server process.
pub const UPLOADS_PER_HOUR: usize = 30;
/// `Retry-After` of an upload refused while another import runs, in seconds.
pub const BUSY_RETRY_SECS: u32 = 5;

/// Every job of this process and the upload limits.
#[derive(Debug, Default)]
pub struct ImportJobs {
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    jobs: VecDeque<Arc<Job>>,
    /// An upload is being received or an import runs.
    busy: bool,
    /// When recent uploads started.
    recent: VecDeque<Instant>,
}

/// The right to receive one upload and run its import; released when dropped.
#[derive(Debug)]
pub struct Slot {
    jobs: Arc<ImportJobs>,
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.jobs.lock().busy = false;
    }
}

impl ImportJobs {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Takes the one upload slot, or 429 `rate_limited` (another import runs, or too many
    /// uploads this hour) with `Retry-After`.
    pub fn reserve(self: &Arc<Self>) -> Result<Slot, ApiError> {
        let mut inner = self.lock();
        let now = Instant::now();
        while inner
            .recent
            .front()
            .is_some_and(|t| now.duration_since(*t) > Duration::from_secs(3600))
        {
            inner.recent.pop_front();
        }
        let limited = |secs: u64, message: String| {
            ApiError::new(
                axum::http::StatusCode::TOO_MANY_REQUESTS,
                codes::RATE_LIMITED,
                message,
            )
            .with_header(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from(secs.max(1)),
            )
        };
        if inner.busy {
            return Err(limited(
                u64::from(BUSY_RETRY_SECS),
                "another import is running; try again when it has finished".into(),
            ));
        }
        if inner.recent.len() >= UPLOADS_PER_HOUR {
            let wait = inner.recent.front().map_or(60, |t| {
                3600u64.saturating_sub(now.duration_since(*t).as_secs())
            });
            return Err(limited(
                wait,
                format!("at most {UPLOADS_PER_HOUR} imports an hour"),
            ));
        }
        inner.busy = true;
        inner.recent.push_back(now);
        Ok(Slot {
            jobs: Arc::clone(self),
        })
    }

    /// A job by id.
    pub fn get(&self, id: ImportId) -> Option<Arc<Job>> {
        self.lock().jobs.iter().find(|j| j.id == id).cloned()
    }

    fn insert(&self, job: Arc<Job>) {
        let mut inner = self.lock();
        inner.jobs.push_back(job);
        while inner.jobs.len() > KEPT_JOBS {
            inner.jobs.pop_front();
        }
    }
}

/// An uploaded file, removed when dropped.
#[derive(Debug)]
pub struct Upload {
    path: PathBuf,
}

impl Upload {
    /// A new empty file in the system's temporary directory, readable only by this user.
    pub fn create(format: ImportFormat) -> std::io::Result<(Upload, std::fs::File)> {
        let ext = match format {
            ImportFormat::Csv => "csv",
            ImportFormat::Geojson => "geojson",
        };
        let (token, _) = crate::auth::new_token();
        let path = std::env::temp_dir().join(format!("spotdesk-import-{token}.{ext}"));
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let file = options.open(&path)?;
        Ok((Upload { path }, file))
    }

    /// Where it is.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for Upload {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// One import: what was uploaded, its state, and the sink its phases report into.
#[derive(Debug)]
pub struct Job {
    id: ImportId,
    status: Mutex<ImportJob>,
    sink: Arc<Sink>,
}

impl Job {
    /// The job as the API answers: while it runs, the current phase's counts.
    pub fn status(&self) -> ImportJob {
        let mut status = self
            .status
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        if !status.state.is_final() {
            let snap = self.sink.snapshot();
            status.state = if snap.phase == "checking" {
                ImportState::Checking
            } else {
                ImportState::Writing
            };
            status.progress = progress_of(&snap);
        }
        status
    }

    fn end(&self, state: ImportState, f: impl FnOnce(&mut ImportJob)) {
        let snap = self.sink.snapshot();
        let mut status = self.status.lock().unwrap_or_else(|e| e.into_inner());
        status.progress = progress_of(&snap);
        status.state = state;
        f(&mut status);
    }
}

fn progress_of(snap: &progress::Snapshot) -> ImportProgress {
    let secs = snap.elapsed.as_secs_f64().max(1e-3);
    let rate = snap.done as f64 / secs;
    ImportProgress {
        rows_done: snap.done,
        rows_total: snap.total,
        rows_per_second: (rate * 10.0).round() / 10.0,
        seconds_left: snap
            .total
            .filter(|_| rate > 0.0)
            .map(|t| (t.saturating_sub(snap.done) as f64 / rate).ceil()),
    }
}

/// What an import (an upload's job or `spotdesk-server import`) imports and who asked.
#[derive(Debug, Clone)]
pub struct Request {
    pub kind: ImportKind,
    pub format: ImportFormat,
    pub replace: bool,
    /// Coverage: the layer of features without a `technology` property.
    pub technology: Option<String>,
    /// The file's size.
    pub bytes: u64,
    /// Who imports: the audit entry's actor.
    pub actor: Actor,
    /// The job's `by` (`cli` on the command line).
    pub username: String,
}

/// A new import's id (also the `object_id` of its audit entry).
pub fn new_id() -> ImportId {
    ImportId(i64::from(rand::random::<u32>()) << 21 | i64::from(rand::random::<u16>()))
}

/// Starts the import of an uploaded file in the background; its first status.
pub fn start(state: &AppState, slot: Slot, upload: Upload, request: Request) -> ImportJob {
    let now = state.clock.now();
    let id = new_id();
    let job = Arc::new(Job {
        id,
        status: Mutex::new(ImportJob {
            id,
            kind: request.kind,
            format: request.format,
            replace: request.replace,
            bytes: request.bytes,
            by: request.username.clone(),
            started_at: now,
            state: ImportState::Checking,
            progress: ImportProgress {
                rows_done: 0,
                rows_total: None,
                rows_per_second: 0.0,
                seconds_left: None,
            },
            report: None,
            result: None,
            error: None,
        }),
        sink: Arc::new(Sink::default()),
    });
    state.imports.insert(Arc::clone(&job));
    let first = job.status();
    let handle = tokio::runtime::Handle::current();
    let state = state.clone();
    tokio::task::spawn_blocking(move || {
        let run = progress::observe(Arc::clone(&job.sink), run(&state, &job, &upload, &request));
        handle.block_on(run);
        drop(upload);
        drop(slot);
    });
    first
}

/// Runs the import and records its outcome in the job.
async fn run(state: &AppState, job: &Job, upload: &Upload, request: &Request) {
    let now = state.clock.now();
    match import(&state.db, job.id, upload.path(), request, true, now).await {
        Ok(done) => {
            if let Some(e) = done.audit_error {
                tracing::error!(error = %e, "import audit entry");
            }
            let result = done.result;
            tracing::info!(import = %job.id, kind = request.kind.as_str(), by = %request.username,
                rows = result.rows, removed = result.removed, "import done");
            job.end(ImportState::Done, |s| s.result = Some(result));
        }
        Err(ImportError::Rows(report)) => {
            tracing::info!(import = %job.id, bad_rows = report.bad_rows, "import rejected");
            job.end(ImportState::Rejected, |s| {
                s.report = Some(report_of(&report))
            });
        }
        Err(ImportError::File(message)) => {
            tracing::info!(import = %job.id, %message, "import rejected");
            job.end(ImportState::Rejected, |s| s.error = Some(message));
        }
        Err(ImportError::Database(e)) => {
            tracing::error!(import = %job.id, error = %e, "import failed");
            job.end(ImportState::Failed, |s| {
                s.error = Some("the database failed; nothing was imported".into())
            });
        }
    }
}

/// A finished import.
#[derive(Debug)]
pub struct Imported {
    /// What changed, as the API answers.
    pub result: ImportResult,
    /// The kind's summary line, as the command line prints it.
    pub summary: String,
    /// Why the audit entry could not be written, if it could not (the data is imported: its
    /// transaction had committed).
    pub audit_error: Option<sqlx::Error>,
}

/// Imports the file at `path` as `request` says (the kind's import: checked whole, then
/// written in one transaction) and, when it is done, records the audit entry `import.<kind>`
/// of import `id` by `request.actor`. `quiet`: no progress on the terminal.
pub async fn import(
    pool: &Pool,
    id: ImportId,
    path: &Path,
    request: &Request,
    quiet: bool,
    now: DateTime<Utc>,
) -> Result<Imported, ImportError> {
    let (result, summary) = match request.kind {
        ImportKind::Addresses => import_addresses(pool, path, request, quiet, now).await?,
        ImportKind::Coverage => import_coverage(pool, path, request, quiet).await?,
        ImportKind::Customers => import_customers(pool, path, request, quiet).await?,
        ImportKind::Tickets => import_tickets(pool, path, request, quiet, now).await?,
    };
    let audit_error = audit(pool, id, request, &result, now).await.err();
    Ok(Imported {
        result,
        summary,
        audit_error,
    })
}

async fn import_addresses(
    pool: &Pool,
    path: &Path,
    request: &Request,
    quiet: bool,
    now: DateTime<Utc>,
) -> Result<(ImportResult, String), ImportError> {
    let before = store::addresses::count(pool).await?;
    let options = address_import::Options {
        format: match request.format {
            ImportFormat::Csv => address_import::Format::Csv,
            ImportFormat::Geojson => address_import::Format::Geojson,
        },
        replace: request.replace,
        quiet,
    };
    let s = address_import::import(pool, path, options, now).await?;
    let total = u64::try_from(s.total).unwrap_or(0);
    // Kept = before - removed; everything else in the register now is new.
    let kept = u64::try_from(before).unwrap_or(0).saturating_sub(s.removed);
    let added = total.saturating_sub(kept).min(s.rows);
    let summary = s.to_string();
    let result = ImportResult {
        rows: s.rows,
        added,
        updated: s.rows - added,
        removed: s.removed,
        total,
        ignored_columns: s.ignored_columns,
        layers: Vec::new(),
        customers: None,
        unchanged: None,
    };
    Ok((result, summary))
}

async fn import_coverage(
    pool: &Pool,
    path: &Path,
    request: &Request,
    quiet: bool,
) -> Result<(ImportResult, String), ImportError> {
    let options = coverage_import::Options {
        technology: request.technology.clone(),
        replace: request.replace,
        quiet,
    };
    let s = coverage_import::import(pool, path, &options).await?;
    let summary = s.to_string();
    let total = s.layers.iter().map(|(_, n)| *n).sum::<i64>();
    let result = ImportResult {
        rows: s.polygons,
        added: s.added,
        updated: s.polygons - s.added,
        removed: s.removed,
        total: u64::try_from(total).unwrap_or(0),
        ignored_columns: Vec::new(),
        layers: s
            .layers
            .into_iter()
            .map(|(layer, polygons)| ImportLayerSize { layer, polygons })
            .collect(),
        customers: None,
        unchanged: None,
    };
    Ok((result, summary))
}

async fn import_customers(
    pool: &Pool,
    path: &Path,
    request: &Request,
    quiet: bool,
) -> Result<(ImportResult, String), ImportError> {
    let (before, _) = store::customers::totals(pool).await?;
    let options = customer_import::Options {
        replace: request.replace,
        quiet,
    };
    let s = customer_import::import(pool, path, options).await?;
    let summary = s.to_string();
    let total = u64::try_from(s.total_counts).unwrap_or(0);
    // Kept = before - removed; every other stored count now is new.
    let kept = u64::try_from(before).unwrap_or(0).saturating_sub(s.removed);
    let added = total.saturating_sub(kept).min(s.counts);
    let result = ImportResult {
        rows: s.rows,
        added,
        updated: s.counts - added,
        removed: s.removed,
        total,
        ignored_columns: s.ignored_columns,
        layers: Vec::new(),
        customers: Some(s.total_customers),
        unchanged: None,
    };
    Ok((result, summary))
}

/// Past tickets, as `spotdesk-server import tickets` (places of `address_id` rows from the
/// address register, the stored catalogue): tickets are never removed; `replace` overwrites
/// the ones imported before that differ from the file.
async fn import_tickets(
    pool: &Pool,
    path: &Path,
    request: &Request,
    quiet: bool,
    now: DateTime<Utc>,
) -> Result<(ImportResult, String), ImportError> {
    let options = ticket_import::Options {
        replace: request.replace,
        quiet,
    };
    let s = ticket_import::import(pool, path, options, now).await?;
    let summary = s.to_string();
    let result = ImportResult {
        rows: s.rows,
        added: s.added,
        updated: s.updated,
        removed: 0,
        total: u64::try_from(s.total).unwrap_or(0),
        ignored_columns: s.ignored_columns,
        layers: Vec::new(),
        customers: None,
        unchanged: Some(s.unchanged),
    };
    Ok((result, summary))
}

/// The audit entry of a finished import: who imported which file, how many rows.
async fn audit(
    pool: &Pool,
    id: ImportId,
    request: &Request,
    result: &ImportResult,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let mut after = serde_json::json!({
        "kind": request.kind,
        "format": request.format,
        "bytes": request.bytes,
        "replace": request.replace,
        "technology": request.technology,
        "rows": result.rows,
        "added": result.added,
        "updated": result.updated,
        "removed": result.removed,
        "total": result.total,
    });
    if let Some(unchanged) = result.unchanged {
        after["unchanged"] = unchanged.into();
    }
    let mut tx = db::begin_write(pool).await?;
    store::audit::record(
        &mut tx,
        &request.actor,
        Change {
            action: match request.kind {
                ImportKind::Addresses => store::audit::actions::IMPORT_ADDRESSES,
                ImportKind::Coverage => store::audit::actions::IMPORT_COVERAGE,
                ImportKind::Customers => store::audit::actions::IMPORT_CUSTOMERS,
                ImportKind::Tickets => store::audit::actions::IMPORT_TICKETS,
            },
            object_kind: store::audit::kinds::IMPORT,
            object_id: Some(id.0),
            before: None,
            after: Some(after),
        },
        now,
    )
    .await?;
    tx.commit().await
}

/// The API's form of a report.
fn report_of(r: &Report) -> ImportReport {
    ImportReport {
        unit: r.unit.to_owned(),
        rows: r.rows,
        bad_rows: r.bad_rows,
        problems: r
            .listed
            .iter()
            .map(|p| ImportProblem {
                row: p.row,
                column: p.column.to_owned(),
                reason: p.kind.to_owned(),
                detail: p.detail.clone(),
            })
            .collect(),
        listed_max: address_import::report::MAX_LISTED as u64,
        counts: r
            .counts
            .iter()
            .map(|((column, reason), count)| ImportProblemCount {
                column: (*column).to_owned(),
                reason: (*reason).to_owned(),
                count: *count,
            })
            .collect(),
    }
}
