//! Serialization of `double` fields the way the API writes them.
//!
//! The API writes whole numbers without a fraction (`"downloadRate": 20`, not `20.0`). Writing
//! integral doubles as integers keeps our output byte-compatible with its answers; decoding
//! accepts both spellings.

use serde::Serializer;

// 2^53: past this, not every integer is a double, and `as i64` stops being exact.
const EXACT_INTEGER_LIMIT: f64 = 9_007_199_254_740_992.0;

fn write<S: Serializer>(value: f64, serializer: S) -> Result<S::Ok, S::Error> {
    if value.fract() == 0.0 && value.abs() <= EXACT_INTEGER_LIMIT && !(value == 0.0 && value.is_sign_negative()) {
        serializer.serialize_i64(value as i64)
    } else {
        serializer.serialize_f64(value)
    }
}

pub(crate) fn double<S: Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
    write(*value, serializer)
}

pub(crate) fn option_double<S: Serializer>(value: &Option<f64>, serializer: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(value) => write(*value, serializer),
        None => serializer.serialize_none(),
    }
}
