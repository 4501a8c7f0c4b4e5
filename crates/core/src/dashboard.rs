//! Manager dashboards, computed client-side from the bulk ticket facts
//! ([`TicketFacts`]) plus the incident, spot and rating lists.
//!
//! **Statistics.** For the tickets registered in a period that match a filter (service,
//! assignee group, support line): registered / resolved / overdue / transferred per local
//! day (rolled up into weeks and months by [`calendar::buckets`]), overall and per service,
//! group and line; SLA compliance and time-to-resolve p50/p90 per service and group; mass
//! incidents (count, time to register, time to resolve, affected customers) and the contacts
//! per hour before and after each registration, with the share answered by "known problem
//! here"; spots (count, share fixed within a day, time to fix); ratings and their trend;
//! repeat contacts from the same customer; SLA compliance per assignee, the person a ticket
//! is assigned to ([`assignees`], from the facts' format version 2).
//!
//! **Speed.** The facts are prepared once when they arrive ([`Prepared`]: `u32` times after a
//! base, flags in a byte, dense customer numbers, and everything that is the same in every
//! view: whether a ticket is resolved, met its deadline or would be overdue once the
//! deadline is past, its time-to-resolve bucket, the links per incident; appending tickets is
//! incremental), and [`compute`] runs on every filter or period change from that. It reads
//! the columns once, in order, with integer maths only:
//! - a ticket's day is one division; breakdown cells are dense arrays indexed by day and by
//!   service-and-line and by group, so each event is two cell updates (the service, line and
//!   total rows are summed from them at the end), with SLA figures in the same cells;
//! - events that may or may not happen (a resolution, an overdue deadline, a rating) are
//!   counted into a spare cell when they do not happen, not branched on
//!   ([`crate::select::pick`]): those branches follow no pattern and mispredict;
//! - contacts go into a per-minute histogram whose prefix sums answer every incident window
//!   in O(1);
//! - the time-to-resolve percentiles of the total and of every service and group come from
//!   bucket histograms counted during the pass ([`percentile::Histograms`]), and a second
//!   pass over only the prepared lists of the buckets holding a wanted rank
//!   ([`prepared::Resolution`], [`percentile::Targets`]);
//! - distinct and repeat customers are a counter per dense customer number.
//!
//! [`reference::compute`] is the plain row-by-row version, from the facts themselves, with
//! calendar types, maps and sorting; property tests check that both agree exactly.
//!
//! **Definitions** (shared by both versions):
//! - *selected*: registered in `[from, end)` (`end` is `to` cut to [`calendar::MAX_DAYS`])
//!   and matching the filter;
//! - *resolved on day d*: its resolution instant falls in local day `d` of the grid;
//! - *overdue on day d*: its deadline falls in day `d`, is before `now`, and it was resolved
//!   after the deadline or is still open (an unresolved closed ticket is not overdue);
//! - *decided* (SLA): resolved, or open with the deadline before `now`; *met*: resolved at or
//!   before the deadline;
//! - incident contact windows start at the registration minute and are `window_hours` long;
//!   the contacts counted are the selected ones;
//! - *time to register*: registration minus the earliest creation among the tickets linked to
//!   the incident (all loaded tickets, not only selected ones), at least 0;
//! - incidents and spots count when registered in `[from, end)`; with a service, group or
//!   line filter, only those with at least one linked loaded ticket (of any date) that
//!   matches the filter — an incident or spot is "about" the filtered tickets;
//! - ratings come from the given list, or when there is none, from the selected tickets'
//!   own ratings dated at their resolution (else registration);
//! - with a service, group or line filter, a rating from the list counts when what it is
//!   about matches ([`RatingSubject`]): the rated customer's ticket by its own service, group
//!   and line (whether or not that ticket is among the loaded ones), or, for a rating without
//!   a ticket (a public subscriber's), its incident or spot by the rule above; a rating about
//!   nothing known counts only without a filter.

pub mod assignees;
pub mod calendar;
mod fast;
mod output;
pub mod percentile;
pub mod prepared;
// The plain version for tests and the benchmark: the app never calls it, so its std sorts do not
// reach the wasm (NOT_SHIPPED in tests/tidy.rs).
#[allow(clippy::disallowed_methods)]
pub mod reference;
pub mod repeat;
pub mod synthetic;

pub use assignees::{Assigned, AssigneeSla};
pub use calendar::{buckets, Bucket, DayGrid, Granularity, DAY, MAX_DAYS};
pub use fast::compute;
pub use output::*;
pub use percentile::Percentiles;
pub use prepared::Prepared;
pub use repeat::RepeatStats;

use spotdesk_api::facts::TicketFacts;

/// Which tickets count: every `Some` must match (by code, or line number).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Filter {
    /// Service code.
    pub service: Option<String>,
    /// Assignee group code.
    pub group: Option<String>,
    /// Support line.
    pub line: Option<u8>,
}

/// The period and settings of one computation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Params {
    /// Start of the period, Unix seconds (inclusive).
    pub from: i64,
    /// End of the period, Unix seconds (exclusive).
    pub to: i64,
    /// Seconds east of UTC of the viewer's calendar days.
    pub utc_offset: i32,
    /// The current time (for overdue and SLA of open tickets).
    pub now: i64,
    /// Ticket filter.
    pub filter: Filter,
    /// Hours before and after an incident registration to count contacts (clamped 1..=72).
    pub window_hours: u32,
}

impl Filter {
    /// Whether any condition is set.
    pub fn is_active(&self) -> bool {
        self.service.is_some() || self.group.is_some() || self.line.is_some()
    }
}

impl Params {
    /// The end actually used: `to`, cut so the period spans at most [`MAX_DAYS`] local days.
    pub fn end(&self) -> i64 {
        self.to
            .min(self.from.saturating_add((MAX_DAYS - 1) * DAY))
            .max(self.from)
    }

    /// The local days of the period.
    pub fn grid(&self) -> DayGrid {
        DayGrid::new(self.from, self.end(), self.utc_offset)
    }

    /// `window_hours` within its bounds.
    pub fn window(&self) -> u32 {
        self.window_hours.clamp(1, 72)
    }
}

/// A mass incident, as the dashboard needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IncidentFact {
    /// Incident id (what tickets' `incident` column refers to).
    pub id: u32,
    /// Registration time, Unix seconds.
    pub registered: i64,
    /// Resolution time, Unix seconds.
    pub resolved: Option<i64>,
    /// Estimated affected customers.
    pub affected_customers: u32,
}

/// A complaint hotspot, as the dashboard needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpotFact {
    /// Spot id (what tickets' `spot` column refers to).
    pub id: u32,
    /// Registration time, Unix seconds.
    pub registered: i64,
    /// When it was fixed, Unix seconds.
    pub resolved: Option<i64>,
}

/// What a rating is about, for the service/group/line filter.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum RatingSubject {
    /// The rated customer's ticket (ratings from a complainant's "fixed" message).
    Ticket {
        /// Its service code.
        service: String,
        /// Its assignee group code.
        group: String,
        /// Its support line.
        line: u8,
    },
    /// A fixed incident, without a ticket (a public subscriber's rating).
    Incident(u32),
    /// A fixed spot, without a ticket (a public subscriber's rating).
    Spot(u32),
    /// Not known: the rating counts only without a filter.
    #[default]
    Unknown,
}

impl RatingSubject {
    /// Whether a rated ticket with these codes matches `f` (every set condition).
    fn ticket_matches(f: &Filter, service: &str, group: &str, line: u8) -> bool {
        f.service.as_deref().is_none_or(|s| s == service)
            && f.group.as_deref().is_none_or(|g| g == group)
            && f.line.is_none_or(|l| l == line)
    }
}

/// One customer rating of a fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RatingFact {
    /// When it was given, Unix seconds.
    pub at: i64,
    /// 1..=5 stars (other values are ignored).
    pub stars: u8,
    /// What it is about.
    pub subject: RatingSubject,
}

/// Everything a dashboard is computed from: the tickets as facts ([`reference::compute`]) or
/// prepared ([`compute`]).
#[derive(Debug)]
pub struct Input<'a, T = TicketFacts> {
    /// Tickets of the period, as columns.
    pub tickets: &'a T,
    /// Mass incidents.
    pub incidents: &'a [IncidentFact],
    /// Spots.
    pub spots: &'a [SpotFact],
    /// Ratings, when a ratings source is available; else the tickets' own ratings are used.
    pub ratings: Option<&'a [RatingFact]>,
}

impl<T> Clone for Input<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Input<'_, T> {}

impl<'a, T> Input<'a, T> {
    /// The same incidents, spots and ratings with other tickets.
    pub fn with_tickets<'b, U>(&self, tickets: &'b U) -> Input<'b, U>
    where
        'a: 'b,
    {
        Input {
            tickets,
            incidents: self.incidents,
            spots: self.spots,
            ratings: self.ratings,
        }
    }
}

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;
