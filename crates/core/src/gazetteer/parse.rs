//! Reading the gazetteer text format: one street per line, checked field by field, into
//! streets with their houses and the index from name words to streets.

use super::geometry::place_houses;
use super::words::{skeleton, tokenize, Token, MARKER_WORDS, STOP_WORDS};
use super::{Gazetteer, GazetteerError, Street};
use std::collections::{BTreeMap, BTreeSet};

/// Most houses a single street line may describe.
const MAX_HOUSES_PER_STREET: u32 = 5_000;
/// Most houses a whole gazetteer may describe.
const MAX_HOUSES_TOTAL: usize = 200_000;
/// Most polyline points per street.
const MAX_POINTS: usize = 64;
/// Longest street name, in characters.
const MAX_NAME_CHARS: usize = 200;

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
        Self::parse_with_place_names(text, &[])
    }

    /// Like [`Gazetteer::parse`], with the names of the place the gazetteer covers (its city,
    /// region, in every spelling people type): addresses often start with them ("<city>, ул.
    /// Ленина, 12"), so search ignores their words like street-type words. They belong to the
    /// data, so the caller supplies them with the text (the demo crate, for its city).
    pub fn parse_with_place_names(
        text: &str,
        place_names: &[&str],
    ) -> Result<Gazetteer, GazetteerError> {
        let mut stop: BTreeSet<String> = STOP_WORDS.iter().map(|w| skeleton(w)).collect();
        for name in place_names {
            stop.extend(tokenize(name).into_iter().filter_map(|t| match t {
                Token::Word { raw_chars, norm } if raw_chars > 1 && !norm.is_empty() => Some(norm),
                _ => None,
            }));
        }
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
}

/// Parses one street line (see [`Gazetteer::parse`]); errors carry `line_no`.
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
    let keys = name_keys(name_ru, name_en, stop).map_err(err)?;
    let (first, step, count) = house_range(fields[2], fields[3], fields[4]).map_err(err)?;
    let points = polyline_points(fields[5]).map_err(err)?;
    let (houses, middle) = place_houses(&points, first, step, count);
    Ok(Street {
        name_ru: name_ru.to_string(),
        name_en: name_en.to_string(),
        keys,
        houses,
        middle,
    })
}

/// The normalised name-word lists of a street's two spellings (one list when both spell the
/// same words), or what is wrong with a name.
fn name_keys(
    name_ru: &str,
    name_en: &str,
    stop: &BTreeSet<String>,
) -> Result<Vec<Vec<String>>, String> {
    let mut keys = Vec::new();
    for (label, name) in [("name_ru", name_ru), ("name_en", name_en)] {
        if name.is_empty() {
            return Err(format!("{label} is empty"));
        }
        if name.chars().count() > MAX_NAME_CHARS {
            return Err(format!(
                "{label} is longer than {MAX_NAME_CHARS} characters"
            ));
        }
        if name.chars().any(|c| c.is_ascii_digit()) {
            return Err(format!(
                "{label} must not contain digits (they would read as house numbers)"
            ));
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
            return Err(format!(
                "{label} {name:?} has no words besides the street type"
            ));
        }
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    Ok(keys)
}

/// The house numbers `first, first + step, ... <= last` as `(first, step, count)`, or what is
/// wrong with the three fields.
fn house_range(first: &str, last: &str, step: &str) -> Result<(u32, u32, u32), String> {
    let parse_u32 = |label: &str, s: &str| -> Result<u32, String> {
        s.trim()
            .parse::<u32>()
            .map_err(|_| format!("{label} {:?} is not a whole number", s.trim()))
    };
    let first = parse_u32("first_house", first)?;
    let last = parse_u32("last_house", last)?;
    let step = parse_u32("step", step)?;
    if first == 0 {
        return Err("first_house must be at least 1".into());
    }
    if last < first {
        return Err(format!("last_house {last} is below first_house {first}"));
    }
    if step == 0 || step > 10 {
        return Err(format!("step {step} must be between 1 and 10"));
    }
    let count = (last - first) / step + 1;
    if count > MAX_HOUSES_PER_STREET {
        return Err(format!(
            "{count} houses on one street; at most {MAX_HOUSES_PER_STREET} allowed"
        ));
    }
    Ok((first, step, count))
}

/// The `lat,long` points of a `;`-separated polyline (2 to [`MAX_POINTS`] of them, in range),
/// or what is wrong with it.
fn polyline_points(field: &str) -> Result<Vec<(f64, f64)>, String> {
    let mut points = Vec::new();
    for (pi, p) in field.split(';').enumerate() {
        if points.len() >= MAX_POINTS {
            return Err(format!("more than {MAX_POINTS} polyline points"));
        }
        let Some((a, b)) = p.split_once(',') else {
            return Err(format!(
                "polyline point {} {:?} is not \"lat,long\"",
                pi + 1,
                p.trim()
            ));
        };
        let lat: f64 = a
            .trim()
            .parse()
            .map_err(|_| format!("polyline point {}: bad latitude {:?}", pi + 1, a.trim()))?;
        let long: f64 = b
            .trim()
            .parse()
            .map_err(|_| format!("polyline point {}: bad longitude {:?}", pi + 1, b.trim()))?;
        if !lat.is_finite() || !(-85.0..=85.0).contains(&lat) {
            return Err(format!(
                "polyline point {}: latitude {lat} out of range -85..85",
                pi + 1
            ));
        }
        if !long.is_finite() || !(-180.0..=180.0).contains(&long) {
            return Err(format!(
                "polyline point {}: longitude {long} out of range -180..180",
                pi + 1
            ));
        }
        points.push((lat, long));
    }
    if points.len() < 2 {
        return Err("polyline needs at least 2 points".into());
    }
    Ok(points)
}
