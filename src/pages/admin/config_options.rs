//! A list of choice options (`value` and its label in both languages): a service's topics and
//! the options of a choice or multi-choice field.

use super::config_draft::{field_id, use_config_draft};
use super::config_fields::CfgText;
use super::users::focus_by_id;
use crate::components::FieldErrorText;
use crate::i18n::ConfigMsg;
use crate::state::use_app;
use leptos::prelude::*;
use spotdesk_api::{ChoiceOption, LocalizedText};

/// The options at `path` (`services[2].topics`), each row `path[k]`; every change hands the
/// whole new list to `on_change`.
#[component]
pub fn OptionsEditor(
    #[prop(into)] path: String,
    #[prop(into)] options: Signal<Vec<ChoiceOption>>,
    on_change: Callback<Vec<ChoiceOption>>,
    /// The text of the add button.
    add_label: ConfigMsg,
    /// `data-testid` of the list; rows are `<test_id>-row`.
    test_id: &'static str,
) -> impl IntoView {
    let app = use_app();
    let d = use_config_draft();
    // A problem of the list as a whole (a choice without options, a repeated value).
    let list_error = d.error_for(path.clone());
    let list_error_id = format!("{}-error", field_id(&path));
    let list_path = path.clone();
    let count = move || options.with(Vec::len);
    let edit = move |k: usize, f: fn(&mut ChoiceOption, String)| {
        Callback::new(move |v: String| {
            let mut list = options.get_untracked();
            if let Some(o) = list.get_mut(k) {
                f(o, v);
                on_change.run(list);
            }
        })
    };
    let read = move |k: usize, f: fn(&ChoiceOption) -> String| {
        Signal::derive(move || options.with(|l| l.get(k).map(f).unwrap_or_default()))
    };
    let add_path = path.clone();
    let add = move |_| {
        let mut list = options.get_untracked();
        list.push(ChoiceOption {
            value: String::new(),
            label: LocalizedText::default(),
        });
        let k = list.len() - 1;
        on_change.run(list);
        let target = field_id(&format!("{add_path}[{k}].value"));
        request_animation_frame(move || focus_by_id(&target));
    };
    let row_test_id = format!("{test_id}-row");
    view! {
        <div class="options-editor" data-testid=test_id>
            <For each=move || 0..count() key=|k| *k let:k>
                {
                    let p = format!("{path}[{k}]");
                    let value = read(k, |o| o.value.clone());
                    view! {
                        <div class="field-row option-row" data-testid=row_test_id.clone()>
                            <CfgText label=move || app.t(ConfigMsg::OptionValue).to_owned() path=format!("{p}.value")
                                value=value on_input=edit(k, |o, v| o.value = v.trim().to_owned()) required=true/>
                            <CfgText label=move || app.t(ConfigMsg::LabelEn).to_owned() path=format!("{p}.label.en")
                                value=read(k, |o| o.label.en.clone()) on_input=edit(k, |o, v| o.label.en = v) required=true/>
                            <CfgText label=move || app.t(ConfigMsg::LabelRu).to_owned() path=format!("{p}.label.ru")
                                value=read(k, |o| o.label.ru.clone()) on_input=edit(k, |o, v| o.label.ru = v) required=true/>
                            <div class="field field-button">
                                <button type="button" class="btn btn-secondary btn-danger" data-testid="option-remove"
                                    on:click=move |_| {
                                        let mut list = options.get_untracked();
                                        if k < list.len() {
                                            list.remove(k);
                                            on_change.run(list);
                                        }
                                    }>
                                    {move || app.t(ConfigMsg::Remove)}
                                    <span class="visually-hidden">" " {move || value.get()}</span>
                                </button>
                            </div>
                        </div>
                    }
                }
            </For>
            <FieldErrorText id=list_error_id field=list_path code=list_error/>
            <button type="button" class="btn btn-secondary" data-testid=format!("{test_id}-add") on:click=add>
                {move || app.t(add_label)}
            </button>
        </div>
    }
}
