//! `/admin/imports`: loading the operator's own data (issue 21). The administrator chooses
//! what the file holds and the file, and uploads it (a bar of the bytes sent); the server
//! checks every row before writing anything, and the page follows the import (a bar of the
//! rows checked and written, rows per second, time left) by asking for its status every half
//! second, until it ends: the bad rows (nothing imported), the file's problem, or what changed.

use super::import_progress::{ImportBar, UploadBar};
use super::import_report::{BadRows, Outcome};
use crate::api::{self, ApiError};
use crate::components::ErrorBanner;
use crate::i18n::ImportMsg;
use crate::state::use_app;
use leptos::prelude::*;
use leptos::task::spawn_local;
use spotdesk_api::{ImportFormat, ImportJob, ImportKind, ImportState};
use wasm_bindgen::JsCast;

/// How often a running import's status is asked for, in milliseconds.
const POLL_MS: u32 = 500;

/// Where the page is.
#[derive(Debug, Clone, PartialEq)]
enum Stage {
    /// Choosing.
    Idle,
    /// The file is being sent: bytes sent and the file's size.
    Uploading,
    /// The server has it and the import runs (or has ended).
    Job(Box<ImportJob>),
    /// The upload was refused or failed.
    Refused(ApiError),
}

/// The format of a file of this kind named `name`: coverage is GeoJSON, customer counts and
/// ticket history CSV, an address register either (by the name's extension).
fn format_for(kind: ImportKind, name: &str) -> ImportFormat {
    match kind {
        ImportKind::Addresses => api::imports::format_of_name(name),
        ImportKind::Coverage => ImportFormat::Geojson,
        ImportKind::Customers | ImportKind::Tickets => ImportFormat::Csv,
    }
}

/// What the file chooser offers for a kind.
fn accept_of(kind: ImportKind) -> &'static str {
    match kind {
        ImportKind::Addresses => ".csv,.geojson,.json,text/csv,application/geo+json",
        ImportKind::Coverage => ".geojson,.json,application/geo+json",
        ImportKind::Customers | ImportKind::Tickets => ".csv,text/csv",
    }
}

/// What a file of a kind holds, for the hint under the chooser.
fn hint_of(kind: ImportKind) -> ImportMsg {
    match kind {
        ImportKind::Addresses => ImportMsg::FileHint,
        ImportKind::Coverage => ImportMsg::FileHintCoverage,
        ImportKind::Customers => ImportMsg::FileHintCustomers,
        ImportKind::Tickets => ImportMsg::FileHintTickets,
    }
}

fn kind_msg(kind: ImportKind) -> ImportMsg {
    match kind {
        ImportKind::Addresses => ImportMsg::KindAddresses,
        ImportKind::Coverage => ImportMsg::KindCoverage,
        ImportKind::Customers => ImportMsg::KindCustomers,
        ImportKind::Tickets => ImportMsg::KindTickets,
    }
}

/// The file chosen in `input` and its name.
fn chosen_file(input: &web_sys::HtmlInputElement) -> Option<(web_sys::Blob, String)> {
    let files = js_sys::Reflect::get(input, &"files".into()).ok()?;
    let file = js_sys::Reflect::get(&files, &"0".into()).ok()?;
    let name = js_sys::Reflect::get(&file, &"name".into())
        .ok()
        .and_then(|n| n.as_string())
        .unwrap_or_default();
    file.dyn_into::<web_sys::Blob>().ok().map(|b| (b, name))
}

/// The imports section.
#[component]
pub fn ImportsSection() -> impl IntoView {
    let app = use_app();
    let kind = RwSignal::new(ImportKind::Addresses);
    let replace = RwSignal::new(false);
    let technology = RwSignal::new(String::new());
    let stage = RwSignal::new(Stage::Idle);
    let sent = RwSignal::new((0.0f64, 0.0f64));
    let no_file = RwSignal::new(false);
    let input = NodeRef::<leptos::html::Input>::new();
    let busy = move || {
        stage.with(|s| match s {
            Stage::Uploading => true,
            Stage::Job(j) => !j.state.is_final(),
            _ => false,
        })
    };
    let follow = move |job: ImportJob| {
        let (k, id) = (job.kind, job.id);
        let _ = stage.try_set(Stage::Job(Box::new(job)));
        spawn_local(async move {
            loop {
                gloo_timers::future::TimeoutFuture::new(POLL_MS).await;
                let r = app
                    .call(|c| async move { api::imports::status(&c, k, id).await })
                    .await;
                let next = match r {
                    Ok(j) => j,
                    // A missed answer: ask again next time.
                    Err(e) if e.is_no_answer() => continue,
                    Err(e) => {
                        let _ = stage.try_set(Stage::Refused(e));
                        return;
                    }
                };
                let done = next.state.is_final();
                // `try_set` gives the value back when the page is gone (the signal disposed).
                if stage.try_set(Stage::Job(Box::new(next))).is_some() || done {
                    return;
                }
            }
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy() {
            return;
        }
        let Some(el) = input.get_untracked() else {
            return;
        };
        let Some((file, name)) = chosen_file(&el) else {
            no_file.set(true);
            return;
        };
        no_file.set(false);
        let k = kind.get_untracked();
        let rep = replace.get_untracked();
        let tech = technology.get_untracked().trim().to_owned();
        let tech = (k == ImportKind::Coverage && !tech.is_empty()).then_some(tech);
        let format = format_for(k, &name);
        sent.set((0.0, file.size()));
        stage.set(Stage::Uploading);
        spawn_local(async move {
            let r = app
                .call(|c| async move {
                    api::imports::upload(&c, k, &file, format, rep, tech.as_deref(), move |s, t| {
                        let _ = sent.try_set((s, t));
                    })
                    .await
                })
                .await;
            match r {
                Ok(job) => follow(job),
                Err(e) => {
                    let _ = stage.try_set(Stage::Refused(e));
                }
            }
        });
    };
    let again = move |_| {
        stage.set(Stage::Idle);
        if let Some(el) = input.get_untracked() {
            el.set_value("");
        }
    };
    let options = ImportKind::ALL
        .into_iter()
        .map(|k| {
            view! {
                <option value=k.as_str() prop:selected=move || kind.get() == k>{move || app.t(kind_msg(k))}</option>
            }
        })
        .collect_view();
    let on_kind = move |ev| {
        let v = event_target_value(&ev);
        if let Some(k) = ImportKind::ALL.into_iter().find(|k| k.as_str() == v) {
            kind.set(k);
        }
    };
    view! {
        <section class="admin-section" aria-labelledby="imports-title" data-testid="imports-section">
            <h2 id="imports-title">{move || app.t(ImportMsg::Imports)}</h2>
            <p class="hint">{move || app.t(ImportMsg::Intro)}</p>
            <form class="form" on:submit=submit data-testid="import-form">
                <div class="field">
                    <label for="import-kind">{move || app.t(ImportMsg::Kind)}</label>
                    <select id="import-kind" data-testid="import-kind" on:change=on_kind disabled=busy>{options}</select>
                </div>
                <div class="field">
                    <label for="import-file">{move || app.t(ImportMsg::File)}</label>
                    <input id="import-file" type="file" accept=move || accept_of(kind.get())
                        aria-describedby="import-file-hint" data-testid="import-file" node_ref=input disabled=busy
                        on:change=move |_| no_file.set(false)/>
                    <span id="import-file-hint" class="hint">{move || app.t(hint_of(kind.get()))}</span>
                    {move || no_file.get().then(|| view! {
                        <span class="field-error" role="alert" data-testid="import-no-file">{move || app.t(ImportMsg::ChooseFile)}</span>
                    })}
                </div>
                {move || (kind.get() == ImportKind::Coverage).then(|| view! {
                    <div class="field">
                        <label for="import-technology">{move || app.t(ImportMsg::Technology)}</label>
                        <input id="import-technology" type="text" maxlength="32" autocomplete="off"
                            aria-describedby="import-technology-hint" data-testid="import-technology" disabled=busy
                            prop:value=move || technology.get()
                            on:input=move |ev| technology.set(event_target_value(&ev))/>
                        <span id="import-technology-hint" class="hint">{move || app.t(ImportMsg::TechnologyHint)}</span>
                    </div>
                })}
                <div class="field field-check">
                    <label class="check" for="import-replace">
                        <input id="import-replace" type="checkbox" aria-describedby="import-replace-hint"
                            data-testid="import-replace" disabled=busy prop:checked=move || replace.get()
                            on:change=move |ev| replace.set(event_target_checked(&ev))/>
                        <span>{move || app.t(if kind.get() == ImportKind::Tickets {
                            ImportMsg::ReplaceTickets
                        } else {
                            ImportMsg::Replace
                        })}</span>
                    </label>
                    <span id="import-replace-hint" class="hint">{move || app.t(match kind.get() {
                        ImportKind::Addresses => ImportMsg::ReplaceHint,
                        ImportKind::Coverage => ImportMsg::ReplaceHintCoverage,
                        ImportKind::Customers => ImportMsg::ReplaceHintCustomers,
                        ImportKind::Tickets => ImportMsg::ReplaceHintTickets,
                    })}</span>
                </div>
                <button type="submit" class="btn btn-primary" data-testid="import-submit" disabled=busy>
                    {move || app.t(ImportMsg::Upload)}
                </button>
            </form>
            <div role="status" aria-live="polite" data-testid="import-status" data-state=move || stage.with(|s| match s {
                Stage::Idle => "idle",
                Stage::Uploading => "uploading",
                Stage::Refused(_) => "refused",
                Stage::Job(j) => match j.state {
                    ImportState::Checking => "checking",
                    ImportState::Writing => "writing",
                    ImportState::Done => "done",
                    ImportState::Rejected => "rejected",
                    ImportState::Failed => "failed",
                },
            })>
                {move || match stage.get() {
                    Stage::Idle => ().into_any(),
                    Stage::Uploading => view! { <UploadBar sent=sent/> }.into_any(),
                    Stage::Refused(e) => view! { <ErrorBanner error=e test_id="import-error"/> }.into_any(),
                    Stage::Job(j) => view! { <JobView job=*j on_again=Callback::new(again)/> }.into_any(),
                }}
            </div>
        </section>
    }
}

/// A job: its bar while it runs, then how it ended.
#[component]
fn JobView(job: ImportJob, on_again: Callback<()>) -> impl IntoView {
    let app = use_app();
    let again = move || {
        view! {
            <p><button type="button" class="btn" data-testid="import-again" on:click=move |_| on_again.run(())>
                {move || app.t(ImportMsg::Another)}
            </button></p>
        }
    };
    match job.state {
        ImportState::Checking | ImportState::Writing => {
            view! { <ImportBar job=Signal::stored(job)/> }.into_any()
        }
        ImportState::Done => view! {
            <div class="banner banner-ok" data-testid="import-done">
                <p><strong>{move || app.t(ImportMsg::Done)}</strong></p>
            </div>
            {job.result.map(|r| view! { <Outcome result=r kind=job.kind/> })}
            {again()}
        }
        .into_any(),
        ImportState::Rejected | ImportState::Failed => {
            let msg = if job.state == ImportState::Rejected {
                ImportMsg::Rejected
            } else {
                ImportMsg::Failed
            };
            view! {
                <div class="banner banner-error" role="alert" data-testid="import-rejected">
                    <p><strong>{move || app.t(msg)}</strong></p>
                    {job.error.map(|e| view! { <p>{move || app.t(ImportMsg::FileProblem)}" "<code>{e.clone()}</code></p> })}
                </div>
                {job.report.map(|r| view! { <BadRows report=r/> })}
                {again()}
            }
            .into_any()
        }
    }
}
