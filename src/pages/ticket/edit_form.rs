//! Editing a ticket: status notes, description, customer name, reassignment (line + group).
//! Typing is kept in [`Edits`] until saved or discarded.

use super::edits::Edits;
use crate::i18n::{Msg, TicketMsg};
use crate::state::use_app;
use leptos::prelude::*;
use spotdesk_api::{Catalogue, Ticket};

/// The edit form. `on_save` sends the changes (without a status change).
#[component]
pub fn EditForm(
    #[prop(into)] base: Signal<Ticket>,
    edits: Edits,
    #[prop(into)] catalogue: Signal<Option<Catalogue>>,
    #[prop(into)] dirty: Signal<bool>,
    #[prop(into)] busy: Signal<bool>,
    on_save: Callback<()>,
    on_undo: Callback<()>,
) -> impl IntoView {
    let app = use_app();
    let text_of = move |e: RwSignal<Option<String>>, cur: fn(&Ticket) -> String| {
        move || e.get().unwrap_or_else(|| base.with(cur))
    };
    let line = move || edits.line.get().unwrap_or_else(|| base.with(|t| t.line));
    let group = move || {
        edits
            .group
            .get()
            .unwrap_or_else(|| base.with(|t| t.agency_responsible.clone()))
    };
    let groups = move || {
        let lang = app.lang.get();
        catalogue.with(|c| {
            c.as_ref()
                .map(|c| {
                    c.groups
                        .iter()
                        .map(|g| (g.code.clone(), g.name.get(lang.code()).to_owned(), g.line))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        on_save.run(());
    };
    view! {
        <form class="card form edit-form" on:submit=submit novalidate data-testid="edit-form" aria-labelledby="edit-title">
            <h2 id="edit-title">{move || app.t(TicketMsg::EditTitle)}</h2>
            <div class="field">
                <label for="edit-notes">{move || app.t(TicketMsg::FStatusNotes)}</label>
                <textarea id="edit-notes" rows="3"
                    prop:value=text_of(edits.status_notes, |t| t.status_notes.clone().unwrap_or_default())
                    on:input=move |ev| edits.status_notes.set(Some(event_target_value(&ev)))></textarea>
            </div>
            <div class="field">
                <label for="edit-description">{move || app.t(TicketMsg::FDescription)}</label>
                <textarea id="edit-description" rows="3"
                    prop:value=text_of(edits.description, |t| t.description.clone())
                    on:input=move |ev| edits.description.set(Some(event_target_value(&ev)))></textarea>
            </div>
            <div class="field">
                <label for="edit-name">{move || app.t(Msg::CustomerName)}</label>
                <input id="edit-name" type="text" autocomplete="off"
                    prop:value=text_of(edits.customer_name, |t| t.customer_name.clone().unwrap_or_default())
                    on:input=move |ev| edits.customer_name.set(Some(event_target_value(&ev)))/>
            </div>
            <fieldset class="field-row">
                <legend>{move || app.t(TicketMsg::Reassign)}</legend>
                <div class="field">
                    <label for="edit-line">{move || app.t(TicketMsg::FLine)}</label>
                    <select id="edit-line" on:change=move |ev| {
                        if let Ok(l) = event_target_value(&ev).parse::<u8>() { edits.line.set(Some(l)) }
                    }>
                        {[1u8, 2, 3].into_iter().map(|l| view! {
                            <option value=l.to_string() prop:selected=move || line() == l>{l}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="edit-group">{move || app.t(TicketMsg::FGroup)}</label>
                    <select id="edit-group" on:change=move |ev| {
                        let code = event_target_value(&ev);
                        let l = catalogue.with(|c| c.as_ref().and_then(|c| c.groups.iter().find(|g| g.code == code).map(|g| g.line)));
                        edits.group.set(Some(code));
                        if let Some(l) = l { edits.line.set(Some(l)) }
                    }>
                        {move || groups().into_iter().map(|(code, name, l)| {
                            let c2 = code.clone();
                            view! {
                                <option value=code prop:selected=move || group() == c2>
                                    {format!("{name} ({} {l})", app.t(Msg::Line))}
                                </option>
                            }
                        }).collect_view()}
                    </select>
                </div>
            </fieldset>
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" data-testid="edit-save" disabled=move || busy.get() || !dirty.get()
                    aria-busy=move || busy.get().to_string()>
                    {move || app.t(if busy.get() { TicketMsg::Saving } else { TicketMsg::Save })}
                </button>
                <button type="button" class="btn btn-secondary" disabled=move || !dirty.get() on:click=move |_| on_undo.run(())>
                    {move || app.t(TicketMsg::UndoMine)}
                </button>
                {move || dirty.get().then(|| view! { <span class="hint" data-testid="unsaved">{app.t(TicketMsg::Unsaved)}</span> })}
            </div>
        </form>
    }
}
