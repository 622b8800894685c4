//! Help and usage errors in Swedish (CLI.md, "Language", "Exit codes"):
//! a snapshot of every help text and of every kind of usage error, and a
//! scan of all of them for clap's English.
//!
//! After a deliberate change, re-accept the snapshots with
//! `INSTA_UPDATE=always cargo test --test cli usage` (or `cargo insta
//! review`) and read the diff of `tests/cli/snapshots/` before committing.

use super::{Run, collect};

/// Words clap writes in its help and errors; none may reach a user.
const ENGLISH: &[&str] = &[
    "Usage",
    "Options",
    "OPTIONS",
    "Arguments",
    "Commands",
    "COMMAND",
    "Print",
    "default",
    "possible values",
    "error:",
    "required",
    "unexpected",
    "found",
    "tip",
    "For more information",
    "env:",
    "see more",
];

/// The English words of `ENGLISH` in `text`, each as a whole word.
fn english_in(text: &str) -> Vec<&'static str> {
    ENGLISH
        .iter()
        .copied()
        .filter(|word| {
            text.match_indices(word).any(|(at, _)| {
                let before = text[..at].chars().next_back();
                let after = text[at + word.len()..].chars().next();
                !before.is_some_and(char::is_alphanumeric)
                    && !after.is_some_and(char::is_alphanumeric)
            })
        })
        .collect()
}

/// Fails naming every English word in what `args` printed.
fn assert_swedish(args: &[&str], run: &Run) {
    let both = format!("{}{}", run.stdout, run.stderr);
    let found = english_in(&both);
    assert!(
        found.is_empty(),
        "`collect {}` printed English {found:?}:\n{both}",
        args.join(" ")
    );
}

/// A run as one text: the command line (control characters escaped), the
/// exit code and both streams.
fn transcript(args: &[&str], run: &Run) -> String {
    let line: String = args
        .iter()
        .map(|arg| format!(" {}", arg.escape_debug()))
        .collect();
    format!(
        "$ collect{line}\nexit: {}\n--- stdout ---\n{}--- stderr ---\n{}",
        run.code, run.stdout, run.stderr
    )
}

/// Every subcommand, `help` included, as `collect --help` lists them.
fn subcommands() -> Vec<String> {
    collect::cli::usage::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect()
}

#[test]
fn help_is_swedish_on_standard_output() {
    let run = collect(&["--help"]);
    assert_eq!(run.code, 0);
    assert_eq!(run.stderr, "");
    assert_swedish(&["--help"], &run);
    for heading in [
        "Användning: collect",
        "Kommandon:",
        "Flaggor:",
        "Visa hjälp",
    ] {
        assert!(
            run.stdout.contains(heading),
            "no {heading}:\n{}",
            run.stdout
        );
    }
    insta::assert_snapshot!("help", run.stdout);

    for name in subcommands() {
        let args = [name.as_str(), "--help"];
        let run = collect(&args);
        assert_eq!(run.code, 0, "{}", transcript(&args, &run));
        assert_eq!(run.stderr, "", "{}", transcript(&args, &run));
        assert_swedish(&args, &run);
        assert!(
            run.stdout.contains(&format!("Användning: collect {name}")),
            "{}",
            run.stdout
        );
        insta::assert_snapshot!(format!("help_{name}"), run.stdout);

        // The short form and `collect help CMD` are Swedish too.
        let args = [name.as_str(), "-h"];
        let short = collect(&args);
        assert_eq!(short.code, 0);
        assert_swedish(&args, &short);
        let args = ["help", name.as_str()];
        let via_help = collect(&args);
        assert_eq!(via_help.code, 0);
        assert_eq!(via_help.stdout, run.stdout, "`collect help {name}`");
    }
}

#[test]
fn every_default_is_shown_once_in_swedish() {
    for name in subcommands() {
        for flag in ["--help", "-h"] {
            let run = collect(&[&name, flag]);
            for line in run.stdout.lines() {
                assert!(
                    line.matches("[standard:").count() <= 1,
                    "`collect {name} {flag}` shows a default twice: {line}"
                );
            }
        }
    }
    let run = collect(&["validate", "--help"]);
    assert!(run.stdout.contains("[standard: text]"), "{}", run.stdout);
    assert!(run.stdout.contains("Möjliga värden:"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("- junit: JUnit XML, ett testfall per fil, för CI-översikter"),
        "each possible value explained:\n{}",
        run.stdout
    );
    let run = collect(&["validate", "-h"]);
    assert!(
        run.stdout
            .contains("[möjliga värden: text, json, github, junit]"),
        "{}",
        run.stdout
    );
    let run = collect(&["status", "--help"]);
    assert!(
        run.stdout
            .contains("[standard: $COLLECT_DB, annars collect.db]"),
        "{}",
        run.stdout
    );
}

#[test]
fn version_is_printed_on_standard_output() {
    for flag in ["--version", "-V"] {
        let run = collect(&[flag]);
        assert_eq!(run.code, 0);
        assert_eq!(
            run.stdout,
            format!("collect {}\n", env!("CARGO_PKG_VERSION"))
        );
        assert_eq!(run.stderr, "");
    }
}

/// Usage errors, one case (or more) per kind of error clap reports for
/// this command line: the name of its snapshot and the arguments.
const USAGE_ERRORS: &[(&str, &[&str])] = &[
    // ErrorKind::UnknownArgument
    ("unknown_flag", &["status", "--foo"]),
    (
        "unknown_flag_suggestion",
        &["validate", "--strikt", "a.csv"],
    ),
    ("unknown_flag_as_value", &["validate", "--foo"]),
    ("unexpected_argument", &["status", "extra"]),
    (
        "flag_before_its_command",
        &["--strict", "validate", "a.csv"],
    ),
    ("double_dash_before_command", &["--", "validate"]),
    ("control_characters", &["status", "--\u{1b}[2J\nx"]),
    // ErrorKind::InvalidValue
    ("missing_value", &["backup", "-o"]),
    ("missing_value_of_choice", &["status", "--format"]),
    ("invalid_value", &["validate", "--format", "xml", "a.csv"]),
    (
        "invalid_value_suggestion",
        &["validate", "--format", "jsno", "a.csv"],
    ),
    // ErrorKind::ValueValidation
    ("not_a_number", &["status", "--year", "nästa"]),
    ("number_too_large", &["status", "--max-rows", "99999999999"]),
    ("negative_number", &["status", "--max-rows=-5"]),
    // ErrorKind::InvalidSubcommand
    ("unknown_command_suggestion", &["valdate", "a.csv"]),
    ("unknown_command", &["skicka"]),
    ("help_for_unknown_command", &["help", "imprt"]),
    // ErrorKind::MissingRequiredArgument
    ("missing_files", &["validate"]),
    ("missing_output", &["backup"]),
    ("missing_reason", &["withdraw", "1441"]),
    ("missing_respondents", &["erase-contacts"]),
    (
        "prefill_without_respondent",
        &["template", "-o", "x.xlsx", "--prefill"],
    ),
    // ErrorKind::ArgumentConflict
    (
        "conflicting_flags",
        &["template", "-o", "x", "--respondent", "1441", "--all"],
    ),
    (
        "conflicting_arguments",
        &["erase-contacts", "1441", "--all"],
    ),
    (
        "repeated_flag",
        &["status", "--year", "2025", "--year", "2026"],
    ),
    // ErrorKind::TooManyValues
    ("value_for_a_switch", &["validate", "--strict=ja", "a.csv"]),
    // ErrorKind::MissingSubcommand
    ("missing_command", &["--db", "x.db"]),
    // ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ("no_arguments", &[]),
];

#[test]
fn usage_errors_are_swedish_with_exit_2() {
    for (name, args) in USAGE_ERRORS {
        let run = collect(args);
        let shown = transcript(args, &run);
        assert_eq!(run.code, 2, "{shown}");
        assert_eq!(run.stdout, "", "{shown}");
        assert_swedish(args, &run);
        if !args.is_empty() {
            assert!(run.stderr.starts_with("fel: "), "{shown}");
            assert!(run.stderr.contains("\nAnvändning: collect"), "{shown}");
            assert!(run.stderr.ends_with("för mer information.\n"), "{shown}");
        }
        insta::assert_snapshot!(format!("usage_error_{name}"), shown);
    }
}

#[test]
fn usage_errors_say_what_is_wrong() {
    let stderr = |args: &[&str]| collect(args).stderr;
    assert!(stderr(&["status", "--foo"]).starts_with("fel: okänd flagga --foo\n"));
    assert!(stderr(&["backup", "--output"]).starts_with("fel: saknar värde för --output\n"));
    assert!(stderr(&["validate", "--format", "x", "a.csv"]).starts_with(
        "fel: ogiltigt värde 'x' för --format (möjliga värden: text, json, github, junit)\n"
    ));
    let unknown = stderr(&["valdate"]);
    assert!(
        unknown.starts_with("fel: okänt kommando 'valdate'\n"),
        "{unknown}"
    );
    assert!(unknown.contains("menade du 'validate'?"), "{unknown}");
    assert!(unknown.ends_with("Skriv 'collect --help' för mer information.\n"));
    let missing = stderr(&["backup"]);
    assert!(
        missing.starts_with("fel: följande argument krävs men saknas:\n  --output <FIL>\n"),
        "{missing}"
    );
    assert!(
        missing.contains("\nAnvändning: collect backup "),
        "{missing}"
    );
    assert!(missing.ends_with("Skriv 'collect backup --help' för mer information.\n"));
}

#[cfg(unix)]
#[test]
fn an_argument_that_is_not_utf8_is_a_swedish_usage_error() {
    use std::os::unix::ffi::OsStrExt;
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_collect"))
        .arg("history")
        .arg(std::ffi::OsStr::from_bytes(b"Lerum\xff"))
        .current_dir(super::root())
        .env_remove("COLLECT_DB")
        .output()
        .expect("the binary runs");
    let run = Run {
        code: output.status.code().expect("exited"),
        stdout: String::from_utf8(output.stdout).expect("UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("UTF-8"),
    };
    let args = ["history", "Lerum<0xff>"];
    assert_eq!(run.code, 2, "{}", transcript(&args, &run));
    assert_swedish(&args, &run);
    insta::assert_snapshot!("usage_error_not_utf8", transcript(&args, &run));
}

#[test]
fn the_english_scan_finds_clap_words() {
    assert_eq!(
        english_in("error: unexpected argument"),
        ["error:", "unexpected"]
    );
    assert_eq!(english_in("Usage: collect [OPTIONS]"), ["Usage", "OPTIONS"]);
    assert!(english_in("fel: okänd flagga; tips: [standard: text]").is_empty());
}
