//! `collect history ID`: every stored submission of one respondent.

use std::fmt::Write as _;
use std::io::Write;

use super::{Status, load, write_out};
use crate::cli::{Global, HistoryArgs, HistoryFormat};
use crate::error::Error;

/// Writes the history of one respondent.
///
/// # Errors
/// An unknown respondent, an unusable registry or database.
pub fn run(global: &Global, args: HistoryArgs, out: &mut dyn Write) -> Result<Status, Error> {
    let (_, registry) = load(global)?;
    let respondent = super::respondent(&registry, &args.respondent, None)?;
    let store = super::read_store(global, &mut std::io::stderr())?;
    let history = store.history(&respondent.id)?;
    let text = match args.format {
        HistoryFormat::Json => {
            let doc = serde_json::json!({"respondent": respondent.id, "name": respondent.name, "submissions": history});
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
                    s.imported,
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
            text
        }
    };
    write_out(out, &text)?;
    Ok(Status::Success)
}
