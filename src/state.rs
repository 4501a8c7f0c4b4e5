//! App-wide state provided as a context: session, language and runtime configuration.

use crate::api::config::Config;
use crate::api::{ApiError, Client};
use crate::i18n::{text, Lang, Msg, Translate};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use spotdesk_api::{Role, User};
use std::future::Future;

/// localStorage key holding the signed-in [`Session`] as JSON.
const SESSION_KEY: &str = "spotdesk.session";
/// localStorage key that overrides `config.json`'s `api_base` (developer/test setting).
///
/// Chosen over a `?api=` query parameter on purpose: a crafted link could otherwise send
/// a user's password and token to another server.
const API_BASE_KEY: &str = "spotdesk.api_base";

/// The signed-in user and their bearer token.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub token: String,
    pub expires_at: DateTime<Utc>,
    pub user: User,
}

/// Signals shared by every page; `Copy`, fetch it with [`use_app`].
#[derive(Debug, Clone, Copy)]
pub struct AppState {
    pub session: RwSignal<Option<Session>>,
    pub lang: RwSignal<Lang>,
    /// `None` until `config.json` has been read (or failed to load).
    pub config: RwSignal<Option<Config>>,
    /// The last service catalogue the server sent, for when it cannot be reached
    /// ([`Self::catalogue_resource`]).
    last_catalogue: StoredValue<Option<spotdesk_api::Catalogue>>,
    /// Bumped when this tab changed the configuration ([`Self::catalogue_changed`]): every
    /// catalogue resource tracks it and fetches again.
    catalogue_epoch: RwSignal<u32>,
}

impl AppState {
    /// State restored from localStorage; config still to be loaded.
    pub fn new() -> Self {
        Self {
            session: RwSignal::new(load_session()),
            lang: RwSignal::new(Lang::initial()),
            config: RwSignal::new(None),
            last_catalogue: StoredValue::new(None),
            catalogue_epoch: RwSignal::new(0),
        }
    }

    /// The effective API base URL: localStorage override, else `config.json`, else same origin.
    pub fn api_base(&self) -> String {
        crate::storage::get(API_BASE_KEY)
            .or_else(|| {
                self.config
                    .with_untracked(|c| c.as_ref().map(|c| c.api_base.clone()))
            })
            .unwrap_or_default()
    }

    /// An API client carrying the current token (not tracked reactively).
    pub fn client(&self) -> Client {
        let token = self
            .session
            .with_untracked(|s| s.as_ref().map(|s| s.token.clone()));
        Client::new(self.api_base(), token)
    }

    /// The service catalogue as a resource. Every page that needs it calls this one function, so
    /// the resource's reactive machinery is compiled once for the type, not once per page.
    ///
    /// When the server cannot be reached (no answer at all), the last catalogue it sent in this
    /// session stands in: an agent who lost the connection can still open the desk and type a
    /// ticket, which waits in the outbox (the server checks it against the current catalogue
    /// when it is sent).
    pub fn catalogue_resource(self) -> LocalResource<Result<spotdesk_api::Catalogue, ApiError>> {
        LocalResource::new(move || {
            self.catalogue_epoch.track();
            self.fetch_catalogue()
        })
    }

    /// Tells every catalogue resource to fetch again (an administrator saved a new
    /// configuration, so forms offer what it says).
    pub fn catalogue_changed(&self) {
        self.catalogue_epoch.update(|e| *e = e.wrapping_add(1));
    }

    /// The catalogue from the server, or the last one it sent when it cannot be reached.
    async fn fetch_catalogue(self) -> Result<spotdesk_api::Catalogue, ApiError> {
        let fetched = self
            .call(|c| async move { crate::api::catalogue::get(&c).await })
            .await;
        match fetched {
            Ok(c) => {
                self.last_catalogue.set_value(Some(c.clone()));
                Ok(c)
            }
            Err(e) if e.is_no_answer() => self.last_catalogue.get_value().ok_or(e),
            Err(e) => Err(e),
        }
    }

    /// All spots as a resource (shared for the same reason as [`Self::catalogue_resource`]).
    pub fn spots_resource(self) -> LocalResource<Result<Vec<spotdesk_api::Spot>, ApiError>> {
        LocalResource::new(move || self.call(|c| async move { crate::api::spots::list(&c).await }))
    }

    /// Runs an API call; a 401 answer ends the session so the page sends the user to sign in.
    pub async fn call<T, F, Fut>(self, f: F) -> Result<T, ApiError>
    where
        F: FnOnce(Client) -> Fut,
        Fut: Future<Output = Result<T, ApiError>>,
    {
        let r = f(self.client()).await;
        if matches!(&r, Err(e) if e.status() == Some(401)) && self.session.get_untracked().is_some()
        {
            self.sign_out_locally();
        }
        r
    }

    /// Stores a new session.
    pub fn sign_in(&self, s: Session) {
        if let Ok(json) = serde_json::to_string(&s) {
            crate::storage::set(SESSION_KEY, &json);
        }
        self.session.set(Some(s));
    }

    /// Replaces the signed-in user (the server's newer word on who they are, e.g. after a
    /// password change), keeping the token.
    pub fn update_user(&self, user: User) {
        let Some(mut s) = self.session.get_untracked() else {
            return;
        };
        s.user = user;
        self.sign_in(s);
    }

    /// Whether the signed-in user must first replace a one-time password (then the server
    /// refuses everything else, and the app shows only the change-password screen), tracked.
    pub fn must_change_password(&self) -> bool {
        self.session
            .with(|s| s.as_ref().is_some_and(|s| s.user.must_change_password))
    }

    /// Forgets the session (the server-side token is revoked separately).
    pub fn sign_out_locally(&self) {
        crate::storage::remove(SESSION_KEY);
        self.session.set(None);
    }

    /// The signed-in user's role, tracked.
    pub fn role(&self) -> Option<Role> {
        self.session.with(|s| s.as_ref().map(|s| s.user.role))
    }

    /// Switches and remembers the language.
    pub fn set_lang(&self, l: Lang) {
        l.remember();
        self.lang.set(l);
    }

    /// Translated text in the current language, tracked.
    pub fn t<M: Translate>(&self, m: M) -> &'static str {
        text(self.lang.get(), m)
    }
}

fn load_session() -> Option<Session> {
    let s: Session = serde_json::from_str(&crate::storage::get(SESSION_KEY)?).ok()?;
    if s.expires_at <= Utc::now() {
        crate::storage::remove(SESSION_KEY);
        return None;
    }
    Some(s)
}

/// The app state from context. Panics only if called outside `<App>`, a programming error.
pub fn use_app() -> AppState {
    expect_context::<AppState>()
}

/// Pages a role sees in the navigation, in order; the first is the role's home.
pub fn role_pages(role: Role) -> &'static [Page] {
    match role {
        Role::Agent => &[
            Page::Desk,
            Page::Tickets,
            Page::MyWork,
            Page::Map,
            Page::Status,
        ],
        Role::Engineer => &[Page::Map, Page::Tickets, Page::MyWork, Page::Desk],
        Role::Coordinator => &[
            Page::Board,
            Page::Map,
            Page::Tickets,
            Page::MyWork,
            Page::Desk,
        ],
        Role::Manager => &[Page::Dashboard, Page::Board, Page::Map, Page::Tickets],
        Role::Admin => &[
            Page::Desk,
            Page::Tickets,
            Page::Board,
            Page::Map,
            Page::Dashboard,
            Page::Status,
            Page::Admin,
        ],
    }
}

/// The navigable pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Desk,
    Tickets,
    MyWork,
    Board,
    Map,
    Dashboard,
    Status,
    Admin,
}

impl Page {
    /// Route path.
    pub fn path(self) -> &'static str {
        match self {
            Page::Desk => "/desk",
            Page::Tickets => "/tickets",
            Page::MyWork => "/my-work",
            Page::Board => "/board",
            Page::Map => "/map",
            Page::Dashboard => "/dashboard",
            Page::Status => "/status",
            Page::Admin => "/admin",
        }
    }

    /// Navigation label.
    pub fn label(self) -> Msg {
        match self {
            Page::Desk => Msg::NavDesk,
            Page::Tickets => Msg::Tickets,
            Page::MyWork => Msg::NavMyWork,
            Page::Board => Msg::NavBoard,
            Page::Map => Msg::NavMap,
            Page::Dashboard => Msg::NavDashboard,
            Page::Status => Msg::NavStatus,
            Page::Admin => Msg::NavAdmin,
        }
    }

    /// Stable test id of the nav link, e.g. `nav-desk`.
    pub fn test_id(self) -> &'static str {
        match self {
            Page::Desk => "nav-desk",
            Page::Tickets => "nav-tickets",
            Page::MyWork => "nav-my-work",
            Page::Board => "nav-board",
            Page::Map => "nav-map",
            Page::Dashboard => "nav-dashboard",
            Page::Status => "nav-status",
            Page::Admin => "nav-admin",
        }
    }
}

/// Display name of a role.
pub fn role_msg(r: Role) -> Msg {
    match r {
        Role::Agent => Msg::RoleAgent,
        Role::Engineer => Msg::RoleEngineer,
        Role::Coordinator => Msg::RoleCoordinator,
        Role::Manager => Msg::RoleManager,
        Role::Admin => Msg::RoleAdmin,
    }
}
