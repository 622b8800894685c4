//! A choropleth map of areas as a PNG: classes at the quintiles of the
//! figures ([`classes`]), the areas' boundaries ([`Boundaries`], the
//! municipalities of Västra Götaland built in), and [`render`], which
//! draws them in a transverse Mercator projection with tiny-skia.
//!
//! The module works on plain data: ids, delregions and figures. It knows
//! nothing of surveys, stores or reports; the caller decides which areas
//! there are and computes the classes county-wide, also when it draws one
//! delregion alone.
//!
//! ```no_run
//! use collect::map::{self, Area, Boundaries, NoMap};
//!
//! let areas = vec![Area {
//!     id: "1480".into(),
//!     name: "Göteborg".into(),
//!     delregion: "Göteborgsregionen".into(),
//!     value: Some(1234.0),
//! }];
//! let figures: Vec<f64> = areas.iter().filter_map(|a| a.value).collect();
//! let classes = map::classes(&figures);
//! for class in &classes {
//!     println!("{} {}", class.colour.hex(), class.label);
//! }
//! println!("{} {}", map::NO_ANSWER.hex(), map::NO_ANSWER_LABEL);
//! let png = Boundaries::builtin()
//!     .map_err(NoMap::from)
//!     .and_then(|b| map::render(&b, &areas, &classes, None));
//! match png {
//!     Ok(png) => std::fs::write("karta.png", &png.bytes).unwrap(),
//!     Err(no_map) => println!("{no_map}"),
//! }
//! ```

mod classes;
mod draw;
mod geo;
mod project;
#[cfg(test)]
mod tests;

pub use classes::{BLUES_5, Class, NO_ANSWER, NO_ANSWER_LABEL, Rgb, class_of, classes};
pub use geo::{Boundaries, BoundaryError};

use draw::Shape;
use project::{Frame, Projection};

/// One area to shade: its id (an SCB kommunkod for the built-in
/// boundaries), its name for messages, its delregion and its figure
/// (`None` when it has not answered).
#[derive(Debug, Clone, PartialEq)]
pub struct Area {
    /// The id that its boundary has.
    pub id: String,
    /// The name, as messages show it.
    pub name: String,
    /// The delregion; borders between delregions are drawn heavier.
    pub delregion: String,
    /// The figure that decides its class, if it answered.
    pub value: Option<f64>,
}

/// A rendered map.
#[derive(Clone, PartialEq, Eq)]
pub struct Png {
    /// The PNG file's bytes (RGB, 200 dpi set in the file).
    pub bytes: Vec<u8>,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

impl std::fmt::Debug for Png {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Png")
            .field("bytes", &format_args!("[{} bytes]", self.bytes.len()))
            .field("width", &self.width)
            .field("height", &self.height)
            .finish()
    }
}

/// Why there is no map: one Swedish sentence, fit to stand in a report
/// where the map would have been.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{reason}")]
pub struct NoMap {
    /// The sentence.
    pub reason: String,
}

impl From<BoundaryError> for NoMap {
    fn from(error: BoundaryError) -> Self {
        no_map(format!("Kartan saknas: {error}."))
    }
}

fn no_map(reason: String) -> NoMap {
    NoMap { reason }
}

/// Draws `areas` shaded by their class in `classes` (see [`class_of`];
/// no figure: [`NO_ANSWER`] grey). With `only_delregion`, only that
/// delregion's areas are drawn, enlarged to fill the picture; the classes
/// stay as given.
///
/// There is no map, but a sentence saying why, when some area (of any
/// delregion) has no boundary, when there is no area to draw, or when the
/// picture cannot be made.
pub fn render(
    boundaries: &Boundaries,
    areas: &[Area],
    classes: &[Class],
    only_delregion: Option<&str>,
) -> Result<Png, NoMap> {
    let missing: Vec<String> = areas
        .iter()
        .filter(|a| !boundaries.contains(&a.id))
        .map(|a| format!("{} ({})", a.name, a.id))
        .collect();
    if let Some(reason) = missing_sentence(&missing) {
        return Err(no_map(reason));
    }
    let shown: Vec<Shape<'_>> = areas
        .iter()
        .filter(|a| only_delregion.is_none_or(|d| a.delregion == d))
        .filter_map(|a| {
            let fill = a
                .value
                .and_then(|v| class_of(classes, v))
                .and_then(|i| classes.get(i))
                .map_or(NO_ANSWER, |c| c.colour);
            let feature = boundaries.get(&a.id)?;
            Some(Shape {
                feature,
                delregion: &a.delregion,
                fill,
            })
        })
        .collect();
    if shown.is_empty() {
        return Err(no_map(match only_delregion {
            Some(d) => format!("Kartan saknas: delregionen {d} har inga kommuner att visa."),
            None => "Kartan saknas: det finns inga kommuner att visa.".to_owned(),
        }));
    }
    let frame = frame(boundaries, &shown)?;
    let cannot = |e: String| no_map(format!("Kartan kunde inte ritas: {e}."));
    let pixmap = draw::paint(&frame, &shown).map_err(cannot)?;
    let bytes = draw::encode(&pixmap).map_err(cannot)?;
    Ok(Png {
        bytes,
        width: frame.width,
        height: frame.height,
    })
}

/// The frame that the shown areas fill.
fn frame(boundaries: &Boundaries, shown: &[Shape<'_>]) -> Result<Frame, NoMap> {
    let features: Vec<_> = shown.iter().map(|s| s.feature).collect();
    Frame::fit(Projection::centred_on(boundaries), &features).ok_or_else(|| {
        no_map("Kartan kunde inte ritas: gränserna har ingen utsträckning.".to_owned())
    })
}

/// The sentence for areas without a boundary, if any.
fn missing_sentence(missing: &[String]) -> Option<String> {
    match missing {
        [] => None,
        [one] => Some(format!(
            "Kartan saknas: {one} har ingen gräns i programmets kartdata."
        )),
        [init @ .., last] => Some(format!(
            "Kartan saknas: {} och {last} har ingen gräns i programmets kartdata.",
            init.join(", ")
        )),
    }
}
