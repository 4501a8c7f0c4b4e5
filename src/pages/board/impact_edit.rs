//! Editing an incident's impact on its card: the area (keep, from a spot, drawn, circle)
//! and the affected services.

use super::area::{AreaMode, AreaPicker, AreaState, ServicePicker};
use super::BoardCtx;
use crate::api::{self, ApiError};
use crate::components::ErrorBanner;
use crate::i18n::BoardMsg;
use crate::state::use_app;
use leptos::prelude::*;
use leptos::task::spawn_local;
use spotdesk_api::{Incident, IncidentPatch};

/// The "edit impact" button and form of `incident`.
#[component]
pub fn ImpactEdit(incident: Incident) -> impl IntoView {
    let app = use_app();
    let ctx = expect_context::<BoardCtx>();
    let open = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let area = AreaState::new();
    let initial = incident.service_codes.clone();
    let services = RwSignal::new(initial.clone());
    let id = incident.id.0;
    let etag = format!("\"{}\"", incident.version);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !area.check() {
            return;
        }
        let picked = area.snapshot();
        let keep = area.mode.get_untracked() == AreaMode::Unchanged;
        let codes = services.get_untracked();
        let changed_services = codes != initial;
        let etag = etag.clone();
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
                Ok(_) => {
                    open.set(false);
                    ctx.refresh.run(());
                }
                Err(e) => error.set(Some(e)),
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
                <form class="impact-form" on:submit=submit.clone() data-testid="impact-form">
                    <ServicePicker selected=services/>
                    <AreaPicker state=area editing=true id_prefix=format!("edit-{id}")/>
                    <div class="btn-row">
                        <button type="submit" class="btn btn-primary" data-testid="impact-save" disabled=move || busy.get()>
                            {move || if busy.get() { app.t(BoardMsg::Working) } else { app.t(BoardMsg::Save) }}
                        </button>
                        <button type="button" class="btn btn-secondary" on:click=move |_| open.set(false)>
                            {move || app.t(BoardMsg::Cancel)}
                        </button>
                    </div>
                    {move || error.get().map(|e| view! { <ErrorBanner error=e/> })}
                </form>
            </Show>
        </div>
    }
}
