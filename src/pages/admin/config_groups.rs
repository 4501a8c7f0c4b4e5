//! `/admin/groups`: assignee groups with their support line, and the business units informed
//! about mass incidents with their after-fix instructions and contact.

use super::config_draft::{field_id, use_config_draft, ConfigSection};
use super::config_fields::{draft_text, CfgCheck, CfgSelect, CfgText};
use super::users::focus_by_id;
use crate::i18n::ConfigMsg;
use crate::state::use_app;
use leptos::prelude::*;
use spotdesk_api::settings::BusinessUnit;
use spotdesk_api::{Group, LocalizedText};

/// The support lines, as select options.
pub fn line_options() -> Vec<(String, String)> {
    (1..=3).map(|l| (l.to_string(), l.to_string())).collect()
}

/// The section.
#[component]
pub fn GroupsSection() -> impl IntoView {
    let app = use_app();
    view! {
        <ConfigSection title=move || app.t(ConfigMsg::GroupsAndUnits).to_owned() test_id="config-groups">
            <GroupsEditor/>
            <UnitsEditor/>
        </ConfigSection>
    }
}

/// The groups, one row each, and "Add group".
#[component]
fn GroupsEditor() -> impl IntoView {
    let app = use_app();
    let d = use_config_draft();
    let count = move || d.draft.with(|c| c.groups.len());
    let add = move |_| {
        d.update(|c| {
            c.groups.push(Group {
                code: String::new(),
                name: LocalizedText::default(),
                line: 1,
            })
        });
        let i = d.draft.with_untracked(|c| c.groups.len()) - 1;
        request_animation_frame(move || focus_by_id(&field_id(&format!("groups[{i}].code"))));
    };
    view! {
        <section class="config-block" aria-labelledby="cfg-groups-title" data-testid="config-group-list">
            <h3 id="cfg-groups-title">{move || app.t(ConfigMsg::Groups)}</h3>
            <p class="hint">{move || app.t(ConfigMsg::GroupsHint)}</p>
            <For each=move || 0..count() key=|i| *i let:i>
                <GroupRow i=i/>
            </For>
            <button type="button" class="btn btn-secondary" data-testid="group-add" on:click=add>
                {move || app.t(ConfigMsg::AddGroup)}
            </button>
        </section>
    }
}

/// One group: code (fixed once saved), names, line, remove.
#[component]
fn GroupRow(i: usize) -> impl IntoView {
    let app = use_app();
    let d = use_config_draft();
    let p = move |f: &str| format!("groups[{i}].{f}");
    // A saved group keeps its code: users, tickets and rules name it.
    let saved = Memo::new(move |_| {
        let code = d.draft.with(|c| c.groups.get(i).map(|g| g.code.clone()));
        d.doc.with(|doc| {
            doc.as_ref().is_some_and(|doc| {
                code.is_some_and(|code| {
                    !code.is_empty() && doc.catalogue.groups.iter().any(|g| g.code == code)
                })
            })
        })
    });
    let set = move |f: fn(&mut Group, String)| {
        Callback::new(move |v: String| {
            d.update(|c| {
                if let Some(g) = c.groups.get_mut(i) {
                    f(g, v)
                }
            })
        })
    };
    let code = draft_text(d, move |c| c.groups.get(i).map(|g| g.code.clone()));
    let under = d.errors_under(format!("groups[{i}]"));
    let problems = move || under.get() != 0;
    let remove = move |_| {
        d.update(|c| {
            if i < c.groups.len() {
                c.groups.remove(i);
            }
        })
    };
    view! {
        <fieldset class="config-row" data-testid="group-row" data-code=move || code.get()
            class:has-problems=problems>
            <legend class="visually-hidden">{move || format!("{} {}", app.t(ConfigMsg::Group), code.get())}</legend>
            <div class="field-row">
                {move || if saved.get() {
                    view! {
                        <div class="field">
                            <span class="label">{app.t(ConfigMsg::Code)}</span>
                            <code class="fixed-code" id=field_id(&p("code"))>{code.get()}</code>
                        </div>
                    }.into_any()
                } else {
                    view! {
                        <CfgText label=move || app.t(ConfigMsg::Code).to_owned() path=p("code") value=code
                            on_input=set(|g, v| g.code = v.trim().to_owned()) required=true maxlength=64u32
                            hint=move || app.t(ConfigMsg::CodeHint).to_owned()/>
                    }.into_any()
                }}
                <CfgText label=move || app.t(ConfigMsg::NameEn).to_owned() path=p("name.en")
                    value=draft_text(d, move |c| c.groups.get(i).map(|g| g.name.en.clone()))
                    on_input=set(|g, v| g.name.en = v) required=true/>
                <CfgText label=move || app.t(ConfigMsg::NameRu).to_owned() path=p("name.ru")
                    value=draft_text(d, move |c| c.groups.get(i).map(|g| g.name.ru.clone()))
                    on_input=set(|g, v| g.name.ru = v) required=true/>
                <CfgSelect label=move || app.t(ConfigMsg::Line).to_owned() path=p("line")
                    value=draft_text(d, move |c| c.groups.get(i).map(|g| g.line.to_string()))
                    options=Signal::derive(line_options)
                    on_change=Callback::new(move |v: String| d.update(|c| {
                        if let (Some(g), Ok(l)) = (c.groups.get_mut(i), v.parse()) {
                            g.line = l;
                        }
                    }))/>
            </div>
            <div class="form-actions">
                <button type="button" class="btn btn-secondary btn-danger" data-testid="group-remove" on:click=remove>
                    {move || app.t(ConfigMsg::Remove)}
                    <span class="visually-hidden">" " {move || code.get()}</span>
                </button>
            </div>
        </fieldset>
    }
}

/// The business units, one row each, and "Add business unit".
#[component]
fn UnitsEditor() -> impl IntoView {
    let app = use_app();
    let d = use_config_draft();
    let count = move || d.draft.with(|c| c.business_units.len());
    let add = move |_| {
        d.update(|c| {
            c.business_units.push(BusinessUnit {
                code: String::new(),
                name: LocalizedText::default(),
                after_fix: LocalizedText::default(),
                contact: String::new(),
                retired: false,
            })
        });
        let i = d.draft.with_untracked(|c| c.business_units.len()) - 1;
        request_animation_frame(move || {
            focus_by_id(&field_id(&format!("business_units[{i}].code")))
        });
    };
    view! {
        <section class="config-block" aria-labelledby="cfg-units-title" data-testid="config-unit-list">
            <h3 id="cfg-units-title">{move || app.t(ConfigMsg::BusinessUnits)}</h3>
            <p class="hint">{move || app.t(ConfigMsg::UnitsHint)}</p>
            <For each=move || 0..count() key=|i| *i let:i>
                <UnitRow i=i/>
            </For>
            <button type="button" class="btn btn-secondary" data-testid="unit-add" on:click=add>
                {move || app.t(ConfigMsg::AddUnit)}
            </button>
        </section>
    }
}

/// One business unit: code, names, after-fix instructions, contact, retired.
#[component]
fn UnitRow(i: usize) -> impl IntoView {
    let app = use_app();
    let d = use_config_draft();
    let p = move |f: &str| format!("business_units[{i}].{f}");
    let set = move |f: fn(&mut BusinessUnit, String)| {
        Callback::new(move |v: String| {
            d.update(|c| {
                if let Some(u) = c.business_units.get_mut(i) {
                    f(u, v)
                }
            })
        })
    };
    let get = move |f: fn(&BusinessUnit) -> String| {
        draft_text(d, move |c| c.business_units.get(i).map(f))
    };
    let code = get(|u| u.code.clone());
    let under = d.errors_under(format!("business_units[{i}]"));
    let problems = move || under.get() != 0;
    let retired = Signal::derive(move || {
        d.draft
            .with(|c| c.business_units.get(i).is_some_and(|u| u.retired))
    });
    view! {
        <fieldset class="config-row" data-testid="unit-row" data-code=move || code.get()
            class:row-disabled=move || retired.get()
            class:has-problems=problems>
            <legend class="visually-hidden">{move || format!("{} {}", app.t(ConfigMsg::BusinessUnit), code.get())}</legend>
            <div class="field-row">
                <CfgText label=move || app.t(ConfigMsg::Code).to_owned() path=p("code") value=code
                    on_input=set(|u, v| u.code = v.trim().to_owned()) required=true maxlength=64u32/>
                <CfgText label=move || app.t(ConfigMsg::NameEn).to_owned() path=p("name.en")
                    value=get(|u| u.name.en.clone()) on_input=set(|u, v| u.name.en = v) required=true/>
                <CfgText label=move || app.t(ConfigMsg::NameRu).to_owned() path=p("name.ru")
                    value=get(|u| u.name.ru.clone()) on_input=set(|u, v| u.name.ru = v) required=true/>
                <CfgText label=move || app.t(ConfigMsg::Contact).to_owned() path=p("contact")
                    value=get(|u| u.contact.clone()) on_input=set(|u, v| u.contact = v)
                    hint=move || app.t(ConfigMsg::ContactHint).to_owned()/>
            </div>
            <div class="field-row">
                <CfgText label=move || app.t(ConfigMsg::AfterFixEn).to_owned() path=p("after_fix.en") multiline=true
                    value=get(|u| u.after_fix.en.clone()) on_input=set(|u, v| u.after_fix.en = v)/>
                <CfgText label=move || app.t(ConfigMsg::AfterFixRu).to_owned() path=p("after_fix.ru") multiline=true
                    value=get(|u| u.after_fix.ru.clone()) on_input=set(|u, v| u.after_fix.ru = v)/>
            </div>
            <CfgCheck label=move || app.t(ConfigMsg::UnitRetired).to_owned() path=p("retired") checked=retired
                on_change=Callback::new(move |v: bool| d.update(|c| {
                    if let Some(u) = c.business_units.get_mut(i) {
                        u.retired = v;
                    }
                }))
                hint=move || app.t(ConfigMsg::UnitRetiredHint).to_owned()/>
        </fieldset>
    }
}
