//! Gazetteer and geocoder: a list of streets with house-number ranges, turned into
//! individual addresses with coordinates, and a tolerant address search over them.
//!
//! The data format is a small tab-separated text (see [`Gazetteer::parse`]); the demo city's
//! file ships in `crates/demo/data/gazetteer.tsv`. Everything here is pure: no IO, no clock,
//! no randomness, so the same search runs in the server and in the SPA (wasm).
//!
//! Search normalises both the query and the street names to a Latin "skeleton" (Cyrillic is
//! transliterated, common transliteration variants are folded together), drops punctuation
//! and street-type words (`ул.`, `улица`, `пр-т`, `ul`, `prospekt`...), and matches the
//! remaining words as prefixes of street-name words. The first number is the house number.

use spotdesk_api::GeocodeResult;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::ops::Bound;

/// Most houses a single street line may describe.
const MAX_HOUSES_PER_STREET: u32 = 5_000;
/// Most houses a whole gazetteer may describe.
const MAX_HOUSES_TOTAL: usize = 200_000;
/// Most polyline points per street.
const MAX_POINTS: usize = 64;
/// Longest street name, in characters.
const MAX_NAME_CHARS: usize = 200;
/// Sideways offset of a house from the street axis, in metres.
const HOUSE_OFFSET_M: f64 = 12.0;
/// Mean Earth radius, metres.
const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// Score factor of an exact house-number match.
const HOUSE_EXACT: f64 = 1.0;
/// Score factor when the house number does not exist and the nearest one is returned.
const HOUSE_NEAREST: f64 = 0.8;
/// Score factor when the query has no house number (the street's middle point is returned).
const HOUSE_NONE: f64 = 0.6;

/// Words that are not part of a street's own name: street types, "house", city, region.
/// Compared after [`skeleton`] normalisation; single-character words are always stop words.
const STOP_WORDS: &[&str] = &[
    "ул",
    "улица",
    "ul",
    "ulitsa",
    "ulica",
    "street",
    "st",
    "пр",
    "проспект",
    "просп",
    "prospekt",
    "prosp",
    "pr",
    "pt",
    "avenue",
    "ave",
    "av",
    "бул",
    "бульвар",
    "bul",
    "bulvar",
    "blvd",
    "boulevard",
    "пер",
    "переулок",
    "per",
    "pereulok",
    "lane",
    "ln",
    "шоссе",
    "sh",
    "shosse",
    "highway",
    "hwy",
    "наб",
    "набережная",
    "nab",
    "naberezhnaya",
    "embankment",
    "пл",
    "площадь",
    "pl",
    "ploshchad",
    "ploshad",
    "square",
    "sq",
    "проезд",
    "пр-д",
    "proezd",
    "pd",
    "passage",
    "дом",
    "dom",
    "house",
    "корп",
    "корпус",
    "korp",
    "korpus",
    "стр",
    "строение",
    "str",
    "stroenie",
    "город",
    "gorod",
    "city",
    "северогорск",
    "severogorsk",
    "россия",
    "russia",
    "обл",
    "область",
    "oblast",
    "р-н",
    "район",
    "rayon",
    "мкр",
    "микрорайон",
    "mkr",
    "кв",
    "квартира",
    "kv",
    "kvartira",
    "apt",
    "apartment",
    "офис",
    "ofis",
    "office",
    "подъезд",
    "podezd",
    "entrance",
    "этаж",
    "etazh",
    "floor",
];

/// Words after which a number is not the house number (flat, office, building part...).
const MARKER_WORDS: &[&str] = &[
    "кв",
    "квартира",
    "kv",
    "kvartira",
    "apt",
    "apartment",
    "офис",
    "ofis",
    "office",
    "подъезд",
    "podezd",
    "entrance",
    "этаж",
    "etazh",
    "floor",
    "корп",
    "корпус",
    "korp",
    "korpus",
    "стр",
    "строение",
    "str",
    "stroenie",
    "к",
];

/// A gazetteer text that could not be parsed: which line and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GazetteerError {
    /// 1-based line number in the input text (0 when the problem is not tied to one line).
    pub line: usize,
    /// What is wrong, in English.
    pub message: String,
}

impl GazetteerError {
    fn new(line: usize, message: impl Into<String>) -> Self {
        Self {
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for GazetteerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "gazetteer: {}", self.message)
        } else {
            write!(f, "gazetteer line {}: {}", self.line, self.message)
        }
    }
}

impl std::error::Error for GazetteerError {}

/// One house of the gazetteer, with its coordinates.
#[derive(Debug, Clone, PartialEq)]
pub struct Address {
    /// Position of the street in the gazetteer (file order), for cheap grouping.
    pub street_index: usize,
    /// Street display name in Russian, e.g. `ул. Ленина`.
    pub street_ru: String,
    /// Street display name in Latin transliteration, e.g. `ul. Lenina`.
    pub street_en: String,
    /// House number.
    pub house: u32,
    /// Latitude, WGS84 degrees.
    pub lat: f64,
    /// Longitude, WGS84 degrees.
    pub long: f64,
}

impl Address {
    /// Canonical (Cyrillic) address text, e.g. `ул. Ленина, 12`.
    pub fn address_string(&self) -> String {
        format!("{}, {}", self.street_ru, self.house)
    }

    /// The same address in Latin transliteration, e.g. `ul. Lenina, 12`.
    pub fn address_string_en(&self) -> String {
        format!("{}, {}", self.street_en, self.house)
    }
}

/// One house on a street: number and position.
#[derive(Debug, Clone, Copy, PartialEq)]
struct House {
    number: u32,
    lat: f64,
    long: f64,
}

/// A parsed street.
#[derive(Debug, Clone, PartialEq)]
struct Street {
    name_ru: String,
    name_en: String,
    /// Normalised name-word lists, one per spelling (Russian, Latin), duplicates removed.
    keys: Vec<Vec<String>>,
    /// Houses sorted by number (numbers are unique).
    houses: Vec<House>,
    /// Point halfway along the polyline.
    middle: (f64, f64),
}

/// The streets and houses of a city, with an address search.
#[derive(Debug, Clone, PartialEq)]
pub struct Gazetteer {
    streets: Vec<Street>,
    /// Normalised street-name word -> streets having that word (sorted, unique).
    index: BTreeMap<String, Vec<usize>>,
    stop: BTreeSet<String>,
    markers: BTreeSet<String>,
    house_count: usize,
}

impl Gazetteer {
    /// Parses the gazetteer text format.
    ///
    /// One street per line, fields separated by tabs:
    /// `name_ru  name_en  first_house  last_house  step  polyline`, where `polyline` is two or
    /// more `lat,long` points separated by `;`. Houses `first, first+step, ... <= last` are
    /// spread evenly along the polyline; odd numbers stand on the left of the direction of
    /// travel, even numbers on the right. Blank lines and lines starting with `#` are ignored.
    ///
    /// Street names must contain at least one word that is not a street type and no digits,
    /// and no two streets may share a normalised name. Never panics; any problem is reported
    /// with its 1-based line number.
    pub fn parse(text: &str) -> Result<Gazetteer, GazetteerError> {
        let stop: BTreeSet<String> = STOP_WORDS.iter().map(|w| skeleton(w)).collect();
        let markers: BTreeSet<String> = MARKER_WORDS.iter().map(|w| skeleton(w)).collect();
        let mut streets: Vec<Street> = Vec::new();
        let mut seen: BTreeMap<Vec<String>, usize> = BTreeMap::new();
        let mut house_count = 0usize;
        for (i, raw) in text.lines().enumerate() {
            let line_no = i + 1;
            let line = raw.trim_end_matches('\r');
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let street = parse_line(line, line_no, &stop)?;
            for key in &street.keys {
                let mut sorted = key.clone();
                sorted.sort();
                if let Some(other) = seen.get(&sorted) {
                    return Err(GazetteerError::new(
                        line_no,
                        format!("street name duplicates the name on line {other}"),
                    ));
                }
            }
            for key in &street.keys {
                let mut sorted = key.clone();
                sorted.sort();
                seen.insert(sorted, line_no);
            }
            house_count += street.houses.len();
            if house_count > MAX_HOUSES_TOTAL {
                return Err(GazetteerError::new(
                    line_no,
                    format!("more than {MAX_HOUSES_TOTAL} houses in total"),
                ));
            }
            streets.push(street);
        }
        if streets.is_empty() {
            return Err(GazetteerError::new(0, "no streets"));
        }
        let mut index: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (si, street) in streets.iter().enumerate() {
            for word in street.keys.iter().flatten() {
                let list = index.entry(word.clone()).or_default();
                if list.last() != Some(&si) {
                    list.push(si);
                }
            }
        }
        Ok(Gazetteer {
            streets,
            index,
            stop,
            markers,
            house_count,
        })
    }

    /// Every house of every street, street by street in file order, houses by number.
    pub fn addresses(&self) -> impl Iterator<Item = Address> + '_ {
        self.streets.iter().enumerate().flat_map(|(si, s)| {
            s.houses.iter().map(move |h| Address {
                street_index: si,
                street_ru: s.name_ru.clone(),
                street_en: s.name_en.clone(),
                house: h.number,
                lat: h.lat,
                long: h.long,
            })
        })
    }

    /// Number of houses (what [`Gazetteer::addresses`] yields).
    pub fn address_count(&self) -> usize {
        self.house_count
    }

    /// Russian display names of the streets, in file order.
    pub fn street_names(&self) -> impl Iterator<Item = &str> + '_ {
        self.streets.iter().map(|s| s.name_ru.as_str())
    }

    /// Latin display names of the streets, in file order (same order as [`Gazetteer::street_names`]).
    pub fn street_names_en(&self) -> impl Iterator<Item = &str> + '_ {
        self.streets.iter().map(|s| s.name_en.as_str())
    }

    /// Bounding box of all houses: `(min_lat, min_long, max_lat, max_long)`.
    pub fn bounds(&self) -> (f64, f64, f64, f64) {
        let mut b = (
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        );
        for h in self.streets.iter().flat_map(|s| s.houses.iter()) {
            b.0 = b.0.min(h.lat);
            b.1 = b.1.min(h.long);
            b.2 = b.2.max(h.lat);
            b.3 = b.3.max(h.long);
        }
        b
    }

    /// The house nearest to a point (reverse geocoding); `None` only for non-finite input.
    pub fn nearest(&self, lat: f64, long: f64) -> Option<Address> {
        if !lat.is_finite() || !long.is_finite() {
            return None;
        }
        let k = lat.to_radians().cos();
        let mut best: Option<(f64, usize, usize)> = None;
        for (si, s) in self.streets.iter().enumerate() {
            for (hi, h) in s.houses.iter().enumerate() {
                let dy = h.lat - lat;
                let dx = (h.long - long) * k;
                let d = dx * dx + dy * dy;
                if best.is_none_or(|(bd, _, _)| d < bd) {
                    best = Some((d, si, hi));
                }
            }
        }
        best.map(|(_, si, hi)| {
            let s = &self.streets[si];
            let h = s.houses[hi];
            Address {
                street_index: si,
                street_ru: s.name_ru.clone(),
                street_en: s.name_en.clone(),
                house: h.number,
                lat: h.lat,
                long: h.long,
            }
        })
    }

    /// Searches addresses; best matches first, at most `limit` results.
    ///
    /// Tolerant: case, punctuation and street-type words are ignored, Cyrillic and Latin
    /// spellings both work, words match as prefixes (autocomplete), the house number may
    /// come first or last. Scores: 1.0 for an exact street name and existing house; a missing
    /// house gives the nearest existing number (x0.8); no number gives the street's middle
    /// point (x0.6); partial names score lower. Ties are broken by address text.
    pub fn search(&self, query: &str, limit: usize) -> Vec<GeocodeResult> {
        if limit == 0 {
            return Vec::new();
        }
        let query: String = query.chars().take(200).collect();
        let parsed = self.parse_query(&query);
        if parsed.words.is_empty() {
            return Vec::new();
        }
        // Candidate streets: those having, for every query word, a word starting with it.
        let mut candidates: Option<BTreeSet<usize>> = None;
        for q in &parsed.words {
            let mut found = BTreeSet::new();
            let from = (Bound::Included(q.as_str()), Bound::Unbounded);
            for (_, streets) in self
                .index
                .range::<str, _>(from)
                .take_while(|(k, _)| k.starts_with(q.as_str()))
            {
                found.extend(streets.iter().copied());
            }
            candidates = Some(match candidates {
                None => found,
                Some(prev) => prev.intersection(&found).copied().collect(),
            });
        }
        let mut results: Vec<GeocodeResult> = Vec::new();
        for si in candidates.unwrap_or_default() {
            let street = &self.streets[si];
            let Some(name_score) = street
                .keys
                .iter()
                .filter_map(|k| name_score(&parsed.words, k))
                .reduce(f64::max)
            else {
                continue;
            };
            let result = match parsed.house {
                Some(n) => {
                    let (house, exact) = nearest_house(&street.houses, n);
                    GeocodeResult {
                        address_string: format!("{}, {}", street.name_ru, house.number),
                        lat: house.lat,
                        long: house.long,
                        score: name_score * if exact { HOUSE_EXACT } else { HOUSE_NEAREST },
                    }
                }
                None => GeocodeResult {
                    address_string: street.name_ru.clone(),
                    lat: street.middle.0,
                    long: street.middle.1,
                    score: name_score * HOUSE_NONE,
                },
            };
            results.push(result);
        }
        crate::sort::sort_by(&mut results, |a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.address_string.cmp(&b.address_string))
        });
        results.truncate(limit);
        results
    }

    /// Splits a query into name words (normalised, stop words dropped) and a house number.
    fn parse_query(&self, query: &str) -> ParsedQuery {
        let mut all_words = Vec::new();
        let mut name_words = Vec::new();
        let mut house = None;
        let mut skip_next_number = false;
        for token in tokenize(query) {
            match token {
                Token::Number(n) => {
                    if skip_next_number {
                        skip_next_number = false;
                    } else if house.is_none() {
                        house = Some(n);
                    }
                }
                Token::Word { raw_chars, norm } => {
                    if norm.is_empty() {
                        continue;
                    }
                    if self.markers.contains(&norm) {
                        skip_next_number = true;
                    }
                    if raw_chars > 1 && !self.stop.contains(&norm) {
                        name_words.push(norm.clone());
                    }
                    all_words.push(norm);
                }
            }
        }
        // Nothing but street-type words (e.g. the user typed "пр"): use them as name prefixes.
        let words = if name_words.is_empty() {
            all_words
        } else {
            name_words
        };
        ParsedQuery { words, house }
    }
}

/// A query split into its parts.
struct ParsedQuery {
    words: Vec<String>,
    house: Option<u32>,
}

/// A query token.
enum Token {
    Word { raw_chars: usize, norm: String },
    Number(u32),
}

/// Splits text into runs of letters and runs of digits; everything else separates.
fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut word = String::new();
    let mut number: Option<u32> = None;
    let flush_word = |word: &mut String, tokens: &mut Vec<Token>| {
        if !word.is_empty() {
            let raw_chars = word.chars().count();
            tokens.push(Token::Word {
                raw_chars,
                norm: skeleton(word),
            });
            word.clear();
        }
    };
    for c in text.chars() {
        if let Some(d) = c.to_digit(10).filter(|_| c.is_ascii_digit()) {
            flush_word(&mut word, &mut tokens);
            number = Some(number.unwrap_or(0).saturating_mul(10).saturating_add(d));
        } else {
            if let Some(n) = number.take() {
                tokens.push(Token::Number(n));
            }
            if c.is_alphabetic() {
                word.extend(c.to_lowercase());
            } else {
                flush_word(&mut word, &mut tokens);
            }
        }
    }
    flush_word(&mut word, &mut tokens);
    if let Some(n) = number {
        tokens.push(Token::Number(n));
    }
    tokens
}

/// Latin transliteration of one lower-case Cyrillic letter, or `None` for other characters.
fn translit(c: char) -> Option<&'static str> {
    Some(match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'д' => "d",
        'е' | 'ё' | 'э' => "e",
        'ж' => "zh",
        'з' => "z",
        'и' => "i",
        'й' | 'ы' => "y",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' | 'ь' => "",
        'ю' => "yu",
        'я' => "ya",
        _ => return None,
    })
}

/// Normalises one word to its Latin skeleton: lower case, Cyrillic transliterated, common
/// transliteration variants folded (`щ`/`shch` -> `sh`, `kh` -> `h`, `yo` -> `e`, `iy`/`yy`/`ij`
/// -> `y`, `j` -> `y`, `x` -> `ks`, `w` -> `v`, `ye` -> `e`), anything not a letter dropped.
pub fn skeleton(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars().flat_map(char::to_lowercase) {
        if let Some(t) = translit(c) {
            out.push_str(t);
        } else if c.is_alphabetic() {
            out.push(c);
        }
    }
    for (from, to) in [
        ("shch", "sh"),
        ("kh", "h"),
        ("yo", "e"),
        ("iy", "y"),
        ("yy", "y"),
        ("ij", "y"),
        ("j", "y"),
        ("x", "ks"),
        ("w", "v"),
        ("ye", "e"),
    ] {
        if out.contains(from) {
            out = out.replace(from, to);
        }
    }
    out
}

/// How well query words name a street (one spelling's words), or `None` if they do not.
fn name_score(query: &[String], street: &[String]) -> Option<f64> {
    let mut all_exact = true;
    let mut covered = 0usize;
    for q in query {
        if street.iter().any(|s| s == q) {
            covered += q.len();
        } else if street.iter().any(|s| s.starts_with(q.as_str())) {
            all_exact = false;
            covered += q.len();
        } else {
            return None;
        }
    }
    let total: usize = street.iter().map(String::len).sum::<usize>().max(1);
    if all_exact {
        let mut a: Vec<&String> = query.iter().collect();
        let mut b: Vec<&String> = street.iter().collect();
        a.sort();
        a.dedup();
        b.sort();
        b.dedup();
        if a == b {
            return Some(1.0);
        }
        return Some(0.9);
    }
    let coverage = (covered as f64 / total as f64).min(1.0);
    Some(0.5 + 0.35 * coverage)
}

/// The house with number `n`, or the nearest number (ties: same parity, then lower); `bool`
/// tells whether it is exact. `houses` is non-empty and sorted by number.
fn nearest_house(houses: &[House], n: u32) -> (House, bool) {
    match houses.binary_search_by_key(&n, |h| h.number) {
        Ok(i) => (houses[i], true),
        Err(i) => {
            let lower = i.checked_sub(1).map(|j| houses[j]);
            let upper = houses.get(i).copied();
            let pick = match (lower, upper) {
                (Some(l), Some(u)) => {
                    let dl = n - l.number;
                    let du = u.number - n;
                    if dl < du || (dl == du && (l.number % 2 == n % 2 || u.number % 2 != n % 2)) {
                        l
                    } else {
                        u
                    }
                }
                (Some(l), None) => l,
                (None, Some(u)) => u,
                (None, None) => houses[0],
            };
            (pick, false)
        }
    }
}

/// Parses one street line.
fn parse_line(
    line: &str,
    line_no: usize,
    stop: &BTreeSet<String>,
) -> Result<Street, GazetteerError> {
    let err = |m: String| GazetteerError::new(line_no, m);
    let fields: Vec<&str> = line.split('\t').collect();
    if fields.len() != 6 {
        return Err(err(format!(
            "expected 6 tab-separated fields (name_ru, name_en, first_house, last_house, step, polyline), found {}",
            fields.len()
        )));
    }
    let name_ru = fields[0].trim();
    let name_en = fields[1].trim();
    let mut keys = Vec::new();
    for (label, name) in [("name_ru", name_ru), ("name_en", name_en)] {
        if name.is_empty() {
            return Err(err(format!("{label} is empty")));
        }
        if name.chars().count() > MAX_NAME_CHARS {
            return Err(err(format!(
                "{label} is longer than {MAX_NAME_CHARS} characters"
            )));
        }
        if name.chars().any(|c| c.is_ascii_digit()) {
            return Err(err(format!(
                "{label} must not contain digits (they would read as house numbers)"
            )));
        }
        let key: Vec<String> = tokenize(name)
            .into_iter()
            .filter_map(|t| match t {
                Token::Word { raw_chars, norm }
                    if raw_chars > 1 && !norm.is_empty() && !stop.contains(&norm) =>
                {
                    Some(norm)
                }
                _ => None,
            })
            .collect();
        if key.is_empty() {
            return Err(err(format!(
                "{label} {name:?} has no words besides the street type"
            )));
        }
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    let parse_u32 = |label: &str, s: &str| -> Result<u32, GazetteerError> {
        s.trim()
            .parse::<u32>()
            .map_err(|_| err(format!("{label} {:?} is not a whole number", s.trim())))
    };
    let first = parse_u32("first_house", fields[2])?;
    let last = parse_u32("last_house", fields[3])?;
    let step = parse_u32("step", fields[4])?;
    if first == 0 {
        return Err(err("first_house must be at least 1".into()));
    }
    if last < first {
        return Err(err(format!(
            "last_house {last} is below first_house {first}"
        )));
    }
    if step == 0 || step > 10 {
        return Err(err(format!("step {step} must be between 1 and 10")));
    }
    let count = (last - first) / step + 1;
    if count > MAX_HOUSES_PER_STREET {
        return Err(err(format!(
            "{count} houses on one street; at most {MAX_HOUSES_PER_STREET} allowed"
        )));
    }
    let mut points = Vec::new();
    for (pi, p) in fields[5].split(';').enumerate() {
        if points.len() >= MAX_POINTS {
            return Err(err(format!("more than {MAX_POINTS} polyline points")));
        }
        let Some((a, b)) = p.split_once(',') else {
            return Err(err(format!(
                "polyline point {} {:?} is not \"lat,long\"",
                pi + 1,
                p.trim()
            )));
        };
        let lat: f64 = a.trim().parse().map_err(|_| {
            err(format!(
                "polyline point {}: bad latitude {:?}",
                pi + 1,
                a.trim()
            ))
        })?;
        let long: f64 = b.trim().parse().map_err(|_| {
            err(format!(
                "polyline point {}: bad longitude {:?}",
                pi + 1,
                b.trim()
            ))
        })?;
        if !lat.is_finite() || !(-85.0..=85.0).contains(&lat) {
            return Err(err(format!(
                "polyline point {}: latitude {lat} out of range -85..85",
                pi + 1
            )));
        }
        if !long.is_finite() || !(-180.0..=180.0).contains(&long) {
            return Err(err(format!(
                "polyline point {}: longitude {long} out of range -180..180",
                pi + 1
            )));
        }
        points.push((lat, long));
    }
    if points.len() < 2 {
        return Err(err("polyline needs at least 2 points".into()));
    }
    let line_geom = Polyline::new(&points);
    let mut houses = Vec::with_capacity(count as usize);
    for k in 0..count {
        let number = first + k * step;
        let t = if count == 1 {
            0.5
        } else {
            0.03 + 0.94 * f64::from(k) / f64::from(count - 1)
        };
        let side = if number % 2 == 1 { 1.0 } else { -1.0 };
        let (lat, long) = line_geom.point_at(t, side * HOUSE_OFFSET_M);
        houses.push(House { number, lat, long });
    }
    let middle = line_geom.point_at(0.5, 0.0);
    Ok(Street {
        name_ru: name_ru.to_string(),
        name_en: name_en.to_string(),
        keys,
        houses,
        middle,
    })
}

/// A polyline in a local flat projection (metres east/north of its first point).
struct Polyline {
    lat0: f64,
    long0: f64,
    cos0: f64,
    /// Points in metres.
    xy: Vec<(f64, f64)>,
    /// Cumulative length at each point, metres.
    cum: Vec<f64>,
}

impl Polyline {
    fn new(points: &[(f64, f64)]) -> Self {
        let (lat0, long0) = points[0];
        let cos0 = lat0.to_radians().cos().max(0.01);
        let xy: Vec<(f64, f64)> = points
            .iter()
            .map(|&(lat, long)| {
                (
                    (long - long0).to_radians() * EARTH_RADIUS_M * cos0,
                    (lat - lat0).to_radians() * EARTH_RADIUS_M,
                )
            })
            .collect();
        let mut cum = vec![0.0];
        for w in xy.windows(2) {
            let d = (w[1].0 - w[0].0).hypot(w[1].1 - w[0].1);
            cum.push(cum.last().copied().unwrap_or(0.0) + d);
        }
        Self {
            lat0,
            long0,
            cos0,
            xy,
            cum,
        }
    }

    /// The point at fraction `t` (0..=1) of the length, moved `offset` metres to the left of
    /// the direction of travel (negative: right). Returns `(lat, long)`.
    fn point_at(&self, t: f64, offset: f64) -> (f64, f64) {
        let total = self.cum.last().copied().unwrap_or(0.0);
        let s = t.clamp(0.0, 1.0) * total;
        let mut seg = 0;
        while seg + 2 < self.xy.len() && self.cum[seg + 1] < s {
            seg += 1;
        }
        let (a, b) = (self.xy[seg], self.xy[seg + 1]);
        let len = self.cum[seg + 1] - self.cum[seg];
        let (mut x, mut y) = a;
        if len > 1e-9 {
            let f = ((s - self.cum[seg]) / len).clamp(0.0, 1.0);
            let (dx, dy) = ((b.0 - a.0) / len, (b.1 - a.1) / len);
            x += (b.0 - a.0) * f - dy * offset;
            y += (b.1 - a.1) * f + dx * offset;
        }
        let lat = self.lat0 + (y / EARTH_RADIUS_M).to_degrees();
        let long = self.long0 + (x / (EARTH_RADIUS_M * self.cos0)).to_degrees();
        // Round to 1e-6 degrees (about 0.1 m): plenty for a house, short in JSON.
        ((lat * 1e6).round() / 1e6, (long * 1e6).round() / 1e6)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const SAMPLE: &str = "# test city\n\
ул. Ленина\tul. Lenina\t1\t40\t1\t56.3000,43.9800;56.3000,44.0200\n\
Садовая ул.\tSadovaya ul.\t1\t21\t2\t56.2900,44.0000;56.3100,44.0000\n\
ул. Максима Горького\tul. Maksima Gorkogo\t2\t30\t2\t56.2950,43.9900;56.3050,44.0100;56.3100,44.0150\n\
пр-т Мира\tprospekt Mira\t1\t60\t1\t56.2800,43.9900;56.3200,43.9950\n\
Молодёжная ул.\tMolodyozhnaya ul.\t1\t12\t1\t56.3050,43.9700;56.3060,43.9750\n\
ул. Лермонтова\tul. Lermontova\t1\t10\t1\t56.3080,43.9700;56.3080,43.9800\n\
пер. Школьный\tper. Shkolny\t1\t8\t1\t56.2990,44.0050;56.2995,44.0080\n\
пл. Революции\tpl. Revolyutsii\t1\t1\t1\t56.3010,44.0010;56.3010,44.0020\n";

    fn sample() -> Gazetteer {
        Gazetteer::parse(SAMPLE).expect("sample parses")
    }

    fn top(g: &Gazetteer, q: &str) -> GeocodeResult {
        g.search(q, 5)
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("no result for {q:?}"))
    }

    #[test]
    fn counts_and_names() {
        let g = sample();
        assert_eq!(g.address_count(), 40 + 11 + 15 + 60 + 12 + 10 + 8 + 1);
        assert_eq!(g.addresses().count(), g.address_count());
        assert_eq!(g.street_names().next(), Some("ул. Ленина"));
        assert_eq!(g.street_names_en().nth(1), Some("Sadovaya ul."));
    }

    #[test]
    fn canonical_forms_and_variants() {
        let g = sample();
        for q in [
            "ул. Ленина, 12",
            "Ленина 12",
            "ул ленина д 12",
            "12 Lenina",
            "lenina 12",
            "ULITSA LENINA, DOM 12",
        ] {
            let r = top(&g, q);
            assert_eq!(r.address_string, "ул. Ленина, 12", "{q}");
            assert_eq!(r.score, 1.0, "{q}");
        }
        assert_eq!(top(&g, "пр-т Мира, 7").address_string, "пр-т Мира, 7");
        assert_eq!(top(&g, "проспект мира 7").score, 1.0);
        assert_eq!(top(&g, "Садовая 5").address_string, "Садовая ул., 5");
        assert_eq!(top(&g, "молодежная 3").address_string, "Молодёжная ул., 3");
        assert_eq!(top(&g, "molodezhnaya 3").score, 1.0);
        assert_eq!(top(&g, "shkolnyy 2").address_string, "пер. Школьный, 2");
        assert_eq!(
            top(&g, "Горького 10").address_string,
            "ул. Максима Горького, 10"
        );
        assert!(top(&g, "Горького 10").score < 1.0);
        assert_eq!(
            top(&g, "Северогорск, ул. Ленина, д. 12, кв. 5").address_string,
            "ул. Ленина, 12"
        );
        assert_eq!(top(&g, "ленина 12а").address_string, "ул. Ленина, 12");
        assert_eq!(
            top(&g, "ленина, д. 12, корп. 3").address_string,
            "ул. Ленина, 12"
        );
    }

    #[test]
    fn nearest_house_and_street_only() {
        let g = sample();
        let r = top(&g, "Садовая 6");
        assert!(r.address_string == "Садовая ул., 5" || r.address_string == "Садовая ул., 7");
        assert!((r.score - HOUSE_NEAREST).abs() < 1e-9);
        assert_eq!(top(&g, "Садовая 999").address_string, "Садовая ул., 21");
        let r = top(&g, "ул. Ленина");
        assert_eq!(r.address_string, "ул. Ленина");
        assert!((r.score - HOUSE_NONE).abs() < 1e-9);
        assert!((r.lat - 56.3).abs() < 1e-6 && (r.long - 44.0).abs() < 1e-6);
    }

    #[test]
    fn prefix_autocomplete() {
        let g = sample();
        let r = g.search("лен", 10);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].address_string, "ул. Ленина");
        let r = g.search("ле", 10);
        let names: Vec<&str> = r.iter().map(|r| r.address_string.as_str()).collect();
        assert_eq!(names, ["ул. Ленина", "ул. Лермонтова"]);
        assert!(r[0].score < HOUSE_NONE);
        assert!(g.search("ле", 1).len() == 1);
        assert!(g.search("zzz", 10).is_empty());
        assert!(g.search("12", 10).is_empty());
        assert!(g.search("", 10).is_empty());
        assert!(g.search("ленина", 0).is_empty());
        // Only a street-type word: used as a prefix (no street here starts with "ul").
        assert!(g.search("ул.", 10).is_empty());
    }

    #[test]
    fn houses_are_offset_by_parity() {
        let g = sample();
        let a: Vec<Address> = g
            .addresses()
            .filter(|a| a.street_ru == "ул. Ленина")
            .collect();
        // The street runs east: odd houses to the north (left), even to the south.
        for h in &a {
            if h.house % 2 == 1 {
                assert!(h.lat > 56.3, "{h:?}");
            } else {
                assert!(h.lat < 56.3, "{h:?}");
            }
            let off_m = (h.lat - 56.3).abs().to_radians() * EARTH_RADIUS_M;
            assert!((off_m - HOUSE_OFFSET_M).abs() < 0.5, "{off_m}");
        }
        assert!(a.windows(2).all(|w| w[0].long <= w[1].long + 1e-12));
        assert_eq!(a[0].address_string_en(), "ul. Lenina, 1");
    }

    #[test]
    fn nearest_reverse() {
        let g = sample();
        let a = g.nearest(56.3001, 43.9801).expect("some");
        assert_eq!(a.street_ru, "ул. Ленина");
        assert!(g.nearest(f64::NAN, 0.0).is_none());
    }

    #[test]
    fn parse_errors_carry_line_numbers() {
        let cases = [
            ("ул. Ленина\tul. Lenina\t1\t10\t1\n", 1, "6 tab-separated"),
            ("# c\n\nул. Ленина\tul. Lenina\tx\t10\t1\t56,44;56.1,44\n", 3, "first_house"),
            ("ул. Ленина\tul. Lenina\t5\t1\t1\t56,44;56.1,44\n", 1, "below"),
            ("ул. Ленина\tul. Lenina\t1\t10\t0\t56,44;56.1,44\n", 1, "step"),
            ("ул. Ленина\tul. Lenina\t1\t4000000000\t1\t56,44;56.1,44\n", 1, "houses"),
            ("ул. Ленина\tul. Lenina\t1\t10\t1\t56,44\n", 1, "at least 2"),
            ("ул. Ленина\tul. Lenina\t1\t10\t1\t56,44;NaN,44\n", 1, "latitude"),
            ("ул. Ленина\tul. Lenina\t1\t10\t1\t56,44;56;44\n", 1, "lat,long"),
            ("ул.\tul.\t1\t10\t1\t56,44;56.1,44\n", 1, "street type"),
            ("ул. 8 Марта\tul. 8 Marta\t1\t10\t1\t56,44;56.1,44\n", 1, "digits"),
            ("ул. Ленина\tul. Lenina\t1\t10\t1\t56,44;56.1,44\nпр-т Ленина\tprospekt Lenina\t1\t10\t1\t56,44;56.1,44\n", 2, "duplicates"),
            ("# only comments\n", 0, "no streets"),
        ];
        for (text, line, needle) in cases {
            let e = Gazetteer::parse(text).expect_err(text);
            assert_eq!(e.line, line, "{text}: {e}");
            assert!(e.to_string().contains(needle), "{text}: {e}");
        }
    }

    #[test]
    fn skeleton_folds_variants() {
        assert_eq!(skeleton("Октябрьский"), skeleton("Oktyabrsky"));
        assert_eq!(skeleton("Королёва"), skeleton("Korolyova"));
        assert_eq!(skeleton("Щорса"), skeleton("Shchorsa"));
        assert_eq!(skeleton("Хлебный"), skeleton("Khlebnyy"));
        for w in STOP_WORDS.iter().chain(MARKER_WORDS) {
            assert!(!skeleton(w).is_empty(), "{w}");
        }
    }

    proptest! {
        #[test]
        fn search_never_panics(q in ".{0,60}", limit in 0usize..20) {
            let g = sample();
            let r = g.search(&q, limit);
            prop_assert!(r.len() <= limit);
            prop_assert!(r.windows(2).all(|w| w[0].score >= w[1].score));
            prop_assert!(r.iter().all(|x| (0.0..=1.0).contains(&x.score)));
        }

        #[test]
        fn search_never_panics_addressy(q in "[улицапрт.,ЛенинаМирgorkoLENINA0-9 \\-ёЁ]{0,40}") {
            let g = sample();
            let _ = g.search(&q, 10);
        }

        #[test]
        fn parse_never_panics(text in "(.{0,30}(\t|;|,|\n)){0,12}") {
            let _ = Gazetteer::parse(&text);
        }

        #[test]
        fn parse_never_panics_on_mutated_sample(pos in 0usize..400, junk in ".{0,6}") {
            let mut s: String = SAMPLE.to_string();
            let cut = s.char_indices().map(|(i, _)| i).nth(pos).unwrap_or(s.len());
            s.insert_str(cut, &junk);
            let _ = Gazetteer::parse(&s);
        }

        #[test]
        fn every_address_found_by_its_canonical_string(i in 0usize..157) {
            let g = sample();
            let a = g.addresses().nth(i % g.address_count()).expect("in range");
            for q in [a.address_string(), a.address_string_en()] {
                let r = g.search(&q, 3);
                prop_assert!(!r.is_empty());
                prop_assert_eq!(&r[0].address_string, &a.address_string());
                prop_assert_eq!(r[0].score, 1.0);
                prop_assert!((r[0].lat - a.lat).abs() < 1e-12 && (r[0].long - a.long).abs() < 1e-12);
            }
        }
    }
}
