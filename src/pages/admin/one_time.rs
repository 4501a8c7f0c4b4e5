//! A one-time password as the server answered it, shown this once with a copy button.

use crate::i18n::AdminMsg;
use crate::state::use_app;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Whether the last copy worked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Copied {
    Yes,
    Failed,
}

/// The one-time password of `username`: shown in a box that takes the focus (so a screen
/// reader reads it out), with "Copy" and "Done"; it is not kept anywhere else.
#[component]
pub fn OneTimePassword(
    #[prop(into)] username: String,
    #[prop(into)] password: String,
    on_done: Callback<()>,
) -> impl IntoView {
    let app = use_app();
    let copied = RwSignal::new(None::<Copied>);
    let heading = NodeRef::<leptos::html::H3>::new();
    Effect::new(move |_| {
        if let Some(h) = heading.get() {
            let _ = h.focus();
        }
    });
    let value = password.clone();
    let copy = move |_| {
        let value = value.clone();
        spawn_local(async move {
            let ok = copy_text(&value).await;
            let _ = copied.try_set(Some(if ok { Copied::Yes } else { Copied::Failed }));
        });
    };
    view! {
        <div class="card one-time" role="region" aria-labelledby="one-time-title" data-testid="one-time-box">
            <h3 id="one-time-title" tabindex="-1" node_ref=heading>
                {move || app.t(AdminMsg::OneTimeFor)} " " {username.clone()}
            </h3>
            <p class="one-time-line">
                <code class="one-time-value" data-testid="one-time-password">{password}</code>
                <button type="button" class="btn btn-secondary" data-testid="one-time-copy" on:click=copy>
                    {move || app.t(AdminMsg::Copy)}
                </button>
                <span role="status" class="hint" data-testid="one-time-copied">
                    {move || copied.get().map(|c| app.t(match c {
                        Copied::Yes => AdminMsg::Copied,
                        Copied::Failed => AdminMsg::CopyFailed,
                    }))}
                </span>
            </p>
            <p class="hint">{move || app.t(AdminMsg::OneTimeOnce)}</p>
            <button type="button" class="btn btn-primary" data-testid="one-time-done" on:click=move |_| on_done.run(())>
                {move || app.t(AdminMsg::Done)}
            </button>
        </div>
    }
}

/// Puts `text` on the clipboard; `false` when the browser refused (no permission, not a
/// secure context).
async fn copy_text(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let navigator = window.navigator();
    // `navigator.clipboard` is missing outside secure contexts; calling into it would throw.
    let present = js_sys::Reflect::get(&navigator, &"clipboard".into())
        .is_ok_and(|c| !c.is_undefined() && !c.is_null());
    if !present {
        return false;
    }
    let promise = navigator.clipboard().write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}
