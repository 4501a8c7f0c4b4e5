//! Every enum value the SPA names (`TicketStatus::Reopened`, `PublicState::BeingFixed`, ...)
//! is in the committed API document, and every value the document lists is one the SPA can
//! read: a second backend written from the document then sends nothing the SPA does not
//! know, and the SPA matches on nothing the document does not promise.

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

const COMMITTED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../openapi/spotdesk-v1.json"
);
const SPA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../src");
const API: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../api/src");

/// A wire value read as the API crate's enum: the Rust name of its variant.
type Reader = fn(&str) -> Option<String>;

macro_rules! readers {
    ($($t:ident),* $(,)?) => {
        vec![$((
            stringify!($t),
            (|v: &str| {
                serde_json::from_value::<spotdesk_api::$t>(Value::String(v.to_owned()))
                    .ok()
                    .map(|x| format!("{x:?}"))
            }) as Reader,
        )),*]
    };
}

/// The API crate's string enums (all of its `pub enum`s but [`NOT_STRINGS`]).
fn readers() -> BTreeMap<&'static str, Reader> {
    readers![
        Technology,
        Role,
        FieldPresence,
        EntityKind,
        ChangeAction,
        WorkKind,
        ProblemKind,
        PublicState,
        SpotStatus,
        IncidentStatus,
        AffectedSource,
        EscalationRule,
        Weekday,
        ImportKind,
        ImportFormat,
        ImportState,
        TicketKind,
        Channel,
        Segment,
        TicketStatus,
        TicketSort,
        CommentKind,
    ]
    .into_iter()
    .collect()
}

/// Enums of the API crate that are not plain strings on the wire: `FieldKind` is an object
/// tagged by `type` (its variants carry data), `FactsError` is a decoding error, never sent.
const NOT_STRINGS: [&str; 2] = ["FieldKind", "FactsError"];

fn rust_files(dir: &str, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(path.to_str().unwrap_or_default(), out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Every `Name::Variant` of a text, where `Variant` looks like a variant (capitalised, not a
/// constant such as `ALL`).
fn paths(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("::") {
        let before = &rest[..at];
        let name: String = before
            .chars()
            .rev()
            .take_while(|&c| is_ident(c))
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let after = &rest[at + 2..];
        let variant: String = after.chars().take_while(|&c| is_ident(c)).collect();
        if variant.starts_with(|c: char| c.is_ascii_uppercase())
            && variant.chars().any(|c| c.is_ascii_lowercase())
        {
            out.push((name, variant));
        }
        rest = after;
    }
    out
}

/// Every string of every `enum` list inside a schema (also inside `oneOf` alternatives).
fn enum_values(schema: &Value, out: &mut BTreeSet<String>) {
    match schema {
        Value::Object(map) => {
            for (k, v) in map {
                if k == "enum" {
                    out.extend(
                        v.as_array()
                            .into_iter()
                            .flatten()
                            .filter_map(|s| s.as_str().map(str::to_owned)),
                    );
                } else {
                    enum_values(v, out);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| enum_values(v, out)),
        _ => {}
    }
}

#[test]
fn every_api_enum_is_checked() {
    let readers = readers();
    let mut files = Vec::new();
    rust_files(API, &mut files);
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        for line in text.lines() {
            if let Some(rest) = line.trim().strip_prefix("pub enum ") {
                let name: String = rest.chars().take_while(|&c| is_ident(c)).collect();
                assert!(
                    readers.contains_key(name.as_str()) || NOT_STRINGS.contains(&name.as_str()),
                    "{name} ({}) is missing from readers() in {}",
                    file.display(),
                    file!()
                );
            }
        }
    }
}

#[test]
fn every_enum_value_the_spa_names_is_in_the_document() {
    let doc: Value =
        serde_json::from_str(&std::fs::read_to_string(COMMITTED).expect("document")).expect("json");
    let schemas = &doc["components"]["schemas"];
    let readers = readers();
    // The Rust variants the document lists, per enum; and every listed value must be readable.
    let mut documented: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for (&name, read) in &readers {
        let mut values = BTreeSet::new();
        enum_values(&schemas[name], &mut values);
        assert!(!values.is_empty(), "{name} is not an enum in the document");
        let variants = values
            .iter()
            .map(|v| {
                read(v).unwrap_or_else(|| {
                    panic!("the document's {name} value {v:?} is unknown to the SPA")
                })
            })
            .collect();
        documented.insert(name, variants);
    }
    let mut files = Vec::new();
    rust_files(SPA, &mut files);
    let mut checked = 0;
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        for (name, variant) in paths(&text) {
            if let Some(variants) = documented.get(name.as_str()) {
                assert!(
                    variants.contains(&variant),
                    "{} names {name}::{variant}, which the document's {name} does not list",
                    file.display()
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 50, "only {checked} enum values found in the SPA");
}

#[test]
fn the_scanner_finds_variants() {
    assert_eq!(
        paths("match s { PublicState::BeingFixed => 1, TicketStatus::ALL, x::y }"),
        [("PublicState".to_owned(), "BeingFixed".to_owned())]
    );
}
