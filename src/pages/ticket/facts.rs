//! Every field of a ticket, read-only.

use crate::components::{names, use_clock};
use crate::format;
use crate::i18n::{channel_msg, kind_msg, status_msg, DeskMsg, Msg, TicketMsg};
use crate::state::use_app;
use crate::url::encode_query_value;
use leptos::prelude::*;
use spotdesk_api::{Catalogue, FieldKind, Segment, Ticket};

/// The ticket's facts as a description list.
#[component]
pub fn Facts(
    #[prop(into)] ticket: Signal<Ticket>,
    #[prop(into)] catalogue: Signal<Option<Catalogue>>,
) -> impl IntoView {
    let app = use_app();
    let now = use_clock(30);
    move || {
        let t = ticket.get();
        let lang = app.lang.get();
        let l = lang.code();
        let cat = catalogue.get();
        let service = cat
            .as_ref()
            .and_then(|c| c.services.iter().find(|s| s.code == t.service_code));
        let service_name = names::service_name(cat.as_ref(), lang, &t.service_code);
        let topic = names::service_topic_name(cat.as_ref(), lang, &t.service_code, &t.topic);
        let group = names::group_name(cat.as_ref(), lang, &t.agency_responsible);
        let cause = t
            .resolution_cause
            .as_deref()
            .map(|c| names::cause_name(cat.as_ref(), lang, Some(&t.service_code), c));
        let fields: Vec<(String, String)> = t
            .fields
            .iter()
            .map(|(k, v)| {
                let spec = service.and_then(|s| s.fields.iter().find(|f| f.key == *k));
                let label = spec
                    .map(|f| f.label.get(l).to_owned())
                    .unwrap_or_else(|| k.clone());
                let choice = |v: &serde_json::Value| {
                    let s = v
                        .as_str()
                        .map(str::to_owned)
                        .unwrap_or_else(|| v.to_string());
                    match spec.map(|f| &f.kind) {
                        Some(
                            FieldKind::Choice { options } | FieldKind::MultiChoice { options },
                        ) => options
                            .iter()
                            .find(|o| o.value == s)
                            .map(|o| o.label.get(l).to_owned())
                            .unwrap_or(s),
                        _ => s,
                    }
                };
                let value = match v {
                    serde_json::Value::Array(a) => {
                        a.iter().map(choice).collect::<Vec<_>>().join(", ")
                    }
                    other => choice(other),
                };
                (label, value)
            })
            .collect();
        let not_set = app.t(Msg::NotSet).to_owned();
        let (left, late) = format::remaining(lang, t.expected_datetime, now.get());
        let open = t.status.is_open();
        let segment = t.segment.map(|s| {
            app.t(match s {
                Segment::Mass => DeskMsg::SegMass,
                Segment::Business => DeskMsg::SegBusiness,
                Segment::Vip => DeskMsg::SegVip,
            })
            .to_owned()
        });
        view! {
            <dl class="facts ticket-facts" data-testid="ticket-facts">
                <dt>{app.t(TicketMsg::FStatus)}</dt>
                <dd><span class="badge" data-testid="ticket-status" data-status=t.status.as_str()>{app.t(status_msg(t.status))}</span></dd>
                <dt>{app.t(Msg::Service)}</dt><dd>{service_name}</dd>
                <dt>{app.t(Msg::Kind)}</dt><dd>{app.t(kind_msg(t.kind))}</dd>
                <dt>{app.t(Msg::Channel)}</dt><dd>{app.t(channel_msg(t.channel))}</dd>
                <dt>{app.t(Msg::Topic)}</dt><dd>{topic}</dd>
                <dt>{app.t(Msg::Description)}</dt><dd class="pre" data-testid="ticket-description">{t.description.clone()}</dd>
                <dt>{app.t(Msg::CustomerPhone)}</dt>
                <dd>
                    {(!t.customer_phone.is_empty()).then(|| view! {
                        <a href=format!("/customers/{}", encode_query_value(&t.customer_phone))
                            data-testid="ticket-customer">{t.customer_phone.clone()}</a>
                    })}
                    {t.repeat_of.map(|p| view! {
                        " " <span class="badge badge-repeat" data-testid="ticket-repeat">
                            {app.t(Msg::RepeatContactHint)} ": "
                            <a href=format!("/tickets/{}", p.0)>{format!("#{}", p.0)}</a>
                        </span>
                    })}
                </dd>
                <dt>{app.t(Msg::CustomerName)}</dt><dd>{t.customer_name.clone().unwrap_or_else(|| not_set.clone())}</dd>
                <dt>{app.t(Msg::Address)}</dt><dd>{t.address_string.clone()} " (" {format!("{:.5}, {:.5}", t.lat, t.long)} ")"</dd>
                <dt>{app.t(DeskMsg::Segment)}</dt><dd>{segment.unwrap_or_else(|| not_set.clone())}</dd>
                <dt>{app.t(DeskMsg::CustomerValue)}</dt><dd>{t.lifetime_value.map(|v| format!("{v:.2}")).unwrap_or_else(|| not_set.clone())}</dd>
                <dt>{app.t(TicketMsg::FLine)}</dt><dd data-testid="ticket-line">{t.line}</dd>
                <dt>{app.t(TicketMsg::FGroup)}</dt><dd data-testid="ticket-group">{group}</dd>
                <dt>{app.t(Msg::Deadline)}</dt>
                <dd>
                    {format::datetime(lang, t.expected_datetime)} " "
                    {open.then(|| view! {
                        <span class="sla-left" class:late=late data-overdue=late.to_string()>
                            {late.then(|| view! { <strong class="flag">{app.t(Msg::Overdue)}</strong> " " })}
                            {left.clone()}
                        </span>
                    })}
                </dd>
                <dt>{app.t(TicketMsg::FPlannedAt)}</dt>
                <dd data-testid="ticket-planned">{t.planned_at.map(|d| format::date(lang, d)).unwrap_or_else(|| not_set.clone())}</dd>
                <dt>{app.t(TicketMsg::FStatusNotes)}</dt>
                <dd class="pre" data-testid="ticket-notes">{t.status_notes.clone().unwrap_or_else(|| not_set.clone())}</dd>
                <dt>{app.t(TicketMsg::FIncident)}</dt>
                <dd data-testid="ticket-incident">{t.incident_id.map(|i| format!("№ {i}")).unwrap_or_else(|| not_set.clone())}</dd>
                <dt>{app.t(TicketMsg::FSpot)}</dt>
                <dd data-testid="ticket-spot">{t.spot_id.map(|i| format!("№ {i}")).unwrap_or_else(|| not_set.clone())}</dd>
                {fields.into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}
                <dt>{app.t(Msg::ColCreated)}</dt><dd>{format::datetime(lang, t.created_at)}</dd>
                <dt>{app.t(TicketMsg::Updated)}</dt><dd>{format::datetime(lang, t.updated_at)}</dd>
                {t.resolved_at.map(|r| view! { <dt>{app.t(TicketMsg::FResolvedAt)}</dt><dd>{format::datetime(lang, r)}</dd> })}
                {cause.map(|name| view! {
                    <dt>{app.t(TicketMsg::FResolutionCause)}</dt><dd data-testid="ticket-resolution-cause">{name}</dd>
                })}
                {t.rating.map(|r| view! { <dt>{app.t(TicketMsg::FRating)}</dt><dd>{r} " / 5"</dd> })}
                <dt>{app.t(TicketMsg::Version)}</dt><dd data-testid="ticket-version">{t.version}</dd>
            </dl>
        }
    }
}
