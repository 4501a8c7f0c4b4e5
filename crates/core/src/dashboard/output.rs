//! What the dashboard computes: plain data, ready for charts, tables and CSV.

use super::calendar::Bucket;
use super::percentile::Percentiles;
use super::repeat::RepeatStats;
use chrono::NaiveDate;

/// Ticket events of one day (or bucket) for one slice of tickets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    /// Tickets registered that day.
    pub registered: u32,
    /// Tickets resolved that day.
    pub resolved: u32,
    /// Tickets whose SLA deadline passed that day without a resolution by then.
    pub overdue: u32,
    /// Tickets registered that day and later passed to another support line.
    pub transferred: u32,
    /// Tickets registered that day and answered by "known problem here".
    pub known_problem: u32,
}

impl Counts {
    /// Adds another day's counts.
    pub fn add(&mut self, o: &Counts) {
        self.registered += o.registered;
        self.resolved += o.resolved;
        self.overdue += o.overdue;
        self.transferred += o.transferred;
        self.known_problem += o.known_problem;
    }

    /// Sum of a run of days.
    pub fn sum(days: &[Counts]) -> Counts {
        days.iter().fold(Counts::default(), |mut acc, d| {
            acc.add(d);
            acc
        })
    }

    /// Sums per bucket.
    pub fn rollup(per_day: &[Counts], buckets: &[Bucket]) -> Vec<Counts> {
        buckets
            .iter()
            .map(|b| {
                per_day
                    .get(b.days.clone())
                    .map(Counts::sum)
                    .unwrap_or_default()
            })
            .collect()
    }
}

/// Per-day counts of the tickets of one service, group or line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Breakdown {
    /// Service code, group code or line number.
    pub key: String,
    /// One entry per grid day.
    pub per_day: Vec<Counts>,
}

/// Registered / resolved / overdue / transferred per day, overall and by service, group, line.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Volume {
    /// The calendar dates of the grid.
    pub dates: Vec<NaiveDate>,
    /// All selected tickets, one entry per date.
    pub total: Vec<Counts>,
    /// Per service code (only those with tickets), sorted by code.
    pub by_service: Vec<Breakdown>,
    /// Per assignee group code, sorted by code.
    pub by_group: Vec<Breakdown>,
    /// Per support line `1`, `2`, `3`.
    pub by_line: Vec<Breakdown>,
}

/// SLA compliance and time to resolve of one slice of tickets.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SlaRow {
    /// Service or group code (empty for the total).
    pub key: String,
    /// Tickets registered in the period.
    pub tickets: u32,
    /// Tickets whose SLA outcome is known: resolved, or still open past the deadline.
    pub decided: u32,
    /// Resolved no later than the deadline.
    pub met: u32,
    /// Seconds from registration to resolution of the resolved tickets.
    pub resolve_time: Percentiles,
}

impl SlaRow {
    /// Share met of decided, in tenths of a percent (None when nothing is decided).
    pub fn compliance_permille(&self) -> Option<u32> {
        (self.decided > 0).then(|| (u64::from(self.met) * 1000 / u64::from(self.decided)) as u32)
    }
}

/// SLA compliance overall, per service and per assignee group.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sla {
    /// All selected tickets.
    pub total: SlaRow,
    /// Per service code, sorted.
    pub by_service: Vec<SlaRow>,
    /// Per assignee group code, sorted.
    pub by_group: Vec<SlaRow>,
}

/// One mass incident registered in the period and the contacts around it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct IncidentRow {
    /// Incident id.
    pub id: u32,
    /// Registration time, Unix seconds.
    pub registered: i64,
    /// Seconds from the first linked contact to registration (0 when registered first).
    pub time_to_register: Option<u32>,
    /// Seconds from registration to resolution.
    pub time_to_resolve: Option<u32>,
    /// Estimated affected customers.
    pub affected_customers: u32,
    /// Tickets linked to the incident.
    pub linked_contacts: u32,
    /// Selected contacts in the window before registration.
    pub contacts_before: u32,
    /// Selected contacts in the window from registration on.
    pub contacts_after: u32,
    /// Of `contacts_after`, those answered by "known problem here".
    pub known_after: u32,
}

/// Mass incidents registered in the period.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct IncidentStats {
    /// Incidents registered.
    pub count: u32,
    /// Of those, resolved.
    pub resolved: u32,
    /// Time to register (from the first linked contact), over incidents with linked contacts.
    pub time_to_register: Percentiles,
    /// Time to resolve, over resolved incidents.
    pub time_to_resolve: Percentiles,
    /// Sum of estimated affected customers.
    pub affected_customers: u64,
    /// One row per incident, by registration time then id.
    pub rows: Vec<IncidentRow>,
}

/// The contact centre around incident registrations.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ContactStats {
    /// Hours before and after each registration that are counted.
    pub window_hours: u32,
    /// Selected contacts in the period.
    pub contacts: u32,
    /// Of those, answered by "known problem here".
    pub known_problem: u32,
    /// Contacts per hour relative to registration, summed over incidents: index `h` is the
    /// hour `h - window_hours` (so the first half is before registration).
    pub profile: Vec<u32>,
}

/// Complaint hotspots registered in the period.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SpotStats {
    /// Spots registered.
    pub count: u32,
    /// Of those, resolved.
    pub resolved: u32,
    /// Of those, resolved within one day of registration.
    pub within_day: u32,
    /// Seconds from registration to fix, over resolved spots.
    pub time_to_fix: Percentiles,
}

/// Ratings of one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RatingDay {
    /// Ratings given.
    pub count: u32,
    /// Sum of their stars.
    pub stars: u32,
}

impl RatingDay {
    /// Mean stars in hundredths (None without ratings).
    pub fn mean_centi(&self) -> Option<u32> {
        (self.count > 0).then(|| (u64::from(self.stars) * 100 / u64::from(self.count)) as u32)
    }

    /// Sums per bucket.
    pub fn rollup(per_day: &[RatingDay], buckets: &[Bucket]) -> Vec<RatingDay> {
        buckets
            .iter()
            .map(|b| {
                per_day.get(b.days.clone()).unwrap_or_default().iter().fold(
                    RatingDay::default(),
                    |acc, d| RatingDay {
                        count: acc.count + d.count,
                        stars: acc.stars + d.stars,
                    },
                )
            })
            .collect()
    }
}

/// Customer ratings of fixes (1..=5 stars) and their trend.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RatingStats {
    /// All ratings of the period.
    pub total: RatingDay,
    /// How many ratings gave 1, 2, 3, 4, 5 stars.
    pub distribution: [u32; 5],
    /// Per grid day.
    pub per_day: Vec<RatingDay>,
    /// Mean of the second half of the period minus the first half, hundredths of a star.
    pub trend_centi: Option<i32>,
}

/// Everything the dashboard shows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Dashboard {
    /// Ticket volumes per day.
    pub volume: Volume,
    /// SLA compliance.
    pub sla: Sla,
    /// Mass incidents.
    pub incidents: IncidentStats,
    /// Contacts around incidents.
    pub contacts: ContactStats,
    /// Spots.
    pub spots: SpotStats,
    /// Ratings.
    pub ratings: RatingStats,
    /// Repeat contacts.
    pub repeats: RepeatStats,
}
