//! The selected service's own fields, rendered by their kind.

use super::draft::{error_for, Draft};
use crate::components::FieldErrorText;
use crate::i18n::Msg;
use crate::state::use_app;
use leptos::prelude::*;
use spotdesk_api::{FieldError, FieldKind, FieldSpec, Service};

/// Inputs for every field of `service`. Ids are `ticket-field-<key>`, names `fields.<key>`
/// (the request field name, matching server errors).
#[component]
pub fn ServiceFields(
    service: Service,
    draft: Draft,
    #[prop(into)] errors: Signal<Vec<FieldError>>,
) -> impl IntoView {
    let app = use_app();
    if service.fields.is_empty() {
        return ().into_any();
    }
    view! {
        <fieldset class="service-fields" data-testid="service-fields">
            <legend>{move || app.t(Msg::ServiceFields)}</legend>
            {service.fields.into_iter().map(|f| view! { <FieldInput spec=f draft=draft errors=errors/> }).collect_view()}
        </fieldset>
    }
    .into_any()
}

#[component]
fn FieldInput(spec: FieldSpec, draft: Draft, errors: Signal<Vec<FieldError>>) -> impl IntoView {
    let app = use_app();
    let name = format!("fields.{}", spec.key);
    let id = format!("ticket-field-{}", spec.key);
    let err_id = format!("{id}-error");
    let error = Signal::derive({
        let name = name.clone();
        move || errors.with(|e| error_for(e, &[name.as_str()]))
    });
    let invalid = move || error.with(Option::is_some).to_string();
    let label = spec.label.clone();
    let label_text = move || label.get(app.lang.get().code()).to_owned();
    let required = spec.required;
    let marker =
        move || required.then(|| view! { <span class="req" aria-hidden="true">" *"</span> });
    let key = spec.key.clone();
    let value = Signal::derive({
        let key = key.clone();
        move || {
            draft
                .values
                .with(|v| v.get(&key).cloned().unwrap_or_default())
        }
    });
    let set_value = {
        let key = key.clone();
        move |v: String| {
            draft.values.update(|m| {
                m.insert(key.clone(), v);
            })
        }
    };

    let kind = spec.kind.clone();
    let input = match spec.kind {
        FieldKind::Text { max_len } => view! {
            <input id=id.clone() name=name.clone() type="text" maxlength=max_len aria-required=required.to_string()
                aria-invalid=invalid aria-describedby=err_id.clone()
                prop:value=value on:input=move |ev| set_value(event_target_value(&ev))/>
        }
        .into_any(),
        FieldKind::Number { min, max } => view! {
            <input id=id.clone() name=name.clone() type="number" inputmode="decimal" step="any" min=min max=max
                aria-required=required.to_string() aria-invalid=invalid aria-describedby=err_id.clone()
                prop:value=value on:input=move |ev| set_value(event_target_value(&ev))/>
        }
        .into_any(),
        FieldKind::Date => view! {
            <input id=id.clone() name=name.clone() type="date" aria-required=required.to_string()
                aria-invalid=invalid aria-describedby=err_id.clone()
                prop:value=value on:input=move |ev| set_value(event_target_value(&ev))/>
        }
        .into_any(),
        FieldKind::Choice { options } => view! {
            <select id=id.clone() name=name.clone() aria-required=required.to_string() aria-invalid=invalid
                aria-describedby=err_id.clone() on:change=move |ev| set_value(event_target_value(&ev))>
                <option value="" prop:selected=move || value.with(String::is_empty)>{move || app.t(Msg::Choose)}</option>
                {options.into_iter().map(|o| {
                    let v = o.value.clone();
                    view! {
                        <option value=o.value.clone() prop:selected=move || value.with(|x| *x == v)>
                            {move || o.label.get(app.lang.get().code()).to_owned()}
                        </option>
                    }
                }).collect_view()}
            </select>
        }
        .into_any(),
        FieldKind::MultiChoice { options } => {
            return view! {
                <fieldset class="field checkbox-group" class:has-error=move || error.with(Option::is_some)
                    aria-describedby=err_id.clone() data-testid=format!("field-{}", spec.key)>
                    <legend>{label_text}{marker}</legend>
                    {options.into_iter().map(|o| {
                        let (k1, k2, v1, v2) = (key.clone(), key.clone(), o.value.clone(), o.value.clone());
                        let cid = format!("{id}-{}", o.value);
                        let for_id = cid.clone();
                        view! {
                            <label class="checkbox" for=for_id>
                                <input id=cid type="checkbox" name=name.clone() value=o.value.clone()
                                    prop:checked=move || draft.multi.with(|m| m.get(&k1).is_some_and(|s| s.contains(&v1)))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        draft.multi.update(|m| {
                                            let set = m.entry(k2.clone()).or_default();
                                            if on { set.insert(v2.clone()); } else { set.remove(&v2); }
                                        });
                                    }/>
                                <span>{move || o.label.get(app.lang.get().code()).to_owned()}</span>
                            </label>
                        }
                    }).collect_view()}
                    <FieldErrorText id=err_id.clone() field=name.clone() code=error errors=errors kind=kind.clone()/>
                </fieldset>
            }
            .into_any();
        }
    };
    view! {
        <div class="field" class:has-error=move || error.with(Option::is_some) data-testid=format!("field-{}", spec.key)>
            <label for=id>{label_text}{marker}</label>
            {input}
            <FieldErrorText id=err_id field=name code=error errors=errors kind=kind.clone()/>
        </div>
    }
    .into_any()
}
