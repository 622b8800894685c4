//! Tests of the drawn map: each municipality's colour read back from the
//! PNG at a point well inside it, the borders, the delregion mode and the
//! reasons for no map.

use super::draw::{HEAVY, THIN};
use super::geo::{Feature, LonLat};
use super::project::{Frame, MARGIN_PX, MIN_WIDTH_PX, Projection, floor_px};
use super::*;

/// The registry of municipalities (id, name, delregion), as the tests'
/// stand-in for the caller.
const REGISTRY: &str = include_str!("../../registry/respondents.csv");

/// The 49 municipalities; every `skip`th (counting from the first) without
/// an answer, the others with spread figures.
fn county_areas(skip: usize) -> Vec<Area> {
    let mut lines = REGISTRY.lines();
    let header: Vec<&str> = lines.next().expect("a header").split(',').collect();
    let column = |name: &str| header.iter().position(|h| *h == name).expect(name);
    let (id, name, kind, delregion) = (
        column("id"),
        column("name"),
        column("kind"),
        column("delregion"),
    );
    lines
        .map(|line| line.split(',').collect::<Vec<_>>())
        .filter(|f| f[kind] == "kommun")
        .enumerate()
        .map(|(i, f)| Area {
            id: f[id].to_owned(),
            name: f[name].to_owned(),
            delregion: f[delregion].to_owned(),
            value: (i % skip != 0)
                .then(|| 800.0 + f64::from(u32::try_from(i * 37 % 49).expect("small")) * 31.3),
        })
        .collect()
}

/// The county map of `county_areas(5)`, drawn once for the tests that
/// share it: the boundaries, areas, classes and picture.
fn county_map() -> &'static (Boundaries, Vec<Area>, Vec<Class>, Png) {
    static MAP: std::sync::OnceLock<(Boundaries, Vec<Area>, Vec<Class>, Png)> =
        std::sync::OnceLock::new();
    MAP.get_or_init(|| {
        let boundaries = Boundaries::builtin().expect("the built-in boundaries");
        let areas = county_areas(5);
        let classes = classes(&figures(&areas));
        let png = render(&boundaries, &areas, &classes, None).expect("a map");
        (boundaries, areas, classes, png)
    })
}

fn figures(areas: &[Area]) -> Vec<f64> {
    areas.iter().filter_map(|a| a.value).collect()
}

/// A decoded picture: width, height and RGB bytes.
struct Picture {
    width: u32,
    height: u32,
    rgb: Vec<u8>,
}

impl Picture {
    fn decode(png: &Png) -> Self {
        let decoder = png::Decoder::new(std::io::Cursor::new(&png.bytes));
        let mut reader = decoder.read_info().expect("a PNG header");
        let mut rgb = vec![0; reader.output_buffer_size().expect("a buffer size")];
        let info = reader.next_frame(&mut rgb).expect("a PNG frame");
        assert_eq!(info.color_type, png::ColorType::Rgb);
        assert_eq!((info.width, info.height), (png.width, png.height));
        rgb.truncate(info.buffer_size());
        Self {
            width: info.width,
            height: info.height,
            rgb,
        }
    }

    /// The colour of the pixel that contains the point (x, y).
    fn at(&self, (x, y): (f64, f64)) -> Rgb {
        let (col, row) = (floor_px(x), floor_px(y));
        assert!(x >= 0.0 && y >= 0.0 && col < self.width && row < self.height);
        let index = usize::try_from(row * self.width + col).expect("a small picture") * 3;
        let p = &self.rgb[index..index + 3];
        Rgb(p[0], p[1], p[2])
    }

    fn pixels(&self) -> impl Iterator<Item = (u32, u32, Rgb)> + '_ {
        let width = usize::try_from(self.width).expect("a small width");
        self.rgb.chunks_exact(3).enumerate().map(move |(i, p)| {
            let row = u32::try_from(i / width).expect("a small picture");
            let col = u32::try_from(i % width).expect("a small picture");
            (col, row, Rgb(p[0], p[1], p[2]))
        })
    }
}

/// The frame that `render` uses for these areas.
fn frame_of(boundaries: &Boundaries, areas: &[Area], only: Option<&str>) -> Frame {
    let features: Vec<&Feature> = areas
        .iter()
        .filter(|a| only.is_none_or(|d| a.delregion == d))
        .map(|a| boundaries.get(&a.id).expect("a boundary"))
        .collect();
    Frame::fit(Projection::centred_on(boundaries), &features).expect("a frame")
}

/// A point well inside the feature, in pixels, and its distance from the
/// feature's boundary: on scanlines through the feature at every other
/// pixel row, the middle of each inside span (even–odd over all rings),
/// keeping the one farthest from any edge.
fn interior_point(frame: &Frame, feature: &Feature) -> ((f64, f64), f64) {
    let rings: Vec<Vec<(f64, f64)>> = feature
        .polygons
        .iter()
        .flatten()
        .map(|ring| ring.iter().map(|&p| frame.place(p)).collect())
        .collect();
    let edges: Vec<((f64, f64), (f64, f64))> = rings
        .iter()
        .flat_map(|r| r.windows(2).map(|w| (w[0], w[1])))
        .collect();
    let (top, bottom) = edges.iter().fold((f64::MAX, f64::MIN), |(t, b), (p, q)| {
        (t.min(p.1).min(q.1), b.max(p.1).max(q.1))
    });
    let mut best = ((0.0, 0.0), f64::MIN);
    for row in (floor_px(top)..=floor_px(bottom)).step_by(2) {
        let y = f64::from(row) + 0.5;
        let mut xs: Vec<f64> = edges
            .iter()
            .filter(|(p, q)| (p.1 <= y) != (q.1 <= y))
            .map(|(p, q)| p.0 + (y - p.1) / (q.1 - p.1) * (q.0 - p.0))
            .collect();
        xs.sort_by(f64::total_cmp);
        for span in xs.chunks_exact(2) {
            let point = ((span[0] + span[1]) / 2.0, y);
            let distance = edges
                .iter()
                .map(|&(p, q)| segment_distance(point, p, q))
                .fold(f64::MAX, f64::min);
            if distance > best.1 {
                best = (point, distance);
            }
        }
    }
    best
}

fn segment_distance(p: (f64, f64), a: (f64, f64), b: (f64, f64)) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let length2 = dx * dx + dy * dy;
    let t = if length2 > 0.0 {
        (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / length2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    (p.0 - a.0 - t * dx).hypot(p.1 - a.1 - t * dy)
}

/// The colour `render` should give the area.
fn expected_colour(area: &Area, classes: &[Class]) -> Rgb {
    area.value
        .and_then(|v| class_of(classes, v))
        .map_or(NO_ANSWER, |i| classes[i].colour)
}

/// Checks each area's colour at a point well inside it.
fn assert_colours_inside(
    png: &Png,
    boundaries: &Boundaries,
    areas: &[Area],
    classes: &[Class],
    only: Option<&str>,
) {
    let picture = Picture::decode(png);
    let frame = frame_of(boundaries, areas, only);
    for area in areas
        .iter()
        .filter(|a| only.is_none_or(|d| a.delregion == d))
    {
        let feature = boundaries.get(&area.id).expect("a boundary");
        let (point, distance) = interior_point(&frame, feature);
        assert!(distance > 4.0, "{}: only {distance} px inside", area.name);
        assert_eq!(
            picture.at(point).hex(),
            expected_colour(area, classes).hex(),
            "{} ({}) at {point:?}",
            area.name,
            area.id
        );
    }
}

/// The smallest rectangle (left, top, right, bottom) of pixels that are
/// not white.
fn drawn_extent(picture: &Picture) -> (u32, u32, u32, u32) {
    picture
        .pixels()
        .filter(|&(_, _, c)| c != Rgb(255, 255, 255))
        .fold((u32::MAX, u32::MAX, 0, 0), |(l, t, r, b), (x, y, _)| {
            (l.min(x), t.min(y), r.max(x), b.max(y))
        })
}

#[test]
fn builtin_boundaries_are_the_49_municipalities() {
    let boundaries = Boundaries::builtin().expect("the built-in boundaries");
    let areas = county_areas(5);
    assert_eq!(areas.len(), 49);
    assert_eq!(boundaries.ids().count(), 49);
    for area in &areas {
        assert_eq!(boundaries.name(&area.id), Some(area.name.as_str()));
    }
}

#[test]
fn each_municipality_has_its_class_colour_inside() {
    let (boundaries, areas, classes, png) = county_map();
    assert_eq!(classes.len(), 5);
    assert!(png.width >= MIN_WIDTH_PX);
    assert_colours_inside(png, boundaries, areas, classes, None);
    // Every class shows somewhere.
    let picture = Picture::decode(png);
    for class in classes {
        assert!(
            picture.pixels().any(|(_, _, c)| c == class.colour),
            "{}",
            class.label
        );
    }
}

#[test]
fn a_municipality_without_an_answer_is_grey() {
    let boundaries = Boundaries::builtin().expect("the built-in boundaries");
    let mut areas = county_areas(1_000);
    let gothenburg = areas.iter_mut().find(|a| a.id == "1480").expect("Göteborg");
    gothenburg.value = None;
    let classes = classes(&figures(&areas));
    let png = render(&boundaries, &areas, &classes, None).expect("a map");
    let frame = frame_of(&boundaries, &areas, None);
    let feature = boundaries.get("1480").expect("Göteborg's boundary");
    let (point, _) = interior_point(&frame, feature);
    assert_eq!(Picture::decode(&png).at(point), NO_ANSWER);
    assert_eq!(NO_ANSWER.hex(), "#BFBFBF");
}

#[test]
fn delregion_borders_and_the_outline_are_heavier() {
    let (boundaries, areas, _, png) = county_map();
    let picture = Picture::decode(png);
    let frame = frame_of(boundaries, areas, None);
    let (heavy, thin) = (HEAVY.0, THIN.0);
    // Härryda (1401, Göteborgsregionen) borders Bollebygd (1443,
    // Boråsregionen) and Partille (1402, Göteborgsregionen); its
    // southern edges are the county's outline.
    let border = |a: &str, b: &str| longest_shared_edge(boundaries, &frame, a, b);
    let delregion = border("1401", "1443").expect("Härryda–Bollebygd");
    let municipal = border("1401", "1402").expect("Härryda–Partille");
    assert_eq!(picture.at(delregion), heavy);
    let between = picture.at(municipal);
    assert_ne!(between, heavy);
    assert!(near(between, thin, 60), "{between:?}");
    let outline = longest_outline_edge(boundaries, &frame, areas);
    assert_eq!(picture.at(outline), heavy);
}

fn near(a: Rgb, b: Rgb, tolerance: u8) -> bool {
    a.0.abs_diff(b.0) <= tolerance
        && a.1.abs_diff(b.1) <= tolerance
        && a.2.abs_diff(b.2) <= tolerance
}

/// The pixel middle of the longest edge that two features share.
fn longest_shared_edge(
    boundaries: &Boundaries,
    frame: &Frame,
    a: &str,
    b: &str,
) -> Option<(f64, f64)> {
    let edges_of = |id: &str| -> Vec<(LonLat, LonLat)> {
        boundaries
            .get(id)
            .map(|f| {
                f.polygons
                    .iter()
                    .flatten()
                    .flat_map(|r| r.windows(2).map(|w| (w[0], w[1])))
                    .collect()
            })
            .unwrap_or_default()
    };
    let others = edges_of(b);
    edges_of(a)
        .into_iter()
        .filter(|&(p, q)| {
            others
                .iter()
                .any(|&(r, s)| (p, q) == (r, s) || (p, q) == (s, r))
        })
        .map(|(p, q)| (frame.place(p), frame.place(q)))
        .max_by(|x, y| length(*x).total_cmp(&length(*y)))
        .map(|(p, q)| ((p.0 + q.0) / 2.0, (p.1 + q.1) / 2.0))
}

/// The pixel middle of the longest edge that no other area shares.
fn longest_outline_edge(boundaries: &Boundaries, frame: &Frame, areas: &[Area]) -> (f64, f64) {
    let mut count = std::collections::HashMap::new();
    let edges: Vec<(LonLat, LonLat)> = areas
        .iter()
        .filter_map(|a| boundaries.get(&a.id))
        .flat_map(|f| {
            f.polygons
                .iter()
                .flatten()
                .flat_map(|r| r.windows(2).map(|w| (w[0], w[1])))
        })
        .collect();
    let key = |p: LonLat| (p.lon.to_bits(), p.lat.to_bits());
    for &(p, q) in &edges {
        *count
            .entry((key(p).min(key(q)), key(p).max(key(q))))
            .or_insert(0) += 1;
    }
    let (p, q) = edges
        .into_iter()
        .filter(|&(p, q)| count[&(key(p).min(key(q)), key(p).max(key(q)))] == 1)
        .map(|(p, q)| (frame.place(p), frame.place(q)))
        .max_by(|x, y| length(*x).total_cmp(&length(*y)))
        .expect("an outline");
    ((p.0 + q.0) / 2.0, (p.1 + q.1) / 2.0)
}

fn length((p, q): ((f64, f64), (f64, f64))) -> f64 {
    (q.0 - p.0).hypot(q.1 - p.1)
}

#[test]
fn one_delregion_alone_is_enlarged_and_others_are_left_out() {
    let boundaries = Boundaries::builtin().expect("the built-in boundaries");
    let mut areas = county_areas(4);
    // The classes are the county's. The other delregions get figures of
    // the darkest class only, Skaraborg none, so that its colour must not
    // show.
    let classes = classes(&figures(&areas));
    let last = classes.len() - 1;
    let (darkest, lowest) = (classes[last].colour, classes[0].lower);
    for area in &mut areas {
        if area.delregion != "Skaraborg" {
            area.value = Some(1e6);
        } else if area.value.and_then(|v| class_of(&classes, v)) == Some(last) {
            area.value = Some(lowest);
        }
    }
    let png = render(&boundaries, &areas, &classes, Some("Skaraborg")).expect("a map");
    assert!(png.width >= MIN_WIDTH_PX);
    assert_colours_inside(&png, &boundaries, &areas, &classes, Some("Skaraborg"));
    let picture = Picture::decode(&png);
    assert!(picture.pixels().all(|(_, _, c)| c != darkest));
    // The delregion fills the picture up to the margin on all four sides.
    let (left, top, right, bottom) = drawn_extent(&picture);
    let margin = floor_px(MARGIN_PX);
    assert!(left <= margin && top <= margin, "{left}, {top}");
    assert!(
        right + margin + 1 >= png.width && bottom + margin + 1 >= png.height,
        "{right}, {bottom}"
    );
    // …and larger than in the county map (Skaraborg is the widest
    // delregion, some 60 % of the county's width).
    let county_frame = frame_of(&boundaries, &areas, None);
    let skaraborg: Vec<&Feature> = areas
        .iter()
        .filter(|a| a.delregion == "Skaraborg")
        .filter_map(|a| boundaries.get(&a.id))
        .collect();
    let span = |frame: &Frame| {
        let xs: Vec<f64> = skaraborg
            .iter()
            .flat_map(|f| f.polygons.iter().flatten().flatten())
            .map(|&p| frame.place(p).0)
            .collect();
        xs.iter().copied().fold(f64::MIN, f64::max) - xs.iter().copied().fold(f64::MAX, f64::min)
    };
    let alone = frame_of(&boundaries, &areas, Some("Skaraborg"));
    assert!(
        span(&alone) > 1.5 * span(&county_frame),
        "{} vs {}",
        span(&alone),
        span(&county_frame)
    );
}

#[test]
fn a_municipality_without_a_boundary_gives_a_reason() {
    let boundaries = Boundaries::builtin().expect("the built-in boundaries");
    let mut areas = county_areas(5);
    areas.push(Area {
        id: "1400".to_owned(),
        name: "Xkommun".to_owned(),
        delregion: "Skaraborg".to_owned(),
        value: Some(1_000.0),
    });
    let classes = classes(&figures(&areas));
    let no_map = render(&boundaries, &areas, &classes, None).expect_err("no map");
    assert_eq!(
        no_map.reason,
        "Kartan saknas: Xkommun (1400) har ingen gräns i programmets kartdata."
    );
    // Also in the delregion mode, and for a municipality of another one.
    let no_map = render(&boundaries, &areas, &classes, Some("Fyrbodal")).expect_err("no map");
    assert!(no_map.reason.contains("Xkommun (1400)"));
    areas.push(Area {
        id: "1410".to_owned(),
        name: "Ykommun".to_owned(),
        delregion: "Fyrbodal".to_owned(),
        value: None,
    });
    let no_map = render(&boundaries, &areas, &classes, None).expect_err("no map");
    assert_eq!(
        no_map.to_string(),
        "Kartan saknas: Xkommun (1400) och Ykommun (1410) har ingen gräns i programmets kartdata."
    );
}

#[test]
fn nothing_to_draw_gives_a_reason() {
    let boundaries = Boundaries::builtin().expect("the built-in boundaries");
    let areas = county_areas(5);
    let no_map = render(&boundaries, &areas, &[], Some("Halland")).expect_err("no map");
    assert_eq!(
        no_map.reason,
        "Kartan saknas: delregionen Halland har inga kommuner att visa."
    );
    let no_map = render(&boundaries, &[], &[], None).expect_err("no map");
    assert_eq!(
        no_map.reason,
        "Kartan saknas: det finns inga kommuner att visa."
    );
    // Without classes every area is grey.
    let png = render(&boundaries, &areas, &[], None).expect("a map");
    assert_colours_inside(&png, &boundaries, &areas, &[], None);
}

#[test]
fn broken_boundary_data_gives_a_reason() {
    let error = Boundaries::from_geojson("{\"features\": [{}]}").expect_err("an error");
    let no_map = NoMap::from(error);
    assert!(
        no_map
            .reason
            .starts_with("Kartan saknas: programmets kartdata kan inte läsas: objekt 1: "),
        "{no_map}"
    );
    assert!(Boundaries::from_geojson("not json").is_err());
}

#[test]
fn the_png_is_wide_enough_for_print_at_200_dpi() {
    let png = &county_map().3;
    // At least 12 cm at 200 dpi.
    assert!(png.width >= 945);
    let decoder = png::Decoder::new(std::io::Cursor::new(&png.bytes));
    let reader = decoder.read_info().expect("a PNG header");
    let dims = reader.info().pixel_dims.expect("a resolution");
    assert_eq!(dims.unit, png::Unit::Meter);
    assert_eq!((dims.xppu, dims.yppu), (7874, 7874));
}

#[test]
fn the_projection_keeps_shapes() {
    // Near the county's middle, a degree of longitude is cos(58°) ≈ 0.53
    // of a degree of latitude, and the projection is conformal.
    let boundaries = Boundaries::builtin().expect("the built-in boundaries");
    let projection = Projection::centred_on(&boundaries);
    let at = |lon, lat| projection.project(LonLat { lon, lat });
    let (o, east, north) = (at(12.8, 58.2), at(12.81, 58.2), at(12.8, 58.21));
    let ratio = (east.0 - o.0).hypot(east.1 - o.1) / (north.0 - o.0).hypot(north.1 - o.1);
    assert!(
        (ratio - 58.2_f64.to_radians().cos()).abs() < 1e-3,
        "{ratio}"
    );
}
