//! Hashing and pseudo-randomness, in one place: SplitMix64's finaliser (the world's
//! derivations, query ids, latency and fault draws) and the keyed hash of the task table.
//! Nothing here reads the operating system's randomness: keys come from the host
//! ([`Entropy`](crate::Entropy)).

use std::hash::{Hash, Hasher};

pub(crate) use crate::world::mix;

/// A keyed 64-bit hash (SipHash-2-4) of `value`: clients cannot aim at collisions without
/// the key.
pub(crate) fn keyed(key: [u64; 2], value: impl Hash) -> u64 {
    #[allow(deprecated, reason = "std's SipHash-2-4 is the keyed hash needed here; only its name is deprecated")]
    let mut hasher = std::hash::SipHasher::new_with_keys(key[0], key[1]);
    value.hash(&mut hasher);
    hasher.finish()
}

/// Numbers drawn for latency ranges and fault shares: a counter of their own (query ids are
/// not skipped by draws), spread by SplitMix64 from a seed.
#[derive(Debug)]
pub(crate) struct Draws {
    seed: u64,
    counter: std::sync::atomic::AtomicU64,
}

impl Draws {
    pub(crate) fn new(seed: u64) -> Self {
        Self { seed, counter: std::sync::atomic::AtomicU64::new(0) }
    }

    /// A well-spread number in `0..bound` (0 when `bound` is 0).
    pub(crate) fn below(&self, bound: u64) -> u64 {
        if bound == 0 {
            return 0;
        }
        let n = self.counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        mix(self.seed ^ mix(n)) % bound
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_stay_below_their_bound_and_spread() {
        let draws = Draws::new(7);
        let values: Vec<u64> = (0..1000).map(|_| draws.below(10)).collect();
        assert!(values.iter().all(|&v| v < 10));
        for digit in 0..10 {
            assert!(values.iter().filter(|&&v| v == digit).count() > 50, "{digit} drawn too rarely");
        }
        assert_eq!(draws.below(0), 0);
    }

    #[test]
    fn the_keyed_hash_depends_on_its_key() {
        assert_eq!(keyed([1, 2], ("a", "")), keyed([1, 2], ("a", "")));
        assert_ne!(keyed([1, 2], ("a", "")), keyed([1, 3], ("a", "")));
        assert_ne!(keyed([1, 2], ("a", "")), keyed([1, 2], ("a", "s")));
    }
}
