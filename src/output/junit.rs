//! JUnit XML: one test case per file, a failure per invalid file with its
//! findings, warnings of valid files as system output.

use std::fmt::Write;

use super::{Summary, Verdict};
use crate::text::count;

pub(super) fn render(verdicts: &[Verdict<'_>], summary: &Summary) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"collect validate\" tests=\"{}\" failures=\"{}\">",
        summary.files, summary.invalid
    );
    let _ = writeln!(
        out,
        "  <testsuite name=\"collect validate\" tests=\"{}\" failures=\"{}\" errors=\"0\">",
        summary.files, summary.invalid
    );
    for v in verdicts {
        let path = escape(&v.outcome.path);
        let lines: Vec<String> = v
            .outcome
            .findings
            .iter()
            .map(|f| {
                let severity = if f.is_error() { "fel" } else { "varning" };
                format!(
                    "{}{severity}: {} [{}]",
                    super::place_prefix(f),
                    f.message,
                    f.code
                )
            })
            .collect();
        let _ = write!(
            out,
            "    <testcase classname=\"collect.validate\" name=\"{path}\""
        );
        if v.valid && lines.is_empty() {
            out.push_str("/>\n");
            continue;
        }
        out.push_str(">\n");
        let body = escape(&lines.join("\n"));
        if v.valid {
            let _ = writeln!(out, "      <system-out>{body}</system-out>");
        } else {
            let errors = v.outcome.errors().count();
            let message = match (errors, v.outcome.warnings().count()) {
                (0, w) => format!("{} (--strict)", count(w, "varning", "varningar")),
                (e, _) => count(e, "fel", "fel"),
            };
            let _ = writeln!(
                out,
                "      <failure message=\"{}\" type=\"invalid_submission\">{body}</failure>",
                escape(&message)
            );
        }
        out.push_str("    </testcase>\n");
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

/// Escapes text for XML content and attributes, dropping characters XML 1.0
/// does not allow.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' | '\t' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_markup_and_drops_control_characters() {
        assert_eq!(escape("a<b>&\"c'\u{1}"), "a&lt;b&gt;&amp;&quot;c&apos;");
    }
}
