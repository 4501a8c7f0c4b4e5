//! What the demo contact centre already did about its past hotspots and bursts: the mass
//! incidents and spots its coordinators and engineers registered and fixed, when tickets
//! were linked to them, transfers between support lines, and the ratings customers gave.
//!
//! Only events fixed before `now` are registered here; a burst or hotspot still going on is
//! left for the live board and map to propose. Registration follows the first few complaints,
//! so the earliest tickets of an event are linked later (a change in their history) and the
//! later ones are registered already linked ("known problem here").

use crate::{DemoEvent, DemoRating, DemoTicket, LabelledBurst, LabelledHotspot};
use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use spotdesk_api::{Catalogue, LocalizedText, TicketStatus};

/// Complaints an event gathers before it is registered.
const COMPLAINTS_BEFORE_REGISTRATION: usize = 5;
/// How long after that complaint a coordinator registers a burst as a mass incident.
const INCIDENT_REACTION: Duration = Duration::minutes(20);
/// How long after that complaint an engineer registers a hotspot as a spot.
const SPOT_REACTION: Duration = Duration::hours(5);
/// How long after the fix a resolved incident is confirmed.
const CONFIRMATION: Duration = Duration::hours(6);
/// Share of the customers of a fixed event who rate the fix.
const EVENT_RATING_SHARE: f64 = 0.35;
/// Share of the customers of other resolved tickets who rate the fix.
const TICKET_RATING_SHARE: f64 = 0.03;

/// A past burst, registered as a mass incident and fixed.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoIncident {
    /// Index into `DemoData::bursts`.
    pub burst: usize,
    /// Title as a coordinator typed it (Russian, like the rest of the demo).
    pub title: String,
    /// Technical cause.
    pub cause: String,
    /// What customers are told.
    pub public_note: LocalizedText,
    /// Owner group: the group most of its tickets went to.
    pub owner_group: String,
    /// When it was registered.
    pub registered_at: DateTime<Utc>,
    /// The expected resolution announced at registration.
    pub expected_resolution: DateTime<Utc>,
    /// When it was fixed.
    pub resolved_at: DateTime<Utc>,
    /// When the fix was confirmed (`None`: not yet at `now`).
    pub confirmed_at: Option<DateTime<Utc>>,
}

/// A past hotspot, registered as a spot and fixed.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoSpot {
    /// Index into `DemoData::hotspots`.
    pub hotspot: usize,
    /// Technical cause.
    pub cause: String,
    /// What customers are told.
    pub public_note: LocalizedText,
    /// When it was registered.
    pub registered_at: DateTime<Utc>,
    /// When it was fixed.
    pub resolved_at: DateTime<Utc>,
}

/// Indices of each event's tickets, oldest first (`tickets` is sorted by creation).
fn tickets_of(tickets: &[DemoTicket], event: DemoEvent) -> Vec<usize> {
    tickets
        .iter()
        .enumerate()
        .filter(|(_, t)| t.event == Some(event))
        .map(|(i, _)| i)
        .collect()
}

/// When the event became clear enough to register: some complaints in, plus a reaction time.
fn registration(
    tickets: &[DemoTicket],
    of_event: &[usize],
    reaction: Duration,
) -> Option<DateTime<Utc>> {
    let nth = of_event.get(
        COMPLAINTS_BEFORE_REGISTRATION
            .min(of_event.len())
            .checked_sub(1)?,
    )?;
    Some(tickets[*nth].created_at + reaction)
}

/// The mass incidents registered for bursts fixed before `now`.
pub fn incidents(
    catalogue: &Catalogue,
    tickets: &[DemoTicket],
    bursts: &[LabelledBurst],
    now: DateTime<Utc>,
) -> Vec<DemoIncident> {
    bursts
        .iter()
        .enumerate()
        .filter(|(_, b)| b.fixed_at < now)
        .filter_map(|(i, b)| {
            let mine = tickets_of(tickets, DemoEvent::Burst(i));
            let registered_at = registration(tickets, &mine, INCIDENT_REACTION)?;
            let resolved_at = b.fixed_at.max(registered_at + Duration::minutes(10));
            if resolved_at >= now {
                return None;
            }
            let service = catalogue
                .services
                .iter()
                .find(|s| s.code == b.service_code)?;
            let topic = service
                .topics
                .iter()
                .find(|t| t.value == b.topic)
                .map_or(b.topic.as_str(), |t| t.label.ru.as_str());
            let (cause, public_note) = incident_cause(&b.service_code, &b.topic);
            let confirmed = resolved_at + CONFIRMATION;
            Some(DemoIncident {
                burst: i,
                title: format!("{}: {}", service.name.ru, topic.to_lowercase()),
                cause: cause.to_owned(),
                public_note,
                owner_group: most_common_group(tickets, &mine)
                    .unwrap_or_else(|| service.default_group.clone()),
                registered_at,
                expected_resolution: registered_at + Duration::hours(4),
                resolved_at,
                confirmed_at: (confirmed < now).then_some(confirmed),
            })
        })
        .collect()
}

/// The spots registered for hotspots fixed before `now`.
pub fn spots(
    tickets: &[DemoTicket],
    hotspots: &[LabelledHotspot],
    now: DateTime<Utc>,
) -> Vec<DemoSpot> {
    hotspots
        .iter()
        .enumerate()
        .filter(|(_, h)| h.fixed_at < now)
        .filter_map(|(i, h)| {
            let mine = tickets_of(tickets, DemoEvent::Hotspot(i));
            let registered_at = registration(tickets, &mine, SPOT_REACTION)?;
            let resolved_at = h.fixed_at.max(registered_at + Duration::hours(1));
            if resolved_at >= now {
                return None;
            }
            let (cause, public_note) = spot_cause(&h.topic);
            Some(DemoSpot {
                hotspot: i,
                cause: cause.to_owned(),
                public_note,
                registered_at,
                resolved_at,
            })
        })
        .collect()
}

/// The statuses a ticket went through after `New`, with when: taken into work soon after
/// registration, then waiting or planned, or resolved at its resolution time and closed
/// three days later, or resolved and reopened. Ends at the ticket's status at `now`; empty
/// for a ticket still `New`.
pub fn status_path(t: &DemoTicket, now: DateTime<Utc>) -> Vec<(DateTime<Utc>, TicketStatus)> {
    let created = t.created_at;
    let end = t.resolved_at.unwrap_or(now).max(created);
    let taken = created + ((end - created) / 4).min(Duration::minutes(15));
    let halfway = |from: DateTime<Utc>| from + (now.max(from) - from) / 2;
    let in_work = (taken, TicketStatus::InWork);
    match (t.status, t.resolved_at) {
        (TicketStatus::New, _) => Vec::new(),
        (TicketStatus::InWork, _) => vec![in_work],
        (TicketStatus::Resolved, Some(r)) => vec![in_work, (r, TicketStatus::Resolved)],
        (TicketStatus::Closed, Some(r)) => vec![
            in_work,
            (r, TicketStatus::Resolved),
            ((r + Duration::days(3)).min(now), TicketStatus::Closed),
        ],
        (TicketStatus::Reopened, _) => {
            let resolved = halfway(taken);
            vec![
                in_work,
                (resolved, TicketStatus::Resolved),
                (halfway(resolved), TicketStatus::Reopened),
            ]
        }
        (status, _) => vec![in_work, (halfway(taken), status)],
    }
}

/// When a transferred ticket moved to its current line: part-way to its resolution (or `now`).
pub fn transfer_at(t: &DemoTicket, now: DateTime<Utc>) -> DateTime<Utc> {
    let end = t.resolved_at.unwrap_or(now).max(t.created_at);
    t.created_at + ((end - t.created_at) / 3).min(Duration::hours(2))
}

/// Customers' ratings: a share of the customers of every fixed event, and a few of the
/// other resolved tickets; oldest first. A customer rates each fix at most once.
pub fn ratings(
    rng: &mut ChaCha8Rng,
    tickets: &[DemoTicket],
    hotspots: &[LabelledHotspot],
    bursts: &[LabelledBurst],
    now: DateTime<Utc>,
) -> Vec<DemoRating> {
    let fixed = |e: DemoEvent| match e {
        DemoEvent::Hotspot(i) => hotspots.get(i).map(|h| (h.start, h.fixed_at)),
        DemoEvent::Burst(i) => bursts.get(i).map(|b| (b.start, b.fixed_at)),
    };
    let mut rated: std::collections::HashSet<(Option<DemoEvent>, &str)> =
        std::collections::HashSet::new();
    let mut out = Vec::new();
    for (i, t) in tickets.iter().enumerate() {
        let Some(resolved) = t.resolved_at else {
            continue;
        };
        let (share, waited, fix) = match t.event.and_then(|e| fixed(e).map(|f| (e, f))) {
            Some((_, (start, fix))) => (EVENT_RATING_SHARE, fix - start, fix.max(resolved)),
            None => (TICKET_RATING_SHARE, resolved - t.created_at, resolved),
        };
        if !rng.gen_bool(share) || !rated.insert((t.event, t.ticket.customer_phone.as_str())) {
            continue;
        }
        let at = fix + Duration::minutes(rng.gen_range(10..48 * 60));
        if at >= now {
            continue;
        }
        out.push(DemoRating {
            ticket: i,
            event: t.event,
            score: score(rng, waited),
            at,
        });
    }
    out.sort_by_key(|r| r.at);
    out
}

/// Stars given after waiting `waited` for the fix: mostly 4-5 for a quick fix, lower the
/// longer it took.
fn score(rng: &mut ChaCha8Rng, waited: Duration) -> u8 {
    let hours = waited.num_minutes() as f64 / 60.0;
    let shift = (hours / 24.0).min(2.5);
    let x: f64 = rng.gen_range(0.0..1.0) * 5.0 + 1.8 - shift;
    x.round().clamp(1.0, 5.0) as u8
}

fn most_common_group(tickets: &[DemoTicket], of_event: &[usize]) -> Option<String> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for &i in of_event {
        let g = tickets[i].group.as_str();
        match counts.iter_mut().find(|(c, _)| *c == g) {
            Some((_, n)) => *n += 1,
            None => counts.push((g, 1)),
        }
    }
    counts
        .into_iter()
        .max_by_key(|&(g, n)| (n, std::cmp::Reverse(g)))
        .map(|(g, _)| g.to_owned())
}

/// Cause and customer note of a burst of `service`/`topic` (see `labels::BURST_KINDS`).
fn incident_cause(service: &str, topic: &str) -> (&'static str, LocalizedText) {
    let (cause, en, ru) = match (service, topic) {
        ("home-internet", "no-connection") => (
            "Повреждение магистрального оптического кабеля при земляных работах",
            "A fibre cable was damaged by road works; home internet is down in the area.",
            "Кабель повреждён при дорожных работах; домашний интернет в районе не работает.",
        ),
        ("iptv", "no-tv-signal") => (
            "Отказ головной станции IPTV после обновления ПО",
            "The TV head-end failed after a software update; channels are unavailable.",
            "Сбой телевизионной станции после обновления; каналы недоступны.",
        ),
        ("landline", "no-dial-tone") => (
            "Авария питания на АТС",
            "A power failure at the telephone exchange; landlines have no dial tone.",
            "Авария питания на телефонной станции; в городских телефонах нет гудка.",
        ),
        ("mobile-data", "no-data") | ("mobile-voice", "no-signal") => (
            "Отключение базовой станции: авария электропитания",
            "A mobile base station lost power; no mobile service nearby.",
            "Базовая станция обесточена; мобильная связь рядом не работает.",
        ),
        ("business-vpn", "vpn-down") => (
            "Отказ маршрутизатора агрегации корпоративной сети",
            "An aggregation router failed; business VPNs in the area are down.",
            "Отказ маршрутизатора; корпоративные VPN в районе недоступны.",
        ),
        ("home-internet", "frequent-drops") => (
            "Перегрев коммутатора доступа в узле связи",
            "An overheating switch causes frequent disconnections.",
            "Перегрев оборудования вызывает частые обрывы связи.",
        ),
        ("mobile-voice", "call-drops") => (
            "Неисправность антенно-фидерного тракта базовой станции",
            "A faulty antenna causes dropped calls in the area.",
            "Неисправность антенны: звонки в районе обрываются.",
        ),
        _ => (
            "Авария на сети",
            "A network failure; engineers are working on it.",
            "Авария на сети; инженеры уже работают.",
        ),
    };
    (cause, LocalizedText::new(en, ru))
}

/// Cause and customer note of a coverage hotspot about `topic` (see `labels::HOTSPOT_TOPICS`).
fn spot_cause(topic: &str) -> (&'static str, LocalizedText) {
    let (cause, en, ru) = match topic {
        "slow-data" | "no-data" => (
            "Перегрузка сектора базовой станции; добавлена несущая",
            "The cell was overloaded; capacity has been added.",
            "Сота была перегружена; мы добавили ёмкость.",
        ),
        "call-drops" => (
            "Неверные настройки хендовера между сотами; исправлены",
            "Calls dropped between cells; the network settings were corrected.",
            "Звонки обрывались при переходе между сотами; настройки исправлены.",
        ),
        _ => (
            "Слабое покрытие за новой застройкой; изменён наклон антенн",
            "Coverage was weak behind new buildings; the antennas were adjusted.",
            "Слабое покрытие за новыми домами; антенны перенастроены.",
        ),
    };
    (cause, LocalizedText::new(en, ru))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn quick_fixes_score_higher_than_slow_ones() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let mean = |rng: &mut ChaCha8Rng, d: Duration| {
            (0..2000).map(|_| f64::from(score(rng, d))).sum::<f64>() / 2000.0
        };
        let quick = mean(&mut rng, Duration::hours(2));
        let slow = mean(&mut rng, Duration::days(4));
        assert!(quick > 3.8 && slow < 2.8, "quick {quick}, slow {slow}");
        for _ in 0..1000 {
            let waited = Duration::minutes(rng.gen_range(0..20_000));
            let s = score(&mut rng, waited);
            assert!((1..=5).contains(&s));
        }
    }

    #[test]
    fn every_cause_has_both_languages() {
        for (s, t) in [("home-internet", "no-connection"), ("x", "y")] {
            let (c, note) = incident_cause(s, t);
            assert!(!c.is_empty() && !note.en.is_empty() && !note.ru.is_empty());
        }
        for t in ["slow-data", "call-drops", "weak-signal"] {
            let (c, note) = spot_cause(t);
            assert!(!c.is_empty() && !note.en.is_empty() && !note.ru.is_empty());
        }
    }
}
