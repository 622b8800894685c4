//! Utveckling and Utveckling per kommun: the collection over the budget
//! years, from aggregate's [`crate::aggregate::Development`]. Utveckling
//! has a line chart of the median budget per inhabitant per delregion
//! below its table, drawn from a small data table under the chart (one row
//! per year, one column per delregion), since a chart series needs its
//! values side by side.

use rust_xlsxwriter::{ChartType, Worksheet, XlsxError};

use super::sheets::{IDS, who};
use crate::aggregate::Figures;
use crate::convert::{count_to_f64, to_u16, to_u32};
use crate::table::{Cell, Grid, Header, Look, Num, Row, Styles, Table, print_setup, write_table};

/// The development sheet's name.
const SHEET: &str = "Utveckling";

/// Rows left free for the chart between the table and its data.
const CHART_ROWS: u32 = 22;

/// Utveckling: per year its delregions and the county, then the chart of
/// the median budget per inhabitant and the chart's data.
pub(crate) fn development(
    ws: &mut Worksheet,
    figures: &Figures<'_>,
    f: &Styles,
) -> Result<(), XlsxError> {
    ws.set_name(SHEET)?;
    let rows = &figures.development.rows;
    let mut headers = vec![Header::numbers("År"), Header::text("Delregion")];
    headers.extend(
        [
            "Svar",
            "Svarsfrekvens",
            "Budget kommuner",
            "Median kr per invånare",
            "Årsarbetare kommuner",
            "Andel med gällande strategi",
        ]
        .map(Header::numbers),
    );
    let table = Table {
        headers,
        rows: rows.len(),
        cut: true,
    };
    let widths = write_table(ws, f, &table, |i| {
        let r = &rows[i];
        let d = &r.figures;
        Row {
            cells: vec![
                Cell::Number(f64::from(r.year), Num::Year),
                Cell::text(d.name.as_str()),
                Cell::Number(count_to_f64(d.answered), Num::Integer),
                Cell::number(d.response_rate, Num::Share),
                Cell::number(d.budget_municipalities, Num::Kronor),
                Cell::number(d.median_per_capita, Num::Kronor),
                Cell::number(d.staff_municipalities, Num::Decimal),
                Cell::number(d.strategy_share, Num::Share),
            ],
            total: d.county,
        }
    })?;
    let chart_top = to_u32(rows.len()) + 2;
    let widths = match chart_data(ws, figures, &widths, chart_top + CHART_ROWS, f)? {
        Some((data_top, widths)) => {
            chart(ws, figures, chart_top, data_top)?;
            // The chart starts a printed page, so that no page break cuts it.
            ws.set_page_breaks(&[chart_top])?;
            widths
        }
        None => widths,
    };
    print_setup(ws, &widths, 1, 1)
}

/// The chart's data from row `top`: a heading, then År and one column per
/// delregion with municipalities, one row per year. Returns the header
/// row and the sheet's widths (the table's, widened where the data needs).
fn chart_data(
    ws: &mut Worksheet,
    figures: &Figures<'_>,
    table_widths: &[f64],
    top: u32,
    f: &Styles,
) -> Result<Option<(u32, Vec<f64>)>, XlsxError> {
    let development = &figures.development;
    if development.series.is_empty() {
        return Ok(None);
    }
    let mut grid = Grid::default();
    for (c, w) in table_widths.iter().enumerate() {
        grid.at_least(to_u16(c), *w);
    }
    let last = to_u16(table_widths.len().max(2)) - 1;
    grid.span(
        top,
        0,
        last,
        "Diagramdata: median kr per invånare per delregion",
        Look::Bold,
    );
    let header = top + 1;
    grid.put(header, 0, Cell::text("År"), Look::HeaderRight);
    for (c, d) in development.series.iter().enumerate() {
        let col = 1 + to_u16(c);
        grid.put(header, col, Cell::text(d.as_str()), Look::HeaderRight);
    }
    for (i, year) in development.years.iter().enumerate() {
        let r = header + 1 + to_u32(i);
        grid.put(r, 0, Cell::Number(f64::from(*year), Num::Year), Look::Plain);
        for (c, d) in development.series.iter().enumerate() {
            let value = Cell::number(development.median(*year, d), Num::Kronor);
            grid.put(r, 1 + to_u16(c), value, Look::Plain);
        }
    }
    let widths = grid.write(ws, f)?;
    Ok(Some((header, widths)))
}

/// A line chart of the median budget per inhabitant, one series per
/// delregion in report order (the same order and so the same colours as
/// the summary's chart), the years along the axis, from the data with its
/// header at `data_top`.
fn chart(
    ws: &mut Worksheet,
    figures: &Figures<'_>,
    top: u32,
    data_top: u32,
) -> Result<(), XlsxError> {
    let development = &figures.development;
    let last = data_top + to_u32(development.years.len());
    let mut chart = super::per_capita_chart(
        ChartType::Line,
        SHEET,
        (data_top, last, development.series.len()),
        (
            "Median budget per invånare per delregion, kommuner",
            "Budgetår",
        ),
    );
    chart.set_width(900).set_height(420);
    ws.insert_chart(top, 0, &chart)?;
    Ok(())
}

/// Utveckling per kommun: every registry municipality, per year its
/// budget, budget per inhabitant and, from the second year, the change.
pub(crate) fn municipal(
    ws: &mut Worksheet,
    figures: &Figures<'_>,
    f: &Styles,
) -> Result<(), XlsxError> {
    let development = &figures.development;
    let mut headers = Header::texts(&["Id", "Namn", "Delregion"]);
    for (i, year) in development.years.iter().enumerate() {
        headers.push(Header::numbers(format!("Budget {year}")));
        headers.push(Header::numbers(format!("Kr/inv {year}")));
        if i > 0 {
            headers.push(Header::numbers(format!("Förändring kr/inv {year}")));
        }
    }
    let table = Table {
        headers,
        rows: development.municipalities.len(),
        cut: true,
    };
    ws.set_name("Utveckling per kommun")?;
    let widths = write_table(ws, f, &table, |i| {
        let m = &development.municipalities[i];
        let mut cells = who(m.respondent, false);
        for (i, y) in m.years.iter().enumerate() {
            cells.push(Cell::number(y.budget, Num::Kronor));
            cells.push(Cell::number(y.per_capita, Num::Kronor));
            if i > 0 {
                cells.push(Cell::number(y.change, Num::Share));
            }
        }
        Row::plain(cells)
    })?;
    print_setup(ws, &widths, 1, IDS)
}
