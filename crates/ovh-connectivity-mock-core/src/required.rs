//! Which properties of a wire type every value carries, read from the type's own
//! `Deserialize`: a property is required when the type refuses a value without it (a field
//! that is neither an `Option` nor `#[serde(default)]`). The OpenAPI document marks those
//! `required`, so that generated frontend types need no `!` where the API always answers.
//!
//! The type is driven by a probe deserializer. To reach a nested type (`result.offers[]`) the
//! probe walks a path of field names, giving each struct on the way only the field to descend
//! (options are `Some`, sequences hold one element). At the end of the path, the struct gets
//! every schema property filled with a neutral value (`""`, `0`, `false`, empty lists, `None`)
//! except one: the struct's own answer (a `missing field` error, or not) says whether that one
//! is required.

use std::cell::RefCell;
use std::fmt;

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor,
};

/// Why a probe failed, or what a struct answered.
#[derive(Debug)]
pub(crate) struct ProbeError(String);

impl fmt::Display for ProbeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ProbeError {}

impl de::Error for ProbeError {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Self(message.to_string())
    }
}

/// What one probe of the struct at the end of a path found.
#[derive(Debug, Default)]
struct Found {
    /// The struct's field names, when the path led to a struct.
    fields: Option<&'static [&'static str]>,
    /// The struct's own answer to the map it was given.
    outcome: Option<Result<(), String>>,
}

/// Runs the probe on `T`: along `path`, then on the struct there with `supplied` properties
/// minus `omitted`.
fn probe<T: DeserializeOwned>(path: &[&str], supplied: &[&str], omitted: Option<&str>) -> Found {
    let found = RefCell::new(Found::default());
    let _ = T::deserialize(Walk { path, supplied, omitted, found: &found });
    found.into_inner()
}

/// The probe of one wire type, as a plain function (see [`prober`]).
pub(crate) type Prober = fn(&[&str], &[&str], Option<&str>) -> Result<bool, String>;

/// The prober of `T`: whether property `omitted` is required in the struct at `path` (with the
/// other `supplied` properties present), or why the question has no answer there.
pub(crate) fn prober<T: DeserializeOwned>() -> Prober {
    |path, supplied, omitted| {
        let found = probe::<T>(path, supplied, omitted);
        let Some(fields) = found.fields else { return Err(format!("no struct at `{}`", path.join("."))) };
        match (omitted, found.outcome) {
            (_, None) => Err(format!("the struct at `{}` was not read", path.join("."))),
            (None, Some(Ok(()))) => Ok(false),
            (None, Some(Err(error))) => {
                Err(format!("the struct at `{}` refuses neutral values: {error}", path.join(".")))
            }
            (Some(name), _) if !fields.contains(&name) => Err(format!("no field `{name}` at `{}`", path.join("."))),
            (Some(_), Some(Ok(()))) => Ok(false),
            (Some(name), Some(Err(error))) if error == format!("missing field `{name}`") => Ok(true),
            (Some(name), Some(Err(error))) => Err(format!("without `{name}` at `{}`: {error}", path.join("."))),
        }
    }
}

/// The property names of the struct `T` as its `Deserialize` knows them (after renaming);
/// empty when `T` is not a struct. The mock reads a query operation's declared parameters so.
pub(crate) fn field_names<T: DeserializeOwned>() -> &'static [&'static str] {
    probe::<T>(&[], &[], None).fields.unwrap_or_default()
}

/// Walks `path`, then presents the struct at its end.
struct Walk<'a> {
    path: &'a [&'a str],
    supplied: &'a [&'a str],
    omitted: Option<&'a str>,
    found: &'a RefCell<Found>,
}

impl<'de> Deserializer<'de> for Walk<'_> {
    type Error = ProbeError;

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, ProbeError> {
        Err(ProbeError(format!("not a struct where `{}` leads", self.path.join("."))))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ProbeError> {
        visitor.visit_some(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ProbeError> {
        visitor.visit_seq(One(Some(self)))
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, ProbeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ProbeError> {
        match self.path.split_first() {
            Some((head, rest)) => {
                let Some(field) = fields.iter().find(|field| *field == head) else {
                    return Err(ProbeError(format!("no field `{head}`")));
                };
                let next = Walk { path: rest, ..self };
                visitor.visit_map(Fields { names: vec![field], walk: Some(next) })
            }
            None => {
                self.found.borrow_mut().fields = Some(fields);
                let names: Vec<&'static str> = fields
                    .iter()
                    .copied()
                    .filter(|field| self.supplied.contains(field) && Some(*field) != self.omitted)
                    .collect();
                let result = visitor.visit_map(Fields { names, walk: None });
                self.found.borrow_mut().outcome = Some(result.as_ref().map(|_| ()).map_err(ToString::to_string));
                result
            }
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf unit
        unit_struct tuple tuple_struct map enum identifier ignored_any
    }
}

/// A struct's map: `names` in order, each with a neutral value, except the field a walk
/// goes through.
struct Fields<'a> {
    names: Vec<&'static str>,
    /// The walk onward, for the one field of an intermediate struct.
    walk: Option<Walk<'a>>,
}

impl<'de> MapAccess<'de> for Fields<'_> {
    type Error = ProbeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, ProbeError> {
        if self.names.is_empty() {
            return Ok(None);
        }
        let name = self.names.remove(0);
        seed.deserialize(name.into_deserializer()).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, ProbeError> {
        match self.walk.take() {
            Some(walk) => seed.deserialize(walk),
            None => seed.deserialize(Neutral),
        }
    }
}

/// A sequence of one element.
struct One<D>(Option<D>);

impl<'de, D: Deserializer<'de, Error = ProbeError>> SeqAccess<'de> for One<D> {
    type Error = ProbeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, ProbeError> {
        self.0.take().map(|element| seed.deserialize(element)).transpose()
    }
}

/// The most neutral value of whatever type asks: `""`, `0`, `false`, `None`, empty lists, and
/// structs with every field neutral.
struct Neutral;

impl<'de> Deserializer<'de> for Neutral {
    type Error = ProbeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ProbeError> {
        visitor.visit_str("")
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ProbeError> {
        visitor.visit_bool(false)
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ProbeError> {
        visitor.visit_i64(0)
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ProbeError> {
        visitor.visit_u64(0)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ProbeError> {
        visitor.visit_f64(0.0)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ProbeError> {
        visitor.visit_none()
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ProbeError> {
        visitor.visit_unit()
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ProbeError> {
        visitor.visit_seq(One::<Neutral>(None))
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ProbeError> {
        visitor.visit_map(Fields { names: Vec::new(), walk: None })
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, ProbeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ProbeError> {
        visitor.visit_map(Fields { names: fields.to_vec(), walk: None })
    }

    serde::forward_to_deserialize_any! {
        i8 i16 i32 i128 u8 u16 u32 u128 f32 char str string bytes byte_buf unit_struct tuple
        tuple_struct enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ovh_connectivity_types::{AsyncTask, EligibilityTest};

    #[derive(serde::Deserialize)]
    #[serde(rename_all = "camelCase")]
    #[allow(dead_code, reason = "only read by the probe")]
    struct Sample {
        always: String,
        #[serde(default)]
        defaulted: Vec<u8>,
        maybe: Option<u64>,
        inner: Option<Vec<Inner>>,
    }

    #[derive(serde::Deserialize)]
    #[allow(dead_code, reason = "only read by the probe")]
    struct Inner {
        flag: bool,
        rate: f64,
        note: Option<String>,
    }

    #[test]
    fn required_means_refused_when_missing() {
        let sample = prober::<Sample>();
        let all = ["always", "defaulted", "maybe", "inner"];
        assert_eq!(sample(&[], &all, None), Ok(false), "neutral values are accepted");
        assert_eq!(sample(&[], &all, Some("always")), Ok(true));
        assert_eq!(sample(&[], &all, Some("defaulted")), Ok(false));
        assert_eq!(sample(&[], &all, Some("maybe")), Ok(false));
        // Through an Option<Vec<_>>, into the element type.
        let inner = ["flag", "rate", "note"];
        assert_eq!(sample(&["inner"], &inner, Some("flag")), Ok(true));
        assert_eq!(sample(&["inner"], &inner, Some("rate")), Ok(true));
        assert_eq!(sample(&["inner"], &inner, Some("note")), Ok(false));
        assert!(sample(&["inner"], &inner, Some("nope")).unwrap_err().contains("no field `nope`"));
        assert!(sample(&["always"], &inner, None).unwrap_err().contains("no struct"));
        assert!(sample(&["missing"], &inner, None).unwrap_err().contains("no struct"));
    }

    #[test]
    fn the_wire_types_answer_as_the_api_does() {
        let task = prober::<AsyncTask<EligibilityTest>>();
        let fields = ["status", "result", "error"];
        assert_eq!(task(&[], &fields, Some("status")), Ok(true));
        assert_eq!(task(&[], &fields, Some("result")), Ok(false));
        let offer = ["product", "eligibility"];
        assert_eq!(task(&["result", "offers"], &offer, Some("product")), Ok(true));
        let product = [
            "code",
            "name",
            "type",
            "downloadRate",
            "uploadRate",
            "guaranteed",
            "grt",
            "pairs",
            "provider",
            "operator",
            "unbundlingType",
        ];
        assert_eq!(task(&["result", "offers", "product"], &product, Some("downloadRate")), Ok(true));
        assert_eq!(task(&["result", "offers", "product"], &product, Some("operator")), Ok(false));
    }
}
