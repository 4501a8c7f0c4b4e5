//! Routing: which support line and assignee group a new ticket goes to.

use spotdesk_api::{Catalogue, Channel, Segment, TicketKind};

/// Where a ticket goes, and which rule sent it there (`None`: the service's default).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    pub line: u8,
    pub group: String,
    /// Id of the routing rule applied, if any.
    pub rule_id: Option<i64>,
}

/// Routes a ticket: the first matching routing rule (lowest `priority`, then lowest id) wins;
/// otherwise the requested line (default 1) and the service's default group.
/// A rule matches when each of its conditions present holds; a rule with a segment condition
/// does not match a ticket whose segment is unknown (`segment: None`).
/// `None` for an unknown service.
pub fn route(
    cat: &Catalogue,
    service_code: &str,
    channel: Channel,
    kind: TicketKind,
    segment: Option<Segment>,
    requested_line: Option<u8>,
) -> Option<Route> {
    let service = cat.services.iter().find(|s| s.code == service_code)?;
    let mut rules: Vec<_> = cat
        .routing
        .iter()
        .filter(|r| {
            r.service_code.as_deref().is_none_or(|c| c == service_code)
                && r.channel.is_none_or(|c| c == channel)
                && r.kind.is_none_or(|k| k == kind)
                && r.segment.is_none_or(|s| segment == Some(s))
        })
        .collect();
    crate::sort::sort_by_key(&mut rules, |r| (r.priority, r.id));
    Some(match rules.first() {
        Some(rule) => Route {
            line: rule.line,
            group: rule.group.clone(),
            rule_id: Some(rule.id),
        },
        None => Route {
            line: requested_line.unwrap_or(1),
            group: service.default_group.clone(),
            rule_id: None,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use spotdesk_api::{BusinessDay, LocalizedText, RoutingRule, Segment, Service};

    fn catalogue() -> Catalogue {
        let service = |code: &str| Service {
            code: code.into(),
            name: LocalizedText::new(code, code),
            description: LocalizedText::default(),
            group: "g".into(),
            network_quality: false,
            topics: vec![],
            fields: vec![],
            sla: vec![],
            default_group: format!("{code}-default"),
            retired: false,
            form: Default::default(),
            resolution_causes: Vec::new(),
            reply_templates: Vec::new(),
        };
        Catalogue {
            services: vec![service("billing"), service("vip")],
            routing: vec![
                RoutingRule {
                    id: 2,
                    priority: 10,
                    service_code: None,
                    channel: Some(Channel::Partner),
                    kind: None,
                    line: 2,
                    group: "partner-desk".into(),
                    segment: None,
                },
                RoutingRule {
                    id: 1,
                    priority: 5,
                    service_code: Some("vip".into()),
                    channel: None,
                    kind: None,
                    line: 1,
                    group: "vip-desk".into(),
                    segment: None,
                },
            ],
            groups: vec![],
            holidays: vec![],
            business_day: BusinessDay {
                start_hour: 9,
                end_hour: 18,
                utc_offset_minutes: 180,
            },
            ..Default::default()
        }
    }

    #[test]
    fn partner_channel_goes_to_the_second_line() {
        let r = route(
            &catalogue(),
            "billing",
            Channel::Partner,
            TicketKind::Incident,
            None,
            None,
        )
        .expect("known service");
        assert_eq!(
            (r.line, r.group.as_str(), r.rule_id),
            (2, "partner-desk", Some(2))
        );
    }

    #[test]
    fn lower_priority_number_wins() {
        let r = route(
            &catalogue(),
            "vip",
            Channel::Partner,
            TicketKind::Incident,
            None,
            None,
        )
        .expect("known service");
        assert_eq!(r.group, "vip-desk");
    }

    #[test]
    fn no_rule_means_default_group_and_requested_line() {
        let r = route(
            &catalogue(),
            "billing",
            Channel::Phone,
            TicketKind::ServiceRequest,
            None,
            Some(3),
        )
        .expect("known service");
        assert_eq!(
            (r.line, r.group.as_str(), r.rule_id),
            (3, "billing-default", None)
        );
        assert!(route(
            &catalogue(),
            "nope",
            Channel::Phone,
            TicketKind::Incident,
            None,
            None
        )
        .is_none());
    }

    #[test]
    fn a_segment_rule_matches_only_that_segment() {
        let mut cat = catalogue();
        cat.routing.push(RoutingRule {
            id: 3,
            priority: 1,
            service_code: None,
            channel: None,
            kind: None,
            line: 2,
            group: "b2b-desk".into(),
            segment: Some(Segment::Business),
        });
        let to = |segment| {
            route(
                &cat,
                "billing",
                Channel::Phone,
                TicketKind::Incident,
                segment,
                None,
            )
            .map(|r| r.group)
        };
        assert_eq!(to(Some(Segment::Business)).as_deref(), Some("b2b-desk"));
        assert_eq!(to(Some(Segment::Mass)).as_deref(), Some("billing-default"));
        // An unknown segment never meets a segment condition.
        assert_eq!(to(None).as_deref(), Some("billing-default"));
    }
}
