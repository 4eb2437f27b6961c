//! Eligibility references: what a test was about, followed by an HMAC-SHA256 tag under the
//! world secret. `GET /connectivity/eligibility/test` resolves one without any state: the same
//! answer after a restart, or from another mock with the same secret. A reference whose tag
//! does not verify (tampered, or from another secret) resolves to nothing.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::fmt::Write as _;

/// What an eligibility test was about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Subject {
    /// `test/line`: a line number and the status the caller gave.
    Line { number: String, active: bool },
    /// `test/address`: a street code and number.
    Address { street_code: String, number: String },
    /// `test/building`: a building reference.
    Building(String),
    /// `test/otp`: an optical termination point.
    Otp(String),
}

/// Bytes of the tag kept in a reference (128 bits).
const TAG_BYTES: usize = 16;

fn mac(secret: &[u8]) -> Hmac<Sha256> {
    // HMAC takes keys of any length.
    Hmac::<Sha256>::new_from_slice(secret).expect("HMAC accepts any key length")
}

impl Subject {
    fn encode(&self) -> String {
        match self {
            Subject::Line { number, active } => format!("L{number}|{}", if *active { 'a' } else { 'i' }),
            Subject::Address { street_code, number } => format!("A{street_code}|{number}"),
            Subject::Building(reference) => format!("B{reference}"),
            Subject::Otp(otp) => format!("O{otp}"),
        }
    }

    fn decode(text: &str) -> Option<Subject> {
        let (kind, rest) = text.split_at_checked(1)?;
        Some(match kind {
            "L" => {
                let (number, status) = rest.split_once('|')?;
                Subject::Line { number: number.to_owned(), active: status == "a" }
            }
            "A" => {
                let (street_code, number) = rest.split_once('|')?;
                Subject::Address { street_code: street_code.to_owned(), number: number.to_owned() }
            }
            "B" => Subject::Building(rest.to_owned()),
            "O" => Subject::Otp(rest.to_owned()),
            _ => return None,
        })
    }

    /// The reference: the subject and its tag, in lower-case hex.
    pub(crate) fn mint(&self, secret: &[u8]) -> String {
        let subject = self.encode();
        let mut mac = mac(secret);
        mac.update(subject.as_bytes());
        let tag = mac.finalize().into_bytes();
        let mut out = String::with_capacity(2 * (subject.len() + TAG_BYTES));
        for byte in subject.as_bytes().iter().chain(&tag[..TAG_BYTES]) {
            let _ = write!(out, "{byte:02x}");
        }
        out
    }

    /// The subject of a reference minted under `secret`; `None` for anything else.
    pub(crate) fn resolve(reference: &str, secret: &[u8]) -> Option<Subject> {
        if !reference.len().is_multiple_of(2) || reference.len() <= 2 * TAG_BYTES || reference.len() > 512 {
            return None;
        }
        let bytes: Vec<u8> = (0..reference.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(reference.get(i..i + 2)?, 16).ok())
            .collect::<Option<_>>()?;
        let (subject, tag) = bytes.split_at(bytes.len() - TAG_BYTES);
        let mut mac = mac(secret);
        mac.update(subject);
        // Constant-time comparison of the truncated tag.
        mac.verify_truncated_left(tag).ok()?;
        Subject::decode(std::str::from_utf8(subject).ok()?)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn references_resolve_to_their_subject_under_their_secret_only() {
        let subject = Subject::Line { number: "0145678901".into(), active: true };
        let reference = subject.mint(b"secret");
        assert_eq!(Subject::resolve(&reference, b"secret"), Some(subject));
        assert_eq!(Subject::resolve(&reference, b"another secret"), None);
        assert_eq!(
            Subject::resolve("abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz01", b"secret"),
            None
        );
        assert_eq!(Subject::resolve("", b"secret"), None);
    }

    proptest! {
        #[test]
        fn a_forged_reference_is_refused(number in "0[1-5][0-9]{8}", flip in 0usize..200, bit in 0u8..4) {
            let reference = Subject::Line { number, active: false }.mint(b"world");
            let mut bytes = reference.into_bytes();
            let at = flip % bytes.len();
            let digit = u8::from_str_radix(std::str::from_utf8(&bytes[at..=at]).unwrap(), 16).unwrap() ^ (1 << bit);
            bytes[at] = b"0123456789abcdef"[usize::from(digit)];
            prop_assert_eq!(Subject::resolve(std::str::from_utf8(&bytes).unwrap(), b"world"), None);
        }
    }
}
