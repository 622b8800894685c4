//! Text normalisation for matching what people type against names (sheet
//! names, choice labels, organisation names), and counts in Swedish with
//! the noun in the right number.

use unicode_normalization::UnicodeNormalization;

/// Folds text for comparison: lower case, diacritics removed (`å` → `a`),
/// surrounding space trimmed and inner runs of white space made one space.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    let mut push = |c: char| {
        if c.is_whitespace() {
            space = !out.is_empty();
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.extend(c.to_lowercase());
        }
    };
    if text.is_ascii() {
        text.chars().for_each(&mut push);
    } else {
        text.nfd()
            .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
            .for_each(&mut push);
    }
    out
}

/// A name for files, links and addresses: lower-case ASCII letters, digits
/// and hyphens (`Lilla Edet` → `lilla-edet`).
pub fn slug(name: &str) -> String {
    fold(name)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}

/// The longest quotation of outside text, in characters.
pub const MAX_QUOTE_CHARS: usize = 200;

/// Outside text (a cell, a sheet or file name, a CSV line) quoted for a
/// message, as it stands, with no escape characters added: in double
/// quotes, control characters replaced by visible marks (so no line a
/// terminal or a CI log reads can be steered by it), and cut with "…"
/// after [`MAX_QUOTE_CHARS`] characters.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(MAX_QUOTE_CHARS * 4) + 2);
    out.push('"');
    for (i, c) in text.chars().enumerate() {
        if i == MAX_QUOTE_CHARS {
            out.push('…');
            break;
        }
        out.push(visible(c));
    }
    out.push('"');
    out
}

/// Outside text (a file or sheet name) made safe for a terminal or a log
/// line: every control character shown as its visible mark.
pub fn shown(text: &str) -> String {
    text.chars().map(visible).collect()
}

/// A character as it may be shown: control characters as their visible
/// marks (line breaks as ⏎, tabs as ⇥, escape as ␛, others as Unicode's
/// control pictures), bidirectional overrides as �.
pub fn visible(c: char) -> char {
    match c {
        '\n' => '⏎',
        '\t' => '⇥',
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + u32::from(c)).unwrap_or('\u{fffd}'),
        '\u{7f}' => '␡',
        '\u{80}'..='\u{9f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}'
        | '\u{2028}'
        | '\u{2029}' => '\u{fffd}',
        c => c,
    }
}

/// The longest file name `collect` makes, extension included.
pub const MAX_FILE_NAME_CHARS: usize = 100;

/// Windows device names, which no file may have as its stem.
const RESERVED_STEMS: [&str; 22] = [
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// A file name made from outside text, such as a registry id and name
/// (`["1441", "Lerum"]` → `1441-lerum.xlsx`): lower-case ASCII letters,
/// digits and single hyphens, starting with neither a dot nor a hyphen,
/// never a Windows device name, at most [`MAX_FILE_NAME_CHARS`] characters.
/// It has no folder part, so joined to a folder it stays inside it.
pub fn file_name(parts: &[&str], extension: &str) -> String {
    let joined = parts.iter().map(|p| slug(p)).collect::<Vec<_>>().join("-");
    let mut stem = String::with_capacity(joined.len());
    for c in joined.chars() {
        if !(c == '-' && (stem.is_empty() || stem.ends_with('-'))) {
            stem.push(c);
        }
    }
    let room = MAX_FILE_NAME_CHARS.saturating_sub(extension.len() + 1);
    let mut stem: String = stem.chars().take(room).collect();
    while stem.ends_with('-') {
        stem.pop();
    }
    if stem.is_empty() {
        stem.push_str("namnlos");
    }
    if RESERVED_STEMS.contains(&stem.as_str()) {
        stem.insert(0, '_');
    }
    format!("{stem}.{extension}")
}

/// File names handed out for one folder, unique ignoring case: a name
/// already taken gets `-2`, `-3`, … before its extension.
#[derive(Debug, Default)]
pub struct UniqueNames {
    taken: std::collections::HashSet<String>,
}

impl UniqueNames {
    /// `name`, or the first free variant of it.
    pub fn claim(&mut self, name: &str) -> String {
        let (stem, extension) = name.rsplit_once('.').unwrap_or((name, ""));
        let mut candidate = name.to_string();
        let mut n = 1;
        while !self.taken.insert(candidate.to_lowercase()) {
            n += 1;
            let suffix = format!("-{n}");
            let room = MAX_FILE_NAME_CHARS.saturating_sub(extension.len() + 1 + suffix.len());
            let short: String = stem.chars().take(room).collect();
            candidate = format!("{short}{suffix}.{extension}");
        }
        candidate
    }
}

/// A file name for people, made from outside text such as a survey title
/// and an organisation name (`Lokalt nuläge digitalisering 2026 Öckerö.xlsx`),
/// for a name another program saves, such as an e-mail attachment's: it
/// keeps letters (å, ä and ö too), digits, space, `-`, `_` and `.`, every
/// other character becoming a space; starts with neither a dot nor a
/// hyphen, ends in neither a dot nor a space, is never a Windows device
/// name and is at most [`MAX_FILE_NAME_CHARS`] characters.
pub fn readable_file_name(text: &str, extension: &str) -> String {
    let mut stem = String::with_capacity(text.len());
    for c in text.nfc() {
        let c = if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
            c
        } else {
            ' '
        };
        if !(c == ' ' && (stem.is_empty() || stem.ends_with(' '))) {
            stem.push(c);
        }
    }
    let room = MAX_FILE_NAME_CHARS.saturating_sub(extension.chars().count() + 1);
    let stem: String = stem
        .trim_start_matches(['.', '-', ' '])
        .chars()
        .take(room)
        .collect();
    let mut stem = stem.trim_end_matches(['.', ' ']).to_string();
    if stem.is_empty() {
        stem.push_str("namnlös");
    }
    let device = stem.split('.').next().unwrap_or_default().to_lowercase();
    if RESERVED_STEMS.contains(&device.as_str()) {
        stem.insert(0, '_');
    }
    format!("{stem}.{extension}")
}

/// `template` with each `{name}` placeholder that `value` knows replaced,
/// in one pass: a value that itself holds `{…}` is left as it is, and so
/// is a placeholder `value` does not know.
pub fn fill<'a>(template: &str, value: impl Fn(&str) -> Option<&'a str>) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after
            .find('}')
            .and_then(|close| Some((close, value(&after[..close])?)))
        {
            Some((close, text)) => {
                out.push_str(text);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `n` with its noun in the right number: `count(1, "varning",
/// "varningar")` is "1 varning", `count(2, …)` "2 varningar". Every count
/// shown to a person goes through here.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_plain_ascii() {
        assert_eq!(slug("Lilla Edet"), "lilla-edet");
        assert_eq!(
            slug("Göteborgsregionens kommunalförbund"),
            "goteborgsregionens-kommunalforbund"
        );
    }

    #[test]
    fn folds_case_diacritics_and_space() {
        assert_eq!(fold("  Förmågor "), "formagor");
        assert_eq!(fold("GÖTEBORGS\u{a0}Stad"), "goteborgs stad");
        assert_eq!(fold("Uppgiftslämnare"), fold("UPPGIFTSLAMNARE"));
    }

    #[test]
    fn quotes_show_text_as_it_stands_bounded_and_visible() {
        assert_eq!(quote("The \"Sheet\""), "\"The \"Sheet\"\"");
        assert_eq!(quote("a\nb\tc\u{1b}[31m"), "\"a⏎b⇥c␛[31m\"");
        assert_eq!(quote("\u{202e}x"), "\"\u{fffd}x\"");
        let long = quote(&"x".repeat(500));
        assert_eq!(long.chars().count(), MAX_QUOTE_CHARS + 3);
        assert!(long.ends_with("…\""));
        assert_eq!(quote(&"å".repeat(200)).chars().count(), 202);
    }

    #[test]
    fn readable_file_names_keep_swedish_letters_and_stay_safe() {
        assert_eq!(
            readable_file_name("Lokalt nuläge digitalisering 2026 Öckerö", "xlsx"),
            "Lokalt nuläge digitalisering 2026 Öckerö.xlsx"
        );
        assert_eq!(
            readable_file_name("Dals-Ed / Lilla Edet: ../x", "xlsx"),
            "Dals-Ed Lilla Edet .. x.xlsx"
        );
        assert_eq!(readable_file_name("../../ut\n", "xlsx"), "ut.xlsx");
        assert_eq!(readable_file_name(" -.rf\u{202e}", "xlsx"), "rf.xlsx");
        assert_eq!(readable_file_name("CON", "xlsx"), "_CON.xlsx");
        assert_eq!(readable_file_name("!!!", "xlsx"), "namnlös.xlsx");
        let long = readable_file_name(&"å".repeat(300), "xlsx");
        assert_eq!(long.chars().count(), MAX_FILE_NAME_CHARS);
        // Decomposed å (a + ring) is composed, so it is kept as one letter.
        assert_eq!(readable_file_name("Bora\u{30a}s", "xlsx"), "Borås.xlsx");
    }

    #[test]
    fn placeholders_are_filled_in_one_pass() {
        let value = |name: &str| match name {
            "a" => Some("{b}"),
            "b" => Some("B"),
            _ => None,
        };
        assert_eq!(fill("x {a} {b} {c} {", value), "x {b} B {c} {");
        assert_eq!(fill("{a}{b}", value), "{b}B");
        assert_eq!(fill("", value), "");
    }

    #[test]
    fn counts_agree_in_number() {
        assert_eq!(count(0, "varning", "varningar"), "0 varningar");
        assert_eq!(count(1, "varning", "varningar"), "1 varning");
        assert_eq!(count(2, "inlämning", "inlämningar"), "2 inlämningar");
    }

    #[test]
    fn file_names_stay_inside_their_folder_and_apart() {
        assert_eq!(file_name(&["1441", "Lerum"], "xlsx"), "1441-lerum.xlsx");
        assert_eq!(file_name(&["GR", "Lilla Edet"], "eml"), "gr-lilla-edet.eml");
        for hostile in [
            "../../escaped",
            "/tmp/x",
            "a\\b",
            "x\0y",
            "rad\nbrytning",
            ".hidden",
            "-rf",
        ] {
            let name = file_name(&[hostile], "xlsx");
            assert!(!name.contains(['/', '\\', '\0', '\n']), "{name}");
            assert!(!name.starts_with(['.', '-']), "{name}");
            assert_eq!(
                std::path::Path::new(&name).components().count(),
                1,
                "{name}"
            );
        }
        assert_eq!(file_name(&["../../escaped"], "xlsx"), "escaped.xlsx");
        assert_eq!(file_name(&["CON"], "xlsx"), "_con.xlsx");
        assert_eq!(file_name(&["nul"], "eml"), "_nul.eml");
        assert_eq!(file_name(&["..."], "xlsx"), "namnlos.xlsx");
        let long = file_name(&[&"å".repeat(300)], "xlsx");
        assert_eq!(long.chars().count(), MAX_FILE_NAME_CHARS);
        let mut names = UniqueNames::default();
        assert_eq!(names.claim("a-b.xlsx"), "a-b.xlsx");
        assert_eq!(names.claim("A-B.xlsx"), "A-B-2.xlsx");
        assert_eq!(names.claim("a-b.xlsx"), "a-b-3.xlsx");
    }
}
