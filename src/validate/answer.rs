//! One answer: a cell read as its question's type, with the findings that
//! reading it produced.

use std::fmt;

use chrono::NaiveDate;

use super::Context;
use crate::finding::{Finding, Severity};
use crate::read::{CellValue, RawValue};
use crate::registry::Resolution;
use crate::survey::{Question, QuestionType};
use crate::text::quote;
use crate::value::{self, MAX_TEXT_CHARS, Scale, format_swedish, number_as_text};

/// A typed answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Text, trimmed.
    Text(String),
    /// A number; amounts in kronor.
    Number(f64),
    /// A date.
    Date(NaiveDate),
    /// A choice id.
    Choice(String),
    /// A registry id.
    Respondent(String),
}

impl Value {
    /// The number, if this is one.
    pub fn as_number(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }

    /// The date, if this is one.
    pub fn as_date(&self) -> Option<NaiveDate> {
        match self {
            Value::Date(d) => Some(*d),
            _ => None,
        }
    }

    /// The kind of value, as stored: `text`, `number`, `date`, `choice`
    /// or `respondent`.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Text(_) => "text",
            Value::Number(_) => "number",
            Value::Date(_) => "date",
            Value::Choice(_) => "choice",
            Value::Respondent(_) => "respondent",
        }
    }

    /// A value from its stored kind and text (the inverse of [`Value::kind`]
    /// and `Display`).
    pub fn from_stored(kind: &str, text: &str) -> Option<Self> {
        Some(match kind {
            "text" => Value::Text(text.to_string()),
            "number" => Value::Number(text.parse().ok()?),
            "date" => Value::Date(NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?),
            "choice" => Value::Choice(text.to_string()),
            "respondent" => Value::Respondent(text.to_string()),
            _ => return None,
        })
    }

    /// The text, choice id or registry id, if this is one of those.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Text(s) | Value::Choice(s) | Value::Respondent(s) => Some(s),
            _ => None,
        }
    }
}

/// The value as exported: numbers with a decimal point and no thousands
/// separators, dates ISO, choices and respondents as ids.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Text(s) | Value::Choice(s) | Value::Respondent(s) => f.write_str(s),
            Value::Number(n) => f.write_str(&number_as_text(*n)),
            Value::Date(d) => write!(f, "{}", d.format("%Y-%m-%d")),
        }
    }
}

/// Reads `raw` as an answer to `question`. Returns the value (none when the
/// cell is empty or wrong) and the findings.
pub fn read(
    question: &Question,
    raw: &RawValue,
    ctx: &Context<'_>,
) -> (Option<Value>, Vec<Finding>) {
    let mut findings = Vec::new();
    let mut fail = |severity: Severity, code: &str, detail: String| {
        findings.push(Finding::about(
            severity,
            code,
            raw.place.clone(),
            question,
            &detail,
        ));
    };
    let text = match cell_text(&raw.value) {
        Ok(text) => text,
        Err((code, detail)) => {
            fail(Severity::Error, code, detail);
            return (None, findings);
        }
    };
    let Some(text) = text else {
        if question.required {
            fail(
                Severity::Error,
                "answer.missing",
                "svar saknas. Frågan måste besvaras.".to_string(),
            );
        }
        return (None, findings);
    };
    let value = match question.kind {
        QuestionType::Text => text_value(text, &mut fail),
        QuestionType::Integer | QuestionType::Year | QuestionType::Decimal => {
            number(question, &raw.value, &text, &mut fail)
        }
        QuestionType::Amount => amount(question, &raw.value, &text, &mut fail),
        QuestionType::Date => date(question, &raw.value, &text, ctx, &mut fail),
        QuestionType::Email => email(text, &mut fail),
        QuestionType::Url => url(text, &mut fail),
        QuestionType::SelectOne => choice(question, &text, ctx, &mut fail),
        QuestionType::Respondent => respondent(&text, ctx, &mut fail),
    };
    (value, findings)
}

/// A cell's content as text, `None` when it is empty. A cell that holds no
/// value to read (an error value, a formula never computed) gives the code
/// and message of its finding instead.
fn cell_text(cell: &CellValue) -> Result<Option<String>, (&'static str, String)> {
    Ok(match cell {
        CellValue::Empty => None,
        CellValue::Text(t) if t.trim().is_empty() => None,
        CellValue::Text(t) => Some(t.trim().to_string()),
        CellValue::Number(n) => Some(number_as_text(*n)),
        CellValue::Bool(b) => Some(if *b { "SANT" } else { "FALSKT" }.to_string()),
        CellValue::Date(d) => Some(d.date().format("%Y-%m-%d").to_string()),
        CellValue::Error(e) => {
            return Err((
                "cell.error_value",
                format!(
                    "cellen innehåller felvärdet {}. Rätta formeln eller skriv in svaret som ett värde.",
                    quote(e)
                ),
            ));
        }
        CellValue::FormulaWithoutValue(formula) => {
            return Err((
                "cell.formula_without_value",
                format!(
                    "cellen har formeln ={} men inget beräknat värde (filen har skapats av ett program som inte räknar). \
                     Öppna filen i Excel eller LibreOffice, spara den och skicka den igen.",
                    quote(formula)
                ),
            ));
        }
    })
}

/// A text, within the length allowed.
fn text_value(text: String, fail: &mut Fail<'_>) -> Option<Value> {
    let chars = text.chars().count();
    if chars > MAX_TEXT_CHARS {
        fail(
            Severity::Error,
            "text.too_long",
            format!("texten har {chars} tecken; högst {MAX_TEXT_CHARS} tecken är tillåtna."),
        );
        None
    } else {
        Some(Value::Text(text))
    }
}

/// An e-mail address.
fn email(text: String, fail: &mut Fail<'_>) -> Option<Value> {
    if value::is_email(&text) {
        Some(Value::Text(text))
    } else {
        fail(
            Severity::Error,
            "email.invalid",
            format!(
                "{} är ingen e-postadress. Ange en adress som namn@organisation.se.",
                quote(&text)
            ),
        );
        None
    }
}

/// A web address, `https://` or `http://`.
fn url(text: String, fail: &mut Fail<'_>) -> Option<Value> {
    if value::is_http_url(&text) {
        Some(Value::Text(text))
    } else {
        fail(
            Severity::Error,
            "url.invalid",
            format!(
                "{} är ingen webbadress. Ange hela adressen, som börjar med https:// eller http://.",
                quote(&text)
            ),
        );
        None
    }
}

/// One of the question's choices, by its id, label or an alias.
fn choice(
    question: &Question,
    text: &str,
    ctx: &Context<'_>,
    fail: &mut Fail<'_>,
) -> Option<Value> {
    let list = ctx.survey.choices_of(question.choices.as_deref());
    if let Some(choice) = list.and_then(|l| l.find(text)) {
        return Some(Value::Choice(choice.id.clone()));
    }
    let labels: Vec<&str> = list
        .map(|l| l.choices.iter().map(|c| c.label.as_str()).collect())
        .unwrap_or_default();
    fail(
        Severity::Error,
        "choice.unknown",
        format!(
            "{} finns inte bland svarsalternativen. Välj ett av: {}.",
            quote(text),
            labels.join(", ")
        ),
    );
    None
}

type Fail<'a> = dyn FnMut(Severity, &str, String) + 'a;

fn numeric_cell(cell: &CellValue) -> Option<f64> {
    match cell {
        CellValue::Number(n) => Some(*n),
        _ => None,
    }
}

fn number(question: &Question, cell: &CellValue, text: &str, fail: &mut Fail<'_>) -> Option<Value> {
    let quoted = quote(text);
    let type_code = code_prefix(question);
    let Some(n) = numeric_cell(cell).or_else(|| value::parse_number(text)) else {
        let example = match question.kind {
            QuestionType::Year => "ett årtal med fyra siffror, t.ex. 2026",
            QuestionType::Integer => "ett heltal, t.ex. 3",
            _ => "ett tal, t.ex. 12,5",
        };
        fail(
            Severity::Error,
            &format!("{type_code}.not_a_number"),
            format!("{quoted} är inte ett tal. Ange {example}."),
        );
        return None;
    };
    if question.kind != QuestionType::Decimal && (n - n.round()).abs() > 1e-9 {
        fail(
            Severity::Error,
            &format!("{type_code}.not_whole"),
            format!(
                "{} är inte ett heltal. Ange ett heltal utan decimaler.",
                format_swedish(n)
            ),
        );
        return None;
    }
    let n = if question.kind == QuestionType::Decimal {
        n
    } else {
        n.round()
    };
    in_range(question, n, "", fail).then_some(Value::Number(n))
}

fn amount(question: &Question, cell: &CellValue, text: &str, fail: &mut Fail<'_>) -> Option<Value> {
    let quoted = quote(text);
    let parsed = match numeric_cell(cell) {
        Some(n) => Some((n, Scale::Kronor)),
        None => value::parse_amount(text),
    };
    let Some((kronor, scale)) = parsed else {
        fail(
            Severity::Error,
            "amount.not_a_number",
            format!(
                "{quoted} är inte ett belopp. Ange beloppet i kronor som ett tal, t.ex. 12 500 000."
            ),
        );
        return None;
    };
    if scale != Scale::Kronor {
        fail(
            Severity::Warning,
            "amount.unit_converted",
            format!(
                "{quoted} har lästs som {} kr. Kontrollera beloppet.",
                format_swedish(kronor)
            ),
        );
    }
    in_range(question, kronor, " kr", fail).then_some(Value::Number(kronor))
}

fn in_range(question: &Question, n: f64, unit: &str, fail: &mut Fail<'_>) -> bool {
    let below = question.min.is_some_and(|min| n < min);
    let above = question.max.is_some_and(|max| n > max);
    if below || above {
        // Years are written as years, other numbers with thousands spaced.
        let show = |x: f64| match question.kind {
            QuestionType::Year => format!("{x:.0}"),
            _ => format_swedish(x),
        };
        let expected = match (question.min, question.max) {
            (Some(min), Some(max)) => format!("mellan {} och {}{unit}", show(min), show(max)),
            (Some(min), None) => format!("minst {}{unit}", show(min)),
            (None, Some(max)) => format!("högst {}{unit}", show(max)),
            (None, None) => unreachable!("a value outside no range"),
        };
        fail(
            Severity::Error,
            &format!("{}.out_of_range", code_prefix(question)),
            format!(
                "{}{unit} ligger utanför det tillåtna; värdet ska vara {expected}.",
                show(n)
            ),
        );
    }
    !(below || above)
}

fn date(
    question: &Question,
    cell: &CellValue,
    text: &str,
    ctx: &Context<'_>,
    fail: &mut Fail<'_>,
) -> Option<Value> {
    let quoted = quote(text);
    let parsed = match cell {
        CellValue::Date(d) => Some(d.date()),
        CellValue::Number(_) => {
            fail(
                Severity::Error,
                "date.is_number",
                format!(
                    "{quoted} är ett tal, inte ett datum. Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2026-10-15, \
                     eller formatera cellen som datum."
                ),
            );
            return None;
        }
        _ => value::parse_iso_date(text),
    };
    let Some(date) = parsed else {
        let detail = if value::looks_like_iso_date(text) {
            format!("{quoted} är ett datum som inte finns. Kontrollera dag och månad.")
        } else {
            format!("{quoted} är inget datum i formen ÅÅÅÅ-MM-DD. Skriv t.ex. 2026-10-15.")
        };
        fail(Severity::Error, "date.invalid", detail);
        return None;
    };
    if question.not_future && date > ctx.today {
        fail(
            Severity::Error,
            "date.in_future",
            format!("{date} ligger i framtiden (i dag är det {}).", ctx.today),
        );
        return None;
    }
    Some(Value::Date(date))
}

fn respondent(text: &str, ctx: &Context<'_>, fail: &mut Fail<'_>) -> Option<Value> {
    let quoted = quote(text);
    let names = |list: &[&crate::registry::Respondent]| {
        list.iter()
            .map(|r| format!("{} ({})", r.name, r.id))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match ctx.registry.resolve(text) {
        Resolution::Found(r) => return Some(Value::Respondent(r.id.to_string())),
        Resolution::Unknown(near) if near.is_empty() => fail(
            Severity::Error,
            "respondent.unknown",
            format!(
                "{quoted} finns inte i registret över organisationer. Ange organisationens namn eller kod."
            ),
        ),
        Resolution::Unknown(near) => fail(
            Severity::Error,
            "respondent.unknown",
            format!(
                "{quoted} finns inte i registret över organisationer. Menade du {}?",
                names(&near)
            ),
        ),
        Resolution::Ambiguous(all) => fail(
            Severity::Error,
            "respondent.ambiguous",
            format!(
                "{quoted} kan betyda flera organisationer: {}. Ange organisationens kod.",
                names(&all)
            ),
        ),
    }
    None
}

/// The code prefix of a question's type: `integer`, `year`, `amount`, …
fn code_prefix(question: &Question) -> &'static str {
    match question.kind {
        QuestionType::Text => "text",
        QuestionType::Integer => "integer",
        QuestionType::Decimal => "decimal",
        QuestionType::Year => "year",
        QuestionType::Amount => "amount",
        QuestionType::Date => "date",
        QuestionType::Email => "email",
        QuestionType::Url => "url",
        QuestionType::SelectOne => "choice",
        QuestionType::Respondent => "respondent",
    }
}
