//! Spotdesk demo data: a seeded, believable contact centre of a telecom operator in the
//! fictional city of Северогорск (Severogorsk).
//!
//! - [`gazetteer`]: the city's streets and houses (`data/gazetteer.tsv`), used to geocode.
//! - [`default_catalogue`]: the service catalogue (`data/catalogue.json`), also used without
//!   demo data.
//! - [`generate`]: users, coverage map and `days` days of tickets, with labelled hotspots
//!   and bursts for detection tests, and the history a lived-in contact centre has: which
//!   tickets belong to which hotspot or burst, when each was fixed, transfers between
//!   support lines and customer ratings of the fixes ([`history`]). The same [`DemoConfig`]
//!   always gives the same data.
//!
//! Demo accounts are listed in [`users::demo_users`]; every password is `demo`.

pub mod catalogue;
pub mod coverage;
pub mod history;
pub mod labels;
pub mod names;
pub mod rhythm;
pub mod texts;
pub mod tickets;
pub mod users;

pub use catalogue::default_catalogue;
pub use users::DEMO_PASSWORD;

use chrono::{DateTime, Duration, Utc};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use spotdesk_api::{Catalogue, CoverageFeature, NewTicket, Role, TicketStatus};
use spotdesk_core::gazetteer::{Address, Gazetteer};
use std::sync::OnceLock;

/// The shipped gazetteer text of the demo city.
pub const GAZETTEER_TSV: &str = include_str!("../data/gazetteer.tsv");

/// The demo city's name as people type it before a street ("Северогорск, ул. Ленина, 12"):
/// address search ignores it ([`Gazetteer::parse_with_place_names`]). The city is this crate's
/// data; `tests/tidy.rs` also reads this list to keep the name out of `spotdesk-core`.
pub const CITY_NAMES: &[&str] = &["Северогорск", "Severogorsk"];

/// The demo city's gazetteer, with its [`CITY_NAMES`], parsed once.
pub fn gazetteer() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| {
        // The file ships with the crate and is checked by a test; failing here is a build bug.
        #[allow(clippy::expect_used)]
        Gazetteer::parse_with_place_names(GAZETTEER_TSV, CITY_NAMES)
            .expect("the shipped crates/demo/data/gazetteer.tsv must parse")
    })
}

/// What to generate.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoConfig {
    /// Seed of the random generator: the same config always gives the same data.
    pub seed: u64,
    /// Length of the period, in days, ending at `now`.
    pub days: u32,
    /// Average number of tickets per day.
    pub tickets_per_day: u32,
    /// End of the period ("the present" of the demo).
    pub now: DateTime<Utc>,
}

/// A demo user account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoUser {
    /// Login name, e.g. `agent`.
    pub username: String,
    /// Plain-text password (`demo` for all).
    pub password: String,
    /// Russian display name.
    pub display_name: String,
    /// Role.
    pub role: Role,
    /// Assignee group, for agents and engineers.
    pub group: Option<String>,
}

/// A generated ticket with the server-owned parts a live ticket would have acquired.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoTicket {
    /// The registration input: lat/long filled, `address_string` canonical, `line` as registered.
    pub ticket: NewTicket,
    /// Registration time.
    pub created_at: DateTime<Utc>,
    /// Status at `now`.
    pub status: TicketStatus,
    /// When it was resolved; `Some` exactly for `resolved` and `closed` tickets.
    pub resolved_at: Option<DateTime<Utc>>,
    /// Current support line (after routing and any escalation).
    pub line: u8,
    /// Current assignee group (`agency_responsible`).
    pub group: String,
    /// The assignee group it was registered with (differs from `group` after a transfer).
    pub registered_group: String,
    /// The hotspot or burst this complaint is part of, if any.
    pub event: Option<DemoEvent>,
}

/// A labelled event a ticket belongs to: an index into [`DemoData::hotspots`] or
/// [`DemoData::bursts`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DemoEvent {
    /// `DemoData::hotspots[i]`.
    Hotspot(usize),
    /// `DemoData::bursts[i]`.
    Burst(usize),
}

/// A customer's rating (1-5 stars) of a fix, as given through the rating link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoRating {
    /// Index into [`DemoData::tickets`]: the rated customer's ticket.
    pub ticket: usize,
    /// What was rated: the fix of a hotspot or burst, or (`None`) of the ticket alone.
    pub event: Option<DemoEvent>,
    /// Stars, 1..=5.
    pub score: u8,
    /// When the rating was given (after the fix, before `now`).
    pub at: DateTime<Utc>,
}

/// A labelled network-quality hotspot: complaints about `topic` within `radius_m` of the
/// centre between `start` and `end`.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelledHotspot {
    /// Centre latitude.
    pub center_lat: f64,
    /// Centre longitude.
    pub center_long: f64,
    /// Radius in metres; every injected ticket lies within it.
    pub radius_m: f64,
    /// Ticket topic (a topic of network-quality services), e.g. `weak-signal`.
    pub topic: String,
    /// First possible complaint.
    pub start: DateTime<Utc>,
    /// Last possible complaint.
    pub end: DateTime<Utc>,
    /// Number of injected tickets.
    pub tickets: usize,
    /// When the cause was fixed (may lie after `now`: still being worked on).
    pub fixed_at: DateTime<Utc>,
}

/// A labelled burst (a mass incident): many complaints about one service and topic within
/// `radius_m` of the centre in a few hours.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelledBurst {
    /// Centre latitude.
    pub center_lat: f64,
    /// Centre longitude.
    pub center_long: f64,
    /// Radius in metres; every injected ticket lies within it.
    pub radius_m: f64,
    /// Service of the complaints.
    pub service_code: String,
    /// Topic of the complaints.
    pub topic: String,
    /// Start of the outage.
    pub start: DateTime<Utc>,
    /// End of the complaint wave.
    pub end: DateTime<Utc>,
    /// Number of injected tickets.
    pub tickets: usize,
    /// When the outage was fixed (may lie after `now`: still being worked on).
    pub fixed_at: DateTime<Utc>,
}

/// Everything the demo needs.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoData {
    /// The service catalogue ([`default_catalogue`]).
    pub catalogue: Catalogue,
    /// Demo accounts.
    pub users: Vec<DemoUser>,
    /// Coverage cells of every technology.
    pub coverage: Vec<CoverageFeature>,
    /// Tickets, oldest first.
    pub tickets: Vec<DemoTicket>,
    /// Injected hotspots (ground truth for spot detection).
    pub hotspots: Vec<LabelledHotspot>,
    /// Injected bursts (ground truth for mass-incident detection).
    pub bursts: Vec<LabelledBurst>,
    /// Customers' ratings of fixes, oldest first.
    pub ratings: Vec<DemoRating>,
}

/// Seeds of the independent random streams, so that changing one part does not reshuffle
/// the others.
const STREAM_PLAN: u64 = 0x5EED_0001;
const STREAM_COVERAGE: u64 = 0x5EED_0002;
const STREAM_TICKETS: u64 = 0x5EED_0003;
const STREAM_RATINGS: u64 = 0x5EED_0004;

fn stream(seed: u64, which: u64) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(seed ^ which.wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

/// Generates the demo data for a config. Deterministic: the same config gives equal data.
pub fn generate(cfg: &DemoConfig) -> DemoData {
    let catalogue = default_catalogue();
    let addrs: Vec<Address> = gazetteer().addresses().collect();
    let cum = tickets::address_weights(&addrs, coverage::CITY_CENTER);
    let start = cfg.now - Duration::days(i64::from(cfg.days));
    let total = cfg.days as usize * cfg.tickets_per_day as usize;

    let mut plan = labels::plan(
        &mut stream(cfg.seed, STREAM_PLAN),
        &addrs,
        &cum,
        start,
        cfg.now,
        total,
        cfg.tickets_per_day,
    );

    let weak: Vec<coverage::WeakArea> = plan
        .hotspots
        .iter()
        .filter(|h| h.weak_coverage)
        .map(|h| coverage::WeakArea {
            lat: h.label.center_lat,
            long: h.label.center_long,
            radius_m: h.label.radius_m + 150.0,
            factor: 0.3,
        })
        .collect();
    let coverage = coverage::coverage(&mut stream(cfg.seed, STREAM_COVERAGE), &weak);

    let mut rng = stream(cfg.seed, STREAM_TICKETS);
    let mut generator = tickets::Generator::new(&catalogue, &addrs, &cum, cfg.now);
    generator.background(&mut rng, start, total.saturating_sub(plan.injected()));
    generator.events(&mut rng, &mut plan);
    let mut tickets = generator.tickets;
    tickets.sort_by_key(|t| t.created_at);
    let hotspots: Vec<LabelledHotspot> = plan.hotspots.into_iter().map(|h| h.label).collect();
    let bursts: Vec<LabelledBurst> = plan.bursts.into_iter().map(|b| b.label).collect();
    let ratings = history::ratings(
        &mut stream(cfg.seed, STREAM_RATINGS),
        &tickets,
        &hotspots,
        &bursts,
        cfg.now,
    );

    DemoData {
        catalogue,
        users: users::demo_users(),
        coverage,
        tickets,
        hotspots,
        bursts,
        ratings,
    }
}
