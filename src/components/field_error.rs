//! The error text under a form field.

use crate::i18n::{account_field_text, field_error_text};
use crate::state::use_app;
use leptos::prelude::*;

/// Renders the translated text of a field error code, with `id` so the input can point at it
/// through `aria-describedby`. Renders an empty live region when there is no error. A few
/// fields give a code their own text (`account_field_text`: a taken username, a wrong current
/// password …).
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
) -> impl IntoView {
    let app = use_app();
    let test_id = format!("error-{field}");
    view! {
        <p class="field-error" id=id data-testid=test_id aria-live="polite">
            {move || code.get().map(|c| {
                let lang = app.lang.get();
                account_field_text(lang, &field, &c).unwrap_or_else(|| field_error_text(lang, &c))
            })}
        </p>
    }
}
