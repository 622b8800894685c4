//! The table sheets of the report, one function each, in sheet order. Each
//! says what its columns are and what each row holds; [`crate::table`]
//! measures, writes and sets up printing.

use std::borrow::Cow;

use chrono::NaiveDateTime;
use rust_xlsxwriter::{ConditionalFormat3ColorScale, ConditionalFormatType, Worksheet, XlsxError};

use crate::aggregate::{
    AreaTable, Column, ColumnKind, Figure, Figures, Level, RowKind, StatusRow, Who,
};
use crate::convert::{count_to_f64, to_u16, to_u32, u64_to_f64};
use crate::fit;
use crate::table::{
    Cell, Header, Look, Num, Row, Styles, Table, print_setup, print_setup_repeating, write_table,
};

/// The identifying columns repeated on every printed page (Id, Namn).
pub(super) const IDS: u16 = 2;

/// An RFC 3339 timestamp in local time.
fn local(rfc3339: &str) -> Option<NaiveDateTime> {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .ok()
        .map(|t| t.with_timezone(&chrono::Local).naive_local())
}

/// A date and time from RFC 3339, or the text as it is.
fn datetime(rfc3339: &str) -> Cell<'_> {
    local(rfc3339).map_or_else(|| Cell::text(rfc3339), Cell::DateTime)
}

/// A date from ISO text.
fn date(iso: Option<&str>) -> Cell<'_> {
    iso.and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .map_or(Cell::Empty, Cell::Date)
}

/// How a column of answers shows its numbers.
fn num_of(column: &Column) -> Num {
    match column.kind {
        ColumnKind::Kronor => Num::Kronor,
        ColumnKind::Decimal => Num::Decimal,
        ColumnKind::Year => Num::Year,
        _ => Num::Integer,
    }
}

/// A column of answers' header, right-aligned over numbers.
fn header_of(column: &Column) -> Header {
    match column.kind {
        ColumnKind::Text | ColumnKind::Date => Header::text(column.header.clone()),
        _ => Header::numbers(column.header.clone()),
    }
}

/// A figure as a cell.
fn figure<'a>(value: &'a Figure, column: &Column) -> Cell<'a> {
    match value {
        Figure::Number(n) => Cell::Number(*n, num_of(column)),
        Figure::Text(s) => Cell::text(s.as_str()),
        Figure::Date(d) => Cell::Date(*d),
        Figure::Empty => Cell::Empty,
    }
}

/// Id, Namn, (Typ,) Delregion of a respondent.
pub(super) fn who(respondent: Who<'_>, with_kind: bool) -> Vec<Cell<'_>> {
    let mut cells = vec![Cell::text(respondent.id), Cell::text(respondent.name)];
    if with_kind {
        cells.push(Cell::text(respondent.kind));
    }
    cells.push(Cell::text(respondent.delregion));
    cells
}

/// Names the sheet, writes the table, sets up printing.
fn sheet<'r>(
    ws: &mut Worksheet,
    name: &str,
    table: &Table,
    ids: u16,
    f: &Styles,
    row: impl Fn(usize) -> Row<'r>,
) -> Result<Vec<f64>, XlsxError> {
    ws.set_name(name)?;
    let widths = write_table(ws, f, table, row)?;
    print_setup(ws, &widths, 1, ids)?;
    Ok(widths)
}

/// Svarsstatus: every registry respondent (also `collect status`'s workbook).
pub(crate) fn status(
    ws: &mut Worksheet,
    statuses: &[StatusRow<'_>],
    contact_headers: &[String],
    f: &Styles,
) -> Result<(), XlsxError> {
    let mut headers = Header::texts(&[
        "Id",
        "Namn",
        "Typ",
        "Delregion",
        "Status",
        "Besvarad",
        "Importerad",
        "Fil",
    ]);
    headers.push(Header::numbers("Varningar"));
    headers.push(Header::text("Senaste underkända försök"));
    headers.extend(contact_headers.iter().map(|h| Header::text(h.clone())));
    let table = Table {
        headers,
        rows: statuses.len(),
        cut: true,
    };
    sheet(ws, "Svarsstatus", &table, IDS, f, |i| {
        let s = &statuses[i];
        let mut cells = who(s.respondent, true);
        match &s.source {
            Some(sub) => cells.extend([
                Cell::text("Inkommen"),
                date(sub.answered.as_deref()),
                datetime(&sub.imported),
                Cell::text(sub.file.as_str()),
                Cell::Number(count_to_f64(sub.warnings), Num::Integer),
            ]),
            None => cells.extend([
                Cell::text("Saknas"),
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
            ]),
        }
        cells.push(s.last_rejected.as_deref().map_or(Cell::Empty, datetime));
        cells.extend(
            s.contacts
                .iter()
                .map(|c| Cell::text(c.as_deref().unwrap_or(""))),
        );
        Row::plain(cells)
    })?;
    Ok(())
}

/// Budget: answering respondents with delregion subtotals and county totals.
pub(crate) fn budget(
    ws: &mut Worksheet,
    figures: &Figures<'_>,
    f: &Styles,
) -> Result<(), XlsxError> {
    let budget = &figures.budget;
    let columns = &budget.columns;
    let mut headers = Header::texts(&["Id", "Namn", "Typ", "Delregion"]);
    headers.push(Header::numbers("Invånare"));
    headers.extend(columns.iter().map(header_of));
    headers.push(Header::numbers("Kr per invånare"));
    headers.push(Header::numbers("Andel samverkan"));
    let table = Table {
        headers,
        rows: budget.rows.len(),
        cut: true,
    };
    sheet(ws, "Budget", &table, IDS, f, |i| {
        let row = &budget.rows[i];
        let mut cells = match row.respondent {
            Some(r) => {
                let mut cells = who(r, true);
                cells.push(Cell::number(row.population.map(u64_to_f64), Num::Integer));
                cells
            }
            None => vec![
                Cell::Empty,
                Cell::text(row.name.as_str()),
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
            ],
        };
        cells.extend(
            columns
                .iter()
                .zip(&row.values)
                .map(|(column, value)| figure(value, column)),
        );
        cells.push(Cell::number(row.per_capita, Num::Kronor));
        cells.push(Cell::number(row.joint_share, Num::Share));
        Row {
            cells,
            total: row.kind != RowKind::Respondent,
        }
    })?;
    Ok(())
}

/// Delregioner: one row per delregion and the county.
pub(crate) fn delregions(
    ws: &mut Worksheet,
    figures: &Figures<'_>,
    f: &Styles,
) -> Result<(), XlsxError> {
    let mut headers = vec![Header::text("Delregion")];
    headers.extend(
        [
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
        ]
        .map(Header::numbers),
    );
    let table = Table {
        headers,
        rows: figures.delregions.len(),
        cut: true,
    };
    sheet(ws, "Delregioner", &table, 1, f, |i| {
        let d = &figures.delregions[i];
        let count = |n: usize| Cell::Number(count_to_f64(n), Num::Integer);
        Row {
            cells: vec![
                Cell::text(d.name.as_str()),
                count(d.respondents),
                count(d.municipalities),
                count(d.answered),
                Cell::number(d.response_rate, Num::Share),
                Cell::number(d.budget_municipalities, Num::Kronor),
                Cell::number(d.budget_organisations, Num::Kronor),
                Cell::number(d.median_per_capita, Num::Kronor),
                Cell::number(d.min_per_capita, Num::Kronor),
                Cell::number(d.max_per_capita, Num::Kronor),
                Cell::number(d.staff_municipalities, Num::Decimal),
                Cell::number(d.strategy_share, Num::Share),
            ],
            total: d.county,
        }
    })?;
    Ok(())
}

/// Strategidokument: one row per document, its status, its link.
pub(crate) fn documents(
    ws: &mut Worksheet,
    figures: &Figures<'_>,
    f: &Styles,
) -> Result<(), XlsxError> {
    let docs = &figures.documents;
    let mut headers = Header::texts(&["Id", "Namn", "Delregion"]);
    headers.extend(docs.columns.iter().map(header_of));
    headers.push(Header::text("Status"));
    let table = Table {
        headers,
        rows: docs.rows.len(),
        cut: true,
    };
    sheet(ws, "Strategidokument", &table, IDS, f, |i| {
        let row = &docs.rows[i];
        let mut cells = who(row.respondent, false);
        for (c, (column, value)) in docs.columns.iter().zip(&row.values).enumerate() {
            cells.push(match value {
                Figure::Text(url)
                    if Some(c) == docs.link_column && crate::value::is_http_url(url) =>
                {
                    Cell::Link(Cow::Borrowed(url.as_str()))
                }
                _ => figure(value, column),
            });
        }
        cells.push(row.status.map_or(Cell::Empty, Cell::text));
        Row::plain(cells)
    })?;
    Ok(())
}

/// An area table (Strategitäckning, Förmågor): respondents, then
/// summaries. Returns the columns' widths.
fn area_table(
    ws: &mut Worksheet,
    name: &str,
    table: &AreaTable<'_>,
    (value, summary): (Num, Num),
    f: &Styles,
) -> Result<Vec<f64>, XlsxError> {
    ws.set_name(name)?;
    let mut headers = Header::texts(&["Id", "Namn", "Delregion"]);
    headers.extend(table.areas.iter().map(|a| Header::numbers(a.clone())));
    let spec = Table {
        headers,
        rows: table.rows.len() + table.summaries.len(),
        cut: true,
    };
    write_table(ws, f, &spec, |i| match table.rows.get(i) {
        Some((respondent, values)) => {
            let mut cells = who(*respondent, false);
            cells.extend(values.iter().map(|v| Cell::number(*v, value)));
            Row::plain(cells)
        }
        None => {
            let (name, _, values) = &table.summaries[i - table.rows.len()];
            let mut cells = vec![
                Cell::Empty,
                Cell::text(name.as_str()),
                Cell::text(name.as_str()),
            ];
            cells.extend(values.iter().map(|v| Cell::number(*v, summary)));
            Row { cells, total: true }
        }
    })
}

/// Strategitäckning: gällande documents per area, then shares with any.
pub(crate) fn coverage(
    ws: &mut Worksheet,
    figures: &Figures<'_>,
    f: &Styles,
) -> Result<(), XlsxError> {
    let widths = area_table(
        ws,
        "Strategitäckning",
        &figures.coverage,
        (Num::Integer, Num::Share),
        f,
    )?;
    print_setup(ws, &widths, 1, IDS)
}

/// Förmågor: levels as a heat map fixed at the scale's lowest, middle and
/// highest level, then means; beside the table a legend of the scale in
/// the same colours, below it who answered without assessing any area.
pub(crate) fn capabilities(
    ws: &mut Worksheet,
    figures: &Figures<'_>,
    f: &Styles,
) -> Result<(), XlsxError> {
    let capabilities = &figures.capabilities;
    let table = &capabilities.table;
    let mut widths = area_table(ws, "Förmågor", table, (Num::Integer, Num::Decimal), f)?;
    let areas = to_u16(table.areas.len());
    let rows = to_u32(table.rows.len() + table.summaries.len());
    let scale = heat_scale(&capabilities.scale);
    if rows > 0 && areas > 0 {
        ws.add_conditional_format(1, 3, rows, 2 + areas, &scale)?;
    }
    let legend_col = 3 + areas + 1;
    widths.push(fit::MIN_WIDTH);
    ws.set_column_width(legend_col - 1, fit::MIN_WIDTH)?;
    widths.extend(legend(ws, legend_col, &capabilities.scale, &scale, f)?);
    if !capabilities.not_assessed.is_empty() {
        let names: Vec<&str> = capabilities.not_assessed.iter().map(|w| w.name).collect();
        let text = format!("Har inte bedömt förmågor: {}.", names.join(", "));
        let table_widths = &widths[..usize::from(3 + areas)];
        crate::table::note_below(ws, f, rows + 2, table_widths, &text)?;
    }
    print_setup(ws, &widths, 1, IDS)
}

/// The heat map's colour scale, fixed at the scale's lowest, middle and
/// highest level (1, 3 and 5), not relative to the data.
fn heat_scale(scale: &[Level]) -> ConditionalFormat3ColorScale {
    let at = |i: usize, default: f64| scale.get(i).map_or(default, |l| l.value);
    let (low, high) = (at(0, 1.0), at(scale.len().saturating_sub(1), 5.0));
    ConditionalFormat3ColorScale::new()
        .set_minimum(ConditionalFormatType::Number, low)
        .set_midpoint(ConditionalFormatType::Number, f64::midpoint(low, high))
        .set_maximum(ConditionalFormatType::Number, high)
}

/// The scale's legend from row 0 at `col`: Nivå (coloured by the heat
/// map's rule) and its label. Returns the two columns' widths.
fn legend(
    ws: &mut Worksheet,
    col: u16,
    scale: &[Level],
    rule: &ConditionalFormat3ColorScale,
    f: &Styles,
) -> Result<[f64; 2], XlsxError> {
    let mut grid = crate::table::Grid::default();
    grid.put(0, 0, Cell::text("Nivå"), Look::HeaderRight);
    grid.put(0, 1, Cell::text("Betydelse"), Look::Header);
    for (i, level) in scale.iter().enumerate() {
        let r = to_u32(i) + 1;
        grid.put(r, 0, Cell::Number(level.value, Num::Integer), Look::Plain);
        grid.put(r, 1, Cell::text(level.label.as_str()), Look::Plain);
    }
    let widths = grid.widths();
    grid.write_at(ws, f, col)?;
    if !scale.is_empty() {
        ws.add_conditional_format(1, col, to_u32(scale.len()), col, rule)?;
    }
    Ok([widths[0], widths[1]])
}

/// Datakvalitet: warnings and plausibility findings.
pub(crate) fn quality(
    ws: &mut Worksheet,
    figures: &Figures<'_>,
    f: &Styles,
) -> Result<(), XlsxError> {
    let table = Table {
        headers: Header::texts(&["Id", "Namn", "Plats", "Fråga", "Meddelande"]),
        rows: figures.quality.len(),
        cut: true,
    };
    sheet(ws, "Datakvalitet", &table, IDS, f, |i| {
        let q = &figures.quality[i];
        Row::plain(vec![
            Cell::text(q.respondent.id),
            Cell::text(q.respondent.name),
            Cell::text(q.place.as_str()),
            Cell::text(q.question.as_str()),
            Cell::text(q.message.as_str()),
        ])
    })?;
    Ok(())
}

/// Underlag: every counted submission of every year the report shows,
/// for tracing and reproducing.
pub(crate) fn sources(
    ws: &mut Worksheet,
    figures: &Figures<'_>,
    f: &Styles,
) -> Result<(), XlsxError> {
    let mut headers = vec![Header::numbers("Budgetår")];
    headers.extend(Header::texts(&[
        "Id",
        "Namn",
        "Fil",
        "SHA-256",
        "Besvarad",
        "Importerad",
        "Enkät",
    ]));
    headers.push(Header::numbers("Version"));
    headers.push(Header::text("Exempeldata"));
    let sources: Vec<(i32, Who<'_>, &crate::aggregate::Source)> = figures.sources().collect();
    let table = Table {
        headers,
        rows: sources.len(),
        cut: true,
    };
    ws.set_name("Underlag")?;
    let widths = write_table(ws, f, &table, |i| {
        let (year, respondent, s) = sources[i];
        Row::plain(vec![
            Cell::Number(f64::from(year), Num::Year),
            Cell::text(respondent.id),
            Cell::text(respondent.name),
            Cell::text(s.file.as_str()),
            Cell::text(s.sha256.as_str()),
            date(s.answered.as_deref()),
            datetime(&s.imported),
            Cell::text(s.survey_id.as_str()),
            Cell::Number(f64::from(s.survey_version), Num::Integer),
            Cell::text(if s.example { "Ja" } else { "Nej" }),
        ])
    })?;
    // Id and Namn (after Budgetår) are repeated on every printed page.
    print_setup_repeating(ws, &widths, 1, (1, IDS))
}
