//! The filter bar of the ticket list. Every change becomes a new URL (see [`ListFilter`]);
//! the search text applies on Enter or the Search button.

use super::query::{sort_name, ListFilter, SORTS};
use crate::i18n::{status_msg, ListMsg, Msg};
use crate::state::use_app;
use leptos::prelude::*;
use spotdesk_api::{Catalogue, TicketSort, TicketStatus};

fn sort_msg(s: TicketSort) -> ListMsg {
    match s {
        TicketSort::CreatedDesc => ListMsg::SortNewest,
        TicketSort::CreatedAsc => ListMsg::SortOldest,
        TicketSort::DeadlineAsc => ListMsg::SortDeadline,
    }
}

/// The filters; `on_change` receives the new filter to navigate to.
#[component]
pub fn Filters(
    #[prop(into)] filter: Signal<ListFilter>,
    #[prop(into)] catalogue: Signal<Option<Catalogue>>,
    on_change: Callback<ListFilter>,
) -> impl IntoView {
    let app = use_app();
    let text = RwSignal::new(String::new());
    // Back/forward changes the URL: show its search text.
    Effect::new(move |_| text.set(filter.with(|f| f.q.clone())));
    let change = move |f: &dyn Fn(&mut ListFilter)| {
        let mut next = filter.get_untracked();
        next.q = text.get_untracked();
        f(&mut next);
        on_change.run(next);
    };
    let lang = move || app.lang.get().code();
    let services = move || {
        catalogue.with(|c| {
            c.as_ref()
                .map(|c| {
                    c.services
                        .iter()
                        .map(|s| (s.code.clone(), s.name.get(lang()).to_owned()))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    let groups = move || {
        catalogue.with(|c| {
            c.as_ref()
                .map(|c| {
                    c.groups
                        .iter()
                        .map(|g| (g.code.clone(), g.name.get(lang()).to_owned()))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    view! {
        <form class="card filters" role="search" aria-labelledby="filters-title" novalidate
            on:submit=move |ev| { ev.prevent_default(); change(&|_| {}); }>
            <h2 id="filters-title" class="visually-hidden">{move || app.t(ListMsg::Filters)}</h2>
            <fieldset class="status-filter">
                <legend>{move || app.t(Msg::ColStatus)}</legend>
                {TicketStatus::ALL.into_iter().map(|s| {
                    let id = format!("filter-status-{}", s.as_str());
                    view! {
                        <label class="checkbox chip" for=id.clone()>
                            <input id=id.clone() type="checkbox" prop:checked=move || filter.with(|f| f.statuses.contains(&s))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    change(&|f| {
                                        f.statuses.retain(|x| *x != s);
                                        if on { f.statuses.push(s); }
                                        spotdesk_core::sort::sort_by_key(&mut f.statuses, |x| TicketStatus::ALL.iter().position(|y| y == x));
                                    });
                                }/>
                            <span>{move || app.t(status_msg(s))}</span>
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <div class="filter-grid">
                <div class="field">
                    <label for="filter-service">{move || app.t(Msg::Service)}</label>
                    <select id="filter-service" on:change=move |ev| { let v = event_target_value(&ev); change(&|f| f.service = v.clone()); }>
                        <option value="" prop:selected=move || filter.with(|f| f.service.is_empty())>{move || app.t(ListMsg::All)}</option>
                        {move || services().into_iter().map(|(code, name)| {
                            let c = code.clone();
                            view! { <option value=code prop:selected=move || filter.with(|f| f.service == c)>{name}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="filter-line">{move || app.t(ListMsg::Line)}</label>
                    <select id="filter-line" on:change=move |ev| { let v = event_target_value(&ev).parse().ok(); change(&|f| f.line = v); }>
                        <option value="" prop:selected=move || filter.with(|f| f.line.is_none())>{move || app.t(ListMsg::All)}</option>
                        {[1u8, 2, 3].into_iter().map(|l| view! {
                            <option value=l.to_string() prop:selected=move || filter.with(|f| f.line == Some(l))>{l}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="filter-group">{move || app.t(Msg::ColGroup)}</label>
                    <select id="filter-group" on:change=move |ev| { let v = event_target_value(&ev); change(&|f| f.group = v.clone()); }>
                        <option value="" prop:selected=move || filter.with(|f| f.group.is_empty())>{move || app.t(ListMsg::All)}</option>
                        {move || groups().into_iter().map(|(code, name)| {
                            let c = code.clone();
                            view! { <option value=code prop:selected=move || filter.with(|f| f.group == c)>{name}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="filter-from">{move || app.t(ListMsg::From)}</label>
                    <input id="filter-from" type="date" prop:value=move || filter.with(|f| f.from.map(|d| d.to_string()).unwrap_or_default())
                        on:change=move |ev| { let v = event_target_value(&ev).parse().ok(); change(&|f| f.from = v); }/>
                </div>
                <div class="field">
                    <label for="filter-to">{move || app.t(ListMsg::To)}</label>
                    <input id="filter-to" type="date" prop:value=move || filter.with(|f| f.to.map(|d| d.to_string()).unwrap_or_default())
                        on:change=move |ev| { let v = event_target_value(&ev).parse().ok(); change(&|f| f.to = v); }/>
                </div>
                <div class="field">
                    <label for="filter-sort">{move || app.t(ListMsg::Sort)}</label>
                    <select id="filter-sort" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        if let Some(s) = SORTS.into_iter().find(|s| sort_name(*s) == v) { change(&|f| f.sort = s); }
                    }>
                        {SORTS.into_iter().map(|s| view! {
                            <option value=sort_name(s) prop:selected=move || filter.with(|f| f.sort == s)>{move || app.t(sort_msg(s))}</option>
                        }).collect_view()}
                    </select>
                </div>
            </div>
            <div class="filter-search">
                <label class="checkbox" for="filter-overdue">
                    <input id="filter-overdue" type="checkbox" prop:checked=move || filter.with(|f| f.overdue)
                        on:change=move |ev| { let on = event_target_checked(&ev); change(&|f| f.overdue = on); }/>
                    <span>{move || app.t(ListMsg::OnlyOverdue)}</span>
                </label>
                <div class="field grow">
                    <label for="filter-q">{move || app.t(ListMsg::SearchText)}</label>
                    <input id="filter-q" type="search" prop:value=text on:input=move |ev| text.set(event_target_value(&ev))/>
                </div>
                <button type="submit" class="btn btn-primary" data-testid="filter-search">{move || app.t(ListMsg::Search)}</button>
                <a class="btn btn-secondary" href="/tickets" data-testid="filter-reset">{move || app.t(ListMsg::Reset)}</a>
            </div>
        </form>
    }
}
