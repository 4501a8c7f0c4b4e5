//! One incident card: status, owner, impact, escalation timers and actions.

use super::actions::Actions;
use super::impact_edit::ImpactEdit;
use super::link::LinkPanel;
use super::still_broken::StillBroken;
use super::timers::Timers;
use super::units::Units;
use super::BoardCtx;
use crate::format;
use crate::i18n::{incident_status_msg, BoardMsg, Msg};
use crate::state::use_app;
use leptos::prelude::*;
use spotdesk_api::Incident;

/// The card of `incident`.
#[component]
pub fn IncidentCard(incident: Incident) -> impl IntoView {
    let app = use_app();
    let ctx = expect_context::<BoardCtx>();
    let i = incident;
    let active = i.status.is_active();
    let status = i.status;
    let owner = i.owner_group.clone();
    let services = i.service_codes.clone();
    let group_name = move |code: &str| {
        let lang = app.lang.get();
        ctx.catalogue
            .get()
            .and_then(|c| {
                c.groups
                    .iter()
                    .find(|g| g.code == code)
                    .map(|g| g.name.get(lang.code()).to_owned())
            })
            .unwrap_or_else(|| code.to_owned())
    };
    let service_names = move || {
        let lang = app.lang.get();
        let cat = ctx.catalogue.get();
        services
            .iter()
            .map(|code| {
                cat.as_ref()
                    .and_then(|c| c.services.iter().find(|s| &s.code == code))
                    .map_or(code.clone(), |s| s.name.get(lang.code()).to_owned())
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let area_points = i.area.ring.len();
    let area = i.area.clone();
    let spot_id = i.spot_id.map(|s| s.0);
    let expected = i.expected_resolution;
    let notified = i.notified_customers;
    let still_broken = i.still_broken_reports;
    let updated = i.updated_at;
    let for_actions = i.clone();
    let for_impact = i.clone();
    let for_units = i.clone();
    let linked = i.affected_linked;
    let estimated = i.affected_estimated;
    let id = i.id.0;
    view! {
        <li class="card incident" class:inactive=!active data-testid="incident-card" data-incident-id=i.id.0 data-status=format!("{:?}", status)>
            <div class="card-head">
                <p class="badge" data-testid="incident-status">{move || app.t(incident_status_msg(status))}</p>
                <span class="muted">"#"{i.id.0}</span>
            </div>
            <h2>{i.title.clone()}</h2>
            <dl class="facts">
                <dt>{move || app.t(BoardMsg::Owner)}</dt>
                <dd data-testid="incident-owner">{
                    let owner = owner.clone();
                    move || match &owner {
                        Some(code) => group_name(code),
                        None => app.t(BoardMsg::NoOwner).to_owned(),
                    }
                }</dd>
                <dt>{move || app.t(BoardMsg::Services)}</dt>
                <dd data-testid="incident-services">{move || { let s = service_names(); if s.is_empty() { app.t(Msg::NotSet).to_owned() } else { s } }}</dd>
                <dt>{move || app.t(BoardMsg::Area)}</dt>
                <dd data-testid="incident-area">{move || if area_points >= 3 {
                    let km2 = spotdesk_core::impact::area_km2(&area);
                    let spot = spot_id.map(|s| format!(", {} #{s}", app.t(BoardMsg::Spot))).unwrap_or_default();
                    format!("{km2:.2} {}, {} {area_points}{spot}", app.t(BoardMsg::SquareKm), app.t(BoardMsg::AreaPoints))
                } else {
                    app.t(BoardMsg::NoArea).to_owned()
                }}</dd>
                <dt>{move || app.t(Msg::AffectedCustomers)}</dt>
                <dd>
                    <span data-testid="affected-customers">{i.affected_customers}</span>" "
                    <span class="muted small" data-testid="affected-why">{move || format!("({} {linked}, {} {estimated})",
                        app.t(BoardMsg::AffectedLinked), app.t(BoardMsg::AffectedEstimated))}</span>
                </dd>
                <dt>{move || app.t(Msg::LinkedTickets)}</dt>
                <dd data-testid="linked-tickets">{i.linked_tickets}</dd>
                <dt>{move || app.t(Msg::ExpectedResolution)}</dt>
                <dd>{move || expected.map(|t| format::datetime(app.lang.get(), t)).unwrap_or_else(|| app.t(Msg::NotSet).to_owned())}</dd>
                {i.cause.clone().map(|c| view! { <dt>{move || app.t(Msg::Cause)}</dt><dd>{c}</dd> })}
            </dl>
            {(notified > 0).then(|| view! {
                <p class="banner banner-ok" data-testid="notified">{move || format!("{notified} {}", app.t(BoardMsg::Notified))}</p>
            })}
            {(still_broken > 0).then(|| view! {
                <p class="banner banner-warn" data-testid="still-broken">{move || format!("{still_broken} {}", app.t(BoardMsg::StillBroken))}</p>
            })}
            <Timers timers=i.escalations.clone()/>
            <Units incident=for_units can_edit=ctx.can_edit/>
            <Show when=move || ctx.can_edit.get()>
                <Actions incident=for_actions.clone()/>
                <ImpactEdit incident=for_impact.clone()/>
                {if active {
                    view! { <LinkPanel incident_id=id/> }.into_any()
                } else {
                    view! { <StillBroken incident_id=id/> }.into_any()
                }}
            </Show>
            <p class="muted small">{move || format!("{} {}", app.t(BoardMsg::LastUpdate), format::datetime(app.lang.get(), updated))}</p>
        </li>
    }
}
