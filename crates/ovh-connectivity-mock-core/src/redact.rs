//! `--redact owner`: owner names in recorded answers become masks, the same name the same
//! mask in every file of a run (a keyed hash: the mask does not give the name back, and a
//! dictionary of names cannot be tried against it without the run's key). Only the answer's
//! `ownerName` values change, in place: every other byte stays as the upstream sent it, and
//! the request, which a replay matches on, is never touched.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The key `ownerName` values are masked under.
const OWNER_KEY: &str = "\"ownerName\"";

/// `answer` with each string value of an `ownerName` key replaced by its mask
/// (`OWNER-3F9A1C`); `null` and other values stay.
pub(crate) fn owner_names(answer: &str, key: &[u8; 32]) -> String {
    let mut out = String::with_capacity(answer.len());
    let mut rest = answer;
    while let Some(at) = rest.find(OWNER_KEY) {
        let after_key = at + OWNER_KEY.len();
        out.push_str(&rest[..after_key]);
        rest = &rest[after_key..];
        // Only a key is followed by `:`; a string value "ownerName" is not.
        let trimmed = rest.trim_start();
        let Some(value) = trimmed.strip_prefix(':') else { continue };
        let value_start = value.trim_start();
        let skipped = rest.len() - value_start.len();
        let mut strings = serde_json::Deserializer::from_str(value_start).into_iter::<serde_json::Value>();
        if let Some(Ok(serde_json::Value::String(name))) = strings.next() {
            let consumed = strings.byte_offset();
            out.push_str(&rest[..skipped]);
            out.push('"');
            out.push_str(&mask(&name, key));
            out.push('"');
            rest = &value_start[consumed..];
        }
    }
    out.push_str(rest);
    out
}

/// The mask of one owner name under `key`.
fn mask(name: &str, key: &[u8; 32]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key");
    mac.update(name.trim().to_uppercase().as_bytes());
    let tag = mac.finalize().into_bytes();
    format!("OWNER-{}", tag[..3].iter().map(|byte| format!("{byte:02X}")).collect::<String>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owner_names_are_masked_in_place_and_the_same_name_gets_the_same_mask() {
        let key = [7u8; 32];
        let answer = r#"{"result":[{"ownerName": "DUPONT","city":"ownerName"},{"ownerName":"dupont"},{"ownerName":null},{"ownerName":"MARTIN"}]}"#;
        let masked = owner_names(answer, &key);
        assert!(!masked.contains("DUPONT") && !masked.contains("dupont") && !masked.contains("MARTIN"), "{masked}");
        let dupont = mask("DUPONT", &key);
        assert_eq!(
            masked,
            format!(
                r#"{{"result":[{{"ownerName": "{dupont}","city":"ownerName"}},{{"ownerName":"{dupont}"}},{{"ownerName":null}},{{"ownerName":"{}"}}]}}"#,
                mask("MARTIN", &key)
            )
        );
        assert_ne!(mask("DUPONT", &key), mask("DUPONT", &[8u8; 32]), "another run, another key");
        assert_eq!(owner_names("{}", &key), "{}");
    }
}
