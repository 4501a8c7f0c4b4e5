//! Editing an incident's impact on its card: the area (keep, from a spot, drawn, circle)
//! and the affected services.

use super::area::{AreaMode, AreaPicker, AreaState, ServicePicker};
use super::{BoardCtx, CardError};
use crate::api::{self, ApiError};
use crate::i18n::BoardMsg;
use crate::state::use_app;
use leptos::prelude::*;
use leptos::task::spawn_local;
use spotdesk_api::{Incident, IncidentPatch};

/// The "edit impact" button and form of the incident in `incident`. The card outlives live
/// updates, so an area being drawn and services being chosen stay while others change the
/// incident; the save goes against the newest version seen. Services follow the incident
/// live until the user touches them, and only a changed choice is sent.
#[component]
pub fn ImpactEdit(incident: Signal<Incident>) -> impl IntoView {
    let app = use_app();
    let ctx = expect_context::<BoardCtx>();
    let open = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let area = AreaState::new();
    let current = Memo::new(move |_| incident.with(|i| i.service_codes.clone()));
    let services = RwSignal::new(current.get_untracked());
    let touched = RwSignal::new(false);
    // Until the user changes the choice, it shows the incident's services as they are now.
    Effect::new(move |_| {
        let now = current.get();
        if !touched.get_untracked() {
            services.set(now);
        }
    });
    let choose = Callback::new(move |codes: Vec<String>| {
        touched.set(true);
        services.set(codes);
    });
    let id = incident.with_untracked(|i| i.id);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !area.check() {
            return;
        }
        let picked = area.snapshot();
        let keep = area.mode.get_untracked() == AreaMode::Unchanged;
        let codes = services.get_untracked();
        let (version, now) = incident.with_untracked(|i| (i.version, i.service_codes.clone()));
        let changed_services = touched.get_untracked() && codes != now;
        let etag = format!("\"{version}\"");
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let r = app
                .call(|c| async move {
                    let choice = if keep {
                        Default::default()
                    } else {
                        picked.resolve(&c).await?
                    };
                    let patch = IncidentPatch {
                        area: choice.area,
                        spot_id: choice.spot_id,
                        service_codes: changed_services.then_some(codes),
                        ..Default::default()
                    };
                    api::incidents::update(&c, id, &patch, &etag).await
                })
                .await;
            busy.set(false);
            match r {
                Ok((updated, _)) => {
                    ctx.show.run(updated);
                    open.set(false);
                    area.reset();
                    touched.set(false);
                    services.set(current.get_untracked());
                    ctx.refresh.run(());
                }
                Err(e) => ctx.failed(error, e),
            }
        });
    };
    view! {
        <div class="impact-edit">
            <button type="button" class="btn btn-secondary" data-testid="edit-impact"
                aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)>
                {move || app.t(BoardMsg::EditImpact)}
            </button>
            <Show when=move || open.get()>
                <form class="impact-form" on:submit=submit data-testid="impact-form">
                    <ServicePicker selected=services on_change=choose/>
                    <AreaPicker state=area editing=true id_prefix=format!("edit-{id}")/>
                    <div class="btn-row">
                        <button type="submit" class="btn btn-primary" data-testid="impact-save" disabled=move || busy.get()>
                            {move || if busy.get() { app.t(BoardMsg::Working) } else { app.t(BoardMsg::Save) }}
                        </button>
                        <button type="button" class="btn btn-secondary" on:click=move |_| {
                            open.set(false);
                            area.reset();
                            touched.set(false);
                            services.set(current.get_untracked());
                        }>
                            {move || app.t(BoardMsg::Cancel)}
                        </button>
                    </div>
                    <CardError error=error/>
                </form>
            </Show>
        </div>
    }
}
