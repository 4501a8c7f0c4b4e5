//! LSD radix sort of `(u64 key, u32 value)` pairs, used to order cluster levels by cell.

/// Sorts `keys` ascending, permuting `vals` alongside (stable). Only the low `key_bits` bits
/// of the keys are looked at (higher bits must be zero).
pub(crate) fn sort_pairs(keys: &mut Vec<u64>, vals: &mut Vec<u32>, key_bits: u32) {
    const DIGIT: u32 = 11;
    const BUCKETS: usize = 1 << DIGIT;
    let n = keys.len();
    if n < 2 || key_bits == 0 {
        return;
    }
    if n < 256 {
        let mut pairs: Vec<(u64, u32)> = keys.iter().copied().zip(vals.iter().copied()).collect();
        pairs.sort_by_key(|p| p.0);
        for (i, (k, v)) in pairs.into_iter().enumerate() {
            keys[i] = k;
            vals[i] = v;
        }
        return;
    }
    let mut k2 = vec![0u64; n];
    let mut v2 = vec![0u32; n];
    let mut count = vec![0usize; BUCKETS];
    let mut shift = 0;
    while shift < key_bits {
        count.iter_mut().for_each(|c| *c = 0);
        for &k in keys.iter() {
            count[((k >> shift) as usize) & (BUCKETS - 1)] += 1;
        }
        // Skip a pass whose digit is the same for every key.
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
        for i in 0..n {
            let k = keys[i];
            let d = ((k >> shift) as usize) & (BUCKETS - 1);
            let p = count[d];
            count[d] += 1;
            k2[p] = k;
            v2[p] = vals[i];
        }
        std::mem::swap(keys, &mut k2);
        std::mem::swap(vals, &mut v2);
        shift += DIGIT;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_std() {
        let mut x: u64 = 12345;
        let mut keys: Vec<u64> = (0..5000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x & ((1 << 40) - 1)
            })
            .collect();
        let mut vals: Vec<u32> = (0..5000).collect();
        let mut want: Vec<(u64, u32)> = keys.iter().copied().zip(vals.iter().copied()).collect();
        want.sort_by_key(|p| p.0);
        sort_pairs(&mut keys, &mut vals, 40);
        let got: Vec<(u64, u32)> = keys.into_iter().zip(vals).collect();
        assert_eq!(got, want);
    }
}
