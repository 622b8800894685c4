//! Swedish numbers, amounts with units, dates, e-mail addresses and links,
//! parsed from the text people type (SURVEY.md, "Value types").

use chrono::{NaiveDate, NaiveDateTime};

/// Characters accepted as thousands separators between digit groups: space,
/// no-break space, thin space and narrow no-break space.
const GROUP_SPACES: [char; 4] = [' ', '\u{a0}', '\u{2009}', '\u{202f}'];

/// Longest accepted text answer, in characters.
pub const MAX_TEXT_CHARS: usize = 10_000;

/// Parses a number in Swedish or plain form: `12`, `12,5`, `12.5`,
/// `1 234,5`, `12.500.000`. A dot separates thousands only when there are
/// two or more, each followed by three digits; one dot is a decimal point.
pub fn parse_number(text: &str) -> Option<f64> {
    let text = text.trim_matches(|c: char| c.is_whitespace() || GROUP_SPACES.contains(&c));
    let (negative, body) = match text.strip_prefix(['-', '\u{2212}']) {
        Some(rest) => (true, rest.trim_start()),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let body = remove_group_spaces(body)?;
    let body = if body.matches('.').count() >= 2 {
        remove_dot_groups(&body)?
    } else {
        body
    };
    let normalised = match (body.matches(',').count(), body.contains('.')) {
        (0, _) => body,
        (1, false) => body.replace(',', "."),
        _ => return None,
    };
    let (int, frac) = normalised.split_once('.').unwrap_or((&normalised, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty()
        || !digits(int)
        || !digits(frac)
        || (normalised.contains('.') && frac.is_empty())
    {
        return None;
    }
    let value: f64 = normalised.parse().ok()?;
    Some(if negative { -value } else { value })
}

/// Removes spaces between digit groups, checking that every group after the
/// first has three digits before any decimal separator.
fn remove_group_spaces(text: &str) -> Option<String> {
    if !text.contains(GROUP_SPACES) {
        return Some(text.to_string());
    }
    let (int, rest) = match text.find([',', '.']) {
        Some(i) if text.matches('.').count() < 2 => text.split_at(i),
        _ => (text, ""),
    };
    if rest.contains(GROUP_SPACES) {
        return None;
    }
    let groups: Vec<&str> = int.split(GROUP_SPACES).collect();
    let first_ok = (1..=3).contains(&groups[0].len());
    if !first_ok || groups[1..].iter().any(|g| g.len() != 3) {
        return None;
    }
    Some(format!("{}{rest}", groups.concat()))
}

/// Removes thousands dots from `12.500.000` or `1.234.567,5`.
fn remove_dot_groups(text: &str) -> Option<String> {
    let (int, rest) = match text.find(',') {
        Some(i) => text.split_at(i),
        None => (text, ""),
    };
    let groups: Vec<&str> = int.split('.').collect();
    let first_ok = (1..=3).contains(&groups[0].len());
    if !first_ok || groups[1..].iter().any(|g| g.len() != 3) {
        return None;
    }
    Some(format!("{}{rest}", groups.concat()))
}

/// How an amount was written: in kronor, or with a unit that scales it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// Plain kronor (`kr`, `SEK`, `:-` or no unit).
    Kronor,
    /// Thousands of kronor (`tkr`).
    Thousands,
    /// Millions of kronor (`mkr`, `msek`, `milj`, `miljoner`).
    Millions,
}

/// Units, longest first so that `miljoner kr` is not read as `kr`.
const UNITS: [(&str, Scale); 11] = [
    ("miljoner kr", Scale::Millions),
    ("miljoner", Scale::Millions),
    ("milj.", Scale::Millions),
    ("milj", Scale::Millions),
    ("msek", Scale::Millions),
    ("mkr", Scale::Millions),
    ("tkr", Scale::Thousands),
    ("sek", Scale::Kronor),
    ("kr.", Scale::Kronor),
    ("kr", Scale::Kronor),
    (":-", Scale::Kronor),
];

/// Parses an amount in kronor: a number as [`parse_number`], optionally
/// followed by a unit (`kr`, `SEK`, `:-`, `tkr`, `mkr`, `msek`, `milj`,
/// `milj.`, `miljoner`, `miljoner kr`, any case). Returns kronor rounded to
/// öre, and the scale the unit implied.
pub fn parse_amount(text: &str) -> Option<(f64, Scale)> {
    let lower = text.trim().to_lowercase();
    let (number, scale) = UNITS
        .iter()
        .find_map(|(unit, scale)| lower.strip_suffix(unit).map(|n| (n, *scale)))
        .unwrap_or((&lower, Scale::Kronor));
    let value = parse_number(number)?;
    let factor = match scale {
        Scale::Kronor => 1.0,
        Scale::Thousands => 1_000.0,
        Scale::Millions => 1_000_000.0,
    };
    Some(((value * factor * 100.0).round() / 100.0, scale))
}

/// Parses an ISO date `2021-11-30` written as text (SURVEY.md: any other
/// text is an error).
pub fn parse_iso_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    let date = text.get(..10)?;
    if text.len() != 10 {
        return None;
    }
    let bytes = date.as_bytes();
    if bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()
}

/// Whether text has the form `ÅÅÅÅ-MM-DD` (four, two and two digits),
/// whether or not the date exists.
pub fn looks_like_iso_date(text: &str) -> bool {
    let parts: Vec<&str> = text.trim().split('-').collect();
    matches!(parts.as_slice(), [y, m, d]
        if y.len() == 4 && m.len() == 2 && d.len() == 2
            && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit())))
}

/// Parses an ISO date or date-time as stored in OpenDocument date cells
/// (the time part is dropped later, as for any date cell).
pub fn parse_iso_datetime(text: &str) -> Option<NaiveDateTime> {
    let date = parse_iso_date(text.get(..10)?)?;
    let time = text
        .get(11..19)
        .and_then(|t| chrono::NaiveTime::parse_from_str(t, "%H:%M:%S").ok())
        .unwrap_or_default();
    Some(date.and_time(time))
}

/// Whether `text` is an e-mail address `local@domain.tld`; international
/// (non-ASCII) domains are allowed.
pub fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.rsplit_once('@') else {
        return false;
    };
    let labels: Vec<&str> = domain.split('.').collect();
    let bad_char = |c: char| c.is_whitespace() || c.is_control() || "<>()[]\\,;:\"@".contains(c);
    !local.is_empty()
        && !local.chars().any(bad_char)
        && labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.chars().count() >= 2 && !tld.chars().all(|c| c.is_ascii_digit()))
}

/// Whether `text` is an http or https address with a host (the report links
/// it only when Excel accepts it).
pub fn is_http_url(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    match rest {
        Some(rest) => {
            let host = rest.split(['/', '?', '#']).next().unwrap_or("");
            !host.is_empty()
        }
        None => false,
    }
}

/// A number cell's digits as written: `701234567`, not `701234567.0`.
pub fn number_as_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{n:.0}")
    } else {
        n.to_string()
    }
}

/// A number for a Swedish message: spaces between thousands, decimal comma,
/// at most two decimals (`12 500 000`, `3,5`).
pub fn format_swedish(n: f64) -> String {
    let rounded = (n * 100.0).round() / 100.0;
    let text = if rounded.fract() == 0.0 {
        format!("{:.0}", rounded.abs())
    } else {
        format!("{:.2}", rounded.abs())
            .trim_end_matches('0')
            .to_string()
    };
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(' ');
        }
        grouped.push(c);
    }
    let sign = if rounded < 0.0 { "-" } else { "" };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped},{frac}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_and_plain_numbers() {
        for (text, want) in [
            ("12", 12.0),
            ("12,5", 12.5),
            ("12.5", 12.5),
            ("1 234,5", 1234.5),
            ("1 234.5", 1234.5),
            ("1\u{a0}234,5", 1234.5),
            ("1\u{2009}234", 1234.0),
            ("1\u{202f}234\u{202f}567", 1234567.0),
            ("12.500.000", 12500000.0),
            ("1.234.567,5", 1234567.5),
            ("12,0", 12.0),
            ("-3", -3.0),
            (" 7 ", 7.0),
            ("0,5", 0.5),
        ] {
            assert_eq!(parse_number(text), Some(want), "{text:?}");
        }
    }

    #[test]
    fn not_numbers() {
        for text in [
            "",
            "abc",
            "12,5,3",
            "1.234,5",
            "12 5",
            "1234 567",
            "12.50.000",
            "1,",
            ",5",
            "12a",
            "- ",
            "1.2.3",
        ] {
            assert_eq!(parse_number(text), None, "{text:?}");
        }
    }

    #[test]
    fn amounts_with_units() {
        assert_eq!(
            parse_amount("12 500 000 kr"),
            Some((12_500_000.0, Scale::Kronor))
        );
        assert_eq!(
            parse_amount("12 500 000 SEK"),
            Some((12_500_000.0, Scale::Kronor))
        );
        assert_eq!(
            parse_amount("12 500 000:-"),
            Some((12_500_000.0, Scale::Kronor))
        );
        assert_eq!(
            parse_amount("12500 TKR"),
            Some((12_500_000.0, Scale::Thousands))
        );
        assert_eq!(
            parse_amount("12,5 mkr"),
            Some((12_500_000.0, Scale::Millions))
        );
        assert_eq!(
            parse_amount("1,1 Mkr"),
            Some((1_100_000.0, Scale::Millions))
        );
        assert_eq!(parse_amount("3 msek"), Some((3_000_000.0, Scale::Millions)));
        assert_eq!(parse_amount("2 milj"), Some((2_000_000.0, Scale::Millions)));
        assert_eq!(
            parse_amount("2 milj."),
            Some((2_000_000.0, Scale::Millions))
        );
        assert_eq!(
            parse_amount("2 miljoner"),
            Some((2_000_000.0, Scale::Millions))
        );
        assert_eq!(
            parse_amount("2,5 miljoner kr"),
            Some((2_500_000.0, Scale::Millions))
        );
        assert_eq!(parse_amount("ca 2 miljoner"), None);
        assert_eq!(parse_amount("se bilaga"), None);
        assert_eq!(parse_amount("kr"), None);
    }

    #[test]
    fn iso_dates() {
        assert_eq!(
            parse_iso_date("2021-11-30"),
            NaiveDate::from_ymd_opt(2021, 11, 30)
        );
        assert_eq!(
            parse_iso_date(" 2021-11-30 "),
            NaiveDate::from_ymd_opt(2021, 11, 30)
        );
        assert_eq!(
            parse_iso_date("2021-11-30 00:00:00"),
            None,
            "text with a time is not a date"
        );
        assert!(
            parse_iso_datetime("2021-11-30T10:00:00").is_some(),
            "an ODS date-time cell"
        );
        assert_eq!(parse_iso_date("2021-02-30"), None);
        assert_eq!(parse_iso_date("30/11/2021"), None);
        assert_eq!(parse_iso_date("2021-11-3"), None);
        assert_eq!(parse_iso_date("20211130xx"), None);
        assert_eq!(parse_iso_date("åååå-mm-dd"), None);
    }

    #[test]
    fn emails_and_links() {
        assert!(is_email("anna.svensson@lerum.se"));
        assert!(is_email("info@kommun.xn--sm-ja"));
        assert!(is_email("anna@göteborg.se"));
        assert!(!is_email("anna.svensson"));
        assert!(!is_email("anna@lerum"));
        assert!(!is_email("anna svensson@lerum.se"));
        assert!(!is_email("@lerum.se"));
        assert!(is_http_url("https://www.lerum.se/strategi.pdf"));
        assert!(is_http_url("HTTP://example.se"));
        assert!(!is_http_url("www.lerum.se"));
        assert!(!is_http_url("ftp://lerum.se"));
        assert!(!is_http_url("https://"));
    }

    #[test]
    fn numbers_for_people() {
        assert_eq!(number_as_text(701234567.0), "701234567");
        assert_eq!(number_as_text(12.5), "12.5");
        assert_eq!(format_swedish(12_500_000.0), "12 500 000");
        assert_eq!(format_swedish(3.5), "3,5");
        assert_eq!(format_swedish(999.0), "999");
        assert_eq!(format_swedish(-1234.25), "-1 234,25");
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::{Scale, parse_amount, parse_number};

    /// `digits` with `sep` between groups of three, from the right.
    fn grouped(digits: &str, sep: &str) -> String {
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push_str(sep);
            }
            out.push(c);
        }
        out
    }

    proptest! {
        /// Any amount written in an accepted Swedish form parses back to
        /// the same number of kronor.
        #[test]
        fn amounts_in_any_swedish_form_parse_back(
            whole in 0u64..1_000_000_000_000,
            cents in 0u64..100,
            with_cents in any::<bool>(),
            sep in prop::sample::select(vec!["", " ", "\u{a0}", "\u{2009}", "\u{202f}", "."]),
            comma in any::<bool>(),
            unit in prop::sample::select(vec!["", " kr", "kr", " KR", " SEK", " sek", ":-", " tkr", " Mkr", " mkr", " msek", " milj", " milj.", " miljoner", " miljoner kr"]),
        ) {
            let digits = whole.to_string();
            // A dot separates thousands only with two or more groups, and
            // then the decimal separator is a comma.
            let sep = if sep == "." && digits.len() < 7 { " " } else { sep };
            let comma = comma || sep == ".";
            let mut text = grouped(&digits, sep);
            let mut value = crate::convert::u64_to_f64(whole);
            if with_cents {
                text.push(if comma { ',' } else { '.' });
                text.push_str(&format!("{cents:02}"));
                value += crate::convert::u64_to_f64(cents) / 100.0;
            }
            text.push_str(unit);
            let (factor, scale) = match unit.trim().to_lowercase().as_str() {
                "tkr" => (1_000.0, Scale::Thousands),
                "mkr" | "msek" | "milj" | "milj." | "miljoner" | "miljoner kr" => (1_000_000.0, Scale::Millions),
                _ => (1.0, Scale::Kronor),
            };
            let (parsed, found) = parse_amount(&text).unwrap_or_else(|| panic!("{text:?} did not parse"));
            let expected = (value * factor * 100.0).round() / 100.0;
            prop_assert!((parsed - expected).abs() <= expected.abs() * 1e-12 + 0.005, "{text:?}: {parsed} != {expected}");
            prop_assert_eq!(found, scale);
        }

        /// Parsing never panics, whatever the text.
        #[test]
        fn any_text_parses_or_is_refused(text in ".{0,40}") {
            let _ = parse_number(&text);
            let _ = parse_amount(&text);
            let _ = super::parse_iso_date(&text);
        }
    }
}
