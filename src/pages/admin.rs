//! `/admin`, `/admin/users`, `/admin/audit`: the administration section, for administrators
//! (the server refuses every `/admin` call of other roles; they get the same "your role may
//! not do this" as any refused call, without the section being built). A sub-navigation holds
//! its sections; later ones (catalogue, SLA, routing …) get a [`Section`] and a file here.

mod audit;
mod audit_filter;
mod diff;
mod one_time;
mod user_create;
mod user_panel;
mod users;

use crate::api::ApiError;
use crate::components::ErrorBanner;
use crate::i18n::{AdminMsg, Msg};
use crate::state::use_app;
use leptos::prelude::*;
use leptos_router::hooks::use_location;
use spotdesk_api::Role;

/// A part of the administration section, with its own address and sub-navigation link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Users,
    Audit,
}

impl Section {
    /// The sections, in sub-navigation order. Only sections that exist are listed.
    const ALL: [Section; 2] = [Section::Users, Section::Audit];

    fn path(self) -> &'static str {
        match self {
            Section::Users => "/admin/users",
            Section::Audit => "/admin/audit",
        }
    }

    fn label(self) -> AdminMsg {
        match self {
            Section::Users => AdminMsg::Users,
            Section::Audit => AdminMsg::AuditLog,
        }
    }

    fn test_id(self) -> &'static str {
        match self {
            Section::Users => "admin-nav-users",
            Section::Audit => "admin-nav-audit",
        }
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
                            {move || app.t(s.label())}
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
    }
}
