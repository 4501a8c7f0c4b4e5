//! The `spotdesk-detect` binary end to end: generated input in JSON and CSV, malformed
//! input, and the demo generator flag.

use chrono::{TimeZone, Utc};
use spotdesk_cli::demo::{complaints, generate_demo};
use std::path::PathBuf;
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_spotdesk-detect"))
}

fn temp(name: &str, content: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("spotdesk-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let p = dir.join(name);
    std::fs::write(&p, content).expect("write temp file");
    p
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("run spotdesk-detect")
}

const NOW: &str = "2026-05-20T09:30:00Z";

fn demo_json() -> String {
    let now = Utc
        .with_ymd_and_hms(2026, 5, 20, 9, 30, 0)
        .single()
        .expect("valid");
    let data = generate_demo(42, 30, 200, now);
    serde_json::to_string(&complaints(&data)).expect("json")
}

#[test]
fn detects_on_generated_json_and_csv() {
    let json = demo_json();
    let path = temp("demo.json", &json);
    let out = run(&["--input", path.to_str().expect("utf8"), "--now", NOW]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON output");
    assert!(v["complaints"].as_u64().expect("count") > 5000);
    let spots = v["spots"].as_array().expect("spots");
    let bursts = v["bursts"].as_array().expect("bursts");
    assert!(!spots.is_empty() || !bursts.is_empty(), "{v}");
    for s in spots {
        assert!(s["key"].as_str().expect("key").starts_with("spot-"));
        assert!(s["why"].as_array().expect("why").len() == 5);
    }

    // The same complaints as CSV give the same detections.
    let records: Vec<spotdesk_cli::Complaint> = serde_json::from_str(&json).expect("records");
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in &records {
        w.serialize(r).expect("csv row");
    }
    let csv_text = String::from_utf8(w.into_inner().expect("csv")).expect("utf8");
    let path = temp("demo.csv", &csv_text);
    let out2 = run(&[
        "--input",
        path.to_str().expect("utf8"),
        "--now",
        NOW,
        "--kind",
        "both",
    ]);
    assert!(
        out2.status.success(),
        "{}",
        String::from_utf8_lossy(&out2.stderr)
    );
    let v2: serde_json::Value = serde_json::from_slice(&out2.stdout).expect("JSON output");
    assert_eq!(v2["spots"], v["spots"]);
    assert_eq!(v2["bursts"], v["bursts"]);

    let only = run(&[
        "--input",
        path.to_str().expect("utf8"),
        "--now",
        NOW,
        "--kind",
        "spots",
    ]);
    let v3: serde_json::Value = serde_json::from_slice(&only.stdout).expect("JSON output");
    assert!(v3.get("bursts").is_none() && v3.get("spots").is_some());
}

#[test]
fn malformed_input_exits_2_with_row_and_column() {
    let csv_text = "id,lat,long,created_at,customer,service_code,topic\n\
                    1,56.3,44.0,2026-05-01T10:00:00Z,+79000000001,mobile-data,no-data\n\
                    2,56.3,east,2026-05-01T11:00:00Z,+79000000002,mobile-data,no-data\n";
    let path = temp("bad.csv", csv_text);
    let out = run(&["--input", path.to_str().expect("utf8")]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 3") && err.contains("`long`"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(out.stdout.is_empty());

    let path = temp("bad.json", r#"[{"id": 1, "lat": 56.3}]"#);
    let out = run(&["--input", path.to_str().expect("utf8")]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("element 0") && err.contains("missing field"),
        "{err}"
    );

    let path = temp("truncated.json", "[{\"id\": 1,");
    assert_eq!(
        run(&["--input", path.to_str().expect("utf8")])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        run(&["--input", "/nonexistent/file.json"]).status.code(),
        Some(2)
    );
    assert_eq!(run(&["--kind", "everything"]).status.code(), Some(2));
    assert_eq!(run(&["--now", "yesterday"]).status.code(), Some(2));
    assert_eq!(run(&[]).status.code(), Some(2));
}

#[test]
fn generate_demo_writes_complaints() {
    let out = run(&["--generate-demo", "3", "--now", NOW, "--per-day", "50"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Vec<spotdesk_cli::Complaint> = serde_json::from_slice(&out.stdout).expect("records");
    assert!(v.len() > 50);
    assert!(v.windows(2).all(|w| w[0].created_at <= w[1].created_at));
    assert_eq!(run(&["--generate-demo", "zero"]).status.code(), Some(2));
}
