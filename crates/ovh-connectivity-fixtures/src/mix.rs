//! SplitMix64's finaliser: the workspace's one pseudo-random mixing function. The mock's world
//! derives its places from it, the mock's query ids and latency draws are spread by it, and the
//! contract suite draws its sample zip codes with it, so that the same seed means the same
//! thing everywhere.

/// A well-spread number from any 64 bits (a counter, a seed, a hash state): SplitMix64's
/// increment and finaliser. Pure and the same on every machine.
pub fn split_mix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::split_mix64;

    #[test]
    fn the_reference_sequence() {
        // SplitMix64 seeded with 0: its first outputs are the finaliser of γ, 2γ...; ours
        // takes the state before the increment.
        assert_eq!(split_mix64(0), 0xe220_a839_7b1d_cdaf);
        assert_eq!(split_mix64(0x9e37_79b9_7f4a_7c15), 0x6e78_9e6a_a1b9_65f4);
    }
}
