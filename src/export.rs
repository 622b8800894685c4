//! The current answers as one tidy table (`respondent,year,section,row,
//! question,value`), for CSV and JSON.

use serde_json::json;

use crate::convert::whole_to_i64;
use crate::csv_out::CsvOut;
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

/// The rows as CSV: UTF-8, comma-delimited, RFC 4180.
pub fn to_csv(rows: &[ExportRow]) -> Vec<u8> {
    let mut out = CsvOut::default();
    out.record(["respondent", "year", "section", "row", "question", "value"]);
    for r in rows {
        out.record([
            r.respondent.to_string(),
            r.year.to_string(),
            r.section.clone(),
            r.row.clone(),
            r.question.clone(),
            r.value.to_string(),
        ]);
    }
    out.into_bytes()
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
