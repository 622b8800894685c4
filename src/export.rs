//! The current answers as one tidy table (`respondent,year,section,row,
//! question,value`), for CSV and JSON.

use serde_json::json;

use crate::convert::whole_to_i64;
use crate::respondent_id::RespondentId;
use crate::store::{Store, StoreError};
use crate::validate::Value;

/// One answered question of a current submission.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportRow {
    /// Registry id.
    pub respondent: RespondentId,
    /// Budget year.
    pub year: i32,
    /// Section id.
    pub section: String,
    /// Row as in the long CSV: empty, a record number or a grid row id.
    pub row: String,
    /// Question id.
    pub question: String,
    /// The answer: choices as ids, amounts in kronor.
    pub value: Value,
}

/// The rows of every current submission for `year`, by respondent id;
/// personal data only when `with_contacts`.
///
/// # Errors
/// Database errors.
pub fn rows(store: &Store, year: i32, with_contacts: bool) -> Result<Vec<ExportRow>, StoreError> {
    let mut current = store.current(year)?;
    current.sort_by(|a, b| a.respondent.cmp(&b.respondent));
    let mut out = Vec::new();
    for submission in current {
        for answer in store.answers(submission.id)? {
            if answer.personal && !with_contacts {
                continue;
            }
            out.push(ExportRow {
                respondent: submission.respondent.clone(),
                year: submission.year,
                section: answer.section,
                row: answer.row,
                question: answer.question,
                value: answer.value,
            });
        }
    }
    Ok(out)
}

/// A CSV cell that a spreadsheet would run as a formula (starting with `=`,
/// `+`, `-`, `@`, tab or carriage return) gets a leading `'`; plain numbers
/// are left alone.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && cell.parse::<f64>().is_err() {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// The rows as CSV: UTF-8, comma-delimited, RFC 4180.
pub fn to_csv(rows: &[ExportRow]) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let _ = writer.write_record(["respondent", "year", "section", "row", "question", "value"]);
    for r in rows {
        let value = r.value.to_string();
        let _ = writer.write_record([
            neutralise(r.respondent.as_str()).as_ref(),
            &r.year.to_string(),
            &r.section,
            neutralise(&r.row).as_ref(),
            &r.question,
            neutralise(&value).as_ref(),
        ]);
    }
    writer.into_inner().unwrap_or_default()
}

/// The rows as a JSON array; numbers as JSON numbers, everything else as text.
pub fn to_json(rows: &[ExportRow]) -> Vec<u8> {
    let list: Vec<_> = rows
        .iter()
        .map(|r| {
            let value = match &r.value {
                // Whole numbers (years, levels, kronor) as integers.
                Value::Number(n) => match whole_to_i64(*n).filter(|_| n.abs() < 9e15) {
                    Some(whole) => json!(whole),
                    None => json!(n),
                },
                other => json!(other.to_string()),
            };
            json!({
                "respondent": r.respondent,
                "year": r.year,
                "section": r.section,
                "row": r.row,
                "question": r.question,
                "value": value,
            })
        })
        .collect();
    format!("{:#}\n", json!(list)).into_bytes()
}

#[cfg(test)]
mod tests {
    use super::neutralise;

    #[test]
    fn formula_prefixes_are_neutralised_numbers_are_not() {
        assert_eq!(neutralise("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(neutralise("+46 31"), "'+46 31");
        assert_eq!(neutralise("@cmd"), "'@cmd");
        assert_eq!(neutralise("\tx"), "'\tx");
        assert_eq!(neutralise("-1+2"), "'-1+2");
        assert_eq!(neutralise("-5"), "-5");
        assert_eq!(neutralise("Lerum"), "Lerum");
    }
}
