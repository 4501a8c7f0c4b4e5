use super::*;
use crate::complaint::ComplaintRecord;

const NOW: i64 = 1_780_000_000;
const FROM: i64 = NOW - 30 * DAY;

struct Gen(u64);
impl Gen {
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn push(set: &mut ComplaintSet, id: i64, lat: f64, long: f64, time: i64, customer: &str) {
    set.push(&ComplaintRecord {
        id,
        lat,
        long,
        time,
        customer,
        service: "mobile-data",
        topic: "no-data",
        segment: None,
        lifetime_value: None,
    });
}

/// 60 days of ~40 complaints a day over ~3 x 3 km.
fn background(g: &mut Gen) -> ComplaintSet {
    let mut set = ComplaintSet::new();
    for k in 0..2400 {
        let t = NOW - 60 * DAY + (g.next() * 60.0 * DAY as f64) as i64;
        let phone = format!("+7900{:07}", (g.next() * 5000.0) as i64);
        push(
            &mut set,
            k,
            56.29 + g.next() * 0.027,
            43.98 + g.next() * 0.05,
            t,
            &phone,
        );
    }
    set
}

/// `n` customers at one place within `spread` seconds after `start`.
fn cluster(set: &mut ComplaintSet, g: &mut Gen, n: usize, start: i64, spread: f64) {
    for c in 0..n {
        let phone = format!("+7911{c:07}");
        push(
            set,
            10_000 + c as i64,
            56.3001 + g.next() * 0.0015,
            44.0002 + g.next() * 0.002,
            start + (g.next() * spread) as i64,
            &phone,
        );
    }
}

/// Network complaints with a hot spot on day 10 of the range, all complaints with a burst
/// on day 20; and the background alone.
fn data() -> (ComplaintSet, ComplaintSet, ComplaintSet) {
    let mut g = Gen(17);
    let quiet = background(&mut g);
    let mut network = quiet.clone();
    let mut all = quiet.clone();
    cluster(&mut network, &mut g, 12, FROM + 10 * DAY, DAY as f64);
    cluster(&mut all, &mut g, 14, FROM + 20 * DAY + 5 * HOUR, 3600.0);
    (network, all, quiet)
}

fn totals(days: &[DayCount]) -> (u32, u32) {
    days.iter()
        .fold((0, 0), |(s, b), d| (s + d.spots, b + d.bursts))
}

#[test]
fn counts_each_finding_once_on_its_day() {
    let (network, all, quiet) = data();
    let run = |network: &ComplaintSet, all: &ComplaintSet| {
        preview(
            network,
            all,
            SpotParams::default(),
            BurstParams::default(),
            FROM,
            NOW,
        )
    };
    let days = run(&network, &all);
    let base = run(&quiet, &quiet);
    assert_eq!(days.len(), 30);
    // The injected spot and burst each add one finding, on their day; the background's
    // chance findings stay as they were.
    let (s0, b0) = totals(&base);
    assert_eq!(totals(&days), (s0 + 1, b0 + 1), "{days:?}");
    let more: Vec<(usize, DayCount)> = days
        .iter()
        .zip(&base)
        .enumerate()
        .filter(|(_, (d, b))| d != b)
        .map(|(i, (d, b))| {
            (
                i,
                DayCount {
                    spots: d.spots - b.spots,
                    bursts: d.bursts - b.bursts,
                },
            )
        })
        .collect();
    assert_eq!(more.len(), 2, "{more:?}");
    assert!(
        matches!(
            more[0],
            (
                10 | 11,
                DayCount {
                    spots: 1,
                    bursts: 0
                }
            )
        ),
        "{more:?}"
    );
    assert_eq!(
        more[1],
        (
            20,
            DayCount {
                spots: 0,
                bursts: 1
            }
        ),
        "{more:?}"
    );
}

#[test]
fn stricter_settings_find_less_and_looser_more() {
    let (network, all, _) = data();
    let strict = preview(
        &network,
        &all,
        SpotParams {
            min_customers: 20,
            ..SpotParams::default()
        },
        BurstParams {
            threshold: 40.0,
            ..BurstParams::default()
        },
        FROM,
        NOW,
    );
    assert_eq!(totals(&strict), (0, 0));
    let loose = preview(
        &network,
        &all,
        SpotParams {
            threshold: 2.0,
            min_customers: 2,
            ..SpotParams::default()
        },
        BurstParams::default(),
        FROM,
        NOW,
    );
    assert!(totals(&loose).0 > 1, "{loose:?}");
}

#[test]
fn small_steps_give_the_same_answer_and_progress_grows() {
    let (network, all, _) = data();
    let whole = preview(
        &network,
        &all,
        SpotParams::default(),
        BurstParams::default(),
        FROM,
        NOW,
    );
    let mut p = DetectionPreview::new(
        &network,
        &all,
        SpotParams::default(),
        BurstParams::default(),
        FROM,
        NOW,
    );
    let mut last = p.progress();
    assert_eq!(last, 0.0);
    let mut rounds = 0;
    while !p.advance(7) {
        assert!(p.progress() >= last && p.progress() < 1.0);
        last = p.progress();
        rounds += 1;
    }
    assert!(rounds > 100, "{rounds}");
    assert_eq!(p.progress(), 1.0);
    assert_eq!(p.days(), whole.as_slice());
    let (spots, bursts) = totals(&whole);
    assert_eq!(p.totals(), DayCount { spots, bursts });
    assert!(spots >= 1 && bursts >= 1);
    // Done stays done.
    assert!(p.advance(5));
    assert_eq!(p.days(), whole.as_slice());
}

#[test]
fn an_empty_or_reversed_range_is_done_at_once() {
    let empty = ComplaintSet::new();
    let days = preview(
        &empty,
        &empty,
        SpotParams::default(),
        BurstParams::default(),
        FROM,
        FROM - 5,
    );
    assert!(days.is_empty());
    let days = preview(
        &empty,
        &empty,
        SpotParams::default(),
        BurstParams::default(),
        FROM,
        NOW,
    );
    assert_eq!(totals(&days), (0, 0));
}

#[test]
fn steps_and_history_follow_the_windows() {
    let s = SpotParams::default();
    let b = BurstParams::default();
    assert_eq!(spot_step(&s), 6 * HOUR);
    assert_eq!(
        spot_step(&SpotParams {
            window_hours: 2,
            ..s.clone()
        }),
        2 * HOUR
    );
    assert_eq!(burst_step(&b), 30 * 60);
    assert_eq!(
        burst_step(&BurstParams {
            window_minutes: 10,
            ..b.clone()
        }),
        600
    );
    assert_eq!(history_secs(&s, &b), 28 * DAY + 73 * HOUR);
}

#[test]
fn a_finding_is_new_when_it_shares_no_ticket_with_the_last_look() {
    let mut prev = BTreeSet::new();
    assert_eq!(fresh(&[vec![1, 2], vec![3]], &mut prev), 2);
    assert_eq!(fresh(&[vec![2, 9], vec![7]], &mut prev), 1);
    assert_eq!(fresh(&[], &mut prev), 0);
    assert_eq!(fresh(&[vec![2]], &mut prev), 1);
}
