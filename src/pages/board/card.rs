//! One incident card: status, owner, impact, escalation timers and actions.
//!
//! The card lives as long as its incident is on the board and reads the incident from a
//! signal that every live refetch updates in place: what it shows follows the newest state,
//! while its forms (and what was typed, chosen or drawn in them but not sent yet) stay.

use super::actions::Actions;
use super::impact_edit::ImpactEdit;
use super::link::LinkPanel;
use super::reopened::ReopenedComplaints;
use super::still_broken::StillBroken;
use super::timers::Timers;
use super::units::Units;
use super::{BoardCtx, CardError};
use crate::api::ApiError;
use crate::components::{names, AssigneePicker};
use crate::format;
use crate::i18n::{incident_status_msg, BoardMsg, Msg};
use crate::state::use_app;
use leptos::prelude::*;
use spotdesk_api::{AffectedSource, Incident, IncidentPatch, UserId, WorkKind};

/// The card of the incident in `incident`.
#[component]
pub fn IncidentCard(#[prop(into)] incident: Signal<Incident>) -> impl IntoView {
    let app = use_app();
    let ctx = expect_context::<BoardCtx>();
    let inc = incident;
    let id = inc.with_untracked(|i| i.id);
    let status = Memo::new(move |_| inc.with(|i| i.status));
    let active = Memo::new(move |_| status.get().is_active());
    let owner = Memo::new(move |_| inc.with(|i| i.owner_group.clone()));
    let services = Memo::new(move |_| inc.with(|i| i.service_codes.clone()));
    let timers = Memo::new(move |_| inc.with(|i| i.escalations.clone()));
    let group_name = move |code: &str| {
        ctx.catalogue
            .with(|c| names::group_name(c.as_ref(), app.lang.get(), code))
    };
    let service_names = move || {
        let lang = app.lang.get();
        ctx.catalogue.with(|cat| {
            services.with(|codes| {
                codes
                    .iter()
                    .map(|code| names::service_name(cat.as_ref(), lang, code))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
        })
    };
    let area_text = move || {
        inc.with(|i| {
            let points = i.area.ring.len();
            if points >= 3 {
                let km2 = spotdesk_core::impact::area_km2(&i.area);
                let spot = i
                    .spot_id
                    .map(|s| format!(", {} #{}", app.t(BoardMsg::Spot), s.0))
                    .unwrap_or_default();
                format!(
                    "{km2:.2} {}, {} {points}{spot}",
                    app.t(BoardMsg::SquareKm),
                    app.t(BoardMsg::AreaPoints)
                )
            } else {
                app.t(BoardMsg::NoArea).to_owned()
            }
        })
    };
    let notified = Memo::new(move |_| inc.with(|i| i.notified_customers));
    let still_broken = Memo::new(move |_| inc.with(|i| i.still_broken_reports));
    let cause = Memo::new(move |_| inc.with(|i| i.cause.clone()));
    let assignee = Memo::new(move |_| inc.with(|i| i.assignee.clone()));
    let assign_busy = RwSignal::new(false);
    let assign_error = RwSignal::new(None::<ApiError>);
    let assign = Callback::new(move |who: Option<UserId>| {
        let patch = IncidentPatch {
            assignee_id: Some(who),
            ..Default::default()
        };
        ctx.send(app, inc, patch, assign_busy, assign_error, || {});
    });
    view! {
        <li class="card incident" class:inactive=move || !active.get() data-testid="incident-card" data-incident-id=id.0
            data-status=move || format!("{:?}", status.get())>
            <div class="card-head">
                <p class="badge" data-testid="incident-status">{move || app.t(incident_status_msg(status.get()))}</p>
                <span class="muted">"#"{id.0}</span>
            </div>
            <h2>{move || inc.with(|i| i.title.clone())}</h2>
            <dl class="facts">
                <dt>{move || app.t(BoardMsg::Owner)}</dt>
                <dd data-testid="incident-owner">{move || match owner.get() {
                    Some(code) => group_name(&code),
                    None => app.t(BoardMsg::NoOwner).to_owned(),
                }}</dd>
                <dt>{move || app.t(BoardMsg::Services)}</dt>
                <dd data-testid="incident-services">{move || { let s = service_names(); if s.is_empty() { app.t(Msg::NotSet).to_owned() } else { s } }}</dd>
                <dt>{move || app.t(BoardMsg::Area)}</dt>
                <dd data-testid="incident-area">{area_text}</dd>
                <dt>{move || app.t(Msg::AffectedCustomers)}</dt>
                <dd>
                    <span data-testid="affected-customers">{move || inc.with(|i| i.affected_customers)}</span>" "
                    <span class="muted small" data-testid="affected-why"
                        data-source=move || inc.with(|i| i.affected_source.as_str())>{move || inc.with(|i| format!("({} {}, {} {})",
                        app.t(BoardMsg::AffectedLinked), i.affected_linked,
                        app.t(match i.affected_source {
                            AffectedSource::CustomerRegister => BoardMsg::AffectedFromRegister,
                            AffectedSource::DensityModel => BoardMsg::AffectedEstimated,
                        }),
                        i.affected_estimated))}</span>
                </dd>
                <dt>{move || app.t(Msg::LinkedTickets)}</dt>
                <dd data-testid="linked-tickets">{move || inc.with(|i| i.linked_tickets)}</dd>
                <dt>{move || app.t(Msg::ExpectedResolution)}</dt>
                <dd>{move || inc.with(|i| i.expected_resolution).map(|t| format::datetime(app.lang.get(), t)).unwrap_or_else(|| app.t(Msg::NotSet).to_owned())}</dd>
                {move || cause.get().map(|c| view! { <dt>{move || app.t(Msg::Cause)}</dt><dd>{c}</dd> })}
            </dl>
            {move || (notified.get() > 0).then(|| view! {
                <p class="banner banner-ok" data-testid="notified">{move || format!("{} {}", notified.get(), app.t(BoardMsg::Notified))}</p>
            })}
            {move || (still_broken.get() > 0).then(|| view! {
                <p class="banner banner-warn" data-testid="still-broken">{move || format!("{} {}", still_broken.get(), app.t(BoardMsg::StillBroken))}</p>
            })}
            <ReopenedComplaints incident=inc/>
            {move || view! { <Timers timers=timers.get()/> }}
            <AssigneePicker work=WorkKind::Incident key=format!("incident-{}", id.0)
                group=Signal::derive(move || owner.get()) current=Signal::derive(move || assignee.get())
                busy=Signal::derive(move || assign_busy.get()) on_assign=assign/>
            <CardError error=assign_error/>
            <Units incident=inc can_edit=ctx.can_edit/>
            <Show when=move || ctx.can_edit.get()>
                <Actions incident=inc/>
                <ImpactEdit incident=inc/>
                <Show when=move || active.get() fallback=move || view! { <StillBroken incident_id=id/> }>
                    <LinkPanel incident=inc/>
                </Show>
            </Show>
            <p class="muted small">{move || format!("{} {}", app.t(BoardMsg::LastUpdate), format::datetime(app.lang.get(), inc.with(|i| i.updated_at)))}</p>
        </li>
    }
}
