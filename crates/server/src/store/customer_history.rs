//! The queries of a caller's history (`GET /customers/{phone}`) beyond the ticket list
//! (`tickets::of_customer`): counts, where they called from, and the ratings they gave.

use crate::db;
use crate::store::tickets::push_group;
use chrono::{DateTime, Utc};
use spotdesk_api::{CustomerRating, TicketId};

/// A customer's visible tickets: `(all, open, repeat contacts)`.
pub async fn counts(
    pool: &db::Pool,
    phone: &str,
    visible_group: Option<&str>,
) -> Result<(i64, i64, i64), sqlx::Error> {
    let mut qb: db::QueryBuilder = db::QueryBuilder::new(
        "SELECT COUNT(*), \
         COALESCE(SUM(CASE WHEN status IN ('resolved', 'closed') THEN 0 ELSE 1 END), 0), \
         COALESCE(SUM(CASE WHEN repeat_of IS NULL THEN 0 ELSE 1 END), 0) \
         FROM tickets WHERE customer_phone = ",
    );
    qb.push_bind(phone.to_owned());
    push_group(&mut qb, "agency_responsible", visible_group);
    qb.build_query_as().fetch_one(pool).await
}

/// The distinct places (lat, long) of a customer's visible tickets created since `since`.
pub async fn places(
    pool: &db::Pool,
    phone: &str,
    visible_group: Option<&str>,
    since: DateTime<Utc>,
) -> Result<Vec<(f64, f64)>, sqlx::Error> {
    let mut qb: db::QueryBuilder =
        db::QueryBuilder::new("SELECT DISTINCT lat, long FROM tickets WHERE customer_phone = ");
    qb.push_bind(phone.to_owned())
        .push(" AND created_at >= ")
        .push_bind(db::ts(since));
    push_group(&mut qb, "agency_responsible", visible_group);
    qb.build_query_as().fetch_all(pool).await
}

/// The fix ratings given through the rating links of a customer's visible tickets, newest
/// first, at most `limit`.
pub async fn ratings(
    pool: &db::Pool,
    phone: &str,
    visible_group: Option<&str>,
    limit: i64,
) -> Result<Vec<CustomerRating>, sqlx::Error> {
    let mut qb: db::QueryBuilder = db::QueryBuilder::new(
        "SELECT t.id, r.score, r.comment, r.rated_at FROM fix_ratings r \
         JOIN rating_invitations i ON i.token_hash = r.token_hash \
         JOIN tickets t ON t.id = i.ticket_id WHERE t.customer_phone = ",
    );
    qb.push_bind(phone.to_owned());
    push_group(&mut qb, "t.agency_responsible", visible_group);
    qb.push(" ORDER BY r.rated_at DESC, r.id DESC LIMIT ")
        .push_bind(limit);
    let rows: Vec<(i64, i64, Option<String>, String)> = qb.build_query_as().fetch_all(pool).await?;
    rows.into_iter()
        .map(|(ticket, score, comment, at)| {
            Ok(CustomerRating {
                ticket_id: TicketId(ticket),
                score: u8::try_from(score).unwrap_or(0),
                comment,
                rated_at: db::parse_ts(&at)?,
            })
        })
        .collect()
}
