//! Every error code the server sends is one of `spotdesk_api::codes` or
//! `spotdesk_api::field_codes`: no handler writes a code as a string literal.

use std::path::{Path, PathBuf};

/// Calls that take an error code as their second argument.
const CALLS: [&str; 5] = [
    "FieldError::new(",
    "ApiError::new(",
    "Self::new(",
    "bad_field(",
    "invalid_field(",
];

/// Every `.rs` file under `dir`, test modules (`tests.rs`) left out.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs")
            && path.file_name().is_none_or(|n| n != "tests.rs")
        {
            out.push(path);
        }
    }
}

/// The top-level arguments of the call whose `(` ends just before `text`, each as written.
fn arguments(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let (mut depth, mut start, mut i) = (0usize, 0usize, 0usize);
    let mut args = Vec::new();
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' if depth == 0 => {
                args.push(&text[start..i]);
                return args;
            }
            b')' | b']' | b'}' => depth -= 1,
            b',' if depth == 0 => {
                args.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    args
}

/// `(line, code argument)` of every error-code argument written as a string literal in the
/// non-test code of `source` (what comes before its first `#[cfg(test)]`).
fn literal_codes(source: &str) -> Vec<(usize, String)> {
    let code = source.split("#[cfg(test)]").next().unwrap_or(source);
    let mut found = Vec::new();
    for call in CALLS {
        for (at, _) in code.match_indices(call) {
            let before = &code[..at];
            // A definition (`fn bad_field(`), not a call.
            if before.trim_end().ends_with("fn") {
                continue;
            }
            let args = arguments(&code[at + call.len()..]);
            if let Some(arg) = args.get(1).filter(|_| args.len() >= 3) {
                if arg.contains('"') {
                    found.push((before.lines().count(), arg.trim().to_owned()));
                }
            }
        }
    }
    found
}

#[test]
fn no_error_code_is_a_string_literal() {
    let mut files = Vec::new();
    sources(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    assert!(files.len() > 20, "the sources were not found");
    let offenders: Vec<String> = files
        .iter()
        .flat_map(|path| {
            let source = std::fs::read_to_string(path).unwrap_or_default();
            literal_codes(&source)
                .into_iter()
                .map(move |(line, arg)| format!("{}:{line}: {arg}", path.display()))
        })
        .collect();
    assert!(
        offenders.is_empty(),
        "error codes must be constants of spotdesk_api::codes / field_codes:\n{}",
        offenders.join("\n")
    );
}

#[test]
fn the_check_finds_literals() {
    let source = r#"
        fn bad_field(field: &str, code: &str) {}
        errors.push(FieldError::new("title", "required", format!("a, b")));
        errors.push(FieldError::new(format!("x[{i}]"), field_codes::UNKNOWN, "no such, thing"));
        ApiError::bad_field("limit", if x { "a" } else { codes::B }, "1..=9");
        ApiError::new(StatusCode::NOT_FOUND, codes::NOT_FOUND, "gone");
    "#;
    let found: Vec<String> = literal_codes(source).into_iter().map(|(_, a)| a).collect();
    assert_eq!(
        found,
        [r#""required""#, r#"if x { "a" } else { codes::B }"#]
    );
}
