//! Builds the dashboard's figures from the core statistics (pure, tested natively).

use super::figure::{centi, hours, pct, value, ChartKind, ChartSpec, Codes, Figure, Series};
use super::query::Dimension;
use crate::i18n::{text, DashMsg, Lang};
use chrono::NaiveDate;
use spotdesk_core::dashboard::{
    buckets, AssigneeSla, Breakdown, Counts, Dashboard, Granularity, RatingDay, SlaRow,
};

fn t(lang: Lang, m: DashMsg) -> String {
    text(lang, m).to_owned()
}

/// A bucket's label: ISO date of its first day (`2026-11` for months).
pub fn bucket_label(start: NaiveDate, g: Granularity) -> String {
    match g {
        Granularity::Month => crate::format::iso_month(start),
        _ => crate::format::iso_date(start),
    }
}

/// A chart series read back from one table column, so chart and table cannot disagree.
fn column(label: String, rows: &[Vec<String>], col: usize) -> Series {
    Series {
        label,
        values: rows
            .iter()
            .map(|r| r.get(col).and_then(|s| value(s)))
            .collect(),
    }
}

/// The headline numbers.
pub fn summary(d: &Dashboard, lang: Lang) -> Figure {
    let total = Counts::sum(&d.volume.total);
    let s = &d.sla.total;
    let rows: Vec<(DashMsg, String)> = vec![
        (DashMsg::Registered, total.registered.to_string()),
        (DashMsg::Resolved, total.resolved.to_string()),
        (DashMsg::Overdue, total.overdue.to_string()),
        (
            DashMsg::SlaCompliancePct,
            pct(s.met.into(), s.decided.into()),
        ),
        (DashMsg::P50Hours, hours(s.resolve_time.p50)),
        (DashMsg::P90Hours, hours(s.resolve_time.p90)),
        (
            DashMsg::TransferRatePct,
            pct(total.transferred.into(), total.registered.into()),
        ),
        (
            DashMsg::KnownProblemPct,
            pct(d.contacts.known_problem.into(), d.contacts.contacts.into()),
        ),
        (
            DashMsg::RepeatSharePct,
            pct(
                d.repeats.repeat_contacts().into(),
                d.repeats.contacts.into(),
            ),
        ),
        (
            DashMsg::RepeatWithinWindowPct,
            pct(d.repeats.within_window.into(), d.repeats.contacts.into()),
        ),
        (DashMsg::Incidents, d.incidents.count.to_string()),
        (DashMsg::Spots, d.spots.count.to_string()),
        (
            DashMsg::MeanRating,
            centi(d.ratings.total.mean_centi().map(i64::from)),
        ),
    ];
    Figure {
        id: "summary",
        title: t(lang, DashMsg::SummaryTitle),
        headers: vec![t(lang, DashMsg::Metric), t(lang, DashMsg::Value)],
        rows: rows.into_iter().map(|(m, v)| vec![t(lang, m), v]).collect(),
        chart: None,
        codes: None,
    }
}

/// Registered / resolved / overdue / transferred per bucket.
pub fn volume(d: &Dashboard, g: Granularity, lang: Lang) -> Figure {
    let b = buckets(&d.volume.dates, g);
    let rolled = Counts::rollup(&d.volume.total, &b);
    let rows: Vec<Vec<String>> = b
        .iter()
        .zip(&rolled)
        .map(|(b, c)| {
            vec![
                bucket_label(b.start, g),
                c.registered.to_string(),
                c.resolved.to_string(),
                c.overdue.to_string(),
                c.transferred.to_string(),
            ]
        })
        .collect();
    let headers = vec![
        t(lang, DashMsg::Bucket),
        t(lang, DashMsg::Registered),
        t(lang, DashMsg::Resolved),
        t(lang, DashMsg::Overdue),
        t(lang, DashMsg::Transferred),
    ];
    let chart = ChartSpec {
        kind: ChartKind::Bar,
        labels: rows.iter().map(|r| r[0].clone()).collect(),
        series: (1..=3)
            .map(|c| column(headers[c].clone(), &rows, c))
            .collect(),
    };
    Figure {
        id: "volume",
        title: t(lang, DashMsg::VolumeTitle),
        headers,
        rows,
        chart: Some(chart),
        codes: None,
    }
}

/// Per bucket and slice (service, group or line): registered / resolved / overdue; the chart
/// stacks registered tickets per slice. Services and groups show as `name` gives them (the
/// CSV keeps their codes too); lines as their numbers.
pub fn volume_by(
    d: &Dashboard,
    g: Granularity,
    dim: Dimension,
    lang: Lang,
    name: &dyn Fn(&str) -> String,
) -> Figure {
    let b = buckets(&d.volume.dates, g);
    let slices: &[Breakdown] = match dim {
        Dimension::Service => &d.volume.by_service,
        Dimension::Group => &d.volume.by_group,
        Dimension::Line => &d.volume.by_line,
    };
    let named = dim != Dimension::Line;
    let labels: Vec<String> = b.iter().map(|b| bucket_label(b.start, g)).collect();
    let mut rows = Vec::new();
    let mut codes = Vec::new();
    let mut series = Vec::new();
    for s in slices {
        let shown = if named { name(&s.key) } else { s.key.clone() };
        let rolled = Counts::rollup(&s.per_day, &b);
        series.push(Series {
            label: shown.clone(),
            values: rolled
                .iter()
                .map(|c| Some(f64::from(c.registered)))
                .collect(),
        });
        for (label, c) in labels.iter().zip(&rolled) {
            if c.registered + c.resolved + c.overdue > 0 {
                rows.push(vec![
                    label.clone(),
                    shown.clone(),
                    c.registered.to_string(),
                    c.resolved.to_string(),
                    c.overdue.to_string(),
                ]);
                codes.push(s.key.clone());
            }
        }
    }
    let (key, name_key) = match dim {
        Dimension::Service => (DashMsg::Service, DashMsg::ServiceName),
        Dimension::Group => (DashMsg::Group, DashMsg::GroupName),
        Dimension::Line => (DashMsg::Line, DashMsg::Line),
    };
    Figure {
        id: "volume-by",
        title: format!("{} — {}", t(lang, DashMsg::VolumeByTitle), t(lang, key)),
        headers: vec![
            t(lang, DashMsg::Bucket),
            t(lang, key),
            t(lang, DashMsg::Registered),
            t(lang, DashMsg::Resolved),
            t(lang, DashMsg::Overdue),
        ],
        rows,
        chart: Some(ChartSpec {
            kind: ChartKind::StackedBar,
            labels,
            series,
        }),
        codes: named.then(|| Codes {
            col: 1,
            name_header: t(lang, name_key),
            values: codes,
        }),
    }
}

/// SLA compliance and time to resolve per service or group, each shown as `name` gives it
/// (the CSV keeps the codes too).
pub fn sla(
    rows_in: &[SlaRow],
    by_group: bool,
    lang: Lang,
    name: &dyn Fn(&str) -> String,
) -> Figure {
    let (key, name_key) = if by_group {
        (DashMsg::Group, DashMsg::GroupName)
    } else {
        (DashMsg::Service, DashMsg::ServiceName)
    };
    let headers = vec![
        t(lang, key),
        t(lang, DashMsg::Tickets),
        t(lang, DashMsg::Decided),
        t(lang, DashMsg::Met),
        t(lang, DashMsg::SlaCompliancePct),
        t(lang, DashMsg::P50Hours),
        t(lang, DashMsg::P90Hours),
    ];
    let rows: Vec<Vec<String>> = rows_in
        .iter()
        .map(|r| {
            vec![
                name(&r.key),
                r.tickets.to_string(),
                r.decided.to_string(),
                r.met.to_string(),
                pct(r.met.into(), r.decided.into()),
                hours(r.resolve_time.p50),
                hours(r.resolve_time.p90),
            ]
        })
        .collect();
    let chart = ChartSpec {
        kind: ChartKind::Bar,
        labels: rows.iter().map(|r| r[0].clone()).collect(),
        series: vec![column(headers[4].clone(), &rows, 4)],
    };
    Figure {
        id: if by_group { "sla-group" } else { "sla-service" },
        title: t(
            lang,
            if by_group {
                DashMsg::SlaGroupTitle
            } else {
                DashMsg::SlaServiceTitle
            },
        ),
        headers,
        rows,
        chart: Some(chart),
        codes: Some(Codes {
            col: 0,
            name_header: t(lang, name_key),
            values: rows_in.iter().map(|r| r.key.clone()).collect(),
        }),
    }
}

/// SLA compliance per person the tickets are assigned to (names, as the facts carry them);
/// empty when nobody is assigned or the server sends no assignees.
pub fn sla_by_assignee(rows_in: &[AssigneeSla], lang: Lang) -> Figure {
    let headers = vec![
        t(lang, DashMsg::Person),
        t(lang, DashMsg::Tickets),
        t(lang, DashMsg::OpenNow),
        t(lang, DashMsg::Decided),
        t(lang, DashMsg::Met),
        t(lang, DashMsg::SlaCompliancePct),
    ];
    let rows: Vec<Vec<String>> = rows_in
        .iter()
        .map(|r| {
            vec![
                r.name.clone(),
                r.tickets.to_string(),
                r.open.to_string(),
                r.decided.to_string(),
                r.met.to_string(),
                pct(r.met.into(), r.decided.into()),
            ]
        })
        .collect();
    let chart = ChartSpec {
        kind: ChartKind::Bar,
        labels: rows.iter().map(|r| r[0].clone()).collect(),
        series: vec![column(headers[5].clone(), &rows, 5)],
    };
    Figure {
        id: "sla-assignee",
        title: t(lang, DashMsg::SlaAssigneeTitle),
        headers,
        rows,
        chart: Some(chart),
        codes: None,
    }
}

/// Incident and spot totals.
pub fn incidents_summary(d: &Dashboard, lang: Lang) -> Figure {
    let i = &d.incidents;
    let s = &d.spots;
    let rows: Vec<(DashMsg, String)> = vec![
        (DashMsg::Incidents, i.count.to_string()),
        (DashMsg::IncidentsResolved, i.resolved.to_string()),
        (DashMsg::TimeToRegisterP50, hours(i.time_to_register.p50)),
        (DashMsg::TimeToRegisterP90, hours(i.time_to_register.p90)),
        (DashMsg::TimeToResolveP50, hours(i.time_to_resolve.p50)),
        (DashMsg::TimeToResolveP90, hours(i.time_to_resolve.p90)),
        (DashMsg::AffectedCustomers, i.affected_customers.to_string()),
        (DashMsg::Spots, s.count.to_string()),
        (DashMsg::SpotsResolved, s.resolved.to_string()),
        (
            DashMsg::WithinDayPct,
            pct(s.within_day.into(), s.count.into()),
        ),
        (DashMsg::TimeToFixP50, hours(s.time_to_fix.p50)),
        (DashMsg::TimeToFixP90, hours(s.time_to_fix.p90)),
    ];
    Figure {
        id: "incidents-summary",
        title: format!(
            "{} / {}",
            t(lang, DashMsg::IncidentsTitle),
            t(lang, DashMsg::SpotsTitle)
        ),
        headers: vec![t(lang, DashMsg::Metric), t(lang, DashMsg::Value)],
        rows: rows.into_iter().map(|(m, v)| vec![t(lang, m), v]).collect(),
        chart: None,
        codes: None,
    }
}

/// Contacts per hour before and after registration, one decimal.
fn per_hour(count: u32, window_hours: u32) -> String {
    let tenths = (u64::from(count) * 20 / u64::from(window_hours.max(1))).div_ceil(2);
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// One row per incident (number and title), with the contact centre before and after it.
pub fn incident_rows(
    d: &Dashboard,
    lang: Lang,
    fmt_time: impl Fn(i64) -> String,
    title_of: impl Fn(u32) -> Option<String>,
) -> Figure {
    let w = d.contacts.window_hours;
    Figure {
        id: "incidents",
        title: t(lang, DashMsg::IncidentsTitle),
        headers: vec![
            t(lang, DashMsg::Incident),
            t(lang, DashMsg::RegisteredAt),
            t(lang, DashMsg::TimeToRegisterHours),
            t(lang, DashMsg::TimeToResolveHours),
            t(lang, DashMsg::AffectedCustomers),
            t(lang, DashMsg::LinkedContacts),
            format!(
                "{} ({} {w})",
                t(lang, DashMsg::BeforePerHour),
                t(lang, DashMsg::WindowHours)
            ),
            format!(
                "{} ({} {w})",
                t(lang, DashMsg::AfterPerHour),
                t(lang, DashMsg::WindowHours)
            ),
            t(lang, DashMsg::KnownAfterPct),
        ],
        rows: d
            .incidents
            .rows
            .iter()
            .map(|r| {
                vec![
                    match title_of(r.id) {
                        Some(title) => format!("#{} {title}", r.id),
                        None => format!("#{}", r.id),
                    },
                    fmt_time(r.registered),
                    hours(r.time_to_register),
                    hours(r.time_to_resolve),
                    r.affected_customers.to_string(),
                    r.linked_contacts.to_string(),
                    per_hour(r.contacts_before, w),
                    per_hour(r.contacts_after, w),
                    pct(r.known_after.into(), r.contacts_after.into()),
                ]
            })
            .collect(),
        chart: None,
        codes: None,
    }
}

/// Mean contacts per hour at each hour relative to registration.
pub fn incident_profile(d: &Dashboard, lang: Lang) -> Figure {
    let n = d.incidents.count;
    let w = d.contacts.window_hours as i64;
    let rows: Vec<Vec<String>> = d
        .contacts
        .profile
        .iter()
        .enumerate()
        .map(|(h, &c)| {
            let hour = h as i64 - w;
            let label = if hour >= 0 {
                format!("+{hour}")
            } else {
                hour.to_string()
            };
            let mean = if n == 0 {
                "–".to_owned()
            } else {
                per_hour(c, n)
            };
            vec![label, c.to_string(), mean]
        })
        .collect();
    let headers = vec![
        t(lang, DashMsg::HourFromRegistration),
        t(lang, DashMsg::Contacts),
        t(lang, DashMsg::ContactsPerHour),
    ];
    let chart = ChartSpec {
        kind: ChartKind::Bar,
        labels: rows.iter().map(|r| r[0].clone()).collect(),
        series: vec![column(headers[2].clone(), &rows, 2)],
    };
    Figure {
        id: "incident-profile",
        title: t(lang, DashMsg::IncidentProfileTitle),
        headers,
        rows,
        chart: Some(chart),
        codes: None,
    }
}

/// Ratings per bucket (count, mean) with the distribution and trend in the title rows.
pub fn ratings(d: &Dashboard, g: Granularity, lang: Lang) -> Figure {
    let b = buckets(&d.volume.dates, g);
    let rolled = RatingDay::rollup(&d.ratings.per_day, &b);
    let rows: Vec<Vec<String>> = b
        .iter()
        .zip(&rolled)
        .map(|(b, r)| {
            vec![
                bucket_label(b.start, g),
                r.count.to_string(),
                centi(r.mean_centi().map(i64::from)),
            ]
        })
        .collect();
    let headers = vec![
        t(lang, DashMsg::Bucket),
        t(lang, DashMsg::Ratings),
        t(lang, DashMsg::MeanRating),
    ];
    let chart = ChartSpec {
        kind: ChartKind::Line,
        labels: rows.iter().map(|r| r[0].clone()).collect(),
        series: vec![column(headers[2].clone(), &rows, 2)],
    };
    Figure {
        id: "ratings",
        title: t(lang, DashMsg::RatingsTitle),
        headers,
        rows,
        chart: Some(chart),
        codes: None,
    }
}

/// How many ratings gave each number of stars.
pub fn rating_distribution(d: &Dashboard, lang: Lang) -> Figure {
    let rows: Vec<Vec<String>> = d
        .ratings
        .distribution
        .iter()
        .enumerate()
        .map(|(i, n)| vec![(i + 1).to_string(), n.to_string()])
        .collect();
    let headers = vec![t(lang, DashMsg::Stars), t(lang, DashMsg::Ratings)];
    let chart = ChartSpec {
        kind: ChartKind::Bar,
        labels: rows.iter().map(|r| r[0].clone()).collect(),
        series: vec![column(headers[1].clone(), &rows, 1)],
    };
    Figure {
        id: "rating-distribution",
        title: format!(
            "{}: {} {}",
            t(lang, DashMsg::Stars),
            t(lang, DashMsg::RatingTrend),
            centi(d.ratings.trend_centi.map(i64::from))
        ),
        headers,
        rows,
        chart: Some(chart),
        codes: None,
    }
}

/// Transfer rate per bucket, with repeat contacts of the whole period in the last rows.
pub fn customers(d: &Dashboard, g: Granularity, lang: Lang) -> Figure {
    let b = buckets(&d.volume.dates, g);
    let rolled = Counts::rollup(&d.volume.total, &b);
    let rows: Vec<Vec<String>> = b
        .iter()
        .zip(&rolled)
        .map(|(b, c)| {
            vec![
                bucket_label(b.start, g),
                c.registered.to_string(),
                c.transferred.to_string(),
                pct(c.transferred.into(), c.registered.into()),
                pct(c.known_problem.into(), c.registered.into()),
            ]
        })
        .collect();
    let headers = vec![
        t(lang, DashMsg::Bucket),
        t(lang, DashMsg::Registered),
        t(lang, DashMsg::Transferred),
        t(lang, DashMsg::TransferRatePct),
        t(lang, DashMsg::KnownProblemPct),
    ];
    let chart = ChartSpec {
        kind: ChartKind::Line,
        labels: rows.iter().map(|r| r[0].clone()).collect(),
        series: vec![
            column(headers[3].clone(), &rows, 3),
            column(headers[4].clone(), &rows, 4),
        ],
    };
    Figure {
        id: "transfers",
        title: t(lang, DashMsg::CustomersTitle),
        headers,
        rows,
        chart: Some(chart),
        codes: None,
    }
}

/// Repeat contacts from the same customer over the period.
pub fn repeats(d: &Dashboard, lang: Lang) -> Figure {
    let r = &d.repeats;
    let rows: Vec<(DashMsg, String)> = vec![
        (DashMsg::Contacts, r.contacts.to_string()),
        (DashMsg::Customers, r.customers.to_string()),
        (DashMsg::RepeatContacts, r.repeat_contacts().to_string()),
        (DashMsg::RepeatCustomers, r.repeat_customers.to_string()),
        (DashMsg::RepeatWithinWindow, r.within_window.to_string()),
        (
            DashMsg::RepeatWithinWindowPct,
            pct(r.within_window.into(), r.contacts.into()),
        ),
        (
            DashMsg::RepeatSharePct,
            pct(r.repeat_contacts().into(), r.contacts.into()),
        ),
    ];
    Figure {
        id: "repeats",
        title: t(lang, DashMsg::RepeatContacts),
        headers: vec![t(lang, DashMsg::Metric), t(lang, DashMsg::Value)],
        rows: rows.into_iter().map(|(m, v)| vec![t(lang, m), v]).collect(),
        chart: None,
        codes: None,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use spotdesk_core::dashboard::{Percentiles, RepeatStats, Volume};

    fn sample() -> Dashboard {
        let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        let c = |r, s, o, t| Counts {
            registered: r,
            resolved: s,
            overdue: o,
            transferred: t,
            known_problem: 0,
        };
        Dashboard {
            volume: Volume {
                dates: vec![day(1), day(2), day(3)],
                total: vec![c(4, 1, 0, 1), c(2, 2, 1, 0), c(0, 0, 0, 0)],
                by_service: vec![Breakdown {
                    key: "tv".into(),
                    per_day: vec![c(4, 1, 0, 1), c(2, 2, 1, 0), c(0, 0, 0, 0)],
                }],
                ..Default::default()
            },
            sla: spotdesk_core::dashboard::Sla {
                total: SlaRow {
                    key: String::new(),
                    tickets: 6,
                    decided: 3,
                    met: 2,
                    resolve_time: Percentiles {
                        count: 3,
                        p50: Some(3600),
                        p90: Some(36_000),
                    },
                },
                ..Default::default()
            },
            repeats: RepeatStats {
                contacts: 6,
                customers: 4,
                repeat_customers: 1,
                within_window: 1,
            },
            ..Default::default()
        }
    }

    #[test]
    fn summary_and_volume_show_the_statistics() {
        let d = sample();
        let s = summary(&d, Lang::En);
        let get = |name: &str| s.rows.iter().find(|r| r[0] == name).unwrap()[1].clone();
        assert_eq!(get("Registered"), "6");
        assert_eq!(get("SLA compliance, %"), "66.7");
        assert_eq!(get("Time to resolve p90, h"), "10.0");
        assert_eq!(get("Transfer rate, %"), "16.7");
        assert_eq!(get("Repeat contacts, %"), "33.3");
        // 1 Nov 2026 is a Sunday: two weeks.
        let v = volume(&d, Granularity::Week, Lang::En);
        assert_eq!(
            v.rows,
            vec![
                vec!["2026-10-26", "4", "1", "0", "1"],
                vec!["2026-11-02", "2", "2", "1", "0"]
            ]
        );
        let chart = v.chart.unwrap();
        assert_eq!(chart.series[0].values, vec![Some(4.0), Some(2.0)]);
        let name = |code: &str| format!("name of {code}");
        let by = volume_by(&d, Granularity::Day, Dimension::Service, Lang::Ru, &name);
        assert_eq!(
            by.rows.len(),
            2,
            "days without tickets are left out of the table"
        );
        assert_eq!(by.headers[1], "Услуга");
    }

    #[test]
    fn services_and_groups_show_by_name_and_the_csv_keeps_their_codes() {
        let mut d = sample();
        d.sla.by_group = vec![SlaRow {
            key: "line2-network".into(),
            tickets: 2,
            decided: 1,
            met: 1,
            resolve_time: Percentiles::default(),
        }];
        let name = |code: &str| match code {
            "tv" => "Television".to_owned(),
            "line2-network" => "Network support (line 2)".to_owned(),
            other => other.to_owned(),
        };
        // Volume by service: the table's slice column and the chart's legend say the name.
        let by = volume_by(&d, Granularity::Day, Dimension::Service, Lang::En, &name);
        assert!(by.rows.iter().all(|r| r[1] == "Television"));
        let chart = by.chart.clone().unwrap();
        assert_eq!(chart.series[0].label, "Television");
        let csv = by.csv();
        assert!(
            csv.starts_with("\u{feff}Period,Service,Service name,Registered,Resolved,Overdue\r\n2026-11-01,tv,Television,4,1,0\r\n"),
            "{csv}"
        );
        // SLA by group: the axis labels and the table say the name; the CSV adds the code.
        let f = sla(&d.sla.by_group, true, Lang::Ru, &name);
        assert_eq!(f.rows[0][0], "Network support (line 2)");
        assert_eq!(
            f.chart.clone().unwrap().labels,
            ["Network support (line 2)"]
        );
        let csv = f.csv();
        let mut lines = csv.lines();
        assert!(
            lines
                .next()
                .unwrap()
                .starts_with("\u{feff}Группа исполнителей,Название группы исполнителей,"),
            "{csv}"
        );
        assert!(
            lines
                .next()
                .unwrap()
                .starts_with("line2-network,Network support (line 2),2,1,1,"),
            "{csv}"
        );
        // Support lines are numbers: no names, no extra column.
        d.volume.by_line = d.volume.by_service.clone();
        let by_line = volume_by(&d, Granularity::Day, Dimension::Line, Lang::En, &name);
        assert_eq!(by_line.rows[0][1], "tv");
        assert_eq!(by_line.codes, None);
    }

    #[test]
    fn csv_has_the_table() {
        let f = volume(&sample(), Granularity::Month, Lang::En);
        assert_eq!(
            f.csv(),
            "\u{feff}Period,Registered,Resolved,Overdue,Transferred\r\n2026-11,6,3,1,1\r\n"
        );
    }

    #[test]
    fn sla_per_assignee_shows_names_and_shares() {
        let rows = [AssigneeSla {
            id: 7,
            name: "Анна Смирнова".into(),
            tickets: 4,
            open: 1,
            decided: 3,
            met: 2,
        }];
        let f = sla_by_assignee(&rows, Lang::En);
        assert_eq!(f.id, "sla-assignee");
        assert_eq!(f.headers[0], "Assignee");
        assert_eq!(f.rows[0][0], "Анна Смирнова");
        assert_eq!(f.rows[0][5], pct(2, 3));
        assert!(sla_by_assignee(&[], Lang::Ru).rows.is_empty());
    }
}
