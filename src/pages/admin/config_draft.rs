//! The configuration being edited: one draft of the whole catalogue document shared by every
//! configuration section (groups, services, SLA, routing …), so an administrator can change a
//! group, then a service, then its SLA, and save all of it at once with the version it was read
//! at. [`ConfigDraft`] is provided by the administration page; [`ConfigSection`] wraps a
//! section (loads the document once, shows the [`SaveBar`]); the inputs of `config_fields`
//! show an error beside their field by its path ([`ConfigDraft::error_for`]).
//!
//! Saving is `PUT /admin/configuration` with `If-Match`: on 412 the draft stays and the
//! administrator chooses between their version and keeping the draft on top of it; on 422 every
//! problem is shown beside its field and listed in a summary with links; on success the app's
//! catalogue is fetched again so every form follows the new configuration.

use super::users::focus_by_id;
use super::Section;
use crate::api::{self, ApiError};
use crate::components::{ErrorBanner, Skeleton};
use crate::format;
use crate::i18n::{field_problem_text, ConfigMsg};
use crate::state::{use_app, AppState};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use spotdesk_api::{codes, Catalogue, ConfigurationDocument, FieldError};

/// Where saving stands.
#[derive(Debug, Clone, PartialEq)]
pub enum SaveState {
    /// Nothing under way, nothing to report.
    Idle,
    /// `PUT` under way.
    Saving,
    /// The last save succeeded.
    Saved,
    /// `POST …/check` under way.
    Checking,
    /// What saving would change (an empty list: nothing).
    Checked(Vec<String>),
    /// Someone else saved first (412); `theirs` is their document once it has been read.
    Conflict {
        theirs: Option<ConfigurationDocument>,
    },
    /// The administrator kept their draft on top of the other version.
    KeptMine,
    /// The server found problems (422): they are in [`ConfigDraft::errors`].
    Invalid,
    /// Another failure (network, 5xx …).
    Failed(ApiError),
}

/// The configuration draft of the administration section. `Copy`; every configuration section
/// reads it with [`use_config_draft`].
#[derive(Debug, Clone, Copy)]
pub struct ConfigDraft {
    /// The document as last read or saved (`None` until loaded); its `version` is the one the
    /// draft is based on and goes out as `If-Match`.
    pub doc: RwSignal<Option<ConfigurationDocument>>,
    /// The configuration as edited.
    pub draft: RwSignal<Catalogue>,
    /// Problems the server found in the last save or check, by path
    /// (`services[3].sla[0].hours`, `groups[1].code`).
    pub errors: RwSignal<Vec<FieldError>>,
    /// Where saving stands.
    pub state: RwSignal<SaveState>,
    /// The path of a field the administrator asked to go to (a problem's link): the section
    /// that holds it opens what it must (a service's editor, its SLA rows) before the focus
    /// moves there.
    pub wanted: RwSignal<Option<String>>,
    load_error: RwSignal<Option<ApiError>>,
    loading: RwSignal<bool>,
    dirty: Memo<bool>,
    app: AppState,
}

impl ConfigDraft {
    fn new() -> Self {
        let doc = RwSignal::new(None::<ConfigurationDocument>);
        let draft = RwSignal::new(Catalogue::default());
        let dirty = Memo::new(move |_| {
            doc.with(|d| {
                d.as_ref()
                    .is_some_and(|d| draft.with(|c| *c != d.catalogue))
            })
        });
        Self {
            doc,
            draft,
            errors: RwSignal::new(Vec::new()),
            state: RwSignal::new(SaveState::Idle),
            wanted: RwSignal::new(None),
            load_error: RwSignal::new(None),
            loading: RwSignal::new(false),
            dirty,
            app: use_app(),
        }
    }

    /// Whether the draft differs from the document it is based on, tracked.
    pub fn is_dirty(self) -> bool {
        self.dirty.get()
    }

    /// Whether the document has been read, tracked.
    pub fn is_loaded(self) -> bool {
        self.doc.with(Option::is_some)
    }

    /// The version the draft is based on (0 before loading), untracked.
    pub fn version(self) -> i64 {
        self.doc
            .with_untracked(|d| d.as_ref().map(|d| d.version).unwrap_or(0))
    }

    /// Changes the draft. Problems the server reported stay until the next save or check.
    pub fn update(self, f: impl FnOnce(&mut Catalogue)) {
        self.draft.update(f);
        if matches!(
            self.state.get_untracked(),
            SaveState::Saved | SaveState::Checked(_)
        ) {
            self.state.set(SaveState::Idle);
        }
    }

    /// The error code the server gave for exactly `path`, for `FieldErrorText` beside the
    /// field, tracked.
    pub fn error_for(self, path: impl Into<String>) -> Signal<Option<String>> {
        let path = path.into();
        let errors = self.errors;
        Signal::derive(move || {
            errors.with(|v| v.iter().find(|e| e.field == path).map(|e| e.code.clone()))
        })
    }

    /// How many problems lie at `prefix` or under it (`services[3]` counts
    /// `services[3].sla[0].hours`), to mark a row or a collapsed panel, tracked.
    pub fn errors_under(self, prefix: impl Into<String>) -> Signal<usize> {
        let prefix = prefix.into();
        let errors = self.errors;
        Signal::derive(move || {
            errors.with(|v| v.iter().filter(|e| is_under(&e.field, &prefix)).count())
        })
    }

    /// Reads the document once (later sections reuse the draft); [`Self::reload`] reads again.
    pub fn ensure_loaded(self) {
        if self.doc.with_untracked(Option::is_none) {
            self.reload();
        }
    }

    /// Reads the current document and starts the draft over from it.
    pub fn reload(self) {
        if self.loading.get_untracked() {
            return;
        }
        self.loading.set(true);
        self.load_error.set(None);
        let app = self.app;
        spawn_local(async move {
            let r = app
                .call(|c| async move { api::configuration::get(&c).await })
                .await;
            match r {
                Ok(d) => self.start_over(d),
                Err(e) => {
                    let _ = self.load_error.try_set(Some(e));
                }
            }
            let _ = self.loading.try_set(false);
        });
    }

    /// Takes `d` as the base and the draft, dropping every unsaved change.
    fn start_over(self, d: ConfigurationDocument) {
        let _ = self.draft.try_set(d.catalogue.clone());
        let _ = self.doc.try_set(Some(d));
        let _ = self.errors.try_set(Vec::new());
        let _ = self.state.try_set(SaveState::Idle);
    }

    /// Drops every unsaved change.
    pub fn discard(self) {
        if let Some(d) = self.doc.get_untracked() {
            self.start_over(d);
        }
    }

    /// `PUT` of the draft with `If-Match` of its base version.
    pub fn save(self) {
        if self.busy_untracked() {
            return;
        }
        let app = self.app;
        let sent = self.draft.get_untracked();
        let version = self.version();
        self.state.set(SaveState::Saving);
        spawn_local(async move {
            let body = sent.clone();
            let r = app
                .call(|c| async move { api::configuration::put(&c, &body, version).await })
                .await;
            match r {
                Ok(d) => {
                    // What was typed while saving stays; an untouched draft takes the
                    // document as the server stored it.
                    if self.draft.with_untracked(|c| *c == sent) {
                        let _ = self.draft.try_set(d.catalogue.clone());
                    }
                    let _ = self.doc.try_set(Some(d));
                    let _ = self.errors.try_set(Vec::new());
                    let _ = self.state.try_set(SaveState::Saved);
                    app.catalogue_changed();
                }
                Err(e) => self.refused(e),
            }
        });
    }

    /// `POST …/check` of the draft: what saving would change, or its problems.
    pub fn check(self) {
        if self.busy_untracked() {
            return;
        }
        let app = self.app;
        let body = self.draft.get_untracked();
        self.state.set(SaveState::Checking);
        spawn_local(async move {
            let r = app
                .call(|c| async move { api::configuration::check(&c, &body).await })
                .await;
            match r {
                Ok(c) => {
                    let _ = self.errors.try_set(Vec::new());
                    let _ = self.state.try_set(SaveState::Checked(c.changes));
                }
                Err(e) => self.refused(e),
            }
        });
    }

    /// A refused save or check: 412 keeps the draft and reads theirs, 422 puts the problems
    /// beside their fields.
    fn refused(self, e: ApiError) {
        if e.status() == Some(412) {
            let _ = self.state.try_set(SaveState::Conflict { theirs: None });
            let app = self.app;
            spawn_local(async move {
                let r = app
                    .call(|c| async move { api::configuration::get(&c).await })
                    .await;
                match r {
                    Ok(theirs) => {
                        let _ = self.state.try_set(SaveState::Conflict {
                            theirs: Some(theirs),
                        });
                    }
                    Err(e) => {
                        let _ = self.state.try_set(SaveState::Failed(e));
                    }
                }
            });
        } else if is_validation(&e) {
            let _ = self.errors.try_set(e.field_errors().to_vec());
            let _ = self.state.try_set(SaveState::Invalid);
        } else {
            let _ = self.state.try_set(SaveState::Failed(e));
        }
    }

    /// After a conflict: their version becomes the draft, mine is dropped.
    pub fn take_theirs(self) {
        match self.state.get_untracked() {
            SaveState::Conflict { theirs: Some(d) } => self.start_over(d),
            _ => self.reload(),
        }
    }

    /// After a conflict: the draft stays and is now based on their version, so the next save
    /// replaces it (the administrator has been told so).
    pub fn keep_mine(self) {
        if let SaveState::Conflict { theirs: Some(d) } = self.state.get_untracked() {
            self.doc.set(Some(d));
            self.state.set(SaveState::KeptMine);
        }
    }

    fn busy_untracked(self) -> bool {
        matches!(
            self.state.get_untracked(),
            SaveState::Saving | SaveState::Checking | SaveState::Conflict { theirs: None }
        )
    }
}

/// Whether `e` is a 422 with field problems to show beside their fields.
fn is_validation(e: &ApiError) -> bool {
    e.status() == Some(422)
        && matches!(e, ApiError::Http { body: Some(b), .. } if b.code == codes::VALIDATION_FAILED)
}

/// Whether `path` is `prefix` or lies under it (`prefix.` or `prefix[`).
pub fn is_under(path: &str, prefix: &str) -> bool {
    path.strip_prefix(prefix)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('.') || rest.starts_with('['))
}

/// The element id of the input for a configuration path: `cfg-` and the path with every
/// character other than a letter, digit, `-` or `_` as `-` (`services[3].sla[0].hours` →
/// `cfg-services-3--sla-0--hours`).
pub fn field_id(path: &str) -> String {
    let mut id = String::with_capacity(path.len() + 4);
    id.push_str("cfg-");
    id.extend(path.chars().map(|c| {
        if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
            c
        } else {
            '-'
        }
    }));
    id
}

/// A path as an administrator reads it: list indices of services, groups and business units
/// replaced by their codes where the draft has them (`services[mobile-data].sla[0].hours`).
pub fn describe_path(cat: &Catalogue, path: &str) -> String {
    let named: [(&str, Vec<&str>); 3] = [
        (
            "services[",
            cat.services.iter().map(|s| s.code.as_str()).collect(),
        ),
        (
            "groups[",
            cat.groups.iter().map(|g| g.code.as_str()).collect(),
        ),
        (
            "business_units[",
            cat.business_units.iter().map(|u| u.code.as_str()).collect(),
        ),
    ];
    for (head, codes) in named {
        let Some(rest) = path.strip_prefix(head) else {
            continue;
        };
        let Some((index, tail)) = rest.split_once(']') else {
            continue;
        };
        let Some(code) = index
            .parse::<usize>()
            .ok()
            .and_then(|i| codes.get(i))
            .filter(|c| !c.trim().is_empty())
        else {
            continue;
        };
        return format!("{head}{code}]{tail}");
    }
    path.to_owned()
}

/// The index `n` of a path starting `<list>[n]` (`services[3].sla[0].hours`, list
/// `services`: 3).
pub fn index_in(path: &str, list: &str) -> Option<usize> {
    path.strip_prefix(list)?
        .strip_prefix('[')?
        .split_once(']')?
        .0
        .parse()
        .ok()
}

/// The configuration draft from context (provided by the administration page).
pub fn use_config_draft() -> ConfigDraft {
    expect_context::<ConfigDraft>()
}

/// Provides a fresh draft to the administration page's sections; nothing is read until a
/// [`ConfigSection`] is shown.
pub fn provide_config_draft() -> ConfigDraft {
    let d = ConfigDraft::new();
    provide_context(d);
    d
}

/// A configuration section: its heading, the draft (read on first use), the section's editors
/// and the [`SaveBar`] under them.
#[component]
pub fn ConfigSection(
    /// The section's heading.
    #[prop(into)]
    title: Signal<String>,
    /// `data-testid` of the section.
    test_id: &'static str,
    children: ChildrenFn,
) -> impl IntoView {
    let app = use_app();
    let d = use_config_draft();
    d.ensure_loaded();
    let title_id = format!("{test_id}-title");
    let heading_id = title_id.clone();
    view! {
        <section class="admin-config" aria-labelledby=title_id.clone() data-testid=test_id>
            <div class="section-head">
                <h2 id=heading_id>{move || title.get()}</h2>
            </div>
            {move || d.load_error.get().map(|e| view! {
                <p>{move || app.t(ConfigMsg::LoadFailed)}</p>
                <ErrorBanner error=e test_id="config-load-error" on_retry=Callback::new(move |_| d.reload())/>
            })}
            {move || (!d.is_loaded() && d.loading.get()).then(|| view! {
                <p class="hint" role="status">{move || app.t(ConfigMsg::Loading)}</p>
                <Skeleton lines=6/>
            })}
            <Show when=move || d.is_loaded()>
                {children()}
                <SaveBar/>
            </Show>
        </section>
    }
}

/// The bar under every configuration section: what the draft is based on, whether it has
/// unsaved changes, Check, Discard and Save, and what the last save or check answered.
#[component]
pub fn SaveBar() -> impl IntoView {
    let app = use_app();
    let d = use_config_draft();
    let busy = move || matches!(d.state.get(), SaveState::Saving | SaveState::Checking);
    let based_on = move || {
        let lang = app.lang.get();
        d.doc.with(|doc| {
            doc.as_ref().map(|doc| {
                let by = match (&doc.updated_by, doc.updated_at) {
                    (Some(who), Some(at)) => format!(
                        "{} {who}, {}",
                        app.t(ConfigMsg::SavedBy),
                        format::datetime(lang, at)
                    ),
                    _ => app.t(ConfigMsg::NeverSaved).to_owned(),
                };
                format!("{} {} · {by}", app.t(ConfigMsg::Version), doc.version)
            })
        })
    };
    let discard = move |_| {
        let sure = web_sys::window()
            .and_then(|w| {
                w.confirm_with_message(app.t(ConfigMsg::ConfirmDiscard))
                    .ok()
            })
            .unwrap_or(false);
        if sure {
            d.discard();
        }
    };
    view! {
        <div class="save-bar" role="region" aria-label=move || app.t(ConfigMsg::Save) data-testid="config-save-bar">
            <StateNote/>
            <div class="save-bar-row">
                <p class="save-bar-state" aria-live="polite" data-testid="config-dirty"
                    data-dirty=move || d.is_dirty().to_string()>
                    <strong>{move || app.t(if d.is_dirty() { ConfigMsg::Unsaved } else { ConfigMsg::AllSaved })}</strong>
                    <span class="hint" data-testid="config-version">{based_on}</span>
                </p>
                <div class="form-actions">
                    <button type="button" class="btn btn-secondary" data-testid="config-discard"
                        disabled=move || busy() || !d.is_dirty() on:click=discard>
                        {move || app.t(ConfigMsg::Discard)}
                    </button>
                    <button type="button" class="btn btn-secondary" data-testid="config-check"
                        disabled=busy on:click=move |_| d.check()
                        aria-busy=move || (d.state.get() == SaveState::Checking).to_string()>
                        {move || app.t(if d.state.get() == SaveState::Checking { ConfigMsg::Checking } else { ConfigMsg::Check })}
                    </button>
                    <button type="button" class="btn btn-primary" data-testid="config-save"
                        disabled=move || busy() || !d.is_dirty() on:click=move |_| d.save()
                        aria-busy=move || (d.state.get() == SaveState::Saving).to_string()>
                        {move || app.t(if d.state.get() == SaveState::Saving { ConfigMsg::Saving } else { ConfigMsg::Save })}
                    </button>
                </div>
            </div>
        </div>
    }
}

/// What the last save or check answered: saved, the changes a save would make, the conflict
/// and its two ways on, or the problems with links to their fields.
#[component]
fn StateNote() -> impl IntoView {
    let app = use_app();
    let d = use_config_draft();
    move || {
        match d.state.get() {
        SaveState::Idle | SaveState::Saving | SaveState::Checking => ().into_any(),
        SaveState::Saved => view! {
            <p class="banner banner-ok" role="status" data-testid="config-saved">{move || app.t(ConfigMsg::SavedNow)}</p>
        }
        .into_any(),
        SaveState::Checked(changes) => {
            let none = changes.is_empty();
            view! {
                <div class="banner banner-ok stack" role="status" data-testid="config-checked">
                    <p>{move || app.t(if none { ConfigMsg::CheckNone } else { ConfigMsg::CheckTitle })}</p>
                    {(!none).then(|| view! {
                        <ul>{changes.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}</ul>
                    })}
                </div>
            }
            .into_any()
        }
        SaveState::Conflict { theirs } => {
            let ready = theirs.is_some();
            view! {
                <div class="banner banner-error stack" role="alert" data-testid="config-conflict">
                    <p>{move || app.t(ConfigMsg::Conflict)}</p>
                    {(!ready).then(|| view! { <p class="hint">{move || app.t(ConfigMsg::ConflictLoading)}</p> })}
                    <div class="form-actions">
                        <button type="button" class="btn btn-secondary" data-testid="config-take-theirs"
                            on:click=move |_| d.take_theirs()>
                            {move || app.t(ConfigMsg::ReloadTheirs)}
                        </button>
                        <button type="button" class="btn btn-primary" data-testid="config-keep-mine"
                            disabled=!ready on:click=move |_| d.keep_mine()>
                            {move || app.t(ConfigMsg::KeepMine)}
                        </button>
                    </div>
                </div>
            }
            .into_any()
        }
        SaveState::KeptMine => view! {
            <p class="banner banner-warning" role="status" data-testid="config-kept-mine">{move || app.t(ConfigMsg::KeptMine)}</p>
        }
        .into_any(),
        SaveState::Invalid => view! { <ProblemList/> }.into_any(),
        SaveState::Failed(e) => view! { <ErrorBanner error=e test_id="config-save-error"/> }.into_any(),
    }
    }
}

/// The problems of the last save or check, each a link that opens its section and puts the
/// focus on its field.
#[component]
fn ProblemList() -> impl IntoView {
    let app = use_app();
    let d = use_config_draft();
    let navigate = use_navigate();
    let items = move || {
        let lang = app.lang.get();
        let navigate = navigate.clone();
        d.errors
            .get()
            .into_iter()
            .map(|e| {
                let where_ = d.draft.with_untracked(|c| describe_path(c, &e.field));
                let text = field_problem_text(lang, &e);
                let target = field_id(&e.field);
                let section = Section::for_field(&e.field);
                let href = format!(
                    "{}#{target}",
                    section.map(Section::path).unwrap_or_default()
                );
                let navigate = navigate.clone();
                let path = e.field.clone();
                let go = move |ev: leptos::ev::MouseEvent| {
                    ev.prevent_default();
                    d.wanted.set(Some(path.clone()));
                    if let Some(s) = section {
                        navigate(s.path(), Default::default());
                    }
                    let target = target.clone();
                    // The section renders after the navigation; then its field takes the focus.
                    set_timeout(
                        move || focus_by_id(&target),
                        std::time::Duration::from_millis(150),
                    );
                };
                view! {
                    <li data-testid="config-problem" data-field=e.field.clone()>
                        <a href=href on:click=go>
                            <code>{where_}</code>
                        </a>
                        ": " {text}
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <div class="banner banner-error stack" role="alert" data-testid="config-invalid">
            <p>{move || app.t(ConfigMsg::Invalid)}</p>
            <p><strong>{move || app.t(ConfigMsg::ProblemsTitle)}</strong></p>
            <ul class="problem-list">{items}</ul>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use spotdesk_api::{Group, LocalizedText};

    #[test]
    fn a_path_is_under_itself_and_its_parts_only() {
        assert!(is_under("services[3]", "services[3]"));
        assert!(is_under("services[3].sla[0].hours", "services[3]"));
        assert!(is_under("services[3].sla[0].hours", "services[3].sla"));
        assert!(!is_under("services[31].code", "services[3]"));
        assert!(!is_under("groups[1]", "services"));
    }

    #[test]
    fn indices_read_from_paths() {
        assert_eq!(index_in("services[3].sla[0].hours", "services"), Some(3));
        assert_eq!(index_in("services", "services"), None);
        assert_eq!(index_in("groups[1]", "services"), None);
    }

    #[test]
    fn field_ids_are_plain() {
        assert_eq!(
            field_id("services[3].sla[0].hours"),
            "cfg-services-3--sla-0--hours"
        );
        assert_eq!(field_id("groups[1].code"), "cfg-groups-1--code");
    }

    #[test]
    fn paths_name_their_objects_by_code() {
        let cat = Catalogue {
            groups: vec![Group {
                code: "noc".into(),
                name: LocalizedText::new("NOC", "ЦУС"),
                line: 2,
            }],
            ..Catalogue::default()
        };
        assert_eq!(describe_path(&cat, "groups[0].line"), "groups[noc].line");
        assert_eq!(describe_path(&cat, "groups[4].line"), "groups[4].line");
        assert_eq!(describe_path(&cat, "holidays[2]"), "holidays[2]");
    }
}
