//! Names as people type them against names as the API spells them (`RUE DU GENERAL DE
//! GAULLE`): case, accents, punctuation and the usual abbreviations (`av`, `bd`, `st`) do not
//! matter, and a misspelt name gets suggestions, with or without its street type (`jean
//! moulun` for `RUE JEAN MOULIN`).

/// Upper-case words without accents or punctuation, abbreviations written out.
pub(crate) fn words(text: &str) -> Vec<String> {
    plain(text).iter().map(|word| expand(word).to_owned()).collect()
}

/// Upper-case words without accents or punctuation, as typed.
fn plain(text: &str) -> Vec<String> {
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
    plain.split_whitespace().map(str::to_owned).collect()
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

/// The types of French streets (the first word of a street's name), as the API writes them.
const STREET_TYPES: &[&str] = &[
    "RUE",
    "AVENUE",
    "BOULEVARD",
    "PLACE",
    "CHEMIN",
    "IMPASSE",
    "ROUTE",
    "ALLEE",
    "SQUARE",
    "QUAI",
    "COURS",
    "PROMENADE",
    "FAUBOURG",
    "RESIDENCE",
    "LOTISSEMENT",
    "HAMEAU",
    "PASSAGE",
    "SENTIER",
    "VOIE",
    "RUELLE",
    "CHAUSSEE",
    "ESPLANADE",
    "MONTEE",
    "PARVIS",
    "CITE",
    "VILLA",
    "CLOS",
    "DOMAINE",
    "TRAVERSE",
    "QUARTIER",
    "LIEU",
    "ROND",
];

/// The articles that may follow a street's type (`RUE DU VERGER`, `ALLEE DE LA GARE`).
const ARTICLES: &[&str] = &["DU", "DE", "DES", "LA", "LE", "LES", "L", "D", "AUX", "AU"];

/// A name without its street type and the articles after it (`GENERAL DE GAULLE` for `RUE
/// DU GENERAL DE GAULLE`); `None` when it has no type, or nothing after it.
fn without_type(name: &[String]) -> Option<&[String]> {
    let (first, rest) = name.split_first()?;
    if !STREET_TYPES.contains(&first.as_str()) {
        return None;
    }
    let start = rest.iter().take_while(|word| ARTICLES.contains(&word.as_str())).count();
    let rest = &rest[start..];
    (!rest.is_empty()).then_some(rest)
}

/// How far a typed name is from a candidate's, in edits (Damerau-Levenshtein, by
/// characters): the least with the street types and their articles left out on either side
/// or both, then (to rank equals) between the whole names, so that a typed type is preferred.
fn distance(wanted: &[String], name: &[String]) -> (usize, usize) {
    let forms = |words: &[String]| -> Vec<String> {
        std::iter::once(words).chain(without_type(words)).map(|words| words.join(" ")).collect()
    };
    let (wanted, name) = (forms(wanted), forms(name));
    let least = wanted.iter().flat_map(|a| name.iter().map(move |b| strsim::damerau_levenshtein(a, b))).min();
    (least.unwrap_or(usize::MAX), strsim::damerau_levenshtein(&wanted[0], &name[0]))
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
    // Suggestions: the closest spellings, within about a third of the name's length (the
    // name as typed, or without its street type when it has one).
    let typed = without_type(&wanted).unwrap_or(&wanted).join(" ").chars().count();
    let mut scored: Vec<((usize, usize), usize)> = candidates
        .iter()
        .enumerate()
        .filter_map(|(index, variants)| {
            let distance = variants.iter().map(|name| distance(&wanted, name)).min()?;
            (distance.0 <= (typed / 3).max(2)).then_some((distance, index))
        })
        .collect();
    scored.sort();
    Found::Nothing(scored.into_iter().take(3).map(|(_, index)| index).collect())
}

/// A street number as the API writes it: `12B` for `12 b`, `12 bis` or `12b`; `12T` for ter.
pub(crate) fn street_number(text: &str) -> String {
    let upper = plain(text).join("");
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
        assert_eq!(street_number("2 R"), "2R", "a suffix is not an abbreviation to write out");
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
    fn misspelt_names_get_suggestions_with_or_without_their_street_type() {
        let streets = names(&[
            "RUE JEAN MOULIN",
            "AVENUE DU GENERAL DE GAULLE",
            "PLACE DU GENERAL DE GAULLE",
            "RUE DU MOULIN",
            "ALLEE DE LA GARE",
            "IMPASSE JEAN JAURES",
        ]);
        assert_eq!(find("rue jaen moulin", &streets), Found::Nothing(vec![0]), "a transposition is one edit");
        assert_eq!(find("jean moulun", &streets), Found::Nothing(vec![0]), "without its type");
        assert_eq!(find("jaen mouiln", &streets), Found::Nothing(vec![0]));
        assert_eq!(find("general de gaule", &streets), Found::Nothing(vec![2, 1]), "without type or article");
        assert_eq!(find("av du generl de gaule", &streets), Found::Nothing(vec![1, 2]), "the typed type first");
        assert_eq!(find("place generl de gaule", &streets), Found::Nothing(vec![2, 1]));
        assert_eq!(find("alee de la gare", &streets), Found::Nothing(vec![4]));
        assert_eq!(find("garre", &streets), Found::Nothing(vec![4]));
        assert_eq!(find("victor hugo", &streets), Found::Nothing(vec![]), "nothing close");
        assert_eq!(find("rue", &streets), Found::Several(vec![0, 3]), "a type alone is not stripped to nothing");
    }

    #[test]
    fn a_name_without_its_type_and_articles() {
        let name = |text: &str| words(text);
        assert_eq!(without_type(&name("RUE DU GENERAL DE GAULLE")), Some(&name("GENERAL DE GAULLE")[..]));
        assert_eq!(without_type(&name("ALLEE DE L EGLISE")), Some(&name("EGLISE")[..]));
        assert_eq!(without_type(&name("JEAN MOULIN")), None);
        assert_eq!(without_type(&name("RUE")), None);
        assert_eq!(without_type(&name("RUE DES")), None);
    }

    #[test]
    fn a_candidate_may_have_several_names() {
        let city = |locality: &str, city: &str| vec![locality.to_owned(), city.to_owned()];
        let cities = vec![city("ORSAY", "ORSAY"), city("ORSIGNY", "ORSAY"), city("SACLAY", "LE CHESNAY")];
        assert_eq!(find("orsay", &cities), Found::One(0), "the locality before its city");
        assert_eq!(find("le chesnay", &cities), Found::One(2));
    }
}
