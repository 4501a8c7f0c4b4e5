//! The service picker: a search box (WAI-ARIA combobox with a listbox popup) that filters the
//! catalogue by name (in either language) or by code, beside the plain `<select>` that
//! holds the choice. Arrows move, Enter picks and moves on to the topic, Escape closes.

use crate::components::FieldErrorText;
use crate::i18n::{DeskMsg, Lang, Msg};
use crate::state::use_app;
use leptos::prelude::*;
use spotdesk_api::{Catalogue, Service};
use wasm_bindgen::JsCast;

const LISTBOX_ID: &str = "ticket-service-listbox";
/// Most matches listed at once.
const MAX_MATCHES: usize = 12;

fn option_id(i: usize) -> String {
    format!("ticket-service-opt-{i}")
}

/// Services in work matching `query` by code or by name in either language (a Russian name
/// typed in the English UI finds the service too), best first: code equal, code or name
/// starting with the query, a name word starting with it, then containing it; a match in
/// `lang`'s name ranks before the same match in the other language's. An empty query lists
/// every service in work; retired services take no new tickets and are never offered.
pub fn filter_services<'a>(services: &'a [Service], query: &str, lang: Lang) -> Vec<&'a Service> {
    let q = query.trim().to_lowercase();
    let other = match lang {
        Lang::En => Lang::Ru,
        Lang::Ru => Lang::En,
    };
    // Rank of a name for the query (lower is better), `None` when it does not match.
    let name_rank = |name: String| -> Option<u8> {
        if name.starts_with(&q) {
            Some(1)
        } else if name.split_whitespace().any(|w| w.starts_with(&q)) {
            Some(2)
        } else if name.contains(&q) {
            Some(3)
        } else {
            None
        }
    };
    let mut scored: Vec<(u8, u8, usize, &Service)> = services
        .iter()
        .enumerate()
        .filter(|(_, s)| !s.retired)
        .filter_map(|(i, s)| {
            if q.is_empty() {
                return Some((3, 0, i, s));
            }
            let code = s.code.to_lowercase();
            let by_code = if code == q {
                Some(0)
            } else if code.starts_with(&q) {
                Some(1)
            } else if code.contains(&q) {
                Some(3)
            } else {
                None
            };
            let own = name_rank(s.name.get(lang.code()).to_lowercase()).map(|r| (r, 0));
            let foreign = name_rank(s.name.get(other.code()).to_lowercase()).map(|r| (r, 1));
            let best = [by_code.map(|r| (r, 0)), own, foreign]
                .into_iter()
                .flatten()
                .min()?;
            Some((best.0, best.1, i, s))
        })
        .collect();
    spotdesk_core::sort::sort_by_key(&mut scored, |(rank, lang, i, _)| (*rank, *lang, *i));
    scored.into_iter().map(|(_, _, _, s)| s).collect()
}

/// Search box + select for the service. `on_pick` receives the chosen code.
#[component]
pub fn ServicePicker(
    catalogue: StoredValue<Catalogue>,
    selected: RwSignal<String>,
    on_pick: Callback<String>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let app = use_app();
    let query = RwSignal::new(String::new());
    let open = RwSignal::new(false);
    let active = RwSignal::new(None::<usize>);
    let matches = Memo::new(move |_| {
        let (q, lang) = (query.get(), app.lang.get());
        catalogue.with_value(|c| {
            filter_services(&c.services, &q, lang)
                .into_iter()
                .take(MAX_MATCHES)
                .map(|s| (s.code.clone(), s.name.get(lang.code()).to_owned()))
                .collect::<Vec<_>>()
        })
    });

    let pick = move |i: usize| {
        if let Some((code, _)) = matches.with_untracked(|m| m.get(i).cloned()) {
            on_pick.run(code);
            query.set(String::new());
            open.set(false);
            active.set(None);
            focus_by_id("ticket-topic");
        }
    };

    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let n = matches.with_untracked(Vec::len);
        match ev.key().as_str() {
            "ArrowDown" if n > 0 => {
                ev.prevent_default();
                open.set(true);
                active.update(|a| *a = Some(a.map_or(0, |i| (i + 1) % n)));
            }
            "ArrowUp" if n > 0 => {
                ev.prevent_default();
                open.set(true);
                active.update(|a| *a = Some(a.map_or(n - 1, |i| (i + n - 1) % n)));
            }
            "Enter" => {
                // Never submit the form from the search box.
                ev.prevent_default();
                match active.get_untracked() {
                    Some(i) => pick(i),
                    None if n == 1 || (n > 0 && !query.get_untracked().trim().is_empty()) => {
                        pick(0)
                    }
                    None => {}
                }
            }
            "Escape" if open.get_untracked() => {
                ev.prevent_default();
                open.set(false);
                active.set(None);
            }
            _ => {}
        }
    };
    let options = move || {
        let lang = app.lang.get();
        catalogue.with_value(grouped).into_iter().map(|(g, services)| view! {
            <optgroup label=g>
                {services.into_iter().map(|s| {
                    let code = s.code.clone();
                    view! {
                        <option value=s.code.clone() prop:selected=move || selected.with(|c| *c == code)>
                            {s.name.get(lang.code()).to_owned()}
                        </option>
                    }
                }).collect_view()}
            </optgroup>
        }).collect_view()
    };

    view! {
        <div class="field-row service-picker" class:has-error=move || error.with(Option::is_some)>
            <div class="field combobox">
                <label for="ticket-service-search">{move || app.t(DeskMsg::FindService)}</label>
                <input id="ticket-service-search" type="search" autocomplete="off" role="combobox"
                    aria-autocomplete="list" aria-controls=LISTBOX_ID
                    aria-expanded=move || open.get().to_string()
                    aria-activedescendant=move || active.get().map(option_id)
                    aria-describedby="ticket-service-search-hint"
                    prop:value=query
                    on:input=move |ev| { query.set(event_target_value(&ev)); open.set(true); active.set(Some(0)); }
                    on:keydown=on_keydown
                    on:blur=move |_| open.set(false)/>
                <p id="ticket-service-search-hint" class="hint">{move || app.t(DeskMsg::FindServiceHint)}</p>
                <ul id=LISTBOX_ID role="listbox" class="listbox" aria-label=move || app.t(DeskMsg::Matches)
                    hidden=move || !open.get()>
                    {move || {
                        let items = matches.get();
                        if items.is_empty() {
                            return view! { <li class="listbox-empty" role="presentation">{app.t(DeskMsg::NoMatches)}</li> }.into_any();
                        }
                        items.into_iter().enumerate().map(|(i, (code, name))| view! {
                            <li id=option_id(i) role="option" class="listbox-option" data-testid="service-option"
                                aria-selected=move || (active.get() == Some(i)).to_string()
                                on:mousedown=|ev| ev.prevent_default()
                                on:click=move |_| pick(i)>
                                {name} " " <span class="code">{code}</span>
                            </li>
                        }).collect_view().into_any()
                    }}
                </ul>
            </div>
            <div class="field">
                <label for="ticket-service">{move || app.t(Msg::Service)}<span class="req" aria-hidden="true">" *"</span></label>
                <select id="ticket-service" name="service_code" aria-required="true"
                    aria-invalid=move || error.with(Option::is_some).to_string()
                    aria-describedby="ticket-service-error"
                    on:change=move |ev| on_pick.run(event_target_value(&ev))>
                    <option value="" prop:selected=move || selected.with(String::is_empty)>{move || app.t(Msg::ChooseService)}</option>
                    {options}
                </select>
                <FieldErrorText id="ticket-service-error" field="service_code" code=error/>
            </div>
        </div>
    }
}

/// Services grouped by their catalogue group, groups and services in catalogue order.
fn grouped(c: &Catalogue) -> Vec<(String, Vec<Service>)> {
    let mut out: Vec<(String, Vec<Service>)> = Vec::new();
    for s in c.services.iter().filter(|s| !s.retired) {
        match out.iter_mut().find(|(g, _)| *g == s.group) {
            Some((_, v)) => v.push(s.clone()),
            None => out.push((s.group.clone(), vec![s.clone()])),
        }
    }
    out
}

/// Focuses an element by id once the DOM has caught up.
pub fn focus_by_id(id: &'static str) {
    request_animation_frame(move || {
        let el = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(id))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(el) = el {
            let _ = el.focus();
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use spotdesk_api::LocalizedText;

    fn svc(code: &str, en: &str, ru: &str) -> Service {
        Service {
            code: code.into(),
            name: LocalizedText::new(en, ru),
            description: LocalizedText::default(),
            group: "g".into(),
            network_quality: false,
            topics: vec![],
            fields: vec![],
            sla: vec![],
            default_group: "d".into(),
            retired: false,
            form: Default::default(),
            resolution_causes: Vec::new(),
            reply_templates: Vec::new(),
        }
    }

    #[test]
    fn filters_by_name_in_the_language_or_by_code() {
        let list = vec![
            svc("billing", "Billing dispute", "Спор по счёту"),
            svc("mobile-data", "Mobile internet", "Мобильный интернет"),
            svc("home-internet", "Home internet", "Домашний интернет"),
        ];
        let codes = |q: &str, l: Lang| -> Vec<String> {
            filter_services(&list, q, l)
                .into_iter()
                .map(|s| s.code.clone())
                .collect()
        };
        assert_eq!(
            codes("интернет", Lang::Ru),
            ["mobile-data", "home-internet"]
        );
        assert_eq!(codes("home", Lang::Ru), ["home-internet"]);
        assert_eq!(codes("Bill", Lang::En), ["billing"]);
        assert_eq!(
            codes("internet", Lang::En),
            ["mobile-data", "home-internet"]
        );
        assert_eq!(codes("", Lang::En).len(), 3);
        // The other language's name finds the service too (issue 22: an agent who knows the
        // Russian name types it in the English UI).
        assert_eq!(codes("спор", Lang::En), ["billing"]);
        assert_eq!(codes("dispute", Lang::Ru), ["billing"]);
        assert_eq!(codes("домашний", Lang::En), ["home-internet"]);
    }

    #[test]
    fn a_match_in_the_own_language_comes_first() {
        let list = vec![
            svc("a", "Line fault", "Мобильная связь"),
            svc("b", "Mobile data", "Данные"),
        ];
        let codes = |q: &str, l: Lang| -> Vec<String> {
            filter_services(&list, q, l)
                .into_iter()
                .map(|s| s.code.clone())
                .collect()
        };
        // "mob" starts b's English name only; "моб" a's Russian name only.
        assert_eq!(codes("mob", Lang::En), ["b"]);
        assert_eq!(codes("моб", Lang::En), ["a"]);
        // Both match at the same rank: the own language's name first, whatever the order.
        let list2 = vec![
            svc("modem", "Modem", "LTE-модем"),
            svc("router", "LTE router", "Роутер"),
        ];
        let found: Vec<&str> = filter_services(&list2, "lte", Lang::En)
            .into_iter()
            .map(|s| s.code.as_str())
            .collect();
        assert_eq!(found, ["router", "modem"]);
        let found: Vec<&str> = filter_services(&list2, "lte", Lang::Ru)
            .into_iter()
            .map(|s| s.code.as_str())
            .collect();
        assert_eq!(found, ["modem", "router"]);
    }

    #[test]
    fn retired_services_are_not_offered() {
        let mut old = svc("fax", "Fax line", "Факс");
        old.retired = true;
        let list = vec![svc("billing", "Billing dispute", "Спор по счёту"), old];
        let found: Vec<_> = filter_services(&list, "", Lang::En)
            .into_iter()
            .map(|s| s.code.as_str())
            .collect();
        assert_eq!(found, ["billing"]);
        assert!(filter_services(&list, "fax", Lang::En).is_empty());
        let catalogue = Catalogue {
            services: list,
            ..Catalogue::default()
        };
        assert_eq!(grouped(&catalogue)[0].1.len(), 1);
    }
}
