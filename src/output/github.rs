//! GitHub Actions workflow commands: `::error file=…,title=…::message`, so
//! that findings appear as annotations on the pull request.

use std::fmt::Write;

use super::{Summary, Verdict};
use crate::text::shown;

pub(super) fn render(verdicts: &[Verdict<'_>], summary: &Summary) -> String {
    let mut out = String::new();
    for v in verdicts {
        for f in &v.outcome.findings {
            let command = if f.is_error() { "error" } else { "warning" };
            let mut properties = format!("file={}", property(&shown(&v.outcome.path)));
            if let Some(line) = f.place.line_number() {
                let _ = write!(properties, ",line={line}");
            }
            let _ = write!(
                properties,
                ",title={}",
                property(&format!("{} {}", f.code, f.place.in_document()))
            );
            let _ = writeln!(
                out,
                "::{command} {properties}::{}",
                data(&format!("{}{}", super::place_prefix(f), f.message))
            );
        }
    }
    let _ = writeln!(
        out,
        "::notice title=collect validate::{}",
        data(&summary.totals())
    );
    out
}

/// A Markdown table of every file and finding for the job's step summary
/// (`$GITHUB_STEP_SUMMARY`): annotations show only ten of each kind.
pub(super) fn step_summary(verdicts: &[Verdict<'_>], summary: &Summary) -> String {
    let mut out = String::from("## collect: kontroll av inlämnade filer\n\n");
    let _ = writeln!(out, "{}.\n", summary.totals());
    out.push_str(
        "| Fil | Resultat | Allvarlighet | Plats | Kod | Meddelande |\n|---|---|---|---|---|---|\n",
    );
    for v in verdicts {
        let verdict = if v.valid { "godkänd" } else { "underkänd" };
        let file = cell(&v.outcome.path);
        if v.outcome.findings.is_empty() {
            let _ = writeln!(out, "| {file} | {verdict} | | | | |");
        }
        for f in &v.outcome.findings {
            let severity = if f.is_error() { "fel" } else { "varning" };
            let _ = writeln!(
                out,
                "| {file} | {verdict} | {severity} | {} | `{}` | {} |",
                cell(&f.place.in_document()),
                cell(&f.code),
                cell(&f.message)
            );
        }
    }
    out
}

/// Text for one Markdown table cell: one line, no cell break, no markup.
fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '`' => out.push('\''),
            c => out.push(crate::text::visible(c)),
        }
    }
    out
}

/// Escapes a workflow command's message.
fn data(text: &str) -> String {
    shown(text)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_github_expects() {
        assert_eq!(data("50% klart\nrad 2\r"), "50%25 klart⏎rad 2␍");
        assert_eq!(
            data("X\n::error title=x::owned"),
            "X⏎::error title=x::owned"
        );
        assert_eq!(property("Budget!C5, a:b"), "Budget!C5%2C a%3Ab");
    }
}
