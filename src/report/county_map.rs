//! The county map on Sammanfattning: every municipality shaded by its
//! budget per inhabitant, drawn by [`crate::map`] from the built-in
//! boundaries and placed as a picture, with its legend as cells beside it.
//! Where the registry's municipalities do not fit the boundaries, one
//! sentence says why instead.

use rust_xlsxwriter::{Color, Format, Image, Worksheet, XlsxError};

use super::Formats;
use crate::aggregate::CountyMap;
use crate::convert::{round_to_u32, u64_to_f64};
use crate::map::{self, Boundaries, NO_ANSWER, NO_ANSWER_LABEL, NoMap, Rgb};

/// The column of the legend, to the right of the picture.
const LEGEND_COL: u16 = 5;

/// Excel's default row height in pixels at 96 dpi (15 pt).
const ROW_PIXELS: f64 = 20.0;

/// Writes the map's heading, picture and legend from row `top`; returns the
/// first row below them.
pub(crate) fn write(
    ws: &mut Worksheet,
    county: &CountyMap,
    top: u32,
    f: &Formats,
) -> Result<u32, XlsxError> {
    let heading = match &county.only {
        Some(d) => format!("Karta: budget per invånare, kommunerna i {d}"),
        None => "Karta: budget per invånare, kommunerna i Västra Götaland".to_string(),
    };
    ws.write_string_with_format(top, 0, &heading, &f.bold)?;
    let drawn = Boundaries::builtin()
        .map_err(NoMap::from)
        .and_then(|b| map::render(&b, &county.areas, &county.classes, county.only.as_deref()));
    let png = match drawn {
        Ok(png) => png,
        Err(no_map) => {
            ws.write_string(top + 1, 0, &no_map.reason)?;
            return Ok(top + 3);
        }
    };
    let image = Image::new_from_buffer(&png.bytes)?
        .set_alt_text("Karta över kommunerna, färgade efter budget per invånare");
    ws.insert_image(top + 1, 0, &image)?;
    legend(ws, county, top + 1, f)?;
    // The picture is 200 dpi: its height in rows of 20 pixels at 96 dpi.
    let rows = round_to_u32((u64_to_f64(u64::from(png.height)) * 96.0 / 200.0 / ROW_PIXELS).ceil());
    Ok(top + 1 + rows + 2)
}

/// The classes' limits in Swedish number format and "Inget svar", each
/// beside a cell in its colour.
fn legend(ws: &mut Worksheet, county: &CountyMap, top: u32, f: &Formats) -> Result<(), XlsxError> {
    ws.write_string_with_format(top, LEGEND_COL, "Kr per invånare", &f.bold)?;
    let mut row = top + 1;
    for class in &county.classes {
        swatch(ws, row, class.colour)?;
        ws.write_string(row, LEGEND_COL + 1, &class.label)?;
        row += 1;
    }
    swatch(ws, row, NO_ANSWER)?;
    ws.write_string(row, LEGEND_COL + 1, NO_ANSWER_LABEL)?;
    for (i, line) in [
        "Klassgränserna är kvintiler av de svarande",
        "kommunernas värden i hela länet, avrundade",
        "till 10 kr. Grova linjer: gränser mellan delregioner.",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(row + 2 + crate::convert::to_u32(i), LEGEND_COL, *line)?;
    }
    Ok(())
}

fn swatch(ws: &mut Worksheet, row: u32, colour: Rgb) -> Result<(), XlsxError> {
    let fill = Format::new().set_background_color(Color::RGB(colour.to_u32()));
    ws.write_blank(row, LEGEND_COL, &fill)?;
    Ok(())
}
