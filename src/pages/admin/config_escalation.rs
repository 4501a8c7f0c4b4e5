//! `/admin/escalation`: when each escalation rule of mass incidents starts (minutes after its
//! start), the ladder of levels (minutes after the deadline, who each notifies), and the same
//! in plain words.

use super::config_draft::{field_id, use_config_draft, ConfigSection};
use super::config_fields::{CfgNumber, CfgText};
use super::users::focus_by_id;
use crate::i18n::{rule_msg, text, Lang, RulesMsg};
use crate::state::use_app;
use leptos::prelude::*;
use spotdesk_api::{EscalationLevel, EscalationRule, EscalationSettings, EscalationTiming};

/// The rules in the order an incident meets them.
const RULES: [EscalationRule; 4] = [
    EscalationRule::NoOwner,
    EscalationRule::NotTakenIntoWork,
    EscalationRule::DiagnosisTooLong,
    EscalationRule::NotResolvedByExpected,
];

/// What a rule counts from, in plain words.
fn rule_help(r: EscalationRule) -> RulesMsg {
    match r {
        EscalationRule::NoOwner => RulesMsg::HelpNoOwner,
        EscalationRule::NotTakenIntoWork => RulesMsg::HelpNotTaken,
        EscalationRule::DiagnosisTooLong => RulesMsg::HelpDiagnosis,
        EscalationRule::NotResolvedByExpected => RulesMsg::HelpNotResolved,
    }
}

/// One sentence per configured rule: who is notified how long after the rule's start
/// ("Not taken into work: shift-lead after 30 min, department-head after 90 min").
pub fn plain_words(lang: Lang, s: &EscalationSettings) -> Vec<String> {
    let mut levels: Vec<&EscalationLevel> = s.levels.iter().collect();
    spotdesk_core::sort::sort_by_key(&mut levels, |l| (l.after_minutes, l.level));
    RULES
        .iter()
        .filter_map(|&rule| {
            let t = s.timings.iter().find(|t| t.rule == rule)?;
            let steps: Vec<String> = levels
                .iter()
                .map(|l| {
                    let m = t.after_minutes.saturating_add(l.after_minutes);
                    let when = if m == 0 {
                        text(lang, RulesMsg::AtOnce).to_owned()
                    } else {
                        format!(
                            "{} {m} {}",
                            text(lang, RulesMsg::After),
                            text(lang, RulesMsg::Minutes)
                        )
                    };
                    format!("{} {when}", l.notify)
                })
                .collect();
            let steps = if steps.is_empty() {
                text(lang, RulesMsg::NoLevels).to_owned()
            } else {
                steps.join(", ")
            };
            Some(format!("{}: {steps}", text(lang, rule_msg(rule))))
        })
        .collect()
}

/// Numbers the levels 1, 2, 3 … in list order.
fn renumber(levels: &mut [EscalationLevel]) {
    for (n, l) in levels.iter_mut().enumerate() {
        l.level = u8::try_from(n + 1).unwrap_or(u8::MAX);
    }
}

/// The section.
#[component]
pub fn EscalationSection() -> impl IntoView {
    let app = use_app();
    let d = use_config_draft();
    let words = move || d.draft.with(|c| plain_words(app.lang.get(), &c.escalation));
    view! {
        <ConfigSection title=move || app.t(RulesMsg::Escalation).to_owned() test_id="config-escalation">
            <Timings/>
            <Levels/>
            <section class="config-block" aria-labelledby="esc-words-title" data-testid="escalation-words">
                <h3 id="esc-words-title">{move || app.t(RulesMsg::InPlainWords)}</h3>
                <ul>{move || words().into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul>
            </section>
        </ConfigSection>
    }
}

/// One number per rule; a rule missing from the configuration can be added.
#[component]
fn Timings() -> impl IntoView {
    let app = use_app();
    let d = use_config_draft();
    let rows = RULES
        .iter()
        .map(|&rule| {
            let index = move || {
                d.draft
                    .with(|c| c.escalation.timings.iter().position(|t| t.rule == rule))
            };
            let add = move |_| {
                d.update(|c| {
                    c.escalation.timings.push(EscalationTiming {
                        rule,
                        after_minutes: 30,
                    })
                });
                if let Some(i) = d.draft.with_untracked(|c| {
                    c.escalation.timings.iter().position(|t| t.rule == rule)
                }) {
                    request_animation_frame(move || {
                        focus_by_id(&field_id(&format!("escalation.timings[{i}].after_minutes")))
                    });
                }
            };
            view! {
                <div class="config-row" data-testid="escalation-timing">
                    {move || match index() {
                        Some(i) => view! {
                            <CfgNumber label=move || format!("{} — {}", app.t(rule_msg(rule)), app.t(RulesMsg::StartsAfter))
                                path=format!("escalation.timings[{i}].after_minutes")
                                value=Signal::derive(move || d.draft.with(|c| c.escalation.timings.get(i).map(|t| t.after_minutes.to_string()).unwrap_or_default()))
                                min=0.0 max=f64::from(u32::MAX)
                                hint=move || app.t(rule_help(rule)).to_owned()
                                on_input=Callback::new(move |v: f64| d.update(|c| {
                                    if let Some(t) = c.escalation.timings.get_mut(i) {
                                        t.after_minutes = v as u32;
                                    }
                                }))/>
                        }.into_any(),
                        None => view! {
                            <p>
                                <strong>{move || app.t(rule_msg(rule))}</strong>
                                " — " {move || app.t(RulesMsg::NotSet)}
                            </p>
                            <button type="button" class="btn btn-secondary" on:click=add>
                                {move || app.t(RulesMsg::SetTiming)}
                            </button>
                        }.into_any(),
                    }}
                </div>
            }
        })
        .collect_view();
    view! {
        <section class="config-block" aria-labelledby="esc-timings-title" data-testid="escalation-timings">
            <h3 id="esc-timings-title">{move || app.t(RulesMsg::TimingsTitle)}</h3>
            <p class="hint">{move || app.t(RulesMsg::TimingsHint)}</p>
            {rows}
        </section>
    }
}

/// The ladder of levels.
#[component]
fn Levels() -> impl IntoView {
    let app = use_app();
    let d = use_config_draft();
    let count = move || d.draft.with(|c| c.escalation.levels.len());
    let add = move |_| {
        d.update(|c| {
            let last = c.escalation.levels.iter().map(|l| l.after_minutes).max();
            c.escalation.levels.push(EscalationLevel {
                level: 0,
                after_minutes: last.map_or(0, |m| m.saturating_add(60)),
                notify: String::new(),
            });
            renumber(&mut c.escalation.levels);
        });
        let i = count().saturating_sub(1);
        request_animation_frame(move || {
            focus_by_id(&field_id(&format!("escalation.levels[{i}].notify")))
        });
    };
    view! {
        <section class="config-block" aria-labelledby="esc-levels-title" data-testid="escalation-levels">
            <h3 id="esc-levels-title">{move || app.t(RulesMsg::LevelsTitle)}</h3>
            <p class="hint">{move || app.t(RulesMsg::LevelsHint)}</p>
            <For each=move || 0..count() key=|i| *i let:i>
                <LevelRow i=i/>
            </For>
            <button type="button" class="btn btn-secondary" id="escalation-level-add"
                data-testid="escalation-level-add" on:click=add>
                {move || app.t(RulesMsg::AddLevel)}
            </button>
        </section>
    }
}

/// One level: minutes after the deadline, who it notifies, remove.
#[component]
fn LevelRow(i: usize) -> impl IntoView {
    let app = use_app();
    let d = use_config_draft();
    let p = move |f: &str| format!("escalation.levels[{i}].{f}");
    let level = move || d.draft.with(|c| c.escalation.levels.get(i).cloned());
    let under = d.errors_under(format!("escalation.levels[{i}]"));
    let remove = move |_| {
        d.update(|c| {
            if i < c.escalation.levels.len() {
                c.escalation.levels.remove(i);
                renumber(&mut c.escalation.levels);
            }
        });
        request_animation_frame(|| focus_by_id("escalation-level-add"));
    };
    let legend = move || {
        format!(
            "{} {}",
            app.t(RulesMsg::Level),
            level().map(|l| l.level).unwrap_or_default()
        )
    };
    view! {
        <fieldset class="config-row" data-testid="escalation-level" class:has-problems=move || under.get() != 0>
            <legend>{legend}</legend>
            <div class="field-row">
                <CfgNumber label=move || app.t(RulesMsg::AfterDeadline).to_owned() path=p("after_minutes")
                    value=Signal::derive(move || level().map(|l| l.after_minutes.to_string()).unwrap_or_default())
                    min=0.0 max=f64::from(u32::MAX)
                    on_input=Callback::new(move |v: f64| d.update(|c| {
                        if let Some(l) = c.escalation.levels.get_mut(i) {
                            l.after_minutes = v as u32;
                        }
                    }))/>
                <CfgText label=move || app.t(RulesMsg::Notify).to_owned() path=p("notify")
                    value=Signal::derive(move || level().map(|l| l.notify).unwrap_or_default())
                    hint=move || app.t(RulesMsg::NotifyHint).to_owned() required=true maxlength=200u32
                    on_input=Callback::new(move |v: String| d.update(|c| {
                        if let Some(l) = c.escalation.levels.get_mut(i) {
                            l.notify = v;
                        }
                    }))/>
            </div>
            <div class="form-actions">
                <button type="button" class="btn btn-secondary btn-danger" data-testid="escalation-level-remove"
                    on:click=remove>
                    {move || app.t(RulesMsg::RemoveLevel)}
                </button>
            </div>
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_in_plain_words() {
        let words = plain_words(Lang::En, &EscalationSettings::default());
        assert_eq!(words.len(), 4);
        assert!(
            words[1].ends_with(
                ": shift-lead after 30 min, department-head after 90 min, technical-director after 150 min"
            ),
            "{}",
            words[1]
        );
        assert!(words[3].contains("shift-lead at once"), "{}", words[3]);
    }

    #[test]
    fn no_levels_and_missing_rules() {
        let s = EscalationSettings {
            timings: vec![EscalationTiming {
                rule: EscalationRule::NoOwner,
                after_minutes: 15,
            }],
            levels: vec![],
        };
        let words = plain_words(Lang::En, &s);
        assert_eq!(words.len(), 1);
        assert!(words[0].ends_with("No levels: nobody is notified."));
    }

    #[test]
    fn levels_are_numbered_in_order() {
        let mut levels: Vec<EscalationLevel> = [9u8, 3, 3]
            .iter()
            .map(|&level| EscalationLevel {
                level,
                after_minutes: 0,
                notify: "x".into(),
            })
            .collect();
        renumber(&mut levels);
        assert_eq!(
            levels.iter().map(|l| l.level).collect::<Vec<_>>(),
            [1, 2, 3]
        );
    }
}
