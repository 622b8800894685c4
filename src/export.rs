//! The current answers as one tidy table (`respondent,year,section,row,
//! question,value`), for CSV and JSON; and as a workbook for people, one
//! sheet per section.

use std::collections::{BTreeMap, HashMap};

use rust_xlsxwriter::{DocProperties, Workbook, XlsxError};
use serde_json::json;

use crate::convert::whole_to_i64;
use crate::csv_out::CsvOut;
use crate::registry::Registry;
use crate::respondent_id::RespondentId;
use crate::store::{Store, StoreError};
use crate::survey::{Question, QuestionType, Section, SectionKind, Survey};
use crate::table::{Cell, Header, Num, Row, Styles, Table, print_setup, write_table};
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

/// The rows as a workbook for people: one sheet per section (named as in
/// the form), one row per respondent (or record, or grid row) in registry
/// order, the questions' labels as headers, choices as their labels,
/// numbers as numbers with Swedish formats, dates as dates. Texts are kept
/// whole. Personal data is in `rows` only when it was asked for; its
/// columns are left out otherwise.
///
/// # Errors
/// rust_xlsxwriter errors (a sheet over Excel's limits).
pub fn to_xlsx(
    rows: &[ExportRow],
    survey: &Survey,
    registry: &Registry,
    with_contacts: bool,
) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!("{}: export", survey.title))
            .set_author("collect"),
    );
    let styles = Styles::new();
    let order: HashMap<&str, usize> = registry
        .ordered()
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    for section in &survey.sections {
        let questions: Vec<&Question> = section
            .questions
            .iter()
            .filter(|q| with_contacts || !q.personal)
            .collect();
        let records = records(rows, section, survey, &order);
        let ws = workbook.add_worksheet();
        ws.set_name(&section.sheet)?;
        let (headers, keyed) = export_headers(section, &questions);
        let table = Table {
            headers,
            rows: records.len(),
            cut: false,
        };
        let widths = write_table(ws, &styles, &table, |i| {
            let ((respondent, key), answers) = &records[i];
            let who = registry.get(respondent.as_str());
            let mut cells = vec![
                Cell::text(respondent.as_str()),
                Cell::text(who.map_or("", |r| r.name.as_str())),
            ];
            if keyed {
                cells.push(row_cell(section, survey, key));
            }
            cells.extend(questions.iter().map(|q| {
                answers
                    .get(q.id.as_str())
                    .map_or(Cell::Empty, |v| value_cell(q, v, survey, registry))
            }));
            Row::plain(cells)
        })?;
        print_setup(ws, &widths, 1, 2)?;
    }
    workbook.save_to_buffer()
}

/// A section's headers: Id, Namn, the row's column for tables (Nr) and
/// grids (the grid's row label), then the questions' labels.
fn export_headers(section: &Section, questions: &[&Question]) -> (Vec<Header>, bool) {
    let mut headers = vec![Header::text("Id"), Header::text("Namn")];
    let keyed = match section.kind {
        SectionKind::Form => false,
        SectionKind::Table => {
            headers.push(Header::numbers("Nr"));
            true
        }
        SectionKind::Grid => {
            headers.push(Header::text(crate::layout::GRID_HEADER[1]));
            true
        }
    };
    headers.extend(questions.iter().map(|q| {
        if q.kind.is_numeric() {
            Header::numbers(q.label.clone())
        } else {
            Header::text(q.label.clone())
        }
    }));
    (headers, keyed)
}

/// A section's answers grouped by respondent (registry order) and row.
type Records<'r> = Vec<((&'r RespondentId, &'r str), HashMap<&'r str, &'r Value>)>;

fn records<'r>(
    rows: &'r [ExportRow],
    section: &Section,
    survey: &Survey,
    order: &HashMap<&str, usize>,
) -> Records<'r> {
    let grid: Vec<&str> = survey
        .choices_of(section.rows.as_deref())
        .map_or_else(Vec::new, |l| {
            l.choices.iter().map(|c| c.id.as_str()).collect()
        });
    type Key<'r> = (usize, &'r RespondentId, usize, &'r str);
    let mut grouped: BTreeMap<Key<'r>, HashMap<&'r str, &'r Value>> = BTreeMap::new();
    for r in rows.iter().filter(|r| r.section == section.id) {
        let who = order
            .get(r.respondent.as_str())
            .copied()
            .unwrap_or(usize::MAX);
        let within = match section.kind {
            SectionKind::Grid => grid.iter().position(|g| *g == r.row).unwrap_or(usize::MAX),
            _ => r.row.parse().unwrap_or(0),
        };
        grouped
            .entry((who, &r.respondent, within, r.row.as_str()))
            .or_default()
            .insert(r.question.as_str(), &r.value);
    }
    grouped
        .into_iter()
        .map(|((_, respondent, _, row), answers)| ((respondent, row), answers))
        .collect()
}

/// The row's own cell: a table record's number, a grid row's label.
fn row_cell<'a>(section: &Section, survey: &'a Survey, key: &str) -> Cell<'a> {
    match section.kind {
        SectionKind::Grid => {
            let label = survey
                .choices_of(section.rows.as_deref())
                .and_then(|l| l.get(key))
                .map_or_else(|| key.to_string(), |c| c.label.clone());
            Cell::text(label)
        }
        _ => key.parse::<f64>().map_or_else(
            |_| Cell::text(key.to_string()),
            |n| Cell::Number(n, Num::Integer),
        ),
    }
}

/// An answer as a cell: numbers in their question's format, choices as
/// labels, the respondent by its registry name, links as links.
fn value_cell<'a>(
    q: &Question,
    value: &'a Value,
    survey: &Survey,
    registry: &Registry,
) -> Cell<'a> {
    match value {
        Value::Number(n) => Cell::Number(
            *n,
            match q.kind {
                QuestionType::Amount => Num::Kronor,
                QuestionType::Decimal => Num::Decimal,
                QuestionType::Year => Num::Year,
                _ => Num::Integer,
            },
        ),
        Value::Date(d) => Cell::Date(*d),
        Value::Choice(id) => Cell::text(
            survey
                .choices_of(q.choices.as_deref())
                .and_then(|l| l.get(id))
                .map_or_else(|| id.clone(), |c| c.label.clone()),
        ),
        Value::Respondent(id) => Cell::text(
            registry
                .get(id)
                .map_or_else(|| id.clone(), |r| r.name.clone()),
        ),
        Value::Text(s) if q.kind == QuestionType::Url && crate::value::is_http_url(s) => {
            Cell::Link(s.as_str().into())
        }
        Value::Text(s) => Cell::text(s.as_str()),
    }
}
