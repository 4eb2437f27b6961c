//! Bounded generators for nested collections (the default of up to 100 elements per level makes
//! an `EligibilityTest` tens of thousands of messages big).

use proptest::prelude::*;

pub(crate) fn small_vec<T: Arbitrary>() -> impl Strategy<Value = Vec<T>> {
    proptest::collection::vec(any::<T>(), 0..4)
}

pub(crate) fn small_option_vec<T: Arbitrary>() -> impl Strategy<Value = Option<Vec<T>>> {
    proptest::option::of(small_vec())
}
