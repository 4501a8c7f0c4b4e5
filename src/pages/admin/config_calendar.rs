//! The business calendar business-hour deadlines are counted in: working hours per weekday
//! (several intervals a day for a break), holidays, the pre-holiday short day and the centre's
//! offset from UTC.

use super::config_draft::{field_id, use_config_draft, ConfigDraft};
use super::config_fields::{CfgNumber, CfgSelect, CfgTime};
use super::users::focus_by_id;
use crate::components::sla_why::utc_offset;
use crate::format;
use crate::i18n::{weekday_msg, ConfigMsg};
use crate::state::use_app;
use leptos::prelude::*;
use spotdesk_api::{Catalogue, Weekday, WorkingHours};
use spotdesk_core::sla::BusinessCalendar;

/// The working week the calendar uses, one entry per interval, Monday first: the stored
/// `working_week`, or the one `business_day` means when that is empty.
fn effective_week(c: &Catalogue) -> Vec<WorkingHours> {
    if c.working_week.is_empty() {
        BusinessCalendar::from_catalogue(c).working_week()
    } else {
        c.working_week.clone()
    }
}

/// Changes the working week, first writing out the one `business_day` means if none is
/// stored (so indices match what is shown).
fn update_week(d: ConfigDraft, f: impl FnOnce(&mut Vec<WorkingHours>)) {
    d.update(|c| {
        if c.working_week.is_empty() {
            c.working_week = effective_week(c);
        }
        f(&mut c.working_week)
    });
}

/// Adds an interval to `day` after its last one (09:00–18:00 for a day off), keeping the week
/// in weekday order; returns its index.
pub fn add_interval(week: &mut Vec<WorkingHours>, day: Weekday) -> usize {
    let last_end = week
        .iter()
        .filter(|w| w.weekday == day)
        .map(|w| w.end_minute)
        .max();
    let (start_minute, end_minute) = match last_end {
        None => (540, 1080),
        Some(end) => {
            let start = (end + 60).min(1380);
            (start, (start + 60).min(1440))
        }
    };
    let at = week
        .iter()
        .position(|w| w.weekday > day)
        .unwrap_or(week.len());
    week.insert(
        at,
        WorkingHours {
            weekday: day,
            start_minute,
            end_minute,
        },
    );
    at
}

/// The offsets from UTC a centre may be in, every half hour.
fn offset_options() -> Vec<(String, String)> {
    (-24..=28)
        .map(|h| h * 30)
        .map(|m: i32| (m.to_string(), utc_offset(m)))
        .collect()
}

/// The calendar editor.
#[component]
pub fn CalendarEditor() -> impl IntoView {
    let app = use_app();
    let d = use_config_draft();
    view! {
        <section class="config-block" aria-labelledby="cfg-calendar-title" data-testid="calendar-editor">
            <h3 id="cfg-calendar-title">{move || app.t(ConfigMsg::Calendar)}</h3>
            <p class="hint">{move || app.t(ConfigMsg::CalendarHint)}</p>
            <fieldset class="config-row" data-testid="working-week">
                <legend>{move || app.t(ConfigMsg::WorkingWeek)}</legend>
                {Weekday::ALL.into_iter().map(|day| view! { <WeekdayRow day=day/> }).collect_view()}
            </fieldset>
            <Holidays/>
            <div class="config-row">
                <div class="field-row">
                    <CfgNumber label=move || app.t(ConfigMsg::ShortMinutes).to_owned() path="pre_holiday_short_minutes"
                        value=Signal::derive(move || d.draft.with(|c| c.pre_holiday_short_minutes.to_string()))
                        min=0.0 max=720.0 hint=move || app.t(ConfigMsg::ShortMinutesHint).to_owned()
                        on_input=Callback::new(move |n: f64| d.update(|c| c.pre_holiday_short_minutes = n as u32))/>
                    <CfgSelect label=move || app.t(ConfigMsg::UtcOffset).to_owned() path="business_day.utc_offset_minutes"
                        value=Signal::derive(move || d.draft.with(|c| c.business_day.utc_offset_minutes.to_string()))
                        options=Signal::derive(offset_options)
                        hint=move || app.t(ConfigMsg::UtcOffsetHint).to_owned()
                        on_change=Callback::new(move |v: String| d.update(|c| {
                            if let Ok(m) = v.parse() { c.business_day.utc_offset_minutes = m }
                        }))/>
                </div>
            </div>
        </section>
    }
}

/// One weekday: its intervals (or "day off") and "Add hours".
#[component]
fn WeekdayRow(day: Weekday) -> impl IntoView {
    let app = use_app();
    let d = use_config_draft();
    // Indices into the (effective) week of this day's intervals.
    let intervals = Memo::new(move |_| {
        d.draft.with(|c| {
            effective_week(c)
                .iter()
                .enumerate()
                .filter(|(_, w)| w.weekday == day)
                .map(|(k, _)| k)
                .collect::<Vec<_>>()
        })
    });
    let add = move |_| {
        let mut at = 0;
        update_week(d, |w| at = add_interval(w, day));
        request_animation_frame(move || {
            focus_by_id(&field_id(&format!("working_week[{at}].start_minute")))
        });
    };
    view! {
        <div class="weekday-row" data-testid="weekday-row" data-day=format!("{day:?}")>
            <strong class="weekday-name">{move || app.t(weekday_msg(day))}</strong>
            <div class="weekday-intervals">
                <Show when=move || intervals.with(Vec::is_empty)>
                    <span class="hint">{move || app.t(ConfigMsg::DayOff)}</span>
                </Show>
                <For each=move || intervals.get() key=|k| *k let:k>
                    <Interval k=k/>
                </For>
            </div>
            <button type="button" class="btn btn-secondary" data-testid="interval-add" on:click=add>
                {move || app.t(ConfigMsg::AddHours)}
                <span class="visually-hidden">" " {move || app.t(weekday_msg(day))}</span>
            </button>
        </div>
    }
}

/// One working interval of the week, at index `k`.
#[component]
fn Interval(k: usize) -> impl IntoView {
    let app = use_app();
    let d = use_config_draft();
    let get = move |f: fn(&WorkingHours) -> u16| {
        Signal::derive(move || d.draft.with(|c| effective_week(c).get(k).map_or(0, f)))
    };
    let set = move |f: fn(&mut WorkingHours, u16)| {
        Callback::new(move |m: u16| {
            update_week(d, |w| {
                if let Some(x) = w.get_mut(k) {
                    f(x, m)
                }
            })
        })
    };
    view! {
        <div class="interval">
            <CfgTime label=move || app.t(ConfigMsg::From).to_owned() path=format!("working_week[{k}].start_minute")
                minutes=get(|w| w.start_minute) on_input=set(|w, m| w.start_minute = m)/>
            <CfgTime label=move || app.t(ConfigMsg::To).to_owned() path=format!("working_week[{k}].end_minute")
                minutes=get(|w| w.end_minute) on_input=set(|w, m| w.end_minute = m)/>
            <div class="field field-button">
                <button type="button" class="btn btn-secondary btn-danger" data-testid="interval-remove"
                    on:click=move |_| update_week(d, |w| {
                        if k < w.len() {
                            w.remove(k);
                        }
                    })>
                    {move || app.t(ConfigMsg::Remove)}
                </button>
            </div>
        </div>
    }
}

/// The holidays, in date order, and a date input to add one.
#[component]
fn Holidays() -> impl IntoView {
    let app = use_app();
    let d = use_config_draft();
    let typed = RwSignal::new(String::new());
    let count = move || d.draft.with(|c| c.holidays.len());
    let add = move || {
        let Some(date) = spotdesk_core::validate::parse_ymd(typed.get_untracked().trim()) else {
            return;
        };
        d.update(|c| {
            if !c.holidays.contains(&date) {
                c.holidays.push(date);
                spotdesk_core::sort::sort_by_key(&mut c.holidays, |x| *x);
            }
        });
        typed.set(String::new());
    };
    view! {
        <fieldset class="config-row" data-testid="holidays">
            <legend>{move || app.t(ConfigMsg::HolidaysTitle)}</legend>
            <ul class="holiday-list">
                <For each=move || 0..count() key=|k| *k let:k>
                    {
                        let date = Signal::derive(move || d.draft.with(|c| c.holidays.get(k).copied()));
                        let path = format!("holidays[{k}]");
                        let error = d.error_for(path.clone());
                        view! {
                            <li id=field_id(&path) tabindex="-1" class:has-error=move || error.with(Option::is_some)
                                data-testid="holiday" data-date=move || date.get().map(format::iso_date).unwrap_or_default()>
                                <span>{move || date.get().map(|x| format!("{} ({})", format::date(app.lang.get(), x), format::iso_date(x))).unwrap_or_default()}</span>
                                <button type="button" class="btn btn-secondary btn-danger" data-testid="holiday-remove"
                                    on:click=move |_| d.update(|c| {
                                        if k < c.holidays.len() {
                                            c.holidays.remove(k);
                                        }
                                    })>
                                    {move || app.t(ConfigMsg::Remove)}
                                    <span class="visually-hidden">" " {move || date.get().map(format::iso_date).unwrap_or_default()}</span>
                                </button>
                                {move || error.get().map(|c| view! { <span class="field-error">{crate::i18n::field_error_text(app.lang.get(), &c)}</span> })}
                            </li>
                        }
                    }
                </For>
            </ul>
            <div class="field-row holiday-add">
                <div class="field">
                    <label for="holiday-new">{move || app.t(ConfigMsg::HolidayNew)}</label>
                    <input id="holiday-new" type="date" prop:value=move || typed.get()
                        on:input=move |ev| typed.set(event_target_value(&ev))
                        on:keydown=move |ev| if ev.key() == "Enter" { ev.prevent_default(); add() }/>
                </div>
                <div class="field field-button">
                    <button type="button" class="btn btn-secondary" data-testid="holiday-add" on:click=move |_| add()>
                        {move || app.t(ConfigMsg::AddHoliday)}
                    </button>
                </div>
            </div>
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_added_interval_keeps_the_week_in_order() {
        let mut week = effective_week(&Catalogue::default());
        assert_eq!(week.len(), 5);
        let at = add_interval(&mut week, Weekday::Sat);
        assert_eq!(at, 5);
        assert_eq!((week[5].start_minute, week[5].end_minute), (540, 1080));
        let at = add_interval(&mut week, Weekday::Mon);
        assert_eq!(at, 1);
        assert_eq!(week[1].weekday, Weekday::Mon);
        assert_eq!((week[1].start_minute, week[1].end_minute), (1140, 1200));
    }
}
