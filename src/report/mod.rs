//! The xlsx report (REPORT.md), written with rust_xlsxwriter from the
//! figures of [`crate::aggregate`]. Every sheet after the summary is a table:
//! one bold, frozen header row with an autofilter, then one row per record,
//! numbers as numbers with Swedish-friendly formats, text from submissions
//! always as text.

mod county_map;
mod sheets;
mod summary;

use std::path::Path;

use chrono::{DateTime, Local};
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatBorder, Workbook, Worksheet, XlsxError,
};

use crate::aggregate::Figures;
use crate::convert::to_u16;

/// Excel's largest number of rows on a sheet.
pub const MAX_ROWS: usize = 1_048_576;

/// The sheets, in order.
pub const SHEETS: [&str; 9] = [
    "Sammanfattning",
    "Svarsstatus",
    "Budget",
    "Delregioner",
    "Strategidokument",
    "Strategitäckning",
    "Förmågor",
    "Datakvalitet",
    "Underlag",
];

/// Why the report could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// A sheet would exceed Excel's row limit.
    #[error(
        "bladet {sheet} skulle få {rows} rader, fler än Excels gräns på {MAX_ROWS}. \
         Begränsa rapporten, t.ex. med --delregion."
    )]
    TooManyRows {
        /// The sheet.
        sheet: &'static str,
        /// Its rows, the header included.
        rows: usize,
    },
    /// rust_xlsxwriter refused something.
    #[error("rapporten kunde inte skapas ({0}).")]
    Xlsx(#[from] XlsxError),
    /// Writing a sheet's temporary file failed (rust_xlsxwriter panics on
    /// that in constant memory mode; the panic is caught).
    #[error(
        "rapporten kunde inte skapas: en temporär fil gick inte att skriva. Kontrollera att disken inte är full."
    )]
    TempWrite,
    /// The file could not be written or replaced (a missing folder, no
    /// access, a full disk, a file open in another program).
    #[error(
        "rapporten kunde inte sparas: {} En tidigare rapport med samma namn är orörd.",
        crate::io_message::describe(path, cause)
    )]
    Io {
        /// The target.
        path: String,
        /// What the system said (not a `source`, so it is not printed twice).
        cause: std::io::Error,
    },
}

/// Cell formats, made once.
pub(crate) struct Formats {
    pub header: Format,
    pub title: Format,
    pub bold: Format,
    pub warning: Format,
    pub wrap: Format,
    pub kronor: Format,
    pub integer: Format,
    pub year: Format,
    pub decimal: Format,
    pub share: Format,
    pub date: Format,
    pub datetime: Format,
    pub link: Format,
    /// Sum rows: bold with a rule above.
    pub total: Format,
    pub total_kronor: Format,
    pub total_decimal: Format,
    pub total_share: Format,
}

impl Formats {
    fn new() -> Self {
        let total = Format::new()
            .set_bold()
            .set_border_top(FormatBorder::Thin)
            .set_background_color(Color::RGB(0xF2F2F2));
        Formats {
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_background_color(Color::RGB(0xDDEBF7))
                .set_border_bottom(FormatBorder::Thin),
            title: Format::new().set_bold().set_font_size(16),
            bold: Format::new().set_bold(),
            warning: Format::new()
                .set_bold()
                .set_font_color(Color::RGB(0xC00000)),
            wrap: Format::new()
                .set_text_wrap()
                .set_align(rust_xlsxwriter::FormatAlign::Top),
            kronor: Format::new().set_num_format("#,##0 \"kr\""),
            integer: Format::new().set_num_format("#,##0"),
            year: Format::new().set_num_format("0"),
            decimal: Format::new().set_num_format("#,##0.0"),
            share: Format::new().set_num_format("0.0%"),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            datetime: Format::new().set_num_format("yyyy-mm-dd hh:mm"),
            link: Format::new()
                .set_font_color(Color::RGB(0x0563C1))
                .set_underline(rust_xlsxwriter::FormatUnderline::Single),
            total_kronor: total.clone().set_num_format("#,##0 \"kr\""),
            total_decimal: total.clone().set_num_format("#,##0.0"),
            total_share: total.clone().set_num_format("0.0%"),
            total,
        }
    }
}

/// Writes the report workbook into memory.
///
/// # Errors
/// A sheet over Excel's row limit; rust_xlsxwriter errors.
pub fn render(figures: &Figures<'_>, generated: DateTime<Local>) -> Result<Vec<u8>, ReportError> {
    check_rows(figures)?;
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        write_workbook(figures, generated)
    }))
    .unwrap_or(Err(ReportError::TempWrite))
}

fn write_workbook(
    figures: &Figures<'_>,
    generated: DateTime<Local>,
) -> Result<Vec<u8>, ReportError> {
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_timestamp(generated.timestamp())?;
    let scope = figures
        .delregion
        .clone()
        .unwrap_or_else(|| "hela länet".to_string());
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!(
                "{}: lokal statusrapport {}",
                figures.survey.title, figures.year
            ))
            .set_subject(format!(
                "Digitaliseringsstrategier och budget för digitaliseringsarbetet, {scope}"
            ))
            .set_author("collect")
            .set_comment(format!(
                "Enkät {} version {}",
                figures.survey.id, figures.survey.version
            ))
            .set_creation_datetime(&created),
    );
    let f = Formats::new();
    // The large sheets stream their rows to temporary files instead of
    // holding every cell (memory stays flat with the number of respondents).
    summary::write(workbook.add_worksheet(), figures, generated, &f)?;
    sheets::status(workbook.add_worksheet_with_constant_memory()?, figures, &f)?;
    sheets::budget(workbook.add_worksheet_with_constant_memory()?, figures, &f)?;
    sheets::delregions(workbook.add_worksheet(), figures, &f)?;
    sheets::documents(workbook.add_worksheet_with_constant_memory()?, figures, &f)?;
    sheets::coverage(workbook.add_worksheet_with_constant_memory()?, figures, &f)?;
    sheets::capabilities(workbook.add_worksheet_with_constant_memory()?, figures, &f)?;
    sheets::quality(workbook.add_worksheet_with_constant_memory()?, figures, &f)?;
    sheets::sources(workbook.add_worksheet_with_constant_memory()?, figures, &f)?;
    Ok(workbook.save_to_buffer()?)
}

/// Writes the report to `path` atomically: a failed run leaves the old file.
///
/// # Errors
/// As [`render`]; the file cannot be written or replaced.
pub fn save(path: &Path, bytes: &[u8]) -> Result<(), ReportError> {
    crate::atomic::write(path, |w| w.write_all(bytes)).map_err(|cause| ReportError::Io {
        path: path.display().to_string(),
        cause,
    })
}

fn check_rows(figures: &Figures<'_>) -> Result<(), ReportError> {
    let rows = [
        ("Svarsstatus", figures.statuses.len()),
        ("Budget", figures.budget.rows.len()),
        ("Strategidokument", figures.documents.rows.len()),
        (
            "Strategitäckning",
            figures.coverage.rows.len() + figures.coverage.summaries.len(),
        ),
        (
            "Förmågor",
            figures.capabilities.rows.len() + figures.capabilities.summaries.len(),
        ),
        ("Datakvalitet", figures.quality.len()),
        ("Underlag", figures.sources().count()),
    ];
    for (sheet, n) in rows {
        if n + 1 > MAX_ROWS {
            return Err(ReportError::TooManyRows { sheet, rows: n + 1 });
        }
    }
    Ok(())
}

/// Names a worksheet and sets up printing: landscape, one page wide.
pub(crate) fn set_up(ws: &mut Worksheet, name: &str) -> Result<(), XlsxError> {
    ws.set_name(name)?;
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_footer("&L&A&RSida &P av &N");
    Ok(())
}

/// Writes a table's header row, freezes it, filters it, repeats it on
/// every printed page.
pub(crate) fn header(
    ws: &mut Worksheet,
    headers: &[String],
    last_row: u32,
    f: &Formats,
) -> Result<(), XlsxError> {
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, to_u16(c), h, &f.header)?;
    }
    if headers.iter().any(|h| h.chars().count() > 16) {
        ws.set_row_height(0, 48)?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.set_repeat_rows(0, 0)?;
    if !headers.is_empty() {
        ws.autofilter(0, 0, last_row, to_u16(headers.len()) - 1)?;
    }
    Ok(())
}

/// Fits column widths to the content, within bounds a reader can use.
pub(crate) fn fit(ws: &mut Worksheet) {
    ws.set_autofit_max_width(400);
    ws.autofit();
}
