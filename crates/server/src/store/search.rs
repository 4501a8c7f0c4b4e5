//! The queries of "find anything" (`GET /search`) that belong to no single table's module:
//! customers (everyone who called from one phone number, from their tickets) and incidents by
//! title.

use crate::db;
use crate::store::incidents;
use crate::store::tickets::{push_contains, push_group};
use spotdesk_api::{CustomerMatch, Incident, IncidentId};

/// Customers whose phone is `phone` (E.164) or whose name contains `name` (any case), newest
/// contact first, at most `limit`; `visible_group` (engineers) counts only that group's
/// tickets. Tickets without a phone (imported history) are nobody's here.
pub async fn customers(
    pool: &db::Pool,
    phone: Option<&str>,
    name: Option<&str>,
    visible_group: Option<&str>,
    limit: i64,
) -> Result<Vec<CustomerMatch>, sqlx::Error> {
    if phone.is_none() && name.is_none() {
        return Ok(Vec::new());
    }
    let mut qb: db::QueryBuilder = db::QueryBuilder::new(
        "SELECT customer_phone, COUNT(*) AS tickets, \
         SUM(CASE WHEN status IN ('resolved', 'closed') THEN 0 ELSE 1 END) AS open_tickets, \
         MAX(created_at) AS last_contact FROM tickets WHERE customer_phone <> '' AND (1 = 0",
    );
    if let Some(phone) = phone {
        qb.push(" OR customer_phone = ").push_bind(phone.to_owned());
    }
    if let Some(name) = name {
        push_contains(&mut qb, "customer_name", name);
    }
    qb.push(")");
    push_group(&mut qb, "agency_responsible", visible_group);
    qb.push(" GROUP BY customer_phone ORDER BY last_contact DESC, customer_phone LIMIT ")
        .push_bind(limit);
    let rows: Vec<(String, i64, i64, String)> = qb.build_query_as().fetch_all(pool).await?;
    let mut found = Vec::with_capacity(rows.len());
    for (phone, tickets, open_tickets, last) in rows {
        let mut q =
            db::QueryBuilder::new("SELECT customer_name FROM tickets WHERE customer_phone = ");
        q.push_bind(phone.clone())
            .push(" AND customer_name IS NOT NULL AND customer_name <> ''");
        push_group(&mut q, "agency_responsible", visible_group);
        q.push(" ORDER BY created_at DESC, id DESC LIMIT 1");
        let name: Option<(String,)> = q.build_query_as().fetch_optional(pool).await?;
        found.push(CustomerMatch {
            phone,
            name: name.map(|(n,)| n),
            tickets,
            open_tickets,
            last_contact: db::parse_ts(&last)?,
        });
    }
    Ok(found)
}

/// Incidents whose title contains `text` (any case), newest first, at most `limit`.
pub async fn incidents_by_title(
    pool: &db::Pool,
    text: &str,
    limit: i64,
) -> Result<Vec<Incident>, sqlx::Error> {
    let mut qb: db::QueryBuilder = db::QueryBuilder::new("SELECT id FROM incidents WHERE 1 = 0");
    push_contains(&mut qb, "title", text);
    qb.push(" ORDER BY registered_at DESC, id DESC LIMIT ")
        .push_bind(limit);
    let ids: Vec<(i64,)> = qb.build_query_as().fetch_all(pool).await?;
    let mut found = Vec::with_capacity(ids.len());
    for (id,) in ids {
        if let Some(i) = incidents::get(pool, IncidentId(id)).await? {
            found.push(i);
        }
    }
    Ok(found)
}
