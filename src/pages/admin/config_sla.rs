//! `/admin/sla`: the SLA policies of one service at a time (kind, line, hours, business hours
//! or around the clock, an optional hard deadline), the business calendar
//! (`config_calendar`) and, beside them, the preview of a ticket registered now
//! (`config_sla_preview`). The page says that a change never moves the deadlines of tickets
//! already registered.

use super::config_calendar::CalendarEditor;
use super::config_draft::{field_id, index_in, use_config_draft, ConfigDraft, ConfigSection};
use super::config_fields::{CfgCheck, CfgNumber, CfgSelect, CfgText, CfgTime};
use super::config_groups::line_options;
use super::config_services::update_service;
use super::config_sla_preview::SlaPreview;
use super::users::focus_by_id;
use crate::components::FieldErrorText;
use crate::i18n::{kind_msg, text, weekday_msg, ConfigMsg};
use crate::state::use_app;
use leptos::prelude::*;
use spotdesk_api::{HardDeadline, LocalizedText, SlaPolicy, TicketKind, Weekday};

/// A ticket kind as a select value.
pub fn kind_value(k: TicketKind) -> &'static str {
    match k {
        TicketKind::Incident => "incident",
        TicketKind::ServiceRequest => "service_request",
    }
}

/// A select value as a ticket kind (anything unknown: incident).
pub fn kind_of(v: &str) -> TicketKind {
    if v == "service_request" {
        TicketKind::ServiceRequest
    } else {
        TicketKind::Incident
    }
}

/// The ticket kinds as select options, in the current language.
pub fn kind_options(lang: crate::i18n::Lang) -> Vec<(String, String)> {
    [TicketKind::Incident, TicketKind::ServiceRequest]
        .into_iter()
        .map(|k| (kind_value(k).to_owned(), text(lang, kind_msg(k)).to_owned()))
        .collect()
}

/// Changes SLA row `j` of service `i`, if it is there.
fn update_policy(d: ConfigDraft, i: usize, j: usize, f: impl FnOnce(&mut SlaPolicy)) {
    update_service(d, i, |s| {
        if let Some(p) = s.sla.get_mut(j) {
            f(p)
        }
    });
}

/// The section.
#[component]
pub fn SlaSection() -> impl IntoView {
    let app = use_app();
    let d = use_config_draft();
    // The service whose policies are shown, by code; the first one until one is chosen.
    let chosen = RwSignal::new(String::new());
    // A problem's link to an SLA row shows that row's service.
    Effect::new(move |_| {
        let wanted = d
            .wanted
            .with(|w| w.as_deref().and_then(|p| index_in(p, "services")));
        if let Some(code) = wanted.and_then(|i| {
            d.draft
                .with_untracked(|c| c.services.get(i).map(|s| s.code.clone()))
        }) {
            chosen.set(code);
        }
    });
    let index = Memo::new(move |_| {
        let code = chosen.get();
        d.draft.with(|c| {
            c.services
                .iter()
                .position(|s| s.code == code)
                .or((!c.services.is_empty()).then_some(0))
        })
    });
    let code = Signal::derive(move || {
        index
            .get()
            .and_then(|i| d.draft.with(|c| c.services.get(i).map(|s| s.code.clone())))
            .unwrap_or_default()
    });
    let services = Signal::derive(move || {
        let lang = app.lang.get();
        d.draft.with(|c| {
            c.services
                .iter()
                .map(|s| {
                    let mut label = format!("{} ({})", s.name.get(lang.code()), s.code);
                    if s.retired {
                        label = format!("{label} — {}", text(lang, ConfigMsg::Retired));
                    }
                    (s.code.clone(), label)
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <ConfigSection title=move || app.t(ConfigMsg::SlaAndCalendar).to_owned() test_id="config-sla">
            <p class="banner banner-warning" data-testid="sla-existing-note">{move || app.t(ConfigMsg::SlaNoMove)}</p>
            <div class="sla-layout">
                <div class="sla-main">
                    <section class="config-block" aria-labelledby="cfg-sla-title" data-testid="sla-policies">
                        <h3 id="cfg-sla-title">{move || app.t(ConfigMsg::SlaPolicies)}</h3>
                        <div class="field-row">
                            <div class="field">
                                <label for="sla-service">{move || app.t(ConfigMsg::Service)}</label>
                                <select id="sla-service" data-testid="sla-service" prop:value=move || code.get()
                                    on:change=move |ev| chosen.set(event_target_value(&ev))>
                                    {move || {
                                        let current = code.get();
                                        services.get().into_iter().map(|(v, l)| {
                                            let selected = v == current;
                                            view! { <option value=v selected=selected>{l}</option> }
                                        }).collect_view()
                                    }}
                                </select>
                            </div>
                        </div>
                        {move || index.get().map(|i| view! { <PolicyRows i=i/> })}
                    </section>
                    <CalendarEditor/>
                </div>
                <aside class="sla-side" aria-labelledby="sla-preview-title">
                    <SlaPreview service=code/>
                </aside>
            </div>
        </ConfigSection>
    }
}

/// The SLA rows of service `i` and "Add SLA row".
#[component]
fn PolicyRows(i: usize) -> impl IntoView {
    let app = use_app();
    let d = use_config_draft();
    let count = move || {
        d.draft
            .with(|c| c.services.get(i).map_or(0, |s| s.sla.len()))
    };
    let add = move |_| {
        update_service(d, i, |s| {
            s.sla.push(SlaPolicy {
                kind: TicketKind::Incident,
                line: 1,
                hours: 8,
                business_hours: true,
                due_before: None,
            })
        });
        let j = d
            .draft
            .with_untracked(|c| c.services.get(i).map_or(0, |s| s.sla.len()))
            .saturating_sub(1);
        request_animation_frame(move || {
            focus_by_id(&field_id(&format!("services[{i}].sla[{j}].kind")))
        });
    };
    view! {
        <p class="hint">{move || app.t(ConfigMsg::SlaRowsHint)}</p>
        <Show when=move || count() == 0>
            <p class="hint" data-testid="sla-none">{move || app.t(ConfigMsg::SlaNone)}</p>
        </Show>
        <For each=move || 0..count() key=|j| *j let:j>
            <PolicyRow i=i j=j/>
        </For>
        <div>
            <button type="button" class="btn btn-secondary" data-testid="sla-add" on:click=add>
                {move || app.t(ConfigMsg::AddSlaRow)}
            </button>
        </div>
    }
}

/// One SLA row: kind, line, hours, how they are counted, the hard deadline.
#[component]
fn PolicyRow(i: usize, j: usize) -> impl IntoView {
    let app = use_app();
    let d = use_config_draft();
    let p = move |f: &str| format!("services[{i}].sla[{j}].{f}");
    let policy = Memo::new(move |_| {
        d.draft
            .with(|c| c.services.get(i).and_then(|s| s.sla.get(j)).cloned())
    });
    let read = move |f: fn(&SlaPolicy) -> String| {
        Signal::derive(move || policy.with(|p| p.as_ref().map(f).unwrap_or_default()))
    };
    let counting = Signal::derive(move || {
        [
            ("business", ConfigMsg::CountBusiness),
            ("clock", ConfigMsg::CountClock),
        ]
        .into_iter()
        .map(|(v, m)| (v.to_owned(), app.t(m).to_owned()))
        .collect::<Vec<_>>()
    });
    let hard =
        Signal::derive(move || policy.with(|p| p.as_ref().and_then(|p| p.due_before.clone())));
    let remove = move |_| {
        update_service(d, i, |s| {
            if j < s.sla.len() {
                s.sla.remove(j);
            }
        })
    };
    let under = d.errors_under(format!("services[{i}].sla[{j}]"));
    // A problem of the row as a whole (a second row for the same kind and line).
    let row_path = format!("services[{i}].sla[{j}]");
    let row_error = d.error_for(row_path.clone());
    let row_error_id = format!("{}-error", field_id(&row_path));
    view! {
        <fieldset class="config-row" data-testid="sla-row" class:has-problems=move || under.get() != 0>
            <legend class="visually-hidden">{move || format!("{} {}", app.t(ConfigMsg::SlaRow), j + 1)}</legend>
            <div class="field-row">
                <CfgSelect label=move || app.t(ConfigMsg::Kind).to_owned() path=p("kind")
                    value=read(|p| kind_value(p.kind).to_owned())
                    options=Signal::derive(move || kind_options(app.lang.get()))
                    on_change=Callback::new(move |v: String| update_policy(d, i, j, |p| p.kind = kind_of(&v)))/>
                <CfgSelect label=move || app.t(ConfigMsg::Line).to_owned() path=p("line")
                    value=read(|p| p.line.to_string()) options=Signal::derive(line_options)
                    on_change=Callback::new(move |v: String| update_policy(d, i, j, |p| {
                        if let Ok(l) = v.parse() { p.line = l }
                    }))/>
                <CfgNumber label=move || app.t(ConfigMsg::Hours).to_owned() path=p("hours")
                    value=read(|p| p.hours.to_string()) min=1.0 max=100_000.0
                    on_input=Callback::new(move |n: f64| update_policy(d, i, j, |p| p.hours = n as u32))/>
                <CfgSelect label=move || app.t(ConfigMsg::Counting).to_owned() path=p("business_hours")
                    value=read(|p| if p.business_hours { "business" } else { "clock" }.to_owned()) options=counting
                    on_change=Callback::new(move |v: String| update_policy(d, i, j, |p| p.business_hours = v == "business"))/>
            </div>
            <CfgCheck label=move || app.t(ConfigMsg::HardDeadline).to_owned() path=p("due_before")
                checked=Signal::derive(move || hard.with(Option::is_some))
                hint=move || app.t(ConfigMsg::HardDeadlineHint).to_owned()
                on_change=Callback::new(move |on: bool| update_policy(d, i, j, |p| {
                    p.due_before = on.then(|| HardDeadline {
                        minute_of_day: 21 * 60,
                        weekdays: Vec::new(),
                        label: LocalizedText::default(),
                    });
                }))/>
            {move || hard.with(Option::is_some).then(|| view! { <HardDeadlineFields i=i j=j/> })}
            <FieldErrorText id=row_error_id field=row_path code=row_error/>
            <div class="form-actions">
                <button type="button" class="btn btn-secondary btn-danger" data-testid="sla-remove" on:click=remove>
                    {move || app.t(ConfigMsg::Remove)}
                    <span class="visually-hidden">" " {move || format!("{} {}", app.t(ConfigMsg::SlaRow), j + 1)}</span>
                </button>
            </div>
        </fieldset>
    }
}

/// The hard deadline of SLA row `j` of service `i`: time of day, weekdays, label.
#[component]
fn HardDeadlineFields(i: usize, j: usize) -> impl IntoView {
    let app = use_app();
    let d = use_config_draft();
    let p = move |f: &str| format!("services[{i}].sla[{j}].due_before.{f}");
    let hard = Memo::new(move |_| {
        d.draft.with(|c| {
            c.services
                .get(i)
                .and_then(|s| s.sla.get(j))
                .and_then(|p| p.due_before.clone())
        })
    });
    let update = move |f: Box<dyn FnOnce(&mut HardDeadline)>| {
        update_policy(d, i, j, |p| {
            if let Some(h) = p.due_before.as_mut() {
                f(h)
            }
        })
    };
    let days = Weekday::ALL
        .into_iter()
        .map(|wd| {
            let id = field_id(&format!(
                "services[{i}].sla[{j}].due_before.weekdays.{wd:?}"
            ));
            let on = Signal::derive(move || {
                hard.with(|h| h.as_ref().is_some_and(|h| h.weekdays.contains(&wd)))
            });
            let label_for = id.clone();
            view! {
                <label class="check day-check" for=label_for>
                    <input id=id type="checkbox" prop:checked=move || on.get()
                        on:change=move |ev| {
                            let checked = event_target_checked(&ev);
                            update(Box::new(move |h| {
                                h.weekdays.retain(|x| *x != wd);
                                if checked {
                                    h.weekdays.push(wd);
                                    spotdesk_core::sort::sort_by_key(&mut h.weekdays, |x| *x);
                                }
                            }));
                        }/>
                    <span>{move || app.t(weekday_msg(wd))}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <div class="hard-deadline">
            <div class="field-row">
                <CfgTime label=move || app.t(ConfigMsg::HardTime).to_owned() path=p("minute_of_day")
                    minutes=Signal::derive(move || hard.with(|h| h.as_ref().map_or(0, |h| h.minute_of_day)))
                    on_input=Callback::new(move |m: u16| update(Box::new(move |h| h.minute_of_day = m.min(1439))))/>
                <CfgText label=move || app.t(ConfigMsg::HardLabelEn).to_owned() path=p("label.en")
                    value=Signal::derive(move || hard.with(|h| h.as_ref().map(|h| h.label.en.clone()).unwrap_or_default()))
                    on_input=Callback::new(move |v: String| update(Box::new(move |h| h.label.en = v)))/>
                <CfgText label=move || app.t(ConfigMsg::HardLabelRu).to_owned() path=p("label.ru")
                    value=Signal::derive(move || hard.with(|h| h.as_ref().map(|h| h.label.ru.clone()).unwrap_or_default()))
                    on_input=Callback::new(move |v: String| update(Box::new(move |h| h.label.ru = v)))/>
            </div>
            <fieldset class="weekday-set">
                <legend>{move || app.t(ConfigMsg::HardDays)}</legend>
                <div class="weekday-checks">{days}</div>
                <p class="hint">{move || app.t(ConfigMsg::HardDaysHint)}</p>
            </fieldset>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_read_back() {
        for k in [TicketKind::Incident, TicketKind::ServiceRequest] {
            assert_eq!(kind_of(kind_value(k)), k);
        }
    }
}
