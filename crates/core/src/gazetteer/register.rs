//! An operator's address register searched outside memory (the server keeps it in its
//! database): the keys an address is stored under, a query split the same way, and the score
//! of a stored place for a query, with the gazetteer's tolerant matching plus one typo per
//! word.
//!
//! A register entry is a full address text with optional components. It is stored under its
//! *place* (the normalised name words of region, city and street, or of the address text
//! without its house number, in order, joined by spaces) and its *house* (`12`, `12a`,
//! `12k2`, `12/3`, `12s1`: number, letter, corpus, fraction, building). A search finds places
//! whose words start with every query word (or, failing that, are one edit away from it),
//! scores them with [`AddressMatcher::place_score`] and then picks the house.

use super::words::{skeleton, tokenize, Token, MARKER_WORDS, STOP_WORDS};
use std::collections::BTreeSet;

/// Score factor of a query word matched only with one typo.
pub const TYPO_FACTOR: f64 = 0.9;
/// Score factor when the house number exists but its corpus/building/letter differs.
pub const HOUSE_PART_FACTOR: f64 = 0.9;
/// Shortest word (in characters) that may match with a typo.
pub const TYPO_MIN_CHARS: usize = 4;

/// One entry of an address register: the full address text and its optional components.
#[derive(Debug, Clone, Copy, Default)]
pub struct RegisterEntry<'a> {
    /// The full address, e.g. `г. Москва, ул. Ленина, д. 12к2`.
    pub address: &'a str,
    /// Region, e.g. `Московская обл.`.
    pub region: Option<&'a str>,
    /// City or settlement.
    pub city: Option<&'a str>,
    /// Street with its type, e.g. `ул. Ленина`.
    pub street: Option<&'a str>,
    /// House number with its letter, e.g. `12`, `12а`, `12/3`.
    pub house: Option<&'a str>,
    /// Corpus or building, e.g. `к2`, `стр 1`, `2`.
    pub building: Option<&'a str>,
}

/// The keys an entry is stored under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddressKey {
    /// Normalised name words of the place, in order, joined by single spaces.
    pub place: String,
    /// The place as people read it (street, or the address without its house), for answers
    /// to queries without a house number.
    pub place_name: String,
    /// The house number, when the entry has one.
    pub house_no: Option<u32>,
    /// The normalised house (`12k2`); empty without a house number.
    pub house: String,
}

/// A query split for a register search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterQuery {
    /// Normalised name words (street-type words dropped), at least one for a useful query.
    pub words: Vec<String>,
    /// The house number, when the query has one.
    pub house_no: Option<u32>,
    /// The normalised house (`12k2`); empty without a house number.
    pub house: String,
}

/// Splits addresses and queries into register keys; holds the street-type and marker words.
#[derive(Debug, Clone)]
pub struct AddressMatcher {
    stop: BTreeSet<String>,
    markers: BTreeSet<String>,
}

impl Default for AddressMatcher {
    fn default() -> Self {
        Self::new()
    }
}

impl AddressMatcher {
    /// A matcher with the gazetteer's street-type and marker words.
    pub fn new() -> Self {
        Self {
            stop: STOP_WORDS.iter().map(|w| skeleton(w)).collect(),
            markers: MARKER_WORDS.iter().map(|w| skeleton(w)).collect(),
        }
    }

    /// The keys of an entry, or `None` when it has no name word (nothing to find it by).
    pub fn key(&self, e: &RegisterEntry<'_>) -> Option<AddressKey> {
        let (street, house_text) = (blank(e.street), blank(e.house));
        let mut words = Vec::new();
        let place_name;
        if let Some(street) = street {
            for part in [blank(e.region), blank(e.city), Some(street)]
                .into_iter()
                .flatten()
            {
                words.extend(self.name_words(part));
            }
            place_name = match blank(e.city) {
                Some(city) => format!("{city}, {street}"),
                None => street.to_owned(),
            };
        } else {
            for part in [blank(e.region), blank(e.city)].into_iter().flatten() {
                words.extend(self.name_words(part));
            }
            let text = e.address.trim();
            let found = find_house(text, &self.markers);
            let name_text = match &found {
                Some(h) => {
                    let before = text[..h.start].trim_end_matches(|c: char| {
                        c == ',' || c == '.' || c == '№' || c.is_whitespace()
                    });
                    let before = strip_house_word(before);
                    if before.is_empty() {
                        text[h.end..].trim_matches(|c: char| c == ',' || c.is_whitespace())
                    } else {
                        before
                    }
                }
                None => text,
            };
            for w in self.name_words(name_text) {
                if !words.contains(&w) {
                    words.push(w);
                }
            }
            place_name = name_text.to_owned();
        }
        if words.is_empty() {
            return None;
        }
        let house = match house_text {
            Some(h) => {
                let joined = match blank(e.building) {
                    Some(b) if b.starts_with(|c: char| c.is_ascii_digit()) => format!("{h} к{b}"),
                    Some(b) => format!("{h} {b}"),
                    None => h.to_owned(),
                };
                find_house(&joined, &BTreeSet::new())
            }
            None => find_house(e.address, &self.markers),
        };
        Some(AddressKey {
            place: words.join(" "),
            place_name,
            house_no: house.as_ref().map(|h| h.number),
            house: house.map(|h| h.key).unwrap_or_default(),
        })
    }

    /// Splits a query: name words (street types dropped; only street-type words: those, as
    /// prefixes) and the house.
    pub fn query(&self, query: &str) -> RegisterQuery {
        let query: String = query.chars().take(200).collect();
        let mut all = Vec::new();
        let mut names = Vec::new();
        for t in tokenize(&query) {
            if let Token::Word { raw_chars, norm } = t {
                if norm.is_empty() {
                    continue;
                }
                if raw_chars > 1 && !self.stop.contains(&norm) {
                    names.push(norm.clone());
                }
                all.push(norm);
            }
        }
        let house = find_house(&query, &self.markers);
        RegisterQuery {
            words: if names.is_empty() { all } else { names },
            house_no: house.as_ref().map(|h| h.number),
            house: house.map(|h| h.key).unwrap_or_default(),
        }
    }

    /// Name words of a text: normalised, street-type and one-letter words dropped.
    fn name_words(&self, text: &str) -> Vec<String> {
        tokenize(text)
            .into_iter()
            .filter_map(|t| match t {
                Token::Word { raw_chars, norm }
                    if raw_chars > 1 && !norm.is_empty() && !self.stop.contains(&norm) =>
                {
                    Some(norm)
                }
                _ => None,
            })
            .collect()
    }

    /// How well query words name a place (its words as in [`AddressKey::place`]), or `None`
    /// when some query word matches none of its words. Like the gazetteer: 1.0 for the same
    /// words, 0.9 for exact words that are not all of the place's, 0.5..0.85 by coverage for
    /// prefixes; each word matched only with a typo multiplies by [`TYPO_FACTOR`].
    pub fn place_score(query: &[String], place: &str) -> Option<f64> {
        let place: Vec<&str> = place.split(' ').filter(|w| !w.is_empty()).collect();
        let mut all_exact = true;
        let mut covered = 0usize;
        let mut factor = 1.0;
        for q in query {
            if place.iter().any(|s| s == q) {
                covered += q.len();
            } else if place.iter().any(|s| s.starts_with(q.as_str())) {
                all_exact = false;
                covered += q.len();
            } else if place.iter().any(|s| one_typo(q, s)) {
                all_exact = false;
                covered += q.len();
                factor *= TYPO_FACTOR;
            } else {
                return None;
            }
        }
        let total: usize = place.iter().map(|w| w.len()).sum::<usize>().max(1);
        if all_exact {
            let a: BTreeSet<&str> = query.iter().map(String::as_str).collect();
            let b: BTreeSet<&str> = place.iter().copied().collect();
            return Some(if a == b { 1.0 } else { 0.9 });
        }
        let coverage = (covered as f64 / total as f64).min(1.0);
        Some((0.5 + 0.35 * coverage) * factor)
    }
}

/// The keys a word is found by with one typo: the word and each of its one-letter deletions
/// (a query word and a stored word one edit apart share one of them); none for words shorter
/// than [`TYPO_MIN_CHARS`].
pub fn typo_keys(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    if chars.len() < TYPO_MIN_CHARS || chars.len() > 40 {
        return Vec::new();
    }
    let mut keys = BTreeSet::new();
    keys.insert(word.to_owned());
    for i in 0..chars.len() {
        let k: String = chars
            .iter()
            .enumerate()
            .filter(|&(j, _)| j != i)
            .map(|(_, c)| c)
            .collect();
        keys.insert(k);
    }
    keys.into_iter().collect()
}

/// Whether `a` and `b` are one edit apart (a letter changed, added, dropped, or two
/// neighbours swapped), both at least [`TYPO_MIN_CHARS`] long.
pub fn one_typo(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len() < TYPO_MIN_CHARS || b.len() < TYPO_MIN_CHARS || a == b {
        return false;
    }
    let pre = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suf = a[pre..]
        .iter()
        .rev()
        .zip(b[pre..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (ra, rb) = (a.len() - pre - suf, b.len() - pre - suf);
    match (ra, rb) {
        (1, 1) | (1, 0) | (0, 1) => true,
        (2, 2) => a[pre] == b[pre + 1] && a[pre + 1] == b[pre],
        _ => false,
    }
}

/// A component with its spaces trimmed, `None` when blank.
fn blank(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}

/// A house found in a text: where it is and its keys.
struct FoundHouse {
    start: usize,
    end: usize,
    number: u32,
    key: String,
}

/// A piece of text for house parsing: a run of digits, a run of letters or one other char.
#[derive(Debug)]
enum Piece<'a> {
    Num(&'a str),
    Word(&'a str),
    Other(char),
}

/// Splits text into digit runs, letter runs and single other characters, with byte offsets.
fn pieces(text: &str) -> Vec<(usize, Piece<'_>)> {
    let mut out = Vec::new();
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        let kind = |c: char| {
            if c.is_ascii_digit() {
                1
            } else if c.is_alphabetic() {
                2
            } else {
                0
            }
        };
        let k = kind(c);
        if k == 0 {
            out.push((i, Piece::Other(c)));
            continue;
        }
        let mut end = i + c.len_utf8();
        while let Some(&(j, d)) = it.peek() {
            if kind(d) != k {
                break;
            }
            end = j + d.len_utf8();
            it.next();
        }
        let s = &text[i..end];
        out.push((
            i,
            if k == 1 {
                Piece::Num(s)
            } else {
                Piece::Word(s)
            },
        ));
    }
    out
}

/// Drops a trailing "д"/"дом"/"house"/"No" word (what precedes a house number).
fn strip_house_word(text: &str) -> &str {
    let trimmed = text.trim_end();
    for w in ["дом", "д", "house", "No", "no", "д."] {
        if let Some(rest) = trimmed.strip_suffix(w) {
            if rest.is_empty() || rest.ends_with(|c: char| !c.is_alphanumeric()) {
                return rest.trim_end_matches(|c: char| c == ',' || c.is_whitespace());
            }
        }
    }
    trimmed
}

/// The first house designation of a text: a number not preceded by a marker word (flat,
/// office...) and not an ordinal (`1-я`), with its letter (`12а`), corpus (`к2`, `корп. 2`),
/// fraction (`/3`) and building (`стр 1`) parts.
fn find_house(text: &str, markers: &BTreeSet<String>) -> Option<FoundHouse> {
    let p = pieces(text);
    let corpus: [&str; 4] = ["k", "korp", "korpus", "kor"];
    let building: [&str; 4] = ["s", "str", "stroenie", "c"];
    let mut last_word: Option<String> = None;
    let mut i = 0;
    while i < p.len() {
        match &p[i].1 {
            Piece::Word(w) => {
                last_word = Some(skeleton(w));
                i += 1;
            }
            Piece::Other(c) if c.is_whitespace() || matches!(c, ',' | '.' | '№' | '#') => {
                i += 1;
            }
            Piece::Other(_) => {
                last_word = None;
                i += 1;
            }
            Piece::Num(n) => {
                let after_marker = last_word.as_ref().is_some_and(|w| markers.contains(w));
                let ordinal = matches!(p.get(i + 1), Some((_, Piece::Other('-'))))
                    && matches!(p.get(i + 2), Some((_, Piece::Word(_))));
                let Ok(number) = n.parse::<u32>() else {
                    last_word = None;
                    i += 1;
                    continue;
                };
                if after_marker || ordinal || number == 0 {
                    last_word = None;
                    i += 1;
                    continue;
                }
                let start = p[i].0;
                let mut key = number.to_string();
                let mut end = start + n.len();
                let mut j = i + 1;
                // A letter right after the number: `12а`, `12 А` (one letter, then no letter).
                if let Some((s, Piece::Word(w))) = p.get(j) {
                    let sk = skeleton(w);
                    if w.chars().count() == 1
                        && !corpus.contains(&sk.as_str())
                        && !building.contains(&sk.as_str())
                    {
                        key.push_str(&sk);
                        end = s + w.len();
                        j += 1;
                    }
                } else if let (Some((_, Piece::Other(' '))), Some((s, Piece::Word(w)))) =
                    (p.get(j), p.get(j + 1))
                {
                    let next_is_sep = !matches!(p.get(j + 2), Some((_, Piece::Word(_))));
                    let sk = skeleton(w);
                    if w.chars().count() == 1
                        && next_is_sep
                        && !corpus.contains(&sk.as_str())
                        && !building.contains(&sk.as_str())
                        && w.chars().all(|c| c.is_uppercase())
                    {
                        key.push_str(&sk.to_lowercase());
                        end = s + w.len();
                        j += 2;
                    }
                }
                // Up to two parts: `/3`, `к2`, `корп. 2`, `стр 1`, `с1`.
                for _ in 0..2 {
                    let mut k = j;
                    while matches!(p.get(k), Some((_, Piece::Other(c))) if c.is_whitespace() || *c == ',')
                    {
                        k += 1;
                    }
                    match p.get(k) {
                        Some((_, Piece::Other('/'))) => {
                            if let Some((s, Piece::Num(m))) = p.get(k + 1) {
                                key.push('/');
                                key.push_str(m.trim_start_matches('0'));
                                end = s + m.len();
                                j = k + 2;
                                continue;
                            }
                        }
                        Some((_, Piece::Word(w))) => {
                            let sk = skeleton(w);
                            let tag = if corpus.contains(&sk.as_str()) {
                                Some('k')
                            } else if building.contains(&sk.as_str()) {
                                Some('s')
                            } else {
                                None
                            };
                            if let Some(tag) = tag {
                                let mut m = k + 1;
                                while matches!(p.get(m), Some((_, Piece::Other(c))) if c.is_whitespace() || *c == '.')
                                {
                                    m += 1;
                                }
                                if let Some((s, Piece::Num(num))) = p.get(m) {
                                    key.push(tag);
                                    key.push_str(num.trim_start_matches('0'));
                                    end = s + num.len();
                                    j = m + 1;
                                    continue;
                                }
                            }
                        }
                        _ => {}
                    }
                    break;
                }
                return Some(FoundHouse {
                    start,
                    end,
                    number,
                    key,
                });
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(address: &str) -> AddressKey {
        AddressMatcher::new()
            .key(&RegisterEntry {
                address,
                ..Default::default()
            })
            .expect("a key")
    }

    #[test]
    fn houses_with_letters_corpora_fractions_and_buildings() {
        for (text, place, no, house) in [
            ("ул. Ленина, 12", "lenina", 12, "12"),
            ("ул. Ленина, д. 12к2", "lenina", 12, "12k2"),
            ("ул. Ленина, 12 корп. 2", "lenina", 12, "12k2"),
            ("ул. Ленина, 12/3", "lenina", 12, "12/3"),
            ("ул. Ленина, 12 стр 1", "lenina", 12, "12s1"),
            ("ул. Ленина, 12а", "lenina", 12, "12a"),
            ("ул. Ленина, 12 А", "lenina", 12, "12a"),
            ("12 Lenina St", "lenina", 12, "12"),
            ("ул. 1-я Парковая, 5", "parkovaya", 5, "5"),
            ("ул. Ленина, 12, кв. 5", "lenina", 12, "12"),
        ] {
            let k = key(text);
            assert_eq!(
                (k.place.as_str(), k.house_no, k.house.as_str()),
                (place, Some(no), house),
                "{text}"
            );
        }
        assert_eq!(key("ул. Ленина, д. 12к2").place_name, "ул. Ленина");
        assert_eq!(key("12 Lenina St").place_name, "Lenina St");
    }

    #[test]
    fn components_take_precedence_over_the_text() {
        let k = AddressMatcher::new()
            .key(&RegisterEntry {
                address: "whatever 99",
                city: Some("Москва"),
                street: Some("ул. Ленина"),
                house: Some("12"),
                building: Some("2"),
                ..Default::default()
            })
            .expect("a key");
        assert_eq!(k.place, "moskva lenina");
        assert_eq!(k.place_name, "Москва, ул. Ленина");
        assert_eq!((k.house_no, k.house.as_str()), (Some(12), "12k2"));
    }

    #[test]
    fn queries_split_like_entries() {
        let m = AddressMatcher::new();
        let q = m.query("ленина 12к2");
        assert_eq!(q.words, vec!["lenina"]);
        assert_eq!((q.house_no, q.house.as_str()), (Some(12), "12k2"));
        let q = m.query("пр");
        assert_eq!(q.words, vec!["pr"]);
        assert_eq!(q.house_no, None);
    }

    #[test]
    fn scores_exact_prefix_and_typo() {
        let s = |q: &[&str], p: &str| {
            let q: Vec<String> = q.iter().map(|w| (*w).to_owned()).collect();
            AddressMatcher::place_score(&q, p)
        };
        assert_eq!(s(&["lenina"], "lenina"), Some(1.0));
        assert_eq!(s(&["lenina"], "moskva lenina"), Some(0.9));
        let prefix = s(&["len"], "lenina").expect("prefix");
        let typo = s(&["lenpna"], "lenina").expect("typo");
        assert!(prefix < 0.9 && typo < 0.9, "{prefix} {typo}");
        assert_eq!(s(&["gorkogo"], "lenina"), None);
    }

    #[test]
    fn one_typo_is_one_edit() {
        assert!(one_typo("lenina", "lenona"));
        assert!(one_typo("lenina", "lennia"));
        assert!(one_typo("lenina", "lenin"));
        assert!(one_typo("lenina", "leninaa"));
        assert!(!one_typo("lenina", "lenina"));
        assert!(!one_typo("lenina", "lonona"));
        assert!(!one_typo("mir", "mar"));
        let shared = |a: &str, b: &str| {
            let ka = typo_keys(a);
            typo_keys(b).iter().any(|k| ka.contains(k))
        };
        assert!(
            shared("lenina", "lenona") && shared("lenina", "lennia") && shared("lenina", "lenin")
        );
    }
}
