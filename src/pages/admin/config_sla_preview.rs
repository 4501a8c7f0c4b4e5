//! The SLA preview beside the editor: "a ticket registered now would be due at …, because …",
//! computed on the draft with `spotdesk_core::sla::compute`, the function the server runs when
//! it registers a ticket, so a ticket registered at that time gets exactly that deadline.

use super::config_draft::use_config_draft;
use super::config_groups::line_options;
use super::config_sla::{kind_of, kind_options, kind_value};
use crate::components::sla_why::sla_why;
use crate::components::use_clock;
use crate::format;
use crate::i18n::ConfigMsg;
use crate::state::use_app;
use chrono::{DateTime, Local, NaiveDateTime, TimeZone, Utc};
use leptos::prelude::*;
use spotdesk_api::TicketKind;
use spotdesk_core::sla;

/// The instant of a `datetime-local` value (`2026-12-12T10:00`, seconds optional), in the
/// browser's time zone (the one dates are shown in). Read by hand, without chrono's format
/// parser (see `format.rs`).
pub fn parse_local(s: &str) -> Option<DateTime<Utc>> {
    let (date, time) = s.trim().split_once('T')?;
    let date = spotdesk_core::validate::parse_ymd(date)?;
    let mut parts = time.split(':');
    let mut next = || parts.next().and_then(|p| p.parse::<u32>().ok());
    let (h, m) = (next()?, next()?);
    let sec = next().unwrap_or(0);
    let naive: NaiveDateTime = date.and_hms_opt(h, m, sec)?;
    Local
        .from_local_datetime(&naive)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

/// "A ticket registered now (7 Dec 10:15)" or "A ticket registered at 12 Dec 10:00".
fn registered_when(lang: crate::i18n::Lang, chosen: bool, when: DateTime<Utc>) -> String {
    let at = format::datetime(lang, when);
    if chosen {
        format!(
            "{} {at}",
            crate::i18n::text(lang, ConfigMsg::PreviewRegisteredAt)
        )
    } else {
        format!(
            "{} ({at})",
            crate::i18n::text(lang, ConfigMsg::PreviewRegisteredNow)
        )
    }
}

/// The preview for the service `service` (by code).
#[component]
pub fn SlaPreview(#[prop(into)] service: Signal<String>) -> impl IntoView {
    let app = use_app();
    let d = use_config_draft();
    let now = use_clock(15);
    let kind = RwSignal::new(TicketKind::Incident);
    let line = RwSignal::new(1u8);
    // Empty: now.
    let at = RwSignal::new(String::new());
    let start = Memo::new(move |_| parse_local(&at.get()));
    let result = Memo::new(move |_| {
        let code = service.get();
        let when = start.get().unwrap_or_else(|| now.get());
        let (kind, line) = (kind.get(), line.get());
        d.draft
            .with(|c| sla::compute(c, &code, kind, line, when))
            .map(|e| (when, e))
    });
    let sentence = move || {
        let lang = app.lang.get();
        let chosen = start.get().is_some();
        match result.get() {
            Some((when, e)) => view! {
                <p data-testid="sla-preview-text">
                    {format!(
                        "{} {} ",
                        registered_when(lang, chosen, when),
                        app.t(ConfigMsg::PreviewWouldBeDue)
                    )}
                    <strong data-testid="sla-preview-due">{format::datetime(lang, e.deadline)}</strong>
                    {format!(", {}: ", app.t(ConfigMsg::PreviewBecause))}
                    <span data-testid="sla-preview-why">{sla_why(lang, &e)}</span>
                    "."
                </p>
            }
            .into_any(),
            None => view! {
                <p data-testid="sla-preview-text">
                    <span data-testid="sla-preview-none">{app.t(ConfigMsg::PreviewNone)}</span>
                </p>
            }
            .into_any(),
        }
    };
    view! {
        <section class="sla-preview config-row" data-testid="sla-preview">
            <h3 id="sla-preview-title">{move || app.t(ConfigMsg::Preview)}</h3>
            <div class="field">
                <label for="sla-preview-kind">{move || app.t(ConfigMsg::Kind)}</label>
                <select id="sla-preview-kind" data-testid="sla-preview-kind" prop:value=move || kind_value(kind.get())
                    on:change=move |ev| kind.set(kind_of(&event_target_value(&ev)))>
                    {move || kind_options(app.lang.get()).into_iter().map(|(v, l)| {
                        let selected = v == kind_value(kind.get_untracked());
                        view! { <option value=v selected=selected>{l}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="sla-preview-line">{move || app.t(ConfigMsg::Line)}</label>
                <select id="sla-preview-line" data-testid="sla-preview-line" prop:value=move || line.get().to_string()
                    on:change=move |ev| if let Ok(l) = event_target_value(&ev).parse() { line.set(l) }>
                    {line_options().into_iter().map(|(v, l)| view! { <option value=v>{l}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="sla-preview-at">{move || app.t(ConfigMsg::PreviewAt)}</label>
                <input id="sla-preview-at" type="datetime-local" data-testid="sla-preview-at" aria-describedby="sla-preview-at-hint"
                    prop:value=move || at.get() on:input=move |ev| at.set(event_target_value(&ev))/>
                <p class="hint" id="sla-preview-at-hint">{move || app.t(ConfigMsg::PreviewAtHint)}</p>
            </div>
            <Show when=move || !at.with(String::is_empty)>
                <button type="button" class="btn btn-secondary" data-testid="sla-preview-now" on:click=move |_| at.set(String::new())>
                    {move || app.t(ConfigMsg::PreviewNow)}
                </button>
            </Show>
            <div class="preview-result" aria-live="polite">{sentence}</div>
            <p class="hint">{move || app.t(ConfigMsg::PreviewSame)}</p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_times_parse_with_or_without_seconds() {
        assert!(parse_local("2026-12-12T10:00").is_some());
        assert!(parse_local("2026-12-12T10:00:30").is_some());
        assert!(parse_local("").is_none());
        assert!(parse_local("12.12.2026 10:00").is_none());
    }
}
