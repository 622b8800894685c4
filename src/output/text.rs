//! Plain text: `FILE: PLACE: fel|varning: MESSAGE`, for `import` a line per
//! file saying what was stored, then a summary line.

use std::fmt::Write;

use super::{ImportState, Summary, Verdict};

pub(super) fn render(verdicts: &[Verdict<'_>], summary: &Summary) -> String {
    let mut out = String::new();
    for v in verdicts {
        for f in &v.outcome.findings {
            let severity = if f.is_error() { "fel" } else { "varning" };
            let _ = writeln!(
                out,
                "{}: {}: {severity}: {}",
                v.outcome.path, f.place, f.message
            );
        }
    }
    let _ = writeln!(
        out,
        "{} {} kontrollerade: {} godkända, {} underkända ({} fel, {} varningar).",
        summary.files,
        if summary.files == 1 { "fil" } else { "filer" },
        summary.valid,
        summary.invalid,
        summary.errors,
        summary.warnings
    );
    if verdicts.iter().any(|v| v.import.is_some()) {
        let count = |state| verdicts.iter().filter(|v| v.import == Some(state)).count();
        let _ = writeln!(
            out,
            "Import: {} lagrade, {} oförändrade, {} avvisade.",
            count(ImportState::Stored),
            count(ImportState::Unchanged),
            count(ImportState::Rejected)
        );
    }
    out
}
