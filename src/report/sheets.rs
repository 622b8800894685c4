//! The table sheets of the report, one function each, in sheet order.

use chrono::{NaiveDate, NaiveDateTime};
use rust_xlsxwriter::{
    ConditionalFormat3ColorScale, ExcelDateTime, Format, Url, Worksheet, XlsxError,
};

use super::{Formats, fit, header, set_up};
use crate::aggregate::{AreaTable, Column, ColumnKind, Figure, Figures, RowKind, Who};
use crate::convert::{count_to_f64, to_u16, to_u32, u64_to_f64};

/// Excel's largest number of hyperlinks on one sheet; more are written as text.
const MAX_LINKS: usize = 65_530;

/// Column widths (characters) that autofit cannot measure or should not
/// take from a long wrapped header.
const DATE_WIDTH: f64 = 11.0;
const DATETIME_WIDTH: f64 = 17.0;
const NUMBER_WIDTH: f64 = 16.0;
const TEXT_WIDTH: f64 = 36.0;

/// Sets the first columns' widths (sheets written in constant memory mode
/// cannot be fitted to their content).
fn widths(ws: &mut Worksheet, widths: &[f64]) -> Result<(), XlsxError> {
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(to_u16(c), *w)?;
    }
    Ok(())
}

/// The width of a column of answers.
fn width_of(column: &Column) -> f64 {
    match column.kind {
        ColumnKind::Text => TEXT_WIDTH,
        ColumnKind::Date => DATE_WIDTH,
        _ => NUMBER_WIDTH,
    }
}

/// An Excel date from a calendar date.
pub(crate) fn excel_date(date: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::parse_from_str(&date.format("%Y-%m-%d").to_string())
}

/// An Excel date and time from a local date and time.
pub(crate) fn excel_datetime(when: NaiveDateTime) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::parse_from_str(&when.format("%Y-%m-%dT%H:%M:%S").to_string())
}

/// An RFC 3339 timestamp in local time.
fn local(rfc3339: &str) -> Option<NaiveDateTime> {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .ok()
        .map(|t| t.with_timezone(&chrono::Local).naive_local())
}

/// Writes a figure; an unanswered one stays an empty cell.
pub(crate) fn number(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    value: Option<f64>,
    format: &Format,
) -> Result<(), XlsxError> {
    if let Some(v) = value {
        ws.write_number_with_format(r, c, v, format)?;
    }
    Ok(())
}

fn text(ws: &mut Worksheet, r: u32, c: u16, value: &str) -> Result<(), XlsxError> {
    if !value.is_empty() {
        ws.write_string(r, c, value)?;
    }
    Ok(())
}

fn date(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    iso: Option<&str>,
    f: &Formats,
) -> Result<(), XlsxError> {
    if let Some(d) = iso.and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()) {
        ws.write_datetime_with_format(r, c, excel_date(d)?, &f.date)?;
    }
    Ok(())
}

fn datetime(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    rfc3339: &str,
    f: &Formats,
) -> Result<(), XlsxError> {
    match local(rfc3339) {
        Some(t) => {
            ws.write_datetime_with_format(r, c, excel_datetime(t)?, &f.datetime)?;
        }
        None => text(ws, r, c, rfc3339)?,
    }
    Ok(())
}

/// The number format of a column of answers, on a sum row when `total`.
fn format_of<'f>(column: &Column, f: &'f Formats, total: bool) -> &'f Format {
    match (column.kind, total) {
        (ColumnKind::Kronor, false) => &f.kronor,
        (ColumnKind::Kronor, true) => &f.total_kronor,
        (ColumnKind::Decimal, false) => &f.decimal,
        (ColumnKind::Decimal, true) => &f.total_decimal,
        (ColumnKind::Year, _) => &f.year,
        (_, false) => &f.integer,
        (_, true) => &f.total,
    }
}

fn figure(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    value: &Figure,
    format: &Format,
    f: &Formats,
) -> Result<(), XlsxError> {
    match value {
        Figure::Number(n) => {
            ws.write_number_with_format(r, c, *n, format)?;
        }
        Figure::Text(s) => text(ws, r, c, s)?,
        Figure::Date(d) => {
            ws.write_datetime_with_format(r, c, excel_date(*d)?, &f.date)?;
        }
        Figure::Empty => {}
    }
    Ok(())
}

/// Id, Namn, Typ, Delregion of a respondent from column 0.
fn who(ws: &mut Worksheet, r: u32, respondent: Who<'_>, with_kind: bool) -> Result<u16, XlsxError> {
    ws.write_string(r, 0, respondent.id)?;
    ws.write_string(r, 1, respondent.name)?;
    if with_kind {
        ws.write_string(r, 2, respondent.kind)?;
        ws.write_string(r, 3, respondent.delregion)?;
        Ok(4)
    } else {
        ws.write_string(r, 2, respondent.delregion)?;
        Ok(3)
    }
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// Svarsstatus: every registry respondent.
pub(crate) fn status(
    ws: &mut Worksheet,
    figures: &Figures<'_>,
    f: &Formats,
) -> Result<(), XlsxError> {
    set_up(ws, "Svarsstatus")?;
    let mut headers = strings(&[
        "Id",
        "Namn",
        "Typ",
        "Delregion",
        "Status",
        "Besvarad",
        "Importerad",
        "Fil",
        "Varningar",
        "Senaste underkända försök",
    ]);
    headers.extend(figures.contact_headers.iter().cloned());
    header(ws, &headers, to_u32(figures.statuses.len()), f)?;
    for (i, s) in figures.statuses.iter().enumerate() {
        let r = to_u32(i) + 1;
        who(ws, r, s.respondent, true)?;
        match &s.source {
            Some(sub) => {
                ws.write_string(r, 4, "Inkommen")?;
                date(ws, r, 5, sub.answered.as_deref(), f)?;
                datetime(ws, r, 6, &sub.imported, f)?;
                text(ws, r, 7, &sub.file)?;
                ws.write_number_with_format(r, 8, count_to_f64(sub.warnings), &f.integer)?;
            }
            None => {
                ws.write_string(r, 4, "Saknas")?;
            }
        }
        if let Some(at) = &s.last_rejected {
            datetime(ws, r, 9, at, f)?;
        }
        for (c, value) in s.contacts.iter().enumerate() {
            text(ws, r, 10 + to_u16(c), value.as_deref().unwrap_or(""))?;
        }
    }
    widths(
        ws,
        &[
            14.0,
            34.0,
            16.0,
            20.0,
            10.0,
            DATE_WIDTH,
            DATETIME_WIDTH,
            40.0,
            10.0,
            DATETIME_WIDTH,
            24.0,
            30.0,
            16.0,
        ],
    )?;
    ws.set_column_width(5, DATE_WIDTH)?;
    ws.set_column_width(6, DATETIME_WIDTH)?;
    Ok(())
}

/// Budget: answering respondents with delregion subtotals and county totals.
pub(crate) fn budget(
    ws: &mut Worksheet,
    figures: &Figures<'_>,
    f: &Formats,
) -> Result<(), XlsxError> {
    set_up(ws, "Budget")?;
    let columns = &figures.budget.columns;
    let mut headers = strings(&["Id", "Namn", "Typ", "Delregion", "Invånare"]);
    headers.extend(columns.iter().map(|c| c.header.clone()));
    headers.extend(strings(&["Kr per invånare", "Andel samverkan"]));
    header(ws, &headers, to_u32(figures.budget.rows.len()), f)?;
    let per_capita_col = 5 + to_u16(columns.len());
    for (i, row) in figures.budget.rows.iter().enumerate() {
        let r = to_u32(i) + 1;
        let total = row.kind != RowKind::Respondent;
        match row.respondent {
            Some(respondent) => {
                who(ws, r, respondent, true)?;
                number(ws, r, 4, respondent.population.map(u64_to_f64), &f.integer)?;
            }
            None => {
                for c in 0..to_u16(headers.len()) {
                    ws.write_blank(r, c, &f.total)?;
                }
                ws.write_string_with_format(r, 1, &row.name, &f.total)?;
            }
        }
        for (c, (column, value)) in columns.iter().zip(&row.values).enumerate() {
            figure(ws, r, 5 + to_u16(c), value, format_of(column, f, total), f)?;
        }
        let (kronor, share) = if total {
            (&f.total_kronor, &f.total_share)
        } else {
            (&f.kronor, &f.share)
        };
        number(ws, r, per_capita_col, row.per_capita, kronor)?;
        number(ws, r, per_capita_col + 1, row.joint_share, share)?;
    }
    widths(ws, &[14.0, 34.0, 16.0, 20.0, 12.0])?;
    for (c, column) in columns.iter().enumerate() {
        ws.set_column_width(5 + to_u16(c), width_of(column))?;
    }
    ws.set_column_width(per_capita_col, NUMBER_WIDTH)?;
    ws.set_column_width(per_capita_col + 1, NUMBER_WIDTH)?;
    Ok(())
}

/// Delregioner: one row per delregion and the county.
pub(crate) fn delregions(
    ws: &mut Worksheet,
    figures: &Figures<'_>,
    f: &Formats,
) -> Result<(), XlsxError> {
    set_up(ws, "Delregioner")?;
    let headers = strings(&[
        "Delregion",
        "Respondenter",
        "Kommuner",
        "Svar",
        "Svarsfrekvens",
        "Budget kommuner",
        "Budget förbund",
        "Median kr per invånare",
        "Min kr per invånare",
        "Max kr per invånare",
        "Årsarbetare kommuner",
        "Andel med gällande strategi",
    ]);
    header(ws, &headers, to_u32(figures.delregions.len()), f)?;
    for (i, d) in figures.delregions.iter().enumerate() {
        let r = to_u32(i) + 1;
        let (plain, kronor, decimal, share) = if d.county {
            (&f.total, &f.total_kronor, &f.total_decimal, &f.total_share)
        } else {
            (&f.integer, &f.kronor, &f.decimal, &f.share)
        };
        if d.county {
            for c in 0..to_u16(headers.len()) {
                ws.write_blank(r, c, plain)?;
            }
        }
        ws.write_string_with_format(r, 0, &d.name, if d.county { &f.total } else { &f.bold })?;
        ws.write_number_with_format(r, 1, count_to_f64(d.respondents), plain)?;
        ws.write_number_with_format(r, 2, count_to_f64(d.municipalities), plain)?;
        ws.write_number_with_format(r, 3, count_to_f64(d.answered), plain)?;
        number(ws, r, 4, d.response_rate, share)?;
        number(ws, r, 5, d.budget_municipalities, kronor)?;
        number(ws, r, 6, d.budget_organisations, kronor)?;
        number(ws, r, 7, d.median_per_capita, kronor)?;
        number(ws, r, 8, d.min_per_capita, kronor)?;
        number(ws, r, 9, d.max_per_capita, kronor)?;
        number(ws, r, 10, d.staff_municipalities, decimal)?;
        number(ws, r, 11, d.strategy_share, share)?;
    }
    fit(ws);
    for c in 1..to_u16(headers.len()) {
        ws.set_column_width(c, NUMBER_WIDTH)?;
    }
    Ok(())
}

/// Strategidokument: one row per document, its status, its link.
pub(crate) fn documents(
    ws: &mut Worksheet,
    figures: &Figures<'_>,
    f: &Formats,
) -> Result<(), XlsxError> {
    set_up(ws, "Strategidokument")?;
    let docs = &figures.documents;
    let mut headers = strings(&["Id", "Namn", "Delregion"]);
    headers.extend(docs.columns.iter().map(|c| c.header.clone()));
    headers.push("Status".to_string());
    header(ws, &headers, to_u32(docs.rows.len()), f)?;
    let status_col = 3 + to_u16(docs.columns.len());
    let mut links = 0;
    for (i, row) in docs.rows.iter().enumerate() {
        let r = to_u32(i) + 1;
        who(ws, r, row.respondent, false)?;
        for (c, (column, value)) in docs.columns.iter().zip(&row.values).enumerate() {
            let col = 3 + to_u16(c);
            match value {
                Figure::Text(url)
                    if Some(c) == docs.link_column
                        && links < MAX_LINKS
                        && crate::value::is_http_url(url) =>
                {
                    // A link Excel will not take (too long, malformed) stays text.
                    if ws
                        .write_url_with_format(r, col, Url::new(url.as_str()), &f.link)
                        .is_ok()
                    {
                        links += 1;
                    } else {
                        ws.write_string(r, col, url)?;
                    }
                }
                _ => figure(ws, r, col, value, format_of(column, f, false), f)?,
            }
        }
        if let Some(status) = row.status {
            ws.write_string(r, status_col, status)?;
        }
    }
    widths(ws, &[14.0, 34.0, 20.0])?;
    for (c, column) in docs.columns.iter().enumerate() {
        ws.set_column_width(3 + to_u16(c), width_of(column))?;
    }
    Ok(())
}

/// An area table (Strategitäckning, Förmågor): respondents, then summaries.
fn area_table(
    ws: &mut Worksheet,
    table: &AreaTable<'_>,
    value_format: &Format,
    summary_format: &Format,
    f: &Formats,
) -> Result<(u32, u32), XlsxError> {
    let mut headers = strings(&["Id", "Namn", "Delregion"]);
    headers.extend(table.areas.iter().cloned());
    header(
        ws,
        &headers,
        to_u32(table.rows.len() + table.summaries.len()),
        f,
    )?;
    for (i, (respondent, values)) in table.rows.iter().enumerate() {
        let r = to_u32(i) + 1;
        who(ws, r, *respondent, false)?;
        for (c, v) in values.iter().enumerate() {
            number(ws, r, 3 + to_u16(c), *v, value_format)?;
        }
    }
    let first = to_u32(table.rows.len()) + 1;
    for (i, (name, _, values)) in table.summaries.iter().enumerate() {
        let r = first + to_u32(i);
        for c in 0..to_u16(headers.len()) {
            ws.write_blank(r, c, &f.total)?;
        }
        ws.write_string_with_format(r, 1, name, &f.total)?;
        ws.write_string_with_format(r, 2, name, &f.total)?;
        for (c, v) in values.iter().enumerate() {
            number(ws, r, 3 + to_u16(c), *v, summary_format)?;
        }
    }
    widths(ws, &[14.0, 34.0, 20.0])?;
    for c in 0..to_u16(table.areas.len()) {
        ws.set_column_width(3 + c, 14)?;
    }
    Ok((1, to_u32(table.rows.len())))
}

/// Strategitäckning: gällande documents per area, then shares with any.
pub(crate) fn coverage(
    ws: &mut Worksheet,
    figures: &Figures<'_>,
    f: &Formats,
) -> Result<(), XlsxError> {
    set_up(ws, "Strategitäckning")?;
    area_table(ws, &figures.coverage, &f.integer, &f.total_share, f)?;
    Ok(())
}

/// Förmågor: levels as a heat map, then means.
pub(crate) fn capabilities(
    ws: &mut Worksheet,
    figures: &Figures<'_>,
    f: &Formats,
) -> Result<(), XlsxError> {
    set_up(ws, "Förmågor")?;
    let (first, last) = area_table(ws, &figures.capabilities, &f.integer, &f.total_decimal, f)?;
    let areas = to_u16(figures.capabilities.areas.len());
    if last >= first && areas > 0 {
        ws.add_conditional_format(
            first,
            3,
            last,
            2 + areas,
            &ConditionalFormat3ColorScale::new(),
        )?;
    }
    Ok(())
}

/// Datakvalitet: warnings and plausibility findings.
pub(crate) fn quality(
    ws: &mut Worksheet,
    figures: &Figures<'_>,
    f: &Formats,
) -> Result<(), XlsxError> {
    set_up(ws, "Datakvalitet")?;
    header(
        ws,
        &strings(&["Id", "Namn", "Plats", "Fråga", "Meddelande"]),
        to_u32(figures.quality.len()),
        f,
    )?;
    for (i, q) in figures.quality.iter().enumerate() {
        let r = to_u32(i) + 1;
        ws.write_string(r, 0, q.respondent.id)?;
        ws.write_string(r, 1, q.respondent.name)?;
        text(ws, r, 2, &q.place)?;
        text(ws, r, 3, &q.question)?;
        ws.write_string_with_format(r, 4, &q.message, &f.wrap)?;
    }
    widths(ws, &[14.0, 34.0, 28.0, 44.0])?;
    ws.set_column_width(4, 90)?;
    Ok(())
}

/// Underlag: every counted submission, for tracing and reproducing.
pub(crate) fn sources(
    ws: &mut Worksheet,
    figures: &Figures<'_>,
    f: &Formats,
) -> Result<(), XlsxError> {
    set_up(ws, "Underlag")?;
    let headers = strings(&[
        "Id",
        "Namn",
        "Fil",
        "SHA-256",
        "Besvarad",
        "Importerad",
        "Enkät",
        "Version",
        "Exempeldata",
    ]);
    header(ws, &headers, to_u32(figures.sources().count()), f)?;
    for (i, (respondent, s)) in figures.sources().enumerate() {
        let r = to_u32(i) + 1;
        ws.write_string(r, 0, respondent.id)?;
        ws.write_string(r, 1, respondent.name)?;
        text(ws, r, 2, &s.file)?;
        ws.write_string(r, 3, &s.sha256)?;
        date(ws, r, 4, s.answered.as_deref(), f)?;
        datetime(ws, r, 5, &s.imported, f)?;
        ws.write_string(r, 6, &s.survey_id)?;
        ws.write_number_with_format(r, 7, f64::from(s.survey_version), &f.integer)?;
        ws.write_string(r, 8, if s.example { "Ja" } else { "Nej" })?;
    }
    widths(
        ws,
        &[
            14.0,
            34.0,
            40.0,
            66.0,
            DATE_WIDTH,
            DATETIME_WIDTH,
            22.0,
            8.0,
            12.0,
        ],
    )?;
    ws.set_column_width(4, DATE_WIDTH)?;
    ws.set_column_width(5, DATETIME_WIDTH)?;
    Ok(())
}
