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
    /// Work that must be done before a fixed time of day (e.g. before a lottery draw): the
    /// deadline is the earlier of the hours above and the next such time.
    #[serde(default)]
    pub due_before: Option<crate::settings::HardDeadline>,
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
    /// A retired service takes no new tickets; its old tickets keep it (shown, edited,
    /// counted in dashboards). Services are retired, never removed, once tickets use them.
    #[serde(default)]
    pub retired: bool,
    /// Which optional standard fields the service's form shows or requires. The phone number
    /// and the address are always required (spots and incidents are built from them).
    #[serde(default)]
    pub form: StandardFields,
    /// Why a ticket of this service was resolved: resolving one (`PATCH /tickets/{id}` with
    /// status `resolved`) must name one of these codes in `resolution_cause` when the list is
    /// not empty.
    #[serde(default)]
    pub resolution_causes: Vec<ResolutionCause>,
    /// Ready texts of replies to the customer (`POST /tickets/{id}/comments` with kind
    /// `reply`), which the agent fills in and edits before sending.
    #[serde(default)]
    pub reply_templates: Vec<ReplyTemplate>,
}

/// A resolution cause of a service: why its tickets are resolved (e.g. "equipment replaced").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResolutionCause {
    /// Stable code, unique within the service (`Ticket::resolution_cause`).
    pub code: String,
    pub name: LocalizedText,
}

/// A reply template of a service. Its text may hold the placeholders `{ticket}` (the ticket
/// number), `{address}` (the ticket's address) and `{deadline}` (its SLA deadline), which the
/// agent's screen fills in (`spotdesk_core::reply::fill`) before the agent edits and sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReplyTemplate {
    /// Stable code, unique within the service.
    pub code: String,
    /// What the agent picks it by.
    pub title: LocalizedText,
    /// The message, in both languages.
    pub text: LocalizedText,
}

/// Whether a standard ticket field is on a service's form, and whether it must be filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FieldPresence {
    /// Not on the form (a value sent anyway is kept).
    Hidden,
    /// On the form, may stay empty.
    #[default]
    Optional,
    /// On the form, must be filled to register the ticket.
    Required,
}

/// The standard fields of a service's ticket form that an administrator may show, hide or
/// require. The topic follows the service's topic list (required when it has topics).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StandardFields {
    #[serde(default)]
    pub description: FieldPresence,
    #[serde(default)]
    pub customer_name: FieldPresence,
    #[serde(default)]
    pub segment: FieldPresence,
    #[serde(default)]
    pub lifetime_value: FieldPresence,
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
    /// Customer segment condition (absent: any segment).
    #[serde(default)]
    pub segment: Option<crate::ticket::Segment>,
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

/// `GET /catalogue`: everything a ticket form needs in one response; also the whole
/// configuration administrators edit (`GET`/`PUT /admin/configuration`). Parts added after
/// version 1 have defaults, so older documents still read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Catalogue {
    pub services: Vec<Service>,
    pub routing: Vec<RoutingRule>,
    pub groups: Vec<Group>,
    /// Non-working dates (`YYYY-MM-DD`) of the business calendar.
    pub holidays: Vec<chrono::NaiveDate>,
    /// Business day start and end hour (local time of the centre), e.g. 9 and 18.
    pub business_day: BusinessDay,
    /// Working hours per weekday; empty means `business_day` hours Monday to Friday.
    #[serde(default)]
    pub working_week: Vec<crate::settings::WorkingHours>,
    /// Minutes a working day is shortened by when the next day is a holiday (Russian labour
    /// code: 60). 0: no pre-holiday short days.
    #[serde(default)]
    pub pre_holiday_short_minutes: u32,
    /// Business units informed about mass incidents, with what to do after the fix.
    #[serde(default)]
    pub business_units: Vec<crate::settings::BusinessUnit>,
    /// Escalation timings of mass incidents and who each level notifies.
    #[serde(default)]
    pub escalation: crate::settings::EscalationSettings,
    /// Thresholds of spot detection and burst proposals.
    #[serde(default)]
    pub detection: crate::settings::DetectionSettings,
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

impl Default for BusinessDay {
    /// 09:00 to 18:00 Moscow time.
    fn default() -> Self {
        Self {
            start_hour: 9,
            end_hour: 18,
            utc_offset_minutes: 180,
        }
    }
}
