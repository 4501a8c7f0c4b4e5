//! Address search for every caller (staff `GET /geocode`, `GET /public/geocode`, the public
//! status and a ticket's missing coordinates): the operator's address register in the
//! database (`--demo` imports the demo city's into it, `crate::demo_seed::addresses`). An
//! empty register finds nothing.
//!
//! The register is read on every search, so an import is seen by every running server at its
//! commit, without a restart. The rules are core's (`gazetteer::AddressMatcher`: words,
//! house numbers, scores); the queries are `store::addresses`.

use crate::state::AppState;
use crate::store::addresses::{self, FoundHouse, WordMatch};
use spotdesk_api::GeocodeResult;
use spotdesk_core::gazetteer::{
    one_typo, typo_keys, AddressMatcher, HOUSE_NEAREST, HOUSE_NONE, HOUSE_PART_FACTOR,
};
use std::sync::OnceLock;

/// Most query words looked up (more add nothing but queries).
const MAX_WORDS: usize = 6;
/// Most candidate places scored per search.
const MAX_PLACES: i64 = 300;

/// The one matcher (its word sets are built once).
pub fn matcher() -> &'static AddressMatcher {
    static MATCHER: OnceLock<AddressMatcher> = OnceLock::new();
    MATCHER.get_or_init(AddressMatcher::new)
}

/// Best matches for `query`, best first, at most `limit`.
pub async fn search(
    state: &AppState,
    query: &str,
    limit: usize,
) -> Result<Vec<GeocodeResult>, sqlx::Error> {
    search_register(&state.db, query, limit).await
}

/// Searches the register in the database (see the module docs).
pub async fn search_register(
    pool: &crate::db::Pool,
    query: &str,
    limit: usize,
) -> Result<Vec<GeocodeResult>, sqlx::Error> {
    let q = matcher().query(query);
    if q.words.is_empty() || limit == 0 {
        return Ok(Vec::new());
    }
    let mut clauses = Vec::new();
    for word in q.words.iter().take(MAX_WORDS) {
        if addresses::prefix_exists(pool, word).await? {
            clauses.push(WordMatch::Prefix(word.clone()));
            continue;
        }
        let near: Vec<String> = addresses::typo_words(pool, &typo_keys(word))
            .await?
            .into_iter()
            .filter(|w| one_typo(word, w))
            .collect();
        if near.is_empty() {
            return Ok(Vec::new());
        }
        clauses.push(WordMatch::AnyOf(near));
    }
    let mut scored: Vec<(f64, addresses::Place)> = addresses::places(pool, &clauses, MAX_PLACES)
        .await?
        .into_iter()
        .filter_map(|p| AddressMatcher::place_score(&q.words, &p.place).map(|s| (s, p)))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.name.cmp(&b.1.name)));
    scored.truncate(limit);
    let mut results = Vec::with_capacity(scored.len());
    for (score, place) in scored {
        let Some(number) = q.house_no else {
            results.push(GeocodeResult {
                address_string: place.name,
                lat: place.lat,
                long: place.long,
                score: score * HOUSE_NONE,
            });
            continue;
        };
        let number = i64::from(number);
        let found = addresses::houses(pool, &place.place, number).await?;
        let (house, factor) = if let Some(h) = found.iter().find(|h| h.house_key == q.house) {
            (h.clone(), 1.0)
        } else if let Some(h) = found.first() {
            (h.clone(), HOUSE_PART_FACTOR)
        } else {
            match nearest(
                addresses::neighbours(pool, &place.place, number).await?,
                number,
            ) {
                Some(h) => (h, HOUSE_NEAREST),
                None => {
                    results.push(GeocodeResult {
                        address_string: place.name,
                        lat: place.lat,
                        long: place.long,
                        score: score * HOUSE_NONE,
                    });
                    continue;
                }
            }
        };
        results.push(GeocodeResult {
            address_string: house.address,
            lat: house.lat,
            long: house.long,
            score: score * factor,
        });
    }
    results.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.address_string.cmp(&b.address_string))
    });
    Ok(results)
}

/// The nearer of the lower and higher neighbours (ties: the same parity, then the lower).
fn nearest(pair: (Option<FoundHouse>, Option<FoundHouse>), n: i64) -> Option<FoundHouse> {
    match pair {
        (Some(l), Some(u)) => {
            let dl = n - l.house_no.unwrap_or(n);
            let du = u.house_no.unwrap_or(n) - n;
            let same_parity = |h: &FoundHouse| h.house_no.is_some_and(|x| x % 2 == n % 2);
            if dl < du || (dl == du && (same_parity(&l) || !same_parity(&u))) {
                Some(l)
            } else {
                Some(u)
            }
        }
        (l, u) => l.or(u),
    }
}
