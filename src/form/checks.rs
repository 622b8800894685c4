//! The form's own checks (SURVEY.md, "The form checks itself"): a
//! `Kontroll` cell beside the answers whose formula shows every broken rule
//! of the definition that a formula can express, text where a number or a
//! date belongs and empty required answers; the count of open errors in
//! each `Kontroll` header and on the instructions sheet; and empty required
//! answers highlighted. Each check is described once, then both written as
//! a formula (Excel 2007 functions only, no format codes, so that Excel,
//! LibreOffice and Gnumeric in any locale compute it alike) and evaluated
//! here for the result cached in the file.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use super::{Input, SheetLayout, row_of};
use crate::layout::{self, CHECK_HEADER, INSTRUCTIONS_SHEET, MARKER_LABEL_COL};
use crate::place::cell_ref;
use crate::survey::{CompareOp, QuestionType, Rule, SectionKind, Severity, Survey, parse_operand};
use crate::value::format_swedish;

/// What an error in a `Kontroll` cell starts with; the counts count it.
pub const ERROR_MARK: &str = "Fel:";
/// What a warning starts with; warnings are shown, not counted.
pub const WARNING_MARK: &str = "Varning:";

/// Excel's limit on the characters of one string constant in a formula.
const LITERAL_MAX: usize = 255;

/// A cell of the form: its sheet (an index into the layout), row and
/// column, and the range its question allows: a number outside it is no
/// answer to `validate`, so no rule reads it (its own check reports it).
#[derive(Debug, Clone, Copy, PartialEq)]
struct At {
    sheet: usize,
    row: u32,
    col: u32,
    bounds: Bounds,
}

/// A question's range, if any.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
struct Bounds {
    min: Option<f64>,
    max: Option<f64>,
}

impl Bounds {
    fn of(q: &crate::survey::Question) -> Self {
        Bounds {
            min: q.min,
            max: q.max,
        }
    }

    fn holds(self, n: f64) -> bool {
        self.min.is_none_or(|m| n >= m) && self.max.is_none_or(|m| n <= m)
    }
}

/// How a rule reads an answer.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    /// A date, compared by its day.
    Date,
    /// The year of a date (`year(id)` in a rule).
    YearOf,
    /// A year.
    Year,
    /// Any other number.
    Number,
}

#[derive(Debug, Clone, Copy)]
struct Operand {
    at: At,
    kind: Kind,
}

/// What a check tests; it fails when the answers break it.
#[derive(Debug)]
enum Test {
    /// A required answer left empty; in a table or grid only on a row that
    /// holds an answer in columns `first..=last`.
    Missing { at: At, row: Option<(u32, u32)> },
    /// Text where a number or a date belongs.
    Text(At),
    /// A number outside the question's range (typed ones Excel refuses;
    /// pasted ones it lets through).
    Range {
        at: At,
        min: Option<f64>,
        max: Option<f64>,
    },
    /// Both answered, and `left op right` does not hold.
    Compare {
        left: Operand,
        op: CompareOp,
        right: Operand,
    },
    /// The sum of the answered parts is over the total times `factor`.
    Over {
        total: At,
        parts: Vec<At>,
        factor: f64,
    },
    /// Every part answered, and their sum under the total times `factor`.
    Under {
        total: At,
        parts: Vec<At>,
        factor: f64,
    },
}

/// A piece of a check's message.
#[derive(Debug, Clone)]
enum Piece {
    Text(String),
    Value(Operand),
    Amount(At),
    Sum(Vec<At>),
}

/// One check in one `Kontroll` cell.
#[derive(Debug)]
struct Check {
    test: Test,
    error: bool,
    message: Vec<Piece>,
}

/// A conditional format: the cells of `col` from `first_row` to `last_row`
/// are highlighted while `formula` (written for the first cell, relative
/// references) is true.
#[derive(Debug, Clone, PartialEq)]
pub struct Highlight {
    /// First row, zero-based.
    pub first_row: u32,
    /// Last row.
    pub last_row: u32,
    /// Column.
    pub col: u16,
    /// The condition for the first cell.
    pub formula: String,
}

/// Adds the checks to laid-out `sheets` (the instructions first, then one
/// sheet per section): the `Kontroll` column of every section sheet, the
/// highlights, and the count and the rules checked on receipt on the
/// instructions sheet.
pub(super) fn add(survey: &Survey, sheets: &mut [SheetLayout]) {
    let mut placed = Placed::default();
    let mut unchecked = Vec::new();
    for section in &survey.sections {
        let Some(s) = sheets.iter().position(|l| l.name == section.sheet) else {
            continue;
        };
        let check_col = layout::check_col(section.kind, section.questions.len());
        placed.columns.push((s, check_col));
        answer_checks(section, s, &sheets[s], &mut placed);
    }
    let answers = Answers { survey, sheets };
    for rule in &survey.rules {
        if !rule_checks(&answers, rule, &mut placed) {
            unchecked.push(rule.description().to_string());
        }
    }
    placed.write(sheets);
    instructions(sheets, &placed, &unchecked);
}

/// The checks found so far, by `Kontroll` cell, and each sheet's column.
#[derive(Default)]
struct Placed {
    cells: BTreeMap<(usize, u32), Vec<Check>>,
    columns: Vec<(usize, u32)>,
    highlights: Vec<(usize, Highlight)>,
}

impl Placed {
    fn push(&mut self, at: At, check: Check) {
        self.cells
            .entry((at.sheet, at.row))
            .or_default()
            .push(check);
    }

    /// The sheet's `Kontroll` column.
    fn column(&self, sheet: usize) -> Option<u32> {
        self.columns
            .iter()
            .find(|(s, _)| *s == sheet)
            .map(|(_, c)| *c)
    }

    /// Writes the `Kontroll` cells, headers and highlights into `sheets`.
    fn write(&self, sheets: &mut [SheetLayout]) {
        let results: Vec<((usize, u32), String, String)> = self
            .cells
            .iter()
            .map(|(&key, checks)| {
                let formula = cell_formula(checks, key.0, sheets);
                (key, formula, cell_result(checks, sheets))
            })
            .collect();
        for ((s, row), formula, result) in results {
            let Some(col) = self.column(s) else { continue };
            put(&mut sheets[s], row, col, Input::Formula { formula, result });
        }
        for &(s, col) in &self.columns {
            let count = count_of(sheets, self, s, col);
            let formula = format!(
                "\"{CHECK_HEADER}: \"&{}",
                count_words(&count.formula(), false)
            );
            let result = format!("{CHECK_HEADER}: {}", count_text(count.value, false));
            put(&mut sheets[s], 0, col, Input::Formula { formula, result });
            sheets[s].check_col = Some(col);
        }
        for (s, highlight) in &self.highlights {
            sheets[*s].highlights.push(highlight.clone());
        }
    }

    /// The most error checks in one `Kontroll` cell of the sheet.
    fn most_errors(&self, sheet: usize) -> usize {
        self.cells
            .iter()
            .filter(|((s, _), _)| *s == sheet)
            .map(|(_, checks)| checks.iter().filter(|c| c.error).count())
            .max()
            .unwrap_or(0)
    }

    /// The last row of the sheet that has a check (at least the header's next).
    fn last_row(&self, sheet: usize) -> u32 {
        self.cells
            .keys()
            .filter(|(s, _)| *s == sheet)
            .map(|(_, r)| *r)
            .max()
            .unwrap_or(1)
            .max(1)
    }
}

/// Puts `input` at `row`, `col` of the sheet, adding rows as needed.
fn put(sheet: &mut SheetLayout, row: u32, col: u32, input: Input) {
    let r = usize::try_from(row).unwrap_or(usize::MAX);
    if sheet.rows.len() <= r {
        sheet.rows.resize(r + 1, Vec::new());
    }
    let cells = std::mem::take(&mut sheet.rows[r]);
    let mut merged: Vec<(u32, Input)> = (0..).zip(cells).collect();
    merged.retain(|(c, _)| *c != col);
    merged.push((col, input));
    merged.sort_by_key(|(c, _)| *c);
    sheet.rows[r] = row_of(merged);
}

/// Checks of single answers: required, and text where a number or date belongs.
fn answer_checks(
    section: &crate::survey::Section,
    s: usize,
    sheet: &SheetLayout,
    placed: &mut Placed,
) {
    let in_rows = section.kind != SectionKind::Form;
    let span = in_rows.then(|| {
        let col = |i| layout::question_col(section.kind, i);
        (col(0), col(section.questions.len().saturating_sub(1)))
    });
    for q in &section.questions {
        let Some(range) = sheet.answers.iter().find(|a| a.question == q.id) else {
            continue;
        };
        let col = u32::from(range.col);
        if q.required {
            let at = At {
                sheet: s,
                row: range.first_row,
                col,
                bounds: Bounds::of(q),
            };
            let formula = missing_formula(at, span, s);
            placed.highlights.push((
                s,
                Highlight {
                    first_row: range.first_row,
                    last_row: range.last_row,
                    col: range.col,
                    formula,
                },
            ));
        }
        for row in range.first_row..=range.last_row {
            let at = At {
                sheet: s,
                row,
                col,
                bounds: Bounds::of(q),
            };
            let name = if in_rows {
                format!("{}: ", q.label)
            } else {
                String::new()
            };
            if q.required {
                let message = if in_rows {
                    format!("{} saknas.", q.label)
                } else {
                    "svar saknas.".to_string()
                };
                placed.push(at, error(Test::Missing { at, row: span }, &message));
            }
            if let Some(advice) = typed_advice(q.kind) {
                placed.push(at, error(Test::Text(at), &format!("{name}{advice}")));
            }
            if q.kind.is_numeric() && (q.min.is_some() || q.max.is_some()) {
                let unit = if q.kind == QuestionType::Amount {
                    " kr"
                } else {
                    ""
                };
                let range = super::xlsx::range_text(q, unit);
                let test = Test::Range {
                    at,
                    min: q.min,
                    max: q.max,
                };
                let message =
                    format!("{name}talet ligger utanför det tillåtna; skriv ett tal{range}.");
                placed.push(at, error(test, &message));
            }
        }
    }
}

fn error(test: Test, message: &str) -> Check {
    Check {
        test,
        error: true,
        message: vec![Piece::Text(message.to_string())],
    }
}

/// What to write instead of text in a cell of this type, if text is wrong
/// there. The cell holds text even where it looks like a number or a date
/// (pasted, or typed into a cell formatted as text): no check can read it,
/// so it is a problem even where `validate` could read it.
fn typed_advice(kind: QuestionType) -> Option<&'static str> {
    match kind {
        QuestionType::Amount => Some(
            "cellen innehåller text, inte ett tal. Skriv beloppet i hela kronor som ett tal, t.ex. 12500000.",
        ),
        QuestionType::Integer => Some(
            "cellen innehåller text, inte ett tal. Skriv talet på nytt som ett heltal, t.ex. 3.",
        ),
        QuestionType::Decimal => {
            Some("cellen innehåller text, inte ett tal. Skriv talet på nytt, t.ex. 3,5.")
        }
        QuestionType::Year => Some(
            "cellen innehåller text, inte ett tal. Skriv året på nytt som ett tal, t.ex. 2026.",
        ),
        QuestionType::Date => Some(
            "cellen innehåller text, inte ett datum. Skriv datumet på nytt som ÅÅÅÅ-MM-DD, t.ex. 2026-10-15.",
        ),
        _ => None,
    }
}

/// The answer cells of each question, for the rules.
struct Answers<'a> {
    survey: &'a Survey,
    sheets: &'a [SheetLayout],
}

impl Answers<'_> {
    /// The kind of the question's section and its answer cells, in order.
    fn of(&self, id: &str) -> Option<(SectionKind, Vec<At>)> {
        let (section, q) = self.survey.question(id)?;
        let s = self.sheets.iter().position(|l| l.name == section.sheet)?;
        let range = self.sheets[s].answers.iter().find(|a| a.question == id)?;
        let col = u32::from(range.col);
        let bounds = Bounds::of(q);
        let at = (range.first_row..=range.last_row).map(|row| At {
            sheet: s,
            row,
            col,
            bounds,
        });
        Some((section.kind, at.collect()))
    }
}

/// The checks of one rule, placed on its question's rows; false when no
/// formula can express the rule.
fn rule_checks(answers: &Answers<'_>, rule: &Rule, placed: &mut Placed) -> bool {
    match rule {
        Rule::Compare {
            severity,
            left,
            op,
            right,
            message,
            ..
        } => compare_checks(answers, (left, *op, right), *severity, message, placed),
        Rule::SumOfParts {
            severity,
            total,
            parts,
            over_factor,
            under_factor,
            message,
            ..
        } => {
            let Some((SectionKind::Form, totals)) = answers.of(total) else {
                return false;
            };
            let Some(&total) = totals.first() else {
                return false;
            };
            let given: Vec<At> = parts
                .iter()
                .filter_map(|p| match answers.of(p) {
                    Some((SectionKind::Form, at)) => at.first().copied(),
                    _ => None,
                })
                .collect();
            let test = match (over_factor, under_factor) {
                (Some(f), _) => Test::Over {
                    total,
                    parts: given.clone(),
                    factor: *f,
                },
                (None, Some(f)) if given.len() == parts.len() => Test::Under {
                    total,
                    parts: given.clone(),
                    factor: *f,
                },
                _ => return false,
            };
            let message = pieces(
                message,
                &[
                    ("{sum}", Piece::Sum(given)),
                    ("{total}", Piece::Amount(total)),
                ],
            );
            placed.push(
                total,
                Check {
                    test,
                    error: *severity == Severity::Error,
                    message,
                },
            );
            true
        }
        Rule::OverallStrategyInForce { .. } => false,
    }
}

/// The checks of a `compare` rule: one per row of its left operand, the
/// right operand from the same row of the same section, or from a form.
fn compare_checks(
    answers: &Answers<'_>,
    (left, op, right): (&str, CompareOp, &str),
    severity: Severity,
    message: &str,
    placed: &mut Placed,
) -> bool {
    let survey = answers.survey;
    let (left_id, left_year) = parse_operand(left);
    let (right_id, right_year) = parse_operand(right);
    let (Some((left_section, lq)), Some((right_section, rq))) =
        (survey.question(left_id), survey.question(right_id))
    else {
        return false;
    };
    let (Some((_, lefts)), Some((right_kind, rights))) =
        (answers.of(left_id), answers.of(right_id))
    else {
        return false;
    };
    let same = left_section.id == right_section.id;
    if !same && right_kind != SectionKind::Form {
        return false;
    }
    for (i, l) in lefts.iter().enumerate() {
        let Some(&r) = (if same { rights.get(i) } else { rights.first() }) else {
            continue;
        };
        let left = Operand {
            at: *l,
            kind: kind_of(lq.kind, left_year),
        };
        let right = Operand {
            at: r,
            kind: kind_of(rq.kind, right_year),
        };
        let message = pieces(
            message,
            &[
                ("{left}", Piece::Value(left)),
                ("{right}", Piece::Value(right)),
            ],
        );
        placed.push(
            *l,
            Check {
                test: Test::Compare { left, op, right },
                error: severity == Severity::Error,
                message,
            },
        );
    }
    true
}

fn kind_of(kind: QuestionType, year_of: bool) -> Kind {
    match (kind, year_of) {
        (_, true) => Kind::YearOf,
        (QuestionType::Date, false) => Kind::Date,
        (QuestionType::Year, false) => Kind::Year,
        _ => Kind::Number,
    }
}

/// A message with its placeholders replaced by `values`, in order of
/// appearance.
fn pieces(message: &str, values: &[(&str, Piece)]) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut rest = message;
    loop {
        let next = values
            .iter()
            .filter_map(|(name, piece)| rest.find(name).map(|at| (at, *name, piece)))
            .min_by_key(|(at, _, _)| *at);
        let Some((at, name, piece)) = next else {
            break;
        };
        out.push(Piece::Text(rest[..at].to_string()));
        out.push(piece.clone());
        rest = &rest[at + name.len()..];
    }
    out.push(Piece::Text(rest.to_string()));
    out
}

// --- Formulas ---------------------------------------------------------------

/// A reference to `at` from a formula on sheet `home`: relative on the same
/// sheet, absolute and sheet-qualified on another.
fn reference(at: At, home: usize, sheets: &[SheetLayout]) -> String {
    if at.sheet == home {
        cell_ref(at.row, at.col)
    } else {
        format!(
            "{}!{}",
            sheet_name(&sheets[at.sheet].name),
            absolute(&cell_ref(at.row, at.col))
        )
    }
}

/// A sheet's name as a formula writes it: always quoted.
fn sheet_name(name: &str) -> String {
    format!("'{}'", name.replace('\'', "''"))
}

/// `C8` as `$C$8`.
fn absolute(a1: &str) -> String {
    let split = a1.find(|c: char| c.is_ascii_digit()).unwrap_or(a1.len());
    format!("${}${}", &a1[..split], &a1[split..])
}

/// Text as a formula's string constant(s), each within Excel's limit.
fn literal(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.is_empty() {
        return "\"\"".to_string();
    }
    chars
        .chunks(LITERAL_MAX)
        .map(|chunk| {
            let s: String = chunk.iter().collect();
            format!("\"{}\"", s.replace('"', "\"\""))
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// The condition under which the required answer at `at` is highlighted,
/// for a conditional format on its sheet.
fn missing_formula(at: At, span: Option<(u32, u32)>, home: usize) -> String {
    let cell = reference(at, home, &[]);
    match span {
        None => format!("LEN(TRIM({cell}))=0"),
        Some((first, last)) => format!(
            "AND(COUNTA(${}:${})>0,LEN(TRIM({cell}))=0)",
            cell_ref(at.row, first),
            cell_ref(at.row, last)
        ),
    }
}

impl Test {
    /// The guard that must hold before the test can be evaluated, and the
    /// condition under which it fails.
    fn formula(&self, home: usize, sheets: &[SheetLayout]) -> (Option<String>, String) {
        let r = |at: At| reference(at, home, sheets);
        let sum = |parts: &[At]| valid_sum(parts, home, sheets);
        let count = |parts: &[At]| {
            let each: Vec<String> = parts
                .iter()
                .map(|p| format!("({})", valid(*p, &r(*p))))
                .collect();
            if each.is_empty() {
                "0".to_string()
            } else {
                format!("({})", each.join("+"))
            }
        };
        match self {
            // The row's guard stands before the cell's checks (cell_formula).
            Test::Missing { at, .. } => (None, missing_formula(*at, None, home)),
            Test::Text(at) => (None, format!("AND(ISTEXT({0}),LEN(TRIM({0}))>0)", r(*at))),
            Test::Range { at, min, max } => {
                let cell = r(*at);
                let outside: Vec<String> = [
                    min.map(|m| format!("{cell}<{m}")),
                    max.map(|m| format!("{cell}>{m}")),
                ]
                .into_iter()
                .flatten()
                .collect();
                (
                    Some(format!("ISNUMBER({cell})")),
                    format!("OR({})", outside.join(",")),
                )
            }
            Test::Compare { left, op, right } => {
                let operator = match op {
                    CompareOp::AtMost => ">",
                    CompareOp::AtLeast => "<",
                };
                (
                    Some(format!(
                        "AND({},{})",
                        valid(left.at, &r(left.at)),
                        valid(right.at, &r(right.at))
                    )),
                    format!(
                        "{}{operator}{}",
                        compared(*left, &r(left.at)),
                        compared(*right, &r(right.at))
                    ),
                )
            }
            Test::Over {
                total,
                parts,
                factor,
            } => (
                Some(valid(*total, &r(*total))),
                format!("{}>{}*{factor}", sum(parts), r(*total)),
            ),
            Test::Under {
                total,
                parts,
                factor,
            } => (
                Some(valid(*total, &r(*total))),
                format!(
                    "AND({}={},{}<{}*{factor})",
                    count(parts),
                    parts.len(),
                    sum(parts),
                    r(*total)
                ),
            ),
        }
    }
}

/// Whether the cell holds a number its question allows, as a formula: only
/// such a number is an answer a rule reads.
fn valid(at: At, cell: &str) -> String {
    let mut tests = vec![format!("ISNUMBER({cell})")];
    tests.extend(at.bounds.min.map(|m| format!("{cell}>={m}")));
    tests.extend(at.bounds.max.map(|m| format!("{cell}<={m}")));
    if tests.len() == 1 {
        tests.remove(0)
    } else {
        format!("AND({})", tests.join(","))
    }
}

/// The sum of the parts that hold an allowed number, as a formula (SUM
/// alone where no part has a range).
fn valid_sum(parts: &[At], home: usize, sheets: &[SheetLayout]) -> String {
    let r = |at: At| reference(at, home, sheets);
    if parts.is_empty() {
        return "0".to_string();
    }
    if parts.iter().all(|p| p.bounds == Bounds::default()) {
        let list: Vec<String> = parts.iter().map(|p| r(*p)).collect();
        return format!("SUM({})", list.join(","));
    }
    let terms: Vec<String> = parts
        .iter()
        .map(|p| {
            let cell = r(*p);
            format!("IF({},{cell},0)", valid(*p, &cell))
        })
        .collect();
    format!("({})", terms.join("+"))
}

/// An operand as compared: a date by its day, a year of a date as a year.
fn compared(operand: Operand, cell: &str) -> String {
    match operand.kind {
        Kind::Date => format!("INT({cell})"),
        Kind::YearOf => format!("YEAR({cell})"),
        Kind::Year | Kind::Number => cell.to_string(),
    }
}

/// A number as text the way the message shows it, without format codes:
/// whole numbers with the locale's thousands separator, else two decimals.
fn number_text(expr: &str) -> String {
    format!("FIXED({expr},IF({expr}=INT({expr}),0,2))")
}

impl Piece {
    fn formula(&self, home: usize, sheets: &[SheetLayout]) -> String {
        let r = |at: At| reference(at, home, sheets);
        match self {
            Piece::Text(t) => literal(t),
            Piece::Value(o) => {
                let cell = r(o.at);
                match o.kind {
                    Kind::Date => format!(
                        "YEAR({cell})&\"-\"&RIGHT(\"0\"&MONTH({cell}),2)&\"-\"&RIGHT(\"0\"&DAY({cell}),2)"
                    ),
                    Kind::YearOf => format!("YEAR({cell})"),
                    Kind::Year => cell,
                    Kind::Number => number_text(&cell),
                }
            }
            Piece::Amount(at) => format!("{}&\" kr\"", number_text(&r(*at))),
            Piece::Sum(parts) => {
                format!("{}&\" kr\"", number_text(&valid_sum(parts, home, sheets)))
            }
        }
    }
}

/// The formula of a `Kontroll` cell: each failing check's message, errors
/// and warnings marked, separated by a space.
fn cell_formula(checks: &[Check], home: usize, sheets: &[SheetLayout]) -> String {
    let parts: Vec<String> = checks
        .iter()
        .map(|check| {
            let mark = if check.error {
                ERROR_MARK
            } else {
                WARNING_MARK
            };
            let text = message_formula(mark, &check.message, home, sheets);
            let (guard, fails) = check.test.formula(home, sheets);
            let shown = format!("IF({fails},{text},\"\")");
            match guard {
                Some(guard) => format!("IF({guard},{shown},\"\")"),
                None => shown,
            }
        })
        .collect();
    let checks_text = format!("TRIM({})", parts.join("&"));
    // A table's or grid's row is checked once it holds an answer: the
    // guard stands once, before the checks of its required answers.
    let row = checks.iter().find_map(|c| match c.test {
        Test::Missing {
            at,
            row: Some(span),
        } => Some((at.row, span)),
        _ => None,
    });
    match row {
        Some((r, (first, last))) => format!(
            "IF(COUNTA(${}:${})=0,\"\",{checks_text})",
            cell_ref(r, first),
            cell_ref(r, last)
        ),
        None => checks_text,
    }
}

/// A message as a formula: the mark, its pieces and a trailing space, the
/// adjacent texts joined into one constant.
fn message_formula(mark: &str, message: &[Piece], home: usize, sheets: &[SheetLayout]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut text = format!("{mark} ");
    for piece in message {
        if let Piece::Text(t) = piece {
            text.push_str(t);
        } else {
            if !text.is_empty() {
                parts.push(literal(&std::mem::take(&mut text)));
            }
            parts.push(piece.formula(home, sheets));
        }
    }
    text.push(' ');
    parts.push(literal(&text));
    parts.join("&")
}

// --- Evaluation -------------------------------------------------------------

/// A cell's content as a formula sees it.
#[derive(Debug, Clone, PartialEq)]
enum Seen {
    Empty,
    Text(String),
    Number(f64),
}

/// Excel's serial number of a date (day 0 is 1899-12-30).
fn serial(date: NaiveDate) -> f64 {
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30).unwrap_or_default();
    crate::convert::int_to_f64((date - epoch).num_days())
}

/// The date of an Excel serial number.
fn date_of(serial: f64) -> Option<NaiveDate> {
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    epoch.checked_add_signed(chrono::TimeDelta::days(crate::convert::trunc_to_i64(
        serial.floor(),
    )))
}

fn seen(sheets: &[SheetLayout], at: At) -> Seen {
    let input = usize::try_from(at.row)
        .ok()
        .and_then(|r| sheets[at.sheet].rows.get(r))
        .and_then(|row| row.get(usize::try_from(at.col).ok()?));
    match input {
        None | Some(Input::Empty) => Seen::Empty,
        Some(Input::Text(s)) if s.is_empty() => Seen::Empty,
        Some(Input::Text(s)) => Seen::Text(s.clone()),
        Some(Input::Number(n)) => Seen::Number(*n),
        Some(Input::Date(d)) => Seen::Number(serial(*d)),
        Some(Input::Formula { result, .. }) if result.is_empty() => Seen::Empty,
        Some(Input::Formula { result, .. }) => result
            .parse()
            .map_or_else(|_| Seen::Text(result.clone()), Seen::Number),
    }
}

/// The cell's number, as `validate` reads it: none outside its range.
fn number(sheets: &[SheetLayout], at: At) -> Option<f64> {
    raw_number(sheets, at).filter(|n| at.bounds.holds(*n))
}

/// The cell's number, in range or not.
fn raw_number(sheets: &[SheetLayout], at: At) -> Option<f64> {
    match seen(sheets, at) {
        Seen::Number(n) => Some(n),
        _ => None,
    }
}

/// Whether `LEN(TRIM(cell))=0`.
fn blank(sheets: &[SheetLayout], at: At) -> bool {
    match seen(sheets, at) {
        Seen::Empty => true,
        Seen::Text(t) => t.trim().is_empty(),
        Seen::Number(_) => false,
    }
}

impl Operand {
    /// The value compared, when the cell holds a number.
    fn value(self, sheets: &[SheetLayout]) -> Option<f64> {
        let n = number(sheets, self.at)?;
        Some(match self.kind {
            Kind::Date => n.floor(),
            Kind::YearOf => f64::from(date_of(n)?.year()),
            Kind::Year | Kind::Number => n,
        })
    }

    /// The value as the message shows it.
    fn shown(self, sheets: &[SheetLayout]) -> String {
        let Some(n) = number(sheets, self.at) else {
            return String::new();
        };
        match self.kind {
            Kind::Date => date_of(n).map_or_else(String::new, |d| d.format("%Y-%m-%d").to_string()),
            Kind::YearOf => date_of(n).map_or_else(String::new, |d| d.year().to_string()),
            Kind::Year => crate::value::number_as_text(n),
            Kind::Number => format_swedish(n),
        }
    }
}

impl Test {
    /// Whether the test fails on the answers.
    fn fails(&self, sheets: &[SheetLayout]) -> bool {
        let sum = |parts: &[At]| parts.iter().filter_map(|p| number(sheets, *p)).sum::<f64>();
        match self {
            Test::Missing { at, row } => {
                let answered = row.is_none_or(|(first, last)| {
                    (first..=last).any(|col| seen(sheets, At { col, ..*at }) != Seen::Empty)
                });
                answered && blank(sheets, *at)
            }
            Test::Text(at) => matches!(seen(sheets, *at), Seen::Text(t) if !t.trim().is_empty()),
            Test::Range { at, min, max } => raw_number(sheets, *at)
                .is_some_and(|n| min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m)),
            Test::Compare { left, op, right } => {
                let (Some(l), Some(r)) = (left.value(sheets), right.value(sheets)) else {
                    return false;
                };
                match op {
                    CompareOp::AtMost => l > r,
                    CompareOp::AtLeast => l < r,
                }
            }
            Test::Over {
                total,
                parts,
                factor,
            } => number(sheets, *total).is_some_and(|t| sum(parts) > t * factor),
            Test::Under {
                total,
                parts,
                factor,
            } => number(sheets, *total).is_some_and(|t| {
                parts.iter().all(|p| number(sheets, *p).is_some()) && sum(parts) < t * factor
            }),
        }
    }
}

impl Piece {
    fn shown(&self, sheets: &[SheetLayout]) -> String {
        let amount = |n: f64| format!("{} kr", format_swedish(n));
        match self {
            Piece::Text(t) => t.clone(),
            Piece::Value(o) => o.shown(sheets),
            Piece::Amount(at) => number(sheets, *at).map_or_else(String::new, amount),
            Piece::Sum(parts) => amount(parts.iter().filter_map(|p| number(sheets, *p)).sum()),
        }
    }
}

/// What a `Kontroll` cell shows for the answers.
fn cell_result(checks: &[Check], sheets: &[SheetLayout]) -> String {
    let shown: Vec<String> = checks
        .iter()
        .filter(|c| c.test.fails(sheets))
        .map(|c| {
            let mark = if c.error { ERROR_MARK } else { WARNING_MARK };
            let message: String = c.message.iter().map(|p| p.shown(sheets)).collect();
            format!("{mark} {message}")
        })
        .collect();
    shown
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

// --- Counts -----------------------------------------------------------------

/// The open errors in `Kontroll` cells: the ranges, the most errors one
/// cell can show, and their number now.
struct Count {
    ranges: Vec<String>,
    most: usize,
    value: usize,
}

impl Count {
    /// The number of error marks in the ranges, as a formula: the cells
    /// with at least one, plus those with at least two, and so on
    /// (COUNTIF with wildcards; Gnumeric evaluates no array inside
    /// SUMPRODUCT, so LEN and SUBSTITUTE over a range would not do).
    fn formula(&self) -> String {
        let counts: Vec<String> = self
            .ranges
            .iter()
            .flat_map(|range| {
                (1..=self.most).map(move |k| {
                    format!(
                        "COUNTIF({range},\"*{}\")",
                        format!("{ERROR_MARK}*").repeat(k)
                    )
                })
            })
            .collect();
        if counts.is_empty() {
            "0".to_string()
        } else {
            format!("({})", counts.join("+"))
        }
    }
}

/// The count of a sheet's `Kontroll` column, rows 1 to `last`.
fn count_of(sheets: &[SheetLayout], placed: &Placed, s: usize, col: u32) -> Count {
    let last = placed.last_row(s);
    let range = format!("{}:{}", cell_ref(1, col), cell_ref(last, col));
    let value = (1..=last)
        .map(|row| {
            match seen(
                sheets,
                At {
                    sheet: s,
                    row,
                    col,
                    bounds: Bounds::default(),
                },
            ) {
                Seen::Text(t) => t.matches(ERROR_MARK).count(),
                _ => 0,
            }
        })
        .sum();
    Count {
        ranges: vec![range],
        most: placed.most_errors(s),
        value,
    }
}

/// `n saker att rätta …` in words, as a formula of the count `n`.
fn count_words(n: &str, sentence: bool) -> String {
    let (none, one, many) = count_phrases(sentence);
    format!(
        "IF({n}=0,{},IF({n}=1,{},{n}&{}))",
        literal(none),
        literal(one),
        literal(many)
    )
}

/// The same words for the count `n`.
fn count_text(n: usize, sentence: bool) -> String {
    let (none, one, many) = count_phrases(sentence);
    match n {
        0 => none.to_string(),
        1 => one.to_string(),
        _ => format!("{n}{many}"),
    }
}

/// The words for no error, one, and several (after the number).
fn count_phrases(sentence: bool) -> (&'static str, &'static str, &'static str) {
    if sentence {
        (
            "Inget att rätta: alla kontroller i formuläret är uppfyllda. Varningar i kolumnen Kontroll är bra att läsa men hindrar inte.",
            "1 sak att rätta innan du skickar filen. Se kolumnen Kontroll på bladen.",
            " saker att rätta innan du skickar filen. Se kolumnen Kontroll på bladen.",
        )
    } else {
        (
            "inget att rätta",
            "1 sak att rätta innan du skickar filen",
            " saker att rätta innan du skickar filen",
        )
    }
}

/// The instructions sheet's rows about the checks: the open errors of the
/// whole form, and the rules checked only when the file is received.
/// They stand before the first empty row (after the heading).
fn instructions(sheets: &mut [SheetLayout], placed: &Placed, unchecked: &[String]) {
    let Some(i) = sheets.iter().position(|s| s.name == INSTRUCTIONS_SHEET) else {
        return;
    };
    let mut formulas = Vec::new();
    let mut value = 0;
    for &(s, col) in &placed.columns {
        let mut count = count_of(sheets, placed, s, col);
        value += count.value;
        let name = sheet_name(&sheets[s].name);
        for range in &mut count.ranges {
            let (a, b) = range.split_once(':').unwrap_or((range, range));
            *range = format!("{name}!{}:{}", absolute(a), absolute(b));
        }
        formulas.push(count.formula());
    }
    let total = formulas.join("+");
    let mut rows = vec![row_of([
        (MARKER_LABEL_COL, Input::Text(CHECK_HEADER.to_string())),
        (
            MARKER_LABEL_COL + 1,
            Input::Formula {
                formula: count_words(&format!("({total})"), true),
                result: count_text(value, true),
            },
        ),
    ])];
    if !unchecked.is_empty() {
        rows.push(row_of([
            (
                MARKER_LABEL_COL,
                Input::Text("Kontrolleras när filen tas emot".to_string()),
            ),
            (MARKER_LABEL_COL + 1, Input::Text(unchecked.join(" "))),
        ]));
    }
    let sheet = &mut sheets[i];
    let at = sheet
        .rows
        .iter()
        .position(Vec::is_empty)
        .unwrap_or(sheet.rows.len());
    sheet.rows.splice(at..at, rows);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::{Instructions, layout};

    fn survey() -> Survey {
        Survey::builtin()
    }

    #[test]
    fn long_texts_become_several_constants_within_excels_limit() {
        let text = "å".repeat(600) + "\"";
        let formula = literal(&text);
        assert_eq!(formula.matches("\"&\"").count(), 2);
        for constant in formula.split("\"&\"") {
            assert!(constant.trim_matches('"').chars().count() <= LITERAL_MAX + 1);
        }
        assert!(formula.ends_with("\"\"\""));
        assert_eq!(literal(""), "\"\"");
    }

    #[test]
    fn every_formula_of_the_built_in_form_fits_excel() {
        let survey = survey();
        for sheet in layout(&survey, &[], &Instructions::default()) {
            for input in sheet.rows.iter().flatten() {
                if let Input::Formula { formula, .. } = input {
                    // Excel's limit on a formula's length; no function
                    // newer than Excel 2007 and no TEXT() format codes.
                    assert!(formula.chars().count() < 8192, "{}", sheet.name);
                    assert!(!formula.replace("ISTEXT(", "").contains("TEXT("));
                    assert!(!formula.contains("_xlfn"));
                }
            }
        }
    }

    #[test]
    fn a_blank_form_counts_its_empty_required_answers_only() {
        let survey = survey();
        let sheets = layout(&survey, &[], &Instructions::default());
        let results: Vec<&str> = sheets
            .iter()
            .flat_map(|s| s.rows.iter().flatten())
            .filter_map(|i| match i {
                Input::Formula { result, .. } => Some(result.as_str()),
                _ => None,
            })
            .collect();
        let required_in_forms = survey
            .sections
            .iter()
            .filter(|s| s.kind == SectionKind::Form)
            .flat_map(|s| &s.questions)
            .filter(|q| q.required)
            .count();
        let marks: usize = results
            .iter()
            .filter(|r| !r.starts_with(CHECK_HEADER))
            .map(|r| r.matches(ERROR_MARK).count())
            .sum();
        // Each error once in its cell, once more on the instructions' count.
        assert_eq!(marks, required_in_forms);
        assert!(
            results
                .iter()
                .any(|r| r.starts_with(&format!("{required_in_forms} saker att rätta")))
        );
        assert!(!results.iter().any(|r| r.contains(WARNING_MARK)));
    }

    #[test]
    fn dates_round_trip_through_serial_numbers() {
        let day = NaiveDate::from_ymd_opt(2026, 10, 15).unwrap();
        assert_eq!(serial(day), 46310.0);
        assert_eq!(date_of(46310.75), Some(day));
    }
}
