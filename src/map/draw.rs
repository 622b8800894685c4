//! Drawing with tiny-skia: the areas filled with their colours, the
//! municipal borders thin, the borders between delregions and the outline
//! heavier; then the picture as a PNG that says it is 200 dpi.

use std::collections::{HashMap, HashSet};

use tiny_skia::{
    Color, FillRule, LineCap, LineJoin, Paint, PathBuilder, Pixmap, Stroke, Transform,
};

use super::classes::Rgb;
use super::geo::{Feature, LonLat};
use super::project::Frame;

/// The resolution written into the PNG: 1 200 pixels print 15 cm wide.
const DPI: u32 = 200;
/// Municipal borders: colour and width in pixels (about 0.15 mm at 200 dpi).
pub(crate) const THIN: (Rgb, f32) = (Rgb(0x80, 0x80, 0x80), 1.2);
/// Delregion borders and the outline (about 0.4 mm at 200 dpi).
pub(crate) const HEAVY: (Rgb, f32) = (Rgb(0x25, 0x25, 0x25), 3.2);

/// One area to draw: its boundary, delregion and fill.
pub(crate) struct Shape<'a> {
    pub feature: &'a Feature,
    pub delregion: &'a str,
    pub fill: Rgb,
}

/// The areas filled and their borders drawn, or why there is no picture.
pub(crate) fn paint(frame: &Frame, shapes: &[Shape<'_>]) -> Result<Pixmap, String> {
    let mut pixmap = Pixmap::new(frame.width, frame.height).ok_or_else(|| {
        format!(
            "ingen bild på {} × {} bildpunkter kunde skapas",
            frame.width, frame.height
        )
    })?;
    pixmap.fill(Color::WHITE);
    for shape in shapes {
        let mut path = PathBuilder::new();
        for ring in shape.feature.polygons.iter().flatten() {
            add_ring(&mut path, frame, ring);
        }
        if let Some(path) = path.finish() {
            let paint = paint_of(shape.fill);
            pixmap.fill_path(
                &path,
                &paint,
                FillRule::EvenOdd,
                Transform::identity(),
                None,
            );
        }
    }
    let (thin, heavy) = borders(frame, shapes);
    for (path, (colour, width)) in [(thin, THIN), (heavy, HEAVY)] {
        if let Some(path) = path.finish() {
            let stroke = Stroke {
                width,
                line_cap: LineCap::Round,
                line_join: LineJoin::Round,
                ..Stroke::default()
            };
            let paint = paint_of(colour);
            pixmap.stroke_path(&path, &paint, &stroke, Transform::identity(), None);
        }
    }
    Ok(pixmap)
}

fn paint_of(colour: Rgb) -> Paint<'static> {
    let mut paint = Paint::default();
    paint.set_color_rgba8(colour.0, colour.1, colour.2, 255);
    paint.anti_alias = true;
    paint
}

fn add_ring(path: &mut PathBuilder, frame: &Frame, ring: &[LonLat]) {
    let mut points = ring.iter().map(|&p| pixel(frame, p));
    if let Some((x, y)) = points.next() {
        path.move_to(x, y);
        for (x, y) in points {
            path.line_to(x, y);
        }
        path.close();
    }
}

/// A point in pixels as tiny-skia takes it. Pixel coordinates are at most a
/// few thousand, where `f32` keeps far more than the needed precision.
fn pixel(frame: &Frame, p: LonLat) -> (f32, f32) {
    let (x, y) = frame.place(p);
    #[allow(clippy::cast_possible_truncation)]
    (x as f32, y as f32)
}

/// An edge's identity, the same from either side: its end points' exact
/// bits, lower first. Shared borders in the data repeat the same points.
type EdgeKey = ((u64, u64), (u64, u64));

fn edge_key(a: LonLat, b: LonLat) -> EdgeKey {
    let (a, b) = (
        (a.lon.to_bits(), a.lat.to_bits()),
        (b.lon.to_bits(), b.lat.to_bits()),
    );
    if a <= b { (a, b) } else { (b, a) }
}

/// The borders as two paths, thin and heavy. An edge drawn by one shape
/// only is the outline; one shared by shapes of different delregions is a
/// delregion border: both heavy. Each edge is drawn once.
fn borders(frame: &Frame, shapes: &[Shape<'_>]) -> (PathBuilder, PathBuilder) {
    let mut owners: HashMap<EdgeKey, Vec<usize>> = HashMap::new();
    for (i, shape) in shapes.iter().enumerate() {
        for ring in shape.feature.polygons.iter().flatten() {
            for pair in ring.windows(2) {
                let list = owners.entry(edge_key(pair[0], pair[1])).or_default();
                if !list.contains(&i) {
                    list.push(i);
                }
            }
        }
    }
    let heavy_edge = |key: &EdgeKey| match owners.get(key).map(Vec::as_slice) {
        Some([first, rest @ ..]) => {
            rest.is_empty()
                || rest
                    .iter()
                    .any(|&o| shapes[o].delregion != shapes[*first].delregion)
        }
        _ => true,
    };
    let (mut thin, mut heavy) = (Pen::default(), Pen::default());
    let mut drawn = HashSet::new();
    for ring in shapes
        .iter()
        .flat_map(|s| s.feature.polygons.iter().flatten())
    {
        for pair in ring.windows(2) {
            let key = edge_key(pair[0], pair[1]);
            if pair[0] == pair[1] || !drawn.insert(key) {
                continue;
            }
            let pen = if heavy_edge(&key) {
                &mut heavy
            } else {
                &mut thin
            };
            pen.line(pixel(frame, pair[0]), pixel(frame, pair[1]));
        }
    }
    (thin.path, heavy.path)
}

/// A path of lines that joins a line to the one before where they meet.
#[derive(Default)]
struct Pen {
    path: PathBuilder,
    end: Option<(f32, f32)>,
}

impl Pen {
    fn line(&mut self, from: (f32, f32), to: (f32, f32)) {
        if self.end != Some(from) {
            self.path.move_to(from.0, from.1);
        }
        self.path.line_to(to.0, to.1);
        self.end = Some(to);
    }
}

/// The picture as an RGB PNG with its resolution set to [`DPI`].
pub(crate) fn encode(pixmap: &Pixmap) -> Result<Vec<u8>, String> {
    let rgb: Vec<u8> = pixmap
        .pixels()
        .iter()
        .flat_map(|p| {
            let c = p.demultiply();
            [c.red(), c.green(), c.blue()]
        })
        .collect();
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, pixmap.width(), pixmap.height());
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Balanced);
    // 200 dpi in pixels per metre, rounded: 7 874.
    let per_metre = (DPI * 10_000 + 127) / 254;
    encoder.set_pixel_dims(Some(png::PixelDimensions {
        xppu: per_metre,
        yppu: per_metre,
        unit: png::Unit::Meter,
    }));
    let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
    writer.write_image_data(&rgb).map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())?;
    Ok(bytes)
}
