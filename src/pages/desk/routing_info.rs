//! Where the ticket will go and by when it is due — with the reasons, recomputed live as the
//! service, kind, channel or line change (same `spotdesk_core` code the server runs).

use super::draft::Draft;
use crate::components::sla_why::sla_why;
use crate::format;
use crate::i18n::{channel_msg, kind_msg, text, DeskMsg, Lang, Msg};
use crate::state::use_app;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use spotdesk_api::{Catalogue, RoutingRule, Segment};
use spotdesk_core::{routing, sla};

/// The routing line and the SLA line, both with a "why".
#[component]
pub fn RouteInfo(
    catalogue: StoredValue<Catalogue>,
    draft: Draft,
    #[prop(into)] now: Signal<DateTime<Utc>>,
) -> impl IntoView {
    let app = use_app();
    let lines = move || {
        let (code, kind, channel, line, segment) = (
            draft.service.get(),
            draft.kind.get(),
            draft.channel.get(),
            draft.line.get(),
            draft.segment.get(),
        );
        if code.is_empty() {
            return None;
        }
        let lang = app.lang.get();
        let now = now.get();
        catalogue.with_value(|c| {
            let service = c.services.iter().find(|s| s.code == code)?;
            let r = routing::route(c, &code, channel, kind, segment, Some(line))?;
            let group = c
                .groups
                .iter()
                .find(|g| g.code == r.group)
                .map(|g| g.name.get(lang.code()).to_owned())
                .unwrap_or_else(|| r.group.clone());
            let rule_text = match r
                .rule_id
                .and_then(|id| c.routing.iter().find(|x| x.id == id))
            {
                Some(rule) => rule_reason(c, rule, lang),
                None => text(lang, DeskMsg::RouteDefault).to_owned(),
            };
            let route = format!(
                "{}: {} {} · {} — {}",
                text(lang, DeskMsg::RoutesTo),
                text(lang, Msg::Line),
                r.line,
                group,
                rule_text
            );
            let service_name = service.name.get(lang.code());
            let deadline = match sla::compute(c, &code, kind, r.line, now) {
                Some(e) => format!(
                    "{}: {} ({}) — {}: {} × {} × {} {} → {}",
                    text(lang, Msg::Deadline),
                    format::datetime(lang, e.deadline),
                    format::remaining(lang, e.deadline, now).0,
                    text(lang, DeskMsg::Why),
                    service_name,
                    text(lang, kind_msg(kind)),
                    text(lang, Msg::Line),
                    r.line,
                    sla_why(lang, &e)
                ),
                None => text(lang, Msg::NoSlaPolicy).to_owned(),
            };
            Some((route, deadline))
        })
    };
    view! {
        <div class="route-info" aria-live="polite">
            {move || lines().map(|(route, deadline)| view! {
                <p class="route" data-testid="route-info">{route}</p>
                <p class="sla" data-testid="sla-deadline">{deadline}</p>
            })}
        </div>
    }
}

/// Why a rule matched: its conditions, e.g. "rule: channel Partner".
fn rule_reason(c: &Catalogue, rule: &RoutingRule, lang: Lang) -> String {
    let mut parts = Vec::new();
    if let Some(code) = &rule.service_code {
        let name = c
            .services
            .iter()
            .find(|s| s.code == *code)
            .map(|s| s.name.get(lang.code()).to_owned())
            .unwrap_or_else(|| code.clone());
        parts.push(format!("{} {}", text(lang, Msg::Service), name));
    }
    if let Some(ch) = rule.channel {
        parts.push(format!(
            "{} {}",
            text(lang, Msg::Channel),
            text(lang, channel_msg(ch))
        ));
    }
    if let Some(k) = rule.kind {
        parts.push(format!(
            "{} {}",
            text(lang, Msg::Kind),
            text(lang, kind_msg(k))
        ));
    }
    if let Some(segment) = rule.segment {
        let name = match segment {
            Segment::Mass => DeskMsg::SegMass,
            Segment::Business => DeskMsg::SegBusiness,
            Segment::Vip => DeskMsg::SegVip,
        };
        parts.push(format!(
            "{} {}",
            text(lang, DeskMsg::Segment),
            text(lang, name)
        ));
    }
    format!("{}: {}", text(lang, DeskMsg::RouteRule), parts.join(", "))
}
