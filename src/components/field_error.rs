//! The error text under a form field.

use crate::i18n::field_error_text;
use crate::state::use_app;
use leptos::prelude::*;

/// Renders the translated text of a field error code, with `id` so the input can point at it
/// through `aria-describedby`. Renders an empty live region when there is no error.
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
    view! {
        <p class="field-error" id=id data-testid=format!("error-{field}") aria-live="polite">
            {move || code.get().map(|c| field_error_text(app.lang.get(), &c))}
        </p>
    }
}
