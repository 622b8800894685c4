//! Output formats for findings: one renderer per format, all fed the same
//! verdicts.

mod github;
mod json;
mod junit;
mod text;

use crate::finding::Finding;
use crate::validate::Outcome;

/// How findings are written to standard output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// En rad per fel eller varning och en sammanfattning, att läsa.
    Text,
    /// Ett JSON-dokument, för skript.
    Json,
    /// GitHub Actions-kommandon, som anteckningar i en pull request.
    Github,
    /// JUnit XML, ett testfall per fil, för CI-översikter.
    Junit,
}

/// What `import` did with a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ImportState {
    /// Stored as a new submission.
    Stored,
    /// The same bytes were already stored; nothing written.
    Unchanged,
    /// The same bytes are stored as a withdrawn submission; nothing
    /// written. Shown as `unchanged`, with `"withdrawn": true` in JSON.
    #[serde(rename = "unchanged")]
    Withdrawn,
    /// Invalid; nothing stored.
    Rejected,
}

impl ImportState {
    /// Whether nothing was written because the bytes were stored already.
    pub fn is_unchanged(self) -> bool {
        matches!(self, ImportState::Unchanged | ImportState::Withdrawn)
    }
}

impl ImportState {
    /// The Swedish word for the state.
    pub fn label(self) -> &'static str {
        match self {
            ImportState::Stored => "lagrad",
            ImportState::Unchanged => "oförändrad (redan lagrad)",
            ImportState::Withdrawn => "oförändrad (lagrad men återkallad)",
            ImportState::Rejected => "avvisad, inget lagrat",
        }
    }
}

/// One file's verdict as output shows it.
#[derive(Debug, Clone, Copy)]
pub struct Verdict<'a> {
    /// The validation outcome.
    pub outcome: &'a Outcome,
    /// Whether the file is accepted (after `--strict`).
    pub valid: bool,
    /// What `import` did with it; `None` for `validate`.
    pub import: Option<ImportState>,
}

/// Counts over all files.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Files checked.
    pub files: usize,
    /// Files accepted.
    pub valid: usize,
    /// Files not accepted.
    pub invalid: usize,
    /// Errors in all files.
    pub errors: usize,
    /// Warnings in all files.
    pub warnings: usize,
}

impl Summary {
    /// Counts the verdicts.
    pub fn of(verdicts: &[Verdict<'_>]) -> Self {
        let mut s = Summary::default();
        for v in verdicts {
            s.files += 1;
            if v.valid {
                s.valid += 1;
            } else {
                s.invalid += 1;
            }
            s.errors += v.outcome.errors().count();
            s.warnings += v.outcome.warnings().count();
        }
        s
    }
}

/// The Markdown step summary of `--format github`, for the file that
/// `$GITHUB_STEP_SUMMARY` names.
pub fn step_summary(verdicts: &[Verdict<'_>]) -> String {
    github::step_summary(verdicts, &Summary::of(verdicts))
}

/// `PLACE: ` before a finding's message, or nothing for a finding about
/// the whole file, which every format already names.
fn place_prefix(finding: &Finding) -> String {
    if finding.place.is_file() {
        String::new()
    } else {
        format!("{}: ", finding.place)
    }
}

/// Renders the verdicts in `format`. For `example` data the text format
/// sums its warnings up per code instead of listing them: they are there on
/// purpose, to show what `collect` warns about.
pub fn render(format: Format, verdicts: &[Verdict<'_>], example: bool) -> String {
    let summary = Summary::of(verdicts);
    match format {
        Format::Text => text::render(verdicts, &summary, example),
        Format::Json => json::render(verdicts, &summary),
        Format::Github => github::render(verdicts, &summary),
        Format::Junit => junit::render(verdicts, &summary),
    }
}
