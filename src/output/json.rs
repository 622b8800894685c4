//! One JSON document with every file and a summary (CLI.md).

use serde_json::json;

use super::{Summary, Verdict};
use crate::finding::Finding;
use crate::store::Fate;

pub(super) fn render(verdicts: &[Verdict<'_>], summary: &Summary) -> String {
    let files: Vec<_> = verdicts
        .iter()
        .map(|v| {
            let list = |errors: bool| -> Vec<&Finding> {
                v.outcome
                    .findings
                    .iter()
                    .filter(|f| f.is_error() == errors)
                    .collect()
            };
            let mut file = json!({
                "path": v.outcome.path,
                "respondent": v.outcome.submission.respondent,
                "year": v.outcome.submission.year,
                "valid": v.valid,
                "errors": list(true),
                "warnings": list(false),
            });
            if let Some(state) = v.import {
                file["import"] = json!(state);
                if state == Fate::Withdrawn {
                    file["withdrawn"] = json!(true);
                }
            }
            file
        })
        .collect();
    let doc = json!({
        "files": files,
        "summary": {
            "files": summary.files,
            "valid": summary.valid,
            "invalid": summary.invalid,
            "errors": summary.errors,
            "warnings": summary.warnings,
        },
    });
    format!("{doc:#}\n")
}
