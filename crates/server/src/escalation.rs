//! Escalations of mass incidents: the timers shown on each card and the evaluator that fires
//! due levels (one outbox message per level, to whom the level notifies, one change event per
//! incident).
//!
//! The rules themselves live in [`spotdesk_core::incidents`], their timings and levels in the
//! catalogue's `escalation` settings (read at each evaluation, so a change applies at once);
//! time comes from the app [`Clock`](crate::state::Clock), so tests can move it.

use crate::commit::commit_and_announce;
use crate::db;
use crate::state::AppState;
use crate::store::events::{self, Changed};
use crate::store::incidents;
use chrono::{DateTime, Utc};
use serde::Serialize;
use spotdesk_api::{ChangeAction, EscalationSettings, EscalationTimer, Incident, IncidentId};
use spotdesk_core::incidents::{self as rules, EscalationFacts};
use std::collections::HashMap;
use std::time::Duration;

/// Seconds between background evaluations.
const TICK_SECS: u64 = 10;

/// Fired levels per (incident, rule name, deadline text).
type Fired = HashMap<(IncidentId, String, String), u8>;

/// The rule facts of an incident.
fn facts(i: &Incident) -> EscalationFacts {
    EscalationFacts {
        status: i.status,
        has_owner: i.owner_group.is_some(),
        registered_at: i.registered_at,
        status_since: i.status_since.unwrap_or(i.registered_at),
        expected_resolution: i.expected_resolution,
    }
}

async fn load_fired(pool: &crate::db::Pool) -> Result<Fired, sqlx::Error> {
    let mut fired = Fired::new();
    for (incident, rule, deadline, level) in incidents::fired_escalations(pool).await? {
        let level = u8::try_from(level).unwrap_or(u8::MAX);
        let entry = fired.entry((incident, rule, deadline)).or_insert(0);
        *entry = (*entry).max(level);
    }
    Ok(fired)
}

/// The timers of one incident given the fired levels.
fn timers(i: &Incident, fired: &Fired, settings: &EscalationSettings) -> Vec<EscalationTimer> {
    rules::rule_deadlines(&facts(i), settings)
        .into_iter()
        .map(|(rule, deadline)| {
            let key = (i.id, db::enum_str(&rule), db::ts(deadline));
            let level = fired.get(&key).copied().unwrap_or(0);
            EscalationTimer {
                rule,
                deadline,
                level,
                next_at: rules::next_level(deadline, level, settings).map(|(_, at)| at),
            }
        })
        .collect()
}

/// Fills `escalations` of each incident under the catalogue's escalation settings.
pub async fn attach(state: &AppState, list: &mut [Incident]) -> Result<(), sqlx::Error> {
    let fired = load_fired(&state.db).await?;
    let catalogue = state.catalogue();
    for i in list.iter_mut() {
        i.escalations = timers(i, &fired, &catalogue.escalation);
    }
    Ok(())
}

/// The body of an `escalation` outbox message.
#[derive(Debug, Serialize)]
struct EscalationPayload<'a> {
    incident_id: IncidentId,
    title: &'a str,
    rule: &'a str,
    level: u8,
    owner_group: Option<&'a str>,
    deadline: &'a str,
}

/// Fires every escalation level due at `now` that was not fired yet. Returns how many fired.
pub async fn evaluate(state: &AppState, now: DateTime<Utc>) -> Result<usize, sqlx::Error> {
    let active = incidents::list(&state.db, true, 1000).await?;
    let fired = load_fired(&state.db).await?;
    let catalogue = state.catalogue();
    let settings = &catalogue.escalation;
    let mut due = Vec::new();
    for i in &active {
        for (rule, deadline) in rules::rule_deadlines(&facts(i), settings) {
            let key = (i.id, db::enum_str(&rule), db::ts(deadline));
            let have = fired.get(&key).copied().unwrap_or(0);
            for level in rules::due_levels(deadline, now, settings) {
                if level.level > have {
                    due.push((i, key.1.clone(), key.2.clone(), level));
                }
            }
        }
    }
    if due.is_empty() {
        return Ok(0);
    }
    let mut tx = db::begin_write(&state.db).await?;
    let at = db::ts(now);
    let mut count = 0;
    let mut touched: Vec<IncidentId> = Vec::new();
    for (i, rule, deadline, rung) in due {
        let level = rung.level;
        if !incidents::record_escalation(&mut tx, i.id, &rule, &deadline, level, &at).await? {
            continue;
        }
        let payload = EscalationPayload {
            incident_id: i.id,
            title: &i.title,
            rule: &rule,
            level,
            owner_group: i.owner_group.as_deref(),
            deadline: &deadline,
        };
        let recipient = format!(
            "{}:{}",
            rung.notify,
            i.owner_group.as_deref().unwrap_or("coordinators")
        );
        sqlx::query(
            "INSERT INTO notification_outbox (channel, recipient, payload, created_at, kind) \
             VALUES ('email', $1, $2, $3, 'escalation')",
        )
        .bind(recipient)
        .bind(db::json_col(&payload))
        .bind(&at)
        .execute(&mut *tx)
        .await?;
        count += 1;
        if !touched.contains(&i.id) {
            touched.push(i.id);
        }
    }
    let mut seq = None;
    for id in touched {
        seq =
            Some(events::record(&mut tx, Changed::Incident(id), ChangeAction::Updated, now).await?);
    }
    commit_and_announce(tx, state, seq).await?;
    if count > 0 {
        tracing::info!(levels = count, "escalations fired");
    }
    Ok(count)
}

/// Evaluates escalations every few seconds until shutdown.
pub fn spawn(state: AppState) {
    tokio::spawn(async move {
        let mut shutdown = state.shutdown.subscribe();
        let mut tick = tokio::time::interval(Duration::from_secs(TICK_SECS));
        loop {
            tokio::select! {
                _ = tick.tick() => {
                    if let Err(e) = evaluate(&state, state.clock.now()).await {
                        tracing::warn!(error = %e, "escalation evaluation failed");
                    }
                }
                down = async { shutdown.wait_for(|down| *down).await.is_ok() } => {
                    if down { break; }
                }
            }
        }
    });
}
