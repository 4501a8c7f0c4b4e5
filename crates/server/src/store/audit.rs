//! The audit log of administrative changes (`audit_log`): [`record`] is the one helper every
//! administrative write calls, inside its own transaction, so a change and its entry commit or
//! roll back together.

use crate::db::{self, Pool, QueryBuilder, Tx};
use chrono::{DateTime, Utc};
use serde_json::Value;
use spotdesk_api::{AuditActor, AuditEntry, UserId};

/// The actor name of changes made on the command line (`spotdesk-server admin …`); no
/// account may take it as a username (`spotdesk_api::RESERVED_USERNAMES`).
pub const CLI_ACTOR: &str = "cli";

/// Who makes a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// A signed-in user.
    User {
        /// Their id.
        id: UserId,
        /// Their username (kept in the entry as it was).
        username: String,
    },
    /// The command line on the server's machine.
    Cli,
}

impl Actor {
    fn id(&self) -> Option<i64> {
        match self {
            Actor::User { id, .. } => Some(id.0),
            Actor::Cli => None,
        }
    }

    fn name(&self) -> &str {
        match self {
            Actor::User { username, .. } => username,
            Actor::Cli => CLI_ACTOR,
        }
    }
}

/// Actions recorded, `<object kind>.<verb>`.
pub mod actions {
    /// An account was created.
    pub const USER_CREATE: &str = "user.create";
    /// Display name, role or group changed.
    pub const USER_UPDATE: &str = "user.update";
    /// The account was disabled (its sessions ended).
    pub const USER_DISABLE: &str = "user.disable";
    /// The account was enabled again.
    pub const USER_ENABLE: &str = "user.enable";
    /// An administrator set a one-time password (the user's sessions ended).
    pub const USER_PASSWORD_RESET: &str = "user.password_reset";
    /// The user changed their own password.
    pub const USER_PASSWORD_CHANGE: &str = "user.password_change";
    /// Sign-in delays after failed sign-ins were lifted.
    pub const USER_UNLOCK: &str = "user.unlock";
    /// The configuration (the catalogue document) was replaced: `before` and `after` hold each
    /// changed entry by name (`services[mobile-data]`, `escalation`), absent when added or
    /// removed.
    pub const CONFIGURATION_UPDATE: &str = "configuration.update";
    /// An address register file was imported, by an administrator's upload or on the command
    /// line (actor `cli`) (`after`: kind, format, bytes, replace, technology, rows, added,
    /// updated, removed, total).
    pub const IMPORT_ADDRESSES: &str = "import.addresses";
    /// A coverage file was imported (`after` as for addresses).
    pub const IMPORT_COVERAGE: &str = "import.coverage";
    /// A customers file was imported (`after` as for addresses).
    pub const IMPORT_CUSTOMERS: &str = "import.customers";
    /// A ticket history file was imported (`after` as for addresses, plus `unchanged`: the
    /// tickets imported before and left as they were; `removed` is always 0).
    pub const IMPORT_TICKETS: &str = "import.tickets";
}

/// Object kinds recorded.
pub mod kinds {
    /// A user account (`object_id` is its id).
    pub const USER: &str = "user";
    /// The configuration document (`object_id` is the version the change made).
    pub const CONFIGURATION: &str = "configuration";
    /// An import of the operator's data (`object_id` is the import's id).
    pub const IMPORT: &str = "import";
}

/// One change to record. `before` and `after` are snapshots of the object's administrable
/// fields, built by the caller from API types that carry no secret.
#[derive(Debug, Clone)]
pub struct Change<'a> {
    /// What was done (one of [`actions`]).
    pub action: &'a str,
    /// The kind of object (one of [`kinds`]).
    pub object_kind: &'a str,
    /// The object's id.
    pub object_id: Option<i64>,
    /// The object before (absent for a creation).
    pub before: Option<Value>,
    /// The object after.
    pub after: Option<Value>,
}

/// Records a change made by `actor` at `now`, in the caller's write transaction; returns the
/// entry's id.
pub async fn record(
    tx: &mut Tx,
    actor: &Actor,
    change: Change<'_>,
    now: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    let json = |v: Option<Value>| v.map(|v| db::json_col(&v));
    sqlx::query_scalar(
        "INSERT INTO audit_log (at, actor_id, actor_name, action, object_kind, object_id, \
         before_json, after_json) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(db::ts(now))
    .bind(actor.id())
    .bind(actor.name())
    .bind(change.action)
    .bind(change.object_kind)
    .bind(change.object_id)
    .bind(json(change.before))
    .bind(json(change.after))
    .fetch_one(&mut **tx)
    .await
}

/// Filters of a page of the log (validated by the handler).
#[derive(Debug, Clone, Default)]
pub struct ListSpec {
    /// Actor's username, or [`CLI_ACTOR`].
    pub actor: Option<String>,
    /// Actions starting with this.
    pub action_prefix: Option<String>,
    /// Object kind.
    pub object_kind: Option<String>,
    /// Object id.
    pub object_id: Option<i64>,
    /// At or after.
    pub from: Option<DateTime<Utc>>,
    /// Before.
    pub to: Option<DateTime<Utc>>,
    /// Entries with a smaller id than this (the cursor).
    pub before_id: Option<i64>,
    /// Page size; one more is read to know whether a next page exists.
    pub limit: u32,
}

/// `text` with the `LIKE` wildcards (and the escape character) escaped by `\`.
fn like_prefix(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 1);
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// Up to `limit + 1` entries, newest first.
pub async fn list(pool: &Pool, spec: &ListSpec) -> Result<Vec<AuditEntry>, sqlx::Error> {
    let mut q = QueryBuilder::new(
        "SELECT id, at, actor_id, actor_name, action, object_kind, object_id, before_json, \
         after_json FROM audit_log WHERE 1 = 1",
    );
    if let Some(actor) = &spec.actor {
        q.push(" AND actor_name = ").push_bind(actor.clone());
    }
    if let Some(prefix) = &spec.action_prefix {
        q.push(" AND action LIKE ")
            .push_bind(like_prefix(prefix))
            .push(" ESCAPE '\\'");
    }
    if let Some(kind) = &spec.object_kind {
        q.push(" AND object_kind = ").push_bind(kind.clone());
    }
    if let Some(id) = spec.object_id {
        q.push(" AND object_id = ").push_bind(id);
    }
    if let Some(from) = spec.from {
        q.push(" AND at >= ").push_bind(db::ts(from));
    }
    if let Some(to) = spec.to {
        q.push(" AND at < ").push_bind(db::ts(to));
    }
    if let Some(id) = spec.before_id {
        q.push(" AND id < ").push_bind(id);
    }
    q.push(" ORDER BY id DESC LIMIT ")
        .push_bind(i64::from(spec.limit) + 1);
    type Row = (
        i64,
        String,
        Option<i64>,
        String,
        String,
        String,
        Option<i64>,
        Option<String>,
        Option<String>,
    );
    let rows: Vec<Row> = q.build_query_as().fetch_all(pool).await?;
    rows.into_iter()
        .map(
            |(id, at, actor_id, actor_name, action, kind, object_id, before, after)| {
                Ok(AuditEntry {
                    id,
                    at: db::parse_ts(&at)?,
                    actor: AuditActor {
                        id: actor_id.map(UserId),
                        username: actor_name,
                    },
                    action,
                    object_kind: kind,
                    object_id,
                    before: before.as_deref().map(db::parse_json_col).transpose()?,
                    after: after.as_deref().map(db::parse_json_col).transpose()?,
                })
            },
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_prefixes_escape_wildcards() {
        assert_eq!(like_prefix("user."), "user.%");
        assert_eq!(like_prefix("user.password_"), "user.password\\_%");
        assert_eq!(like_prefix("50%\\"), "50\\%\\\\%");
    }
}
