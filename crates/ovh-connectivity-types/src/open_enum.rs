//! Open enums: every enum of the API keeps values this crate does not know yet.
//!
//! The API keeps adding enum values (`FTTO`, `hexacle`, new providers...). An unknown value
//! decodes into the `Unknown` variant, which keeps the exact string and writes it back unchanged.

use std::cell::RefCell;
use std::fmt;

/// A wire value that this version of the crate does not know.
///
/// It can only be obtained by decoding (or by `from_wire`), so it never holds a known name:
/// `Unknown("ok")` cannot exist, and every value round-trips.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(pub(crate) String);

impl UnknownValue {
    /// The value exactly as it was on the wire.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

/// An enum value decoded into an `Unknown` variant while [`collect_unknown_values`] watched.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct UnknownEnumValue {
    /// The enum's type name (`OfferProductType`).
    pub enum_name: &'static str,
    /// The value exactly as it was on the wire.
    pub value: String,
}

thread_local! {
    /// The unknown values seen on this thread while a collection runs; `None` otherwise.
    static SEEN: RefCell<Option<Vec<UnknownEnumValue>>> = const { RefCell::new(None) };
}

/// Runs `decode` (a decode into wire types, on this thread) and gives every enum value it
/// decoded into an `Unknown` variant, in order: how drift reports say which values the types
/// do not know, without walking every type. Nested calls each see their own values.
pub fn collect_unknown_values<T>(decode: impl FnOnce() -> T) -> (T, Vec<UnknownEnumValue>) {
    let outer = SEEN.with(|seen| seen.borrow_mut().replace(Vec::new()));
    let value = decode();
    let collected = SEEN.with(|seen| std::mem::replace(&mut *seen.borrow_mut(), outer)).unwrap_or_default();
    (value, collected)
}

/// Notes a value decoded into `Unknown`, when a collection runs on this thread.
pub(crate) fn note_unknown(enum_name: &'static str, value: &str) {
    SEEN.with(|seen| {
        if let Some(seen) = seen.borrow_mut().as_mut() {
            seen.push(UnknownEnumValue { enum_name, value: value.to_owned() });
        }
    });
}

/// Defines an open enum: known variants with their wire names (and optional extra spellings
/// accepted on input), plus `Unknown(UnknownValue)`.
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $(
                $(#[$vmeta:meta])*
                $variant:ident = $wire:literal $(| $alias:literal)*
            ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum $name {
            $(
                $(#[$vmeta])*
                #[doc = concat!("\n\nWire value: `", $wire, "`.")]
                $variant,
            )+
            /// A value this version of the crate does not know; kept verbatim.
            Unknown($crate::UnknownValue),
        }

        impl $name {
            /// The canonical wire names of the known variants, in declaration order.
            pub const WIRE_NAMES: &'static [&'static str] = &[$($wire),+];

            /// The value as written on the wire (the canonical spelling for known variants).
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)+
                    Self::Unknown(value) => value.as_str(),
                }
            }

            /// Decodes a wire value: a known name (or accepted alternative spelling) gives its
            /// variant, anything else gives `Unknown`.
            pub fn from_wire(value: &str) -> Self {
                match value {
                    $($wire $(| $alias)* => Self::$variant,)+
                    other => {
                        $crate::open_enum::note_unknown(stringify!($name), other);
                        Self::Unknown($crate::UnknownValue(other.to_owned()))
                    }
                }
            }

            /// Whether this variant is one this version of the crate knows.
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Unknown(_))
            }

            #[cfg(any(test, feature = "arbitrary"))]
            #[allow(dead_code, reason = "used by the Arbitrary impl only")]
            const ACCEPTED: &'static [&'static str] = &[$($wire, $($alias,)*)+];
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                Self::from_wire(value)
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Visitor;
                impl ::serde::de::Visitor<'_> for Visitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(concat!("a string (", stringify!($name), ")"))
                    }
                    fn visit_str<E: ::serde::de::Error>(self, value: &str) -> Result<$name, E> {
                        Ok($name::from_wire(value))
                    }
                }
                deserializer.deserialize_str(Visitor)
            }
        }

        #[cfg(any(test, feature = "arbitrary"))]
        impl ::proptest::arbitrary::Arbitrary for $name {
            type Parameters = ();
            type Strategy = ::proptest::strategy::BoxedStrategy<Self>;
            fn arbitrary_with(_: ()) -> Self::Strategy {
                use ::proptest::prelude::*;
                let known = ::proptest::sample::select(Self::WIRE_NAMES).prop_map(Self::from_wire);
                // The catch-all must never hold a known spelling, or the round trip would
                // (rightly) turn it into the known variant.
                let unknown = "[A-Za-z0-9_]{1,16}"
                    .prop_filter("known spelling", |s| !Self::ACCEPTED.contains(&s.as_str()))
                    .prop_map(|s| Self::Unknown($crate::UnknownValue(s)));
                prop_oneof![3 => known, 1 => unknown].boxed()
            }
        }
    };
}

pub(crate) use open_enum;

#[cfg(test)]
mod tests {
    use super::collect_unknown_values;
    use crate::{LineStatus, OfferProductType};

    #[test]
    fn unknown_values_are_collected_only_while_asked_and_each_call_sees_its_own() {
        // Outside a collection, nothing is kept.
        assert!(!LineStatus::from_wire("frozen").is_known());
        let (outer, seen) = collect_unknown_values(|| {
            let known = LineStatus::from_wire("active");
            let (_, inner) = collect_unknown_values(|| OfferProductType::from_wire("FTTZ"));
            assert_eq!(inner.len(), 1);
            assert_eq!((inner[0].enum_name, inner[0].value.as_str()), ("OfferProductType", "FTTZ"));
            (known, LineStatus::from_wire("frozen"))
        });
        assert!(outer.0.is_known() && !outer.1.is_known());
        assert_eq!(seen.len(), 1, "{seen:?}");
        assert_eq!((seen[0].enum_name, seen[0].value.as_str()), ("LineStatus", "frozen"));
        let (_, after) = collect_unknown_values(|| ());
        assert!(after.is_empty());
    }
}
