//! `/admin/services`: the service catalogue. Services in work first, retired ones apart (they
//! stay on old tickets and in dashboards); each opens into its editor (`config_service_form`).

use super::config_draft::{field_id, index_in, use_config_draft, ConfigDraft, ConfigSection};
use super::config_service_form::ServiceEditor;
use super::users::focus_by_id;
use crate::i18n::ConfigMsg;
use crate::state::use_app;
use leptos::prelude::*;
use spotdesk_api::{Catalogue, LocalizedText, Service, StandardFields};

/// Changes service `i` of the draft, if it is there.
pub fn update_service(d: ConfigDraft, i: usize, f: impl FnOnce(&mut Service)) {
    d.update(|c| {
        if let Some(s) = c.services.get_mut(i) {
            f(s)
        }
    });
}

/// A new, empty service in work; its tickets go to the first group until one is chosen.
fn new_service(cat: &Catalogue) -> Service {
    Service {
        code: String::new(),
        name: LocalizedText::default(),
        description: LocalizedText::default(),
        group: String::new(),
        network_quality: false,
        topics: Vec::new(),
        fields: Vec::new(),
        sla: Vec::new(),
        default_group: cat
            .groups
            .first()
            .map(|g| g.code.clone())
            .unwrap_or_default(),
        retired: false,
        form: StandardFields::default(),
        resolution_causes: Vec::new(),
        reply_templates: Vec::new(),
    }
}

/// The indices of the services in work (`retired == false`) or retired, in catalogue order.
fn indices(cat: &Catalogue, retired: bool) -> Vec<usize> {
    cat.services
        .iter()
        .enumerate()
        .filter(|(_, s)| s.retired == retired)
        .map(|(i, _)| i)
        .collect()
}

/// The section.
#[component]
pub fn ServicesSection() -> impl IntoView {
    let app = use_app();
    view! {
        <ConfigSection title=move || app.t(ConfigMsg::Services).to_owned() test_id="config-services">
            <ServiceList/>
        </ConfigSection>
    }
}

/// Both lists and "Add service"; one service's editor is open at a time.
#[component]
fn ServiceList() -> impl IntoView {
    let app = use_app();
    let d = use_config_draft();
    let open = RwSignal::new(None::<usize>);
    // A problem's link to a field of a service opens that service's editor.
    Effect::new(move |_| {
        if let Some(i) = d
            .wanted
            .with(|w| w.as_deref().and_then(|p| index_in(p, "services")))
        {
            open.set(Some(i));
        }
    });
    let active = Memo::new(move |_| d.draft.with(|c| indices(c, false)));
    let retired = Memo::new(move |_| d.draft.with(|c| indices(c, true)));
    let add = move |_| {
        d.update(|c| {
            let s = new_service(c);
            c.services.push(s);
        });
        let i = d.draft.with_untracked(|c| c.services.len()) - 1;
        open.set(Some(i));
        request_animation_frame(move || focus_by_id(&field_id(&format!("services[{i}].code"))));
    };
    view! {
        <section class="config-block" aria-labelledby="cfg-services-title" data-testid="service-list">
            <h3 id="cfg-services-title" class="visually-hidden">{move || app.t(ConfigMsg::ServicesInWork)}</h3>
            <p class="hint">{move || app.t(ConfigMsg::ServicesHint)}</p>
            <ul class="config-list">
                <For each=move || active.get() key=|i| *i let:i>
                    <ServiceItem i=i open=open/>
                </For>
            </ul>
            <button type="button" class="btn btn-primary" data-testid="service-add" on:click=add>
                {move || app.t(ConfigMsg::AddService)}
            </button>
        </section>
        <section class="config-block" aria-labelledby="cfg-retired-title" data-testid="retired-service-list">
            <h3 id="cfg-retired-title">{move || app.t(ConfigMsg::RetiredServices)}</h3>
            <p class="hint">{move || app.t(ConfigMsg::RetiredHint)}</p>
            <Show when=move || retired.with(Vec::is_empty)>
                <p class="hint" data-testid="no-retired">{move || app.t(ConfigMsg::NoRetired)}</p>
            </Show>
            <ul class="config-list">
                <For each=move || retired.get() key=|i| *i let:i>
                    <ServiceItem i=i open=open/>
                </For>
            </ul>
        </section>
    }
}

/// One service: its summary line with "Edit", and its editor while open.
#[component]
fn ServiceItem(i: usize, open: RwSignal<Option<usize>>) -> impl IntoView {
    let app = use_app();
    let d = use_config_draft();
    let is_open = Memo::new(move |_| open.get() == Some(i));
    let summary = Memo::new(move |_| {
        let lang = app.lang.get().code();
        d.draft.with(|c| {
            c.services
                .get(i)
                .map(|s| {
                    let name = s.name.get(lang);
                    let name = if name.trim().is_empty() {
                        s.code.clone()
                    } else {
                        name.to_owned()
                    };
                    let group = c
                        .groups
                        .iter()
                        .find(|g| g.code == s.default_group)
                        .map(|g| g.name.get(lang).to_owned())
                        .unwrap_or_else(|| s.default_group.clone());
                    (
                        s.code.clone(),
                        name,
                        group,
                        s.fields.len(),
                        s.sla.len(),
                        s.network_quality,
                    )
                })
                .unwrap_or_default()
        })
    });
    let under = d.errors_under(format!("services[{i}]"));
    let button_id = format!("service-edit-{i}");
    let panel_id = format!("service-editor-{i}");
    let toggle = move |_| open.update(|o| *o = if *o == Some(i) { None } else { Some(i) });
    view! {
        <li class="config-item" data-testid="service-item" data-code=move || summary.with(|s| s.0.clone())
            class:has-problems=move || under.get() != 0>
            <div class="config-item-head">
                <div class="config-item-title">
                    <strong>{move || summary.with(|s| s.1.clone())}</strong>
                    <code>{move || summary.with(|s| s.0.clone())}</code>
                    {move || summary.with(|s| s.5).then(|| view! {
                        <span class="badge">{app.t(ConfigMsg::NetworkQualityBadge)}</span>
                    })}
                    {move || (under.get() != 0).then(|| view! {
                        <span class="badge badge-danger">{format!("{} {}", app.t(ConfigMsg::ProblemsTitle), under.get())}</span>
                    })}
                </div>
                <p class="hint">
                    {move || summary.with(|s| format!(
                        "{}: {} · {}: {} · {}: {}",
                        app.t(ConfigMsg::DefaultGroup), s.2,
                        app.t(ConfigMsg::ExtraFields), s.3,
                        app.t(ConfigMsg::SlaRows), s.4,
                    ))}
                </p>
                <button type="button" id=button_id class="btn btn-secondary" data-testid="service-edit"
                    aria-expanded=move || is_open.get().to_string() aria-controls=panel_id.clone() on:click=toggle>
                    {move || app.t(if is_open.get() { ConfigMsg::CloseEditor } else { ConfigMsg::Edit })}
                    <span class="visually-hidden">" " {move || summary.with(|s| s.1.clone())}</span>
                </button>
            </div>
            <Show when=move || is_open.get()>
                <ServiceEditor i=i panel_id=format!("service-editor-{i}")/>
            </Show>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retired_services_are_listed_apart() {
        let mut cat = Catalogue::default();
        for (code, retired) in [("a", false), ("b", true), ("c", false)] {
            let mut s = new_service(&cat);
            s.code = code.into();
            s.retired = retired;
            cat.services.push(s);
        }
        assert_eq!(indices(&cat, false), vec![0, 2]);
        assert_eq!(indices(&cat, true), vec![1]);
    }
}
