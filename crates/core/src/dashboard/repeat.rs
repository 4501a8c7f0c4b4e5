//! Distinct customers and customers with more than one contact, over a million hashes fast.
//!
//! A hash set of a million keys misses the cache on almost every insert. Instead the keys are
//! scattered by their top 10 bits into 1024 partitions (one sequential pass), and each partition
//! is counted in a small open-addressing table that stays in cache.

/// Contacts, distinct customers and customers who contacted more than once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RepeatStats {
    /// Tickets counted.
    pub contacts: u32,
    /// Distinct customers among them.
    pub customers: u32,
    /// Customers with two or more tickets.
    pub repeat_customers: u32,
    /// Tickets counted that are repeat contacts: the customer's previous ticket among those
    /// loaded (in creation order, of any service, also before the period) was registered at
    /// most [`crate::repeat_contact::WINDOW_DAYS`] days before, as the ticket's `repeat_of`
    /// says.
    pub within_window: u32,
}

impl RepeatStats {
    /// Tickets from a customer who had already contacted in the period.
    pub fn repeat_contacts(&self) -> u32 {
        self.contacts - self.customers
    }
}

/// Odd multiplier: a bijection on u64 that spreads similar keys over the top bits.
const MIX: u64 = 0x9E37_79B9_7F4A_7C15;

/// Partitions by the top `PART_BITS` bits of the mixed key: 1024 partitions of a million
/// keys make tables of 16 KB, which stay in L1 (256 made 64 KB tables and were slower).
/// At least 8, so the top byte of a partition's keys is implied (see `stats`).
const PART_BITS: u32 = 10;
const _: () = assert!(PART_BITS >= 8);
const PARTS: usize = 1 << PART_BITS;

/// Customer hashes scattered by the top bits of their mix, filled one ticket at a time.
pub struct Partitions {
    parts: Vec<Vec<u64>>,
}

impl Default for Partitions {
    fn default() -> Self {
        Self {
            parts: vec![Vec::new(); PARTS],
        }
    }
}

impl Partitions {
    /// Room for about `n` contacts without regrowing.
    pub fn with_capacity(n: usize) -> Self {
        let each = n / PARTS + n / (4 * PARTS) + 16;
        Self {
            parts: (0..PARTS).map(|_| Vec::with_capacity(each)).collect(),
        }
    }

    /// Adds one contact of customer `c`.
    #[inline(always)]
    pub fn push(&mut self, c: u64) {
        let m = c.wrapping_mul(MIX);
        self.parts[(m >> (64 - PART_BITS)) as usize].push(m);
    }

    /// Counts the contacts added so far.
    pub fn stats(&self) -> RepeatStats {
        // One u64 per slot: the top byte of a partition's keys is the partition itself, so
        // it is free to hold the slot's state (0 empty, ONCE, TWICE) next to the low 56 bits.
        const LOW: u64 = (1 << 56) - 1;
        const ONCE: u64 = 1 << 56;
        const TWICE: u64 = 2 << 56;
        let mut table: Vec<u64> = Vec::new();
        let (mut contacts, mut distinct, mut repeated) = (0usize, 0u32, 0u32);
        for part in self.parts.iter().filter(|p| !p.is_empty()) {
            contacts += part.len();
            let size = (part.len() * 2).next_power_of_two();
            table.clear();
            table.resize(size, 0);
            let mask = size - 1;
            for &m in part {
                let key = m & LOW;
                // The top byte is the partition; slot by the bits below it.
                let mut slot = (m >> 20) as usize & mask;
                loop {
                    let e = table[slot];
                    if e == 0 {
                        table[slot] = ONCE | key;
                        distinct += 1;
                        break;
                    }
                    if e & LOW == key {
                        if e < TWICE {
                            table[slot] = TWICE | key;
                            repeated += 1;
                        }
                        break;
                    }
                    slot = (slot + 1) & mask;
                }
            }
        }
        RepeatStats {
            contacts: u32::try_from(contacts).unwrap_or(u32::MAX),
            customers: distinct,
            repeat_customers: repeated,
            // Partitions hold customers without times: no window to count.
            within_window: 0,
        }
    }
}

/// Counts [`RepeatStats`] of customer hashes.
pub fn repeat_stats(customers: &[u64]) -> RepeatStats {
    let mut p = Partitions::default();
    for &c in customers {
        p.push(c);
    }
    p.stats()
}
