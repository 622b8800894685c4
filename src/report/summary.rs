//! Sammanfattning: what the report is, whether it is complete, response
//! rates, key figures with their bases, definitions, and a chart of budget
//! per inhabitant per municipality coloured by delregion (from a data
//! table on the same sheet).

use chrono::{DateTime, Local};
use rust_xlsxwriter::{ChartType, Worksheet, XlsxError};

use crate::aggregate::{Base, Figures};
use crate::convert::{count_to_f64, to_u16, to_u32};
use crate::table::{Cell, Grid, Look, Num, Styles, print_setup};

const SHEET: &str = "Sammanfattning";

/// The last column a line of text spans (A–H).
const LAST: u16 = 7;

/// Rows left free for the chart above its data table.
const CHART_ROWS: u32 = 25;

/// The summary as a grid of cells, line by line from the top: a label in
/// column A and a value in column B, or a text across the sheet.
struct Lines<'a> {
    grid: Grid<'a>,
    row: u32,
}

impl<'a> Lines<'a> {
    fn skip(&mut self) {
        self.row += 1;
    }

    /// A line across the sheet.
    fn line(&mut self, text: impl Into<std::borrow::Cow<'a, str>>, look: Look) {
        self.grid.span(self.row, 0, LAST, text, look);
        self.row += 1;
    }

    /// A heading in column A.
    fn heading(&mut self, text: &'a str) {
        self.grid.put(self.row, 0, Cell::text(text), Look::Bold);
        self.row += 1;
    }

    /// A label and a text across columns B–H.
    fn text(&mut self, label: &'a str, value: impl Into<std::borrow::Cow<'a, str>>) {
        self.grid.put(self.row, 0, Cell::text(label), Look::Plain);
        self.grid.span(self.row, 1, LAST, value, Look::Plain);
        self.row += 1;
    }

    /// A label and a value in column B.
    fn value(&mut self, label: &'a str, value: Cell<'a>) {
        self.grid.put(self.row, 0, Cell::text(label), Look::Plain);
        self.grid.put(self.row, 1, value, Look::Plain);
        self.row += 1;
    }

    /// A key figure: its label, its value, and its base beside it.
    fn key(&mut self, label: &'a str, value: Option<f64>, num: Num, base: &Base) {
        self.grid.put(self.row, 0, Cell::text(label), Look::Plain);
        self.grid
            .put(self.row, 1, Cell::number(value, num), Look::Plain);
        // Column C stays empty between the figure and its base.
        self.grid
            .span(self.row, 3, LAST, base.to_string(), Look::Plain);
        self.row += 1;
    }
}

/// Writes the summary sheet, part by part from the top.
pub(crate) fn write(
    ws: &mut Worksheet,
    figures: &Figures<'_>,
    generated: DateTime<Local>,
    f: &Styles,
) -> Result<(), XlsxError> {
    ws.set_name(SHEET)?;
    let scope = match &figures.delregion {
        Some(d) => format!("delregionen {d}"),
        None => "Västra Götaland".to_string(),
    };
    let mut lines = Lines {
        grid: Grid::default(),
        row: 0,
    };
    title(&mut lines, figures, &scope);
    // The map comes right after the title and its warnings, so that the
    // first page shows the county at a glance; the rest starts on the next
    // page.
    lines.skip();
    county_map(ws, &mut lines, figures)?;
    ws.set_page_breaks(&[lines.row])?;
    about(&mut lines, figures, scope, generated);
    response_rates(&mut lines, figures);
    key_figures(&mut lines, figures);
    definitions(&mut lines, figures);
    let chart_row = lines.row;
    let data_row = chart_data(&mut lines, figures);
    let widths = lines.grid.write(ws, f)?;
    if let Some(data_row) = data_row {
        chart(ws, figures, chart_row, data_row)?;
    }
    print_setup(ws, &widths, 0, 1)
}

/// The title; then what makes the figures fictitious, incomplete or
/// preliminary, or that there are none.
fn title(lines: &mut Lines<'_>, figures: &Figures<'_>, scope: &str) {
    lines.line(
        format!("Lokal statusrapport {}: {scope}", figures.year),
        Look::Title,
    );
    let key = &figures.key;
    if key.example {
        lines.line(
            "Exempeldata: rapporten bygger på fiktiva svar. Siffrorna beskriver inte verkliga organisationer.",
            Look::Warning,
        );
    }
    if key.submissions == 0 {
        lines.line(
            format!("Inga svar har kommit in för budgetåret {}.", figures.year),
            Look::Warning,
        );
    }
    if key.missing_municipalities > 0 {
        lines.line(
            format!(
                "Svar saknas från {} av {} kommuner ({} av {} organisationer i registret).",
                key.missing_municipalities,
                key.total.municipalities,
                key.missing_respondents,
                key.total.respondents
            ),
            Look::Warning,
        );
    }
    if key.preliminary {
        lines.line(
            "Preliminärt: alla kommuner har inte svarat, så siffrorna kan ändras när fler svar kommer in.",
            Look::Warning,
        );
    }
    lines.skip();
}

/// What the report is: survey, year, scope, when, from how many answers.
fn about<'a>(
    lines: &mut Lines<'a>,
    figures: &'a Figures<'_>,
    scope: String,
    generated: DateTime<Local>,
) {
    let survey = &figures.survey;
    lines.text(
        "Enkät",
        format!(
            "{} ({}, version {})",
            survey.title, survey.id, survey.version
        ),
    );
    lines.value("Budgetår", Cell::Number(f64::from(figures.year), Num::Year));
    lines.text("Omfattning", scope);
    lines.value("Rapporten skapad", Cell::DateTime(generated.naive_local()));
    lines.value(
        "Gällande inlämningar i rapporten",
        Cell::Number(count_to_f64(figures.key.submissions), Num::Integer),
    );
    let newest = figures
        .key
        .newest_answered
        .as_deref()
        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    lines.value("Senast besvarad", newest.map_or(Cell::Empty, Cell::Date));
    lines.text("Utveckling", development(figures));
    lines.skip();
}

/// Which budget years the development sheets show, or that they show one
/// and development shows from the second.
fn development(figures: &Figures<'_>) -> String {
    let years = &figures.development.years;
    if years.len() > 1 {
        format!(
            "Budgetåren {} visas på bladen Utveckling och Utveckling per kommun.",
            year_list(years)
        )
    } else {
        format!(
            "Bladen Utveckling och Utveckling per kommun visar bara budgetåret {}: \
             utvecklingen över åren syns från det andra budgetåret med svar.",
            figures.year
        )
    }
}

/// Budget years as Swedish text, runs of following years joined
/// ("2022, 2024–2026").
fn year_list(years: &[i32]) -> String {
    let mut runs: Vec<(i32, i32)> = Vec::new();
    for &y in years {
        match runs.last_mut() {
            Some((_, last)) if *last + 1 == y => *last = y,
            _ => runs.push((y, y)),
        }
    }
    runs.iter()
        .map(|(first, last)| {
            if first == last {
                first.to_string()
            } else {
                format!("{first}–{last}")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Items as a Swedish list: "2021, 2024 och 2025".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} och {last}", init.join(", ")),
    }
}

/// The population's rule, the years the per-capita figures of each budget
/// year used, and their source.
fn population(figures: &Figures<'_>) -> String {
    let development = &figures.development;
    // Budget years that used the same population years are named together.
    let mut groups: Vec<(Vec<i32>, &[Option<i32>])> = Vec::new();
    for used in development
        .populations
        .iter()
        .filter(|p| !p.population_years.is_empty())
    {
        match groups
            .iter_mut()
            .find(|(_, years)| *years == used.population_years.as_slice())
        {
            Some((budget_years, _)) => budget_years.push(used.year),
            None => groups.push((vec![used.year], &used.population_years)),
        }
    }
    let used: Vec<String> = groups
        .iter()
        .map(|(budget_years, years)| {
            let years: Vec<String> = years
                .iter()
                .map(|y| y.map_or_else(|| "okänt år".to_string(), |y| y.to_string()))
                .collect();
            let (noun, list) = if budget_years.len() == 1 {
                ("budgetåret", budget_years[0].to_string())
            } else {
                ("budgetåren", year_list(budget_years))
            };
            format!("för {noun} {list} folkmängden år {}", and_list(&years))
        })
        .collect();
    // The source of the figures used; with none used there is none to name.
    let sources = &development.population_sources;
    let (used, source) = match (used.is_empty(), sources.is_empty()) {
        (true, _) => (
            "Inga kr per invånare har kunnat räknas.".to_string(),
            String::new(),
        ),
        (false, true) => (
            format!("Här används {}.", used.join("; ")),
            " Registret anger ingen källa.".to_string(),
        ),
        (false, false) => (
            format!("Här används {}.", used.join("; ")),
            format!(" Källa: {}.", sources.join(", ")),
        ),
    };
    format!(
        "Registrets folkmängd för budgetåret, annars för det närmaste år registret har (det tidigare \
         vid lika avstånd). {used}{source}"
    )
}

/// Svarsfrekvens: a small table, one row per delregion and the county.
fn response_rates<'a>(lines: &mut Lines<'a>, figures: &'a Figures<'_>) {
    lines.heading("Svarsfrekvens");
    lines
        .grid
        .put(lines.row, 0, Cell::text("Delregion"), Look::Header);
    let headers = [
        "Respondenter",
        "Svar",
        "Svarsfrekvens",
        "Kommuner",
        "Kommuner som svarat",
        "Svarsfrekvens kommuner",
    ];
    for (c, h) in headers.iter().enumerate() {
        let col = 1 + to_u16(c);
        lines
            .grid
            .put(lines.row, col, Cell::text(*h), Look::HeaderRight);
    }
    lines.skip();
    for d in &figures.delregions {
        let (look, name) = if d.county {
            (Look::Total, Look::Total)
        } else {
            (Look::Plain, Look::Bold)
        };
        let count = |n: usize| Cell::Number(count_to_f64(n), Num::Integer);
        let cells = [
            count(d.respondents),
            count(d.answered),
            Cell::number(d.response_rate, Num::Share),
            count(d.municipalities),
            count(d.municipalities_answered),
            Cell::number(d.municipal_response_rate, Num::Share),
        ];
        lines
            .grid
            .put(lines.row, 0, Cell::text(d.name.as_str()), name);
        for (c, cell) in cells.into_iter().enumerate() {
            lines.grid.put(lines.row, 1 + to_u16(c), cell, look);
        }
        lines.skip();
    }
    lines.skip();
}

/// Nyckeltal: the county's (or the delregion's) key figures, each with
/// what it is computed over.
fn key_figures(lines: &mut Lines<'_>, figures: &Figures<'_>) {
    let (total, bases) = (&figures.key.total, &figures.key.bases);
    lines.heading("Nyckeltal");
    lines
        .grid
        .put(lines.row, 1, Cell::text("Värde"), Look::HeaderRight);
    lines
        .grid
        .span(lines.row, 3, LAST, "Underlag", Look::Header);
    lines.skip();
    lines.key(
        "Total budget för digitaliseringsarbetet, kommuner",
        total.budget_municipalities,
        Num::Kronor,
        &bases.budget_municipalities,
    );
    lines.key(
        "Total budget, kommunalförbund och VästKom",
        total.budget_organisations,
        Num::Kronor,
        &bases.budget_organisations,
    );
    lines.text(
        "",
        "Beloppen läggs inte ihop: kommunerna betalar in till kommunalförbunden och VästKom, \
         så en gemensam summa skulle räkna samma pengar två gånger.",
    );
    lines.key(
        "Årsarbetare med digitaliseringsuppdrag, kommuner",
        total.staff_municipalities,
        Num::Decimal,
        &bases.staff,
    );
    lines.key(
        "Median budget per invånare, kommuner",
        total.median_per_capita,
        Num::Kronor,
        &bases.per_capita,
    );
    lines.key(
        "Andel kommuner med gällande övergripande strategi",
        total.strategy_share,
        Num::Share,
        &bases.strategy,
    );
    lines.skip();
}

/// Definitioner: what the report's words and figures mean.
fn definitions<'a>(lines: &mut Lines<'a>, figures: &'a Figures<'_>) {
    lines.heading("Definitioner");
    lines.text(
        "Gällande",
        "Ett styrdokument är gällande budgetåret om det beslutades senast det året och gäller till och med \
         budgetåret eller tills vidare (inget slutår angivet). Ett dokument vars slutår ligger före budgetåret är utgånget.",
    );
    lines.text(
        "Övergripande digitaliseringsstrategi",
        figures.overall_strategy.as_str(),
    );
    lines.text(
        "Kr per invånare",
        "Total budget för digitaliseringsarbetet delad med kommunens folkmängd. Bara kommuner: kommunalförbund \
         och VästKom har ingen egen befolkning och ingår inte.",
    );
    lines.text("Folkmängd", population(figures));
    lines.text(
        "Underlag",
        "Vad ett nyckeltal bygger på: \"30 av 35 svarande kommuner\" betyder att 30 av de 35 kommuner som har svarat \
         har lämnat uppgiften; \"35 av 49 kommuner\" att 35 av registrets 49 kommuner har svarat.",
    );
    lines.skip();
}

/// The chart's data table under the room left for the chart: one row per
/// municipality, one column per delregion. Returns its header row.
fn chart_data<'a>(lines: &mut Lines<'a>, figures: &'a Figures<'_>) -> Option<u32> {
    let (delregions, municipalities) = (&figures.chart.delregions, &figures.chart.municipalities);
    if municipalities.is_empty() {
        return None;
    }
    let top = lines.row + CHART_ROWS;
    let grid = &mut lines.grid;
    grid.put(
        top - 1,
        0,
        Cell::text("Diagramdata: kr per invånare per kommun"),
        Look::Bold,
    );
    grid.put(top, 0, Cell::text("Kommun"), Look::Header);
    for (c, d) in delregions.iter().enumerate() {
        grid.put(
            top,
            1 + to_u16(c),
            Cell::text(d.as_str()),
            Look::HeaderRight,
        );
    }
    for (i, (respondent, value)) in municipalities.iter().enumerate() {
        let r = top + 1 + to_u32(i);
        grid.put(r, 0, Cell::text(respondent.name), Look::Plain);
        if let Some(c) = delregions.iter().position(|d| d == respondent.delregion) {
            grid.put(
                r,
                1 + to_u16(c),
                Cell::Number(*value, Num::Kronor),
                Look::Plain,
            );
        }
    }
    lines.row = top + 1 + to_u32(municipalities.len());
    Some(top)
}

/// A stacked column chart of budget per inhabitant per municipality, one
/// series per delregion in delregion order (its legend below, in the same
/// order), from the data table with its header at `data_top`.
fn chart(
    ws: &mut Worksheet,
    figures: &Figures<'_>,
    top: u32,
    data_top: u32,
) -> Result<(), XlsxError> {
    let (delregions, municipalities) = (&figures.chart.delregions, &figures.chart.municipalities);
    let last = data_top + to_u32(municipalities.len());
    let mut chart = super::per_capita_chart(
        ChartType::ColumnStacked,
        SHEET,
        (data_top, last, delregions.len()),
        (
            "Budget för digitaliseringsarbetet per invånare, kommuner",
            "Kommun",
        ),
    );
    chart.set_width(1100).set_height(420);
    ws.insert_chart(top, 0, &chart)?;
    Ok(())
}

/// The county map with its heading, and its legend as cells beside it, or
/// the sentence that says why there is none.
fn county_map<'a>(
    ws: &mut Worksheet,
    lines: &mut Lines<'a>,
    figures: &'a Figures<'_>,
) -> Result<(), XlsxError> {
    use super::county_map::{self, Drawn, LEGEND_COL};
    lines.line(county_map::heading(&figures.map), Look::Bold);
    let top = lines.row;
    match county_map::place(ws, &figures.map, top)? {
        Drawn::Missing(reason) => lines.line(reason, Look::Plain),
        Drawn::Map { legend, rows } => {
            lines
                .grid
                .put(top, LEGEND_COL, Cell::text("Kr per invånare"), Look::Bold);
            let mut row = top + 1;
            for (label, colour) in legend {
                county_map::swatch(ws, row, colour)?;
                lines
                    .grid
                    .put(row, LEGEND_COL + 1, Cell::text(label), Look::Plain);
                row += 1;
            }
            lines.grid.span(
                row + 1,
                LEGEND_COL,
                LAST,
                "Klassgränserna är kvintiler av de svarande kommunernas värden i hela länet, \
                 avrundade till 10 kr. Grova linjer: gränser mellan delregioner.",
                Look::Plain,
            );
            lines.row = top + rows + 1;
        }
    }
    Ok(())
}
