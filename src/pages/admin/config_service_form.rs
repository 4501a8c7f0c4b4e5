//! One service's editor: names and description, picker group, default group, the
//! network-quality flag, topics, which standard fields its ticket form shows or requires, its
//! extra fields (`config_service_fields`), its resolution causes and reply templates
//! (`config_service_closing`) and retiring it.

use super::config_draft::{use_config_draft, ConfigDraft};
use super::config_fields::{draft_text, CfgCheck, CfgSelect, CfgText};
use super::config_options::OptionsEditor;
use super::config_service_closing::{CausesEditor, TemplatesEditor};
use super::config_service_fields::ExtraFields;
use super::config_services::update_service;
use crate::i18n::ConfigMsg;
use crate::state::use_app;
use leptos::prelude::*;
use spotdesk_api::{ChoiceOption, FieldPresence, Service, StandardFields};

/// A presence as a select value.
pub fn presence_value(p: FieldPresence) -> &'static str {
    match p {
        FieldPresence::Hidden => "hidden",
        FieldPresence::Optional => "optional",
        FieldPresence::Required => "required",
    }
}

/// A select value as a presence (anything unknown: optional).
pub fn presence_of(v: &str) -> FieldPresence {
    match v {
        "hidden" => FieldPresence::Hidden,
        "required" => FieldPresence::Required,
        _ => FieldPresence::Optional,
    }
}

/// The standard fields an administrator may show, hide or require: their `form` key, label
/// and place in [`StandardFields`].
type Standard = (
    &'static str,
    ConfigMsg,
    fn(&StandardFields) -> FieldPresence,
    fn(&mut StandardFields, FieldPresence),
);

const STANDARD: [Standard; 4] = [
    (
        "description",
        ConfigMsg::StdDescription,
        |f| f.description,
        |f, p| f.description = p,
    ),
    (
        "customer_name",
        ConfigMsg::StdCustomerName,
        |f| f.customer_name,
        |f, p| f.customer_name = p,
    ),
    (
        "segment",
        ConfigMsg::StdSegment,
        |f| f.segment,
        |f, p| f.segment = p,
    ),
    (
        "lifetime_value",
        ConfigMsg::StdLifetimeValue,
        |f| f.lifetime_value,
        |f, p| f.lifetime_value = p,
    ),
];

/// Service `i`'s text read by `f`, tracked.
fn service_text(d: ConfigDraft, i: usize, f: fn(&Service) -> String) -> Signal<String> {
    draft_text(d, move |c| c.services.get(i).map(f))
}

/// The editor of service `i`.
#[component]
pub fn ServiceEditor(i: usize, panel_id: String) -> impl IntoView {
    let app = use_app();
    let d = use_config_draft();
    let p = move |f: &str| format!("services[{i}].{f}");
    let set = move |f: fn(&mut Service, String)| {
        Callback::new(move |v: String| update_service(d, i, |s| f(s, v)))
    };
    let get = move |f: fn(&Service) -> String| service_text(d, i, f);
    // A saved service keeps its code: tickets name it.
    let saved = Memo::new(move |_| {
        let code = d.draft.with(|c| c.services.get(i).map(|s| s.code.clone()));
        d.doc.with(|doc| {
            doc.as_ref().is_some_and(|doc| {
                code.is_some_and(|code| {
                    !code.is_empty() && doc.catalogue.services.iter().any(|s| s.code == code)
                })
            })
        })
    });
    let groups = Signal::derive(move || {
        let lang = app.lang.get().code();
        d.draft.with(|c| {
            c.groups
                .iter()
                .map(|g| (g.code.clone(), format!("{} ({})", g.name.get(lang), g.code)))
                .collect::<Vec<_>>()
        })
    });
    let retired = Signal::derive(move || {
        d.draft
            .with(|c| c.services.get(i).is_some_and(|s| s.retired))
    });
    let code = get(|s| s.code.clone());
    let topics = Signal::derive(move || {
        d.draft.with(|c| {
            c.services
                .get(i)
                .map(|s| s.topics.clone())
                .unwrap_or_default()
        })
    });
    let standard = STANDARD
        .into_iter()
        .map(|(key, label, read, write)| {
            let value = Signal::derive(move || {
                d.draft.with(|c| c.services.get(i).map(|s| presence_value(read(&s.form))).unwrap_or("optional").to_owned())
            });
            let options = Signal::derive(move || {
                [
                    ("hidden", ConfigMsg::PresenceHidden),
                    ("optional", ConfigMsg::PresenceOptional),
                    ("required", ConfigMsg::PresenceRequired),
                ]
                .into_iter()
                .map(|(v, m)| (v.to_owned(), app.t(m).to_owned()))
                .collect::<Vec<_>>()
            });
            view! {
                <CfgSelect label=move || app.t(label).to_owned() path=p(&format!("form.{key}")) value=value options=options
                    on_change=Callback::new(move |v: String| update_service(d, i, |s| write(&mut s.form, presence_of(&v))))/>
            }
        })
        .collect_view();
    view! {
        <div id=panel_id class="config-editor" role="region" aria-label=move || format!("{} {}", app.t(ConfigMsg::Service), code.get())
            data-testid="service-editor">
            <fieldset class="config-row">
                <legend>{move || app.t(ConfigMsg::ServiceBasics)}</legend>
                <div class="field-row">
                    {move || if saved.get() {
                        view! {
                            <div class="field">
                                <span class="label">{app.t(ConfigMsg::Code)}</span>
                                <code class="fixed-code">{code.get()}</code>
                            </div>
                        }.into_any()
                    } else {
                        view! {
                            <CfgText label=move || app.t(ConfigMsg::Code).to_owned() path=p("code") value=code
                                on_input=set(|s, v| s.code = v.trim().to_owned()) required=true maxlength=64u32
                                hint=move || app.t(ConfigMsg::CodeHint).to_owned()/>
                        }.into_any()
                    }}
                    <CfgText label=move || app.t(ConfigMsg::NameEn).to_owned() path=p("name.en") required=true
                        value=get(|s| s.name.en.clone()) on_input=set(|s, v| s.name.en = v)/>
                    <CfgText label=move || app.t(ConfigMsg::NameRu).to_owned() path=p("name.ru") required=true
                        value=get(|s| s.name.ru.clone()) on_input=set(|s, v| s.name.ru = v)/>
                </div>
                <div class="field-row">
                    <CfgText label=move || app.t(ConfigMsg::DescriptionEn).to_owned() path=p("description.en") multiline=true
                        value=get(|s| s.description.en.clone()) on_input=set(|s, v| s.description.en = v)/>
                    <CfgText label=move || app.t(ConfigMsg::DescriptionRu).to_owned() path=p("description.ru") multiline=true
                        value=get(|s| s.description.ru.clone()) on_input=set(|s, v| s.description.ru = v)/>
                </div>
                <div class="field-row">
                    <CfgText label=move || app.t(ConfigMsg::PickerGroup).to_owned() path=p("group")
                        value=get(|s| s.group.clone()) on_input=set(|s, v| s.group = v.trim().to_owned()) required=true
                        hint=move || app.t(ConfigMsg::PickerGroupHint).to_owned()/>
                    <CfgSelect label=move || app.t(ConfigMsg::DefaultGroup).to_owned() path=p("default_group")
                        value=get(|s| s.default_group.clone()) options=groups
                        on_change=set(|s, v| s.default_group = v)
                        hint=move || app.t(ConfigMsg::DefaultGroupHint).to_owned()/>
                </div>
                <CfgCheck label=move || app.t(ConfigMsg::NetworkQuality).to_owned() path=p("network_quality")
                    checked=Signal::derive(move || d.draft.with(|c| c.services.get(i).is_some_and(|s| s.network_quality)))
                    on_change=Callback::new(move |v: bool| update_service(d, i, |s| s.network_quality = v))
                    hint=move || app.t(ConfigMsg::NetworkQualityHint).to_owned()/>
            </fieldset>
            <fieldset class="config-row">
                <legend>{move || app.t(ConfigMsg::Topics)}</legend>
                <p class="hint">{move || app.t(ConfigMsg::TopicsHint)}</p>
                <OptionsEditor path=p("topics") options=topics test_id="topics"
                    add_label=ConfigMsg::AddTopic
                    on_change=Callback::new(move |v: Vec<ChoiceOption>| update_service(d, i, |s| s.topics = v))/>
            </fieldset>
            <fieldset class="config-row">
                <legend>{move || app.t(ConfigMsg::StandardFields)}</legend>
                <p class="hint">{move || app.t(ConfigMsg::StandardFieldsHint)}</p>
                <div class="field-row">{standard}</div>
            </fieldset>
            <ExtraFields i=i/>
            <CausesEditor i=i/>
            <TemplatesEditor i=i/>
            <div class="config-row retire-row">
                <p class="hint">{move || app.t(if retired.get() { ConfigMsg::UnretireHint } else { ConfigMsg::RetireHint })}</p>
                <button type="button" class="btn btn-secondary" data-testid="service-retire"
                    class:btn-danger=move || !retired.get()
                    on:click=move |_| update_service(d, i, |s| s.retired = !s.retired)>
                    {move || app.t(if retired.get() { ConfigMsg::Unretire } else { ConfigMsg::Retire })}
                </button>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presence_reads_back() {
        for p in [
            FieldPresence::Hidden,
            FieldPresence::Optional,
            FieldPresence::Required,
        ] {
            assert_eq!(presence_of(presence_value(p)), p);
        }
        assert_eq!(presence_of("x"), FieldPresence::Optional);
    }
}
