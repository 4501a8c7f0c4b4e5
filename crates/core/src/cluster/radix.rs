//! LSD radix sort of packed `u64` keys, used to order cluster levels by row and x.

/// Sorts `keys` by their bits `lo..hi` (LSD, stable: equal digits keep their order), the
/// bits above `hi` being zero. Passes whose digit is the same for every key are skipped.
pub(crate) fn sort_u64(keys: &mut Vec<u64>, hi: u32, lo: u32) {
    const DIGIT: u32 = 11;
    const BUCKETS: usize = 1 << DIGIT;
    let n = keys.len();
    if n < 2 || hi <= lo {
        return;
    }
    if n < 256 {
        // std's sort on purpose: the radix sort's fallback (STD_SORT_ALLOWED in tests/tidy.rs).
        #[allow(clippy::disallowed_methods)]
        keys.sort_by_key(|&k| k >> lo);
        return;
    }
    let mut k2 = vec![0u64; n];
    let mut count = vec![0usize; BUCKETS];
    let mut shift = lo;
    while shift < hi {
        count.iter_mut().for_each(|c| *c = 0);
        for &k in keys.iter() {
            count[((k >> shift) as usize) & (BUCKETS - 1)] += 1;
        }
        if count.contains(&n) {
            shift += DIGIT;
            continue;
        }
        let mut sum = 0;
        for c in count.iter_mut() {
            let t = *c;
            *c = sum;
            sum += t;
        }
        for &k in keys.iter() {
            let d = ((k >> shift) as usize) & (BUCKETS - 1);
            k2[count[d]] = k;
            count[d] += 1;
        }
        std::mem::swap(keys, &mut k2);
        shift += DIGIT;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_packed_keys_stably() {
        let mut x: u64 = 777;
        let mut keys: Vec<u64> = (0..5000u64)
            .map(|i| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                ((x % 300) << 13) | i
            })
            .collect();
        let mut want = keys.clone();
        #[allow(clippy::disallowed_methods)] // compared with std's sort; tests do not ship
        want.sort_by_key(|&k| k >> 13);
        sort_u64(&mut keys, 13 + 9, 13);
        assert_eq!(keys, want);
        let mut small: Vec<u64> = vec![(3 << 4) | 1, (1 << 4) | 2, (3 << 4), (1 << 4)];
        sort_u64(&mut small, 8, 4);
        assert_eq!(small, vec![(1 << 4) | 2, 1 << 4, (3 << 4) | 1, 3 << 4]);
    }
}
