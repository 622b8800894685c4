//! `collect history ID`: every stored submission of one respondent.

use std::fmt::Write as _;
use std::io::Write;

use super::{Status, load, write_out};
use crate::cli::{Global, HistoryArgs, HistoryFormat};
use crate::error::Error;
use crate::store::LoggedAttempt;
use crate::text::{count, shown};
use crate::time;

/// Writes the history of one respondent.
///
/// # Errors
/// An unknown respondent, an unusable registry or database.
pub fn run(global: &Global, args: HistoryArgs, out: &mut dyn Write) -> Result<Status, Error> {
    let (_, registry) = load(global)?;
    let respondent = super::respondent(&registry, &args.respondent, None)?;
    let store = super::read_store(global, &mut std::io::stderr())?;
    let history = store.history(&respondent.id)?;
    let rejected = store.rejected_attempts(&respondent.id)?;
    let text = match args.format {
        HistoryFormat::Json => {
            let mut submissions = serde_json::to_value(&history).unwrap_or_default();
            for s in submissions.as_array_mut().into_iter().flatten() {
                if let Some(imported) = s["imported"].as_str() {
                    s["imported"] = time::for_scripts(imported).into();
                }
            }
            let rejected: Vec<_> = rejected
                .iter()
                .map(|a| LoggedAttempt {
                    at: time::for_scripts(&a.at),
                    ..a.clone()
                })
                .collect();
            let doc = serde_json::json!({
                "respondent": respondent.id,
                "name": respondent.name,
                "submissions": submissions,
                "rejected": rejected,
            });
            format!("{doc:#}\n")
        }
        HistoryFormat::Text => {
            let mut text = format!(
                "{} ({}): {}\n",
                respondent.name,
                respondent.id,
                crate::text::count(history.len(), "inlämning", "inlämningar")
            );
            for s in &history {
                let _ = writeln!(
                    text,
                    "\n{}  {}{}\n  fil:        {}\n  besvarad:   {}\n  importerad: {}\n  sha256:     {}\n  varningar:  {}{}{}",
                    s.year,
                    s.state.label(),
                    s.withdrawn_reason
                        .as_deref()
                        .map(|r| format!(" ({r})"))
                        .unwrap_or_default(),
                    s.file,
                    s.besvarad.as_deref().unwrap_or("–"),
                    time::for_people(&s.imported),
                    s.sha256,
                    s.warnings,
                    if s.example { "\n  exempeldata" } else { "" },
                    if s.has_original {
                        ""
                    } else {
                        "\n  originalfilen är raderad"
                    },
                );
                text.push_str(&super::reinstate::trail_lines(&s.trail));
            }
            rejected_text(&rejected, &mut text);
            text
        }
    };
    write_out(out, &text)?;
    Ok(Status::Success)
}

/// The rejected attempts, newest first, each with its first errors.
fn rejected_text(rejected: &[LoggedAttempt], text: &mut String) {
    if rejected.is_empty() {
        return;
    }
    let _ = writeln!(text, "\nUnderkända importförsök ({}):", rejected.len());
    for a in rejected {
        let _ = writeln!(
            text,
            "\n{}  {}\n  fil:        {}\n  sha256:     {}\n  fel:        {}",
            time::for_people(&a.at),
            a.year
                .map_or_else(|| "okänt år".to_string(), |y| y.to_string()),
            shown(&a.file_name),
            if a.sha256.is_empty() {
                "– (filen lästes inte)"
            } else {
                &a.sha256
            },
            count(a.errors, "fel", "fel"),
        );
        for error in &a.first_errors {
            let _ = writeln!(text, "    {}", shown(error));
        }
    }
}
