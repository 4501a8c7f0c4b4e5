//! Comments on a ticket: the list, oldest first, and a box to add one (idempotent: a retry
//! of the same text never adds it twice).

use crate::api::{self, client::new_idempotency_key, ApiError};
use crate::components::{ErrorBanner, FieldErrorText, Skeleton};
use crate::format;
use crate::i18n::TicketMsg;
use crate::state::use_app;
use leptos::prelude::*;
use leptos::task::spawn_local;
use spotdesk_api::{field_codes, TicketId};

/// The comments section of ticket `id`.
#[component]
pub fn Comments(id: TicketId) -> impl IntoView {
    let app = use_app();
    let list = LocalResource::new(move || {
        app.call(move |c| async move { api::tickets::comments(&c, id).await })
    });
    let text = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let field_error = RwSignal::new(None::<String>);
    // (key, text) of the last attempt: a retry of the same text reuses the key.
    let pending = StoredValue::new(None::<(String, String)>);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let body = text.get_untracked().trim().to_owned();
        if body.is_empty() {
            field_error.set(Some(field_codes::REQUIRED.into()));
            return;
        }
        field_error.set(None);
        error.set(None);
        let key = match pending.get_value() {
            Some((k, t)) if t == body => k,
            _ => new_idempotency_key(),
        };
        pending.set_value(Some((key.clone(), body.clone())));
        busy.set(true);
        spawn_local(async move {
            let r = app
                .call(|c| async move { api::tickets::add_comment(&c, id, &body, &key).await })
                .await;
            if busy.try_get_untracked().is_none() {
                return; // the page is gone
            }
            busy.set(false);
            match r {
                Ok(_) => {
                    pending.set_value(None);
                    text.set(String::new());
                    list.refetch();
                }
                Err(e) => {
                    field_error.set(e.field_errors().first().map(|f| f.code.clone()));
                    error.set(Some(e));
                }
            }
        });
    };

    view! {
        <section class="card" aria-labelledby="comments-title">
            <h2 id="comments-title">{move || app.t(TicketMsg::Comments)}</h2>
            {move || match list.get() {
                None => view! { <Skeleton lines=2/> }.into_any(),
                Some(Err(e)) => view! { <ErrorBanner error=e on_retry=Callback::new(move |_| list.refetch())/> }.into_any(),
                Some(Ok(items)) if items.is_empty() => view! {
                    <p class="empty" data-testid="comments-empty">{app.t(TicketMsg::NoComments)}</p>
                }.into_any(),
                Some(Ok(items)) => view! {
                    <ol class="comments" data-testid="comments">
                        {items.into_iter().map(|c| {
                            let at = c.at;
                            view! {
                                <li class="comment" data-testid="comment">
                                    <p class="comment-head">
                                        <strong>{c.author.display_name}</strong> " · "
                                        <time datetime=at.to_rfc3339()>{move || format::datetime(app.lang.get(), at)}</time>
                                    </p>
                                    <p class="comment-text">{c.text}</p>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                }.into_any(),
            }}
            <form class="form" on:submit=submit novalidate>
                <div class="field" class:has-error=move || field_error.with(Option::is_some)>
                    <label for="comment-text">{move || app.t(TicketMsg::NewComment)}</label>
                    <textarea id="comment-text" rows="3" aria-describedby="comment-text-error"
                        aria-invalid=move || field_error.with(Option::is_some).to_string()
                        prop:value=text on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                    <FieldErrorText id="comment-text-error" field="text" code=field_error/>
                </div>
                {move || error.get().map(|e| view! { <ErrorBanner error=e test_id="comment-error"/> })}
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" data-testid="comment-submit" disabled=move || busy.get()
                        aria-busy=move || busy.get().to_string()>
                        {move || app.t(if busy.get() { TicketMsg::Adding } else { TicketMsg::AddComment })}
                    </button>
                </div>
            </form>
        </section>
    }
}
