//! A service's extra fields (`Service::fields`): key, label, type (text with a maximum length,
//! number with bounds, date, choice, multi-choice with their options) and whether a ticket
//! needs it.

use super::config_draft::{field_id, use_config_draft, ConfigDraft};
use super::config_fields::{draft_text, CfgCheck, CfgNumber, CfgSelect, CfgText};
use super::config_options::OptionsEditor;
use super::config_services::update_service;
use super::users::focus_by_id;
use crate::i18n::ConfigMsg;
use crate::state::use_app;
use leptos::prelude::*;
use spotdesk_api::{ChoiceOption, FieldKind, FieldSpec, LocalizedText};

/// A field type as a select value.
pub fn kind_value(k: &FieldKind) -> &'static str {
    match k {
        FieldKind::Text { .. } => "text",
        FieldKind::Number { .. } => "number",
        FieldKind::Date => "date",
        FieldKind::Choice { .. } => "choice",
        FieldKind::MultiChoice { .. } => "multi_choice",
    }
}

/// The kind a type select value switches `old` to: the options of a choice carry over to a
/// multi-choice and back; other types start with sensible bounds.
pub fn switch_kind(old: &FieldKind, to: &str) -> FieldKind {
    let options = match old {
        FieldKind::Choice { options } | FieldKind::MultiChoice { options } => options.clone(),
        _ => Vec::new(),
    };
    match to {
        "number" => FieldKind::Number {
            min: 0.0,
            max: 1_000_000.0,
        },
        "date" => FieldKind::Date,
        "choice" => FieldKind::Choice { options },
        "multi_choice" => FieldKind::MultiChoice { options },
        _ => FieldKind::Text { max_len: 200 },
    }
}

/// A number as an input shows it (no `.0` on whole numbers).
pub fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

/// Changes field `j` of service `i`, if it is there.
fn update_field(d: ConfigDraft, i: usize, j: usize, f: impl FnOnce(&mut FieldSpec)) {
    update_service(d, i, |s| {
        if let Some(x) = s.fields.get_mut(j) {
            f(x)
        }
    });
}

/// The extra fields of service `i` and "Add field".
#[component]
pub fn ExtraFields(i: usize) -> impl IntoView {
    let app = use_app();
    let d = use_config_draft();
    let count = move || {
        d.draft
            .with(|c| c.services.get(i).map_or(0, |s| s.fields.len()))
    };
    let add = move |_| {
        update_service(d, i, |s| {
            s.fields.push(FieldSpec {
                key: String::new(),
                label: LocalizedText::default(),
                kind: FieldKind::Text { max_len: 200 },
                required: false,
            })
        });
        let j = count_untracked(d, i).saturating_sub(1);
        request_animation_frame(move || {
            focus_by_id(&field_id(&format!("services[{i}].fields[{j}].key")))
        });
    };
    view! {
        <fieldset class="config-row" data-testid="extra-fields">
            <legend>{move || app.t(ConfigMsg::ExtraFields)}</legend>
            <p class="hint">{move || app.t(ConfigMsg::ExtraFieldsHint)}</p>
            <For each=move || 0..count() key=|j| *j let:j>
                <FieldRow i=i j=j/>
            </For>
            <div>
                <button type="button" class="btn btn-secondary" data-testid="field-add" on:click=add>
                    {move || app.t(ConfigMsg::AddField)}
                </button>
            </div>
        </fieldset>
    }
}

fn count_untracked(d: ConfigDraft, i: usize) -> usize {
    d.draft
        .with_untracked(|c| c.services.get(i).map_or(0, |s| s.fields.len()))
}

/// One extra field.
#[component]
fn FieldRow(i: usize, j: usize) -> impl IntoView {
    let app = use_app();
    let d = use_config_draft();
    let p = move |f: &str| format!("services[{i}].fields[{j}].{f}");
    let read = move |f: fn(&FieldSpec) -> String| {
        draft_text(d, move |c| {
            c.services.get(i).and_then(|s| s.fields.get(j)).map(f)
        })
    };
    let set = move |f: fn(&mut FieldSpec, String)| {
        Callback::new(move |v: String| update_field(d, i, j, |x| f(x, v)))
    };
    let kind = Memo::new(move |_| {
        d.draft.with(|c| {
            c.services
                .get(i)
                .and_then(|s| s.fields.get(j))
                .map(|x| x.kind.clone())
                .unwrap_or(FieldKind::Date)
        })
    });
    let key = read(|x| x.key.clone());
    let types = Signal::derive(move || {
        [
            ("text", ConfigMsg::TypeText),
            ("number", ConfigMsg::TypeNumber),
            ("date", ConfigMsg::TypeDate),
            ("choice", ConfigMsg::TypeChoice),
            ("multi_choice", ConfigMsg::TypeMultiChoice),
        ]
        .into_iter()
        .map(|(v, m)| (v.to_owned(), app.t(m).to_owned()))
        .collect::<Vec<_>>()
    });
    let remove = move |_| {
        update_service(d, i, |s| {
            if j < s.fields.len() {
                s.fields.remove(j);
            }
        })
    };
    let specifics = move || {
        match kind.get() {
        FieldKind::Text { max_len } => view! {
            <CfgNumber label=move || app.t(ConfigMsg::MaxLength).to_owned() path=p("kind.max_len")
                value=Signal::derive(move || max_len.to_string()) min=1.0 max=10_000.0
                on_input=Callback::new(move |n: f64| update_field(d, i, j, |x| x.kind = FieldKind::Text { max_len: n as u32 }))/>
        }
        .into_any(),
        FieldKind::Number { min, max } => view! {
            <CfgNumber label=move || app.t(ConfigMsg::Min).to_owned() path=p("kind.min") step="any"
                value=Signal::derive(move || number_text(min))
                on_input=Callback::new(move |n: f64| update_field(d, i, j, |x| {
                    if let FieldKind::Number { min, .. } = &mut x.kind { *min = n }
                }))/>
            <CfgNumber label=move || app.t(ConfigMsg::Max).to_owned() path=p("kind.max") step="any"
                value=Signal::derive(move || number_text(max))
                on_input=Callback::new(move |n: f64| update_field(d, i, j, |x| {
                    if let FieldKind::Number { max, .. } = &mut x.kind { *max = n }
                }))/>
        }
        .into_any(),
        FieldKind::Date => ().into_any(),
        FieldKind::Choice { .. } | FieldKind::MultiChoice { .. } => {
            let options = Signal::derive(move || match kind.get() {
                FieldKind::Choice { options } | FieldKind::MultiChoice { options } => options,
                _ => Vec::new(),
            });
            view! {
                <div class="field field-wide">
                    <span class="label">{move || app.t(ConfigMsg::Options)}</span>
                    <OptionsEditor path=p("kind.options") options=options test_id="choice-options" add_label=ConfigMsg::AddOption
                        on_change=Callback::new(move |v: Vec<ChoiceOption>| update_field(d, i, j, |x| match &mut x.kind {
                            FieldKind::Choice { options } | FieldKind::MultiChoice { options } => *options = v,
                            _ => {}
                        }))/>
                </div>
            }
            .into_any()
        }
    }
    };
    view! {
        <div class="config-subrow" data-testid="field-row" data-key=move || key.get()>
            <div class="field-row">
                <CfgText label=move || app.t(ConfigMsg::FieldKey).to_owned() path=p("key") value=key required=true
                    on_input=set(|x, v| x.key = v.trim().to_owned()) maxlength=64u32
                    hint=move || app.t(ConfigMsg::FieldKeyHint).to_owned()/>
                <CfgText label=move || app.t(ConfigMsg::LabelEn).to_owned() path=p("label.en") required=true
                    value=read(|x| x.label.en.clone()) on_input=set(|x, v| x.label.en = v)/>
                <CfgText label=move || app.t(ConfigMsg::LabelRu).to_owned() path=p("label.ru") required=true
                    value=read(|x| x.label.ru.clone()) on_input=set(|x, v| x.label.ru = v)/>
                <CfgSelect label=move || app.t(ConfigMsg::FieldType).to_owned() path=p("kind")
                    value=Signal::derive(move || kind.with(|k| kind_value(k).to_owned())) options=types
                    on_change=Callback::new(move |v: String| update_field(d, i, j, |x| x.kind = switch_kind(&x.kind, &v)))/>
            </div>
            <div class="field-row">{specifics}</div>
            <div class="form-actions">
                <CfgCheck label=move || app.t(ConfigMsg::FieldRequired).to_owned() path=p("required")
                    checked=Signal::derive(move || d.draft.with(|c| c.services.get(i).and_then(|s| s.fields.get(j)).is_some_and(|x| x.required)))
                    on_change=Callback::new(move |v: bool| update_field(d, i, j, |x| x.required = v))/>
                <button type="button" class="btn btn-secondary btn-danger" data-testid="field-remove" on:click=remove>
                    {move || app.t(ConfigMsg::Remove)}
                    <span class="visually-hidden">" " {move || key.get()}</span>
                </button>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn switching_between_choices_keeps_the_options() {
        let options = vec![ChoiceOption {
            value: "a".into(),
            label: LocalizedText::new("A", "А"),
        }];
        let multi = switch_kind(
            &FieldKind::Choice {
                options: options.clone(),
            },
            "multi_choice",
        );
        assert_eq!(multi, FieldKind::MultiChoice { options });
        assert_eq!(
            switch_kind(&multi, "text"),
            FieldKind::Text { max_len: 200 }
        );
        assert_eq!(kind_value(&FieldKind::Date), "date");
    }

    #[test]
    fn whole_numbers_show_without_a_point() {
        assert_eq!(number_text(5.0), "5");
        assert_eq!(number_text(2.5), "2.5");
    }
}
