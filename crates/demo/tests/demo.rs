//! The demo generator: determinism, volumes, rhythm, validity against the catalogue, statuses
//! and the consistency of the hotspot and burst labels with the tickets.

use chrono::{DateTime, Datelike, Duration, TimeZone, Timelike, Utc};
use spotdesk_api::{Role, Segment, Technology, TicketKind, TicketStatus};
use spotdesk_core::geo::haversine_m;
use spotdesk_core::sla;
use spotdesk_core::validate::validate_new_ticket;
use spotdesk_demo::{default_catalogue, gazetteer, generate, DemoConfig, DemoData};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 5, 20, 9, 30, 0)
        .single()
        .expect("valid instant")
}

fn full_config() -> DemoConfig {
    DemoConfig {
        seed: 42,
        days: 90,
        tickets_per_day: 200,
        now: now(),
    }
}

/// The 90-day data set, generated once for all tests of this file.
fn full() -> &'static DemoData {
    static D: OnceLock<DemoData> = OnceLock::new();
    D.get_or_init(|| generate(&full_config()))
}

#[test]
fn same_seed_same_data_other_seed_other_data() {
    let cfg = DemoConfig {
        seed: 7,
        days: 14,
        tickets_per_day: 80,
        now: now(),
    };
    let a = generate(&cfg);
    let b = generate(&cfg);
    assert_eq!(a, b);
    let c = generate(&DemoConfig {
        seed: 8,
        ..cfg.clone()
    });
    assert_ne!(a.tickets, c.tickets);
    assert_ne!(a.hotspots, c.hotspots);
}

#[test]
fn volume_roughly_as_configured() {
    let d = full();
    let n = d.tickets.len() as f64;
    assert!((n - 18_000.0).abs() < 18_000.0 * 0.08, "{n} tickets");
    for (days, per_day) in [(30u32, 50u32), (7, 400)] {
        let d = generate(&DemoConfig {
            seed: 1,
            days,
            tickets_per_day: per_day,
            now: now(),
        });
        let want = f64::from(days * per_day);
        let got = d.tickets.len() as f64;
        assert!((got - want).abs() < want * 0.12, "{days}x{per_day}: {got}");
    }
}

#[test]
fn degenerate_configs_do_not_panic() {
    for (days, per_day) in [(0, 200), (1, 0), (1, 5), (2, 200), (3, 10_000)] {
        let d = generate(&DemoConfig {
            seed: 3,
            days,
            tickets_per_day: per_day,
            now: now(),
        });
        assert!(d.tickets.iter().all(|t| t.created_at < now()));
        if days == 0 || per_day == 0 {
            assert!(d.tickets.is_empty());
        }
    }
}

#[test]
fn tickets_lie_within_the_period_and_the_city() {
    let d = full();
    let start = now() - Duration::days(90);
    let (min_lat, min_long, max_lat, max_long) = gazetteer().bounds();
    for t in &d.tickets {
        assert!(
            t.created_at >= start && t.created_at < now(),
            "{}",
            t.created_at
        );
        let (lat, long) = (t.ticket.lat.expect("lat"), t.ticket.long.expect("long"));
        assert!((min_lat..=max_lat).contains(&lat) && (min_long..=max_long).contains(&long));
    }
    assert!(
        d.tickets
            .windows(2)
            .all(|w| w[0].created_at <= w[1].created_at),
        "sorted by time"
    );
}

#[test]
fn addresses_are_canonical_gazetteer_addresses() {
    let d = full();
    let g = gazetteer();
    let known: BTreeMap<String, (f64, f64)> = g
        .addresses()
        .map(|a| (a.address_string(), (a.lat, a.long)))
        .collect();
    for t in d.tickets.iter().step_by(7) {
        let at = known
            .get(&t.ticket.address_string)
            .expect("a gazetteer address");
        assert_eq!(Some(at.0), t.ticket.lat);
        assert_eq!(Some(at.1), t.ticket.long);
    }
}

#[test]
fn every_ticket_passes_validation_and_routing() {
    let d = full();
    let cat = &d.catalogue;
    for t in &d.tickets {
        let v =
            validate_new_ticket(&t.ticket, cat).unwrap_or_else(|e| panic!("{e:?}\n{:?}", t.ticket));
        assert_eq!(
            v.ticket.customer_phone, t.ticket.customer_phone,
            "phone already normalised"
        );
        let group = cat
            .groups
            .iter()
            .find(|g| g.code == t.group)
            .expect("known group");
        assert_eq!(group.line, t.line, "{}", t.group);
        if t.line == 3 && v.line != 3 {
            assert_eq!(
                t.ticket.kind,
                Some(TicketKind::Incident),
                "only incidents are escalated"
            );
        } else {
            assert_eq!((v.line, v.group.as_str()), (t.line, t.group.as_str()));
        }
    }
}

#[test]
fn statuses_fit_the_age() {
    let d = full();
    let cat = &d.catalogue;
    let mut old = 0;
    let mut old_done = 0;
    let mut overdue = 0;
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for t in &d.tickets {
        *counts.entry(t.status.as_str()).or_default() += 1;
        let done = matches!(t.status, TicketStatus::Resolved | TicketStatus::Closed);
        assert_eq!(done, t.resolved_at.is_some(), "{:?}", t.status);
        if let Some(r) = t.resolved_at {
            assert!(r > t.created_at && r <= now());
        }
        if now() - t.created_at > Duration::days(30) {
            old += 1;
            old_done += usize::from(done);
        }
        let kind = t.ticket.kind.expect("kind");
        let deadline = sla::compute(cat, &t.ticket.service_code, kind, t.line, t.created_at)
            .expect("policy")
            .deadline;
        if t.status.is_open() && deadline < now() {
            overdue += 1;
        }
    }
    assert!(
        old_done as f64 > old as f64 * 0.95,
        "{old_done} of {old} old tickets done"
    );
    assert!(overdue > 20, "{overdue} overdue");
    for s in [
        "new", "in_work", "waiting", "planned", "resolved", "closed", "reopened",
    ] {
        assert!(
            counts.get(s).copied().unwrap_or(0) > 0,
            "no {s} tickets: {counts:?}"
        );
    }
}

#[test]
fn daily_and_weekly_rhythm() {
    let d = full();
    let mut by_hour = [0usize; 24];
    let mut by_weekday = [0usize; 7];
    for t in &d.tickets {
        let local = t.created_at + Duration::hours(3);
        by_hour[local.hour() as usize] += 1;
        by_weekday[local.weekday().num_days_from_monday() as usize] += 1;
    }
    let night = by_hour[2] + by_hour[3] + by_hour[4];
    let noon = by_hour[10] + by_hour[11] + by_hour[12];
    assert!(noon > 5 * night, "{by_hour:?}");
    assert!(
        by_hour[19] > by_hour[15] / 2 && by_hour[19] > 3 * by_hour[3],
        "{by_hour:?}"
    );
    let weekday = by_weekday[..5].iter().sum::<usize>() as f64 / 5.0;
    let weekend = by_weekday[5..].iter().sum::<usize>() as f64 / 2.0;
    assert!(weekend < weekday * 0.92, "{by_weekday:?}");
}

#[test]
fn customers_segments_and_channels() {
    let d = full();
    let n = d.tickets.len() as f64;
    let share = |s: Segment| {
        d.tickets
            .iter()
            .filter(|t| t.ticket.segment == Some(s))
            .count() as f64
            / n
    };
    assert!(
        (0.78..0.9).contains(&share(Segment::Mass)),
        "{}",
        share(Segment::Mass)
    );
    assert!(
        (0.08..0.17).contains(&share(Segment::Business)),
        "{}",
        share(Segment::Business)
    );
    assert!(
        (0.015..0.06).contains(&share(Segment::Vip)),
        "{}",
        share(Segment::Vip)
    );
    let phones: BTreeSet<&str> = d
        .tickets
        .iter()
        .map(|t| t.ticket.customer_phone.as_str())
        .collect();
    assert!(
        phones.len() < d.tickets.len() * 95 / 100,
        "some customers come back"
    );
    assert!(phones.iter().all(|p| p.len() == 12 && p.starts_with("+79")));
    for ch in spotdesk_api::Channel::ALL {
        assert!(
            d.tickets.iter().any(|t| t.ticket.channel == Some(ch)),
            "{ch:?}"
        );
    }
    assert!(d
        .tickets
        .iter()
        .all(|t| t.ticket.lifetime_value.is_some_and(|v| v > 0.0)));
    assert!(d.tickets.iter().all(|t| !t.ticket.description.is_empty()));
    for t in &d.tickets {
        if t.ticket.service_code == "vip-concierge" {
            assert_eq!(t.ticket.segment, Some(Segment::Vip));
        }
    }
}

#[test]
fn labels_are_consistent_with_tickets() {
    let d = full();
    let cat = &d.catalogue;
    let nq: BTreeSet<&str> = cat
        .services
        .iter()
        .filter(|s| s.network_quality)
        .map(|s| s.code.as_str())
        .collect();
    assert!(
        (6..=12).contains(&d.hotspots.len()),
        "{} hotspots",
        d.hotspots.len()
    );
    assert!(
        (4..=8).contains(&d.bursts.len()),
        "{} bursts",
        d.bursts.len()
    );
    let start = now() - Duration::days(90);
    for h in &d.hotspots {
        assert!(h.start >= start && h.start < h.end && h.end <= now());
        assert!(h.radius_m > 0.0 && h.radius_m <= 300.0);
        assert!(h.tickets >= 5, "{h:?}");
        let inside = d
            .tickets
            .iter()
            .filter(|t| {
                nq.contains(t.ticket.service_code.as_str())
                    && t.ticket.topic == h.topic
                    && t.created_at >= h.start
                    && t.created_at <= h.end
                    && haversine_m(
                        h.center_lat,
                        h.center_long,
                        t.ticket.lat.unwrap_or(0.0),
                        t.ticket.long.unwrap_or(0.0),
                    ) <= h.radius_m + 1.0
            })
            .count();
        assert!(inside >= h.tickets, "{inside} < {h:?}");
    }
    for b in &d.bursts {
        assert!(b.start >= start && b.start < b.end && b.end <= now());
        assert!(b.end - b.start <= Duration::hours(6));
        assert!(b.tickets >= 8, "{b:?}");
        let inside = d
            .tickets
            .iter()
            .filter(|t| {
                t.ticket.service_code == b.service_code
                    && t.ticket.topic == b.topic
                    && t.created_at >= b.start
                    && t.created_at <= b.end
                    && haversine_m(
                        b.center_lat,
                        b.center_long,
                        t.ticket.lat.unwrap_or(0.0),
                        t.ticket.long.unwrap_or(0.0),
                    ) <= b.radius_m + 1.0
            })
            .count();
        assert!(inside >= b.tickets, "{inside} < {b:?}");
    }
    // At least one hotspot is live at `now`.
    assert!(d.hotspots.iter().any(|h| h.end == now()));
}

#[test]
fn coverage_layers() {
    let d = full();
    for tech in Technology::ALL {
        let cells: Vec<_> = d
            .coverage
            .iter()
            .filter(|c| c.properties.technology == tech.as_str())
            .collect();
        assert!(!cells.is_empty(), "{tech:?}");
        for c in &cells {
            assert_eq!(c.kind, "Feature");
            assert_eq!(c.geometry.kind, "Polygon");
            let ring = &c.geometry.coordinates[0];
            assert!(ring.len() >= 4 && ring.first() == ring.last());
            assert!((0.0..=1.0).contains(&c.properties.quality));
            if tech == Technology::G5 {
                let [long, lat] = ring[0];
                assert!(
                    haversine_m(lat, long, 56.30, 44.00) < 2_600.0,
                    "5G only in the centre"
                );
            }
        }
    }
    // Some hotspots sit in weak 4G coverage.
    let weak_4g = d.hotspots.iter().filter(|h| {
        d.coverage.iter().any(|c| {
            c.properties.technology == Technology::G4.as_str() && c.properties.quality < 0.4 && {
                let [long, lat] = c.geometry.coordinates[0][0];
                haversine_m(lat, long, h.center_lat, h.center_long) < 500.0
            }
        })
    });
    assert!(weak_4g.count() >= 2);
}

#[test]
fn catalogue_is_complete_and_bilingual() {
    let cat = default_catalogue();
    assert!(
        (18..=24).contains(&cat.services.len()),
        "{}",
        cat.services.len()
    );
    let codes: BTreeSet<&str> = cat.services.iter().map(|s| s.code.as_str()).collect();
    assert_eq!(codes.len(), cat.services.len(), "unique codes");
    let groups: BTreeSet<&str> = cat.groups.iter().map(|g| g.code.as_str()).collect();
    for s in &cat.services {
        assert!(
            s.code.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
            "{}",
            s.code
        );
        for t in [&s.name, &s.description] {
            assert!(!t.en.is_empty() && !t.ru.is_empty(), "{}", s.code);
        }
        assert!((3..=6).contains(&s.topics.len()), "{}", s.code);
        assert!(s
            .topics
            .iter()
            .all(|t| !t.label.en.is_empty() && !t.label.ru.is_empty()));
        assert!(
            s.fields.iter().any(|f| f.required),
            "{} has a required field",
            s.code
        );
        assert!(s
            .fields
            .iter()
            .all(|f| !f.label.en.is_empty() && !f.label.ru.is_empty()));
        assert!(
            groups.contains(s.default_group.as_str()),
            "{}",
            s.default_group
        );
        for kind in [TicketKind::Incident, TicketKind::ServiceRequest] {
            for line in 1..=3 {
                assert!(
                    s.sla.iter().any(|p| p.kind == kind && p.line == line),
                    "{} {kind:?} {line}",
                    s.code
                );
            }
        }
    }
    assert!(cat.services.iter().filter(|s| s.network_quality).count() >= 3);
    assert!(cat
        .services
        .iter()
        .any(|s| s.sla.iter().any(|p| p.business_hours)));
    assert!(cat
        .services
        .iter()
        .any(|s| s.sla.iter().any(|p| !p.business_hours)));
    for r in &cat.routing {
        assert!(groups.contains(r.group.as_str()));
        if let Some(c) = &r.service_code {
            assert!(codes.contains(c.as_str()));
        }
    }
    assert!(cat
        .groups
        .iter()
        .all(|g| !g.name.en.is_empty() && !g.name.ru.is_empty() && (1..=3).contains(&g.line)));
    assert_eq!(cat.holidays.len(), 3 * 14);
    assert_eq!(
        (
            cat.business_day.start_hour,
            cat.business_day.end_hour,
            cat.business_day.utc_offset_minutes
        ),
        (9, 18, 180)
    );
}

#[test]
fn users_cover_every_role() {
    let d = full();
    for role in Role::ALL {
        assert!(
            d.users
                .iter()
                .any(|u| u.role == role && u.username == role.as_str()),
            "{role:?}"
        );
    }
    assert!(d
        .users
        .iter()
        .all(|u| u.password == "demo" && !u.display_name.is_empty()));
    assert!(d
        .users
        .iter()
        .filter(|u| u.role == Role::Engineer)
        .all(|u| u.group.is_some()));
    let names: BTreeSet<&str> = d.users.iter().map(|u| u.username.as_str()).collect();
    assert!(names.contains("agent2") && names.contains("engineer-billing"));
}

#[test]
fn the_past_is_consistent() {
    use spotdesk_demo::history::{incidents, spots, status_path, transfer_at};
    use spotdesk_demo::DemoEvent;
    let d = full();
    let now = now();

    // Every ticket's status path runs forward in time, inside its life, to its status.
    for t in &d.tickets {
        let path = status_path(t, now);
        assert_eq!(
            path.is_empty(),
            t.status == TicketStatus::New,
            "{:?}",
            t.status
        );
        if let Some(&(_, last)) = path.last() {
            assert_eq!(last, t.status);
        }
        let mut at = t.created_at;
        for &(when, status) in &path {
            assert!(when >= at && when <= now, "{status:?} at {when} after {at}");
            at = when;
            if status == TicketStatus::Resolved && t.resolved_at.is_some() {
                assert_eq!(Some(when), t.resolved_at);
            }
        }
        if t.line != t.ticket.line.unwrap_or(t.line) {
            let moved = transfer_at(t, now);
            assert!(moved >= t.created_at && moved <= now);
        }
    }
    let transferred = d
        .tickets
        .iter()
        .filter(|t| t.ticket.line != Some(t.line))
        .count();
    assert!(transferred > 50, "{transferred} transfers");

    // Incidents and spots: fixed before now, after registration, each with its own tickets.
    let inc = incidents(&d.catalogue, &d.tickets, &d.bursts, now);
    let sp = spots(&d.tickets, &d.hotspots, now);
    assert!(
        inc.len() >= 3 && sp.len() >= 3,
        "{} incidents, {} spots",
        inc.len(),
        sp.len()
    );
    for i in &inc {
        assert!(i.registered_at < i.resolved_at && i.resolved_at < now);
        assert!(i.confirmed_at.is_none_or(|c| c > i.resolved_at && c < now));
        let mine = d
            .tickets
            .iter()
            .filter(|t| t.event == Some(DemoEvent::Burst(i.burst)));
        let (before, after) = mine.fold((0, 0), |(b, a), t| {
            if t.created_at < i.registered_at {
                (b + 1, a)
            } else {
                (b, a + 1)
            }
        });
        assert!(
            before >= 5 && after > 0,
            "{before} before, {after} after registration"
        );
        assert!(
            !i.title.is_empty() && !i.public_note.ru.is_empty() && !i.public_note.en.is_empty()
        );
    }
    for s in &sp {
        assert!(s.registered_at < s.resolved_at && s.resolved_at < now);
    }
    // Whatever is not fixed yet stays for the board and the map to propose.
    let newest = &d.hotspots[0];
    assert!(newest.fixed_at > now && sp.iter().all(|s| s.hotspot != 0));

    // Ratings: 1-5 stars, after the fix, before now, one per customer and fix.
    assert!(d.ratings.len() > 100, "{} ratings", d.ratings.len());
    let mut seen = BTreeSet::new();
    for r in &d.ratings {
        let t = &d.tickets[r.ticket];
        assert!((1..=5).contains(&r.score));
        assert!(r.at < now && Some(r.at) > t.resolved_at);
        assert_eq!(r.event, t.event);
        assert!(seen.insert((format!("{:?}", r.event), t.ticket.customer_phone.clone())));
    }
    assert!(d.ratings.windows(2).all(|w| w[0].at <= w[1].at));
}
