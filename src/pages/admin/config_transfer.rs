//! `/admin/transfer`: exporting the saved configuration as one JSON file, and importing one:
//! the chosen file is read in the browser, sent to `POST /admin/configuration/check`, and its
//! changes or every problem (part, row and field, with a count) are shown; only "Apply" sends
//! it with `PUT` and `If-Match` of the version the editors were read at. Nothing is applied
//! while anything is wrong: the server checks the whole document and applies all or nothing.

use super::config_draft::use_config_draft;
use crate::api::{self, ApiError};
use crate::components::ErrorBanner;
use crate::download::save_text;
use crate::i18n::{field_error_text, text, Lang, RulesMsg};
use crate::state::use_app;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Deserialize;
use spotdesk_api::{codes, Catalogue, FieldError};
use wasm_bindgen::JsCast;

/// An exported document: only its catalogue is imported (its version belongs to the system
/// it came from).
#[derive(Deserialize)]
struct Exported {
    catalogue: Catalogue,
}

/// The catalogue in a file's text: an exported document (`{"version", …, "catalogue"}`) or a
/// bare catalogue. The error names the line and column.
pub fn parse_import(text: &str) -> Result<Catalogue, String> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    if value.get("catalogue").is_some() {
        serde_json::from_str::<Exported>(text)
            .map(|e| e.catalogue)
            .map_err(|e| e.to_string())
    } else {
        serde_json::from_str::<Catalogue>(text).map_err(|e| e.to_string())
    }
}

/// Where a problem is, as an administrator reads it: the part of the configuration, the row
/// (1-based) and the field. `routing[2].group` is (Routing rules, 3, `group`);
/// `escalation.levels[0].notify` is (Escalation levels, 1, `notify`); `detection.spot_threshold`
/// is (Detection, none, `spot_threshold`).
pub fn locate(lang: Lang, path: &str) -> (String, Option<usize>, String) {
    let (part, row, field): (&str, Option<usize>, &str) = match path.find('[') {
        Some(open) => match path[open + 1..].split_once(']') {
            Some((n, tail)) => (
                &path[..open],
                n.parse::<usize>().ok().map(|n| n + 1),
                tail.trim_start_matches('.'),
            ),
            None => (path, None, ""),
        },
        None => {
            let (p, f) = path.split_once('.').unwrap_or((path, ""));
            (p, None, f)
        }
    };
    let (top, sub) = part.split_once('.').unwrap_or((part, ""));
    let msg = match top {
        "services" => Some(RulesMsg::PartServices),
        "routing" => Some(RulesMsg::PartRouting),
        "groups" => Some(RulesMsg::PartGroups),
        "business_units" => Some(RulesMsg::PartUnits),
        "holidays" => Some(RulesMsg::PartHolidays),
        "working_week" => Some(RulesMsg::PartWeek),
        "escalation" => Some(RulesMsg::PartEscalation),
        "detection" => Some(RulesMsg::PartDetection),
        _ => None,
    };
    let name = match (msg, sub) {
        (Some(m), "") => text(lang, m).to_owned(),
        (Some(m), sub) => format!("{} · {sub}", text(lang, m)),
        (None, _) => part.to_owned(),
    };
    (name, row, field.to_owned())
}

/// What names the row of `path` in the imported `cat`: a service's, group's or business unit's
/// code, a routing rule's id (`id 7`).
pub fn row_name(cat: &Catalogue, path: &str) -> Option<String> {
    let (part, rest) = path.split_once('[')?;
    let index: usize = rest.split_once(']')?.0.parse().ok()?;
    let name = match part {
        "services" => cat.services.get(index)?.code.clone(),
        "groups" => cat.groups.get(index)?.code.clone(),
        "business_units" => cat.business_units.get(index)?.code.clone(),
        "routing" => format!("id {}", cat.routing.get(index)?.id),
        _ => return None,
    };
    (!name.trim().is_empty()).then_some(name)
}

/// Where an import stands.
#[derive(Debug, Clone, PartialEq)]
enum Import {
    Idle,
    Checking,
    /// The file is not JSON of a configuration.
    NotConfig(String),
    /// The server found problems: nothing can be applied.
    Problems(Vec<FieldError>, Catalogue),
    /// Valid: what applying would change.
    Ready {
        catalogue: Catalogue,
        changes: Vec<String>,
    },
    Applying,
    /// Applied as this version.
    Applied(i64),
    /// Someone saved between the check and "Apply".
    Conflict(Catalogue),
    Failed(ApiError),
}

/// The text of the file chosen in `input`, with its name.
async fn read_chosen(input: &web_sys::HtmlInputElement) -> Result<(String, String), String> {
    let err = |e: wasm_bindgen::JsValue| format!("{e:?}");
    let files = js_sys::Reflect::get(input, &"files".into()).map_err(err)?;
    let file = js_sys::Reflect::get(&files, &"0".into()).map_err(err)?;
    let blob: web_sys::Blob = file.dyn_into().map_err(|_| "no file chosen".to_owned())?;
    let name = js_sys::Reflect::get(&blob, &"name".into())
        .ok()
        .and_then(|n| n.as_string())
        .unwrap_or_default();
    let text = wasm_bindgen_futures::JsFuture::from(blob.text())
        .await
        .map_err(err)?
        .as_string()
        .ok_or("the file is not text")?;
    Ok((name, text))
}

/// Whether `e` is a 422 with problems by path.
fn is_validation(e: &ApiError) -> bool {
    matches!(e, ApiError::Http { status: 422, body: Some(b), .. } if b.code == codes::VALIDATION_FAILED)
}

/// The section.
#[component]
pub fn TransferSection() -> impl IntoView {
    let app = use_app();
    let d = use_config_draft();
    d.ensure_loaded();
    view! {
        <section class="admin-config" aria-labelledby="config-transfer-title" data-testid="config-transfer">
            <div class="section-head">
                <h2 id="config-transfer-title">{move || app.t(RulesMsg::Transfer)}</h2>
            </div>
            <ExportBox/>
            <ImportBox/>
        </section>
    }
}

/// "Download the configuration": the saved document, fetched fresh.
#[component]
fn ExportBox() -> impl IntoView {
    let app = use_app();
    let busy = RwSignal::new(false);
    let done = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<ApiError>);
    let export = move |_| {
        busy.set(true);
        error.set(None);
        done.set(None);
        spawn_local(async move {
            let r = app
                .call(|c| async move { api::configuration::get(&c).await })
                .await;
            match r {
                Ok(doc) => {
                    let name = format!("spotdesk-configuration-v{}.json", doc.version);
                    match serde_json::to_string_pretty(&doc) {
                        Ok(json) => match save_text(&name, "application/json", &json) {
                            Ok(()) => {
                                let _ = done.try_set(Some(name));
                            }
                            Err(e) => {
                                let _ = error.try_set(Some(ApiError::Decode(e)));
                            }
                        },
                        Err(e) => {
                            let _ = error.try_set(Some(ApiError::Decode(e.to_string())));
                        }
                    }
                }
                Err(e) => {
                    let _ = error.try_set(Some(e));
                }
            }
            let _ = busy.try_set(false);
        });
    };
    view! {
        <section class="config-block" aria-labelledby="config-export-title" data-testid="config-export">
            <h3 id="config-export-title">{move || app.t(RulesMsg::ExportTitle)}</h3>
            <p class="hint">{move || app.t(RulesMsg::ExportHint)}</p>
            <button type="button" class="btn btn-primary" data-testid="config-export-button"
                disabled=move || busy.get() aria-busy=move || busy.get().to_string() on:click=export>
                {move || app.t(if busy.get() { RulesMsg::Exporting } else { RulesMsg::Export })}
            </button>
            <p role="status" aria-live="polite">
                {move || done.get().map(|n| format!("{} {n}", app.t(RulesMsg::Exported)))}
            </p>
            {move || error.get().map(|e| view! { <ErrorBanner error=e test_id="config-export-error"/> })}
        </section>
    }
}

/// Choosing a file, the check's answer, "Apply".
#[component]
fn ImportBox() -> impl IntoView {
    let app = use_app();
    let d = use_config_draft();
    let state = RwSignal::new(Import::Idle);
    let file_name = RwSignal::new(String::new());
    let input = NodeRef::<leptos::html::Input>::new();
    let check = move |catalogue: Catalogue| {
        state.set(Import::Checking);
        spawn_local(async move {
            let body = catalogue.clone();
            let r = app
                .call(|c| async move { api::configuration::check(&c, &body).await })
                .await;
            let next = match r {
                Ok(c) => Import::Ready {
                    catalogue,
                    changes: c.changes,
                },
                Err(e) if is_validation(&e) => {
                    Import::Problems(e.field_errors().to_vec(), catalogue)
                }
                Err(e) => Import::Failed(e),
            };
            let _ = state.try_set(next);
        });
    };
    let chosen = move |_| {
        let Some(el) = input.get_untracked() else {
            return;
        };
        state.set(Import::Checking);
        spawn_local(async move {
            let el: &web_sys::HtmlInputElement = &el;
            match read_chosen(el).await {
                Ok((name, text)) => {
                    let _ = file_name.try_set(name);
                    match parse_import(&text) {
                        Ok(cat) => check(cat),
                        Err(e) => {
                            let _ = state.try_set(Import::NotConfig(e));
                        }
                    }
                }
                Err(e) => {
                    let _ = state.try_set(Import::NotConfig(e));
                }
            }
            // The same file can be chosen again after it was corrected.
            el.set_value("");
        });
    };
    let apply = move |catalogue: Catalogue| {
        let version = d.version();
        state.set(Import::Applying);
        spawn_local(async move {
            let body = catalogue.clone();
            let r = app
                .call(|c| async move { api::configuration::put(&c, &body, version).await })
                .await;
            let next = match r {
                Ok(doc) => {
                    app.catalogue_changed();
                    d.reload();
                    Import::Applied(doc.version)
                }
                Err(e) if e.status() == Some(412) => {
                    d.reload();
                    Import::Conflict(catalogue)
                }
                Err(e) if is_validation(&e) => {
                    Import::Problems(e.field_errors().to_vec(), catalogue)
                }
                Err(e) => Import::Failed(e),
            };
            let _ = state.try_set(next);
        });
    };
    let busy = move || matches!(state.get(), Import::Checking | Import::Applying);
    view! {
        <section class="config-block" aria-labelledby="config-import-title" data-testid="config-import">
            <h3 id="config-import-title">{move || app.t(RulesMsg::ImportTitle)}</h3>
            <p class="hint">{move || app.t(RulesMsg::ImportHint)}</p>
            <div class="field">
                <label for="config-import-file">{move || app.t(RulesMsg::ImportFile)}</label>
                <input id="config-import-file" type="file" accept=".json,application/json"
                    data-testid="config-import-file" node_ref=input disabled=busy on:change=chosen/>
            </div>
            <div role="status" aria-live="polite" data-testid="config-import-status" data-state=move || match state.get() {
                Import::Idle => "idle",
                Import::Checking => "checking",
                Import::NotConfig(_) => "not-config",
                Import::Problems(..) => "problems",
                Import::Ready { .. } => "ready",
                Import::Applying => "applying",
                Import::Applied(_) => "applied",
                Import::Conflict(_) => "conflict",
                Import::Failed(_) => "failed",
            }>
                {move || match state.get() {
                    Import::Idle => ().into_any(),
                    Import::Checking => view! { <p>{move || app.t(RulesMsg::ImportChecking)}</p> }.into_any(),
                    Import::Applying => view! { <p>{move || app.t(RulesMsg::Applying)}</p> }.into_any(),
                    Import::NotConfig(msg) => view! {
                        <div class="banner banner-error" data-testid="config-import-not-config">
                            <p>{move || format!("{} {}", app.t(RulesMsg::ImportNotConfig), file_name.get())}</p>
                            <p><code>{msg}</code></p>
                            <p>{move || app.t(RulesMsg::ImportNothingApplied)}</p>
                        </div>
                    }.into_any(),
                    Import::Problems(errors, cat) => view! { <ProblemList errors=errors catalogue=cat/> }.into_any(),
                    Import::Ready { catalogue, changes } => {
                        let none = changes.is_empty();
                        let count = changes.len();
                        view! {
                            <div class="banner banner-ok stack" data-testid="config-import-ready">
                                <p><strong>{move || if none {
                                    app.t(RulesMsg::ImportSame).to_owned()
                                } else {
                                    format!("{} {count}", app.t(RulesMsg::ImportChanges))
                                }}</strong></p>
                                <ul data-testid="config-import-changes">
                                    {changes.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}
                                </ul>
                                <Show when=move || d.is_dirty()>
                                    <p class="hint">{move || app.t(RulesMsg::ImportUnsaved)}</p>
                                </Show>
                                <div class="form-actions">
                                    <button type="button" class="btn btn-primary" data-testid="config-import-apply"
                                        on:click=move |_| apply(catalogue.clone())>
                                        {move || app.t(RulesMsg::Apply)}
                                    </button>
                                </div>
                            </div>
                        }.into_any()
                    }
                    Import::Applied(version) => view! {
                        <p class="banner banner-ok" data-testid="config-import-applied">
                            {move || format!("{} {version}.", app.t(RulesMsg::Applied))}
                        </p>
                    }.into_any(),
                    Import::Conflict(catalogue) => view! {
                        <div class="banner banner-error stack" data-testid="config-import-conflict">
                            <p>{move || app.t(RulesMsg::ApplyConflict)}</p>
                            <button type="button" class="btn btn-secondary" on:click=move |_| check(catalogue.clone())>
                                {move || app.t(RulesMsg::CheckAgain)}
                            </button>
                        </div>
                    }.into_any(),
                    Import::Failed(e) => view! { <ErrorBanner error=e test_id="config-import-error"/> }.into_any(),
                }}
            </div>
        </section>
    }
}

/// Every problem of the file, with where it is and what is wrong, and their count.
#[component]
fn ProblemList(errors: Vec<FieldError>, catalogue: Catalogue) -> impl IntoView {
    let app = use_app();
    let count = errors.len();
    let rows = errors
        .into_iter()
        .map(|e| {
            let FieldError {
                field,
                code,
                message,
                ..
            } = e;
            let path = field.clone();
            let data_path = field.clone();
            let row_name = row_name(&catalogue, &field);
            view! {
                <tr data-testid="config-import-problem" data-path=data_path>
                    <td>
                        {move || {
                            let lang = app.lang.get();
                            let (part, row, name) = locate(lang, &path);
                            let mut out = part;
                            if let Some(row) = row {
                                out.push_str(&format!(", {} {row}", text(lang, RulesMsg::RowN)));
                                if let Some(name) = &row_name {
                                    out.push_str(&format!(" ({name})"));
                                }
                            }
                            if !name.is_empty() {
                                out.push_str(&format!(", {} {name}", text(lang, RulesMsg::FieldN)));
                            }
                            out
                        }}
                        <br/><code>{field}</code>
                    </td>
                    <td>
                        {move || field_error_text(app.lang.get(), &code)}
                        <br/><span class="hint">{message}</span>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="banner banner-error stack" data-testid="config-import-problems">
            <p><strong>{move || format!("{} {count}", app.t(RulesMsg::ImportProblems))}</strong></p>
            <p>{move || app.t(RulesMsg::ImportNothingApplied)}</p>
            <table class="data-table">
                <thead>
                    <tr>
                        <th scope="col">{move || app.t(RulesMsg::Where)}</th>
                        <th scope="col">{move || app.t(RulesMsg::Problem)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_names_its_part_row_and_field() {
        assert_eq!(
            locate(Lang::En, "routing[2].group"),
            ("Routing rules".into(), Some(3), "group".into())
        );
        assert_eq!(
            locate(Lang::En, "services[0].sla[1].hours"),
            ("Services".into(), Some(1), "sla[1].hours".into())
        );
        assert_eq!(
            locate(Lang::Ru, "escalation.levels[0].notify"),
            ("Эскалация · levels".into(), Some(1), "notify".into())
        );
        assert_eq!(
            locate(Lang::En, "detection.spot_threshold"),
            ("Detection".into(), None, "spot_threshold".into())
        );
        assert_eq!(
            locate(Lang::En, "routing"),
            ("Routing rules".into(), None, "".into())
        );
        assert_eq!(locate(Lang::En, "odd[x"), ("odd[x".into(), None, "".into()));
    }

    #[test]
    fn a_row_is_named_by_its_code_or_id() {
        let cat: Catalogue = serde_json::from_value(serde_json::json!({
            "services": [], "holidays": [],
            "business_day": {"start_hour": 9, "end_hour": 18, "utc_offset_minutes": 180},
            "groups": [{"code": "noc", "name": {"en": "NOC", "ru": "ЦУС"}, "line": 2}],
            "routing": [{"id": 7, "priority": 1, "service_code": null, "channel": null,
                "kind": null, "line": 1, "group": "noc"}]
        }))
        .expect("a catalogue");
        assert_eq!(row_name(&cat, "groups[0].name.en").as_deref(), Some("noc"));
        assert_eq!(row_name(&cat, "routing[0].group").as_deref(), Some("id 7"));
        assert_eq!(row_name(&cat, "routing[3].group"), None);
        assert_eq!(row_name(&cat, "detection.spot_threshold"), None);
    }

    #[test]
    fn imports_an_export_or_a_bare_catalogue() {
        let cat = Catalogue::default();
        let bare = serde_json::to_string(&cat).expect("serialises");
        assert_eq!(parse_import(&bare), Ok(cat.clone()));
        let doc = spotdesk_api::ConfigurationDocument {
            version: 7,
            updated_at: None,
            updated_by: None,
            catalogue: cat.clone(),
        };
        let exported = serde_json::to_string_pretty(&doc).expect("serialises");
        assert_eq!(parse_import(&exported), Ok(cat));
        let broken =
            parse_import("{\"catalogue\": {\"services\": 3}}").expect_err("not a catalogue");
        assert!(broken.contains("line 1"), "{broken}");
        assert!(parse_import("not json").is_err());
    }
}
