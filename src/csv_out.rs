//! Every CSV `collect` writes (export, status, CSV forms) goes through
//! here: UTF-8, comma-delimited, RFC 4180 with CRLF line ends, and every
//! cell a spreadsheet would run as a formula neutralised (CLI.md,
//! "Safety").

use std::borrow::Cow;

/// A CSV document being written.
pub struct CsvOut {
    writer: csv::Writer<Vec<u8>>,
}

impl Default for CsvOut {
    fn default() -> Self {
        CsvOut {
            writer: csv::WriterBuilder::new()
                .terminator(csv::Terminator::CRLF)
                .from_writer(Vec::new()),
        }
    }
}

impl CsvOut {
    /// Writes one record, each field neutralised.
    pub fn record<I, S>(&mut self, fields: I)
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let fields: Vec<String> = fields
            .into_iter()
            .map(|f| neutralise(f.as_ref()).into_owned())
            .collect();
        // Writing into a Vec cannot fail.
        let _ = self.writer.write_record(&fields);
    }

    /// The document's bytes.
    pub fn into_bytes(self) -> Vec<u8> {
        self.writer.into_inner().unwrap_or_default()
    }

    /// The document as text.
    pub fn into_string(self) -> String {
        String::from_utf8(self.into_bytes()).unwrap_or_default()
    }
}

/// A cell that a spreadsheet would run as a formula (starting with `=`,
/// `+`, `-`, `@`, tab or carriage return) gets a leading `'`. A number, in
/// plain or Swedish form, is never altered (`-5`, `+3.5`, `-5 000`); text that only starts like
/// one, such as the telephone number `+46 31 123 45`, is text and is
/// neutralised.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && crate::value::parse_number(cell).is_none() {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_numbers_left_alone() {
        assert_eq!(neutralise("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(neutralise("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
        assert_eq!(neutralise("@HYPERLINK(x)"), "'@HYPERLINK(x)");
        assert_eq!(neutralise("+46 31 123 45"), "'+46 31 123 45");
        assert_eq!(neutralise("-5"), "-5");
        assert_eq!(neutralise("+3.5"), "+3.5");
        assert_eq!(neutralise("-5 000"), "-5 000");
        assert_eq!(neutralise("Lerum"), "Lerum");
        let mut out = CsvOut::default();
        out.record(["a", "=1+1"]);
        assert_eq!(out.into_string(), "a,'=1+1\r\n");
    }
}
