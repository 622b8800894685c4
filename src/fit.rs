//! The contract's measure of a readable cell (REPORT.md, "Readable as it
//! opens and as it prints"), in one place for the report, the forms, the
//! feedback files and the export: how wide a column must be, how many
//! lines a text needs at a width, how tall its row must be, where a text
//! too long for Excel's tallest row is cut, and whether a sheet prints one
//! page wide.
//!
//! Widths are in Excel's characters (the width of a digit of the default
//! font, Calibri 11 pt); heights in points. A column is at least as wide
//! as its longest word plus [`MARGIN`] characters and at most
//! [`MAX_WIDTH`]; a line of a wrapped text holds the column's width less
//! the margin, so the longest word always fits on one line. Links, SHA-256
//! values, file names and words too long for any column may wrap
//! anywhere. A line of 11 pt text takes [`LINE_PT`] points; a row is at
//! most [`MAX_HEIGHT_PT`] points.

use std::borrow::Cow;

use crate::convert::{count_to_f64, round_to_u32};

/// Characters a column has beyond its longest word.
pub const MARGIN: usize = 2;

/// The widest a column may be, in characters.
pub const MAX_WIDTH: f64 = 60.0;

/// The narrowest column written, in characters.
pub const MIN_WIDTH: f64 = 4.0;

/// Points per line of text in the default font size.
pub const LINE_PT: f64 = 15.0;

/// The default font size, in points.
pub const FONT_PT: f64 = 11.0;

/// Excel's tallest row, in points.
pub const MAX_HEIGHT_PT: f64 = 409.0;

/// The longest word that must stay whole: longer words wrap anywhere
/// (a column cannot be wider than [`MAX_WIDTH`]).
const LONGEST_WHOLE: usize = 58;

/// The most characters of a word that may wrap anywhere that a column
/// widens for (a SHA-256 value stands on two lines of 32).
const LONGEST_WANTED_BREAKABLE: usize = 32;

/// The most lines a header is given before its column widens.
const HEADER_LINES: usize = 3;

/// A4 landscape, less the margins of 1.8 cm, in millimetres.
const PRINTABLE_MM: f64 = 297.0 - 2.0 * 18.0;

/// The print margins, in inches (1.8 cm).
pub const PRINT_MARGIN_IN: f64 = 1.8 / 2.54;

/// Below this scale a sheet prints at 100 % across pages instead of one
/// page wide.
pub const MIN_PRINT_SCALE: f64 = 0.6;

/// Whether a word may wrap anywhere: a link, a SHA-256 value (or other
/// long hexadecimal value), a file name or path, or a word longer than any
/// column can be.
pub fn wraps_anywhere(word: &str) -> bool {
    let lower = word.to_lowercase();
    let chars = word.chars().count();
    let link = lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("www.")
        || lower.starts_with("mailto:")
        || (word.contains('@') && word.contains('.'));
    let hex = chars >= 32 && word.chars().all(|c| c.is_ascii_hexdigit());
    let path = word.contains(['/', '\\']);
    let file = word
        .rsplit_once('.')
        .is_some_and(|(stem, ext)| !stem.is_empty() && is_extension(ext));
    link || hex || path || file || chars > LONGEST_WHOLE
}

/// Whether `ext` is a file extension collect reads or writes (a word with
/// a full stop inside is otherwise a sentence's end: "klar.Nästa").
fn is_extension(ext: &str) -> bool {
    let ext = ext.trim_end_matches(|c: char| !c.is_alphanumeric());
    let ext = ext.split(':').next().unwrap_or(ext);
    [
        "xlsx", "xlsm", "xls", "ods", "csv", "txt", "json", "pdf", "db", "eml", "sqlite",
    ]
    .iter()
    .any(|e| ext.eq_ignore_ascii_case(e))
}

/// The words of a text, split at white space.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split_whitespace()
}

/// The longest word of `text` that must stay whole, in characters (0 when
/// every word may wrap anywhere).
pub fn longest_word(text: &str) -> usize {
    words(text)
        .filter(|w| !wraps_anywhere(w))
        .map(|w| w.chars().count())
        .max()
        .unwrap_or(0)
}

/// The longest line of `text` as written (its line breaks kept), in
/// characters: the width it needs to stand on one line per line. A word
/// that may wrap anywhere counts with at most 32 characters, so a long
/// link or SHA-256 value wraps rather than widening its column to the limit.
pub fn longest_line(text: &str) -> usize {
    text.lines()
        .map(|line| {
            let words: Vec<usize> = words(line)
                .map(|w| {
                    let n = w.chars().count();
                    if wraps_anywhere(w) {
                        n.min(LONGEST_WANTED_BREAKABLE)
                    } else {
                        n
                    }
                })
                .collect();
            words.iter().sum::<usize>() + words.len().saturating_sub(1)
        })
        .max()
        .unwrap_or(0)
}

/// Characters a line holds in a column `width` characters wide, in a font
/// of `font_pt` points.
pub fn per_line(width: f64, font_pt: f64) -> usize {
    let usable = (width - count_to_f64(MARGIN)).max(1.0) * FONT_PT / font_pt;
    usize::try_from(round_to_u32(usable.floor()))
        .unwrap_or(1)
        .max(1)
}

/// The lines `text` needs in a column `width` characters wide: words are
/// laid on a line while they fit, a word longer than a line is broken, and
/// every line break of the text starts a line.
pub fn lines(text: &str, width: f64, font_pt: f64) -> usize {
    let cap = per_line(width, font_pt);
    text.split('\n')
        .map(|paragraph| paragraph_lines(paragraph, cap))
        .sum::<usize>()
        .max(1)
}

fn paragraph_lines(paragraph: &str, cap: usize) -> usize {
    let mut lines = 1;
    let mut used = 0;
    for word in words(paragraph) {
        let len = word.chars().count();
        if used > 0 && used + 1 + len <= cap {
            used += 1 + len;
            continue;
        }
        if used > 0 {
            lines += 1;
        }
        // A word longer than a line fills whole lines, the rest starts the next.
        lines += (len.max(1) - 1) / cap;
        used = len - (len.max(1) - 1) / cap * cap;
    }
    lines
}

/// The most lines a row holds in a font of `font_pt` points.
pub fn max_lines(font_pt: f64) -> usize {
    let lines = (MAX_HEIGHT_PT / line_pt(font_pt)).floor();
    usize::try_from(round_to_u32(lines)).unwrap_or(1).max(1)
}

/// Points per line in a font of `font_pt` points.
pub fn line_pt(font_pt: f64) -> f64 {
    LINE_PT * font_pt / FONT_PT
}

/// The height of a row whose tallest cell needs `lines` lines, in points:
/// at most Excel's limit.
pub fn height(lines: usize, font_pt: f64) -> f64 {
    (count_to_f64(lines) * line_pt(font_pt)).min(MAX_HEIGHT_PT)
}

/// `text` as it fits in the tallest row at `width`: whole when it fits,
/// else cut at a word where possible and ended with "…".
pub fn clip(text: &str, width: f64, font_pt: f64) -> Cow<'_, str> {
    let most = max_lines(font_pt);
    if lines(text, width, font_pt) <= most {
        return Cow::Borrowed(text);
    }
    let ends: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    let cut = |n: usize| format!("{}…", text[..ends[n]].trim_end());
    // The longest prefix that fits with its ellipsis.
    let (mut lo, mut hi) = (0, ends.len() - 1);
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if lines(&cut(mid), width, font_pt) <= most {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    // Cut at the last space of the last line when there is one.
    let prefix = &text[..ends[lo]];
    let at_word = prefix
        .rfind(char::is_whitespace)
        .filter(|i| prefix.len() - i < per_line(width, font_pt));
    match at_word {
        Some(i) => Cow::Owned(format!("{}…", prefix[..i].trim_end())),
        None => Cow::Owned(cut(lo)),
    }
}

/// What a column must and would like to hold, gathered cell by cell.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Column {
    /// The longest word or figure that must fit on one line.
    need: usize,
    /// The longest text line, which fits unwrapped when the column may be
    /// that wide.
    want: usize,
    /// A width the column is given at the least.
    least: f64,
}

impl Column {
    /// A header: its words must fit whole; the header wraps between them,
    /// on at most three lines where the column may be as wide as that.
    pub fn header(&mut self, text: &str) {
        self.header_indented(text, 0);
    }

    /// A header indented by `indent` characters, which its column must
    /// hold besides its words.
    pub fn header_indented(&mut self, text: &str, indent: usize) {
        self.need = self.need.max(longest_word(text) + indent);
        let mut wide = self.need + MARGIN;
        let fits = |w: usize| lines(text, count_to_f64(w - indent), FONT_PT) <= HEADER_LINES;
        while wide < LONGEST_WHOLE + MARGIN && !fits(wide) {
            wide += 1;
        }
        self.want = self.want.max(wide - MARGIN);
    }

    /// A text that wraps: its words must fit, and it stands on one line
    /// where the column may be as wide as that.
    pub fn text(&mut self, text: &str) {
        self.need = self.need.max(longest_word(text));
        self.want = self.want.max(longest_line(text));
    }

    /// A text in a larger font, which must fit like [`Column::text`].
    pub fn text_in(&mut self, text: &str, font_pt: f64) {
        let scale = |n: usize| {
            let scaled = (count_to_f64(n) * font_pt / FONT_PT).ceil();
            usize::try_from(round_to_u32(scaled)).unwrap_or(n)
        };
        self.need = self.need.max(scale(longest_word(text)));
        self.want = self.want.max(scale(longest_line(text)));
    }

    /// A figure that never wraps (a number or date as shown): it must fit whole.
    pub fn fixed(&mut self, shown: &str) {
        self.need = self.need.max(shown.chars().count());
    }

    /// A width the column gets at the least (an empty answer column that
    /// must leave room to write).
    pub fn at_least(&mut self, width: f64) {
        self.least = self.least.max(width);
    }

    /// The column's width in characters: its longest word or figure and
    /// the margin, its longest line where that fits, at most [`MAX_WIDTH`].
    pub fn width(&self) -> f64 {
        let need = count_to_f64(self.need.max(self.want) + MARGIN);
        need.max(self.least).clamp(MIN_WIDTH, MAX_WIDTH)
    }
}

/// A column's width on paper, in pixels at 96 dpi (as Excel turns
/// characters of the default font into pixels).
pub fn column_px(width: f64) -> f64 {
    (width * 7.0 + 5.0).trunc()
}

/// Whether a sheet with these column widths prints one page wide: the
/// printable width of A4 landscape over the columns' width is at least
/// [`MIN_PRINT_SCALE`]. Otherwise it prints at 100 % across pages.
pub fn one_page_wide(widths: &[f64]) -> bool {
    let printable_px = PRINTABLE_MM / 25.4 * 96.0;
    let total: f64 = widths.iter().copied().map(column_px).sum();
    total <= 0.0 || printable_px / total >= MIN_PRINT_SCALE
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_hashes_and_file_names_wrap_anywhere() {
        assert!(wraps_anywhere("https://www.lerum.se/strategi"));
        assert!(wraps_anywhere(&"ab12".repeat(16)));
        assert!(wraps_anywhere("1441-lerum.xlsx"));
        assert!(wraps_anywhere("svar.csv:14"));
        assert!(wraps_anywhere("in/1441/svar.csv"));
        assert!(!wraps_anywhere("digitaliseringsarbetet"));
        assert!(!wraps_anywhere("klar.Nästa"));
        assert_eq!(
            longest_word("Total budget för digitaliseringsarbetet (kr)"),
            22
        );
        assert_eq!(longest_word("https://example.se/a/very/long/path"), 0);
    }

    #[test]
    fn lines_wrap_at_words_and_break_long_ones() {
        // 12 wide: 10 characters a line.
        assert_eq!(lines("", 12.0, FONT_PT), 1);
        assert_eq!(lines("abcde fghij", 12.0, FONT_PT), 2);
        assert_eq!(lines("abcd efghi", 12.0, FONT_PT), 1);
        assert_eq!(lines("abcdefghijklmnopqrstu", 12.0, FONT_PT), 3);
        assert_eq!(lines("a\nb\n\nc", 12.0, FONT_PT), 4);
        assert_eq!(lines("ab abcdefghijkl", 12.0, FONT_PT), 3);
        // A larger font holds fewer characters a line.
        assert_eq!(lines("abcdefghij", 12.0, 22.0), 2);
    }

    #[test]
    fn heights_stop_at_excels_limit_and_long_texts_are_cut() {
        assert!((height(2, FONT_PT) - 30.0).abs() < 1e-9);
        assert!((height(100, FONT_PT) - MAX_HEIGHT_PT).abs() < 1e-9);
        assert_eq!(max_lines(FONT_PT), 27);
        let long = "ord ".repeat(1000);
        let cut = clip(&long, 20.0, FONT_PT);
        assert!(cut.ends_with('…'), "{cut}");
        assert!(lines(&cut, 20.0, FONT_PT) <= 27);
        assert!(lines(&cut, 20.0, FONT_PT) >= 26);
        assert_eq!(clip("kort", 20.0, FONT_PT), "kort");
    }

    #[test]
    fn columns_fit_their_longest_word_within_bounds() {
        let mut c = Column::default();
        c.header("Total budget för digitaliseringsarbetet (kr)");
        c.fixed("12 500 000 kr");
        assert!((c.width() - 24.0).abs() < 1e-9);
        c.text(&"ord ".repeat(40));
        assert!((c.width() - MAX_WIDTH).abs() < 1e-9);
        let mut empty = Column::default();
        empty.at_least(32.0);
        assert!((empty.width() - 32.0).abs() < 1e-9);
    }

    #[test]
    fn wide_sheets_print_across_pages() {
        assert!(one_page_wide(&[20.0; 10]));
        assert!(!one_page_wide(&[60.0; 8]));
    }
}
