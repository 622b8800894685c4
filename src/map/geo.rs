//! Municipal boundaries: the GeoJSON built into the program, read into
//! polygons of longitude/latitude points.

use serde_json::Value;

/// The GeoJSON of the municipal boundaries built into the program.
const BUILTIN: &str = include_str!("../../registry/kommungranser-vg.geojson");

/// A point in WGS 84 degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct LonLat {
    pub lon: f64,
    pub lat: f64,
}

/// A closed ring of points; the first and last point are the same.
pub(crate) type Ring = Vec<LonLat>;

/// A polygon: its outer ring, then its holes.
pub(crate) type Polygon = Vec<Ring>;

/// One area's boundary.
#[derive(Debug, Clone)]
pub(crate) struct Feature {
    pub id: String,
    pub name: String,
    pub polygons: Vec<Polygon>,
}

/// The boundaries of a set of areas, keyed by their `id`.
#[derive(Debug, Clone)]
pub struct Boundaries {
    features: Vec<Feature>,
}

/// Why boundaries could not be read (in Swedish, as users see it).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("programmets kartdata kan inte läsas: {0}")]
pub struct BoundaryError(String);

impl Boundaries {
    /// The boundaries of Västra Götaland's 49 municipalities built into the
    /// program, keyed by SCB kommunkod.
    pub fn builtin() -> Result<Self, BoundaryError> {
        Self::from_geojson(BUILTIN)
    }

    /// Reads a GeoJSON FeatureCollection of Polygons and MultiPolygons in
    /// longitude/latitude whose features have the properties `id` and
    /// `name`.
    pub fn from_geojson(text: &str) -> Result<Self, BoundaryError> {
        let json: Value =
            serde_json::from_str(text).map_err(|e| BoundaryError(format!("inte JSON: {e}")))?;
        let features = json
            .get("features")
            .and_then(Value::as_array)
            .ok_or_else(|| BoundaryError("ingen lista \"features\"".into()))?;
        let features = features
            .iter()
            .enumerate()
            .map(|(i, f)| feature(f).map_err(|e| BoundaryError(format!("objekt {}: {e}", i + 1))))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self { features })
    }

    /// The ids of the areas, in the file's order.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.features.iter().map(|f| f.id.as_str())
    }

    /// Whether an area with this id has a boundary.
    pub fn contains(&self, id: &str) -> bool {
        self.get(id).is_some()
    }

    /// The name the boundary data gives the area with this id.
    pub fn name(&self, id: &str) -> Option<&str> {
        self.get(id).map(|f| f.name.as_str())
    }

    pub(crate) fn get(&self, id: &str) -> Option<&Feature> {
        self.features.iter().find(|f| f.id == id)
    }

    pub(crate) fn features(&self) -> &[Feature] {
        &self.features
    }
}

/// One feature: its `id`, `name` and polygons.
fn feature(value: &Value) -> Result<Feature, String> {
    let property = |key: &str| {
        value
            .pointer(&format!("/properties/{key}"))
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or_else(|| format!("ingen textegenskap \"{key}\""))
    };
    let id = property("id")?;
    let name = property("name")?;
    let geometry = value.get("geometry").ok_or("ingen geometri")?;
    let coordinates = geometry.get("coordinates").ok_or("inga koordinater")?;
    let polygons = match geometry.get("type").and_then(Value::as_str) {
        Some("Polygon") => vec![polygon(coordinates)?],
        Some("MultiPolygon") => array(coordinates)?
            .iter()
            .map(polygon)
            .collect::<Result<_, _>>()?,
        other => return Err(format!("geometritypen {other:?} är inte en polygon")),
    };
    if polygons.is_empty() {
        return Err(format!("{id} har ingen polygon"));
    }
    Ok(Feature { id, name, polygons })
}

fn polygon(value: &Value) -> Result<Polygon, String> {
    let rings: Polygon = array(value)?.iter().map(ring).collect::<Result<_, _>>()?;
    if rings.is_empty() {
        return Err("en polygon utan ringar".into());
    }
    Ok(rings)
}

fn ring(value: &Value) -> Result<Ring, String> {
    let points: Ring = array(value)?.iter().map(point).collect::<Result<_, _>>()?;
    if points.len() < 4 || points.first() != points.last() {
        return Err("en ring som inte är sluten eller har färre än 4 punkter".into());
    }
    Ok(points)
}

fn point(value: &Value) -> Result<LonLat, String> {
    match array(value)?.as_slice() {
        [lon, lat, ..] => {
            let lon = lon.as_f64().filter(|v| (-180.0..=180.0).contains(v));
            let lat = lat.as_f64().filter(|v| (-85.0..=85.0).contains(v));
            match (lon, lat) {
                (Some(lon), Some(lat)) => Ok(LonLat { lon, lat }),
                _ => Err(format!("en punkt utanför giltiga koordinater: {value}")),
            }
        }
        _ => Err(format!("en punkt utan två koordinater: {value}")),
    }
}

fn array(value: &Value) -> Result<&Vec<Value>, String> {
    value
        .as_array()
        .ok_or_else(|| format!("en lista väntades, inte {value}"))
}
