//! Plain text: `FILE: PLACE: fel|varning: MESSAGE`, for `import` a line per
//! file saying what was stored, then a summary line.

use std::fmt::Write;

use super::{Summary, Verdict};
use crate::store::Fate;
use crate::text::{count, shown};

pub(super) fn render(verdicts: &[Verdict<'_>], summary: &Summary, example: bool) -> String {
    let mut out = String::new();
    for v in verdicts {
        for f in v
            .outcome
            .findings
            .iter()
            .filter(|f| f.is_error() || !example)
        {
            let severity = if f.is_error() { "fel" } else { "varning" };
            let _ = writeln!(
                out,
                "{}: {}{severity}: {}",
                shown(&v.outcome.path),
                super::place_prefix(f),
                f.message
            );
        }
    }
    let _ = writeln!(out, "Kontrollerade {}.", summary.totals());
    if verdicts.iter().any(|v| v.import.is_some()) {
        let states = |state: fn(Fate) -> bool| {
            verdicts
                .iter()
                .filter(|v| v.import.is_some_and(state))
                .count()
        };
        let _ = writeln!(
            out,
            "Import: {}, {}, {}.",
            count(states(|s| s == Fate::Stored), "lagrad", "lagrade"),
            count(states(Fate::is_unchanged), "oförändrad", "oförändrade"),
            count(states(|s| s == Fate::Rejected), "avvisad", "avvisade")
        );
    }
    if example && summary.warnings > 0 {
        example_warnings(verdicts, summary, &mut out);
    }
    out
}

/// The example data's warnings, counted per code.
fn example_warnings(verdicts: &[Verdict<'_>], summary: &Summary, out: &mut String) {
    let mut codes: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for f in verdicts.iter().flat_map(|v| v.outcome.warnings()) {
        *codes.entry(f.code.as_str()).or_default() += 1;
    }
    let _ = writeln!(
        out,
        "Exempeldatan har {} med avsikt, för att visa vad collect varnar för (inget att åtgärda):",
        count(summary.warnings, "varning", "varningar")
    );
    for (code, n) in codes {
        let _ = writeln!(out, "  {n:>3}  {code}");
    }
    let _ = writeln!(
        out,
        "Se varningarna med `collect validate` på filerna, eller i rapportens blad Datakvalitet."
    );
}
