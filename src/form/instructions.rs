//! The "Instruktioner" sheet that opens every form: what is asked and why,
//! how to answer, the scale, the deadline and where to send the file, and
//! how contact data is used. It also carries the survey id and version.

use super::{Input, row_of};
use crate::convert::{count_to_i64, trunc_to_i64};
use crate::layout::{MARKER_ID_LABEL, MARKER_LABEL_COL, MARKER_VERSION_LABEL};
use crate::registry::Respondent;
use crate::survey::{QuestionType, Survey};

/// What a form's instructions say beyond the survey definition.
#[derive(Debug, Clone, Copy, Default)]
pub struct Instructions<'a> {
    /// The budget year asked about.
    pub year: Option<i32>,
    /// The organisation the form is for.
    pub respondent: Option<&'a Respondent>,
    /// The last day to answer, as written by the sender.
    pub deadline: Option<&'a str>,
    /// Where to send the file (an address or a person).
    pub contact: Option<&'a str>,
}

impl Instructions<'_> {
    /// The sheet's rows: a label in column A, its text in column B.
    pub fn rows(&self, survey: &Survey) -> Vec<Vec<Input>> {
        let mut rows = self.heading(survey);
        rows.push(Vec::new());
        rows.extend(how_to_answer(survey));
        rows.extend(answer_formats(survey));
        rows.extend(personal_data(survey));
        rows
    }

    /// The title, the survey's id and version, and what this form is for:
    /// the year, the organisation, the deadline and where to send it.
    fn heading(&self, survey: &Survey) -> Vec<Vec<Input>> {
        let mut rows = vec![
            vec![text(&survey.title)],
            pair(MARKER_ID_LABEL, &survey.id),
            row_of([
                (MARKER_LABEL_COL, text(MARKER_VERSION_LABEL)),
                (
                    MARKER_LABEL_COL + 1,
                    Input::Number(f64::from(survey.version)),
                ),
            ]),
        ];
        if let Some(year) = self.year {
            rows.push(vec![text("Budgetår"), Input::Number(f64::from(year))]);
        }
        if let Some(r) = self.respondent {
            rows.push(pair("Organisation", &format!("{} ({})", r.name, r.id)));
        }
        if let Some(deadline) = self.deadline {
            rows.push(pair("Sista svarsdag", deadline));
        }
        if let Some(contact) = self.contact {
            rows.push(pair("Skicka filen till", contact));
        }
        rows
    }
}

fn text(s: &str) -> Input {
    Input::Text(s.to_string())
}

/// A row of a label and its text.
fn pair(label: &str, value: &str) -> Vec<Input> {
    row_of([
        (MARKER_LABEL_COL, text(label)),
        (MARKER_LABEL_COL + 1, text(value)),
    ])
}

/// Why the survey asks, how to fill in the form, and each sheet's help.
fn how_to_answer(survey: &Survey) -> Vec<Vec<Input>> {
    let mut rows = Vec::new();
    if !survey.description.trim().is_empty() {
        rows.push(pair("Varför vi frågar", survey.description.trim()));
    }
    rows.push(pair(
        "Så svarar du",
        "Fyll i bladen i tur och ordning. Skriv bara i de vita svarscellerna; id, frågor och rubriker är låsta. \
         När du markerar en svarscell visas en kort instruktion, och där det finns en lista väljer du svaret i den. \
         Kolumnen Kontroll på varje blad visar det som behöver rättas innan du skickar filen, och obligatoriska \
         svar som saknas är orange. Spara som Excel-arbetsbok (.xlsx) och skicka hela filen. Byt inte namn på bladen.",
    ));
    for section in survey.sections.iter().filter(|s| !s.help.trim().is_empty()) {
        let optional = if section.optional {
            " (frivilligt)"
        } else {
            ""
        };
        rows.push(pair(
            &format!("Bladet {}{optional}", section.sheet),
            &section.help,
        ));
    }
    rows
}

/// How to write the answers the survey asks for: the scale's levels,
/// amounts and dates, each when some question needs it.
fn answer_formats(survey: &Survey) -> Vec<Vec<Input>> {
    let mut rows = Vec::new();
    let mut questions = survey.sections.iter().flat_map(|s| &s.questions);
    if let Some(q) = questions.clone().find(|q| !q.scale.is_empty()) {
        let first = trunc_to_i64(q.min.unwrap_or(1.0));
        let levels: Vec<String> = q
            .scale
            .iter()
            .enumerate()
            .map(|(i, label)| format!("{} {label}", first + count_to_i64(i)))
            .collect();
        rows.push(pair(&format!("Skalan ({})", q.label), &levels.join(", ")));
    }
    if questions.clone().any(|q| q.kind == QuestionType::Amount) {
        rows.push(pair(
            "Belopp",
            "Skriv belopp i hela kronor som tal, t.ex. 12500000 (visas 12 500 000). Skriv inte tkr eller mkr i mallen.",
        ));
    }
    if questions.any(|q| q.kind == QuestionType::Date) {
        rows.push(pair(
            "Datum",
            "Skriv datum som ÅÅÅÅ-MM-DD, t.ex. 2026-10-15.",
        ));
    }
    rows
}

/// How the personal data the survey asks for is used, when it asks for any.
fn personal_data(survey: &Survey) -> Option<Vec<Input>> {
    let personal: Vec<&str> = survey
        .sections
        .iter()
        .flat_map(|s| &s.questions)
        .filter(|q| q.personal)
        .map(|q| q.label.as_str())
        .collect();
    (!personal.is_empty()).then(|| {
        pair(
            "Personuppgifter",
            &format!(
                "{} används bara för att kunna kontakta dig om svaren. Uppgifterna sparas i insamlingen men visas \
                 inte i rapporten eller i exporter, och de raderas om du begär det (dataskyddsförordningen, GDPR).",
                personal.join(", ")
            ),
        )
    })
}
