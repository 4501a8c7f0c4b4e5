//! The escalation timers of a card: one line per rule with its countdown and fired level.

use crate::components::use_clock;
use crate::format;
use crate::i18n::{rule_msg, BoardMsg};
use crate::state::use_app;
use leptos::prelude::*;
use spotdesk_api::EscalationTimer;

/// Every rule's timer, or nothing when no rule applies.
#[component]
pub fn Timers(timers: Vec<EscalationTimer>) -> impl IntoView {
    let app = use_app();
    let now = use_clock(15);
    if timers.is_empty() {
        return None;
    }
    Some(view! {
        <div class="timers" data-testid="escalation-timers">
            <h3>{move || app.t(BoardMsg::Escalations)}</h3>
            <ul>
                {timers.into_iter().map(|t| {
                    let rule = t.rule;
                    let fired = t.level > 0;
                    view! {
                        <li class="timer" class:fired=fired data-testid="escalation" data-rule=format!("{rule:?}") data-level=t.level>
                            <span class="rule">{move || app.t(rule_msg(rule))}</span>
                            <span class="countdown">{move || {
                                let lang = app.lang.get();
                                let (text, overdue) = format::remaining(lang, t.deadline, now.get());
                                if overdue {
                                    format!("{} {}", app.t(BoardMsg::Overdue), text)
                                } else {
                                    text
                                }
                            }}</span>
                            <span class="level" data-testid="escalation-level">{move || if fired {
                                format!("{} {}", app.t(BoardMsg::Level), t.level)
                            } else {
                                app.t(BoardMsg::NotFiredYet).to_owned()
                            }}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </div>
    })
}
