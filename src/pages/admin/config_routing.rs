//! `/admin/routing`: the routing rules in the order they are tried (priority, then id), each
//! with its conditions (service, channel, kind, segment; "any" or a value) and its target
//! line and group; moving a rule up or down swaps its place; and the "try it" box
//! (`config_routing_try`), which runs core's routing on the draft.

use super::config_draft::{field_id, use_config_draft, ConfigSection};
use super::config_fields::CfgSelect;
use super::config_routing_try::TryRouting;
use super::users::focus_by_id;
use crate::components::FieldErrorText;
use crate::i18n::{channel_msg, kind_msg, text, DeskMsg, Lang, RulesMsg};
use crate::state::use_app;
use leptos::prelude::*;
use serde::Serialize;
use spotdesk_api::{Catalogue, Channel, RoutingRule, Segment, TicketKind};

/// Ticket kinds, in display order.
pub const KINDS: [TicketKind; 2] = [TicketKind::Incident, TicketKind::ServiceRequest];

/// The wire name of an enum value (`partner`, `service_request`), used as a select value.
pub fn code_of<T: Serialize>(v: T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The value of `all` whose wire name is `code`.
pub fn parse_code<T: Copy + Serialize>(all: &[T], code: &str) -> Option<T> {
    all.iter().copied().find(|v| code_of(*v) == code)
}

/// Options of an enum select: "any" (empty value) first when `any`, then every value.
pub fn enum_options<T: Copy + Serialize>(
    lang: Lang,
    all: &[T],
    label: impl Fn(T) -> &'static str,
    any: bool,
) -> Vec<(String, String)> {
    let mut out = Vec::with_capacity(all.len() + 1);
    if any {
        out.push((String::new(), text(lang, RulesMsg::Any).to_owned()));
    }
    out.extend(all.iter().map(|v| (code_of(*v), label(*v).to_owned())));
    out
}

/// The label of a segment.
pub fn segment_label(lang: Lang, s: Segment) -> &'static str {
    text(
        lang,
        match s {
            Segment::Mass => DeskMsg::SegMass,
            Segment::Business => DeskMsg::SegBusiness,
            Segment::Vip => DeskMsg::SegVip,
        },
    )
}

/// Options of the service select: "any" first when `any`, then every service (retired ones
/// marked), plus `current` if no service has that code (so a dangling value stays visible).
pub fn service_options(
    lang: Lang,
    cat: &Catalogue,
    any: bool,
    current: &str,
) -> Vec<(String, String)> {
    let mut out = Vec::with_capacity(cat.services.len() + 2);
    if any {
        out.push((String::new(), text(lang, RulesMsg::Any).to_owned()));
    }
    for s in &cat.services {
        out.push((
            s.code.clone(),
            format!("{} ({})", s.name.get(lang.code()), s.code),
        ));
    }
    if !current.is_empty() && !cat.services.iter().any(|s| s.code == current) {
        out.push((
            current.to_owned(),
            format!("{current} ({})", text(lang, RulesMsg::Unknown)),
        ));
    }
    out
}

/// The indices of `rules` in the order routing tries them: priority, then id.
pub fn evaluation_order(rules: &[RoutingRule]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..rules.len()).collect();
    spotdesk_core::sort::sort_by_key(&mut order, |&i| (rules[i].priority, rules[i].id));
    order
}

/// Moves rule `i` one place earlier (`up`) or later in the evaluation order: swaps its
/// priority with its neighbour's, or, when both have the same priority, numbers every rule
/// 10, 20, 30 … in the new order. `false` when it is already first (last) or not there.
pub fn move_rule(rules: &mut [RoutingRule], i: usize, up: bool) -> bool {
    let mut order = evaluation_order(rules);
    let Some(pos) = order.iter().position(|&k| k == i) else {
        return false;
    };
    let Some(other) = (if up {
        pos.checked_sub(1)
    } else {
        Some(pos + 1)
    }) else {
        return false;
    };
    let Some(&j) = order.get(other) else {
        return false;
    };
    if rules[i].priority != rules[j].priority {
        let p = rules[i].priority;
        rules[i].priority = rules[j].priority;
        rules[j].priority = p;
    } else {
        order.swap(pos, other);
        for (n, &k) in order.iter().enumerate() {
            rules[k].priority = i32::try_from((n + 1) * 10).unwrap_or(i32::MAX);
        }
    }
    true
}

/// A new rule for the end of the list: the next id, a priority after every other, any
/// ticket, line 1, the first group.
pub fn new_rule(cat: &Catalogue) -> RoutingRule {
    let id = cat.routing.iter().map(|r| r.id).max().unwrap_or(0) + 1;
    let priority = cat
        .routing
        .iter()
        .map(|r| r.priority)
        .max()
        .map_or(10, |p| p.saturating_add(10));
    RoutingRule {
        id,
        priority,
        service_code: None,
        channel: None,
        kind: None,
        segment: None,
        line: 1,
        group: cat
            .groups
            .first()
            .map(|g| g.code.clone())
            .unwrap_or_default(),
    }
}

/// The section: the rules, then the try-it box.
#[component]
pub fn RoutingSection() -> impl IntoView {
    let app = use_app();
    view! {
        <ConfigSection title=move || app.t(RulesMsg::Routing).to_owned() test_id="config-routing">
            <RulesEditor/>
            <TryRouting/>
        </ConfigSection>
    }
}

/// The rules in evaluation order and "Add rule".
#[component]
fn RulesEditor() -> impl IntoView {
    let app = use_app();
    let d = use_config_draft();
    let order = Memo::new(move |_| d.draft.with(|c| evaluation_order(&c.routing)));
    let add = move |_| {
        d.update(|c| {
            let r = new_rule(c);
            c.routing.push(r);
        });
        let i = d
            .draft
            .with_untracked(|c| c.routing.len())
            .saturating_sub(1);
        request_animation_frame(move || {
            focus_by_id(&field_id(&format!("routing[{i}].service_code")))
        });
    };
    let rows = move || -> Vec<(usize, usize)> { order.get().into_iter().enumerate().collect() };
    view! {
        <section class="config-block" aria-labelledby="cfg-routing-title" data-testid="routing-rules">
            <h3 id="cfg-routing-title" class="visually-hidden">{move || app.t(RulesMsg::Routing)}</h3>
            <p class="hint">{move || app.t(RulesMsg::RoutingHint)}</p>
            <Show when=move || order.with(Vec::is_empty)>
                <p class="empty" data-testid="routing-none">{move || app.t(RulesMsg::NoRules)}</p>
            </Show>
            <ol class="config-list">
                <For each=rows key=|(pos, i)| (*pos, *i) let:item>
                    <RuleRow i=item.1 pos=item.0 count=Signal::derive(move || order.with(Vec::len))/>
                </For>
            </ol>
            <button type="button" class="btn btn-secondary" id="routing-add" data-testid="routing-add" on:click=add>
                {move || app.t(RulesMsg::AddRule)}
            </button>
        </section>
    }
}

/// One rule, shown at place `pos` (0-based) of `count`; `i` is its index in the draft.
#[component]
fn RuleRow(i: usize, pos: usize, count: Signal<usize>) -> impl IntoView {
    let app = use_app();
    let d = use_config_draft();
    let p = move |f: &str| format!("routing[{i}].{f}");
    let rule = move || d.draft.with(|c| c.routing.get(i).cloned());
    let id = move || rule().map(|r| r.id).unwrap_or_default();
    let edit = move |f: Box<dyn Fn(&mut RoutingRule) + Send + Sync>| {
        d.update(|c| {
            if let Some(r) = c.routing.get_mut(i) {
                f(r)
            }
        })
    };
    let under = d.errors_under(format!("routing[{i}]"));
    let lang = move || app.lang.get();
    let service = Signal::derive(move || rule().and_then(|r| r.service_code).unwrap_or_default());
    let service_opts = Signal::derive(move || {
        let current = service.get();
        d.draft.with(|c| service_options(lang(), c, true, &current))
    });
    let channel = Signal::derive(move || {
        rule()
            .and_then(|r| r.channel)
            .map(code_of)
            .unwrap_or_default()
    });
    let kind = Signal::derive(move || rule().and_then(|r| r.kind).map(code_of).unwrap_or_default());
    let segment = Signal::derive(move || {
        rule()
            .and_then(|r| r.segment)
            .map(code_of)
            .unwrap_or_default()
    });
    let group = Signal::derive(move || rule().map(|r| r.group).unwrap_or_default());
    let group_opts = Signal::derive(move || {
        let current = group.get();
        let lang = lang();
        d.draft.with(|c| {
            let mut out: Vec<(String, String)> = c
                .groups
                .iter()
                .map(|g| {
                    (
                        g.code.clone(),
                        format!(
                            "{} ({}, {} {})",
                            g.name.get(lang.code()),
                            g.code,
                            text(lang, RulesMsg::Line),
                            g.line
                        ),
                    )
                })
                .collect();
            if !c.groups.iter().any(|g| g.code == current) {
                out.insert(
                    0,
                    (
                        current.clone(),
                        format!("{current} ({})", text(lang, RulesMsg::Unknown)),
                    ),
                );
            }
            out
        })
    });
    let moved = move |up: bool| {
        d.update(|c| {
            move_rule(&mut c.routing, i, up);
        });
        let which = if up { "up" } else { "down" };
        request_animation_frame(move || focus_by_id(&format!("routing-{i}-{which}")));
    };
    let remove = move |_| {
        d.update(|c| {
            if i < c.routing.len() {
                c.routing.remove(i);
            }
        });
        request_animation_frame(|| focus_by_id("routing-add"));
    };
    let legend = move || format!("{} {}", app.t(RulesMsg::Rule), pos + 1);
    let is_last = move || pos + 1 >= count.get();
    view! {
        <li>
        <fieldset class="config-row" data-testid="routing-row" data-rule-id=move || id().to_string()
            data-pos=pos.to_string() class:has-problems=move || under.get() != 0>
            <legend>{legend}</legend>
            <div class="field-row">
                <PriorityInput i=i/>
                <div class="form-actions" role="group" aria-label=legend>
                    <button type="button" class="btn btn-secondary" id=format!("routing-{i}-up")
                        data-testid="routing-up" disabled=move || pos == 0 on:click=move |_| moved(true)>
                        {move || app.t(RulesMsg::MoveUp)}
                    </button>
                    <button type="button" class="btn btn-secondary" id=format!("routing-{i}-down")
                        data-testid="routing-down" disabled=is_last
                        on:click=move |_| moved(false)>
                        {move || app.t(RulesMsg::MoveDown)}
                    </button>
                </div>
            </div>
            <p class="label">{move || app.t(RulesMsg::Conditions)}</p>
            <div class="field-row">
                <CfgSelect label=move || app.t(RulesMsg::Service).to_owned() path=p("service_code")
                    value=service options=service_opts
                    on_change=Callback::new(move |v: String| edit(Box::new(move |r| {
                        r.service_code = (!v.is_empty()).then(|| v.clone());
                    })))/>
                <CfgSelect label=move || app.t(RulesMsg::Channel).to_owned() path=p("channel")
                    value=channel
                    options=Signal::derive(move || enum_options(lang(), &Channel::ALL, |c| text(lang(), channel_msg(c)), true))
                    on_change=Callback::new(move |v: String| edit(Box::new(move |r| r.channel = parse_code(&Channel::ALL, &v))))/>
                <CfgSelect label=move || app.t(RulesMsg::Kind).to_owned() path=p("kind")
                    value=kind
                    options=Signal::derive(move || enum_options(lang(), &KINDS, |k| text(lang(), kind_msg(k)), true))
                    on_change=Callback::new(move |v: String| edit(Box::new(move |r| r.kind = parse_code(&KINDS, &v))))/>
                <CfgSelect label=move || app.t(RulesMsg::Segment).to_owned() path=p("segment")
                    value=segment
                    options=Signal::derive(move || enum_options(lang(), &Segment::ALL, |s| segment_label(lang(), s), true))
                    on_change=Callback::new(move |v: String| edit(Box::new(move |r| r.segment = parse_code(&Segment::ALL, &v))))/>
            </div>
            <p class="label">{move || app.t(RulesMsg::Target)}</p>
            <div class="field-row">
                <CfgSelect label=move || app.t(RulesMsg::Line).to_owned() path=p("line")
                    value=Signal::derive(move || rule().map(|r| r.line.to_string()).unwrap_or_default())
                    options=Signal::derive(|| (1..=3).map(|l: u8| (l.to_string(), l.to_string())).collect())
                    on_change=Callback::new(move |v: String| edit(Box::new(move |r| {
                        if let Ok(l) = v.parse() { r.line = l }
                    })))/>
                <CfgSelect label=move || app.t(RulesMsg::Group).to_owned() path=p("group")
                    value=group options=group_opts
                    on_change=Callback::new(move |v: String| edit(Box::new(move |r| r.group = v.clone())))/>
            </div>
            <div class="form-actions">
                <button type="button" class="btn btn-secondary btn-danger" data-testid="routing-remove" on:click=remove>
                    {move || app.t(RulesMsg::RemoveRule)}
                </button>
            </div>
        </fieldset>
        </li>
    }
}

/// A rule's priority. Unlike the other number inputs it changes the draft when the value is
/// committed (Enter or leaving the field), not per keystroke: the list is sorted by priority,
/// so every keystroke would move the row away from under the typing. After the re-sort the
/// input of the rule's new row gets the focus back.
#[component]
fn PriorityInput(i: usize) -> impl IntoView {
    let app = use_app();
    let d = use_config_draft();
    let path = format!("routing[{i}].priority");
    let id = field_id(&path);
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let error = d.error_for(path.clone());
    let value = move || {
        d.draft
            .with(|c| c.routing.get(i).map(|r| r.priority.to_string()))
            .unwrap_or_default()
    };
    let focus_id = id.clone();
    let commit = move |ev: leptos::ev::Event| {
        let Ok(p) = event_target_value(&ev).trim().parse::<i32>() else {
            return;
        };
        let changed = d
            .draft
            .with_untracked(|c| c.routing.get(i).is_some_and(|r| r.priority != p));
        if changed {
            d.update(|c| {
                if let Some(r) = c.routing.get_mut(i) {
                    r.priority = p;
                }
            });
            let again = focus_id.clone();
            request_animation_frame(move || focus_by_id(&again));
        }
    };
    view! {
        <div class=move || if error.with(Option::is_some) { "field has-error" } else { "field" }>
            <label for=id.clone()>{move || app.t(RulesMsg::Priority)}</label>
            <input id=id type="number" inputmode="numeric" step="1" data-path=path.clone()
                aria-describedby=format!("{error_id} {hint_id}")
                aria-invalid=move || error.with(Option::is_some).to_string()
                prop:value=value on:change=commit/>
            <p class="hint" id=hint_id>{move || app.t(RulesMsg::PriorityHint)}</p>
            <FieldErrorText id=error_id field=path code=error/>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(id: i64, priority: i32) -> RoutingRule {
        RoutingRule {
            id,
            priority,
            service_code: None,
            channel: None,
            kind: None,
            segment: None,
            line: 1,
            group: "g".into(),
        }
    }

    fn ids(rules: &[RoutingRule]) -> Vec<i64> {
        evaluation_order(rules)
            .into_iter()
            .map(|i| rules[i].id)
            .collect()
    }

    #[test]
    fn rules_are_tried_by_priority_then_id() {
        let rules = [rule(3, 20), rule(1, 20), rule(2, 5)];
        assert_eq!(ids(&rules), [2, 1, 3]);
    }

    #[test]
    fn moving_swaps_priorities_or_renumbers_ties() {
        let mut rules = vec![rule(1, 10), rule(2, 20), rule(3, 30)];
        assert!(move_rule(&mut rules, 2, true));
        assert_eq!(ids(&rules), [1, 3, 2]);
        assert_eq!(
            rules.iter().map(|r| r.priority).collect::<Vec<_>>(),
            [10, 30, 20]
        );
        assert!(!move_rule(&mut rules, 0, true), "first cannot go up");
        assert!(!move_rule(&mut rules, 1, false), "last cannot go down");
        assert!(!move_rule(&mut rules, 7, true));
        let mut tied = vec![rule(1, 5), rule(2, 5), rule(3, 5)];
        assert!(move_rule(&mut tied, 0, false));
        assert_eq!(ids(&tied), [2, 1, 3]);
        assert_eq!(
            tied.iter().map(|r| r.priority).collect::<Vec<_>>(),
            [20, 10, 30]
        );
    }

    #[test]
    fn a_new_rule_comes_last_with_a_fresh_id() {
        let mut cat = Catalogue::default();
        let first = new_rule(&cat);
        assert_eq!((first.id, first.priority), (1, 10));
        cat.routing = vec![rule(4, 50), rule(9, 10)];
        let r = new_rule(&cat);
        assert_eq!((r.id, r.priority), (10, 60));
    }

    #[test]
    fn enum_codes_are_the_wire_names() {
        assert_eq!(code_of(Channel::Partner), "partner");
        assert_eq!(code_of(TicketKind::ServiceRequest), "service_request");
        assert_eq!(
            parse_code(&KINDS, "service_request"),
            Some(TicketKind::ServiceRequest)
        );
        assert_eq!(parse_code(&Segment::ALL, ""), None);
        let opts = enum_options(
            Lang::En,
            &Segment::ALL,
            |s| segment_label(Lang::En, s),
            true,
        );
        assert_eq!(opts.len(), 4);
        assert_eq!(opts[0].0, "");
        assert_eq!(opts[3].0, "vip");
    }
}
