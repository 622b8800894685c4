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

/// `n` with its noun in the right number: `count(1, "varning",
/// "varningar")` is "1 varning", `count(2, …)` "2 varningar". Every count
/// shown to a person goes through here.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::{fold, slug};

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
}
