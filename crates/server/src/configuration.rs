//! Replacing the configuration (the catalogue document), shared by `PUT` and
//! `POST /admin/configuration/check` and by the seeding of a new database (`--demo` and the
//! default catalogue): the same checks (`spotdesk_core::config_check`, with what stored objects
//! still use), one write with the version, one audit entry with each changed entry before and
//! after, and one `configuration` change event.

use crate::db::Tx;
use crate::error::{ApiError, ApiResult};
use crate::extract::IfMatch;
use crate::store::audit::{self, Actor, Change};
use crate::store::events::{self, Changed};
use crate::store::{self, catalogue};
use chrono::{DateTime, Utc};
use serde_json::{Map, Value};
use spotdesk_api::{Catalogue, ChangeAction, ConfigurationDocument};
use spotdesk_core::config_check::{self, EntryChange, InUse};

/// The stored document (an empty one at version 0 before anything was stored), after
/// `if_match`, when given, matched its version.
async fn current(tx: &mut Tx, if_match: Option<IfMatch>) -> ApiResult<ConfigurationDocument> {
    let doc = catalogue::document(&mut **tx)
        .await?
        .unwrap_or(ConfigurationDocument {
            version: 0,
            updated_at: None,
            updated_by: None,
            catalogue: Catalogue::default(),
        });
    match if_match {
        Some(m) if !m.matches(doc.version) => Err(ApiError::version_conflict(doc.version)),
        _ => Ok(doc),
    }
}

/// Checks `new` as a replacement of the stored document: 412 `version_conflict` when
/// `if_match` names another version, 422 `validation_failed` with every problem (paths such as
/// `services[3].sla[0].hours`). Returns the stored document and what would change.
pub async fn check(
    tx: &mut Tx,
    new: &Catalogue,
    if_match: Option<IfMatch>,
) -> ApiResult<(ConfigurationDocument, Vec<EntryChange>)> {
    let doc = current(tx, if_match).await?;
    let in_use = store::catalogue::in_use(tx).await?;
    config_check::check_catalogue(new, &doc.catalogue, &in_use).map_err(ApiError::validation)?;
    let changes = config_check::changes(&doc.catalogue, new);
    Ok((doc, changes))
}

/// The audit entry's `before` and `after`: each changed entry by name, on the side where it
/// exists.
fn audit_sides(changes: &[EntryChange]) -> (Value, Value) {
    let (mut before, mut after) = (Map::new(), Map::new());
    for c in changes {
        if let Some(v) = &c.before {
            before.insert(c.key.clone(), v.clone());
        }
        if let Some(v) = &c.after {
            after.insert(c.key.clone(), v.clone());
        }
    }
    (Value::Object(before), Value::Object(after))
}

/// Replaces the configuration in the caller's write transaction: [`check`], then (unless
/// nothing changes, when the stored document is answered as it is) the document written as
/// the next version with `updated_by` (a display name), one audit entry and one change event.
/// Returns the document and the event's sequence number, for `commit_and_announce`.
pub async fn replace(
    tx: &mut Tx,
    actor: &Actor,
    updated_by: &str,
    new: &Catalogue,
    if_match: Option<IfMatch>,
    now: DateTime<Utc>,
) -> ApiResult<(ConfigurationDocument, Option<i64>)> {
    let (doc, changes) = check(tx, new, if_match).await?;
    if changes.is_empty() {
        return Ok((doc, None));
    }
    let version = doc.version + 1;
    catalogue::write(tx, new, version, Some(updated_by), now).await?;
    let (before, after) = audit_sides(&changes);
    audit::record(
        tx,
        actor,
        Change {
            action: audit::actions::CONFIGURATION_UPDATE,
            object_kind: audit::kinds::CONFIGURATION,
            object_id: Some(version),
            before: Some(before),
            after: Some(after),
        },
        now,
    )
    .await?;
    let seq = events::record(
        tx,
        Changed::Configuration { version },
        ChangeAction::Updated,
        now,
    )
    .await?;
    let document = ConfigurationDocument {
        version,
        updated_at: Some(now),
        updated_by: Some(updated_by.to_owned()),
        catalogue: new.clone(),
    };
    Ok((document, Some(seq)))
}

/// Stores the first configuration of a new database (the demo city's with `--demo`, else the
/// built-in default) as version 1, after the same checks as an administrator's (nothing uses
/// any of it yet). A catalogue that fails them is an error naming every problem.
pub async fn seed(tx: &mut Tx, new: &Catalogue, now: DateTime<Utc>) -> Result<(), String> {
    if let Err(errors) = config_check::check_catalogue(new, new, &InUse::default()) {
        let problems: Vec<String> = errors
            .iter()
            .map(|e| format!("{} ({}): {}", e.field, e.code, e.message))
            .collect();
        return Err(format!(
            "the configuration to seed fails its checks: {}",
            problems.join("; ")
        ));
    }
    catalogue::write(tx, new, 1, None, now)
        .await
        .map_err(|e| format!("storing the configuration: {e}"))
}
