//! GitHub Actions workflow commands: `::error file=…,title=…::message`, so
//! that findings appear as annotations on the pull request.

use std::fmt::Write;

use super::{Summary, Verdict};

pub(super) fn render(verdicts: &[Verdict<'_>], summary: &Summary) -> String {
    let mut out = String::new();
    for v in verdicts {
        for f in &v.outcome.findings {
            let command = if f.is_error() { "error" } else { "warning" };
            let mut properties = format!("file={}", property(&v.outcome.path));
            if let Some(line) = f.place.line_number() {
                let _ = write!(properties, ",line={line}");
            }
            let _ = write!(
                properties,
                ",title={}",
                property(&format!("{} {}", f.code, f.place))
            );
            let _ = writeln!(
                out,
                "::{command} {properties}::{}",
                data(&format!("{}: {}", f.place, f.message))
            );
        }
    }
    let _ = writeln!(
        out,
        "::notice title=collect validate::{}",
        data(&format!(
            "{} filer: {} godkända, {} underkända ({} fel, {} varningar)",
            summary.files, summary.valid, summary.invalid, summary.errors, summary.warnings
        ))
    );
    out
}

/// Escapes a workflow command's message.
fn data(text: &str) -> String {
    text.replace('%', "%25")
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
        assert_eq!(data("50% klart\nrad 2"), "50%25 klart%0Arad 2");
        assert_eq!(property("Budget!C5, a:b"), "Budget!C5%2C a%3Ab");
    }
}
