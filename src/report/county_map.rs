//! The county map on Sammanfattning: every municipality shaded by its
//! budget per inhabitant, drawn by [`crate::map`] from the built-in
//! boundaries and placed as a picture. The summary writes the heading and
//! the legend as cells beside it (so that they are fitted like every other
//! cell); where the registry's municipalities do not fit the boundaries,
//! one sentence says why instead.

use rust_xlsxwriter::{Color, Format, Image, Worksheet, XlsxError};

use crate::aggregate::CountyMap;
use crate::convert::{round_to_u32, u64_to_f64};
use crate::map::{self, Boundaries, NO_ANSWER, NO_ANSWER_LABEL, NoMap, Rgb};

/// The column of the legend, to the right of the picture.
pub(crate) const LEGEND_COL: u16 = 5;

/// Excel's default row height in pixels at 96 dpi (15 pt).
const ROW_PIXELS: f64 = 20.0;

/// What stands where the map goes.
pub(crate) enum Drawn {
    /// The picture, placed; the legend's entries (text and colour) and the
    /// rows the picture covers.
    Map {
        /// The legend's entries, top down.
        legend: Vec<(String, Rgb)>,
        /// Rows the picture covers.
        rows: u32,
    },
    /// No map: the sentence that says why.
    Missing(String),
}

/// The heading over the map.
pub(crate) fn heading(county: &CountyMap) -> String {
    match &county.only {
        Some(d) => format!("Karta: budget per invånare, kommunerna i {d}"),
        None => "Karta: budget per invånare, kommunerna i Västra Götaland".to_string(),
    }
}

/// Draws the map and places the picture at row `top`, column A.
///
/// # Errors
/// rust_xlsxwriter errors.
pub(crate) fn place(ws: &mut Worksheet, county: &CountyMap, top: u32) -> Result<Drawn, XlsxError> {
    let drawn = Boundaries::builtin()
        .map_err(NoMap::from)
        .and_then(|b| map::render(&b, &county.areas, &county.classes, county.only.as_deref()));
    let png = match drawn {
        Ok(png) => png,
        Err(no_map) => return Ok(Drawn::Missing(no_map.reason)),
    };
    let image = Image::new_from_buffer(&png.bytes)?
        .set_alt_text("Karta över kommunerna, färgade efter budget per invånare");
    ws.insert_image(top, 0, &image)?;
    let mut legend: Vec<(String, Rgb)> = county
        .classes
        .iter()
        .map(|c| (c.label.clone(), c.colour))
        .collect();
    legend.push((NO_ANSWER_LABEL.to_string(), NO_ANSWER));
    // The picture is 200 dpi, 15.2 cm wide on the sheet (about 12.8 cm on
    // paper at the summary's print scale): its height in rows of 20 pixels
    // at 96 dpi.
    let pixels = u64_to_f64(u64::from(png.height)) * 96.0 / 200.0;
    let rows = round_to_u32((pixels / ROW_PIXELS).ceil());
    Ok(Drawn::Map { legend, rows })
}

/// A legend entry's colour, as a filled cell at `row` of the legend column.
///
/// # Errors
/// rust_xlsxwriter errors.
pub(crate) fn swatch(ws: &mut Worksheet, row: u32, colour: Rgb) -> Result<(), XlsxError> {
    let fill = Format::new().set_background_color(Color::RGB(colour.to_u32()));
    ws.write_blank(row, LEGEND_COL, &fill)?;
    Ok(())
}
