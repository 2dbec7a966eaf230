//! Hashing for every stage: a stable hash for names that outlive a run, a fast one for maps.
//!
//! std's `DefaultHasher` may change between compiler releases, and SipHash is slow for the short
//! keys of the search index, so names on disk use FNV-1a (the `fnv` crate; fixed by its
//! specification) and hot maps use rustc's Fx hash (the `rustc-hash` crate).

use std::hash::Hasher;

pub use rustc_hash::{FxHashMap as FastMap, FxHasher as FastHasher};

/// FNV-1a (64-bit) of `bytes`: for content hashes that name files and asset versions, which must
/// not change between runs or releases.
pub fn stable(bytes: &[u8]) -> u64 {
    let mut hasher = fnv::FnvHasher::default();
    hasher.write(bytes);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    #[test]
    fn stable_is_fnv1a_64() {
        // The reference values of the FNV specification.
        assert_eq!(super::stable(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(super::stable(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
