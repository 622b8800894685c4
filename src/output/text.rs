//! Plain text: `FILE: PLACE: fel|varning: MESSAGE`, then a summary line.

use std::fmt::Write;

use super::{Summary, Verdict};

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
    out
}
