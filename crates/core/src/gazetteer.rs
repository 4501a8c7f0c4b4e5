//! Gazetteer and geocoder: a list of streets with house-number ranges, turned into
//! individual addresses with coordinates, and a tolerant address search over them.
//!
//! The data format is a small tab-separated text (see [`Gazetteer::parse`]) that the caller
//! supplies, with the names of the place it covers if queries may contain them
//! ([`Gazetteer::parse_with_place_names`]); nothing here knows a particular city. Everything
//! here is pure: no IO, no clock, no randomness, so the same search runs in the server and in
//! the SPA (wasm).
//!
//! Search normalises both the query and the street names to a Latin "skeleton" (Cyrillic is
//! transliterated, common transliteration variants are folded together), drops punctuation
//! and street-type words (`ул.`, `улица`, `пр-т`, `ul`, `prospekt`...), and matches the
//! remaining words as prefixes of street-name words. The first number is the house number.
//!
//! The module is split by job: `parse` reads the text format, `words` normalises text to
//! comparable words, `search` finds addresses by text and by position, and `geometry`
//! places the houses along their streets; `register` keys and scores the entries of an
//! address register kept outside memory (the server's database).

mod geometry;
mod parse;
mod register;
mod search;
mod words;

pub use register::{
    one_typo, typo_keys, AddressKey, AddressMatcher, RegisterEntry, RegisterQuery,
    HOUSE_PART_FACTOR, TYPO_FACTOR, TYPO_MIN_CHARS,
};
pub use search::{HOUSE_NEAREST, HOUSE_NONE};
pub use words::skeleton;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

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
}

#[cfg(test)]
mod tests;
