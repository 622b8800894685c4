//! Readable sheets for people, written with rust_xlsxwriter by the measure
//! of [`crate::fit`]: typed cells (text always as text, numbers as numbers
//! with Swedish-friendly formats, dates as dates), columns as wide as their
//! content needs, rows as tall as their wrapped text needs, and the print
//! set-up of REPORT.md. Tables ([`write_table`]: one header row, one row
//! per record) and free-form sheets ([`Grid`]) share the formats and the
//! measure. Used by the report, the status workbook and the export.

use std::borrow::Cow;

use chrono::{NaiveDate, NaiveDateTime};
use rust_xlsxwriter::{
    Color, ExcelDateTime, Format, FormatAlign, FormatBorder, FormatUnderline, Url, Worksheet,
    XlsxError,
};

use crate::convert::{to_u16, to_u32};
use crate::fit::{self, Column};

/// Excel's largest number of hyperlinks on one sheet; more are written as text.
const MAX_LINKS: usize = 65_530;

/// The font size of a sheet's title, in points.
pub const TITLE_PT: f64 = 16.0;

/// A4 in Excel's paper sizes.
const PAPER_A4: u8 = 9;

/// How a number is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Num {
    /// Whole kronor: `12 500 000 kr`.
    Kronor,
    /// A whole number with thousands spaced: `1 744 859`.
    Integer,
    /// One decimal: `12,5`.
    Decimal,
    /// A share as per cent with one decimal: `12,5 %`.
    Share,
    /// A year: `2026`.
    Year,
}

impl Num {
    /// The Excel number format (the reader's locale supplies the
    /// separators); `_0` leaves a digit's width free at the right, so a
    /// number never touches the text of the column after it.
    fn code(self) -> &'static str {
        match self {
            Num::Kronor => "#,##0 \"kr\"_0",
            Num::Integer => "#,##0_0",
            Num::Decimal => "#,##0.0_0",
            Num::Share => "0.0%_0",
            Num::Year => "0_0",
        }
    }

    fn index(self) -> usize {
        match self {
            Num::Kronor => 0,
            Num::Integer => 1,
            Num::Decimal => 2,
            Num::Share => 3,
            Num::Year => 4,
        }
    }

    /// The number as a Swedish reader sees it, for measuring.
    pub fn shown(self, n: f64) -> String {
        match self {
            Num::Kronor => format!("{} kr", grouped(n, 0)),
            Num::Integer => grouped(n, 0),
            Num::Decimal => grouped(n, 1),
            Num::Share => format!("{:.1}%", n * 100.0).replace('.', ","),
            Num::Year => format!("{n:.0}"),
        }
    }
}

/// `n` with `decimals` decimals and its thousands spaced.
fn grouped(n: f64, decimals: usize) -> String {
    let text = format!("{:.decimals$}", n.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut out = String::new();
    if n < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
        out.push('-');
    }
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(' ');
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push(',');
        out.push_str(frac);
    }
    out
}

/// One cell's content.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    /// Nothing (an unanswered figure).
    Empty,
    /// Text, always written as text; it wraps between words.
    Text(Cow<'a, str>),
    /// A number in a format.
    Number(f64, Num),
    /// A date.
    Date(NaiveDate),
    /// A date and time, local.
    DateTime(NaiveDateTime),
    /// A link: a hyperlink where Excel takes it, else text.
    Link(Cow<'a, str>),
}

impl<'a> Cell<'a> {
    /// Text, or an empty cell for an empty text.
    pub fn text(s: impl Into<Cow<'a, str>>) -> Self {
        let s = s.into();
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s)
        }
    }

    /// A number, or an empty cell for a figure nobody gave.
    pub fn number(n: Option<f64>, num: Num) -> Self {
        n.map_or(Cell::Empty, |n| Cell::Number(n, num))
    }

    /// What the cell shows when it never wraps (numbers, dates).
    fn shown(&self) -> Option<String> {
        match self {
            // With the digit's width the format leaves free.
            Cell::Number(n, num) => Some(format!("{}0", num.shown(*n))),
            Cell::Date(_) => Some("0000-00-00".to_string()),
            Cell::DateTime(_) => Some("0000-00-00 00:00".to_string()),
            _ => None,
        }
    }

    /// The text of a text or link cell.
    fn words(&self) -> Option<&str> {
        match self {
            Cell::Text(s) | Cell::Link(s) => Some(s),
            _ => None,
        }
    }

    /// Whether the cell holds a number (its column's header is right-aligned).
    pub fn is_number(&self) -> bool {
        matches!(self, Cell::Number(..))
    }
}

/// How a cell looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Look {
    /// Data.
    Plain,
    /// A sum row: bold on grey with a rule above.
    Total,
    /// Bold.
    Bold,
    /// A sheet's title, large and bold.
    Title,
    /// A warning: bold and red.
    Warning,
    /// A table header over text.
    Header,
    /// A table header over numbers, right-aligned like them.
    HeaderRight,
}

impl Look {
    /// The font size, in points.
    fn font_pt(self) -> f64 {
        if self == Look::Title {
            TITLE_PT
        } else {
            fit::FONT_PT
        }
    }

    fn is_header(self) -> bool {
        matches!(self, Look::Header | Look::HeaderRight)
    }

    /// Characters an indent takes from the width (an indent of one level
    /// is about a character and a half wide).
    fn indent(self) -> usize {
        if self == Look::HeaderRight { 2 } else { 0 }
    }
}

/// The width left for a cell's text beside its indent.
fn usable(width: f64, look: Look) -> f64 {
    width - crate::convert::count_to_f64(look.indent())
}

/// Formats, made once per workbook.
pub struct Styles {
    looks: [Format; 7],
    numbers: [Format; 5],
    total_numbers: [Format; 5],
    date: Format,
    datetime: Format,
    link: Format,
}

impl Default for Styles {
    fn default() -> Self {
        Self::new()
    }
}

impl Styles {
    /// The formats of every look and number.
    pub fn new() -> Self {
        let top = Format::new().set_align(FormatAlign::Top);
        let total = top
            .clone()
            .set_bold()
            .set_border_top(FormatBorder::Thin)
            .set_background_color(Color::RGB(0xF2F2F2));
        let header = Format::new()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Bottom)
            .set_background_color(Color::RGB(0xDDEBF7))
            .set_border_bottom(FormatBorder::Thin);
        let nums = [
            Num::Kronor,
            Num::Integer,
            Num::Decimal,
            Num::Share,
            Num::Year,
        ];
        Styles {
            looks: [
                top.clone().set_text_wrap(),
                total.clone().set_text_wrap(),
                top.clone().set_bold().set_text_wrap(),
                top.clone()
                    .set_bold()
                    .set_font_size(TITLE_PT)
                    .set_text_wrap(),
                top.clone()
                    .set_bold()
                    .set_font_color(Color::RGB(0xC00000))
                    .set_text_wrap(),
                header.clone(),
                // Right-aligned like the numbers below, indented as far as
                // they are from the next column.
                header.set_align(FormatAlign::Right).set_indent(1),
            ],
            numbers: nums.map(|n| top.clone().set_num_format(n.code())),
            total_numbers: nums.map(|n| total.clone().set_num_format(n.code())),
            // Dates read left to right, like the text beside them.
            date: top
                .clone()
                .set_num_format("yyyy-mm-dd")
                .set_align(FormatAlign::Left),
            datetime: top
                .clone()
                .set_num_format("yyyy-mm-dd hh:mm")
                .set_align(FormatAlign::Left),
            link: top
                .set_text_wrap()
                .set_font_color(Color::RGB(0x0563C1))
                .set_underline(FormatUnderline::Single),
        }
    }

    fn look(&self, look: Look) -> &Format {
        let i = match look {
            Look::Plain => 0,
            Look::Total => 1,
            Look::Bold => 2,
            Look::Title => 3,
            Look::Warning => 4,
            Look::Header => 5,
            Look::HeaderRight => 6,
        };
        &self.looks[i]
    }

    fn number(&self, num: Num, look: Look) -> &Format {
        let i = num.index();
        if look == Look::Total {
            &self.total_numbers[i]
        } else {
            &self.numbers[i]
        }
    }
}

/// The longest link written as a hyperlink: LibreOffice does not wrap a
/// hyperlink, so it must stand on one line of the widest column.
const LONGEST_LINK: usize = 58;

/// Whether a link is written as a hyperlink (else as text, which wraps).
fn is_hyperlink(url: &str) -> bool {
    url.chars().count() <= LONGEST_LINK
}

/// Measures a cell into its column.
fn measure(column: &mut Column, cell: &Cell<'_>, look: Look) {
    if let Some(shown) = cell.shown() {
        column.fixed(&shown);
    } else if let Cell::Link(url) = cell
        && is_hyperlink(url)
    {
        column.fixed(url);
    } else if let Some(text) = cell.words() {
        if look.is_header() {
            column.header_indented(text, look.indent());
        } else if look == Look::Title {
            column.text_in(text, TITLE_PT);
        } else {
            column.text(text);
        }
    }
}

/// The lines a cell needs at `width`, and its text as written (cut where
/// it would need a taller row than Excel has).
fn laid_out<'c>(cell: &'c Cell<'_>, width: f64, look: Look) -> (usize, Option<Cow<'c, str>>) {
    match cell.words() {
        Some(text) => {
            let width = usable(width, look);
            let clipped = fit::clip(text, width, look.font_pt());
            (fit::lines(&clipped, width, look.font_pt()), Some(clipped))
        }
        None => (1, None),
    }
}

/// Counts hyperlinks, so a sheet never holds more than Excel takes.
#[derive(Default)]
struct Links(usize);

/// Writes one cell with `text` as its (possibly cut) text.
fn put(
    ws: &mut Worksheet,
    (r, c): (u32, u16),
    cell: &Cell<'_>,
    text: Option<&str>,
    look: Look,
    styles: &Styles,
    links: &mut Links,
) -> Result<(), XlsxError> {
    let plain = styles.look(look);
    match (cell, text) {
        (Cell::Empty, _) => {
            if look != Look::Plain {
                ws.write_blank(r, c, plain)?;
            }
        }
        (Cell::Number(n, num), _) => {
            ws.write_number_with_format(r, c, *n, styles.number(*num, look))?;
        }
        (Cell::Date(d), _) => {
            let when = ExcelDateTime::parse_from_str(&d.format("%Y-%m-%d").to_string())?;
            ws.write_datetime_with_format(r, c, &when, &styles.date)?;
        }
        (Cell::DateTime(t), _) => {
            let when = ExcelDateTime::parse_from_str(&t.format("%Y-%m-%dT%H:%M:%S").to_string())?;
            ws.write_datetime_with_format(r, c, &when, &styles.datetime)?;
        }
        (Cell::Link(url), Some(text))
            if links.0 < MAX_LINKS && text == url.as_ref() && is_hyperlink(url) =>
        {
            // A link Excel will not take (too long, malformed) stays text.
            if ws
                .write_url_with_format(r, c, Url::new(url.as_ref()), &styles.link)
                .is_ok()
            {
                links.0 += 1;
            } else {
                ws.write_string_with_format(r, c, text, plain)?;
            }
        }
        (_, Some(text)) => {
            ws.write_string_with_format(r, c, text, plain)?;
        }
        (_, None) => {}
    }
    Ok(())
}

/// One row of a table.
#[derive(Debug, Clone, PartialEq)]
pub struct Row<'a> {
    /// The cells from column A.
    pub cells: Vec<Cell<'a>>,
    /// Whether it is a sum row.
    pub total: bool,
}

impl<'a> Row<'a> {
    /// A row of data.
    pub fn plain(cells: Vec<Cell<'a>>) -> Self {
        Row {
            cells,
            total: false,
        }
    }
}

/// A table's header cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// Its text.
    pub text: String,
    /// Whether the column holds numbers (the header is right-aligned).
    pub numbers: bool,
}

impl Header {
    /// A header over text.
    pub fn text(text: impl Into<String>) -> Self {
        Header {
            text: text.into(),
            numbers: false,
        }
    }

    /// A header over numbers.
    pub fn numbers(text: impl Into<String>) -> Self {
        Header {
            text: text.into(),
            numbers: true,
        }
    }

    /// Headers over text.
    pub fn texts(list: &[&str]) -> Vec<Header> {
        list.iter().map(|h| Header::text(*h)).collect()
    }
}

/// A table: a header row, then `rows` rows that the writer asks for by
/// index, twice (once to measure, once to write), so a large sheet need
/// not be held in memory.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The headers.
    pub headers: Vec<Header>,
    /// The number of rows below the header.
    pub rows: usize,
    /// Whether a text too long for Excel's tallest row is cut with "…"
    /// (the report) rather than kept whole (the export).
    pub cut: bool,
}

/// Writes a table from A1: the bold header row, frozen and filtered, and
/// `table.rows` rows from `row`. Returns the columns' widths.
///
/// # Errors
/// rust_xlsxwriter errors.
pub fn write_table<'r>(
    ws: &mut Worksheet,
    styles: &Styles,
    table: &Table,
    row: impl Fn(usize) -> Row<'r>,
) -> Result<Vec<f64>, XlsxError> {
    let mut columns = vec![Column::default(); table.headers.len()];
    // Per column: whether it holds numbers, and whether it holds anything else.
    let mut kinds = vec![(false, false); table.headers.len()];
    for i in 0..table.rows {
        let row = row(i);
        if columns.len() < row.cells.len() {
            columns.resize(row.cells.len(), Column::default());
            kinds.resize(row.cells.len(), (false, false));
        }
        for ((column, kind), cell) in columns.iter_mut().zip(kinds.iter_mut()).zip(&row.cells) {
            measure(column, cell, Look::Plain);
            match cell {
                Cell::Number(..) => kind.0 = true,
                Cell::Empty => {}
                _ => kind.1 = true,
            }
        }
    }
    // A header is aligned like its column: right over numbers (as its
    // header says, when the column is empty).
    let headers: Vec<(Cell<'_>, Look)> = table
        .headers
        .iter()
        .zip(&kinds)
        .map(|(h, (numbers, other))| {
            let right = !*other && (*numbers || h.numbers);
            let look = if right {
                Look::HeaderRight
            } else {
                Look::Header
            };
            (Cell::Text(Cow::Borrowed(h.text.as_str())), look)
        })
        .collect();
    for (column, (header, look)) in columns.iter_mut().zip(&headers) {
        measure(column, header, *look);
    }
    let widths: Vec<f64> = columns.iter().map(Column::width).collect();
    let mut links = Links::default();
    write_row(ws, styles, 0, &headers, &widths, &mut links, true)?;
    for i in 0..table.rows {
        let row = row(i);
        let look = if row.total { Look::Total } else { Look::Plain };
        let mut cells: Vec<(Cell<'_>, Look)> = row.cells.into_iter().map(|c| (c, look)).collect();
        if row.total {
            cells.resize(widths.len(), (Cell::Empty, Look::Total));
        }
        let r = to_u32(i) + 1;
        write_row(ws, styles, r, &cells, &widths, &mut links, table.cut)?;
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(to_u16(c), *w)?;
    }
    ws.set_freeze_panes(1, 0)?;
    if !widths.is_empty() {
        ws.autofilter(0, 0, to_u32(table.rows), to_u16(widths.len()) - 1)?;
    }
    Ok(widths)
}

/// Writes a row of cells from column A, its height fitted to its tallest cell.
fn write_row(
    ws: &mut Worksheet,
    styles: &Styles,
    r: u32,
    cells: &[(Cell<'_>, Look)],
    widths: &[f64],
    links: &mut Links,
    cut: bool,
) -> Result<(), XlsxError> {
    let laid: Vec<(usize, Option<Cow<'_, str>>)> = cells
        .iter()
        .zip(widths)
        .map(|((cell, look), w)| match (cut, cell.words()) {
            (false, Some(text)) => (
                fit::lines(text, usable(*w, *look), look.font_pt()),
                Some(Cow::Borrowed(text)),
            ),
            _ => laid_out(cell, *w, *look),
        })
        .collect();
    let lines = laid.iter().map(|(n, _)| *n).max().unwrap_or(1);
    if lines > 1 {
        ws.set_row_height(r, fit::height(lines, fit::FONT_PT))?;
    }
    for (c, ((cell, look), (_, text))) in cells.iter().zip(&laid).enumerate() {
        put(
            ws,
            (r, to_u16(c)),
            cell,
            text.as_deref(),
            *look,
            styles,
            links,
        )?;
    }
    Ok(())
}

/// Sets up printing by REPORT.md: A4 landscape, margins 1.8 cm, the header
/// row on every page; one page wide where that prints at 60 % or more,
/// else at 100 % across pages with the first `ids` columns (Id and Namn,
/// else the first) on every page. A footer names the sheet and the page.
///
/// # Errors
/// rust_xlsxwriter errors.
pub fn print_setup(
    ws: &mut Worksheet,
    widths: &[f64],
    header_rows: u32,
    ids: u16,
) -> Result<(), XlsxError> {
    print_setup_repeating(ws, widths, header_rows, (0, ids.max(1) - 1))
}

/// As [`print_setup`], with the identifying columns `first..=last`
/// repeated where the sheet prints across pages (Id and Namn after a
/// first column that is not one of them).
///
/// # Errors
/// rust_xlsxwriter errors.
pub fn print_setup_repeating(
    ws: &mut Worksheet,
    widths: &[f64],
    header_rows: u32,
    (first, last): (u16, u16),
) -> Result<(), XlsxError> {
    ws.set_landscape();
    ws.set_paper_size(PAPER_A4);
    let m = fit::PRINT_MARGIN_IN;
    ws.set_margins(m, m, m, m, 0.3, 0.3);
    if header_rows > 0 {
        ws.set_repeat_rows(0, header_rows - 1)?;
    }
    if fit::one_page_wide(widths) {
        ws.set_print_fit_to_pages(1, 0);
    } else {
        ws.set_print_scale(100);
        ws.set_repeat_columns(first, last)?;
    }
    ws.set_footer("&L&A&RSida &P av &N");
    Ok(())
}

/// A free-form sheet (a summary, a feedback sheet's opening lines): cells
/// placed anywhere, some spanning columns; written with its columns
/// measured from the cells that do not span and its rows fitted.
#[derive(Debug, Default)]
pub struct Grid<'a> {
    placed: Vec<Placed<'a>>,
    least: Vec<f64>,
}

#[derive(Debug)]
struct Placed<'a> {
    row: u32,
    col: u16,
    last: u16,
    cell: Cell<'a>,
    look: Look,
}

impl<'a> Grid<'a> {
    /// A cell at `row`, `col`.
    pub fn put(&mut self, row: u32, col: u16, cell: Cell<'a>, look: Look) {
        self.placed.push(Placed {
            row,
            col,
            last: col,
            cell,
            look,
        });
    }

    /// A text spanning columns `col..=last` of `row` (merged), wrapped.
    pub fn span(
        &mut self,
        row: u32,
        col: u16,
        last: u16,
        text: impl Into<Cow<'a, str>>,
        look: Look,
    ) {
        self.placed.push(Placed {
            row,
            col,
            last,
            cell: Cell::Text(text.into()),
            look,
        });
    }

    /// Column `col` is at least `width` characters wide.
    pub fn at_least(&mut self, col: u16, width: f64) {
        let c = usize::from(col);
        if self.least.len() <= c {
            self.least.resize(c + 1, 0.0);
        }
        self.least[c] = self.least[c].max(width);
    }

    /// The columns' widths: each as its cells that do not span need.
    pub fn widths(&self) -> Vec<f64> {
        let n = self
            .placed
            .iter()
            .map(|p| usize::from(p.last) + 1)
            .max()
            .unwrap_or(0)
            .max(self.least.len());
        let mut columns = vec![Column::default(); n];
        for (column, least) in columns.iter_mut().zip(&self.least) {
            column.at_least(*least);
        }
        for p in self.placed.iter().filter(|p| p.col == p.last) {
            measure(&mut columns[usize::from(p.col)], &p.cell, p.look);
        }
        columns.iter().map(Column::width).collect()
    }

    /// Writes the cells with the columns' widths and each row as tall as
    /// its tallest cell needs. Returns the widths.
    ///
    /// # Errors
    /// rust_xlsxwriter errors.
    pub fn write(&self, ws: &mut Worksheet, styles: &Styles) -> Result<Vec<f64>, XlsxError> {
        self.write_at(ws, styles, 0)
    }

    /// Writes the grid with its column 0 at column `offset` of the sheet
    /// (a legend beside a table). Returns the widths.
    ///
    /// # Errors
    /// rust_xlsxwriter errors.
    pub fn write_at(
        &self,
        ws: &mut Worksheet,
        styles: &Styles,
        offset: u16,
    ) -> Result<Vec<f64>, XlsxError> {
        let widths = self.widths();
        let mut heights: std::collections::BTreeMap<u32, f64> = std::collections::BTreeMap::new();
        let mut links = Links::default();
        for p in &self.placed {
            let width: f64 = widths[usize::from(p.col)..=usize::from(p.last)]
                .iter()
                .sum();
            let (lines, text) = laid_out(&p.cell, width, p.look);
            let tall = fit::height(lines, p.look.font_pt());
            let h = heights.entry(p.row).or_insert(fit::LINE_PT);
            *h = h.max(tall);
            let (first, last) = (p.col + offset, p.last + offset);
            if last > first {
                let text = text.as_deref().unwrap_or("");
                ws.merge_range(p.row, first, p.row, last, text, styles.look(p.look))?;
            } else {
                let at = (p.row, first);
                put(ws, at, &p.cell, text.as_deref(), p.look, styles, &mut links)?;
            }
        }
        for (r, h) in heights {
            if h > fit::LINE_PT {
                ws.set_row_height(r, h)?;
            }
        }
        for (c, w) in widths.iter().enumerate() {
            ws.set_column_width(to_u16(c) + offset, *w)?;
        }
        Ok(widths)
    }
}

/// A line of text under a table, across its columns (`widths`), wrapped,
/// its row as tall as it needs ("Har inte bedömt förmågor: …").
///
/// # Errors
/// rust_xlsxwriter errors.
pub fn note_below(
    ws: &mut Worksheet,
    styles: &Styles,
    row: u32,
    widths: &[f64],
    text: &str,
) -> Result<(), XlsxError> {
    let width: f64 = widths.iter().sum();
    let text = fit::clip(text, width, fit::FONT_PT);
    let lines = fit::lines(&text, width, fit::FONT_PT);
    if lines > 1 {
        ws.set_row_height(row, fit::height(lines, fit::FONT_PT))?;
    }
    let last = to_u16(widths.len().max(1)) - 1;
    if last > 0 {
        ws.merge_range(row, 0, row, last, &text, styles.look(Look::Plain))?;
    } else {
        ws.write_string_with_format(row, 0, text.as_ref(), styles.look(Look::Plain))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_measured_as_shown() {
        assert_eq!(Num::Kronor.shown(12_500_000.0), "12 500 000 kr");
        assert_eq!(Num::Integer.shown(-1234.0), "-1 234");
        assert_eq!(Num::Decimal.shown(12.54), "12,5");
        assert_eq!(Num::Share.shown(0.125), "12,5%");
        assert_eq!(Num::Year.shown(2026.0), "2026");
        assert_eq!(Num::Integer.shown(-0.2), "0");
    }
}
