//! Findings: what validation says about a file, as data that every output
//! format renders.

use serde::Serialize;

use crate::place::{Place, RowKey};
use crate::survey::Question;
pub use crate::survey::Severity;

/// One error or warning about a submission.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// Stable identifier of the kind of finding, e.g. `amount.not_a_number`.
    pub code: String,
    /// Error or warning.
    #[serde(skip)]
    pub severity: Severity,
    /// Where: a cell, a CSV line, a sheet or the file.
    pub place: Place,
    /// The question it is about, if any.
    pub question: Option<String>,
    /// Swedish message: the question, what was found, what was expected.
    pub message: String,
    /// The section row of the answer it is about, to find its cell again
    /// (in a feedback file).
    #[serde(skip)]
    pub row: Option<Box<RowKey>>,
}

impl Finding {
    /// An error not tied to a question.
    pub fn error(code: &str, place: Place, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, place, None, message.into())
    }

    /// A warning not tied to a question.
    pub fn warning(code: &str, place: Place, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, place, None, message.into())
    }

    /// A finding about a question's answer; the message starts with the
    /// question's label and id.
    pub fn about(
        severity: Severity,
        code: &str,
        place: Place,
        question: &Question,
        detail: &str,
    ) -> Self {
        let message = format!("{} ({}): {detail}", question.label, question.id);
        Self::new(severity, code, place, Some(question.id.clone()), message)
    }

    fn new(
        severity: Severity,
        code: &str,
        place: Place,
        question: Option<String>,
        message: String,
    ) -> Self {
        Finding {
            code: code.to_string(),
            severity,
            place,
            question,
            message,
            row: None,
        }
    }

    /// The same finding, about the answer in `row`.
    pub fn in_row(mut self, row: &RowKey) -> Self {
        self.row = Some(Box::new(row.clone()));
        self
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}
