//! Importing past tickets from the operator's previous system (issue 21):
//! `spotdesk-server import tickets --db URL FILE [--replace]`, so that dashboards and the
//! baselines of spot and burst detection start from the operator's history.
//!
//! The file is CSV (UTF-8, a header line; `,` or `;`). Columns, by header name (any case;
//! Spotdesk's name first, then the other names accepted, Open311 GeoReport v2's among them):
//!
//! | column | also | |
//! |---|---|---|
//! | `external_id` | `service_request_id`, `id` | **required**: the previous system's id (at most 100 characters), unique in the file |
//! | `service_code` | `service` | **required**: a service code of the catalogue (retired services too) |
//! | `created_at` | `requested_datetime` | **required**: when the ticket was registered |
//! | `updated_at` | `updated_datetime` | the last change (default: the latest of creation and resolution) |
//! | `status` | | `open` (stored as `new`), `closed`, or a Spotdesk status: `new`, `in_work`, `waiting`, `planned`, `resolved`, `reopened` (default: `closed` with a resolution time, else `new`) |
//! | `resolved_at` | `resolved_datetime`, `closed_at`, `closed_datetime`, `closed` | when it was resolved; only for `resolved`/`closed` tickets, which without it take `updated_at` |
//! | `expected_datetime` | `deadline` | the SLA deadline (default: see below) |
//! | `lat`, `long` | `latitude`; `lon`, `lng`, `longitude` | the place (WGS84) |
//! | `address_id` | | an id of the imported address register: its point when the row has no `lat`/`long`, its text when it has no address |
//! | `address_string` | `address` | the address text |
//! | `kind` | | `incident` or `service_request` (default: the kind of the service's first SLA policy) |
//! | `channel` | | `phone`, `email`, `office`, `social`, `partner` (default `phone`) |
//! | `topic` | | the topic code, kept as given |
//! | `description`, `status_notes` | | texts |
//! | `customer_phone` | `phone` | normalised as on the desk (`8 912 …` is `+7912…`) |
//! | `customer_name` | `name`, or `first_name` + `last_name` | |
//! | `line` | | support line 1..3 (default: the group's line, else routing's) |
//! | `agency_responsible` | `group` | a group code of the catalogue (default: the routing rules, as for a new ticket) |
//! | `segment` | | `mass`, `business`, `vip` |
//!
//! A row needs `lat` and `long` or an `address_id`. Other columns are ignored (and named in
//! the summary). Times are RFC 3339 (`2025-03-01T09:30:00+03:00`, `…Z`) or
//! `YYYY-MM-DD HH:MM[:SS]`, which is **UTC**; a time in the future is a bad row. The deadline
//! is the file's `expected_datetime`, else the one the SLA of the current configuration gives at
//! the ticket's creation time (`spotdesk_core::sla::compute`); a service without a policy for
//! the ticket's kind then makes a bad row.
//!
//! Like the other imports (whose [`Report`], [`Progress`], [`ImportError`] and line limit this
//! uses): the whole file is checked first (unknown service codes and groups, times, numbers,
//! ranges, duplicate ids, unknown address ids, invalid UTF-8; each bad row named with its
//! column), then written in **one** transaction, so a killed import leaves the previous data
//! as it was. A ticket is written as one the desk registered (its creation in its history,
//! status `new`) and, when its status is another, one history entry of that change at its
//! resolution (or last update) time, like the demo's past; it has no author, and its
//! previous-system id in `tickets.external_id`. Rows are written a few hundred at a time. Rows whose id was imported
//! before are left as they are, so the same file twice changes nothing; with `--replace`
//! their stored tickets are overwritten from the file (a newer export), each change in the
//! ticket's history; tickets are never deleted. Nothing is routed, escalated, announced or
//! sent to customers: the tickets are the past. Dashboards and detection read tickets through
//! `GET /tickets/facts`, so they include the history from the next load on.

pub mod check;
pub mod read;

use crate::address_import::report::Problem;
use crate::address_import::{ImportError, Progress, Report};
use crate::db::{self, Pool, Tx};
use crate::store::imported_tickets::{self, HistoryEntry, RegisterAddress};
use crate::store::{catalogue, tickets};
use crate::ticket_patch::creation_changes;
use check::excerpt;
use chrono::{DateTime, Utc};
use read::{Checked, Col, Place, Rows};
use serde_json::json;
use spotdesk_api::{Catalogue, Ticket, TicketId, TicketStatus};
use std::collections::hash_map::{DefaultHasher, Entry};
use std::collections::HashMap;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::path::Path;

/// Rows looked up and written together.
const BATCH: usize = imported_tickets::MAX_BATCH;

/// The ticket columns an import file sets, as in the ticket's JSON (for `--replace`).
const FILE_FIELDS: [&str; 18] = [
    "service_code",
    "kind",
    "channel",
    "topic",
    "description",
    "customer_phone",
    "customer_name",
    "address_string",
    "lat",
    "long",
    "segment",
    "line",
    "agency_responsible",
    "status",
    "status_notes",
    "expected_datetime",
    "created_at",
    "resolved_at",
];

/// How to import.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Overwrite the tickets imported before from the file's rows.
    pub replace: bool,
    /// Print no progress.
    pub quiet: bool,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Rows (tickets) in the file.
    pub rows: u64,
    /// Tickets added.
    pub added: u64,
    /// Tickets imported before and overwritten (`--replace`).
    pub updated: u64,
    /// Tickets imported before and left as they were.
    pub unchanged: u64,
    /// Imported tickets in the database afterwards.
    pub total: i64,
    /// Header columns that were not read.
    pub ignored_columns: Vec<String>,
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "imported {} tickets ({} added, {} updated, {} already there); {} imported tickets in all",
            self.rows, self.added, self.updated, self.unchanged, self.total
        )?;
        if !self.ignored_columns.is_empty() {
            write!(f, "; ignored columns: {}", self.ignored_columns.join(", "))?;
        }
        Ok(())
    }
}

/// The catalogue tickets are checked against: the stored one, or the default one a server
/// stores when it starts on a database without one.
async fn catalogue_of(pool: &Pool) -> Result<Catalogue, ImportError> {
    Ok(catalogue::load(pool)
        .await?
        .unwrap_or_else(spotdesk_demo::default_catalogue))
}

/// Two 64-bit hashes of an id: duplicates found without keeping every id.
fn id_hash(id: &str) -> (u64, u64) {
    let mut a = DefaultHasher::new();
    id.hash(&mut a);
    let mut b = DefaultHasher::new();
    (0x5a5a_u16, id).hash(&mut b);
    (a.finish(), b.finish())
}

/// Gives each row of a batch its point (and address text) from the register, or the problem
/// of an address id the register lacks.
fn place(
    batch: Vec<Checked>,
    found: &HashMap<String, RegisterAddress>,
) -> Vec<Result<Checked, Problem>> {
    batch
        .into_iter()
        .map(|mut c| {
            let Place::Register(id) = &c.place else {
                return Ok(c);
            };
            match found.get(id) {
                Some(a) => {
                    c.ticket.lat = a.lat;
                    c.ticket.long = a.long;
                    if c.ticket.address_string.is_empty() {
                        c.ticket.address_string = a.address.clone();
                    }
                    Ok(c)
                }
                None => Err(Problem {
                    row: c.row,
                    column: "address_id",
                    kind: "unknown address id",
                    detail: format!("{} is not in the address register", excerpt(id)),
                }),
            }
        })
        .collect()
}

/// The register ids a batch refers to.
fn register_ids(batch: &[Checked]) -> Vec<String> {
    batch
        .iter()
        .filter_map(|c| match &c.place {
            Place::Register(id) => Some(id.clone()),
            Place::Point => None,
        })
        .collect()
}

/// Checks every row without writing (addresses looked up in the register); the number of rows,
/// or the problems.
pub async fn validate(
    pool: &Pool,
    path: &Path,
    options: Options,
    now: DateTime<Utc>,
) -> Result<u64, ImportError> {
    let cat = catalogue_of(pool).await?;
    let mut rows = Rows::open(path)?;
    let mut report = Report::new("line");
    let mut seen: HashMap<(u64, u64), u64> = HashMap::new();
    let mut progress = Progress::new("checking", None, options.quiet);
    let mut batch = Vec::with_capacity(BATCH);
    let mut read = 0u64;
    loop {
        let next = rows.next_row(&cat, now)?;
        let end = next.is_none();
        match next {
            None => {}
            Some(Err(problems)) => {
                read += 1;
                report.add_row(problems);
            }
            Some(Ok(c)) => {
                read += 1;
                match seen.entry(id_hash(&c.external_id)) {
                    Entry::Occupied(first) => report.add_row(vec![Problem {
                        row: c.row,
                        column: rows.column_name(Col::ExternalId),
                        kind: "duplicate id",
                        detail: format!("{} also on line {}", excerpt(&c.external_id), first.get()),
                    }]),
                    Entry::Vacant(v) => {
                        v.insert(c.row);
                        batch.push(c);
                    }
                }
            }
        }
        if batch.len() >= BATCH || (end && !batch.is_empty()) {
            let found = imported_tickets::addresses(pool, &register_ids(&batch)).await?;
            for r in place(std::mem::take(&mut batch), &found) {
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
/// `now` is the present (no time in the file may be later) and the time of `--replace`'s
/// changes.
pub async fn import(
    pool: &Pool,
    path: &Path,
    options: Options,
    now: DateTime<Utc>,
) -> Result<Summary, ImportError> {
    let total_rows = validate(pool, path, options, now).await?;
    let cat = catalogue_of(pool).await?;
    let mut rows = Rows::open(path)?;
    let ignored_columns = rows.ignored_columns().to_vec();
    let mut tx = db::begin_write(pool).await?;
    let mut progress = Progress::new("writing", Some(total_rows), options.quiet);
    let mut summary = Summary {
        rows: 0,
        added: 0,
        updated: 0,
        unchanged: 0,
        total: 0,
        ignored_columns,
    };
    let changed = || ImportError::File("the file changed while it was being imported".into());
    let mut batch = Vec::with_capacity(BATCH);
    loop {
        let next = rows.next_row(&cat, now)?;
        let end = next.is_none();
        if let Some(r) = next {
            batch.push(r.map_err(|_| changed())?);
        }
        if batch.len() >= BATCH || (end && !batch.is_empty()) {
            // Looked up inside the transaction: the database as this import sees it.
            let found = imported_tickets::addresses(&mut *tx, &register_ids(&batch)).await?;
            let ids: Vec<String> = batch.iter().map(|c| c.external_id.clone()).collect();
            let existing = imported_tickets::existing(&mut *tx, &ids).await?;
            let mut new = Vec::new();
            for r in place(std::mem::take(&mut batch), &found) {
                let mut c = r.map_err(|_| changed())?;
                match existing.get(&c.external_id) {
                    None => {
                        // Registered (1), then given its status (2).
                        c.ticket.version = if c.ticket.status == TicketStatus::New {
                            1
                        } else {
                            2
                        };
                        new.push((c.external_id, c.ticket));
                        summary.added += 1;
                    }
                    Some(&id) if options.replace => {
                        if overwrite(&mut tx, id, &c.ticket, now).await? {
                            summary.updated += 1;
                        } else {
                            summary.unchanged += 1;
                        }
                    }
                    Some(_) => summary.unchanged += 1,
                }
                summary.rows += 1;
            }
            add(&mut tx, new).await?;
            progress.tick(summary.rows);
        }
        if end {
            break;
        }
    }
    progress.finish(summary.rows);
    if summary.rows != total_rows {
        return Err(changed());
    }
    summary.total = imported_tickets::count(&mut *tx).await?;
    tx.commit().await?;
    Ok(summary)
}

/// Inserts past tickets as the desk registers them (`store::tickets::insert`: the creation
/// in the history, status `new`), each with its status as the file gives it: a history entry
/// of that change at its resolution (or last update) time, as the demo's past has.
async fn add(tx: &mut Tx, rows: Vec<(String, Ticket)>) -> Result<(), sqlx::Error> {
    if rows.is_empty() {
        return Ok(());
    }
    let ids = imported_tickets::insert(tx, &rows).await?;
    refresh_repeats(
        tx,
        rows.iter().map(|(_, t)| (&t.customer_phone, t.created_at)),
    )
    .await?;
    let mut history = Vec::with_capacity(rows.len() * 2);
    for (external, t) in rows {
        let Some(&id) = ids.get(&external) else {
            continue;
        };
        let registered = Ticket {
            id,
            status: TicketStatus::New,
            status_notes: t
                .status_notes
                .clone()
                .filter(|_| t.status == TicketStatus::New),
            resolved_at: None,
            updated_at: t.created_at,
            version: 1,
            ..t.clone()
        };
        history.push(HistoryEntry {
            ticket: id,
            at: t.created_at,
            version: 1,
            changes: creation_changes(&registered),
        });
        if t.status == TicketStatus::New {
            continue;
        }
        let mut changes =
            json!({"status": {"from": TicketStatus::New.as_str(), "to": t.status.as_str()}});
        if let Some(r) = t.resolved_at {
            changes["resolved_at"] = json!({"from": null, "to": r});
        }
        if let Some(n) = &t.status_notes {
            changes["status_notes"] = json!({"from": null, "to": n});
        }
        history.push(HistoryEntry {
            ticket: id,
            at: t.resolved_at.unwrap_or(t.updated_at),
            version: 2,
            changes,
        });
    }
    imported_tickets::add_history(tx, &history).await
}

/// Overwrites an imported ticket with the file's values when any differs: the changed fields
/// as one history entry at `now`. Whether anything changed.
async fn overwrite(
    tx: &mut Tx,
    id: TicketId,
    file: &Ticket,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let Some(stored) = tickets::get(&mut **tx, id).await? else {
        return Ok(false);
    };
    let next = Ticket {
        service_code: file.service_code.clone(),
        kind: file.kind,
        channel: file.channel,
        topic: file.topic.clone(),
        description: file.description.clone(),
        customer_phone: file.customer_phone.clone(),
        customer_name: file.customer_name.clone(),
        address_string: file.address_string.clone(),
        lat: file.lat,
        long: file.long,
        segment: file.segment,
        line: file.line,
        agency_responsible: file.agency_responsible.clone(),
        status: file.status,
        status_notes: file.status_notes.clone(),
        expected_datetime: file.expected_datetime,
        created_at: file.created_at,
        resolved_at: file.resolved_at,
        version: stored.version + 1,
        updated_at: now.max(stored.updated_at),
        ..stored.clone()
    };
    let (before, after) = (serde_json::to_value(&stored), serde_json::to_value(&next));
    let (Ok(before), Ok(after)) = (before, after) else {
        return Ok(false);
    };
    let mut changes = serde_json::Map::new();
    for field in FILE_FIELDS {
        if before.get(field) != after.get(field) {
            changes.insert(
                field.to_owned(),
                json!({"from": before.get(field), "to": after.get(field)}),
            );
        }
    }
    if changes.is_empty() {
        return Ok(false);
    }
    tickets::record_history(tx, id, None, next.updated_at, next.version, &changes.into()).await?;
    imported_tickets::overwrite(tx, &next).await?;
    refresh_repeats(
        tx,
        [
            (&stored.customer_phone, stored.created_at),
            (&next.customer_phone, next.created_at),
        ],
    )
    .await?;
    Ok(true)
}

/// Keeps the repeat-contact flags right around the given tickets (phone, creation time): one
/// refresh per phone over the span of its times.
async fn refresh_repeats<'a>(
    tx: &mut Tx,
    tickets: impl IntoIterator<Item = (&'a String, DateTime<Utc>)>,
) -> Result<(), sqlx::Error> {
    let mut spans: HashMap<&str, (DateTime<Utc>, DateTime<Utc>)> = HashMap::new();
    for (phone, at) in tickets {
        let span = spans.entry(phone.as_str()).or_insert((at, at));
        *span = (span.0.min(at), span.1.max(at));
    }
    for (phone, (from, to)) in spans {
        tickets::refresh_repeats(tx, phone, from, to).await?;
    }
    Ok(())
}
