//! Comments on a ticket: the list, oldest first, each marked as an internal note or a reply
//! sent to the customer, and a box to add one (idempotent: a retry of the same text never
//! adds it twice). A reply may start from one of the service's reply templates, filled in
//! for this ticket (`spotdesk_core::reply::fill`) and edited before sending.

use crate::api::{self, client::new_idempotency_key, ApiError};
use crate::components::{ErrorBanner, FieldErrorText, Skeleton};
use crate::format;
use crate::i18n::TicketMsg;
use crate::state::use_app;
use leptos::prelude::*;
use leptos::task::spawn_local;
use spotdesk_api::{field_codes, Catalogue, CommentKind, ReplyTemplate, Ticket, TicketId};
use spotdesk_core::reply::{fill, ReplyValues};

/// The comments section of ticket `id` (`ticket`: its latest saved version, for the reply
/// templates of its service and what fills them).
#[component]
pub fn Comments(
    id: TicketId,
    #[prop(into)] ticket: Signal<Ticket>,
    #[prop(into)] catalogue: Signal<Option<Catalogue>>,
) -> impl IntoView {
    let app = use_app();
    let list = LocalResource::new(move || {
        app.call(move |c| async move { api::tickets::comments(&c, id).await })
    });
    let text = RwSignal::new(String::new());
    let kind = RwSignal::new(CommentKind::Note);
    let template = RwSignal::new(String::new());
    let templates = Signal::derive(move || {
        let service = ticket.with(|t| t.service_code.clone());
        catalogue.with(|c| {
            c.as_ref()
                .and_then(|c| c.services.iter().find(|s| s.code == service))
                .map(|s| s.reply_templates.clone())
                .unwrap_or_default()
        })
    });
    // Picking a template puts its text, filled in for this ticket, in the box to edit.
    let pick = move |code: String| {
        template.set(code.clone());
        let lang = app.lang.get_untracked();
        let chosen: Option<ReplyTemplate> =
            templates.with_untracked(|l| l.iter().find(|t| t.code == code).cloned());
        if let Some(tpl) = chosen {
            let filled = ticket.with_untracked(|t| {
                let number = format!("№ {}", t.id);
                let deadline = format::datetime(lang, t.expected_datetime);
                fill(
                    tpl.text.get(lang.code()),
                    ReplyValues {
                        ticket: &number,
                        address: &t.address_string,
                        deadline: &deadline,
                    },
                )
            });
            text.set(filled);
        }
    };
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let field_error = RwSignal::new(None::<String>);
    // (key, kind and text) of the last attempt: a retry of the same message reuses the key.
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
        let k = kind.get_untracked();
        let attempt = format!("{}:{body}", k.as_str());
        let key = match pending.get_value() {
            Some((key, t)) if t == attempt => key,
            _ => new_idempotency_key(),
        };
        pending.set_value(Some((key.clone(), attempt)));
        busy.set(true);
        spawn_local(async move {
            let r = app
                .call(|c| async move { api::tickets::add_comment(&c, id, &body, k, &key).await })
                .await;
            if busy.try_get_untracked().is_none() {
                return; // the page is gone
            }
            busy.set(false);
            match r {
                Ok(_) => {
                    pending.set_value(None);
                    text.set(String::new());
                    template.set(String::new());
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
                            let k = c.kind;
                            let label = match k {
                                CommentKind::Note => TicketMsg::KindNote,
                                CommentKind::Reply => TicketMsg::ReplySent,
                            };
                            view! {
                                <li class="comment" class:comment-reply=k == CommentKind::Reply
                                    data-testid="comment" data-kind=k.as_str()>
                                    <p class="comment-head">
                                        <strong>{c.author.display_name}</strong> " · "
                                        <time datetime=at.to_rfc3339()>{move || format::datetime(app.lang.get(), at)}</time>
                                        " · "
                                        <span class="badge" data-testid=format!("comment-kind-{}", k.as_str())>{move || app.t(label)}</span>
                                    </p>
                                    <p class="comment-text">{c.text}</p>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                }.into_any(),
            }}
            <form class="form" on:submit=submit novalidate>
                <fieldset class="field radio-row">
                    <legend>{move || app.t(TicketMsg::CommentKindLegend)}</legend>
                    {[(CommentKind::Note, TicketMsg::KindNote), (CommentKind::Reply, TicketMsg::KindReply)].into_iter().map(|(k, m)| {
                        let id_attr = format!("comment-kind-{}", k.as_str());
                        let for_attr = id_attr.clone();
                        view! {
                            <label for=for_attr class="radio">
                                <input type="radio" id=id_attr name="comment-kind" value=k.as_str()
                                    prop:checked=move || kind.get() == k
                                    on:change=move |_| kind.set(k)/>
                                {move || app.t(m)}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                {move || (kind.get() == CommentKind::Reply).then(|| view! {
                    <p class="hint" data-testid="reply-hint">{move || app.t(TicketMsg::ReplyHint)}</p>
                    {move || (!templates.with(Vec::is_empty)).then(|| view! {
                        <div class="field">
                            <label for="reply-template">{move || app.t(TicketMsg::ReplyTemplate)}</label>
                            <select id="reply-template" prop:value=move || template.get()
                                on:change=move |ev| pick(event_target_value(&ev))>
                                <option value="">{move || app.t(TicketMsg::NoTemplate)}</option>
                                {move || {
                                    let lang = app.lang.get().code();
                                    templates.get().into_iter().map(|t| {
                                        let code = t.code.clone();
                                        view! {
                                            <option value=t.code.clone() selected=move || template.with(|c| *c == code)>
                                                {t.title.get(lang).to_owned()}
                                            </option>
                                        }
                                    }).collect_view()
                                }}
                            </select>
                        </div>
                    })}
                })}
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
                        {move || app.t(match (busy.get(), kind.get()) {
                            (true, _) => TicketMsg::Adding,
                            (false, CommentKind::Note) => TicketMsg::AddComment,
                            (false, CommentKind::Reply) => TicketMsg::SendReply,
                        })}
                    </button>
                </div>
            </form>
        </section>
    }
}
