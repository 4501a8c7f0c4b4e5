//! Inputs of the configuration editors. Each is labelled, named by its configuration path
//! (its element id is [`field_id`] of the path, which the problem list's links focus) and shows
//! the server's error for that path beside it ([`ConfigDraft::error_for`]).

use super::config_draft::{field_id, use_config_draft, ConfigDraft};
use crate::components::FieldErrorText;
use leptos::prelude::*;
use spotdesk_api::Catalogue;

/// A text of the draft, read by `get` (empty when the row is gone), tracked.
pub fn draft_text(
    d: ConfigDraft,
    get: impl Fn(&Catalogue) -> Option<String> + Send + Sync + 'static,
) -> Signal<String> {
    Signal::derive(move || d.draft.with(|c| get(c).unwrap_or_default()))
}

/// The class of a field's wrapper: `field`, plus `has-error` while the server reports one.
fn field_class(error: Signal<Option<String>>) -> impl Fn() -> &'static str + Copy {
    move || {
        if error.with(Option::is_some) {
            "field has-error"
        } else {
            "field"
        }
    }
}

/// A text input (or a text area with `multiline`).
#[component]
pub fn CfgText(
    /// The visible label.
    #[prop(into)]
    label: Signal<String>,
    /// The configuration path of the value (`groups[1].code`).
    #[prop(into)]
    path: String,
    #[prop(into)] value: Signal<String>,
    on_input: Callback<String>,
    /// A hint under the input.
    #[prop(optional, into)]
    hint: Option<Signal<String>>,
    /// Marks the input as required for assistive technology (the server still decides).
    #[prop(optional)]
    required: bool,
    /// A text area instead of one line.
    #[prop(optional)]
    multiline: bool,
    #[prop(optional)] maxlength: Option<u32>,
) -> impl IntoView {
    let d = use_config_draft();
    let id = field_id(&path);
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let error = d.error_for(path.clone());
    let described = if hint.is_some() {
        format!("{error_id} {hint_id}")
    } else {
        error_id.clone()
    };
    let invalid = move || error.with(Option::is_some).to_string();
    let input = if multiline {
        view! {
            <textarea id=id.clone() rows="3" aria-describedby=described required=required
                aria-invalid=invalid maxlength=maxlength data-path=path.clone()
                prop:value=move || value.get()
                on:input=move |ev| on_input.run(event_target_value(&ev))></textarea>
        }
        .into_any()
    } else {
        view! {
            <input id=id.clone() type="text" autocomplete="off" aria-describedby=described required=required
                aria-invalid=invalid maxlength=maxlength data-path=path.clone()
                prop:value=move || value.get()
                on:input=move |ev| on_input.run(event_target_value(&ev))/>
        }
        .into_any()
    };
    view! {
        <div class=field_class(error)>
            <label for=id>{move || label.get()}</label>
            {input}
            {hint.map(|h| view! { <p class="hint" id=hint_id>{move || h.get()}</p> })}
            <FieldErrorText id=error_id field=path code=error/>
        </div>
    }
}

/// A number input. The value goes to `on_input` only when it reads as a number within
/// `min..=max` (the input shows what was typed either way, with the server's error if it
/// refuses the value saved).
#[component]
pub fn CfgNumber(
    #[prop(into)] label: Signal<String>,
    #[prop(into)] path: String,
    /// The value as text (so an integer shows without a decimal point).
    #[prop(into)]
    value: Signal<String>,
    on_input: Callback<f64>,
    #[prop(optional, into)] hint: Option<Signal<String>>,
    #[prop(default = f64::MIN)] min: f64,
    #[prop(default = f64::MAX)] max: f64,
    /// `any` for decimals; `1` (the default) for whole numbers.
    #[prop(default = "1")]
    step: &'static str,
) -> impl IntoView {
    let d = use_config_draft();
    let id = field_id(&path);
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let error = d.error_for(path.clone());
    let described = if hint.is_some() {
        format!("{error_id} {hint_id}")
    } else {
        error_id.clone()
    };
    let min_attr = (min > f64::MIN).then(|| min.to_string());
    let max_attr = (max < f64::MAX).then(|| max.to_string());
    let whole = step == "1";
    view! {
        <div class=field_class(error)>
            <label for=id.clone()>{move || label.get()}</label>
            <input id=id type="number" inputmode=if whole { "numeric" } else { "decimal" } step=step
                min=min_attr max=max_attr aria-describedby=described data-path=path.clone()
                aria-invalid=move || error.with(Option::is_some).to_string()
                prop:value=move || value.get()
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    if let Ok(n) = text.trim().parse::<f64>() {
                        if n.is_finite() && n >= min && n <= max && (!whole || n.fract() == 0.0) {
                            on_input.run(n);
                        }
                    }
                }/>
            {hint.map(|h| view! { <p class="hint" id=hint_id>{move || h.get()}</p> })}
            <FieldErrorText id=error_id field=path code=error/>
        </div>
    }
}

/// A checkbox with its label to the right (the whole label is the touch target).
#[component]
pub fn CfgCheck(
    #[prop(into)] label: Signal<String>,
    #[prop(into)] path: String,
    #[prop(into)] checked: Signal<bool>,
    on_change: Callback<bool>,
    #[prop(optional, into)] hint: Option<Signal<String>>,
) -> impl IntoView {
    let d = use_config_draft();
    let id = field_id(&path);
    let error_id = format!("{id}-error");
    let error = d.error_for(path.clone());
    let label_for = id.clone();
    view! {
        <div class=move || format!("{} field-check", field_class(error)())>
            <label class="check" for=label_for>
                <input id=id type="checkbox" aria-describedby=error_id.clone() data-path=path.clone()
                    prop:checked=move || checked.get()
                    on:change=move |ev| on_change.run(event_target_checked(&ev))/>
                <span>{move || label.get()}</span>
            </label>
            {hint.map(|h| view! { <p class="hint">{move || h.get()}</p> })}
            <FieldErrorText id=error_id field=path code=error/>
        </div>
    }
}

/// A select of `(value, label)` options.
#[component]
pub fn CfgSelect(
    #[prop(into)] label: Signal<String>,
    #[prop(into)] path: String,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    on_change: Callback<String>,
    #[prop(optional, into)] hint: Option<Signal<String>>,
) -> impl IntoView {
    let d = use_config_draft();
    let id = field_id(&path);
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let error = d.error_for(path.clone());
    let described = if hint.is_some() {
        format!("{error_id} {hint_id}")
    } else {
        error_id.clone()
    };
    view! {
        <div class=field_class(error)>
            <label for=id.clone()>{move || label.get()}</label>
            <select id=id aria-describedby=described data-path=path.clone()
                aria-invalid=move || error.with(Option::is_some).to_string()
                prop:value=move || value.get()
                on:change=move |ev| on_change.run(event_target_value(&ev))>
                {move || {
                    let current = value.get();
                    options.get().into_iter().map(|(v, l)| {
                        let selected = v == current;
                        view! { <option value=v selected=selected>{l}</option> }
                    }).collect_view()
                }}
            </select>
            {hint.map(|h| view! { <p class="hint" id=hint_id>{move || h.get()}</p> })}
            <FieldErrorText id=error_id field=path code=error/>
        </div>
    }
}

/// `HH:MM` of minutes after midnight (1440 reads `24:00`).
pub fn minutes_text(m: u16) -> String {
    format!("{:02}:{:02}", m / 60, m % 60)
}

/// Minutes after midnight of `HH:MM` (`24:00` is 1440).
pub fn parse_minutes(s: &str) -> Option<u16> {
    let (h, m) = s.trim().split_once(':')?;
    let (h, m): (u16, u16) = (h.parse().ok()?, m.get(..2).unwrap_or(m).parse().ok()?);
    (m < 60 && (h < 24 || (h == 24 && m == 0))).then_some(h * 60 + m)
}

/// A time of day (`<input type="time">`), as minutes after midnight.
#[component]
pub fn CfgTime(
    #[prop(into)] label: Signal<String>,
    #[prop(into)] path: String,
    #[prop(into)] minutes: Signal<u16>,
    on_input: Callback<u16>,
) -> impl IntoView {
    let d = use_config_draft();
    let id = field_id(&path);
    let error_id = format!("{id}-error");
    let error = d.error_for(path.clone());
    view! {
        <div class=field_class(error)>
            <label for=id.clone()>{move || label.get()}</label>
            <input id=id type="time" step="60" aria-describedby=error_id.clone() data-path=path.clone()
                aria-invalid=move || error.with(Option::is_some).to_string()
                prop:value=move || minutes_text(minutes.get().min(1439))
                on:input=move |ev| {
                    if let Some(m) = parse_minutes(&event_target_value(&ev)) {
                        on_input.run(m);
                    }
                }/>
            <FieldErrorText id=error_id field=path code=error/>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_back() {
        assert_eq!(parse_minutes("09:30"), Some(570));
        assert_eq!(parse_minutes("24:00"), Some(1440));
        assert_eq!(parse_minutes("24:01"), None);
        assert_eq!(parse_minutes("9:7x"), None);
        assert_eq!(minutes_text(1260), "21:00");
    }
}
