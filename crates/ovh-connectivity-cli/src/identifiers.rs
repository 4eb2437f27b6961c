//! Identifiers as people type them, in the form the API knows, checked before any request:
//! line numbers (`01 23 45 67 89`, `+33 1 23 45 67 89`, `0033 1…` → `0123456789`, as the OVH
//! console strips every non-digit), zip codes (`75 011`), references typed in lower case
//! (`imb/91471/c/nt8x`) and codes copied with spaces. Each is a clap value parser, so that a
//! wrong one is a usage error (exit 2): clap names the value and the argument, the error
//! the expected form.

/// The separators people put in a number: spaces (no-break ones too), dots, dashes, slashes.
fn separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '.' | '-' | '/' | '\u{a0}' | '\u{202f}')
}

/// A French line number as the API wants it, ten digits starting with `0`, from the ways it
/// is written: `0123456789`, `01 23 45 67 89`, `01.23.45.67.89`, `01-23-45-67-89`,
/// `+33 1 23 45 67 89`, `+33 (0)1 23 45 67 89`, `0033 1 23 45 67 89`.
pub(crate) fn line_number(text: &str) -> Result<String, String> {
    let expected = || {
        "not a French line number: ten digits starting with 0 (`0123456789`, `01 23 45 67 89`, \
         `+33 1 23 45 67 89`)"
            .to_owned()
    };
    let compact: String = text.chars().filter(|c| !separator(*c)).collect();
    // After the country code (`+33`, `0033`): nine digits, or ten with the trunk prefix 0,
    // which some write `(0)`.
    let after_country = compact.strip_prefix("+33").or_else(|| compact.strip_prefix("0033"));
    let national = match after_country {
        Some(after) => {
            let after = after.strip_prefix("(0)").map_or_else(|| after.to_owned(), |rest| format!("0{rest}"));
            if after.len() == 9 { format!("0{after}") } else { after }
        }
        None => compact,
    };
    // 0 then 1 to 9 (`00` starts an international number), ten digits in all.
    let valid = national.len() == 10
        && national.chars().all(|c| c.is_ascii_digit())
        && national.starts_with('0')
        && !national.starts_with("00");
    if valid { Ok(national) } else { Err(expected()) }
}

/// A French zip code, five digits: `75011` from `75 011` or ` 75011 `.
pub(crate) fn zip_code(text: &str) -> Result<String, String> {
    let digits: String = text.chars().filter(|c| !separator(*c)).collect();
    if digits.chars().count() == 5 && digits.chars().all(|c| c.is_ascii_digit()) {
        Ok(digits)
    } else {
        Err("not a French zip code: five digits (`91400`, `75 011`)".to_owned())
    }
}

/// A reference of the API (a building's `IMB/91471/C/NT8X`, an OTP's `OO-XXXX-XXXX/C`) as
/// the API writes it: upper case, without the spaces people copy with it.
pub(crate) fn reference(text: &str) -> Result<String, String> {
    let reference: String = text.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_uppercase).collect();
    if reference.is_empty() { Err("a reference cannot be empty".to_owned()) } else { Ok(reference) }
}

/// A building reference as the API writes it: `IMB/` then at least two parts of letters and
/// digits (`-` and `_` allowed inside them) separated by `/`, as `IMB/91471/C/NT8X` (INSEE
/// code, operator letter, code); case and spaces do not matter.
pub(crate) fn building(text: &str) -> Result<String, String> {
    let reference = reference(text)?;
    let mut parts = reference.split('/');
    let valid = parts.next() == Some("IMB") && {
        let rest: Vec<&str> = parts.collect();
        rest.len() >= 2
            && rest
                .iter()
                .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
    };
    if valid {
        Ok(reference)
    } else {
        Err("not a building reference: `IMB/` then its parts separated by `/` (`IMB/91471/C/NT8X`)".to_owned())
    }
}

/// An optical termination point as the API writes it: two letters (the operator's), then two
/// groups of four letters or digits, dashes between (`OO-XXXX-XXXX`), with an optional
/// `/` and one to four letters or digits after (the guide's `OO-XXXX-XXXX/C`). Case, spaces
/// and missing dashes (`oo xxxx xxxx`) do not matter.
pub(crate) fn otp(text: &str) -> Result<String, String> {
    let expected = || {
        "not an optical termination point: two letters, then two groups of four letters or digits \
         (`OO-XXXX-XXXX`, `OO-1234-AB56/C`)"
            .to_owned()
    };
    let reference = reference(text)?;
    let (core, suffix) = match reference.split_once('/') {
        Some((core, suffix)) => (core, Some(suffix)),
        None => (reference.as_str(), None),
    };
    let compact: String = core.chars().filter(|c| *c != '-').collect();
    let dashes_fit =
        core.len() == compact.len() || (core.len() == 12 && core.as_bytes()[2] == b'-' && core.as_bytes()[7] == b'-');
    let valid = dashes_fit
        && compact.len() == 10
        && compact.chars().take(2).all(|c| c.is_ascii_alphabetic())
        && compact.chars().all(|c| c.is_ascii_alphanumeric())
        && suffix
            .is_none_or(|suffix| (1..=4).contains(&suffix.len()) && suffix.chars().all(|c| c.is_ascii_alphanumeric()));
    if !valid {
        return Err(expected());
    }
    let suffix = suffix.map(|suffix| format!("/{suffix}")).unwrap_or_default();
    Ok(format!("{}-{}-{}{suffix}", &compact[..2], &compact[2..6], &compact[6..]))
}

/// A code of the API (an INSEE code such as `91471` or `2A004`, a street code) without the
/// spaces people copy with it, in upper case.
pub(crate) fn code(text: &str) -> Result<String, String> {
    let code: String = text.chars().filter(|c| !separator(*c)).flat_map(char::to_uppercase).collect();
    if !code.is_empty() && code.chars().all(|c| c.is_ascii_alphanumeric()) {
        Ok(code)
    } else {
        Err("not a code of the API: letters and digits (`91471`, `9147132200`)".to_owned())
    }
}

/// A street number as the API writes it (`2B` for `2 bis`, `2bis` or `2 b`), through
/// [`crate::matching::street_number`], the address flow's own.
pub(crate) fn street_number(text: &str) -> Result<String, String> {
    let number = crate::matching::street_number(text);
    if number.is_empty() { Err("a street number cannot be empty".to_owned()) } else { Ok(number) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_numbers_as_people_write_them() {
        for typed in [
            "0123456789",
            "01 23 45 67 89",
            " 01 23 45 67 89 ",
            "01.23.45.67.89",
            "01-23-45-67-89",
            "01/23/45/67/89",
            "01\u{a0}23\u{a0}45\u{a0}67\u{a0}89",
            "+33 1 23 45 67 89",
            "+33123456789",
            "+33 (0)1 23 45 67 89",
            "+33 01 23 45 67 89",
            "0033 1 23 45 67 89",
            "0033123456789",
        ] {
            assert_eq!(line_number(typed).as_deref(), Ok("0123456789"), "{typed:?}");
        }
    }

    #[test]
    fn what_is_not_a_french_line_number_is_refused_with_the_expected_form() {
        for typed in [
            "",
            "abc",
            "012345678",
            "01234",
            "01234567890",
            "1234567890",
            "0012345678",
            "+44 20 7946 0958",
            "+33 12345678",
            "0044 1 23 45 67 89",
            "01 23 45 67 8x",
            "(01) 23 45 67 89",
            "01+23456789",
            "+",
        ] {
            let error = line_number(typed).expect_err(typed);
            assert!(error.contains("ten digits starting with 0"), "{typed:?}: {error}");
        }
    }

    #[test]
    fn zip_codes_references_and_codes() {
        assert_eq!(zip_code("75 011").as_deref(), Ok("75011"));
        assert_eq!(zip_code(" 91400 ").as_deref(), Ok("91400"));
        for typed in ["7501", "750111", "75O11", "", "abcde"] {
            assert!(zip_code(typed).unwrap_err().contains("five digits"), "{typed:?}");
        }
        assert_eq!(reference("imb/91471/c/nt8x").as_deref(), Ok("IMB/91471/C/NT8X"));
        assert_eq!(reference(" oo-xxxx-xxxx/c ").as_deref(), Ok("OO-XXXX-XXXX/C"));
        assert!(reference("  ").is_err());
        assert_eq!(code("91 471").as_deref(), Ok("91471"));
        assert_eq!(code("2a004").as_deref(), Ok("2A004"));
        assert!(code("9147'1").is_err() && code("").is_err());
    }

    #[test]
    fn building_references_in_their_real_forms_and_nothing_else() {
        for (typed, api) in [
            ("IMB/91471/C/NT8X", "IMB/91471/C/NT8X"),
            ("imb/91471/c/nt8x", "IMB/91471/C/NT8X"),
            (" IMB/2A004/S/AB12 ", "IMB/2A004/S/AB12"),
            ("IMB/33063/X/007J", "IMB/33063/X/007J"),
            ("IMB/75056/X/00AB_1", "IMB/75056/X/00AB_1"),
            ("IMB/35238/C", "IMB/35238/C"),
        ] {
            assert_eq!(building(typed).as_deref(), Ok(api), "{typed:?}");
        }
        for typed in
            ["abc", "IMB", "IMB/", "IMB/91471", "IMB//C/NT8X", "IMB/91471/C/", "IMB/75111/C/????", "OO-XXXX-XXXX"]
        {
            assert!(building(typed).unwrap_err().contains("`IMB/91471/C/NT8X`"), "{typed:?}");
        }
        assert_eq!(building(" ").unwrap_err(), "a reference cannot be empty");
    }

    #[test]
    fn otps_in_their_real_forms_and_nothing_else() {
        for (typed, api) in [
            ("OO-XXXX-XXXX/C", "OO-XXXX-XXXX/C"),
            ("oo-xxxx-xxxx/c", "OO-XXXX-XXXX/C"),
            ("OO-AAAA-0003", "OO-AAAA-0003"),
            ("FI-1234-5678", "FI-1234-5678"),
            ("oo aaaa 0003", "OO-AAAA-0003"),
            ("OOAAAA0003/C", "OO-AAAA-0003/C"),
            ("SR-12AB-34CD/B2", "SR-12AB-34CD/B2"),
        ] {
            assert_eq!(otp(typed).as_deref(), Ok(api), "{typed:?}");
        }
        for typed in [
            "abc",
            "OO-XXXX",
            "OO-XXXX-XXX",
            "OO-XXXX-XXXXX",
            "12-XXXX-XXXX",
            "OO-XXX-XXXXX",
            "OO--XXXXXXXX",
            "OO-XXXX-XXXX/",
            "OO-XXXX-XXXX/CCCCC",
            "OO-XXXX-XXXX/C/D",
            "OO-XX?X-XXXX",
            "OÖ-XXXX-XXX",
            "IMB/91471/C/NT8X",
        ] {
            assert!(otp(typed).unwrap_err().contains("`OO-XXXX-XXXX`"), "{typed:?}");
        }
    }

    #[test]
    fn street_numbers_through_the_address_flows_function() {
        for (typed, api) in
            [("2 bis", "2B"), ("2bis", "2B"), ("2 B", "2B"), ("2b", "2B"), ("5 ter", "5T"), ("5ter", "5T")]
        {
            assert_eq!(street_number(typed).as_deref(), Ok(api), "{typed:?}");
        }
        assert_eq!(street_number("7 quater").as_deref(), Ok("7Q"));
        assert_eq!(street_number(" 12 ").as_deref(), Ok("12"));
        assert!(street_number(" - ").is_err());
    }
}
