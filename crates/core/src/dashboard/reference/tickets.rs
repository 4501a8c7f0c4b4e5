//! The ticket facts read row by row, the per-ticket definitions the figures use (overdue, SLA
//! decided and met), and which tickets, incidents and spots a filter is about.

use super::seconds_between;
use crate::dashboard::Filter;
use spotdesk_api::facts::TicketFacts;

/// One loaded ticket: the columns the dashboard reads, at one row.
pub(super) struct Ticket<'a> {
    /// Registration time, Unix seconds.
    pub created: i64,
    pub resolved: Option<i64>,
    /// SLA deadline, Unix seconds.
    pub deadline: i64,
    /// Service code; None when the ticket's index is past the table.
    pub service: Option<&'a str>,
    /// Assignee group code; None when the ticket's index is past the table.
    pub group: Option<&'a str>,
    /// Support line.
    pub line: u8,
    /// Its status is one of the open ones.
    pub open: bool,
    pub rating: Option<u8>,
    pub transferred: bool,
    /// Answered by "known problem here".
    pub known_problem: bool,
    pub customer: u64,
    pub incident: Option<u32>,
    pub spot: Option<u32>,
    /// A repeat contact: the same customer's previous row was registered at most
    /// [`crate::repeat_contact::WINDOW_DAYS`] days before this one.
    pub repeat: bool,
}

/// A selected ticket as a contact with the contact centre.
pub(super) struct Contact {
    /// When it came in (the ticket's registration), Unix seconds.
    pub created: i64,
    /// It was answered by "known problem here".
    pub known_problem: bool,
}

/// Every ticket, row by row, up to the first row that one of the read columns lacks.
pub(super) fn read_all(facts: &TicketFacts) -> Vec<Ticket<'_>> {
    let mut all: Vec<Ticket<'_>> = (0..).map_while(|i| Ticket::read(facts, i)).collect();
    let window = crate::repeat_contact::window().num_seconds();
    let mut previous: std::collections::HashMap<u64, i64> = std::collections::HashMap::new();
    for t in &mut all {
        let gap = previous
            .insert(t.customer, t.created)
            .map(|p| t.created - p);
        t.repeat = gap.is_some_and(|g| (0..=window).contains(&g));
    }
    all
}

impl<'a> Ticket<'a> {
    /// Row `i`, or None when one of the columns has no row `i`.
    fn read(f: &'a TicketFacts, i: usize) -> Option<Self> {
        let code = |table: &'a [String], index: u16| table.get(usize::from(index)).map(|s| &**s);
        Some(Ticket {
            created: *f.created.get(i)?,
            resolved: *f.resolved.get(i)?,
            deadline: *f.deadline.get(i)?,
            service: code(&f.services, *f.service.get(i)?),
            group: code(&f.groups, *f.group.get(i)?),
            line: *f.line.get(i)?,
            open: f.status.get(i)?.is_open(),
            rating: *f.rating.get(i)?,
            transferred: *f.transferred.get(i)?,
            known_problem: *f.known_problem.get(i)?,
            customer: *f.customer.get(i)?,
            incident: *f.incident.get(i)?,
            spot: *f.spot.get(i)?,
            repeat: false,
        })
    }

    /// Whether the ticket meets every set condition of the filter; never for a ticket whose
    /// service or group is unknown.
    pub fn matches(&self, f: &Filter) -> bool {
        match (self.service, self.group) {
            (Some(service), Some(group)) => codes_match(f, service, group, self.line),
            _ => false,
        }
    }

    /// The ticket as a contact: when it came in and how it was answered.
    pub fn contact(&self) -> Contact {
        Contact {
            created: self.created,
            known_problem: self.known_problem,
        }
    }

    /// Seconds from registration to resolution, if resolved.
    pub fn time_to_resolve(&self) -> Option<u32> {
        self.resolved.map(|r| seconds_between(self.created, r))
    }

    /// Whether its SLA outcome is known at `now`: resolved, or open with the deadline past.
    pub fn sla_decided(&self, now: i64) -> bool {
        self.resolved.is_some() || (self.open && self.deadline < now)
    }

    /// Whether it met its SLA: resolved at or before the deadline.
    pub fn sla_met(&self) -> bool {
        self.resolved.is_some_and(|r| r <= self.deadline)
    }

    /// Whether it is overdue at `now`: the deadline is past, and it was resolved after the
    /// deadline or is still open (an unresolved closed ticket is not overdue).
    pub fn overdue(&self, now: i64) -> bool {
        let late = match self.resolved {
            Some(r) => r > self.deadline,
            None => self.open,
        };
        self.deadline < now && late
    }
}

/// Whether a ticket with these codes meets every set condition of the filter.
pub(super) fn codes_match(f: &Filter, service: &str, group: &str, line: u8) -> bool {
    f.service.as_deref().is_none_or(|s| s == service)
        && f.group.as_deref().is_none_or(|g| g == group)
        && f.line.is_none_or(|l| l == line)
}

/// Whether incident `id` is about the filtered tickets: there is no filter, or a loaded ticket
/// (of any date) linked to it matches the filter.
pub(super) fn incident_is_about(loaded: &[Ticket<'_>], f: &Filter, id: u32) -> bool {
    !f.is_active()
        || loaded
            .iter()
            .any(|t| t.incident == Some(id) && t.matches(f))
}

/// Whether spot `id` is about the filtered tickets: there is no filter, or a loaded ticket
/// (of any date) linked to it matches the filter.
pub(super) fn spot_is_about(loaded: &[Ticket<'_>], f: &Filter, id: u32) -> bool {
    !f.is_active() || loaded.iter().any(|t| t.spot == Some(id) && t.matches(f))
}
