//! The routing section's "try it" box: a sample ticket's service, channel, kind and segment,
//! and the rule of the draft it would hit (or the service's default group), computed by
//! `spotdesk_core::routing::route`, the same function the desk's preview and the server use.

use super::config_draft::use_config_draft;
use super::config_routing::{
    code_of, enum_options, evaluation_order, parse_code, segment_label, service_options, KINDS,
};
use crate::i18n::{channel_msg, kind_msg, text, RulesMsg};
use crate::state::use_app;
use leptos::prelude::*;
use spotdesk_api::{Catalogue, Channel, Segment, TicketKind};
use spotdesk_core::routing::{route, Route};

/// A sample ticket.
#[derive(Debug, Clone, PartialEq)]
struct Sample {
    service: String,
    channel: Channel,
    kind: TicketKind,
    segment: Option<Segment>,
}

/// Where the sample goes: the route and, for a rule, its place in the evaluation order
/// (1-based). `None` for a service the draft does not have.
fn try_route(cat: &Catalogue, s: &Sample) -> Option<(Route, Option<usize>)> {
    let r = route(cat, &s.service, s.channel, s.kind, s.segment, None)?;
    let place = r.rule_id.and_then(|id| {
        evaluation_order(&cat.routing)
            .into_iter()
            .position(|i| cat.routing[i].id == id)
            .map(|p| p + 1)
    });
    Some((r, place))
}

/// The box.
#[component]
pub fn TryRouting() -> impl IntoView {
    let app = use_app();
    let d = use_config_draft();
    let lang = move || app.lang.get();
    let first_service = d
        .draft
        .with_untracked(|c| c.services.first().map(|s| s.code.clone()))
        .unwrap_or_default();
    let sample = RwSignal::new(Sample {
        service: first_service,
        channel: Channel::Phone,
        kind: TicketKind::Incident,
        segment: None,
    });
    let result = Memo::new(move |_| {
        let s = sample.get();
        d.draft.with(|c| try_route(c, &s))
    });
    let select = move |id: &'static str,
                       label: RulesMsg,
                       value: Signal<String>,
                       options: Signal<Vec<(String, String)>>,
                       set: Callback<String>| {
        view! {
            <div class="field">
                <label for=id>{move || app.t(label)}</label>
                <select id=id data-testid=id prop:value=move || value.get()
                    on:change=move |ev| set.run(event_target_value(&ev))>
                    {move || {
                        let current = value.get();
                        options.get().into_iter().map(|(v, l)| {
                            let selected = v == current;
                            view! { <option value=v selected=selected>{l}</option> }
                        }).collect_view()
                    }}
                </select>
            </div>
        }
    };
    let service = Signal::derive(move || sample.with(|s| s.service.clone()));
    view! {
        <section class="config-block try-box" aria-labelledby="routing-try-title" data-testid="routing-try">
            <h3 id="routing-try-title">{move || app.t(RulesMsg::TryTitle)}</h3>
            <p class="hint">{move || app.t(RulesMsg::TryHint)}</p>
            <div class="field-row">
                {select("try-service", RulesMsg::Service, service,
                    Signal::derive(move || {
                        let current = service.get();
                        d.draft.with(|c| service_options(lang(), c, false, &current))
                    }),
                    Callback::new(move |v: String| sample.update(|s| s.service = v)))}
                {select("try-channel", RulesMsg::Channel,
                    Signal::derive(move || code_of(sample.with(|s| s.channel))),
                    Signal::derive(move || enum_options(lang(), &Channel::ALL, |c| text(lang(), channel_msg(c)), false)),
                    Callback::new(move |v: String| if let Some(c) = parse_code(&Channel::ALL, &v) {
                        sample.update(|s| s.channel = c)
                    }))}
                {select("try-kind", RulesMsg::Kind,
                    Signal::derive(move || code_of(sample.with(|s| s.kind))),
                    Signal::derive(move || enum_options(lang(), &KINDS, |k| text(lang(), kind_msg(k)), false)),
                    Callback::new(move |v: String| if let Some(k) = parse_code(&KINDS, &v) {
                        sample.update(|s| s.kind = k)
                    }))}
                {select("try-segment", RulesMsg::Segment,
                    Signal::derive(move || sample.with(|s| s.segment).map(code_of).unwrap_or_default()),
                    Signal::derive(move || enum_options(lang(), &Segment::ALL, |s| segment_label(lang(), s), true)),
                    Callback::new(move |v: String| sample.update(|s| s.segment = parse_code(&Segment::ALL, &v))))}
            </div>
            <p class="try-result" role="status" aria-live="polite" data-testid="routing-try-result"
                data-rule-id=move || result.with(|r| r.as_ref().and_then(|(r, _)| r.rule_id).map(|id| id.to_string()).unwrap_or_default())>
                {move || match result.get() {
                    None => app.t(RulesMsg::TryNoService).to_owned(),
                    Some((r, Some(place))) => format!(
                        "{} {place} → {} {}, {} {}",
                        app.t(RulesMsg::TryHits),
                        app.t(RulesMsg::TrySendsTo),
                        r.line,
                        app.t(RulesMsg::Group).to_lowercase(),
                        r.group
                    ),
                    Some((r, None)) => format!(
                        "{} {} → {} {}",
                        app.t(RulesMsg::TryNoRule),
                        r.group,
                        app.t(RulesMsg::Line).to_lowercase(),
                        r.line
                    ),
                }}
            </p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use spotdesk_api::{LocalizedText, RoutingRule, Service};

    fn cat() -> Catalogue {
        let rule = |id, priority, channel, kind, segment, group: &str| RoutingRule {
            id,
            priority,
            service_code: None,
            channel,
            kind,
            segment,
            line: 2,
            group: group.into(),
        };
        Catalogue {
            services: vec![Service {
                code: "billing".into(),
                name: LocalizedText::new("Billing", "Счета"),
                description: LocalizedText::default(),
                group: "g".into(),
                network_quality: false,
                topics: vec![],
                fields: vec![],
                sla: vec![],
                default_group: "billing-desk".into(),
                retired: false,
                form: Default::default(),
                resolution_causes: Vec::new(),
                reply_templates: Vec::new(),
            }],
            routing: vec![
                rule(7, 20, Some(Channel::Partner), None, None, "partners"),
                rule(
                    3,
                    10,
                    None,
                    Some(TicketKind::ServiceRequest),
                    Some(Segment::Vip),
                    "vip-desk",
                ),
            ],
            ..Default::default()
        }
    }

    fn sample(channel: Channel, kind: TicketKind, segment: Option<Segment>) -> Sample {
        Sample {
            service: "billing".into(),
            channel,
            kind,
            segment,
        }
    }

    #[test]
    fn names_the_rule_by_its_place_in_the_order() {
        let (r, place) = try_route(
            &cat(),
            &sample(Channel::Partner, TicketKind::Incident, None),
        )
        .expect("known service");
        assert_eq!(
            (r.rule_id, place, r.group.as_str()),
            (Some(7), Some(2), "partners")
        );
        let (r, place) = try_route(
            &cat(),
            &sample(
                Channel::Partner,
                TicketKind::ServiceRequest,
                Some(Segment::Vip),
            ),
        )
        .expect("known service");
        assert_eq!(
            (r.rule_id, place, r.group.as_str()),
            (Some(3), Some(1), "vip-desk")
        );
    }

    #[test]
    fn a_segment_condition_needs_that_segment() {
        let vip = sample(
            Channel::Phone,
            TicketKind::ServiceRequest,
            Some(Segment::Vip),
        );
        let (r, _) = try_route(&cat(), &vip).expect("known service");
        assert_eq!(r.rule_id, Some(3));
        for other in [None, Some(Segment::Mass)] {
            let s = sample(Channel::Phone, TicketKind::ServiceRequest, other);
            let (r, place) = try_route(&cat(), &s).expect("known service");
            assert_eq!((r.rule_id, place), (None, None), "{other:?}");
        }
    }

    #[test]
    fn no_rule_is_the_default_group_and_an_unknown_service_nothing() {
        let (r, place) =
            try_route(&cat(), &sample(Channel::Phone, TicketKind::Incident, None)).expect("known");
        assert_eq!(
            (r.rule_id, place, r.group.as_str()),
            (None, None, "billing-desk")
        );
        let mut s = sample(Channel::Phone, TicketKind::Incident, None);
        s.service = "nope".into();
        assert!(try_route(&cat(), &s).is_none());
    }
}
