//! What closing a service's tickets needs: its resolution causes (`code`, name in both
//! languages), one of which an agent picks when resolving a ticket, and its reply templates
//! (`code`, title and text in both languages, with the placeholders `{ticket}`, `{address}`
//! and `{deadline}`), which an agent fills in and edits before replying to a customer.

use super::config_draft::{field_id, use_config_draft};
use super::config_fields::CfgText;
use super::config_services::update_service;
use super::users::focus_by_id;
use crate::components::FieldErrorText;
use crate::i18n::ConfigMsg;
use crate::state::use_app;
use leptos::prelude::*;
use spotdesk_api::{LocalizedText, ReplyTemplate, ResolutionCause, Service};

/// The resolution causes of service `i`, one row each, and "Add cause".
#[component]
pub fn CausesEditor(i: usize) -> impl IntoView {
    let app = use_app();
    let d = use_config_draft();
    let path = format!("services[{i}].resolution_causes");
    let list_error = d.error_for(path.clone());
    let list_error_id = format!("{}-error", field_id(&path));
    let list_path = path.clone();
    let count = move || {
        d.draft
            .with(|c| c.services.get(i).map_or(0, |s| s.resolution_causes.len()))
    };
    let read = move |k: usize, f: fn(&ResolutionCause) -> String| {
        Signal::derive(move || {
            d.draft.with(|c| {
                c.services
                    .get(i)
                    .and_then(|s| s.resolution_causes.get(k))
                    .map(f)
                    .unwrap_or_default()
            })
        })
    };
    let edit = move |k: usize, f: fn(&mut ResolutionCause, String)| {
        Callback::new(move |v: String| {
            update_service(d, i, |s: &mut Service| {
                if let Some(c) = s.resolution_causes.get_mut(k) {
                    f(c, v);
                }
            })
        })
    };
    let add_path = path.clone();
    let add = move |_| {
        update_service(d, i, |s| {
            s.resolution_causes.push(ResolutionCause {
                code: String::new(),
                name: LocalizedText::default(),
            })
        });
        let k = count() - 1;
        let target = field_id(&format!("{add_path}[{k}].code"));
        request_animation_frame(move || focus_by_id(&target));
    };
    view! {
        <fieldset class="config-row" data-testid="causes">
            <legend>{move || app.t(ConfigMsg::ResolutionCauses)}</legend>
            <p class="hint">{move || app.t(ConfigMsg::ResolutionCausesHint)}</p>
            <For each=move || 0..count() key=|k| *k let:k>
                {
                    let p = format!("{path}[{k}]");
                    let code = read(k, |c| c.code.clone());
                    view! {
                        <div class="field-row option-row" data-testid="cause-row">
                            <CfgText label=move || app.t(ConfigMsg::CauseCode).to_owned() path=format!("{p}.code")
                                value=code on_input=edit(k, |c, v| c.code = v.trim().to_owned()) required=true maxlength=64u32/>
                            <CfgText label=move || app.t(ConfigMsg::CauseNameEn).to_owned() path=format!("{p}.name.en")
                                value=read(k, |c| c.name.en.clone()) on_input=edit(k, |c, v| c.name.en = v) required=true/>
                            <CfgText label=move || app.t(ConfigMsg::CauseNameRu).to_owned() path=format!("{p}.name.ru")
                                value=read(k, |c| c.name.ru.clone()) on_input=edit(k, |c, v| c.name.ru = v) required=true/>
                            <div class="field field-button">
                                <button type="button" class="btn btn-secondary btn-danger" data-testid="cause-remove"
                                    on:click=move |_| update_service(d, i, |s| {
                                        if k < s.resolution_causes.len() {
                                            s.resolution_causes.remove(k);
                                        }
                                    })>
                                    {move || app.t(ConfigMsg::Remove)}
                                    <span class="visually-hidden">" " {move || code.get()}</span>
                                </button>
                            </div>
                        </div>
                    }
                }
            </For>
            <FieldErrorText id=list_error_id field=list_path code=list_error/>
            <button type="button" class="btn btn-secondary" data-testid="causes-add" on:click=add>
                {move || app.t(ConfigMsg::AddCause)}
            </button>
        </fieldset>
    }
}

/// The reply templates of service `i`, one block each, and "Add reply template".
#[component]
pub fn TemplatesEditor(i: usize) -> impl IntoView {
    let app = use_app();
    let d = use_config_draft();
    let path = format!("services[{i}].reply_templates");
    let list_error = d.error_for(path.clone());
    let list_error_id = format!("{}-error", field_id(&path));
    let list_path = path.clone();
    let count = move || {
        d.draft
            .with(|c| c.services.get(i).map_or(0, |s| s.reply_templates.len()))
    };
    let read = move |k: usize, f: fn(&ReplyTemplate) -> String| {
        Signal::derive(move || {
            d.draft.with(|c| {
                c.services
                    .get(i)
                    .and_then(|s| s.reply_templates.get(k))
                    .map(f)
                    .unwrap_or_default()
            })
        })
    };
    let edit = move |k: usize, f: fn(&mut ReplyTemplate, String)| {
        Callback::new(move |v: String| {
            update_service(d, i, |s: &mut Service| {
                if let Some(t) = s.reply_templates.get_mut(k) {
                    f(t, v);
                }
            })
        })
    };
    let add_path = path.clone();
    let add = move |_| {
        update_service(d, i, |s| {
            s.reply_templates.push(ReplyTemplate {
                code: String::new(),
                title: LocalizedText::default(),
                text: LocalizedText::default(),
            })
        });
        let k = count() - 1;
        let target = field_id(&format!("{add_path}[{k}].code"));
        request_animation_frame(move || focus_by_id(&target));
    };
    view! {
        <fieldset class="config-row" data-testid="reply-templates">
            <legend>{move || app.t(ConfigMsg::ReplyTemplates)}</legend>
            <p class="hint">{move || app.t(ConfigMsg::ReplyTemplatesHint)}</p>
            <For each=move || 0..count() key=|k| *k let:k>
                {
                    let p = format!("{path}[{k}]");
                    let code = read(k, |t| t.code.clone());
                    view! {
                        <div class="template-row" data-testid="template-row">
                            <div class="field-row">
                                <CfgText label=move || app.t(ConfigMsg::TemplateCode).to_owned() path=format!("{p}.code")
                                    value=code on_input=edit(k, |t, v| t.code = v.trim().to_owned()) required=true maxlength=64u32/>
                                <CfgText label=move || app.t(ConfigMsg::TemplateTitleEn).to_owned() path=format!("{p}.title.en")
                                    value=read(k, |t| t.title.en.clone()) on_input=edit(k, |t, v| t.title.en = v) required=true/>
                                <CfgText label=move || app.t(ConfigMsg::TemplateTitleRu).to_owned() path=format!("{p}.title.ru")
                                    value=read(k, |t| t.title.ru.clone()) on_input=edit(k, |t, v| t.title.ru = v) required=true/>
                            </div>
                            <div class="field-row">
                                <CfgText label=move || app.t(ConfigMsg::TemplateTextEn).to_owned() path=format!("{p}.text.en") multiline=true
                                    value=read(k, |t| t.text.en.clone()) on_input=edit(k, |t, v| t.text.en = v) required=true/>
                                <CfgText label=move || app.t(ConfigMsg::TemplateTextRu).to_owned() path=format!("{p}.text.ru") multiline=true
                                    value=read(k, |t| t.text.ru.clone()) on_input=edit(k, |t, v| t.text.ru = v) required=true/>
                                <div class="field field-button">
                                    <button type="button" class="btn btn-secondary btn-danger" data-testid="template-remove"
                                        on:click=move |_| update_service(d, i, |s| {
                                            if k < s.reply_templates.len() {
                                                s.reply_templates.remove(k);
                                            }
                                        })>
                                        {move || app.t(ConfigMsg::Remove)}
                                        <span class="visually-hidden">" " {move || code.get()}</span>
                                    </button>
                                </div>
                            </div>
                        </div>
                    }
                }
            </For>
            <FieldErrorText id=list_error_id field=list_path code=list_error/>
            <button type="button" class="btn btn-secondary" data-testid="templates-add" on:click=add>
                {move || app.t(ConfigMsg::AddTemplate)}
            </button>
        </fieldset>
    }
}
