//! A chart drawn by Chart.js 4 on a `<canvas>`.
//!
//! Chart.js (npm `chart.js`, copied by Trunk to `/chartjs/`) is small, canvas-based, actively
//! maintained and needs neither `eval` nor inline styles, so it runs under our strict CSP. It
//! is loaded on first use (only the dashboard uses it) by a `<script>` element carrying the
//! page's CSP nonce. The configuration is plain JSON parsed by `JSON.parse`: no callbacks, no
//! HTML. Every chart's numbers are also shown as a table next to it, which is what screen
//! readers read; the canvas itself is `aria-hidden`.

use gloo_timers::future::TimeoutFuture;
use js_sys::{Function, Reflect};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::{JsCast, JsValue};

const SCRIPT_ID: &str = "chartjs-script";
const SCRIPT_SRC: &str = "/chartjs/chart.umd.min.js";

fn chart_constructor() -> Option<Function> {
    let w = web_sys::window()?;
    Reflect::get(&w, &JsValue::from_str("Chart"))
        .ok()?
        .dyn_into::<Function>()
        .ok()
}

/// The CSP nonce the page was served with (read from a script that carries it).
fn page_nonce(doc: &web_sys::Document) -> Option<JsValue> {
    let el = doc.query_selector("script[nonce]").ok()??;
    Reflect::get(&el, &JsValue::from_str("nonce"))
        .ok()
        .filter(|n| n.as_string().is_some_and(|s| !s.is_empty()))
}

/// Loads Chart.js once; resolves when `window.Chart` exists.
pub async fn ensure_loaded() -> Result<Function, String> {
    if let Some(c) = chart_constructor() {
        return Ok(c);
    }
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    if doc.get_element_by_id(SCRIPT_ID).is_none() {
        let err = |e: JsValue| format!("{e:?}");
        let s = doc.create_element("script").map_err(err)?;
        s.set_id(SCRIPT_ID);
        s.set_attribute("src", SCRIPT_SRC).map_err(err)?;
        if let Some(nonce) = page_nonce(&doc) {
            Reflect::set(&s, &JsValue::from_str("nonce"), &nonce).map_err(err)?;
        }
        doc.body().ok_or("no body")?.append_child(&s).map_err(err)?;
    }
    for _ in 0..300 {
        if let Some(c) = chart_constructor() {
            return Ok(c);
        }
        TimeoutFuture::new(50).await;
    }
    Err("Chart.js did not load".into())
}

fn destroy(chart: &JsValue) {
    if let Some(f) = Reflect::get(chart, &JsValue::from_str("destroy"))
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
    {
        let _ = f.call0(chart);
    }
}

/// A Chart.js chart of `config` (a Chart.js configuration object as JSON), redrawn whenever
/// it changes. `test_id` marks the wrapper; it gets `data-ready="true"` once drawn.
#[component]
pub fn Chart(
    #[prop(into)] config: Signal<serde_json::Value>,
    #[prop(default = "chart")] test_id: &'static str,
) -> impl IntoView {
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let chart: StoredValue<Option<JsValue>, LocalStorage> = StoredValue::new_local(None);
    let ready = RwSignal::new(false);
    let failed = RwSignal::new(false);
    Effect::new(move |_| {
        let cfg = config.get();
        let Some(el) = canvas.get() else { return };
        spawn_local(async move {
            let ctor = match ensure_loaded().await {
                Ok(c) => c,
                Err(_) => {
                    failed.set(true);
                    return;
                }
            };
            let Ok(json) = serde_json::to_string(&cfg) else {
                return;
            };
            let Ok(cfg) = js_sys::JSON::parse(&json) else {
                return;
            };
            if let Some(Some(old)) = chart.try_get_value() {
                destroy(&old);
            }
            let el: JsValue = el.into();
            match Reflect::construct(&ctor, &js_sys::Array::of2(&el, &cfg)) {
                Ok(c) => {
                    chart.try_set_value(Some(c));
                    ready.try_set(true);
                }
                Err(_) => {
                    failed.try_set(true);
                }
            }
        });
    });
    on_cleanup(move || {
        if let Some(Some(c)) = chart.try_get_value() {
            destroy(&c);
        }
    });
    view! {
        <div class="chart-box" data-testid=test_id data-ready=move || ready.get().to_string()
            data-failed=move || failed.get().to_string()>
            <canvas node_ref=canvas aria-hidden="true"></canvas>
        </div>
    }
}
