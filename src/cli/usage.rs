//! Swedish help and usage errors (CLI.md, "Language").
//!
//! clap writes its help and errors in English. [`command`] turns the derived
//! command tree into a Swedish one: headings, templates, `-h`/`-V`, the
//! `help` subcommand, defaults, possible values and usage lines. [`parse`]
//! parses with it and, on a usage error, renders the message itself from
//! the error's kind and context ([`render_error`]), never printing clap's
//! English text: exit 2 for usage errors, 0 for `--help` and `--version`.

use std::ffi::OsString;
use std::fmt::Write as _;
use std::io::Write as _;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command, CommandFactory, FromArgMatches};

use super::Cli;

/// The heading of a command's own options.
const OPTIONS: &str = "Flaggor";
/// The heading of a command's positional arguments.
const ARGUMENTS: &str = "Argument";
/// The heading of the options every command takes.
const COMMON: &str = "Gemensamma flaggor";
/// The heading of the subcommands.
const COMMANDS: &str = "Kommandon";
/// The usage heading in help and errors.
const USAGE: &str = "Användning:";
/// The name of our own `help` subcommand.
const HELP_COMMAND: &str = "help";
/// The longest quoted argument an error message repeats (CLI.md, "Safety").
const MAX_QUOTED: usize = 200;

/// The command line, in Swedish: what [`parse`] uses. [`Cli::command`] is
/// the same tree with clap's English additions.
pub fn command() -> Command {
    let root = Cli::command().disable_help_subcommand(true).subcommand(
        Command::new(HELP_COMMAND)
            .about("Visa hjälp för collect eller för ett av kommandona")
            .arg(
                Arg::new("kommando")
                    .value_name("KOMMANDO")
                    .help("Kommandot att visa hjälp för"),
            ),
    );
    let root = swedish(root, true).disable_version_flag(true).arg(
        Arg::new("version")
            .short('V')
            .long("version")
            .action(ArgAction::Version)
            .help("Visa version")
            .help_heading(OPTIONS),
    );
    with_usages(root)
}

/// Parses the process's arguments; see [`parse_from`].
///
/// # Errors
/// The exit code, after help, the version or a usage error was printed.
pub fn parse() -> Result<Cli, u8> {
    parse_from(std::env::args_os())
}

/// Parses `args` (the program name first). Help and the version go to
/// standard output (exit 0); a usage error is written to standard error in
/// Swedish (exit 2), as is the help shown when no argument is given.
///
/// # Errors
/// The exit code, after help, the version or a usage error was printed.
pub fn parse_from<I, T>(args: I) -> Result<Cli, u8>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString>,
{
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    let mut cmd = command();
    let matches = match cmd.try_get_matches_from_mut(&args) {
        Ok(matches) => matches,
        Err(e) => return Err(report(&cmd, &args, &e)),
    };
    if let Some((HELP_COMMAND, sub)) = matches.subcommand() {
        // `collect help [KOMMANDO]` is `collect [KOMMANDO] --help`.
        let mut again: Vec<OsString> = args.iter().take(1).cloned().collect();
        again.extend(sub.get_one::<String>("kommando").map(OsString::from));
        again.push("--help".into());
        return Err(match cmd.try_get_matches_from_mut(&again) {
            Err(e) => report(&cmd, &again, &e),
            Ok(_) => 0,
        });
    }
    Cli::from_arg_matches(&matches).map_err(|e| report(&cmd, &args, &e))
}

/// Prints what `error` calls for and returns the exit code.
fn report(cmd: &Command, args: &[OsString], error: &clap::Error) -> u8 {
    match error.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            // The help was rendered from our Swedish templates; clap picks
            // the stream and whether to colour it.
            let _ = error.print();
            0
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = error.print();
            2
        }
        _ => {
            let text = render_error(cmd, args, error);
            let _ = std::io::stderr().write_all(text.as_bytes());
            2
        }
    }
}

/// The Swedish message for a usage error of `cmd` (from [`command`]) on
/// `args`: what is wrong, any suggestion, the usage line and where to read
/// more. Never any of clap's own English text.
pub fn render_error(cmd: &Command, args: &[OsString], error: &clap::Error) -> String {
    let sub = subcommand_in(cmd, args);
    let mut text = format!("fel: {}\n", message(error));
    let hints = hints(error);
    if !hints.is_empty() {
        text.push('\n');
        for hint in hints {
            let _ = writeln!(text, "  {hint}");
        }
    }
    let name = match sub {
        Some(sub) => format!("{} {sub}", cmd.get_name()),
        None => cmd.get_name().to_string(),
    };
    let _ = write!(
        text,
        "\n{USAGE} {}\n\nSkriv '{name} --help' för mer information.\n",
        usage(cmd, sub)
    );
    text
}

/// What is wrong, from the error's kind and context.
fn message(error: &clap::Error) -> String {
    let arg = context_string(error, ContextKind::InvalidArg).map(flag);
    let value = context_string(error, ContextKind::InvalidValue).map(quoted);
    match error.kind() {
        ErrorKind::UnknownArgument => match context_string(error, ContextKind::InvalidArg) {
            Some(arg) if arg.starts_with('-') => format!("okänd flagga {}", visible(arg)),
            Some(arg) => format!("oväntat argument {}", quoted(arg)),
            None => "okänd flagga eller oväntat argument".into(),
        },
        ErrorKind::InvalidValue => invalid_value(error, arg, value),
        ErrorKind::ValueValidation => value_validation(error, arg, value),
        ErrorKind::InvalidSubcommand => {
            match context_string(error, ContextKind::InvalidSubcommand) {
                Some(name) => format!("okänt kommando {}", quoted(name)),
                None => "okänt kommando".into(),
            }
        }
        ErrorKind::NoEquals => match arg {
            Some(arg) => format!("{arg} kräver ett likhetstecken: {arg}=VÄRDE"),
            None => "en flagga kräver ett likhetstecken före värdet".into(),
        },
        ErrorKind::TooManyValues => match (arg, value) {
            (Some(arg), Some(value)) => {
                format!("oväntat värde {value} för {arg}: flaggan tar inga fler värden")
            }
            _ => "för många värden till en flagga".into(),
        },
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => value_count(error, arg),
        ErrorKind::ArgumentConflict => conflict(error, arg),
        ErrorKind::MissingRequiredArgument => missing_arguments(error),
        ErrorKind::MissingSubcommand => {
            let mut m = "ett kommando krävs".to_string();
            if let Some(names) =
                context_strings(error, ContextKind::ValidSubcommand).filter(|n| !n.is_empty())
            {
                let _ = write!(m, " (kommandon: {})", names.join(", "));
            }
            m
        }
        ErrorKind::InvalidUtf8 => "ett argument är inte giltig text (UTF-8)".into(),
        ErrorKind::Io => "kunde inte skriva till terminalen".into(),
        _ => "kommandoraden kunde inte tolkas".into(),
    }
}

/// The error's context of `kind` when it is one string.
fn context_string(error: &clap::Error, kind: ContextKind) -> Option<&str> {
    match error.get(kind) {
        Some(ContextValue::String(s)) => Some(s.as_str()),
        _ => None,
    }
}

/// The error's context of `kind` when it is one string or several.
fn context_strings(error: &clap::Error, kind: ContextKind) -> Option<Vec<String>> {
    match error.get(kind) {
        Some(ContextValue::String(s)) => Some(vec![s.clone()]),
        Some(ContextValue::Strings(s)) => Some(s.clone()),
        _ => None,
    }
}

/// An [`ErrorKind::InvalidValue`]: a value missing or not among the
/// possible ones, which are listed.
fn invalid_value(error: &clap::Error, arg: Option<String>, value: Option<String>) -> String {
    let (Some(arg), Some(value)) = (arg, value) else {
        return "ogiltigt värde".into();
    };
    let mut m = if value == "''" {
        format!("saknar värde för {arg}")
    } else {
        format!("ogiltigt värde {value} för {arg}")
    };
    push_values(&mut m, context_strings(error, ContextKind::ValidValue));
    m
}

/// An [`ErrorKind::ValueValidation`]: a value one of our parsers refused,
/// with its reason.
fn value_validation(error: &clap::Error, arg: Option<String>, value: Option<String>) -> String {
    let mut m = "ogiltigt värde".to_string();
    if let Some(value) = value {
        let _ = write!(m, " {value}");
    }
    if let Some(arg) = arg {
        let _ = write!(m, " för {arg}");
    }
    // Only our own parsers' reasons are Swedish (BadValue); clap's
    // and the standard library's are left out.
    if let Some(reason) =
        std::error::Error::source(error).and_then(|e| e.downcast_ref::<BadValue>())
    {
        let _ = write!(m, ": {reason}");
    }
    m
}

/// An [`ErrorKind::TooFewValues`] or [`ErrorKind::WrongNumberOfValues`]:
/// how many values the flag takes and how many it got.
fn value_count(error: &clap::Error, arg: Option<String>) -> String {
    let Some(arg) = arg else {
        return "fel antal värden till en flagga".into();
    };
    let got = number(error.get(ContextKind::ActualNumValues));
    if error.kind() == ErrorKind::TooFewValues {
        let min = number(error.get(ContextKind::MinValues));
        format!("{arg} kräver minst {min} värden men fick {got}")
    } else {
        let want = number(error.get(ContextKind::ExpectedNumValues));
        format!("{arg} kräver {want} värden men fick {got}")
    }
}

/// An [`ErrorKind::MissingRequiredArgument`]: the arguments missing, one a
/// line.
fn missing_arguments(error: &clap::Error) -> String {
    match context_strings(error, ContextKind::InvalidArg) {
        Some(missing) if !missing.is_empty() => {
            let mut m = "följande argument krävs men saknas:".to_string();
            for arg in missing {
                let _ = write!(m, "\n  {}", visible(&arg));
            }
            m
        }
        _ => "ett argument som krävs saknas".into(),
    }
}

/// An [`ErrorKind::ArgumentConflict`]: an option given twice, or two that
/// exclude each other.
fn conflict(error: &clap::Error, arg: Option<String>) -> String {
    let prior = match error.get(ContextKind::PriorArg) {
        Some(ContextValue::String(s)) => vec![flag(s)],
        Some(ContextValue::Strings(s)) => s.iter().map(|s| flag(s)).collect(),
        _ => Vec::new(),
    };
    let what = match (arg, error.get(ContextKind::InvalidSubcommand)) {
        (Some(arg), _) => arg,
        (None, Some(ContextValue::String(sub))) => format!("kommandot {}", quoted(sub)),
        _ => return "två argument som inte kan användas tillsammans".into(),
    };
    if prior.is_empty() {
        format!("{what} kan inte användas tillsammans med de andra argumenten")
    } else if prior == [what.clone()] {
        format!("{what} får bara anges en gång")
    } else {
        format!(
            "{what} kan inte användas tillsammans med {}",
            prior.join(", ")
        )
    }
}

/// Appends ` (möjliga värden: a, b)` when there are any.
fn push_values(message: &mut String, values: Option<Vec<String>>) {
    if let Some(values) = values.filter(|v| !v.is_empty()) {
        let _ = write!(message, " (möjliga värden: {})", values.join(", "));
    }
}

/// Suggestions: "menade du …?" and clap's tips, translated; a tip we do not
/// know is left out rather than shown in English.
fn hints(error: &clap::Error) -> Vec<String> {
    let mut hints = Vec::new();
    let names = |kind| match error.get(kind) {
        Some(ContextValue::String(s)) => vec![s.clone()],
        Some(ContextValue::Strings(s)) => s.clone(),
        _ => Vec::new(),
    };
    let subcommands = names(ContextKind::SuggestedSubcommand);
    if !subcommands.is_empty() {
        let list: Vec<String> = subcommands.iter().map(|s| quoted(s)).collect();
        hints.push(format!("menade du {}?", one_of(&list)));
    }
    let flags = names(ContextKind::SuggestedArg);
    if !flags.is_empty() {
        hints.push(format!("menade du {}?", one_of(&flags)));
    }
    let values = names(ContextKind::SuggestedValue);
    if !values.is_empty() {
        let list: Vec<String> = values.iter().map(|s| quoted(s)).collect();
        hints.push(format!("menade du {}?", one_of(&list)));
    }
    if let Some(ContextValue::StyledStrs(tips)) = error.get(ContextKind::Suggested) {
        hints.extend(
            tips.iter()
                .filter_map(|tip| tip_in_swedish(&tip.to_string())),
        );
    }
    hints
}

/// clap's tips (clap_builder's `error/mod.rs`) in Swedish; `None` for one
/// this version does not know.
fn tip_in_swedish(tip: &str) -> Option<String> {
    if let Some(rest) = tip.strip_prefix("to pass '") {
        let (value, rest) = rest.split_once("' as a value, use '")?;
        let how = rest.strip_suffix('\'')?;
        return Some(format!(
            "för att ge {} som ett värde, skriv {}",
            quoted(value),
            quoted(how)
        ));
    }
    if let Some(rest) = tip.strip_prefix("subcommand '") {
        let (name, _) = rest.split_once("' exists")?;
        return Some(format!(
            "kommandot {} finns: ta bort '--' före det",
            quoted(name)
        ));
    }
    if let Some(inner) = tip
        .strip_prefix('\'')
        .and_then(|t| t.strip_suffix("' exists"))
    {
        return Some(format!(
            "{} finns: skriv flaggan efter kommandot",
            quoted(inner)
        ));
    }
    None
}

/// `a`, `a eller b`, `a, b eller c`.
fn one_of(items: &[String]) -> String {
    match items.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} eller {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// A number from the context, or `?`.
fn number(value: Option<&ContextValue>) -> String {
    match value {
        Some(ContextValue::Number(n)) => n.to_string(),
        _ => "?".into(),
    }
}

/// An option as clap names it (`--output <SÖKVÄG>`) shortened to the flag
/// (`--output`); a positional (`<FIL>...`, `[ID]...`) as `argumentet FIL`.
fn flag(arg: &str) -> String {
    let arg = visible(arg);
    match arg.split_once(' ') {
        Some((flag, _)) if flag.starts_with('-') => flag.trim_end_matches(',').to_string(),
        _ if arg.starts_with('-') => arg,
        _ => {
            let name = arg.trim_end_matches('.');
            let name = name.trim_matches(|c| matches!(c, '<' | '>' | '[' | ']'));
            format!("argumentet {name}")
        }
    }
}

/// `text` in single quotes, made visible and cut to [`MAX_QUOTED`] characters.
fn quoted(text: &str) -> String {
    format!("'{}'", visible(text))
}

/// `text` with control characters shown as `\u{…}`, so an argument cannot
/// steer a terminal or start a line of its own (CLI.md, "Safety"), and cut
/// to [`MAX_QUOTED`] characters.
fn visible(text: &str) -> String {
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i == MAX_QUOTED {
            out.push('…');
            break;
        }
        if c.is_control() {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out
}

/// The subcommand that `args` name, found the way clap does: past the
/// global options and their values.
fn subcommand_in<'a>(cmd: &Command, args: &'a [OsString]) -> Option<&'a str> {
    let mut rest = args.iter().skip(1);
    while let Some(arg) = rest.next() {
        let arg = arg.to_str()?;
        if arg == "--" {
            return None;
        }
        if let Some(long) = arg.strip_prefix("--") {
            let takes_value = cmd
                .get_arguments()
                .any(|a| a.get_long() == Some(long) && a.get_action().takes_values());
            if takes_value {
                rest.next();
            }
            continue;
        }
        if arg.starts_with('-') && arg.len() > 1 {
            continue;
        }
        return cmd.find_subcommand(arg).map(|_| arg);
    }
    None
}

/// The usage line of `cmd` or of its subcommand `sub`, without heading.
fn usage(cmd: &Command, sub: Option<&str>) -> String {
    let mut built = cmd.clone();
    built.build();
    let target = match sub.and_then(|s| built.find_subcommand_mut(s)) {
        Some(target) => target,
        None => &mut built,
    };
    let text = target.render_usage().to_string();
    let text = text.trim_start();
    // clap's usage heading is "Usage:" and cannot be changed; the line
    // after it is ours once `with_usages` has set it.
    let text = text.split_once(' ').map_or(text, |(_, line)| line);
    text.replace("[OPTIONS]", "[FLAGGOR]")
}

/// Sets every command's usage line to clap's own with `[FLAGGOR]` for
/// `[OPTIONS]`, which clap does not let us rename.
fn with_usages(root: Command) -> Command {
    let names: Vec<String> = root
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    let mut out = root.clone().override_usage(usage(&root, None));
    for name in names {
        let line = usage(&root, Some(&name));
        out = out.mut_subcommand(&name, |s| s.override_usage(line));
    }
    out
}

/// One command (and its subcommands) in Swedish; `root` marks the top,
/// whose global options get their own heading.
fn swedish(cmd: Command, root: bool) -> Command {
    // clap's default template with our heading, styled as clap's.
    let style = cmd.get_styles().get_usage();
    let template = format!(
        "{{before-help}}{{about-with-newline}}\n{}{USAGE}{} {{usage}}\n\n{{all-args}}{{after-help}}",
        style.render(),
        style.render_reset()
    );
    let cmd = cmd
        .help_template(template)
        .subcommand_help_heading(COMMANDS)
        .subcommand_value_name("KOMMANDO")
        .disable_help_flag(true)
        .mut_args(|arg| swedish_arg(arg, root));
    let has_long_help = cmd.get_arguments().any(|a| a.get_long_help().is_some());
    let help = Arg::new("help")
        .short('h')
        .long("help")
        .action(ArgAction::Help)
        .help_heading(OPTIONS);
    let help = if has_long_help {
        help.help("Visa hjälp (mer med '--help')")
            .long_help("Visa hjälp (en sammanfattning med '-h')")
    } else {
        help.help("Visa hjälp")
    };
    cmd.arg(help).mut_subcommands(|sub| swedish(sub, false))
}

/// One argument in Swedish: a heading, its default as `[standard: …]` and
/// its possible values explained, in place of clap's English.
fn swedish_arg(arg: Arg, root: bool) -> Arg {
    let mut arg = arg;
    if arg.get_help_heading().is_none() {
        let heading = if arg.is_positional() {
            ARGUMENTS
        } else if root && arg.is_global_set() {
            COMMON
        } else {
            OPTIONS
        };
        arg = arg.help_heading(heading);
    }
    if !arg.get_action().takes_values() {
        return arg;
    }
    let help = arg.get_help().map(ToString::to_string).unwrap_or_default();
    let mut short = help.clone();

    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    let env = arg.get_env().map(|e| format!("${}", e.to_string_lossy()));
    if !help.contains("[standard:") && (!defaults.is_empty() || env.is_some()) {
        let value = match (env, defaults.is_empty()) {
            (Some(env), false) => format!("{env}, annars {}", defaults.join(" ")),
            (Some(env), true) => env,
            (None, _) => defaults.join(" "),
        };
        let _ = write!(short, " [standard: {value}]");
    }
    // `--help` lists the values with their explanations, `-h` names them.
    // clap indents blank lines too, so the list follows without one.
    let mut long = short.clone();
    let values: Vec<_> = arg
        .get_possible_values()
        .into_iter()
        .filter(|v| !v.is_hide_set())
        .collect();
    if !values.is_empty() {
        let names: Vec<&str> = values.iter().map(|v| v.get_name()).collect();
        let _ = write!(short, " [möjliga värden: {}]", names.join(", "));
        long.push_str("\nMöjliga värden:");
        for value in &values {
            let _ = write!(long, "\n- {}", value.get_name());
            if let Some(help) = value.get_help() {
                let _ = write!(long, ": {help}");
            }
        }
    }

    let arg = arg
        .hide_default_value(true)
        .hide_env(true)
        .hide_possible_values(true);
    match (short == help, values.is_empty()) {
        (true, _) => arg,
        (false, true) => arg.help(short),
        (false, false) => arg.help(short).long_help(long),
    }
}

/// Why a value is not valid, in Swedish: the error our own value parsers
/// return, so that a usage error can say why (clap's own reasons are
/// English and are left out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadValue(pub String);

impl std::fmt::Display for BadValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BadValue {}

/// Parses a whole number, saying in Swedish why not (a value parser for
/// clap: `value_parser = usage::integer::<u64>`).
///
/// # Errors
/// [`BadValue`] when `text` is not a number of type `T`.
pub fn integer<T>(text: &str) -> Result<T, BadValue>
where
    T: std::str::FromStr<Err = std::num::ParseIntError>,
{
    use std::num::IntErrorKind;
    text.parse::<T>().map_err(|e| {
        let negative = text
            .strip_prefix('-')
            .is_some_and(|rest| !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit()));
        BadValue(
            match e.kind() {
                IntErrorKind::Empty => "ett heltal väntas, men värdet är tomt",
                IntErrorKind::InvalidDigit if negative => "talet får inte vara negativt",
                IntErrorKind::PosOverflow => "talet är för stort",
                IntErrorKind::NegOverflow => "talet är för litet",
                _ => "ett heltal väntas",
            }
            .to_string(),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_definition_is_consistent() {
        command().debug_assert();
    }

    #[test]
    fn integers_say_why_not_in_swedish() {
        assert_eq!(integer::<u32>("12"), Ok(12));
        let why = |text| integer::<u32>(text).unwrap_err().0;
        assert_eq!(why("tolv"), "ett heltal väntas");
        assert_eq!(why("-3"), "talet får inte vara negativt");
        assert_eq!(why("99999999999"), "talet är för stort");
        assert_eq!(why(""), "ett heltal väntas, men värdet är tomt");
        assert_eq!(
            integer::<i32>("-99999999999").unwrap_err().0,
            "talet är för litet"
        );
    }

    /// Every kind of error clap has, with the context it gives and with
    /// none (as `Error::raw` and the derive make them), renders in Swedish.
    #[test]
    fn every_error_kind_renders_in_swedish() {
        use ContextKind as K;
        use ContextValue as V;
        let s = |text: &str| V::String(text.into());
        let kinds = [
            (
                ErrorKind::InvalidValue,
                vec![(K::InvalidArg, s("--x <N>")), (K::InvalidValue, s("y"))],
            ),
            (ErrorKind::UnknownArgument, vec![(K::InvalidArg, s("--x"))]),
            (
                ErrorKind::InvalidSubcommand,
                vec![(K::InvalidSubcommand, s("x"))],
            ),
            (ErrorKind::NoEquals, vec![(K::InvalidArg, s("--x <N>"))]),
            (
                ErrorKind::ValueValidation,
                vec![(K::InvalidArg, s("--x <N>")), (K::InvalidValue, s("y"))],
            ),
            (
                ErrorKind::TooManyValues,
                vec![(K::InvalidArg, s("--x")), (K::InvalidValue, s("y"))],
            ),
            (
                ErrorKind::TooFewValues,
                vec![
                    (K::InvalidArg, s("--x <N>")),
                    (K::MinValues, V::Number(2)),
                    (K::ActualNumValues, V::Number(1)),
                ],
            ),
            (
                ErrorKind::WrongNumberOfValues,
                vec![
                    (K::InvalidArg, s("--x <N>")),
                    (K::ExpectedNumValues, V::Number(2)),
                    (K::ActualNumValues, V::Number(3)),
                ],
            ),
            (
                ErrorKind::ArgumentConflict,
                vec![(K::InvalidArg, s("--x")), (K::PriorArg, s("--y"))],
            ),
            (
                ErrorKind::MissingRequiredArgument,
                vec![(K::InvalidArg, V::Strings(vec!["--x <N>".into()]))],
            ),
            (
                ErrorKind::MissingSubcommand,
                vec![(K::ValidSubcommand, V::Strings(vec!["a".into()]))],
            ),
            (ErrorKind::InvalidUtf8, vec![]),
            (ErrorKind::Io, vec![]),
            (ErrorKind::Format, vec![]),
        ];
        let cmd = command();
        let args: Vec<OsString> = vec!["collect".into(), "status".into()];
        for (kind, context) in kinds {
            let bare = render_error(&cmd, &args, &clap::Error::raw(kind, "English text"));
            let mut rich = clap::Error::new(kind);
            for (k, v) in context {
                rich.insert(k, v);
            }
            let rich = render_error(&cmd, &args, &rich);
            for text in [bare, rich] {
                assert!(text.starts_with("fel: "), "{kind:?}: {text}");
                assert!(
                    text.contains("\nAnvändning: collect status [FLAGGOR]\n"),
                    "{text}"
                );
                assert!(text.ends_with("Skriv 'collect status --help' för mer information.\n"));
                for english in [
                    "English", "error", "Usage", "OPTIONS", "value", "required", "found",
                ] {
                    assert!(!text.contains(english), "{kind:?}: {text}");
                }
            }
        }
    }

    #[test]
    fn unknown_tips_are_left_out() {
        assert_eq!(tip_in_swedish("something new in clap"), None);
        assert_eq!(
            tip_in_swedish("to pass '--x' as a value, use '-- --x'").as_deref(),
            Some("för att ge '--x' som ett värde, skriv '-- --x'")
        );
    }

    #[test]
    fn arguments_are_shown_visible_and_short() {
        assert_eq!(visible("a\u{1b}[2Jb\n"), "a\\u{1b}[2Jb\\u{a}");
        assert_eq!(visible(&"x".repeat(300)).chars().count(), MAX_QUOTED + 1);
        assert_eq!(flag("--output <SÖKVÄG>"), "--output");
        assert_eq!(flag("<FIL>..."), "argumentet FIL");
        assert_eq!(flag("[ID]..."), "argumentet ID");
        assert_eq!(one_of(&["a".into()]), "a");
        assert_eq!(
            one_of(&["a".into(), "b".into(), "c".into()]),
            "a, b eller c"
        );
    }
}
