//! From longitude/latitude to pixels: a spherical transverse Mercator
//! centred on the boundaries, scaled so that the drawn areas fill the
//! picture's width (or its height, for a tall shape) inside a margin.

use super::geo::{Boundaries, Feature, LonLat};

/// The picture's width in pixels: 15 cm at 200 dpi (at least 12 cm at
/// 200 dpi, 945 px, is asked for).
pub(crate) const WIDTH_PX: u32 = 1200;
/// The tallest picture; a taller shape is made narrower instead.
pub(crate) const MAX_HEIGHT_PX: u32 = 1500;
/// The narrowest picture: 12 cm at 200 dpi.
pub(crate) const MIN_WIDTH_PX: u32 = 945;
/// White space around the drawn areas, in pixels.
pub(crate) const MARGIN_PX: f64 = 16.0;

/// A transverse Mercator on the sphere, conformal, true to scale along its
/// central meridian; x east and y north in earth radii.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Projection {
    lon0: f64,
    lat0: f64,
}

impl Projection {
    /// Centred on the middle of all the boundaries' longitudes and
    /// latitudes (so that a delregion alone is drawn as it sits in the
    /// county map).
    pub fn centred_on(boundaries: &Boundaries) -> Self {
        let points = boundaries
            .features()
            .iter()
            .flat_map(|f| f.polygons.iter().flatten().flatten());
        let (mut lon, mut lat) = ((f64::MAX, f64::MIN), (f64::MAX, f64::MIN));
        for p in points {
            lon = (lon.0.min(p.lon), lon.1.max(p.lon));
            lat = (lat.0.min(p.lat), lat.1.max(p.lat));
        }
        let mid = |(lo, hi): (f64, f64)| if lo <= hi { (lo + hi) / 2.0 } else { 0.0 };
        Self {
            lon0: mid(lon).to_radians(),
            lat0: mid(lat).to_radians(),
        }
    }

    /// The projected point.
    pub fn project(self, p: LonLat) -> (f64, f64) {
        let (lat, dlon) = (p.lat.to_radians(), p.lon.to_radians() - self.lon0);
        let x = (lat.cos() * dlon.sin()).atanh();
        let y = lat.tan().atan2(dlon.cos()) - self.lat0;
        (x, y)
    }
}

/// The projection and the placing of its plane in the picture.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Frame {
    projection: Projection,
    left: f64,
    top: f64,
    scale: f64,
    /// The picture's width in pixels.
    pub width: u32,
    /// The picture's height in pixels.
    pub height: u32,
}

impl Frame {
    /// The frame in which `features` fill the picture inside the margin;
    /// `None` when they have no extent or the picture would be too big.
    pub fn fit(projection: Projection, features: &[&Feature]) -> Option<Self> {
        let (mut x, mut y) = ((f64::MAX, f64::MIN), (f64::MAX, f64::MIN));
        let points = features
            .iter()
            .flat_map(|f| f.polygons.iter().flatten().flatten());
        for &p in points {
            let (px, py) = projection.project(p);
            x = (x.0.min(px), x.1.max(px));
            y = (y.0.min(py), y.1.max(py));
        }
        let (w, h) = (x.1 - x.0, y.1 - y.0);
        if !(w > 0.0 && h > 0.0 && w.is_finite() && h.is_finite()) {
            return None;
        }
        let inner = |px: u32| f64::from(px) - 2.0 * MARGIN_PX;
        let mut scale = inner(WIDTH_PX) / w;
        if h * scale > inner(MAX_HEIGHT_PX) {
            scale = (inner(MAX_HEIGHT_PX) / h).max(inner(MIN_WIDTH_PX) / w);
        }
        let width = whole_px(w * scale + 2.0 * MARGIN_PX)?;
        let height = whole_px(h * scale + 2.0 * MARGIN_PX)?;
        Some(Self {
            projection,
            left: x.0,
            top: y.1,
            scale,
            width,
            height,
        })
    }

    /// The point in pixels, x right and y down from the top left corner.
    pub fn place(&self, p: LonLat) -> (f64, f64) {
        let (x, y) = self.projection.project(p);
        (
            MARGIN_PX + (x - self.left) * self.scale,
            MARGIN_PX + (self.top - y) * self.scale,
        )
    }
}

/// The whole number of pixels that `value` rounds up to, if it is a
/// sensible picture size (1 to 4 × [`WIDTH_PX`]).
fn whole_px(value: f64) -> Option<u32> {
    let up = value.ceil();
    (up >= 1.0 && up <= f64::from(4 * WIDTH_PX)).then(|| floor_px(up))
}

/// The largest whole number not above `value`, clamped to `0..=u16::MAX`;
/// found by halving rather than by a cast, so nothing is cut silently.
pub(crate) fn floor_px(value: f64) -> u32 {
    let (mut low, mut high) = (0_u32, u32::from(u16::MAX) + 1);
    while high - low > 1 {
        let mid = low + (high - low) / 2;
        if f64::from(mid) <= value {
            low = mid;
        } else {
            high = mid;
        }
    }
    low
}
