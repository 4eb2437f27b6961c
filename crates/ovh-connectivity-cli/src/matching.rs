//! Names as people type them against names as the API spells them (`RUE DU GENERAL DE
//! GAULLE`): case, accents, punctuation and the usual abbreviations (`av`, `bd`, `st`) do not
//! matter, and a misspelt name gets suggestions.

/// Upper-case words without accents or punctuation, abbreviations written out.
pub(crate) fn words(text: &str) -> Vec<String> {
    let mut plain = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            'à' | 'â' | 'ä' | 'á' | 'ã' | 'À' | 'Â' | 'Ä' | 'Á' | 'Ã' => plain.push('A'),
            'ç' | 'Ç' => plain.push('C'),
            'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => plain.push('E'),
            'î' | 'ï' | 'í' | 'Î' | 'Ï' | 'Í' => plain.push('I'),
            'ô' | 'ö' | 'ó' | 'õ' | 'Ô' | 'Ö' | 'Ó' | 'Õ' => plain.push('O'),
            'ù' | 'û' | 'ü' | 'ú' | 'Ù' | 'Û' | 'Ü' | 'Ú' => plain.push('U'),
            'ÿ' | 'Ÿ' => plain.push('Y'),
            'ñ' | 'Ñ' => plain.push('N'),
            'œ' | 'Œ' => plain.push_str("OE"),
            'æ' | 'Æ' => plain.push_str("AE"),
            c if c.is_alphanumeric() => plain.extend(c.to_uppercase()),
            _ => plain.push(' '),
        }
    }
    plain.split_whitespace().map(|word| expand(word).to_owned()).collect()
}

/// The word an abbreviation of French addresses stands for.
fn expand(word: &str) -> &str {
    match word {
        "AV" | "AVE" | "AVN" => "AVENUE",
        "BD" | "BLD" | "BVD" | "BOUL" => "BOULEVARD",
        "R" => "RUE",
        "PL" => "PLACE",
        "CH" | "CHE" | "CHEM" => "CHEMIN",
        "IMP" => "IMPASSE",
        "RTE" => "ROUTE",
        "ALL" => "ALLEE",
        "SQ" => "SQUARE",
        "QU" => "QUAI",
        "CRS" => "COURS",
        "PROM" => "PROMENADE",
        "FG" | "FBG" => "FAUBOURG",
        "RES" | "RESID" => "RESIDENCE",
        "LOT" => "LOTISSEMENT",
        "HAM" => "HAMEAU",
        "ST" => "SAINT",
        "STE" => "SAINTE",
        "GAL" | "GEN" => "GENERAL",
        "MAL" | "MAR" => "MARECHAL",
        "PDT" | "PRES" => "PRESIDENT",
        "DR" => "DOCTEUR",
        "PR" | "PROF" => "PROFESSEUR",
        "CDT" => "COMMANDANT",
        "LT" => "LIEUTENANT",
        "NTE" => "NOTRE",
        other => other,
    }
}

/// What a name matched.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Found {
    /// One candidate: its index.
    One(usize),
    /// Several, equally good: their indexes.
    Several(Vec<usize>),
    /// None; the closest names' indexes, best first (maybe none).
    Nothing(Vec<usize>),
}

/// Finds `wanted` among candidates, each known by one or more names, the most specific first
/// (a locality, then its city): the same words first, then names holding every wanted word,
/// then names with words starting with each wanted word (`champ` finds `CHAMPS`). Each rule
/// tries the first names of every candidate before their second ones.
pub(crate) fn find(wanted: &str, names: &[Vec<String>]) -> Found {
    let wanted = words(wanted);
    let candidates: Vec<Vec<Vec<String>>> =
        names.iter().map(|variants| variants.iter().map(|name| words(name)).collect()).collect();
    type Rule<'a> = &'a dyn Fn(&[String]) -> bool;
    let rules: [Rule<'_>; 3] =
        [&|name| name == wanted.as_slice(), &|name| wanted.iter().all(|word| name.contains(word)), &|name| {
            wanted.iter().all(|word| name.iter().any(|n| n.starts_with(word.as_str())))
        }];
    if wanted.is_empty() {
        return Found::Nothing(Vec::new());
    }
    let levels = candidates.iter().map(Vec::len).max().unwrap_or(0);
    for rule in rules {
        for level in 0..levels {
            let hits: Vec<usize> = candidates
                .iter()
                .enumerate()
                .filter(|(_, variants)| variants.get(level).is_some_and(|name| rule(name)))
                .map(|(index, _)| index)
                .collect();
            match hits.len() {
                0 => continue,
                1 => return Found::One(hits[0]),
                _ => return Found::Several(hits),
            }
        }
    }
    // Suggestions: the closest spellings, within about a third of the name's length.
    let wanted = wanted.join(" ");
    let mut scored: Vec<(usize, usize)> = candidates
        .iter()
        .enumerate()
        .filter_map(|(index, variants)| {
            let distance = variants.iter().map(|name| distance(&wanted, &name.join(" "))).min()?;
            (distance <= (wanted.chars().count() / 3).max(2)).then_some((distance, index))
        })
        .collect();
    scored.sort();
    Found::Nothing(scored.into_iter().take(3).map(|(_, index)| index).collect())
}

/// Levenshtein distance, by characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = if ca == *cb { previous } else { 1 + previous.min(row[j]).min(current) };
            previous = current;
        }
    }
    row[b.len()]
}

/// A street number as the API writes it: `12B` for `12 b`, `12 bis` or `12b`; `12T` for ter.
pub(crate) fn street_number(text: &str) -> String {
    let upper = words(text).join("");
    for (long, short) in [("BIS", "B"), ("TER", "T"), ("QUATER", "Q")] {
        if let Some(number) = upper.strip_suffix(long)
            && !number.is_empty()
            && number.chars().all(|c| c.is_ascii_digit())
        {
            return format!("{number}{short}");
        }
    }
    upper
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<Vec<String>> {
        list.iter().map(|name| vec![(*name).to_owned()]).collect()
    }

    #[test]
    fn case_accents_punctuation_and_abbreviations_do_not_matter() {
        assert_eq!(words("Av. du Général-de-Gaulle"), ["AVENUE", "DU", "GENERAL", "DE", "GAULLE"]);
        assert_eq!(words("st-Rémy l'Honoré"), ["SAINT", "REMY", "L", "HONORE"]);
        assert_eq!(words("  "), Vec::<String>::new());
        assert_eq!(street_number("12 bis"), "12B");
        assert_eq!(street_number("5t"), "5T");
        assert_eq!(street_number("27"), "27");
    }

    #[test]
    fn the_same_words_then_every_word_then_word_starts() {
        let streets = names(&["RUE DE PARIS", "RUE DE PARIS PROLONGEE", "AVENUE DE PARIS", "BOULEVARD DES CHAMPS"]);
        assert_eq!(find("rue de paris", &streets), Found::One(0), "the same words win");
        assert_eq!(find("av de paris", &streets), Found::One(2));
        assert_eq!(find("paris", &streets), Found::Several(vec![0, 1, 2]));
        assert_eq!(find("bd des champ", &streets), Found::One(3), "a word's start");
        assert_eq!(find("boulevrd des chmps", &streets), Found::Nothing(vec![3]), "a suggestion");
        assert_eq!(find("quai voltaire", &streets), Found::Nothing(vec![]));
        assert_eq!(find("", &streets), Found::Nothing(vec![]));
    }

    #[test]
    fn a_candidate_may_have_several_names() {
        let city = |locality: &str, city: &str| vec![locality.to_owned(), city.to_owned()];
        let cities = vec![city("ORSAY", "ORSAY"), city("ORSIGNY", "ORSAY"), city("SACLAY", "LE CHESNAY")];
        assert_eq!(find("orsay", &cities), Found::One(0), "the locality before its city");
        assert_eq!(find("le chesnay", &cities), Found::One(2));
        assert_eq!(distance("kitten", "sitting"), 3);
    }
}
