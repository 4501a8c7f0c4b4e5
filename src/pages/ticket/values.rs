//! Ticket field names and values as people read them (history, conflict screen).

use crate::components::names;
use crate::format;
use crate::i18n::{channel_msg, kind_msg, status_msg, text, Lang, Msg, TicketMsg, WorkMsg};
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::Value;
use spotdesk_api::{Catalogue, Channel, TicketKind, TicketStatus};

/// The label of a ticket field (the wire name when unknown).
pub fn field_label(lang: Lang, field: &str) -> String {
    let msg = match field {
        "status" => Some(TicketMsg::FStatus),
        "status_notes" => Some(TicketMsg::FStatusNotes),
        "description" => Some(TicketMsg::FDescription),
        "customer_name" => Some(TicketMsg::FCustomerName),
        "line" => Some(TicketMsg::FLine),
        "agency_responsible" => Some(TicketMsg::FGroup),
        "planned_at" => Some(TicketMsg::FPlannedAt),
        "topic" => Some(TicketMsg::FTopic),
        "incident_id" => Some(TicketMsg::FIncident),
        "spot_id" => Some(TicketMsg::FSpot),
        "expected_datetime" => Some(TicketMsg::FDeadline),
        "resolved_at" => Some(TicketMsg::FResolvedAt),
        "service_code" => Some(TicketMsg::FService),
        "kind" => Some(TicketMsg::FKind),
        "channel" => Some(TicketMsg::FChannel),
        "fields" => Some(TicketMsg::FFields),
        "rating" => Some(TicketMsg::FRating),
        "resolution_cause" => Some(TicketMsg::FResolutionCause),
        _ => None,
    };
    match msg {
        Some(m) => text(lang, m).to_owned(),
        None if field == "assignee" || field == "assignee_id" => {
            text(lang, WorkMsg::Assignee).to_owned()
        }
        None => field.to_owned(),
    }
}

/// A field's value as text: statuses translated, groups, services and topics by name, times
/// local.
pub fn display(lang: Lang, cat: Option<&Catalogue>, field: &str, v: &Value) -> String {
    match (field, v) {
        (_, Value::Null) => "—".to_owned(),
        ("status", Value::String(s)) => TicketStatus::parse(s)
            .map(|st| text(lang, status_msg(st)).to_owned())
            .unwrap_or_else(|| s.clone()),
        ("agency_responsible", Value::String(s)) => names::group_name(cat, lang, s),
        ("topic", Value::String(s)) => names::topic_name(cat, lang, s),
        ("service_code", Value::String(s)) => names::service_name(cat, lang, s),
        ("kind", Value::String(_)) => serde_json::from_value::<TicketKind>(v.clone())
            .map(|k| text(lang, kind_msg(k)).to_owned())
            .unwrap_or_else(|_| v.to_string()),
        ("channel", Value::String(_)) => serde_json::from_value::<Channel>(v.clone())
            .map(|c| text(lang, channel_msg(c)).to_owned())
            .unwrap_or_else(|_| v.to_string()),
        ("line", Value::Number(n)) => format!("{} {n}", text(lang, Msg::Line)),
        ("planned_at", Value::String(s)) => s
            .parse::<NaiveDate>()
            .map(|d| format::date(lang, d))
            .unwrap_or_else(|_| s.clone()),
        ("expected_datetime" | "resolved_at", Value::String(s)) => s
            .parse::<DateTime<Utc>>()
            .map(|t| format::datetime(lang, t))
            .unwrap_or_else(|_| s.clone()),
        ("incident_id" | "spot_id", Value::Number(n)) => format!("№ {n}"),
        ("resolution_cause", Value::String(s)) => names::cause_name(cat, lang, None, s),
        // An assignee is recorded as `{"id", "display_name"}`: the name.
        ("assignee", Value::Object(o)) => match o.get("display_name") {
            Some(Value::String(name)) => name.clone(),
            _ => v.to_string(),
        },
        (_, Value::String(s)) => s.clone(),
        (_, other) => other.to_string(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn values_read_like_text() {
        assert_eq!(
            display(Lang::En, None, "status", &json!("in_work")),
            "In work"
        );
        assert_eq!(
            display(Lang::Ru, None, "status", &json!("in_work")),
            "В работе"
        );
        assert_eq!(display(Lang::En, None, "line", &json!(2)), "line 2");
        assert_eq!(
            display(Lang::En, None, "channel", &json!("partner")),
            "Partner"
        );
        assert_eq!(display(Lang::En, None, "description", &Value::Null), "—");
        assert_eq!(display(Lang::En, None, "incident_id", &json!(4)), "№ 4");
        assert_eq!(field_label(Lang::En, "whatever"), "whatever");
        assert_eq!(field_label(Lang::En, "assignee"), "Assignee");
        assert_eq!(
            display(
                Lang::En,
                None,
                "assignee",
                &json!({"id": 3, "display_name": "Анна"})
            ),
            "Анна"
        );
    }

    #[test]
    fn topics_read_as_their_catalogue_label() {
        let cat: Catalogue = serde_json::from_value(json!({
            "services": [{
                "code": "mobile-data", "group": "network", "network_quality": true,
                "name": {"en": "Mobile internet", "ru": "Мобильный интернет"},
                "description": {"en": "", "ru": ""},
                "topics": [{"value": "no-data", "label": {"en": "No internet", "ru": "Нет доступа в интернет"}}],
                "fields": [], "sla": [], "default_group": "line1"
            }],
            "routing": [], "groups": [], "holidays": [],
            "business_day": {"start_hour": 9, "end_hour": 18, "utc_offset_minutes": 180}
        }))
        .unwrap();
        let shown = |lang, v: &str| display(lang, Some(&cat), "topic", &json!(v));
        assert_eq!(shown(Lang::Ru, "no-data"), "Нет доступа в интернет");
        assert_eq!(shown(Lang::En, "no-data"), "No internet");
        // Unknown (or no catalogue yet): the stored value.
        assert_eq!(shown(Lang::En, "gone"), "gone");
        assert_eq!(
            display(Lang::En, None, "topic", &json!("no-data")),
            "no-data"
        );
    }
}
