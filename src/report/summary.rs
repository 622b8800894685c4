//! Sammanfattning: what the report is, response rates, key figures,
//! definitions, and a chart of budget per inhabitant per municipality
//! coloured by delregion (from a data table on the same sheet).

use chrono::{DateTime, Local};
use rust_xlsxwriter::{Chart, ChartType, Format, Worksheet, XlsxError};

use super::sheets::{excel_date, excel_datetime, number};
use super::{Formats, set_up};
use crate::aggregate::{Figures, RowKind};
use crate::registry::Kind;

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
            self.ws.set_row_height(self.row, 15.0 * lines as f64)?;
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

pub(crate) fn write(
    ws: &mut Worksheet,
    figures: &Figures<'_>,
    generated: DateTime<Local>,
    f: &Formats,
) -> Result<(), XlsxError> {
    set_up(ws, SHEET)?;
    let key = &figures.key;
    let scope = match &figures.delregion {
        Some(d) => format!("delregionen {d}"),
        None => "Västra Götaland".to_string(),
    };
    let mut lines = Lines { ws, row: 0 };
    lines.heading(
        &format!("Lokal statusrapport {}: {scope}", figures.year),
        &f.title,
    )?;
    if key.example {
        lines.heading(
            "Exempeldata: rapporten bygger på fiktiva svar. Siffrorna beskriver inte verkliga organisationer.",
            &f.warning,
        )?;
    }
    if key.submissions == 0 {
        lines.heading(
            &format!("Inga svar har kommit in för budgetåret {}.", figures.year),
            &f.warning,
        )?;
    }
    lines.skip();
    lines.text(
        "Enkät",
        &format!(
            "{} ({}, version {})",
            figures.survey.title, figures.survey.id, figures.survey.version
        ),
        f,
    )?;
    lines.number(
        "Budgetår",
        Some(f64::from(figures.year)),
        &Format::new().set_num_format("0"),
    )?;
    lines.text("Omfattning", &scope, f)?;
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
        Some(key.submissions as f64),
        &f.integer,
    )?;
    lines.ws.write_string(lines.row, 0, "Senast besvarad")?;
    if let Some(d) = key
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
            .write_string_with_format(lines.row, c as u16, *h, &f.header)?;
    }
    lines.skip();
    for d in &figures.delregions {
        let (text, plain, share) = if d.county {
            (&f.total, &f.total, &f.total_share)
        } else {
            (&f.bold, &f.integer, &f.share)
        };
        let r = lines.row;
        lines.ws.write_string_with_format(r, 0, &d.name, text)?;
        lines
            .ws
            .write_number_with_format(r, 1, d.respondents as f64, plain)?;
        lines
            .ws
            .write_number_with_format(r, 2, d.answered as f64, plain)?;
        number(lines.ws, r, 3, d.response_rate, share)?;
        lines
            .ws
            .write_number_with_format(r, 4, d.municipalities as f64, plain)?;
        lines
            .ws
            .write_number_with_format(r, 5, d.municipalities_answered as f64, plain)?;
        number(
            lines.ws,
            r,
            6,
            (d.municipalities > 0)
                .then(|| d.municipalities_answered as f64 / d.municipalities as f64),
            share,
        )?;
        lines.skip();
    }
    lines.skip();

    let total = &key.total;
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

    lines.heading("Definitioner", &f.bold)?;
    lines.text(
        "Gällande",
        "Ett styrdokument är gällande budgetåret om det beslutades senast det året och gäller till och med \
         budgetåret eller tills vidare (inget slutår angivet). Ett dokument vars slutår ligger före budgetåret är utgånget.", f)?;
    lines.text(
        "Övergripande digitaliseringsstrategi",
        &overall_strategy(figures),
        f,
    )?;
    lines.text(
        "Kr per invånare",
        "Total budget för digitaliseringsarbetet delad med kommunens folkmängd. Bara kommuner: kommunalförbund \
         och VästKom har ingen egen befolkning och ingår inte.", f)?;
    let years: Vec<String> = key.population_years.iter().map(u32::to_string).collect();
    lines.text(
        "Folkmängd",
        &format!(
            "Folkmängd den 31 december {} enligt registret över respondenter (källa för det inbyggda registret: SCB, \
             Folkmängd i riket, län och kommuner 31 december 2021).",
            years.join(", ")
        ), f)?;
    lines.skip();
    let chart_row = lines.row;
    chart(lines.ws, figures, chart_row, f)?;
    lines.ws.set_column_width(0, 52)?;
    for c in 1..8 {
        lines.ws.set_column_width(c, 16)?;
    }
    Ok(())
}

/// The overall strategy's definition in words, from the survey definition.
fn overall_strategy(figures: &Figures<'_>) -> String {
    let survey = figures.survey;
    let parts: Vec<String> = survey
        .overall_strategy
        .iter()
        .filter_map(|(id, wanted)| {
            let (_, q) = survey.question(id)?;
            let list = survey.choices_of(q.choices.as_deref())?;
            let labels: Vec<&str> = wanted
                .iter()
                .filter_map(|w| list.get(w))
                .map(|c| c.label.as_str())
                .collect();
            Some(format!("{} är {}", q.label, labels.join(" eller ")))
        })
        .collect();
    format!("Ett styrdokument där {}.", parts.join(" och "))
}

/// A stacked column chart of budget per inhabitant per municipality, one
/// series per delregion, from a data table written under it.
fn chart(
    ws: &mut Worksheet,
    figures: &Figures<'_>,
    top: u32,
    f: &Formats,
) -> Result<(), XlsxError> {
    let municipalities: Vec<_> = figures
        .budget
        .rows
        .iter()
        .filter(|r| r.kind == RowKind::Respondent)
        .filter_map(|r| Some((r.respondent?, r.per_capita?)))
        .filter(|(r, _)| r.kind == Kind::Kommun)
        .collect();
    if municipalities.is_empty() {
        return Ok(());
    }
    let delregions: Vec<&str> = figures
        .delregions
        .iter()
        .filter(|d| !d.county && d.municipalities > 0)
        .map(|d| d.name.as_str())
        .collect();
    let data_top = top + 22;
    ws.write_string_with_format(
        data_top - 1,
        0,
        "Diagramdata: kr per invånare per kommun",
        &f.bold,
    )?;
    ws.write_string_with_format(data_top, 0, "Kommun", &f.header)?;
    for (c, d) in delregions.iter().enumerate() {
        ws.write_string_with_format(data_top, 1 + c as u16, *d, &f.header)?;
    }
    for (i, (respondent, value)) in municipalities.iter().enumerate() {
        let r = data_top + 1 + i as u32;
        ws.write_string(r, 0, &respondent.name)?;
        if let Some(c) = delregions.iter().position(|d| *d == respondent.delregion) {
            ws.write_number_with_format(r, 1 + c as u16, *value, &f.kronor)?;
        }
    }
    let first = data_top + 1;
    let last = data_top + municipalities.len() as u32;
    let mut chart = Chart::new(ChartType::ColumnStacked);
    for c in 0..delregions.len() {
        let col = 1 + c as u16;
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
