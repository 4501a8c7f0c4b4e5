//! The progress of an import: the upload's bytes, then the rows checked and written, with
//! rows per second and the time left, as a `<progress>` bar and a line of figures.

use crate::i18n::ImportMsg;
use crate::state::use_app;
use leptos::prelude::*;
use spotdesk_api::{ImportJob, ImportState};

/// Whole percent of `done` out of `total` (0..=100); none when the total is not known.
pub fn percent(done: f64, total: f64) -> Option<u32> {
    (total > 0.0).then(|| ((done / total) * 100.0).clamp(0.0, 100.0).floor() as u32)
}

/// A whole number with thin spaces between thousands: `10 000`.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{202f}');
        }
        out.push(c);
    }
    out
}

/// The upload's bar: bytes sent of the file's size.
#[component]
pub fn UploadBar(#[prop(into)] sent: Signal<(f64, f64)>) -> impl IntoView {
    let app = use_app();
    let pct = move || sent.with(|(s, t)| percent(*s, *t).unwrap_or(0));
    view! {
        <div class="field" data-testid="import-upload-progress">
            <label for="import-upload-bar">{move || app.t(ImportMsg::UploadProgress)}</label>
            <progress id="import-upload-bar" max="100" value=move || pct().to_string()>{move || format!("{}%", pct())}</progress>
            <span class="hint">{move || format!("{} {}%", app.t(ImportMsg::Uploading), pct())}</span>
        </div>
    }
}

/// A running import's bar and figures.
#[component]
pub fn ImportBar(#[prop(into)] job: Signal<ImportJob>) -> impl IntoView {
    let app = use_app();
    let phase = move || {
        job.with(|j| match j.state {
            ImportState::Checking => app.t(ImportMsg::Checking),
            _ => app.t(ImportMsg::Writing),
        })
    };
    let pct = move || {
        job.with(|j| {
            j.progress
                .rows_total
                .and_then(|t| percent(j.progress.rows_done as f64, t as f64))
        })
    };
    let figures = move || {
        job.with(|j| {
            let p = &j.progress;
            let mut line = match p.rows_total {
                Some(t) => format!(
                    "{} / {} {}",
                    grouped(p.rows_done),
                    grouped(t),
                    app.t(ImportMsg::Rows)
                ),
                None => format!("{} {}", grouped(p.rows_done), app.t(ImportMsg::Rows)),
            };
            line.push_str(&format!(
                " · {} {}",
                grouped(p.rows_per_second.round() as u64),
                app.t(ImportMsg::PerSecond)
            ));
            if let Some(left) = p.seconds_left {
                line.push_str(&format!(
                    " · {} {} {}",
                    app.t(ImportMsg::TimeLeft),
                    left.round() as u64,
                    app.t(ImportMsg::Seconds)
                ));
            }
            line
        })
    };
    view! {
        <div class="field" data-testid="import-progress">
            <label for="import-bar">{move || app.t(ImportMsg::ImportProgress)}</label>
            // Without a total (while checking) the bar is indeterminate.
            {move || match pct() {
                Some(p) => view! { <progress id="import-bar" max="100" value=p.to_string()>{format!("{p}%")}</progress> }.into_any(),
                None => view! { <progress id="import-bar"></progress> }.into_any(),
            }}
            <p data-testid="import-phase">{phase}</p>
            <p class="hint" data-testid="import-figures">{figures}</p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::{grouped, percent};

    #[test]
    fn percent_is_whole_and_bounded() {
        assert_eq!(percent(0.0, 0.0), None);
        assert_eq!(percent(5.0, 10.0), Some(50));
        assert_eq!(percent(9_999.0, 10_000.0), Some(99));
        assert_eq!(percent(12.0, 10.0), Some(100));
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(grouped(7), "7");
        assert_eq!(grouped(10_000), "10\u{202f}000");
        assert_eq!(grouped(5_000_000), "5\u{202f}000\u{202f}000");
    }
}
