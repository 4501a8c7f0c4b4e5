//! Stable sorting through one shared sort routine, for code where the size of the SPA's wasm
//! matters more than the last bit of sorting speed (short lists: results, rules, table rows).
//!
//! `slice::sort_by` is generic over the element and the closure, so every call site puts its own
//! copy of the standard library's driftsort (several KB of wasm each) into the app. These
//! helpers sort a list of indices with a `dyn` comparator instead (one copy for the whole app)
//! and then move the elements into place; the result is the same stable order as `sort_by`.
//! Hot paths over large columns (clustering, spot detection's inner loops) keep `sort_by`.

use std::cmp::Ordering;

/// The positions `0..n` in the order `cmp` sorts them, stably.
#[inline(never)]
fn sorted_order(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    // The one copy of std's sort every helper here goes through.
    #[allow(clippy::disallowed_methods)]
    order.sort_by(|&a, &b| cmp(a, b));
    order
}

/// Like `v.sort_by(cmp)`: stable, same result.
pub fn sort_by<T>(v: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let mut order = sorted_order(v.len(), &|a, b| cmp(&v[a], &v[b]));
    // Position k takes the element that was at order[k]: follow each cycle once.
    const DONE: usize = usize::MAX;
    for start in 0..order.len() {
        let mut k = start;
        while order[k] != DONE {
            let src = order[k];
            order[k] = DONE;
            if src == start {
                break;
            }
            v.swap(k, src);
            k = src;
        }
    }
}

/// Like `v.sort_by_key(key)`: stable, same result.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], key: impl Fn(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    // Compares with the std call the helper stands in for, comparator form on purpose.
    #[allow(clippy::unnecessary_sort_by, clippy::disallowed_methods)]
    fn matches_std_stable_sort() {
        // Deterministic pseudo-random lists with many ties, every length up to 200.
        let mut seed = 12345u64;
        for n in 0..200 {
            let v: Vec<(u8, usize)> = (0..n)
                .map(|i| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    ((seed >> 59) as u8, i)
                })
                .collect();
            let mut want = v.clone();
            want.sort_by_key(|x| x.0);
            let mut got = v.clone();
            sort_by_key(&mut got, |x| x.0);
            assert_eq!(got, want, "n={n}");
            let mut want = v.clone();
            want.sort_by(|a, b| b.0.cmp(&a.0));
            let mut got = v;
            sort_by(&mut got, |a, b| b.0.cmp(&a.0));
            assert_eq!(got, want, "n={n} desc");
        }
    }

    #[test]
    fn sorts_owned_values() {
        let mut v = vec!["b".to_string(), "a".into(), "c".into(), "a".into()];
        sort_by(&mut v, Ord::cmp);
        assert_eq!(v, ["a", "a", "b", "c"]);
    }
}
