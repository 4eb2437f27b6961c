//! The world's identifiers: street numbers, streets, addresses and buildings, and the base-36
//! code a building reference carries (an invertible scramble of street, number and building,
//! so that the reference names its building without a table).

const BASE36: &[u8; 36] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const CODE_SPACE: u64 = 36 * 36 * 36 * 36;
/// Odd and not a multiple of 3: invertible modulo 36⁴.
const SCRAMBLE: u64 = 1_046_527;

/// A street number: 1 to 63, plain, `B` or `T`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Number {
    pub(crate) value: u8,
    /// 0 plain, 1 `B`, 2 `T`.
    pub(crate) repeat: u8,
}

impl Number {
    pub(crate) fn parse(text: &str) -> Option<Number> {
        let digits = text.trim_end_matches(['B', 'T']);
        let value: u8 = digits.parse().ok().filter(|v| (1..=63).contains(v))?;
        let repeat = match &text[digits.len()..] {
            "" => 0,
            "B" => 1,
            "T" => 2,
            _ => return None,
        };
        (digits.len() <= 2 && !digits.starts_with('0')).then_some(Number { value, repeat })
    }

    pub(crate) fn text(self) -> String {
        format!("{}{}", self.value, ["", "B", "T"][usize::from(self.repeat.min(2))])
    }

    /// `value × 3 + repeat`: the number's place among a street's 192 possible numbers.
    pub(crate) fn code(self) -> u32 {
        u32::from(self.value) * 3 + u32::from(self.repeat)
    }

    pub(crate) fn from_code(code: u32) -> Option<Number> {
        let number = Number { value: u8::try_from(code / 3).ok()?, repeat: (code % 3) as u8 };
        (1..=63).contains(&number.value).then_some(number)
    }
}

/// A street of a commune.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct StreetId {
    pub(crate) commune: u32,
    pub(crate) index: u32,
}

/// An address: a number of a street.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct AddressId {
    pub(crate) street: StreetId,
    pub(crate) number: Number,
}

/// A building at an address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct BuildingId {
    pub(crate) address: AddressId,
    pub(crate) index: u8,
}

/// `NT8X`: a building's 4 base-36 characters, its place (street, number, building) scrambled
/// under `offset` (the commune's hash).
pub(crate) fn building_code(id: BuildingId, offset: u64) -> String {
    let value =
        (u64::from(id.address.street.index) * 192 + u64::from(id.address.number.code())) * 2 + u64::from(id.index);
    let mut scrambled = (value * SCRAMBLE + offset % CODE_SPACE) % CODE_SPACE;
    let mut code = [b'0'; 4];
    for digit in code.iter_mut().rev() {
        *digit = BASE36[(scrambled % 36) as usize];
        scrambled /= 36;
    }
    String::from_utf8_lossy(&code).into_owned()
}

/// The building a code names in `commune`, if the code is well formed (whether the world has
/// it is the caller's question).
pub(crate) fn parse_building_code(code: &str, commune: u32, offset: u64) -> Option<BuildingId> {
    if code.len() != 4 {
        return None;
    }
    let mut scrambled = 0u64;
    for byte in code.bytes() {
        scrambled = scrambled * 36 + BASE36.iter().position(|&b| b == byte)? as u64;
    }
    let offset = offset % CODE_SPACE;
    let value = ((scrambled + CODE_SPACE - offset) % CODE_SPACE) * inverse_mod(SCRAMBLE, CODE_SPACE) % CODE_SPACE;
    let index = (value % 2) as u8;
    let number = Number::from_code(((value / 2) % 192) as u32)?;
    let street = StreetId { commune, index: u32::try_from(value / 2 / 192).ok()? };
    Some(BuildingId { address: AddressId { street, number }, index })
}

fn inverse_mod(value: u64, modulus: u64) -> u64 {
    let (mut old_r, mut r) = (value as i128, modulus as i128);
    let (mut old_s, mut s) = (1i128, 0i128);
    while r != 0 {
        let quotient = old_r / r;
        (old_r, r) = (r, old_r - quotient * r);
        (old_s, s) = (s, old_s - quotient * s);
    }
    old_s.rem_euclid(modulus as i128) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn building_codes_read_back() {
        for (index, value, repeat, building) in [(0, 1, 0, 0), (1199, 63, 2, 1), (37, 12, 1, 1)] {
            let id = BuildingId {
                address: AddressId { street: StreetId { commune: 5, index }, number: Number { value, repeat } },
                index: building,
            };
            let code = building_code(id, 987_654_321);
            assert_eq!(code.len(), 4);
            assert_eq!(parse_building_code(&code, 5, 987_654_321), Some(id), "{code}");
        }
        assert_eq!(parse_building_code("a?!*", 5, 0), None);
        assert_eq!(parse_building_code("ABCDE", 5, 0), None);
    }

    #[test]
    fn numbers_read_as_written() {
        for text in ["1", "1B", "12T", "63"] {
            assert_eq!(Number::parse(text).map(Number::text).as_deref(), Some(text));
        }
        for text in ["0", "64", "01", "1C", "B", ""] {
            assert_eq!(Number::parse(text), None, "{text}");
        }
    }
}
