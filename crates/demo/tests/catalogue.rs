//! The shipped catalogue file `data/catalogue.json` is exactly what [`default_catalogue`]
//! returns, written the way `serde_json` pretty-prints it: nothing is lost or added on the way
//! from the file to the server, and the file stays in one canonical layout.

use spotdesk_api::Catalogue;
use spotdesk_demo::catalogue::CATALOGUE_JSON as SHIPPED;
use spotdesk_demo::default_catalogue;

/// The first line where `a` and `b` differ, for a readable failure on an 80 KB text.
fn first_difference(a: &str, b: &str) -> Option<(usize, String, String)> {
    let (mut left, mut right) = (a.lines(), b.lines());
    let mut line = 0;
    loop {
        line += 1;
        match (left.next(), right.next()) {
            (None, None) => return None,
            (l, r) if l == r => continue,
            (l, r) => {
                let text = |s: Option<&str>| s.unwrap_or("<end of text>").to_string();
                return Some((line, text(l), text(r)));
            }
        }
    }
}

#[test]
fn default_catalogue_is_the_shipped_file() {
    let written = serde_json::to_string_pretty(&default_catalogue()).expect("serialises") + "\n";
    if let Some((line, got, want)) = first_difference(&written, SHIPPED) {
        panic!("line {line}: default_catalogue() gives {got:?}, data/catalogue.json has {want:?}");
    }
    assert_eq!(written, SHIPPED, "same lines, different line endings");
}

#[test]
fn shipped_file_round_trips_unchanged() {
    let parsed: Catalogue = serde_json::from_str(SHIPPED).expect("data/catalogue.json parses");
    assert!(
        parsed == default_catalogue(),
        "data/catalogue.json parses to something other than default_catalogue()"
    );
    let again = serde_json::to_string_pretty(&parsed).expect("serialises") + "\n";
    if let Some((line, got, want)) = first_difference(&again, SHIPPED) {
        panic!(
            "line {line}: the file has {want:?} but reads back as {got:?}; \
             a misspelt key is silently dropped, and values must be written canonically"
        );
    }
}

#[test]
fn routing_rule_ids_are_unique() {
    let rules = default_catalogue().routing;
    let ids: std::collections::BTreeSet<i64> = rules.iter().map(|r| r.id).collect();
    assert_eq!(ids.len(), rules.len(), "two routing rules share an id");
}

#[test]
fn the_shipped_catalogue_passes_the_configuration_check() {
    // `--demo` stores it through the same validated path as `PUT /admin/configuration`.
    let cat = default_catalogue();
    let in_use = spotdesk_core::config_check::InUse::default();
    if let Err(errors) = spotdesk_core::config_check::check_catalogue(&cat, &cat, &in_use) {
        panic!("data/catalogue.json fails the configuration check: {errors:#?}");
    }
}
