//! The error text under a form field.

use crate::i18n::{
    account_field_text, field_error_text, field_problem_text, service_field_text,
    standard_field_text,
};
use crate::state::use_app;
use leptos::prelude::*;
use spotdesk_api::FieldKind;

/// Renders the translated text of a field error code, with `id` so the input can point at it
/// through `aria-describedby`. Renders an empty live region when there is no error. A few
/// fields give a code their own text (`account_field_text`: a taken username, a wrong current
/// password …), and so do the standard ticket fields and, given their `kind`, service fields
/// (`standard_field_text`, `service_field_text`: what the field accepts instead of "Invalid
/// value"). With `errors` (the answer's field errors), a length problem says what is allowed
/// and what was typed ("At most 2,000 characters, you typed 2,314").
#[component]
pub fn FieldErrorText(
    /// Element id, conventionally `<input id>-error`.
    #[prop(into)]
    id: String,
    /// Request field name (e.g. `customer_phone`, `fields.contract_no`), for the test id.
    #[prop(into)]
    field: String,
    /// The error code, if any.
    #[prop(into)]
    code: Signal<Option<String>>,
    /// The field errors of the answer, for the counts of this field's error.
    #[prop(optional, into)]
    errors: Option<Signal<Vec<spotdesk_api::FieldError>>>,
    /// What the field accepts, said instead of a bare "Invalid value" for an invalid, out of
    /// range or unknown choice value (a service field's kind: "A number from 1 to 100").
    #[prop(optional)]
    kind: Option<FieldKind>,
) -> impl IntoView {
    let app = use_app();
    let test_id = format!("error-{field}");
    view! {
        <p class="field-error" id=id data-testid=test_id aria-live="polite">
            {move || code.get().map(|c| {
                let lang = app.lang.get();
                if let Some(t) = account_field_text(lang, &field, &c) {
                    return t.to_owned();
                }
                if let Some(t) = standard_field_text(lang, &field, &c) {
                    return t.to_owned();
                }
                if let Some(t) = kind.as_ref().and_then(|k| service_field_text(lang, k, &c)) {
                    return t;
                }
                errors
                    .and_then(|all| {
                        all.with(|all| {
                            all.iter()
                                .find(|e| e.field == field && e.code == c)
                                .map(|e| field_problem_text(lang, e))
                        })
                    })
                    .unwrap_or_else(|| field_error_text(lang, &c).to_owned())
            })}
        </p>
    }
}
