//! Service catalogue: services, their required fields, SLA policies and routing rules.

use crate::ticket::{Channel, TicketKind};
use serde::{Deserialize, Serialize};

/// Text in both UI languages; clients pick by the user's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LocalizedText {
    pub en: String,
    pub ru: String,
}

impl LocalizedText {
    /// Both languages at once.
    pub fn new(en: impl Into<String>, ru: impl Into<String>) -> Self {
        Self {
            en: en.into(),
            ru: ru.into(),
        }
    }

    /// The text for a language code (`ru` or anything else, which means English).
    pub fn get(&self, lang: &str) -> &str {
        if lang == "ru" {
            &self.ru
        } else {
            &self.en
        }
    }
}

/// The kind of value a service-specific field holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FieldKind {
    /// Free text, at most `max_len` characters.
    Text { max_len: u32 },
    /// A number between `min` and `max` inclusive.
    Number { min: f64, max: f64 },
    /// A calendar date, `YYYY-MM-DD`.
    Date,
    /// Exactly one of `options` (by `value`).
    Choice { options: Vec<ChoiceOption> },
    /// Any subset of `options`.
    MultiChoice { options: Vec<ChoiceOption> },
}

/// One option of a choice field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChoiceOption {
    pub value: String,
    pub label: LocalizedText,
}

/// A field a ticket for this service carries in `Ticket::fields`, keyed by `key`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldSpec {
    pub key: String,
    pub label: LocalizedText,
    pub kind: FieldKind,
    /// A ticket cannot be registered without a value for a required field.
    pub required: bool,
}

/// How long work on a ticket may take, for one (kind, support line) pair of a service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SlaPolicy {
    pub kind: TicketKind,
    /// Support line 1, 2 or 3.
    pub line: u8,
    /// Allowed duration in hours.
    pub hours: u32,
    /// `true`: hours count only within the business calendar; `false`: around the clock.
    pub business_hours: bool,
}

/// A service customers contact the centre about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Service {
    /// Stable code, Open311 `service_code`, e.g. `mobile-data`.
    pub code: String,
    pub name: LocalizedText,
    pub description: LocalizedText,
    /// Grouping for the catalogue picker, e.g. `network`, `billing`.
    pub group: String,
    /// Whether complaints about this service count as network-quality complaints for spots.
    pub network_quality: bool,
    /// Topics an agent can choose for this service (values of `Ticket::topic`).
    pub topics: Vec<ChoiceOption>,
    pub fields: Vec<FieldSpec>,
    pub sla: Vec<SlaPolicy>,
    /// Assignee group for tickets that are not routed elsewhere.
    pub default_group: String,
}

/// A routing rule: tickets matching every present condition go to `line` and `group`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoutingRule {
    pub id: i64,
    /// Lower numbers are tried first; the first matching rule wins.
    pub priority: i32,
    pub service_code: Option<String>,
    pub channel: Option<Channel>,
    pub kind: Option<TicketKind>,
    pub line: u8,
    pub group: String,
}

/// An assignee group (a team of engineers or agents).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Group {
    pub code: String,
    pub name: LocalizedText,
    pub line: u8,
}

/// `GET /catalogue`: everything a ticket form needs in one response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Catalogue {
    pub services: Vec<Service>,
    pub routing: Vec<RoutingRule>,
    pub groups: Vec<Group>,
    /// Non-working dates (`YYYY-MM-DD`) of the business calendar.
    pub holidays: Vec<chrono::NaiveDate>,
    /// Business day start and end hour (local time of the centre), e.g. 9 and 18.
    pub business_day: BusinessDay,
}

/// Working hours of the business calendar, in the centre's local time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BusinessDay {
    pub start_hour: u8,
    pub end_hour: u8,
    /// Offset of the centre's local time from UTC, in minutes (e.g. 180 for UTC+3).
    pub utc_offset_minutes: i32,
}
