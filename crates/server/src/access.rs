//! The one access policy: which roles may call each operation, and which tickets, incidents
//! and spots a caller may see or change. Every route asks here; nothing else decides.
//!
//! Roles are declared once, per operation, in [`RULES`]; the handlers check their own rule
//! ([`Rule::check`]) and the OpenAPI document states each rule in the operation's text
//! ([`describe`]). Objects:
//!
//! * a **ticket** carries a customer's personal data: an engineer sees only the tickets of
//!   their own group ([`may_see_ticket`]); any other ticket answers exactly as a ticket that
//!   does not exist, wherever its id arrives (path, query or body: [`visible_ticket`],
//!   [`visible_tickets`]) and whatever lists it would appear in ([`ticket_scope`] for store
//!   queries, [`may_see_change`] for the live stream);
//! * **incidents and spots** are what every agent must see to answer a caller, so all staff
//!   read all of them; an engineer changes only those owned by their group
//!   ([`may_change_incident`], [`may_change_spot`]: 403);
//! * **ratings** are read only by the roles of [`roles::READERS`];
//! * an **assignee** (issue 22) is someone who could change the object themselves: a role of
//!   its `PATCH` rule and, for an engineer, a member of the owning group ([`may_work_on`]).

use crate::auth::AuthUser;
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::store::tickets;
use spotdesk_api::{
    field_codes, EntityKind, FieldError, Incident, Role, Spot, Ticket, TicketId, WorkKind,
};

/// Groups of roles, named once.
pub mod roles {
    use spotdesk_api::Role;

    /// Every role.
    pub const ANY: &[Role] = &Role::ALL;
    /// Staff who register and work tickets (everyone but managers).
    pub const TICKET_WRITERS: &[Role] =
        &[Role::Agent, Role::Engineer, Role::Coordinator, Role::Admin];
    /// Who registers incidents and accepts or dismisses proposals.
    pub const REGISTRARS: &[Role] = &[Role::Coordinator, Role::Admin];
    /// Who changes incidents and spots (engineers only their group's).
    pub const EDITORS: &[Role] = &[Role::Engineer, Role::Coordinator, Role::Admin];
    /// Who reads cross-group figures: ratings, proposals.
    pub const READERS: &[Role] = &[Role::Coordinator, Role::Manager, Role::Admin];
    /// Who reads server internals (the notification outbox).
    pub const OPERATORS: &[Role] = &[Role::Coordinator, Role::Admin];
    /// Administrators only.
    pub const ADMIN: &[Role] = &[Role::Admin];
}

/// What an engineer of another group gets from an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OtherGroup {
    /// The operation concerns no group's objects.
    NotScoped,
    /// Another group's ticket answers exactly as a ticket that does not exist, and nothing
    /// changes.
    AsMissing,
    /// Lists and streams leave another group's tickets out.
    LeftOut,
    /// Reads all; another group's object is 403 `forbidden` to change.
    ReadOnly,
    /// Another group's incident is 403 `forbidden`; its own incident's answer leaves other
    /// groups' tickets out, and their ids answer as tickets that do not exist.
    OwnIncidentOnly,
}

impl OtherGroup {
    /// The sentence the API document prints.
    pub fn text(self) -> &'static str {
        match self {
            OtherGroup::NotScoped => "not applicable (no group's objects are involved)",
            OtherGroup::AsMissing => {
                "another group's ticket answers exactly as a ticket that does not exist \
                 (404 `not_found`, or 422 `unknown` for an id in the body), and nothing changes"
            }
            OtherGroup::LeftOut => "another group's tickets are left out",
            OtherGroup::ReadOnly => {
                "may read it; changing another group's object is 403 `forbidden`"
            }
            OtherGroup::OwnIncidentOnly => {
                "another group's incident is 403 `forbidden`; on its own group's incident, \
                 another group's tickets are left out or answer as tickets that do not exist, \
                 and nothing changes"
            }
        }
    }
}

/// Who may call one operation of the API.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// The operation's `operationId` in the API document.
    pub operation: &'static str,
    /// `true`: callable without signing in.
    pub anonymous: bool,
    /// Roles that may call it when signed in.
    pub roles: &'static [Role],
    /// What an engineer of another group gets.
    pub other_group: OtherGroup,
    /// `true`: also callable by a session signed in with a one-time password, before the
    /// password is changed (only changing it, reading who one is and signing out).
    pub during_password_change: bool,
}

impl Rule {
    /// 403 `password_change_required` when the caller signed in with a one-time password and
    /// the rule does not allow that; 403 `forbidden` unless the caller's role is one of the
    /// rule's. Every handler with a signed-in caller calls this first, so this is the one place
    /// that holds such a session to changing its password.
    pub fn check(&self, user: &AuthUser) -> ApiResult<()> {
        if user.must_change_password && !self.during_password_change {
            Err(ApiError::password_change_required())
        } else if self.roles.contains(&user.role) {
            Ok(())
        } else {
            Err(ApiError::forbidden())
        }
    }
}

/// A rule for staff (signed in).
const fn staff(operation: &'static str, roles: &'static [Role], other: OtherGroup) -> Rule {
    Rule {
        operation,
        anonymous: false,
        roles,
        other_group: other,
        during_password_change: false,
    }
}

/// A rule for every signed-in user, a session with a one-time password included.
const fn own_session(operation: &'static str) -> Rule {
    Rule {
        operation,
        anonymous: false,
        roles: roles::ANY,
        other_group: OtherGroup::NotScoped,
        during_password_change: true,
    }
}

/// A rule for anyone, signed in or not.
const fn public(operation: &'static str) -> Rule {
    Rule {
        operation,
        anonymous: true,
        roles: roles::ANY,
        other_group: OtherGroup::NotScoped,
        during_password_change: false,
    }
}

use OtherGroup::{AsMissing, LeftOut, NotScoped, OwnIncidentOnly, ReadOnly};

pub const HEALTH: Rule = public("health");
pub const OPENAPI: Rule = public("openapi");
pub const LOGIN: Rule = public("login");
pub const LOGOUT: Rule = own_session("logout");
pub const ME: Rule = own_session("me");
pub const CHANGE_OWN_PASSWORD: Rule = own_session("changeOwnPassword");
pub const GET_CATALOGUE: Rule = staff("getCatalogue", roles::ANY, NotScoped);
pub const LIST_TICKETS: Rule = staff("listTickets", roles::ANY, LeftOut);
pub const CREATE_TICKET: Rule = staff("createTicket", roles::TICKET_WRITERS, NotScoped);
pub const TICKET_FACTS: Rule = staff("ticketFacts", roles::ANY, LeftOut);
pub const GET_TICKET: Rule = staff("getTicket", roles::ANY, AsMissing);
pub const PATCH_TICKET: Rule = staff("patchTicket", roles::TICKET_WRITERS, AsMissing);
pub const TICKET_HISTORY: Rule = staff("getTicketHistory", roles::ANY, AsMissing);
pub const LIST_COMMENTS: Rule = staff("listTicketComments", roles::ANY, AsMissing);
pub const CREATE_COMMENT: Rule = staff("createTicketComment", roles::TICKET_WRITERS, AsMissing);
pub const LIST_INCIDENTS: Rule = staff("listIncidents", roles::ANY, NotScoped);
pub const CREATE_INCIDENT: Rule = staff("createIncident", roles::REGISTRARS, NotScoped);
pub const GET_INCIDENT: Rule = staff("getIncident", roles::ANY, NotScoped);
pub const PATCH_INCIDENT: Rule = staff("patchIncident", roles::EDITORS, ReadOnly);
pub const LINK_TICKETS: Rule = staff("linkIncidentTickets", roles::EDITORS, OwnIncidentOnly);
pub const LINK_SUGGESTIONS: Rule =
    staff("incidentLinkSuggestions", roles::EDITORS, OwnIncidentOnly);
pub const STILL_BROKEN: Rule = staff("reportStillBroken", roles::TICKET_WRITERS, AsMissing);
pub const LIST_PROPOSALS: Rule = staff("listIncidentProposals", roles::READERS, NotScoped);
pub const ACCEPT_PROPOSAL: Rule = staff("acceptIncidentProposal", roles::REGISTRARS, NotScoped);
pub const DISMISS_PROPOSAL: Rule = staff("dismissIncidentProposal", roles::REGISTRARS, NotScoped);
pub const LIST_SPOTS: Rule = staff("listSpots", roles::ANY, NotScoped);
pub const CREATE_SPOT: Rule = staff("createSpot", roles::EDITORS, AsMissing);
pub const GET_SPOT: Rule = staff("getSpot", roles::ANY, NotScoped);
pub const PATCH_SPOT: Rule = staff("patchSpot", roles::EDITORS, ReadOnly);
pub const ASSIGNABLE_USERS: Rule = staff("listAssignableUsers", roles::ANY, NotScoped);
pub const LIST_COVERAGE_LAYERS: Rule = staff("listCoverageLayers", roles::ANY, NotScoped);
pub const GET_COVERAGE: Rule = staff("getCoverage", roles::ANY, NotScoped);
pub const GEOCODE: Rule = staff("geocode", roles::ANY, NotScoped);
pub const SEARCH: Rule = staff("search", roles::ANY, LeftOut);
pub const CUSTOMER_HISTORY: Rule = staff("getCustomerHistory", roles::ANY, LeftOut);
pub const LOCATION_CONTEXT: Rule = staff("getLocationContext", roles::ANY, LeftOut);
pub const PUBLIC_STATUS: Rule = public("publicStatus");
pub const PUBLIC_GEOCODE: Rule = public("publicGeocode");
pub const GET_STREET_PLAN: Rule = public("getStreetPlan");
pub const PUBLIC_SUBSCRIBE: Rule = public("publicSubscribe");
pub const RATE_FIX: Rule = public("rateFix");
pub const GET_RATING_LINK: Rule = public("getRatingLink");
pub const RATING_SUMMARY: Rule = staff("ratingSummary", roles::READERS, NotScoped);
pub const EVENTS: Rule = staff("events", roles::ANY, LeftOut);
pub const STREAM_TICKET: Rule = staff("createStreamTicket", roles::ANY, NotScoped);
pub const LIST_OUTBOX: Rule = staff("listOutbox", roles::OPERATORS, NotScoped);
pub const GET_TEST_CLOCK: Rule = staff("getTestClock", roles::ADMIN, NotScoped);
pub const SET_TEST_CLOCK: Rule = staff("setTestClock", roles::ADMIN, NotScoped);
pub const LIST_USERS: Rule = staff("listUsers", roles::ADMIN, NotScoped);
pub const CREATE_USER: Rule = staff("createUser", roles::ADMIN, NotScoped);
pub const GET_USER: Rule = staff("getUser", roles::ADMIN, NotScoped);
pub const PATCH_USER: Rule = staff("patchUser", roles::ADMIN, NotScoped);
pub const RESET_USER_PASSWORD: Rule = staff("resetUserPassword", roles::ADMIN, NotScoped);
pub const UNLOCK_USER: Rule = staff("unlockUser", roles::ADMIN, NotScoped);
pub const LIST_AUDIT_LOG: Rule = staff("listAuditLog", roles::ADMIN, NotScoped);
pub const GET_CONFIGURATION: Rule = staff("getConfiguration", roles::ADMIN, NotScoped);
pub const PUT_CONFIGURATION: Rule = staff("putConfiguration", roles::ADMIN, NotScoped);
pub const CHECK_CONFIGURATION: Rule = staff("checkConfiguration", roles::ADMIN, NotScoped);
pub const START_IMPORT: Rule = staff("startImport", roles::ADMIN, NotScoped);
pub const GET_IMPORT: Rule = staff("getImport", roles::ADMIN, NotScoped);

/// Every operation's rule; the API document must have exactly these operations.
pub const RULES: &[Rule] = &[
    HEALTH,
    OPENAPI,
    LOGIN,
    LOGOUT,
    ME,
    CHANGE_OWN_PASSWORD,
    GET_CATALOGUE,
    LIST_TICKETS,
    CREATE_TICKET,
    TICKET_FACTS,
    GET_TICKET,
    PATCH_TICKET,
    TICKET_HISTORY,
    LIST_COMMENTS,
    CREATE_COMMENT,
    LIST_INCIDENTS,
    CREATE_INCIDENT,
    GET_INCIDENT,
    PATCH_INCIDENT,
    LINK_TICKETS,
    LINK_SUGGESTIONS,
    STILL_BROKEN,
    LIST_PROPOSALS,
    ACCEPT_PROPOSAL,
    DISMISS_PROPOSAL,
    LIST_SPOTS,
    CREATE_SPOT,
    GET_SPOT,
    PATCH_SPOT,
    ASSIGNABLE_USERS,
    LIST_COVERAGE_LAYERS,
    GET_COVERAGE,
    GEOCODE,
    SEARCH,
    CUSTOMER_HISTORY,
    LOCATION_CONTEXT,
    PUBLIC_STATUS,
    PUBLIC_GEOCODE,
    GET_STREET_PLAN,
    PUBLIC_SUBSCRIBE,
    RATE_FIX,
    GET_RATING_LINK,
    RATING_SUMMARY,
    EVENTS,
    STREAM_TICKET,
    LIST_OUTBOX,
    GET_TEST_CLOCK,
    SET_TEST_CLOCK,
    LIST_USERS,
    CREATE_USER,
    GET_USER,
    PATCH_USER,
    RESET_USER_PASSWORD,
    UNLOCK_USER,
    LIST_AUDIT_LOG,
    GET_CONFIGURATION,
    PUT_CONFIGURATION,
    CHECK_CONFIGURATION,
    START_IMPORT,
    GET_IMPORT,
];

/// The rule of an operation, by `operationId`.
pub fn rule(operation: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.operation == operation)
}

/// The paragraph the API document adds to an operation's description.
pub fn describe(rule: &Rule) -> String {
    let who = if rule.anonymous {
        "anyone, signed in or not".to_owned()
    } else {
        let names: Vec<&str> = rule.roles.iter().map(|r| r.as_str()).collect();
        format!(
            "{} (others: 403 `forbidden`; not signed in: 401 `unauthenticated`)",
            names.join(", ")
        )
    };
    let one_time = if rule.during_password_change {
        "\n\n**Signed in with a one-time password:** may call it (before changing the password)."
    } else {
        ""
    };
    format!(
        "**Who may call it:** {who}.\n\n**An engineer of another group:** {}.{one_time}",
        rule.other_group.text()
    )
}

/// The group whose tickets the caller is confined to; `None` for roles that see every
/// ticket. An engineer without a group sees none (the empty string matches no group).
pub fn ticket_scope(user: &AuthUser) -> Option<&str> {
    match user.role {
        Role::Engineer => Some(user.group.as_deref().unwrap_or("")),
        _ => None,
    }
}

/// Whether the caller may see this ticket at all.
pub fn may_see_ticket(user: &AuthUser, ticket: &Ticket) -> bool {
    ticket_scope(user).is_none_or(|g| ticket.agency_responsible == g)
}

/// Whether the caller may learn of a change: tickets by their group at the change
/// (`ticket_group`), everything else for all staff.
pub fn may_see_change(scope: Option<&str>, entity: EntityKind, ticket_group: Option<&str>) -> bool {
    match (scope, entity) {
        (Some(group), EntityKind::Ticket) => ticket_group == Some(group),
        _ => true,
    }
}

/// A ticket the caller may see; 404 `not_found` when it does not exist or is not theirs to
/// see (the same answer, so ids cannot be probed).
pub async fn visible_ticket<'e>(
    ex: impl db::Executor<'e>,
    user: &AuthUser,
    id: TicketId,
) -> ApiResult<Ticket> {
    tickets::get(ex, id)
        .await?
        .filter(|t| may_see_ticket(user, t))
        .ok_or_else(|| ApiError::not_found("ticket"))
}

/// The tickets of a body's id list (`field[i]`), all of which the caller must be able to see:
/// a missing or invisible one is the same 422 `unknown` field error.
pub async fn visible_tickets(
    tx: &mut db::Tx,
    user: &AuthUser,
    field: &str,
    ids: &[TicketId],
) -> ApiResult<Vec<Ticket>> {
    let mut found = Vec::with_capacity(ids.len());
    let mut errors = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        match tickets::get(&mut **tx, *id).await? {
            Some(t) if may_see_ticket(user, &t) => found.push(t),
            _ => errors.push(FieldError::new(
                format!("{field}[{i}]"),
                field_codes::UNKNOWN,
                "no such ticket",
            )),
        }
    }
    if errors.is_empty() {
        Ok(found)
    } else {
        Err(ApiError::validation(errors))
    }
}

/// Whether an engineer's group owns an object (`owner`); other roles own everything.
fn owns(user: &AuthUser, owner: Option<&str>) -> bool {
    match ticket_scope(user) {
        None => true,
        Some(group) => owner.is_some_and(|o| !o.is_empty() && o == group),
    }
}

/// 403 `forbidden` unless the caller may change this incident (engineers: their group's).
pub fn may_change_incident(user: &AuthUser, incident: &Incident) -> ApiResult<()> {
    if owns(user, incident.owner_group.as_deref()) {
        Ok(())
    } else {
        Err(ApiError::forbidden())
    }
}

/// 403 `forbidden` unless the caller may change this spot (engineers: their group's).
pub fn may_change_spot(user: &AuthUser, spot: &Spot) -> ApiResult<()> {
    if owns(user, spot.group.as_deref()) {
        Ok(())
    } else {
        Err(ApiError::forbidden())
    }
}

/// Whether a person (their `role` and `group`) may be assigned a `work` owned by `owner`:
/// exactly when they could change it themselves (a role of its `PATCH` rule; an engineer only
/// in the owning group, as [`may_change_incident`] and [`ticket_scope`] hold them). `Err` says
/// why not, in words for the field error's message.
pub fn may_work_on(
    work: WorkKind,
    role: Role,
    group: Option<&str>,
    owner: Option<&str>,
) -> Result<(), String> {
    let rule = match work {
        WorkKind::Ticket => PATCH_TICKET,
        WorkKind::Incident => PATCH_INCIDENT,
        WorkKind::Spot => PATCH_SPOT,
    };
    if !rule.roles.contains(&role) {
        return Err(format!(
            "a {} does not work on {}s",
            role.as_str(),
            work.as_str()
        ));
    }
    if role == Role::Engineer {
        let own = group.unwrap_or("");
        let owned = owner.is_some_and(|o| !o.is_empty() && o == own);
        if !owned {
            return Err(match owner.filter(|o| !o.is_empty()) {
                Some(o) => format!(
                    "an engineer of group {own:?} does not work on group {o:?}'s {}s",
                    work.as_str()
                ),
                None => format!(
                    "this {} has no group, and an engineer works only on their group's",
                    work.as_str()
                ),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use spotdesk_api::UserId;

    fn user(role: Role, group: Option<&str>) -> AuthUser {
        AuthUser {
            id: UserId(1),
            username: "u".into(),
            display_name: "U".into(),
            role,
            group: group.map(str::to_owned),
            token_hash: String::new(),
            session_expires_at: chrono::DateTime::<chrono::Utc>::MIN_UTC,
            must_change_password: false,
        }
    }

    #[test]
    fn a_one_time_password_allows_only_changing_it() {
        let mut admin = user(Role::Admin, None);
        admin.must_change_password = true;
        for rule in RULES.iter().filter(|r| !r.anonymous) {
            let answer = rule.check(&admin).err().map(|e| e.body.code);
            if ["me", "logout", "changeOwnPassword"].contains(&rule.operation) {
                assert_eq!(answer, None, "{}", rule.operation);
            } else {
                assert_eq!(
                    answer.as_deref(),
                    Some(spotdesk_api::codes::PASSWORD_CHANGE_REQUIRED),
                    "{}",
                    rule.operation
                );
            }
        }
        admin.must_change_password = false;
        assert!(LIST_USERS.check(&admin).is_ok());
        assert!(LIST_USERS.check(&user(Role::Manager, None)).is_err());
    }

    #[test]
    fn rules_are_unique_and_described() {
        for (i, r) in RULES.iter().enumerate() {
            assert!(
                RULES[..i].iter().all(|o| o.operation != r.operation),
                "{} twice",
                r.operation
            );
            assert!(describe(r).contains("**Who may call it:**"));
        }
    }

    #[test]
    fn assignees_are_who_could_change_it() {
        use WorkKind::{Incident, Spot, Ticket};
        let ok = |w, r, g, o| may_work_on(w, r, g, o).is_ok();
        // Agents work any group's tickets, but not incidents or spots.
        assert!(ok(Ticket, Role::Agent, None, Some("net")));
        assert!(!ok(Incident, Role::Agent, None, Some("net")));
        assert!(!ok(Spot, Role::Agent, None, Some("net")));
        // Engineers only their own group's, and nothing without a group.
        for w in [Ticket, Incident, Spot] {
            assert!(ok(w, Role::Engineer, Some("net"), Some("net")));
            assert!(!ok(w, Role::Engineer, Some("billing"), Some("net")));
            assert!(!ok(w, Role::Engineer, Some("net"), None));
            assert!(!ok(w, Role::Engineer, None, Some("")));
            assert!(ok(w, Role::Coordinator, None, None));
            assert!(ok(w, Role::Admin, None, Some("net")));
            assert!(!ok(w, Role::Manager, None, Some("net")));
        }
        let why = may_work_on(Ticket, Role::Engineer, Some("billing"), Some("net"))
            .err()
            .unwrap_or_default();
        assert!(why.contains("billing") && why.contains("net"), "{why}");
    }

    #[test]
    fn engineers_see_their_group_only() {
        let eng = user(Role::Engineer, Some("g1"));
        let lost = user(Role::Engineer, None);
        let agent = user(Role::Agent, None);
        assert_eq!(ticket_scope(&eng), Some("g1"));
        assert_eq!(ticket_scope(&lost), Some(""));
        assert_eq!(ticket_scope(&agent), None);
        assert!(owns(&eng, Some("g1")));
        assert!(!owns(&eng, Some("g2")));
        assert!(!owns(&eng, None));
        assert!(!owns(&lost, Some("")));
        assert!(owns(&agent, None));
        assert!(may_see_change(Some("g1"), EntityKind::Ticket, Some("g1")));
        assert!(!may_see_change(Some("g1"), EntityKind::Ticket, Some("g2")));
        assert!(!may_see_change(Some("g1"), EntityKind::Ticket, None));
        assert!(may_see_change(Some("g1"), EntityKind::Spot, None));
        assert!(may_see_change(None, EntityKind::Ticket, Some("g2")));
    }
}
