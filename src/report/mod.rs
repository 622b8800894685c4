//! The xlsx report (REPORT.md), written with rust_xlsxwriter from the
//! figures of [`crate::aggregate`]. Every sheet after the summary is a table:
//! one bold, frozen header row with an autofilter, then one row per record,
//! numbers as numbers with Swedish-friendly formats, text from submissions
//! always as text.

mod county_map;
mod development;
mod sheets;
mod summary;

use std::path::Path;

use chrono::{DateTime, Local};
use rust_xlsxwriter::{
    Chart, ChartLegendPosition, ChartMarker, ChartType, DocProperties, ExcelDateTime, Workbook,
    XlsxError,
};

use crate::aggregate::{Figures, StatusRow};
use crate::table::Styles;

/// Excel's largest number of rows on a sheet.
pub const MAX_ROWS: usize = 1_048_576;

/// The sheets, in order.
pub const SHEETS: [&str; 11] = [
    "Sammanfattning",
    "Svarsstatus",
    "Budget",
    "Delregioner",
    "Utveckling",
    "Utveckling per kommun",
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
    let f = Styles::new();
    // The large sheets stream their rows to temporary files instead of
    // holding every cell (memory stays flat with the number of respondents);
    // each is read twice, to measure and to write.
    summary::write(workbook.add_worksheet(), figures, generated, &f)?;
    sheets::status(
        workbook.add_worksheet_with_constant_memory()?,
        &figures.statuses,
        &figures.contact_headers,
        &f,
    )?;
    sheets::budget(workbook.add_worksheet_with_constant_memory()?, figures, &f)?;
    sheets::delregions(workbook.add_worksheet(), figures, &f)?;
    // Utveckling has its chart and the chart's data below the table, so it
    // is held whole (one row per year and delregion).
    development::development(workbook.add_worksheet(), figures, &f)?;
    development::municipal(workbook.add_worksheet_with_constant_memory()?, figures, &f)?;
    sheets::documents(workbook.add_worksheet_with_constant_memory()?, figures, &f)?;
    sheets::coverage(workbook.add_worksheet_with_constant_memory()?, figures, &f)?;
    // Förmågor has its legend beside the table, so it is held whole (one
    // row per respondent at most).
    sheets::capabilities(workbook.add_worksheet(), figures, &f)?;
    sheets::quality(workbook.add_worksheet_with_constant_memory()?, figures, &f)?;
    sheets::sources(workbook.add_worksheet_with_constant_memory()?, figures, &f)?;
    Ok(workbook.save_to_buffer()?)
}

/// Writes the status workbook of `collect status` (one sheet, the
/// report's Svarsstatus) into memory.
///
/// # Errors
/// A sheet over Excel's row limit; rust_xlsxwriter errors.
pub fn render_status(
    rows: &[StatusRow<'_>],
    year: i32,
    generated: DateTime<Local>,
) -> Result<Vec<u8>, ReportError> {
    if rows.len() + 1 > MAX_ROWS {
        return Err(ReportError::TooManyRows {
            sheet: "Svarsstatus",
            rows: rows.len() + 1,
        });
    }
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut workbook = Workbook::new();
        let created = ExcelDateTime::from_timestamp(generated.timestamp())?;
        workbook.set_properties(
            &DocProperties::new()
                .set_title(format!("Svarsstatus {year}"))
                .set_author("collect")
                .set_creation_datetime(&created),
        );
        let f = Styles::new();
        sheets::status(
            workbook.add_worksheet_with_constant_memory()?,
            rows,
            &[],
            &f,
        )?;
        Ok(workbook.save_to_buffer()?)
    }))
    .unwrap_or(Err(ReportError::TempWrite))
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
        ("Utveckling", figures.development.rows.len()),
        (
            "Utveckling per kommun",
            figures.development.municipalities.len(),
        ),
        ("Strategidokument", figures.documents.rows.len()),
        (
            "Strategitäckning",
            figures.coverage.rows.len() + figures.coverage.summaries.len(),
        ),
        (
            "Förmågor",
            figures.capabilities.table.rows.len() + figures.capabilities.table.summaries.len() + 2,
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

/// A chart of kr per invånare from a table on `sheet` whose header row is
/// `data_top` and last row `last`: the categories in its first column, one
/// series per column after it (`series` of them, named by their headers),
/// the legend below. Lines get markers. The caller sizes and places it.
fn per_capita_chart(
    kind: ChartType,
    sheet: &str,
    (data_top, last, series): (u32, u32, usize),
    (title, x_axis): (&str, &str),
) -> Chart {
    let first = data_top + 1;
    let mut chart = Chart::new(kind);
    for c in 0..series {
        let col = 1 + crate::convert::to_u16(c);
        let added = chart
            .add_series()
            .set_name((sheet, data_top, col))
            .set_categories((sheet, first, 0, last, 0))
            .set_values((sheet, first, col, last, col));
        if kind == ChartType::Line {
            added.set_marker(ChartMarker::new().set_automatic());
        }
    }
    chart.title().set_name(title);
    chart.x_axis().set_name(x_axis);
    chart
        .y_axis()
        .set_name("kr per invånare")
        .set_num_format("#,##0 \"kr\"");
    chart.legend().set_position(ChartLegendPosition::Bottom);
    chart
}
