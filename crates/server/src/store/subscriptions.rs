//! Public subscriptions ("tell me when it is fixed") and fix ratings.
//!
//! Spot and incident handlers call [`spot_changed`] / [`incident_changed`] once inside their
//! write transaction; when the change resolves the problem, every open subscription inside
//! its area gets one `fix_done` outbox message with a fresh rating token — one per person:
//! contacts are compared by [`contact_key`], and a contact that already got the fix message as
//! a complainant (the caller passes those) or as another subscription is not told again.

use crate::auth::{hash_token, new_token};
use crate::db::Pool;
use crate::db::{self, Tx};
use crate::store::events;
use crate::store::outbox::FixSource;
use chrono::{DateTime, Utc};
use serde::Serialize;
use spotdesk_api::{ChangeAction, Incident, LocalizedText, Polygon, Rating, Spot, SpotStatus};
use spotdesk_core::geo::point_in_polygon;
use spotdesk_core::public::contact_key;
use sqlx::Row;

/// Stores a subscription for `contact` at a point.
pub async fn insert(
    pool: &Pool,
    contact: &str,
    lat: f64,
    long: f64,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO public_subscriptions (contact, lat, long, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(contact)
    .bind(lat)
    .bind(long)
    .bind(db::ts(at))
    .execute(pool)
    .await?;
    Ok(())
}

/// Body of a subscriber's `fix_done` message: what the customer may read, and the token of
/// their rating link (`/rate/{token}`).
#[derive(Debug, Serialize)]
struct SubscriberPayload<'a> {
    source: &'static str,
    source_id: i64,
    rating_token: &'a str,
    note: Option<&'a LocalizedText>,
}

/// Queues one message per distinct contact among the open subscriptions inside `area` and
/// marks them all notified. Contacts in `already_told` (complainants who got the fix message
/// in this transaction) get no second message. Returns how many were queued.
pub async fn notify_fixed(
    tx: &mut Tx,
    fixed: FixSource,
    area: &Polygon,
    note: Option<&LocalizedText>,
    already_told: &[String],
    at: DateTime<Utc>,
) -> Result<usize, sqlx::Error> {
    if area.ring.len() < 3 {
        return Ok(0);
    }
    let (source, source_id) = fixed.parts();
    let mut told: std::collections::HashSet<String> =
        already_told.iter().map(|c| contact_key(c)).collect();
    let rows = sqlx::query(
        "SELECT id, contact, lat, long FROM public_subscriptions WHERE notified_at IS NULL \
         ORDER BY id",
    )
    .fetch_all(&mut **tx)
    .await?;
    let at_text = db::ts(at);
    let mut queued = 0;
    for row in rows {
        let (id, contact, lat, long): (i64, String, f64, f64) = (
            row.try_get(0)?,
            row.try_get(1)?,
            row.try_get(2)?,
            row.try_get(3)?,
        );
        if !point_in_polygon(lat, long, area) {
            continue;
        }
        if !told.insert(contact_key(&contact)) {
            // Told already: closed without a second message (their link came with the first).
            sqlx::query(
                "UPDATE public_subscriptions SET notified_at = $1, source = $2, source_id = $3 \
                 WHERE id = $4",
            )
            .bind(&at_text)
            .bind(source)
            .bind(source_id)
            .bind(id)
            .execute(&mut **tx)
            .await?;
            continue;
        }
        let (token, token_hash) = new_token();
        sqlx::query(
            "UPDATE public_subscriptions SET notified_at = $1, source = $2, source_id = $3, \
             token_hash = $4 WHERE id = $5",
        )
        .bind(&at_text)
        .bind(source)
        .bind(source_id)
        .bind(&token_hash)
        .bind(id)
        .execute(&mut **tx)
        .await?;
        let payload = SubscriberPayload {
            source,
            source_id,
            rating_token: &token,
            note,
        };
        sqlx::query(
            "INSERT INTO notification_outbox (channel, recipient, payload, created_at, kind) \
             VALUES ('subscription', $1, $2, $3, 'fix_done')",
        )
        .bind(&contact)
        .bind(db::json_col(&payload))
        .bind(&at_text)
        .execute(&mut **tx)
        .await?;
        queued += 1;
    }
    Ok(queued)
}

/// Hook for the spot PATCH handler: announces the fix when `next` resolves `current`, except
/// to the contacts in `already_told`; `now` stands in for a missing `resolved_at`.
pub async fn spot_changed(
    tx: &mut Tx,
    current: &Spot,
    next: &Spot,
    already_told: &[String],
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    if current.status != SpotStatus::Resolved && next.status == SpotStatus::Resolved {
        let at = next.resolved_at.unwrap_or(now);
        let note = next.public_note.as_ref();
        let fixed = FixSource::Spot(next.id);
        notify_fixed(tx, fixed, &next.outline, note, already_told, at).await?;
    }
    Ok(())
}

/// Hook for the incident PATCH handler: announces the fix when `next` ends `current`, except
/// to the contacts in `already_told`; `now` stands in for a missing `resolved_at`. Returns
/// how many subscribers were told (each a message in the outbox).
pub async fn incident_changed(
    tx: &mut Tx,
    current: &Incident,
    next: &Incident,
    already_told: &[String],
    now: DateTime<Utc>,
) -> Result<usize, sqlx::Error> {
    if current.status.is_active() && !next.status.is_active() {
        let at = next.resolved_at.unwrap_or(now);
        let note = next.public_note.as_ref();
        let fixed = FixSource::Incident(next.id);
        return notify_fixed(tx, fixed, &next.area, note, already_told, at).await;
    }
    Ok(0)
}

/// Whether a rating was recorded with `token`.
pub async fn is_rated(pool: &Pool, token: &str) -> Result<bool, sqlx::Error> {
    let found: Option<(i64,)> = sqlx::query_as("SELECT 1 FROM fix_ratings WHERE token_hash = $1")
        .bind(hash_token(token))
        .fetch_optional(pool)
        .await?;
    Ok(found.is_some())
}

/// What a rating token invites to rate, or `None` for an unknown token.
pub async fn invitation(pool: &Pool, token: &str) -> Result<Option<FixSource>, sqlx::Error> {
    let hash = hash_token(token);
    let mut found: Option<(String, i64)> =
        sqlx::query_as("SELECT source, source_id FROM rating_invitations WHERE token_hash = $1")
            .bind(&hash)
            .fetch_optional(pool)
            .await?;
    if found.is_none() {
        found = sqlx::query_as(
            "SELECT source, source_id FROM public_subscriptions \
             WHERE token_hash = $1 AND source IS NOT NULL AND source_id IS NOT NULL",
        )
        .bind(&hash)
        .fetch_optional(pool)
        .await?;
    }
    found
        .map(|(source, id)| {
            FixSource::from_parts(&source, id)
                .ok_or_else(|| sqlx::Error::Decode(format!("unknown fix source {source:?}").into()))
        })
        .transpose()
}

/// Records a rating for `token` in the caller's write transaction and its change-log row: an
/// `updated` change of what was fixed, so open dashboards refetch their ratings. A single
/// ticket's fix also gets the score as the ticket's `rating`. Returns that
/// row's sequence number, or `None` when the token was already used (nothing recorded).
pub async fn rate(
    tx: &mut Tx,
    token: &str,
    fixed: FixSource,
    score: i64,
    comment: Option<&str>,
    at: DateTime<Utc>,
) -> Result<Option<i64>, sqlx::Error> {
    let hash = hash_token(token);
    let at_text = db::ts(at);
    let (source, source_id) = fixed.parts();
    let done = sqlx::query(
        "INSERT INTO fix_ratings (token_hash, source, source_id, score, comment, rated_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (token_hash) DO NOTHING",
    )
    .bind(&hash)
    .bind(source)
    .bind(source_id)
    .bind(score)
    .bind(comment)
    .bind(&at_text)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    sqlx::query(
        "UPDATE rating_invitations SET rated_at = $1 WHERE token_hash = $2 AND rated_at IS NULL",
    )
    .bind(&at_text)
    .bind(&hash)
    .execute(&mut **tx)
    .await?;
    if let (1, FixSource::Ticket(ticket)) = (done, fixed) {
        // A single ticket's fix: the rating is the ticket's own (`Ticket::rating`).
        sqlx::query("UPDATE tickets SET rating = $1 WHERE id = $2")
            .bind(score)
            .bind(ticket.0)
            .execute(&mut **tx)
            .await?;
    }
    let seq = if done == 1 {
        Some(events::record(tx, fixed.changed(), ChangeAction::Updated, at).await?)
    } else {
        None
    };
    Ok(seq)
}

/// Totals `(count, average, by_score[1..=5])` and the newest `limit` ratings, of the
/// ratings given in `[from, to)` (an absent end is open).
pub async fn summary(
    pool: &Pool,
    from: Option<DateTime<Utc>>,
    to: Option<DateTime<Utc>>,
    limit: u32,
) -> Result<(i64, Option<f64>, Vec<i64>, Vec<Rating>), sqlx::Error> {
    // Only the bounds that are set, so every parameter has a known type (portable SQL).
    let mut cond = String::from(" WHERE 1 = 1");
    let mut bounds = Vec::new();
    if let Some(f) = from {
        bounds.push(db::ts(f));
        cond.push_str(&format!(" AND r.rated_at >= ${}", bounds.len()));
    }
    if let Some(t) = to {
        bounds.push(db::ts(t));
        cond.push_str(&format!(" AND r.rated_at < ${}", bounds.len()));
    }
    let mut by_score = vec![0i64; 5];
    let sql = format!("SELECT r.score, COUNT(*) FROM fix_ratings r{cond} GROUP BY r.score");
    let mut q = sqlx::query_as::<_, (i64, i64)>(&sql);
    for b in &bounds {
        q = q.bind(b);
    }
    let counts = q.fetch_all(pool).await?;
    for (score, n) in counts {
        if let Some(slot) = usize::try_from(score - 1)
            .ok()
            .and_then(|i| by_score.get_mut(i))
        {
            *slot = n;
        }
    }
    let count: i64 = by_score.iter().sum();
    let total: i64 = by_score
        .iter()
        .zip(1i64..)
        .map(|(n, score)| n * score)
        .sum();
    #[allow(clippy::cast_precision_loss)]
    let average = (count > 0).then(|| total as f64 / count as f64);
    // The rated customer's ticket: the one their invitation was for, or the fixed ticket
    // itself (a public subscriber's rating of a spot or incident has none).
    let sql = format!(
        "SELECT r.source, r.source_id, r.score, r.comment, r.rated_at, \
         t.id, t.service_code, t.agency_responsible, t.line \
         FROM fix_ratings r \
         LEFT JOIN rating_invitations i ON i.token_hash = r.token_hash \
         LEFT JOIN tickets t ON t.id = COALESCE(i.ticket_id, \
           CASE WHEN r.source = 'ticket' THEN r.source_id END){cond} \
         ORDER BY r.rated_at DESC, r.id DESC LIMIT ${}",
        bounds.len() + 1
    );
    let mut q = sqlx::query(&sql);
    for b in &bounds {
        q = q.bind(b);
    }
    let rows = q.bind(i64::from(limit)).fetch_all(pool).await?;
    let mut recent = Vec::with_capacity(rows.len());
    for row in rows {
        let rated_at: String = row.try_get(4)?;
        recent.push(Rating {
            source: row.try_get(0)?,
            source_id: row.try_get(1)?,
            score: row.try_get(2)?,
            comment: row.try_get(3)?,
            rated_at: db::parse_ts(&rated_at)?,
            ticket_id: row.try_get(5)?,
            service_code: row.try_get(6)?,
            group: row.try_get(7)?,
            line: row
                .try_get::<Option<i64>, _>(8)?
                .and_then(|l| u8::try_from(l).ok()),
        });
    }
    Ok((count, average, by_score, recent))
}
