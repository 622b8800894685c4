//! Text normalisation for matching what people type against names: sheet
//! names, choice labels, organisation names.

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
