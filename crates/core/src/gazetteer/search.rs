//! Finding addresses: by text (tolerant, prefix-matching, scored) and by position (the
//! nearest house).

use super::words::{tokenize, Token};
use super::{Address, Gazetteer, House};
use spotdesk_api::GeocodeResult;
use std::collections::BTreeSet;
use std::ops::Bound;

/// Score factor of an exact house-number match.
const HOUSE_EXACT: f64 = 1.0;
/// Score factor when the house number does not exist and the nearest one is returned.
pub const HOUSE_NEAREST: f64 = 0.8;
/// Score factor when the query has no house number (the street's middle point is returned).
pub const HOUSE_NONE: f64 = 0.6;

impl Gazetteer {
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
