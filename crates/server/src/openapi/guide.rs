//! What a second backend needs beyond the shapes: the lifecycles, the rules with their numbers,
//! the stream's framing and cross-origin use, written into the API document from the code's
//! own tables and constants, so the text cannot drift from what the reference server does
//! (`tests::the_lifecycle_tables_follow_the_rules` reads the tables back).

use crate::access::{self, Rule};
use serde::Serialize;
use spotdesk_api::{
    DetectionSettings, EscalationRule, EscalationSettings, IncidentStatus, SpotStatus, TicketStatus,
};
use spotdesk_core::{impact, incidents, spot_flow, validate};

/// The wire name of an enum value.
fn wire<T: Serialize>(v: T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The roles of a rule, as the document names them.
fn roles(rule: Rule) -> String {
    rule.roles
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A lifecycle as a Markdown table: a row per current status, a column per next status,
/// `yes` where the move is allowed; then the moves that skip a step and those that go back.
pub fn lifecycle_table<T: Copy + PartialEq + Serialize>(
    all: &[T],
    allowed: impl Fn(T, T) -> bool,
) -> String {
    let names: Vec<String> = all.iter().map(|&s| wire(s)).collect();
    let mut out = String::from("| from \\ to |");
    for n in &names {
        out.push_str(&format!(" `{n}` |"));
    }
    out.push_str("\n|---|");
    out.push_str(&"---|".repeat(names.len()));
    for (i, &from) in all.iter().enumerate() {
        out.push_str(&format!("\n| `{}` |", names[i]));
        for &to in all {
            let cell = if from == to {
                "(stays)"
            } else if allowed(from, to) {
                "yes"
            } else {
                "-"
            };
            out.push_str(&format!(" {cell} |"));
        }
    }
    let back: Vec<String> = all
        .iter()
        .enumerate()
        .flat_map(|(i, &from)| {
            let names = &names;
            let allowed = &allowed;
            all.iter()
                .enumerate()
                .filter(move |&(j, &to)| j < i && allowed(from, to))
                .map(move |(j, _)| format!("`{}` → `{}`", names[i], names[j]))
        })
        .collect();
    out.push_str(&format!(
        "\n\nColumns are in lifecycle order; a `yes` right of the next column skips steps. \
Moves back (to an earlier column): {}.",
        if back.is_empty() {
            "none".to_owned()
        } else {
            back.join(", ")
        }
    ));
    out
}

/// The lifecycles section of the document.
pub fn lifecycles() -> String {
    let tickets = lifecycle_table(&TicketStatus::ALL, validate::transition_allowed);
    let incidents = lifecycle_table(&IncidentStatus::ALL, incidents::transition_allowed);
    let spots = lifecycle_table(&SpotStatus::ALL, spot_flow::transition_allowed);
    let p_ticket = roles(access::PATCH_TICKET);
    let p_incident = roles(access::PATCH_INCIDENT);
    let p_spot = roles(access::PATCH_SPOT);
    let still = roles(access::STILL_BROKEN);
    format!(
        "## Lifecycles\n\n\
Every status change is a `PATCH` with `status` (and `If-Match`); a move the table does not \
allow is 422 `validation_failed`, field `status`, code `invalid_transition`. Sending the \
current status again is no move and always accepted. The roles are those of the `PATCH` \
operation; an engineer changes only their own group's ticket, incident or spot.\n\n\
**Tickets** (`patchTicket`: {p_ticket}). Moving to `planned` needs `planned_at` (sent now or \
already set); moving to `resolved` needs a non-blank `status_notes` (sent to the customer) and, \
when the service lists resolution causes, a `resolution_cause` from them.\n\n{tickets}\n\n\
**Mass incidents** (`patchIncident`: {p_incident}). Resolving resolves every open linked \
ticket with the incident's note and tells their customers.\n\n{incidents}\n\n\
**Spots** (`patchSpot`: {p_spot}). Resolving tells every complainant.\n\n{spots}\n\n\
**Moves the server makes itself.** `POST /incidents/{{id}}/still-broken` ({still}) moves the \
customer's linked ticket from `resolved` or `closed` to `reopened` (an open ticket stays as \
it is), and moves a `resolved` or `confirmed` incident to `reopened` once the distinct \
customers reporting it reach the reopen threshold (see *Rules*). Nothing else changes a \
status without a `PATCH`.",
    )
}

/// The rules: the numbers behind what the server decides, each paragraph with the schemas
/// whose descriptions carry it.
pub fn rules() -> Vec<(&'static [&'static str], String)> {
    let text = rules_text();
    const TARGETS: [&[&str]; 8] = [
        &["NewTicket"],
        &["NewTicket", "RoutingRule"],
        &["NewTicket", "SlaPolicy"],
        &["EscalationSettings", "Incident"],
        &["IncidentProposal", "DetectionSettings"],
        &["NewSpot", "Spot", "DetectionSettings"],
        &["Incident"],
        &["Incident", "StillBrokenOutcome"],
    ];
    let paragraphs: Vec<String> = text.split("\n\n").skip(1).map(str::to_owned).collect();
    TARGETS.into_iter().zip(paragraphs).collect()
}

/// The rules as one text: a heading, then one paragraph per rule.
fn rules_text() -> String {
    let det = DetectionSettings::default();
    let esc = EscalationSettings::default();
    let spot = spotdesk_core::spots::SpotParams::default();
    let burst = spotdesk_core::bursts::BurstParams::default();
    let day = spotdesk_api::BusinessDay::default();
    let timing = |rule: EscalationRule| incidents::rule_minutes(rule, &esc);
    let levels = incidents::ladder(&esc)
        .iter()
        .map(|l| {
            format!(
                "level {} {} min after the rule's deadline (notifies `{}`)",
                l.level, l.after_minutes, l.notify
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    let thresholds = [1, 2, 5, 6, 10, 11, 50]
        .iter()
        .map(|&n| format!("{n} linked → {}", incidents::reopen_threshold(n)))
        .collect::<Vec<_>>()
        .join(", ");
    let m_per_deg = 111_320.0;
    format!(
        "## Rules\n\n\
**New tickets** (`POST /tickets`, `NewTicket`). Always required: `service_code` (a service of \
the catalogue, not `retired`), `kind`, `channel`, `customer_phone`, `address_string`, and \
`topic` when the service lists topics (then it must be one of their `value`s; a service \
without topics takes any topic or none). The service's `form` makes `description`, \
`customer_name`, `segment` and `lifetime_value` required (`required`), optional or hidden; \
its `fields` are checked by their kind (`fields.<code>`). The phone is normalised to E.164: \
spaces, dashes, dots and brackets are ignored, `8…` and `+7…` with 10 more digits and a bare \
10-digit number become `+7` and 10 digits; any other number needs a leading `+` and 8 to 15 \
digits (else `invalid`). Limits: `topic` and `customer_name` {short} characters, `description` \
{desc}, `address_string` {addr}, `lifetime_value` 0 to {ltv:e}, `line` 1 to 3. **Without \
`lat`/`long`** (both absent) the server geocodes `address_string` and takes the best match; \
when nothing matches, or only one of the two is sent, or they are out of range, the answer is \
422 with `address_string` `not_geocoded`: a ticket always has coordinates.\n\n\
**Routing** (line and group). The catalogue's `routing` rules are tried in ascending \
`priority`, then ascending `id`; a rule matches when every condition it has (`service_code`, \
`channel`, `kind`, `segment`) equals the ticket's (a rule with a `segment` never matches a \
ticket without one); the first match sets `line` and `agency_responsible` (its `group`). With \
no match: the requested `line` (default 1) and the service's `default_group`. Later, a `PATCH` \
that assigns another group moves the ticket to that group's `line`; a changed line recomputes \
the deadline from the registration time.\n\n\
**Deadlines** (`expected_datetime`). The service's SLA policy for the ticket's `kind` and \
`line` (exact line first, else the nearest lower line, else the nearest higher; none: no \
deadline) gives `hours`, counted from registration. `business_hours: false`: around the clock. \
`business_hours: true`: only working minutes count, in the centre's local time (a fixed \
`utc_offset_minutes`, default {off}): the catalogue's `working_week` intervals (several per \
weekday allowed; empty: `business_day` {start}:00 to {end}:00, Monday to Friday); no minute of \
a date in `holidays` counts; a working day whose next calendar day is a holiday ends \
`pre_holiday_short_minutes` earlier. Registration outside working time starts counting at the \
next working minute; the deadline is the instant the last counted minute ends. A policy's \
`due_before` (a local time of day, on the named weekdays or every day) makes the deadline the \
earlier of the two: the next such time strictly after registration.\n\n\
**Escalation** of mass incidents (catalogue `escalation`; defaults shown). Each rule that \
applies has a deadline: *no owner* (`no_owner`, no `owner_group`) {no_owner} min after \
registration; *not taken into work* (`not_taken_into_work`, status `registered` or \
`reopened`) {not_taken} min after entering that status; *diagnosis too long* \
(`diagnosis_too_long`) {diag} min after entering `diagnosis`; *not resolved by the expected \
time* (`not_resolved_by_expected`) {late} min after `expected_resolution`. A rule missing \
from the settings takes its default timing. From a deadline the ladder fires: {levels}. A \
resolved or confirmed incident has no timers; a rule that stops applying (owner set, status \
left) stops. `escalations` on the incident shows each timer and the highest level fired.\n\n\
**Proposals** (`GET /incidents/proposals`): bursts of similar complaints. Tickets of the same \
service and topic are counted on cells of {bcell} degrees of latitude (about {bm} m) over \
the last {bwin} minutes (catalogue `detection.burst_window_minutes`). A cell's expected count \
is its smoothed rate from the {bdays} days before the window (shrunk toward its 3 x 3 \
neighbourhood and a city-wide floor, with a prior of {bprior} h) times the window's length \
weighted by the hour-of-day profile. A cell is hot when the distinct customers of a block \
containing it (alone, 2 x 2 or 3 x 3) reach a surprise of at least {bthr} (`-log10` of the \
Poisson tail probability; `detection.burst_threshold`) and its own customers are at least \
{bratio} times its expectation; hot cells touching by an edge or corner form a proposal when \
they hold at least {bmin} distinct customers (`detection.burst_min_customers`). The `key` \
stays the same while the burst stays in the window.\n\n\
**Spots**: the same test on the tickets of services marked `network_quality` in the catalogue (any topic, counted together), on cells of {scell} \
degrees (about {sm} m), over the last {swin} h (`detection.spot_window_hours`), baseline \
{sdays} days, prior {sprior} h, surprise at least {sthr} (`detection.spot_threshold`), a \
cell's own customers at least {sratio} times its expectation, at least {smin} distinct \
customers (`detection.spot_min_customers`). Clients detect candidates from the ticket facts \
and register them with `POST /spots`; the deterministic `key` makes two clients registering \
the same candidate get one spot. Without a `group` a new spot goes by its topic: {radio_topics} to `{radio}`, other topics to `{network}` (when the catalogue has these groups).\n\n\
**Affected customers** of an incident. `affected_linked`: distinct phones of its linked \
tickets. `affected_estimated` (0 without an area of 3 points or more): the sum of the \
operator's customer register (`POST /admin/imports` of kind `customers`) at its places inside \
the area when it has any there (`affected_source: customer_register`); otherwise a density \
model over the coverage layers (`density_model`): the area's size in km² (equirectangular \
around its mean latitude) times the mean number of technology layers serving a {grid} x {grid} \
grid of points over its bounding box (points inside the area only) times {per_layer} \
customers per km² per layer, rounded. `affected_customers` = the larger of the two (never the \
sum: the linked customers live inside the area).\n\n\
**Reopen threshold.** A resolved or confirmed incident with n linked tickets is reopened when \
the distinct customers reporting `still-broken` reach 1 for n ≤ 1, else max(2, ⌈n / 5⌉): \
{thresholds}. The public status says `reported again` for a problem fixed in the last \
{again} days that a customer reported again.",
        short = validate::MAX_SHORT_TEXT,
        desc = validate::MAX_DESCRIPTION,
        addr = validate::MAX_ADDRESS,
        ltv = validate::MAX_LIFETIME_VALUE,
        off = day.utc_offset_minutes,
        start = day.start_hour,
        end = day.end_hour,
        no_owner = timing(EscalationRule::NoOwner),
        not_taken = timing(EscalationRule::NotTakenIntoWork),
        diag = timing(EscalationRule::DiagnosisTooLong),
        late = timing(EscalationRule::NotResolvedByExpected),
        bcell = burst.cell_deg,
        bm = (burst.cell_deg * m_per_deg).round(),
        bwin = det.burst_window_minutes,
        bdays = burst.baseline_days,
        bprior = burst.prior_hours,
        bthr = det.burst_threshold,
        bratio = burst.cell_ratio,
        bmin = det.burst_min_customers,
        scell = spot.cell_deg,
        sm = (spot.cell_deg * m_per_deg).round(),
        swin = det.spot_window_hours,
        sdays = spot.baseline_days,
        sprior = spot.prior_hours,
        sthr = det.spot_threshold,
        sratio = spot.cell_ratio,
        smin = det.spot_min_customers,
        radio_topics = spot_flow::RADIO_TOPICS.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", "),
        radio = spot_flow::RADIO_GROUP,
        network = spot_flow::NETWORK_GROUP,
        grid = impact::GRID,
        per_layer = impact::CUSTOMERS_PER_KM2_PER_LAYER,
        again = crate::routes::public::REPORTED_AGAIN_DAYS,
    )
}

/// The framing of `GET /events`, exactly as sent.
pub fn stream_framing() -> String {
    format!(
        "**Framing** (`text/event-stream`, UTF-8, each event ends with an empty line):\n\n\
```text\n\
event: change\n\
id: 42\n\
data: {{\"seq\":42,\"entity\":\"ticket\",\"id\":7,\"action\":\"updated\",\"at\":\"2026-01-02T03:04:05Z\"}}\n\
\n\
event: heartbeat\n\
data: {{}}\n\
\n\
event: {signed_out}\n\
data: {{\"reason\":\"session_ended\"}}\n\
```\n\n\
`change`: one per change, `id` = its `seq`, `data` = a `ChangeEvent` on one line; \
`heartbeat` after every {hb} s without an event (a named event, not a comment, so an \
`EventSource` sees it); `{signed_out}` last, then the server closes the stream. No `retry:` \
field is sent. Other event names may be added: ignore them.",
        hb = crate::routes::events::HEARTBEAT_SECS,
        signed_out = spotdesk_api::SIGNED_OUT_EVENT,
    )
}

/// The details of the binary facts format a decoder and an encoder must agree on.
pub fn facts_details() -> String {
    format!(
        "**Details.** `base` is the earliest of all `created`, `deadline` and (present) \
`resolved` times of the answer (0 for no tickets), so every stored time is 0 to {max} seconds \
after it ({never:#X} means `resolved` never); an answer whose times span more is not \
encodable (500). Tickets are in ascending `created`, then `id`. Ids (ticket, user, incident, \
spot) are 1 to {idmax} (a larger id makes the answer 500): 0 means none in `incident`/`spot`. The body is sent `Content-Encoding: \
gzip` when the request's `Accept-Encoding` allows it (any HTTP client undoes it), otherwise \
uncompressed; there is no compression inside the format. `customer` is FNV-1a 64 (offset \
basis 0xcbf29ce484222325, prime 0x100000001b3) over the ASCII digits of the stored phone \
(stored in E.164, `+79123456789`, so the digits are `79123456789`); a phone without digits \
hashes its trimmed text. Flag bit 0 (transferred) is set when any change after registration \
changed the ticket's `line` (the history has a later entry with `line`); bit 1 (known problem) \
when the ticket was linked to an incident or spot in the request that registered it. \
`rating` is the customer's 1 to 5, 0 when not rated. `line` is 1 to 3. Strings in the tables \
are at most {u16} bytes, and a table at most {u16} entries.",
        max = u32::MAX - 1,
        never = u32::MAX,
        idmax = u32::MAX,
        u16 = u16::MAX,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads a generated table back: for every pair, `yes` exactly where the rule allows.
    fn check<T: Copy + PartialEq + Serialize>(all: &[T], allowed: impl Fn(T, T) -> bool) {
        let table = lifecycle_table(all, &allowed);
        let rows: Vec<&str> = table.lines().skip(2).take(all.len()).collect();
        for (i, &from) in all.iter().enumerate() {
            let cells: Vec<&str> = rows[i].split('|').map(str::trim).collect();
            assert_eq!(cells[1], format!("`{}`", wire(from)));
            for (j, &to) in all.iter().enumerate() {
                let want = if from == to {
                    "(stays)"
                } else if allowed(from, to) {
                    "yes"
                } else {
                    "-"
                };
                assert_eq!(cells[j + 2], want, "{} → {}", wire(from), wire(to));
            }
        }
    }

    #[test]
    fn the_lifecycle_tables_follow_the_rules() {
        check(&TicketStatus::ALL, validate::transition_allowed);
        check(&IncidentStatus::ALL, incidents::transition_allowed);
        check(&SpotStatus::ALL, spot_flow::transition_allowed);
        let text = lifecycles();
        assert!(text.contains("`resolved` → `in_work`"));
    }

    #[test]
    fn the_rules_carry_the_numbers_of_the_code() {
        let text = rules_text();
        assert_eq!(rules().len(), text.split("\n\n").count() - 1);
        assert!(text.contains(&format!(
            "{} min after registration",
            incidents::rule_minutes(EscalationRule::NoOwner, &EscalationSettings::default())
        )));
        assert!(text.contains("10 linked → 2"));
        assert!(text.contains("11 linked → 3"));
        assert!(text.contains(&format!(
            "{} customers per km²",
            impact::CUSTOMERS_PER_KM2_PER_LAYER
        )));
    }
}
