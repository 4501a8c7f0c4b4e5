//! The bulk ticket facts behind `GET /tickets/facts`, streamed from the database into columns.

use crate::db;
use futures_util::TryStreamExt;
use spotdesk_api::facts::{TicketFact, TicketFacts};
use spotdesk_api::{Channel, Segment, TicketKind, TicketStatus};
use spotdesk_core::complaint::customer_hash;

use crate::db::Pool;
use sqlx::Row as _;

/// Which tickets: registration period and the caller's group restriction.
#[derive(Debug, Clone, Default)]
pub struct FactsSpec {
    pub from: Option<String>,
    pub to: Option<String>,
    /// Only this assignee group (engineers see their group's tickets only).
    pub visible_group: Option<String>,
    /// Also who each ticket is assigned to (format version 2, when anyone is).
    pub assignees: bool,
}

// `transferred`: a later history entry changed the line (JSON keys are matched as `"line":`,
// which a JSON-escaped string value can never contain). `known_problem`: the registration
// entry already linked an incident or spot.
const SELECT: &str = "SELECT t.id, t.created_at, t.resolved_at, t.expected_datetime, t.lat, t.long, \
     t.service_code, t.topic, t.agency_responsible, t.line, t.status, t.kind, t.channel, t.segment, \
     t.lifetime_value, t.rating, t.customer_phone, t.incident_id, t.spot_id, \
     CASE WHEN EXISTS (SELECT 1 FROM ticket_history h WHERE h.ticket_id = t.id AND h.version > 1 \
             AND h.changes LIKE '%\"line\":%') THEN 1 ELSE 0 END, \
     CASE WHEN EXISTS (SELECT 1 FROM ticket_history h WHERE h.ticket_id = t.id AND h.version = 1 \
             AND (h.changes LIKE '%\"incident_id\":%' OR h.changes LIKE '%\"spot_id\":%')) THEN 1 ELSE 0 END, \
     t.assignee_id, (SELECT u.display_name FROM users u WHERE u.id = t.assignee_id) \
     FROM tickets t WHERE 1 = 1";

/// All tickets matching `spec`, oldest first, as columns.
pub async fn load(pool: &Pool, spec: &FactsSpec) -> Result<TicketFacts, sqlx::Error> {
    let mut q = db::QueryBuilder::new(SELECT);
    if let Some(from) = &spec.from {
        q.push(" AND t.created_at >= ").push_bind(from.clone());
    }
    if let Some(to) = &spec.to {
        q.push(" AND t.created_at < ").push_bind(to.clone());
    }
    super::tickets::push_group(
        &mut q,
        "t.agency_responsible",
        spec.visible_group.as_deref(),
    );
    q.push(" ORDER BY t.created_at, t.id");
    let mut rows = q.build().fetch(pool);
    let mut facts = TicketFacts::default();
    let mut anyone = false;
    while let Some(row) = rows.try_next().await? {
        facts.push(fact(&row)?);
        if spec.assignees {
            let id: Option<i64> = row.try_get(21)?;
            let name: Option<String> = row.try_get(22)?;
            let who = id.and_then(|id| u32::try_from(id).ok());
            anyone |= who.is_some();
            facts.push_assignee(who.map(|id| (id, name.as_deref().unwrap_or(""))));
        }
    }
    if !anyone {
        // Nobody assigned: a version-1 body, which every reader reads.
        facts.assignee.clear();
        facts.people.clear();
    }
    Ok(facts)
}

fn fact(row: &crate::db::Row) -> Result<TicketFact, sqlx::Error> {
    let narrow = |v: i64, what: &str| {
        u32::try_from(v).map_err(|_| sqlx::Error::Decode(format!("{what} {v} out of range").into()))
    };
    let segment: Option<String> = row.try_get(13)?;
    let phone: String = row.try_get(16)?;
    Ok(TicketFact {
        id: narrow(row.try_get(0)?, "ticket id")?,
        created: db::parse_ts(row.try_get(1)?)?.timestamp(),
        resolved: db::parse_ts_opt(row.try_get(2)?)?.map(|t| t.timestamp()),
        deadline: db::parse_ts(row.try_get(3)?)?.timestamp(),
        lat: row.try_get::<f64, _>(4)? as f32,
        long: row.try_get::<f64, _>(5)? as f32,
        service: row.try_get(6)?,
        topic: row.try_get(7)?,
        group: row.try_get(8)?,
        line: u8::try_from(row.try_get::<i64, _>(9)?).unwrap_or(1),
        status: db::parse_enum::<TicketStatus>(row.try_get(10)?)?,
        kind: db::parse_enum::<TicketKind>(row.try_get(11)?)?,
        channel: db::parse_enum::<Channel>(row.try_get(12)?)?,
        segment: segment
            .as_deref()
            .map(db::parse_enum::<Segment>)
            .transpose()?,
        lifetime_value: row.try_get::<Option<f64>, _>(14)?.map(|v| v as f32),
        rating: row
            .try_get::<Option<i64>, _>(15)?
            .and_then(|r| u8::try_from(r).ok()),
        // 0/1 integers: booleans differ between the databases, integers do not.
        transferred: row.try_get::<i64, _>(19)? != 0,
        known_problem: row.try_get::<i64, _>(20)? != 0,
        // A ticket without a phone number (imported history) is a customer of its own, not
        // one customer with every other such ticket.
        customer: if phone.trim().is_empty() {
            u64::MAX - row.try_get::<i64, _>(0)?.unsigned_abs()
        } else {
            customer_hash(&phone)
        },
        incident: row
            .try_get::<Option<i64>, _>(17)?
            .map(|v| narrow(v, "incident id"))
            .transpose()?,
        spot: row
            .try_get::<Option<i64>, _>(18)?
            .map(|v| narrow(v, "spot id"))
            .transpose()?,
    })
}
