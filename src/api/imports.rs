//! `/admin/imports`: uploading the operator's data files and following their import.
//!
//! The upload is the one call made with `XMLHttpRequest` instead of `fetch` (`gloo-net`):
//! only it reports how much of the body has been sent, which the page shows as the upload's
//! progress bar. It has no time limit (a large file takes minutes to send); the status calls
//! that follow are ordinary ones.

use super::client::{parse, parse_retry_after, ApiError, Client};
use spotdesk_api::{ErrorBody, ImportFormat, ImportId, ImportJob, ImportKind};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Blob, ProgressEvent, XmlHttpRequest};

/// The format a file name suggests: `.geojson` and `.json` are GeoJSON, anything else CSV.
pub fn format_of_name(name: &str) -> ImportFormat {
    let lower = name.to_lowercase();
    if lower.ends_with(".geojson") || lower.ends_with(".json") {
        ImportFormat::Geojson
    } else {
        ImportFormat::Csv
    }
}

/// `POST /admin/imports/{kind}` with the file as the body (`technology`: a coverage file's
/// layer for features without one); `progress(sent, total)` is called as the body goes out. The import that started, or why not (413, 415, 422, 429 ...).
pub async fn upload(
    c: &Client,
    kind: ImportKind,
    file: &Blob,
    format: ImportFormat,
    replace: bool,
    technology: Option<&str>,
    progress: impl Fn(f64, f64) + 'static,
) -> Result<ImportJob, ApiError> {
    let net = |e: wasm_bindgen::JsValue| ApiError::Network(format!("{e:?}"));
    let (format_param, content_type) = match format {
        ImportFormat::Csv => ("csv", "text/csv"),
        ImportFormat::Geojson => ("geojson", "application/geo+json"),
    };
    let mut path = format!(
        "/admin/imports/{}?format={format_param}&replace={replace}",
        kind.as_str()
    );
    if let Some(t) = technology {
        path.push_str("&technology=");
        path.push_str(&String::from(js_sys::encode_uri_component(t)));
    }
    let url = c.url(&path);
    let xhr = XmlHttpRequest::new().map_err(net)?;
    xhr.open_with_async("POST", &url, true).map_err(net)?;
    xhr.set_request_header("Accept", "application/json")
        .map_err(net)?;
    xhr.set_request_header("Content-Type", content_type)
        .map_err(net)?;
    if let Some(token) = c.token() {
        xhr.set_request_header("Authorization", &format!("Bearer {token}"))
            .map_err(net)?;
    }
    let on_progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |e: ProgressEvent| {
        progress(e.loaded(), e.total());
    });
    let upload = xhr.upload().map_err(net)?;
    upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    let done = js_sys::Promise::new(&mut |resolve, _reject| {
        xhr.set_onloadend(Some(&resolve));
    });
    xhr.send_with_opt_blob(Some(file)).map_err(net)?;
    let _ = wasm_bindgen_futures::JsFuture::from(done).await;
    upload.set_onprogress(None);
    drop(on_progress);
    let status = xhr.status().map_err(net)?;
    let text = xhr.response_text().ok().flatten().unwrap_or_default();
    match status {
        0 => Err(ApiError::Network(
            "the upload did not reach the server".into(),
        )),
        200..=299 => parse(&text),
        _ => Err(ApiError::Http {
            status,
            body: serde_json::from_str::<ErrorBody>(&text).ok(),
            retry_after: xhr
                .get_response_header("Retry-After")
                .ok()
                .flatten()
                .and_then(|v| parse_retry_after(&v)),
        }),
    }
}

/// `GET /admin/imports/{kind}/{id}`: where the import is now.
pub async fn status(c: &Client, kind: ImportKind, id: ImportId) -> Result<ImportJob, ApiError> {
    c.get(&format!("/admin/imports/{}/{id}", kind.as_str()), &[])
        .await
}
