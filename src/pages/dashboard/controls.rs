//! Period picker (presets or custom dates), grouping, breakdown and filters. Every change
//! becomes a new URL, so the view can be shared and back/forward works.

use super::query::{DashQuery, Dimension, Preset};
use crate::i18n::{DashMsg, Msg};
use crate::state::use_app;
use leptos::prelude::*;
use spotdesk_core::dashboard::Granularity;

fn preset_msg(p: Preset) -> (Option<Msg>, Option<DashMsg>) {
    match p {
        Preset::Today => (None, Some(DashMsg::Today)),
        Preset::Days7 => (Some(Msg::Last7), None),
        Preset::Days30 => (Some(Msg::Last30), None),
        Preset::Days90 => (Some(Msg::Last90), None),
        Preset::Custom => (None, Some(DashMsg::Custom)),
    }
}

/// The toolbar. `services` and `groups` are the codes present in the loaded tickets, each with
/// the name it is shown by (the code is the option's value, in the URL).
#[component]
pub fn Controls(
    query: Memo<DashQuery>,
    services: Signal<Vec<(String, String)>>,
    groups: Signal<Vec<(String, String)>>,
    /// The local first and last day currently shown (to prefill custom dates).
    shown: Signal<(String, String)>,
    on_change: Callback<DashQuery>,
) -> impl IntoView {
    let app = use_app();
    let custom = RwSignal::new(false);
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    Effect::new(move |_| {
        let q = query.get();
        custom.set(q.preset == Preset::Custom);
        let (f, t) = shown.get();
        from.set(f);
        to.set(t);
    });
    let change = move |f: &dyn Fn(&mut DashQuery)| {
        let mut q = query.get_untracked();
        f(&mut q);
        on_change.run(q);
    };
    let opt = |s: String| Some(s).filter(|s| !s.is_empty());
    let apply_custom = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (f, t) = (
            from.get_untracked().parse().ok(),
            to.get_untracked().parse().ok(),
        );
        if f.is_some() && t.is_some() {
            change(&|q| {
                q.preset = Preset::Custom;
                q.from = f;
                q.to = t;
            });
        }
    };
    view! {
        <form class="dash-controls toolbar" data-testid="dash-controls" on:submit=apply_custom>
            <label>
                <span>{move || app.t(Msg::Period)}</span>
                <select data-testid="dash-period" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if v == Preset::Custom.code() {
                        custom.set(true);
                    } else if let Some(p) = Preset::ALL.into_iter().find(|p| p.code() == v) {
                        change(&|q| { q.preset = p; q.from = None; q.to = None; });
                    }
                }>
                    {Preset::ALL.into_iter().map(|p| {
                        let (m, d) = preset_msg(p);
                        view! {
                            <option value=p.code() prop:selected=move || query.get().preset == p>
                                {move || m.map(|m| app.t(m)).or(d.map(|d| app.t(d))).unwrap_or_default()}
                            </option>
                        }
                    }).collect_view()}
                </select>
            </label>
            <Show when=move || custom.get()>
                <label>
                    <span>{move || app.t(DashMsg::From)}</span>
                    <input type="date" data-testid="dash-from" prop:value=move || from.get()
                        on:input=move |ev| from.set(event_target_value(&ev))/>
                </label>
                <label>
                    <span>{move || app.t(DashMsg::To)}</span>
                    <input type="date" data-testid="dash-to" prop:value=move || to.get()
                        on:input=move |ev| to.set(event_target_value(&ev))/>
                </label>
                <button type="submit" class="btn" data-testid="dash-apply">{move || app.t(DashMsg::Apply)}</button>
            </Show>
            <label>
                <span>{move || app.t(DashMsg::Granularity)}</span>
                <select data-testid="dash-granularity" on:change=move |ev| {
                    if let Some(g) = Granularity::parse(&event_target_value(&ev)) {
                        change(&|q| q.granularity = g);
                    }
                }>
                    {Granularity::ALL.into_iter().map(|g| {
                        let m = match g { Granularity::Day => DashMsg::Day, Granularity::Week => DashMsg::Week, Granularity::Month => DashMsg::Month };
                        view! { <option value=g.code() prop:selected=move || query.get().granularity == g>{move || app.t(m)}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label>
                <span>{move || app.t(DashMsg::BreakBy)}</span>
                <select data-testid="dash-by" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if let Some(d) = Dimension::ALL.into_iter().find(|d| d.code() == v) {
                        change(&|q| q.by = d);
                    }
                }>
                    {Dimension::ALL.into_iter().map(|d| {
                        let m = match d { Dimension::Service => DashMsg::Service, Dimension::Group => DashMsg::Group, Dimension::Line => DashMsg::Line };
                        view! { <option value=d.code() prop:selected=move || query.get().by == d>{move || app.t(m)}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label>
                <span>{move || app.t(DashMsg::Service)}</span>
                <select data-testid="dash-service" on:change=move |ev| {
                    let v = opt(event_target_value(&ev));
                    change(&|q| q.service = v.clone());
                }>
                    <option value="" prop:selected=move || query.get().service.is_none()>{move || app.t(DashMsg::All)}</option>
                    {move || services.get().into_iter().map(|(s, name)| {
                        let sel = s.clone();
                        view! { <option value=s prop:selected=move || query.get().service.as_deref() == Some(sel.as_str())>{name}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label>
                <span>{move || app.t(DashMsg::Group)}</span>
                <select data-testid="dash-group" on:change=move |ev| {
                    let v = opt(event_target_value(&ev));
                    change(&|q| q.group = v.clone());
                }>
                    <option value="" prop:selected=move || query.get().group.is_none()>{move || app.t(DashMsg::All)}</option>
                    {move || groups.get().into_iter().map(|(g, name)| {
                        let sel = g.clone();
                        view! { <option value=g prop:selected=move || query.get().group.as_deref() == Some(sel.as_str())>{name}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label>
                <span>{move || app.t(DashMsg::Line)}</span>
                <select data-testid="dash-line" on:change=move |ev| {
                    let v = event_target_value(&ev).parse::<u8>().ok();
                    change(&|q| q.line = v);
                }>
                    <option value="" prop:selected=move || query.get().line.is_none()>{move || app.t(DashMsg::All)}</option>
                    {[1u8, 2, 3].into_iter().map(|l| view! {
                        <option value=l.to_string() prop:selected=move || query.get().line == Some(l)>{l.to_string()}</option>
                    }).collect_view()}
                </select>
            </label>
        </form>
    }
}
