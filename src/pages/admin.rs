//! `/admin`, `/admin/users`, `/admin/audit`, `/admin/groups`, `/admin/imports` …: the administration section,
//! for administrators (the server refuses every `/admin` call of other roles; they get the same
//! "your role may not do this" as any refused call, without the section being built). A
//! sub-navigation holds its sections; each has a [`Section`] and a file here. The
//! configuration sections share one draft of the configuration (`config_draft`), so changes
//! made in several of them are saved together.

mod audit;
mod audit_filter;
mod config_calendar;
mod config_detection;
mod config_detection_preview;
mod config_draft;
mod config_escalation;
mod config_fields;
mod config_groups;
mod config_options;
mod config_routing;
mod config_routing_try;
mod config_service_closing;
mod config_service_fields;
mod config_service_form;
mod config_services;
mod config_sla;
mod config_sla_preview;
mod config_transfer;
mod diff;
mod import_progress;
mod import_report;
mod imports;
mod one_time;
mod user_create;
mod user_panel;
mod users;

use crate::api::ApiError;
use crate::components::ErrorBanner;
use crate::i18n::{AdminMsg, ConfigMsg, ImportMsg, Msg, RulesMsg};
use crate::state::use_app;
use leptos::prelude::*;
use leptos_router::hooks::use_location;
use spotdesk_api::Role;

/// A part of the administration section, with its own address and sub-navigation link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Users,
    Groups,
    Services,
    Sla,
    Routing,
    Escalation,
    Detection,
    Transfer,
    Imports,
    Audit,
}

impl Section {
    /// The sections, in sub-navigation order. Only sections that exist are listed.
    const ALL: [Section; 10] = [
        Section::Users,
        Section::Groups,
        Section::Services,
        Section::Sla,
        Section::Routing,
        Section::Escalation,
        Section::Detection,
        Section::Transfer,
        Section::Imports,
        Section::Audit,
    ];

    fn path(self) -> &'static str {
        match self {
            Section::Users => "/admin/users",
            Section::Groups => "/admin/groups",
            Section::Services => "/admin/services",
            Section::Sla => "/admin/sla",
            Section::Routing => "/admin/routing",
            Section::Escalation => "/admin/escalation",
            Section::Detection => "/admin/detection",
            Section::Transfer => "/admin/transfer",
            Section::Imports => "/admin/imports",
            Section::Audit => "/admin/audit",
        }
    }

    /// The sub-navigation label, in `lang`.
    fn label(self, lang: crate::i18n::Lang) -> &'static str {
        match self {
            Section::Users => crate::i18n::text(lang, AdminMsg::Users),
            Section::Groups => crate::i18n::text(lang, ConfigMsg::GroupsAndUnits),
            Section::Services => crate::i18n::text(lang, ConfigMsg::Services),
            Section::Sla => crate::i18n::text(lang, ConfigMsg::SlaAndCalendar),
            Section::Routing => crate::i18n::text(lang, RulesMsg::Routing),
            Section::Escalation => crate::i18n::text(lang, RulesMsg::Escalation),
            Section::Detection => crate::i18n::text(lang, RulesMsg::Detection),
            Section::Transfer => crate::i18n::text(lang, RulesMsg::Transfer),
            Section::Imports => crate::i18n::text(lang, ImportMsg::Imports),
            Section::Audit => crate::i18n::text(lang, AdminMsg::AuditLog),
        }
    }

    fn test_id(self) -> &'static str {
        match self {
            Section::Users => "admin-nav-users",
            Section::Groups => "admin-nav-groups",
            Section::Services => "admin-nav-services",
            Section::Sla => "admin-nav-sla",
            Section::Routing => "admin-nav-routing",
            Section::Escalation => "admin-nav-escalation",
            Section::Detection => "admin-nav-detection",
            Section::Transfer => "admin-nav-transfer",
            Section::Imports => "admin-nav-imports",
            Section::Audit => "admin-nav-audit",
        }
    }

    /// The top-level parts of the configuration (the first name of a path such as
    /// `services[3].sla[0].hours`) a configuration section edits; none for the others.
    fn config_parts(self) -> &'static [&'static str] {
        match self {
            Section::Groups => &["groups", "business_units"],
            Section::Services => &["services"],
            Section::Sla => &[
                "holidays",
                "business_day",
                "working_week",
                "pre_holiday_short_minutes",
            ],
            Section::Routing => &["routing"],
            Section::Escalation => &["escalation"],
            Section::Detection => &["detection"],
            Section::Users | Section::Transfer | Section::Imports | Section::Audit => &[],
        }
    }

    /// The section whose editor holds the configuration field at `path`, if it exists yet.
    fn for_field(path: &str) -> Option<Section> {
        // A service's SLA rows are edited with the calendar, not with the service.
        let sla_row = path
            .strip_prefix("services[")
            .and_then(|rest| rest.split_once("]."))
            .is_some_and(|(_, field)| {
                field == "sla" || field.starts_with("sla[") || field.starts_with("sla.")
            });
        if sla_row {
            return Some(Section::Sla);
        }
        let top = path.split(['[', '.']).next().unwrap_or(path);
        Section::ALL
            .into_iter()
            .find(|s| s.config_parts().contains(&top))
    }

    /// The section an address shows; `/admin` itself opens the first one.
    fn of_path(path: &str) -> Section {
        Section::ALL
            .into_iter()
            .find(|s| path == s.path() || path.starts_with(&format!("{}/", s.path())))
            .unwrap_or(Section::Users)
    }
}

/// The administration page: the section named by the address, under the sub-navigation.
#[component]
pub fn AdminPage() -> impl IntoView {
    let app = use_app();
    let location = use_location();
    let section = Memo::new(move |_| Section::of_path(&location.pathname.get()));
    let is_admin = Memo::new(move |_| app.role() == Some(Role::Admin));
    config_draft::provide_config_draft();
    move || {
        if !is_admin.get() {
            return view! { <Forbidden/> }.into_any();
        }
        let links = Section::ALL
            .into_iter()
            .map(|s| {
                let current = move || (section.get() == s).then_some("page");
                view! {
                    <li>
                        <a href=s.path() class="nav-link" aria-current=current data-testid=s.test_id()>
                            {move || s.label(app.lang.get())}
                        </a>
                    </li>
                }
            })
            .collect_view();
        view! {
            <section class="page admin-page" data-testid="admin-page">
                <h1>{move || app.t(AdminMsg::Title)}</h1>
                <nav class="subnav" aria-label=move || app.t(AdminMsg::SectionsNav) data-testid="admin-nav">
                    <ul class="nav-list">{links}</ul>
                </nav>
                {move || match section.get() {
                    Section::Users => view! { <users::UsersSection/> }.into_any(),
                    Section::Groups => view! { <config_groups::GroupsSection/> }.into_any(),
                    Section::Services => view! { <config_services::ServicesSection/> }.into_any(),
                    Section::Sla => view! { <config_sla::SlaSection/> }.into_any(),
                    Section::Routing => view! { <config_routing::RoutingSection/> }.into_any(),
                    Section::Escalation => view! { <config_escalation::EscalationSection/> }.into_any(),
                    Section::Detection => view! { <config_detection::DetectionSection/> }.into_any(),
                    Section::Transfer => view! { <config_transfer::TransferSection/> }.into_any(),
                    Section::Imports => view! { <imports::ImportsSection/> }.into_any(),
                    Section::Audit => view! { <audit::AuditSection/> }.into_any(),
                }}
            </section>
        }
        .into_any()
    }
}

/// What another role sees here: the answer the app shows for any call its role may not make.
#[component]
fn Forbidden() -> impl IntoView {
    let app = use_app();
    let refused = ApiError::Http {
        status: 403,
        body: None,
        retry_after: None,
    };
    view! {
        <section class="page narrow" data-testid="admin-forbidden">
            <h1>{move || app.t(AdminMsg::Title)}</h1>
            <ErrorBanner error=refused test_id="forbidden"/>
            <p><a href="/" class="btn btn-primary">{move || app.t(Msg::BackHome)}</a></p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::Section;

    #[test]
    fn the_address_names_the_section() {
        assert_eq!(Section::of_path("/admin"), Section::Users);
        assert_eq!(Section::of_path("/admin/users"), Section::Users);
        assert_eq!(Section::of_path("/admin/audit"), Section::Audit);
        assert_eq!(Section::of_path("/admin/audit/"), Section::Audit);
        assert_eq!(Section::of_path("/admin/auditx"), Section::Users);
        assert_eq!(Section::of_path("/admin/routing"), Section::Routing);
        assert_eq!(Section::of_path("/admin/transfer"), Section::Transfer);
        assert_eq!(Section::of_path("/admin/imports"), Section::Imports);
        assert_eq!(Section::of_path("/admin/groups"), Section::Groups);
        assert_eq!(Section::of_path("/admin/services"), Section::Services);
        assert_eq!(Section::of_path("/admin/sla"), Section::Sla);
    }

    #[test]
    fn a_configuration_field_belongs_to_its_section() {
        assert_eq!(Section::for_field("groups[1].code"), Some(Section::Groups));
        assert_eq!(
            Section::for_field("business_units[0].name.en"),
            Some(Section::Groups)
        );
        assert_eq!(Section::for_field("groups"), Some(Section::Groups));
        assert_eq!(Section::for_field("nothing[0]"), None);
        assert_eq!(
            Section::for_field("routing[2].group"),
            Some(Section::Routing)
        );
        assert_eq!(
            Section::for_field("escalation.levels[0].notify"),
            Some(Section::Escalation)
        );
        assert_eq!(
            Section::for_field("detection.spot_threshold"),
            Some(Section::Detection)
        );
        assert_eq!(
            Section::for_field("services[3].sla[0].hours"),
            Some(Section::Sla)
        );
        assert_eq!(
            Section::for_field("services[3].slang"),
            Some(Section::Services)
        );
        assert_eq!(
            Section::for_field("working_week[2].end_minute"),
            Some(Section::Sla)
        );
    }
}
