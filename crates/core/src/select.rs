//! Branch-free choice between two values, for hot loops over data whose conditions follow no
//! pattern (a mispredicted branch costs more than computing both sides).

/// `if c { a } else { b }`, computed with a mask instead of a branch. Compilers often turn a
/// plain `if` into a branch when one side looks costlier; this form leaves them no choice.
#[inline(always)]
pub fn pick(c: bool, a: usize, b: usize) -> usize {
    let mask = usize::from(c).wrapping_neg();
    (a & mask) | (b & !mask)
}

#[cfg(test)]
mod tests {
    use super::pick;

    #[test]
    fn picks_the_first_when_true_and_the_second_when_false() {
        for (a, b) in [
            (0, 0),
            (1, 2),
            (usize::MAX, 0),
            (0, usize::MAX),
            (12345, 678),
        ] {
            assert_eq!(pick(true, a, b), a);
            assert_eq!(pick(false, a, b), b);
        }
    }
}
