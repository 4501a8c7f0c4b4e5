//! SLA per assignee (issue 22): the dashboard's SLA compliance per person the tickets are
//! assigned to, beside the per-group figures, from the `assignee` column of the ticket facts
//! (format version 2, [`TicketFacts::push_assignee`]).
//!
//! The same definitions as the other SLA figures (see [`crate::dashboard`]): the tickets
//! *selected* are those registered in `[from, end)` that match the filter; *decided* means
//! resolved, or open with the deadline before `now`; *met*, resolved at or before the
//! deadline. A ticket counts for the person assigned to it now (the facts carry no earlier
//! assignees); unassigned tickets are in no row. Few tickets are assigned compared to the
//! whole load, so [`Assigned`] keeps only theirs, and each view is one pass over them.

use super::{Filter, Params};
use crate::sort::sort_by;
use spotdesk_api::facts::TicketFacts;

/// One person's SLA figures over the selected tickets assigned to them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AssigneeSla {
    /// Their user id.
    pub id: u32,
    /// Their display name (as the facts were made).
    pub name: String,
    /// Selected tickets assigned to them.
    pub tickets: u32,
    /// Of those, still open now.
    pub open: u32,
    /// Of those, the SLA outcome is known: resolved, or open past the deadline.
    pub decided: u32,
    /// Resolved no later than the deadline.
    pub met: u32,
}

impl AssigneeSla {
    /// Share met of decided, in tenths of a percent (None when nothing is decided).
    pub fn compliance_permille(&self) -> Option<u32> {
        (self.decided > 0).then(|| (u64::from(self.met) * 1000 / u64::from(self.decided)) as u32)
    }
}

/// One assigned ticket: what the SLA figures and the filter read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Row {
    created: i64,
    resolved: Option<i64>,
    deadline: i64,
    open: bool,
    service: u16,
    group: u16,
    line: u8,
    /// Index into [`Assigned::people`].
    person: u16,
}

/// The assigned tickets of a facts download, prepared once when it arrives.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Assigned {
    /// `(user id, display name)` per person index.
    people: Vec<(u32, String)>,
    services: Vec<String>,
    groups: Vec<String>,
    rows: Vec<Row>,
}

impl Assigned {
    /// The tickets of `facts` that have an assignee (none for a version-1 body).
    pub fn new(facts: &TicketFacts) -> Self {
        let rows = (0..facts.len())
            .filter_map(|i| {
                let person = (*facts.assignee.get(i)?)?;
                Some(Row {
                    created: *facts.created.get(i)?,
                    resolved: *facts.resolved.get(i)?,
                    deadline: *facts.deadline.get(i)?,
                    open: facts.status.get(i)?.is_open(),
                    service: *facts.service.get(i)?,
                    group: *facts.group.get(i)?,
                    line: *facts.line.get(i)?,
                    person,
                })
            })
            .collect();
        Assigned {
            people: facts
                .people
                .iter()
                .map(|p| (p.id, p.name.clone()))
                .collect(),
            services: facts.services.clone(),
            groups: facts.groups.clone(),
            rows,
        }
    }

    /// Whether no ticket is assigned to anyone.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Whether a row matches every set condition of the filter (never with an unknown code).
    fn matches(&self, r: &Row, f: &Filter) -> bool {
        fn code(table: &[String], i: u16) -> Option<&str> {
            table.get(usize::from(i)).map(String::as_str)
        }
        match (code(&self.services, r.service), code(&self.groups, r.group)) {
            (Some(service), Some(group)) => {
                f.service.as_deref().is_none_or(|s| s == service)
                    && f.group.as_deref().is_none_or(|g| g == group)
                    && f.line.is_none_or(|l| l == r.line)
            }
            _ => false,
        }
    }

    /// SLA per person over the selected tickets, for people with at least one, by name
    /// (then id).
    pub fn sla(&self, p: &Params) -> Vec<AssigneeSla> {
        let end = p.end();
        let mut per: Vec<AssigneeSla> = self
            .people
            .iter()
            .map(|(id, name)| AssigneeSla {
                id: *id,
                name: name.clone(),
                ..Default::default()
            })
            .collect();
        for r in &self.rows {
            if r.created < p.from || r.created >= end || !self.matches(r, &p.filter) {
                continue;
            }
            let Some(row) = per.get_mut(usize::from(r.person)) else {
                continue;
            };
            row.tickets += 1;
            row.open += u32::from(r.open);
            let decided = r.resolved.is_some() || (r.open && r.deadline < p.now);
            row.decided += u32::from(decided);
            row.met += u32::from(r.resolved.is_some_and(|at| at <= r.deadline));
        }
        per.retain(|a| a.tickets > 0);
        sort_by(&mut per, |a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
        per
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use spotdesk_api::facts::TicketFact;
    use spotdesk_api::{Channel, TicketKind, TicketStatus};

    const H: i64 = 3600;

    fn fact(id: u32, created: i64, resolved: Option<i64>, group: &str) -> TicketFact {
        TicketFact {
            id,
            created,
            resolved,
            deadline: created + 8 * H,
            lat: 0.0,
            long: 0.0,
            service: "mobile".into(),
            topic: "t".into(),
            group: group.into(),
            line: 2,
            status: if resolved.is_some() {
                TicketStatus::Resolved
            } else {
                TicketStatus::InWork
            },
            kind: TicketKind::Incident,
            channel: Channel::Phone,
            segment: None,
            lifetime_value: None,
            rating: None,
            transferred: false,
            known_problem: false,
            customer: u64::from(id),
            incident: None,
            spot: None,
        }
    }

    fn params(now: i64, filter: Filter) -> Params {
        Params {
            from: 0,
            to: 10 * 24 * H,
            utc_offset: 0,
            now,
            filter,
            window_hours: 2,
        }
    }

    #[test]
    fn compliance_follows_the_person_not_the_group() {
        let mut f = TicketFacts::default();
        // Анна (7): met, late, open past its deadline; Борис (3): met; one ticket of nobody.
        let rows = [
            (fact(1, 0, Some(H), "net"), Some((7, "Анна"))),
            (fact(2, H, Some(20 * H), "net"), Some((7, "Анна"))),
            (fact(3, 2 * H, None, "billing"), Some((7, "Анна"))),
            (fact(4, 3 * H, Some(4 * H), "net"), Some((3, "Борис"))),
            (fact(5, 3 * H, None, "net"), None),
            // Registered after the period: not selected.
            (fact(6, 11 * 24 * H, None, "net"), Some((3, "Борис"))),
        ];
        for (t, who) in rows {
            f.push(t);
            f.push_assignee(who);
        }
        let a = Assigned::new(&f);
        assert!(!a.is_empty());
        let now = 24 * H;
        let all = a.sla(&params(now, Filter::default()));
        assert_eq!(
            all,
            [
                AssigneeSla {
                    id: 7,
                    name: "Анна".into(),
                    tickets: 3,
                    open: 1,
                    decided: 3,
                    met: 1
                },
                AssigneeSla {
                    id: 3,
                    name: "Борис".into(),
                    tickets: 1,
                    open: 0,
                    decided: 1,
                    met: 1
                },
            ]
        );
        assert_eq!(all[0].compliance_permille(), Some(333));
        assert_eq!(all[1].compliance_permille(), Some(1000));
        // Before the open ticket's deadline, its outcome is not decided yet.
        assert_eq!(a.sla(&params(3 * H, Filter::default()))[0].decided, 2);
        // The group filter selects the tickets of that group, whoever holds them.
        let billing = a.sla(&params(
            now,
            Filter {
                group: Some("billing".into()),
                ..Default::default()
            },
        ));
        assert_eq!(billing.len(), 1);
        assert_eq!(
            (billing[0].id, billing[0].tickets, billing[0].decided),
            (7, 1, 1)
        );
        assert_eq!(billing[0].compliance_permille(), Some(0));
    }

    #[test]
    fn a_version_1_body_has_nobody() {
        let mut f = TicketFacts::default();
        f.push(fact(1, 0, Some(H), "net"));
        let a = Assigned::new(&f);
        assert!(a.is_empty());
        assert!(a.sla(&params(H, Filter::default())).is_empty());
        assert_eq!(AssigneeSla::default().compliance_permille(), None);
    }
}
