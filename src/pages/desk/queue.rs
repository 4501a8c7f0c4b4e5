//! The outbox as the agent sees it: how many registrations wait for the network, and those
//! the server refused, which can be put back into the form or discarded.

use crate::components::ErrorBanner;
use crate::i18n::DeskMsg;
use crate::outbox::use_outbox;
use crate::state::use_app;
use leptos::prelude::*;

/// The queue status. `on_restore` receives a refused item's saved draft.
#[component]
pub fn OutboxPanel(
    user_id: i64,
    /// Whether the form is empty, so a refused item can be put back without losing work.
    #[prop(into)]
    can_restore: Signal<bool>,
    on_restore: Callback<(String, serde_json::Value)>,
) -> impl IntoView {
    let app = use_app();
    let outbox = use_outbox();
    let items = Memo::new(move |_| outbox.items_of(user_id));
    let waiting = move || items.with(|v| v.iter().filter(|i| i.refused.is_none()).count());
    view! {
        {move || (waiting() > 0).then(|| view! {
            <div class="banner banner-warn outbox" role="status" data-testid="outbox-status">
                <span>
                    <strong>{app.t(DeskMsg::Queued)} ": " <span data-testid="outbox-count">{waiting()}</span></strong>
                    " — " {app.t(DeskMsg::QueuedHint)}
                </span>
                <button type="button" class="btn btn-secondary" data-testid="outbox-send"
                    on:click=move |_| outbox.flush_now(app)>
                    {app.t(DeskMsg::SendNow)}
                </button>
            </div>
        })}
        <ul class="refused-list">
            {move || items.get().into_iter().filter_map(|i| {
                let refusal = i.refused.clone()?;
                let (k1, k2, draft) = (i.key.clone(), i.key.clone(), i.draft.clone());
                Some(view! {
                    <li class="card refused" data-testid="outbox-refused">
                        <p>{app.t(DeskMsg::Refused)} " " <em>{i.body.description.clone()}</em></p>
                        <ErrorBanner error=refusal.error()/>
                        <div class="form-actions">
                            <button type="button" class="btn btn-secondary" disabled=move || !can_restore.get()
                                on:click=move |_| { on_restore.run((k1.clone(), draft.clone())); }>
                                {app.t(DeskMsg::PutBack)}
                            </button>
                            <button type="button" class="btn btn-secondary" on:click=move |_| outbox.remove(&k2)>
                                {app.t(DeskMsg::Discard)}
                            </button>
                        </div>
                    </li>
                })
            }).collect_view()}
        </ul>
    }
}
