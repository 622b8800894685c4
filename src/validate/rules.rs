//! Rules across questions, as the survey definition declares them: compare
//! two answers, check parts against a total, require an overall strategy in
//! force.

use super::documents;
use super::{Answer, Submission};
use crate::finding::Finding;
use crate::place::{Place, RowKey};
use crate::survey::{CompareOp, QuestionType, Rule, Survey, parse_operand};
use crate::value::format_swedish;

/// The findings of every rule of the survey on one submission.
pub fn check(survey: &Survey, submission: &Submission, places: &SectionPlaces<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for rule in &survey.rules {
        match rule {
            Rule::Compare {
                code,
                severity,
                left,
                op,
                right,
                message,
                ..
            } => compare(
                survey,
                submission,
                (code, *severity, message),
                (left, *op, right),
                &mut out,
            ),
            Rule::SumOfParts {
                code,
                severity,
                total,
                parts,
                over_factor,
                under_factor,
                message,
                ..
            } => {
                let Some(total_answer) = submission.answer(total, &RowKey::Form) else {
                    continue;
                };
                let Some(total_value) = total_answer.value.as_number() else {
                    continue;
                };
                let given: Vec<f64> = parts
                    .iter()
                    .filter_map(|p| submission.answer(p, &RowKey::Form)?.value.as_number())
                    .collect();
                let sum: f64 = given.iter().sum();
                let over = over_factor.is_some_and(|f| sum > total_value * f);
                let under = under_factor
                    .is_some_and(|f| given.len() == parts.len() && sum < total_value * f);
                if over || under {
                    let detail = message
                        .replace("{sum}", &format!("{} kr", format_swedish(sum)))
                        .replace("{total}", &format!("{} kr", format_swedish(total_value)));
                    let (_, question) = survey.question(total).expect("checked with the survey");
                    out.push(
                        Finding::about(
                            *severity,
                            code,
                            total_answer.place.clone(),
                            question,
                            &detail,
                        )
                        .in_row(&RowKey::Form),
                    );
                }
            }
            Rule::OverallStrategyInForce {
                code,
                severity,
                message,
                ..
            } => {
                if let Some(place) = overall_strategy_missing(survey, submission, places) {
                    out.push(Finding {
                        code: code.clone(),
                        severity: *severity,
                        place,
                        question: None,
                        message: message.clone(),
                        row: None,
                    });
                }
            }
        }
    }
    out
}

/// Where each section's whole-section findings go: its sheet, or the file.
pub struct SectionPlaces<'a> {
    /// Section id → place.
    pub sections: Vec<(&'a str, Place)>,
    /// The file, for sections not in it.
    pub file: &'a str,
}

impl SectionPlaces<'_> {
    fn of(&self, section: &str) -> Place {
        self.sections
            .iter()
            .find(|(id, _)| *id == section)
            .map_or_else(|| Place::file(self.file), |(_, place)| place.clone())
    }
}

/// An operand's value: a date, or a number (years plain).
#[derive(Clone, Copy, PartialEq, PartialOrd)]
enum Operand {
    Date(chrono::NaiveDate),
    Number(f64, bool),
}

impl Operand {
    fn of(answer: &Answer, year_of: bool, kind: QuestionType) -> Option<Self> {
        use chrono::Datelike;
        match (year_of, answer.value.as_date(), answer.value.as_number()) {
            (true, Some(d), _) => Some(Operand::Number(f64::from(d.year()), true)),
            (false, Some(d), _) => Some(Operand::Date(d)),
            (false, None, Some(n)) => Some(Operand::Number(n, kind == QuestionType::Year)),
            _ => None,
        }
    }

    fn show(self) -> String {
        match self {
            Operand::Date(d) => d.format("%Y-%m-%d").to_string(),
            Operand::Number(n, true) => format!("{n:.0}"),
            Operand::Number(n, false) => format_swedish(n),
        }
    }
}

fn compare(
    survey: &Survey,
    submission: &Submission,
    (code, severity, message): (&str, crate::survey::Severity, &str),
    (left, op, right): (&str, CompareOp, &str),
    out: &mut Vec<Finding>,
) {
    let (left_id, left_year) = parse_operand(left);
    let (right_id, right_year) = parse_operand(right);
    let (Some((left_section, left_q)), Some((right_section, right_q))) =
        (survey.question(left_id), survey.question(right_id))
    else {
        return;
    };
    for answer in submission.answers.iter().filter(|a| a.question == left_id) {
        let right_row = if right_section.id == left_section.id {
            answer.row.clone()
        } else {
            RowKey::Form
        };
        let Some(other) = submission.answer(right_id, &right_row) else {
            continue;
        };
        let (Some(l), Some(r)) = (
            Operand::of(answer, left_year, left_q.kind),
            Operand::of(other, right_year, right_q.kind),
        ) else {
            continue;
        };
        let holds = match op {
            CompareOp::AtMost => l <= r,
            CompareOp::AtLeast => l >= r,
        };
        if !holds {
            let detail = message
                .replace("{left}", &l.show())
                .replace("{right}", &r.show());
            out.push(
                Finding::about(severity, code, answer.place.clone(), left_q, &detail)
                    .in_row(&answer.row),
            );
        }
    }
}

/// The place for the missing-strategy finding, or `None` when the
/// submission has an overall strategy in force in its year (or the year is
/// unknown).
fn overall_strategy_missing(
    survey: &Survey,
    submission: &Submission,
    places: &SectionPlaces<'_>,
) -> Option<Place> {
    let section = documents::section(survey)?;
    (!documents::has_overall_strategy(survey, submission)?).then(|| places.of(&section.id))
}
