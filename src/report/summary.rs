//! Sammanfattning: what the report is, response rates, key figures,
//! definitions, and a chart of budget per inhabitant per municipality
//! coloured by delregion (from a data table on the same sheet).

use chrono::{DateTime, Local};
use rust_xlsxwriter::{Chart, ChartType, Format, Worksheet, XlsxError};

use super::sheets::{excel_date, excel_datetime, number};
use super::{Formats, set_up};
use crate::aggregate::Figures;
use crate::convert::{count_to_f64, to_u16, to_u32};

const SHEET: &str = "Sammanfattning";

/// A label in column A and a value in column B, row by row.
struct Lines<'a> {
    ws: &'a mut Worksheet,
    row: u32,
}

impl Lines<'_> {
    fn skip(&mut self) {
        self.row += 1;
    }

    fn heading(&mut self, text: &str, f: &Format) -> Result<(), XlsxError> {
        self.ws.write_string_with_format(self.row, 0, text, f)?;
        self.row += 1;
        Ok(())
    }

    /// A label and a text; a long text spans columns B–H, wrapped.
    fn text(&mut self, label: &str, value: &str, f: &Formats) -> Result<(), XlsxError> {
        self.ws
            .write_string_with_format(self.row, 0, label, &f.wrap)?;
        let chars = value.chars().count();
        if chars > 30 {
            self.ws
                .merge_range(self.row, 1, self.row, 7, value, &f.wrap)?;
            let lines = chars.div_ceil(100).max(label.chars().count().div_ceil(48));
            self.ws
                .set_row_height(self.row, 15.0 * count_to_f64(lines))?;
        } else {
            self.ws.write_string(self.row, 1, value)?;
        }
        self.row += 1;
        Ok(())
    }

    fn number(&mut self, label: &str, value: Option<f64>, f: &Format) -> Result<(), XlsxError> {
        self.ws.write_string(self.row, 0, label)?;
        // An unanswered figure is an empty cell.
        if let Some(v) = value {
            self.ws.write_number_with_format(self.row, 1, v, f)?;
        }
        self.row += 1;
        Ok(())
    }
}

/// Writes the summary sheet, part by part from the top.
pub(crate) fn write(
    ws: &mut Worksheet,
    figures: &Figures<'_>,
    generated: DateTime<Local>,
    f: &Formats,
) -> Result<(), XlsxError> {
    set_up(ws, SHEET)?;
    let scope = match &figures.delregion {
        Some(d) => format!("delregionen {d}"),
        None => "Västra Götaland".to_string(),
    };
    let mut lines = Lines { ws, row: 0 };
    title(&mut lines, figures, &scope, f)?;
    about(&mut lines, figures, &scope, generated, f)?;
    // The map comes right after the first lines, so that the first page
    // shows the county at a glance; the tables start on the next page.
    lines.skip();
    lines.row = super::county_map::write(lines.ws, &figures.map, lines.row, f)?;
    lines.ws.set_page_breaks(&[lines.row])?;
    response_rates(&mut lines, figures, f)?;
    key_figures(&mut lines, figures, f)?;
    definitions(&mut lines, figures, f)?;
    let chart_row = lines.row;
    chart(lines.ws, figures, chart_row, f)?;
    lines.ws.set_column_width(0, 52)?;
    for c in 1..8 {
        lines.ws.set_column_width(c, 16)?;
    }
    Ok(())
}

/// The title, and warnings about example data or no answers at all.
fn title(
    lines: &mut Lines<'_>,
    figures: &Figures<'_>,
    scope: &str,
    f: &Formats,
) -> Result<(), XlsxError> {
    lines.heading(
        &format!("Lokal statusrapport {}: {scope}", figures.year),
        &f.title,
    )?;
    if figures.key.example {
        lines.heading(
            "Exempeldata: rapporten bygger på fiktiva svar. Siffrorna beskriver inte verkliga organisationer.",
            &f.warning,
        )?;
    }
    if figures.key.submissions == 0 {
        lines.heading(
            &format!("Inga svar har kommit in för budgetåret {}.", figures.year),
            &f.warning,
        )?;
    }
    lines.skip();
    Ok(())
}

/// What the report is: survey, year, scope, when, from how many answers.
fn about(
    lines: &mut Lines<'_>,
    figures: &Figures<'_>,
    scope: &str,
    generated: DateTime<Local>,
    f: &Formats,
) -> Result<(), XlsxError> {
    let survey = &figures.survey;
    lines.text(
        "Enkät",
        &format!(
            "{} ({}, version {})",
            survey.title, survey.id, survey.version
        ),
        f,
    )?;
    lines.number("Budgetår", Some(f64::from(figures.year)), &f.year)?;
    lines.text("Omfattning", scope, f)?;
    lines.ws.write_string(lines.row, 0, "Rapporten skapad")?;
    lines.ws.write_datetime_with_format(
        lines.row,
        1,
        excel_datetime(generated.naive_local())?,
        &f.datetime,
    )?;
    lines.skip();
    lines.number(
        "Gällande inlämningar i rapporten",
        Some(count_to_f64(figures.key.submissions)),
        &f.integer,
    )?;
    lines.ws.write_string(lines.row, 0, "Senast besvarad")?;
    if let Some(d) = figures
        .key
        .newest_answered
        .as_deref()
        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
    {
        lines
            .ws
            .write_datetime_with_format(lines.row, 1, excel_date(d)?, &f.date)?;
    }
    lines.skip();
    lines.skip();
    Ok(())
}

/// Svarsfrekvens: a small table, one row per delregion and the county.
fn response_rates(
    lines: &mut Lines<'_>,
    figures: &Figures<'_>,
    f: &Formats,
) -> Result<(), XlsxError> {
    lines.heading("Svarsfrekvens", &f.bold)?;
    let headers = [
        "Delregion",
        "Respondenter",
        "Svar",
        "Svarsfrekvens",
        "Kommuner",
        "Kommuner som svarat",
        "Svarsfrekvens kommuner",
    ];
    for (c, h) in headers.iter().enumerate() {
        lines
            .ws
            .write_string_with_format(lines.row, to_u16(c), *h, &f.header)?;
    }
    lines.skip();
    for d in &figures.delregions {
        let (text, plain, share) = if d.county {
            (&f.total, &f.total, &f.total_share)
        } else {
            (&f.bold, &f.integer, &f.share)
        };
        let (ws, r) = (&mut *lines.ws, lines.row);
        ws.write_string_with_format(r, 0, &d.name, text)?;
        ws.write_number_with_format(r, 1, count_to_f64(d.respondents), plain)?;
        ws.write_number_with_format(r, 2, count_to_f64(d.answered), plain)?;
        number(ws, r, 3, d.response_rate, share)?;
        ws.write_number_with_format(r, 4, count_to_f64(d.municipalities), plain)?;
        ws.write_number_with_format(r, 5, count_to_f64(d.municipalities_answered), plain)?;
        number(ws, r, 6, d.municipal_response_rate, share)?;
        lines.skip();
    }
    lines.skip();
    Ok(())
}

/// Nyckeltal: the county's (or the delregion's) key figures.
fn key_figures(lines: &mut Lines<'_>, figures: &Figures<'_>, f: &Formats) -> Result<(), XlsxError> {
    let total = &figures.key.total;
    lines.heading("Nyckeltal", &f.bold)?;
    lines.number(
        "Total budget för digitaliseringsarbetet, kommuner",
        total.budget_municipalities,
        &f.kronor,
    )?;
    lines.number(
        "Total budget, kommunalförbund och VästKom",
        total.budget_organisations,
        &f.kronor,
    )?;
    lines.text(
        "",
        "Beloppen läggs inte ihop: kommunerna betalar in till kommunalförbunden och VästKom, \
         så en gemensam summa skulle räkna samma pengar två gånger.",
        f,
    )?;
    lines.number(
        "Årsarbetare med digitaliseringsuppdrag, kommuner",
        total.staff_municipalities,
        &f.decimal,
    )?;
    lines.number(
        "Median budget per invånare, kommuner",
        total.median_per_capita,
        &f.kronor,
    )?;
    lines.number(
        "Andel kommuner med gällande övergripande strategi",
        total.strategy_share,
        &f.share,
    )?;
    lines.skip();
    Ok(())
}

/// Definitioner: what the report's words and figures mean.
fn definitions(lines: &mut Lines<'_>, figures: &Figures<'_>, f: &Formats) -> Result<(), XlsxError> {
    lines.heading("Definitioner", &f.bold)?;
    lines.text(
        "Gällande",
        "Ett styrdokument är gällande budgetåret om det beslutades senast det året och gäller till och med \
         budgetåret eller tills vidare (inget slutår angivet). Ett dokument vars slutår ligger före budgetåret är utgånget.", f)?;
    lines.text(
        "Övergripande digitaliseringsstrategi",
        &figures.overall_strategy,
        f,
    )?;
    lines.text(
        "Kr per invånare",
        "Total budget för digitaliseringsarbetet delad med kommunens folkmängd. Bara kommuner: kommunalförbund \
         och VästKom har ingen egen befolkning och ingår inte.", f)?;
    let years: Vec<String> = figures
        .key
        .population_years
        .iter()
        .map(u32::to_string)
        .collect();
    lines.text(
        "Folkmängd",
        &format!(
            "Folkmängd den 31 december {} enligt registret över respondenter (källa för det inbyggda registret: SCB, \
             Folkmängd i riket, län och kommuner 31 december 2021).",
            years.join(", ")
        ), f)?;
    lines.skip();
    Ok(())
}

/// A stacked column chart of budget per inhabitant per municipality, one
/// series per delregion, from a data table written under it.
fn chart(
    ws: &mut Worksheet,
    figures: &Figures<'_>,
    top: u32,
    f: &Formats,
) -> Result<(), XlsxError> {
    let (delregions, municipalities) = (&figures.chart.delregions, &figures.chart.municipalities);
    if municipalities.is_empty() {
        return Ok(());
    }
    let data_top = top + 22;
    ws.write_string_with_format(
        data_top - 1,
        0,
        "Diagramdata: kr per invånare per kommun",
        &f.bold,
    )?;
    ws.write_string_with_format(data_top, 0, "Kommun", &f.header)?;
    for (c, d) in delregions.iter().enumerate() {
        ws.write_string_with_format(data_top, 1 + to_u16(c), d, &f.header)?;
    }
    for (i, (respondent, value)) in municipalities.iter().enumerate() {
        let r = data_top + 1 + to_u32(i);
        ws.write_string(r, 0, respondent.name)?;
        if let Some(c) = delregions.iter().position(|d| d == respondent.delregion) {
            ws.write_number_with_format(r, 1 + to_u16(c), *value, &f.kronor)?;
        }
    }
    let first = data_top + 1;
    let last = data_top + to_u32(municipalities.len());
    let mut chart = Chart::new(ChartType::ColumnStacked);
    for c in 0..delregions.len() {
        let col = 1 + to_u16(c);
        chart
            .add_series()
            .set_name((SHEET, data_top, col))
            .set_categories((SHEET, first, 0, last, 0))
            .set_values((SHEET, first, col, last, col));
    }
    chart
        .title()
        .set_name("Budget för digitaliseringsarbetet per invånare, kommuner");
    chart.x_axis().set_name("Kommun");
    chart
        .y_axis()
        .set_name("kr per invånare")
        .set_num_format("#,##0 \"kr\"");
    chart.set_width(1100).set_height(420);
    ws.insert_chart(top, 0, &chart)?;
    Ok(())
}
