//! The one reader of the world's places, [`WORLD_COMMUNES`](crate::WORLD_COMMUNES): one line
//! per (zip code, commune), `zipCode TAB inseeCode TAB locality TAB city`. The mock's world
//! indexes it by byte offset; the contract suite draws sample zip codes from it.

/// One row of the table: the fields of the API's `City` (`search/cities`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CommuneRow<'t> {
    /// Postal code, five digits (`91400`).
    pub zip_code: &'t str,
    /// INSEE code of the commune (`91471`).
    pub insee_code: &'t str,
    /// The commune's name, upper case without accents (`PARIS 11E ARRONDISSEMENT`).
    pub locality: &'t str,
    /// The postal routing name (`PARIS`).
    pub city: &'t str,
}

/// Reads the row of `text` that starts at byte `start`; `None` when that line does not hold
/// the four fields (or `start` is past the end).
pub fn commune_row_at(text: &str, start: usize) -> Option<CommuneRow<'_>> {
    let line = text.get(start..)?.split('\n').next()?;
    let mut fields = line.trim_end_matches('\r').split('\t');
    let row = CommuneRow {
        zip_code: fields.next()?,
        insee_code: fields.next()?,
        locality: fields.next()?,
        city: fields.next()?,
    };
    fields.next().is_none().then_some(row)
}

/// Every well-formed row of `text` in file order, each with the byte offset its line starts
/// at (so that an index of offsets can read it again with [`commune_row_at`]). Lines that do
/// not hold four fields are skipped.
pub fn commune_rows(text: &str) -> impl Iterator<Item = (usize, CommuneRow<'_>)> {
    let mut start = 0;
    text.split_inclusive('\n').filter_map(move |line| {
        let at = start;
        start += line.len();
        commune_row_at(text, at).map(|row| (at, row))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_read_with_their_offsets_and_bad_lines_skipped() {
        let text = "91400\t91471\tORSAY\tORSAY\nnot a row\n75011\t75111\tPARIS 11E ARRONDISSEMENT\tPARIS\r\n";
        let rows: Vec<_> = commune_rows(text).collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(
            rows[0],
            (0, CommuneRow { zip_code: "91400", insee_code: "91471", locality: "ORSAY", city: "ORSAY" })
        );
        let (at, paris) = rows[1];
        assert_eq!(commune_row_at(text, at), Some(paris));
        assert_eq!(paris.city, "PARIS");
        assert_eq!(commune_row_at(text, text.len() + 1), None);
    }

    #[test]
    fn the_embedded_table_reads_whole() {
        let rows = commune_rows(crate::WORLD_COMMUNES).count();
        assert_eq!(rows, crate::WORLD_COMMUNES.lines().count(), "every line of the table is a row");
        assert!(rows > 35_000);
    }
}
