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
        "Kontrollerade {}: {}, {} ({}, {}).",
        count(summary.files, "fil", "filer"),
        count(summary.valid, "godkänd", "godkända"),
        count(summary.invalid, "underkänd", "underkända"),
        count(summary.errors, "fel", "fel"),
        count(summary.warnings, "varning", "varningar")
    );
    if verdicts.iter().any(|v| v.import.is_some()) {
        let states = |state| verdicts.iter().filter(|v| v.import == Some(state)).count();
        let _ = writeln!(
            out,
            "Import: {}, {}, {}.",
            count(states(ImportState::Stored), "lagrad", "lagrade"),
            count(states(ImportState::Unchanged), "oförändrad", "oförändrade"),
            count(states(ImportState::Rejected), "avvisad", "avvisade")
        );
    }
    out
}

/// `n` with the singular or plural noun.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
