//! Importing the operator's coverage layers (issue 21): `spotdesk-server import coverage`.
//!
//! The file is a GeoJSON FeatureCollection of `Polygon` and `MultiPolygon` features. Each
//! feature's layer is its `technology` property, else the `--technology` flag; names are the
//! operator's own (`2G`, `LTE`, `fixed`), stored as `spotdesk_api::layer_name` makes them
//! (`4G` and `LTE` are the map's `4g`; `fixed` a layer of its own). An optional `quality`
//! property (0..1, default 1) is kept for the map. A MultiPolygon is stored as one row per
//! polygon (holes kept on the map; the impact estimate reads outer rings).
//!
//! Like the address import (`crate::address_import`, whose [`Report`], [`Progress`] and
//! [`ImportError`] this uses), the whole file is checked before anything is written: every bad
//! feature is named with its property and reason (rings not closed or with fewer than 4
//! positions, coordinates out of range, too many vertices, a missing or malformed layer
//! name), and then it is applied in **one** write transaction. Each polygon is stored once per
//! layer (by the SHA-256 of layer, quality and geometry), so importing the same file twice
//! changes nothing; `--replace` removes the polygons of the file's layers that the file does
//! not have (other layers stay). The server reads coverage from the database on every request,
//! so running servers serve an import as soon as it commits.

pub mod geojson;

use crate::address_import::report::Problem;
use crate::address_import::{ImportError, Progress, Report};
use crate::db::{self, Pool};
use crate::store::coverage::{self, StoredFeature};
use sha2::{Digest, Sha256};
use spotdesk_api::{layer_name, GeoJsonPolygon};
use std::collections::{BTreeSet, HashSet};
use std::fmt;
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

/// Largest file read (it is parsed whole, in memory).
pub const MAX_BYTES: u64 = 512 << 20;
/// Most features in one file.
pub const MAX_FEATURES: usize = 1_000_000;
/// Most vertices (positions of every ring) of one feature.
pub const MAX_FEATURE_VERTICES: usize = 100_000;
/// Most vertices in one file.
pub const MAX_TOTAL_VERTICES: usize = 5_000_000;

/// How to import.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The layer of features without a `technology` property.
    pub technology: Option<String>,
    /// Remove the polygons of the file's layers that the file does not have.
    pub replace: bool,
    /// Print no progress.
    pub quiet: bool,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Features in the file.
    pub features: u64,
    /// Polygons in the file (a MultiPolygon has several), repeats counted once.
    pub polygons: u64,
    /// Polygons added (the others were there already).
    pub added: u64,
    /// Polygons removed by `--replace`.
    pub removed: u64,
    /// Polygons per layer afterwards.
    pub layers: Vec<(String, i64)>,
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let layers: Vec<String> = self
            .layers
            .iter()
            .map(|(l, n)| format!("{l} {n}"))
            .collect();
        write!(
            f,
            "imported {} features ({} polygons: {} added, {} already there; {} removed); \
             polygons per layer: {}",
            self.features,
            self.polygons,
            self.added,
            self.polygons - self.added,
            self.removed,
            layers.join(", ")
        )
    }
}

/// Reads and checks a whole file: its polygons as stored, or every problem.
pub fn read(path: &Path, options: &Options) -> Result<(u64, Vec<StoredFeature>), ImportError> {
    let file = File::open(path)
        .map_err(|e| ImportError::File(format!("cannot open {}: {e}", path.display())))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    if size > MAX_BYTES {
        return Err(ImportError::File(format!(
            "the file is {size} bytes; at most {MAX_BYTES} of coverage GeoJSON are read \
             (split it by layer or region)"
        )));
    }
    let default_layer = match &options.technology {
        None => None,
        Some(t) => Some(layer_name(t).ok_or_else(|| {
            ImportError::File(format!(
                "--technology {t:?} is not a layer name (letters, digits, - _ . ; at most {} characters)",
                spotdesk_api::MAX_LAYER_NAME
            ))
        })?),
    };
    geojson::reset_budget();
    let parsed: Result<geojson::Collection, _> =
        serde_json::from_reader(BufReader::with_capacity(1 << 20, file));
    geojson::reset_budget();
    let c = parsed.map_err(|e| {
        ImportError::File(format!(
            "not a GeoJSON FeatureCollection (line {}, column {}): {e}",
            e.line(),
            e.column()
        ))
    })?;
    if c.kind != "FeatureCollection" {
        return Err(ImportError::File(format!(
            "the GeoJSON is a {:?}, not a FeatureCollection",
            c.kind
        )));
    }
    if c.features.is_empty() {
        return Err(ImportError::File("the file has no features".into()));
    }
    if c.features.len() > MAX_FEATURES {
        return Err(ImportError::File(format!(
            "more than {MAX_FEATURES} features; split the file"
        )));
    }
    let mut report = Report::new("feature");
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    let mut total_vertices = 0usize;
    for (i, f) in c.features.into_iter().enumerate() {
        let row = i as u64 + 1;
        let (problems, polys) = check(row, f, default_layer.as_deref());
        total_vertices += polys
            .iter()
            .map(|p| p.1.iter().map(Vec::len).sum::<usize>())
            .sum::<usize>();
        if total_vertices > MAX_TOTAL_VERTICES {
            return Err(ImportError::File(format!(
                "more than {MAX_TOTAL_VERTICES} vertices in the file; split it"
            )));
        }
        report.add_row(problems);
        if report.is_clean() {
            for (layer, rings, quality) in polys {
                let stored = stored(layer, quality, rings);
                if seen.insert(stored.content_key.clone()) {
                    out.push(stored);
                }
            }
        }
    }
    if !report.is_clean() {
        return Err(ImportError::Rows(report));
    }
    Ok((report.rows, out))
}

/// One checked polygon: layer, rings, quality.
type Checked = (String, Vec<Vec<[f64; 2]>>, f64);

/// Checks one feature: its problems and (when there are none) its polygons.
fn check(
    row: u64,
    f: geojson::Feature,
    default_layer: Option<&str>,
) -> (Vec<Problem>, Vec<Checked>) {
    let mut problems = Vec::new();
    let mut problem = |column: &'static str, kind: &'static str, detail: String| {
        problems.push(Problem {
            row,
            column,
            kind,
            detail,
        })
    };
    let props = f.properties.unwrap_or_default();
    let layer = match props.technology {
        None | Some(serde_json::Value::Null) => match default_layer {
            Some(l) => Some(l.to_owned()),
            None => {
                problem(
                    "technology",
                    "missing",
                    "no property and no --technology".into(),
                );
                None
            }
        },
        Some(serde_json::Value::String(s)) => match layer_name(&s) {
            Some(l) => Some(l),
            None => {
                let short: String = s.chars().take(40).collect();
                problem(
                    "technology",
                    "not a layer name",
                    format!(
                        "{short:?}; letters, digits, - _ . up to {}",
                        spotdesk_api::MAX_LAYER_NAME
                    ),
                );
                None
            }
        },
        Some(other) => {
            let shown = if other.is_number() {
                other.to_string()
            } else {
                "not text".into()
            };
            match layer_name(&shown).filter(|_| other.is_number()) {
                Some(l) => Some(l),
                None => {
                    problem("technology", "not a layer name", shown);
                    None
                }
            }
        }
    };
    let quality = match props.quality {
        None | Some(serde_json::Value::Null) => 1.0,
        Some(v) => match v.as_f64() {
            Some(q) if (0.0..=1.0).contains(&q) => q,
            _ => {
                problem("quality", "out of range", format!("{v}; allowed 0..1"));
                1.0
            }
        },
    };
    let mut polys = Vec::new();
    match f.geometry {
        None => problem("geometry", "missing", String::new()),
        Some(g) if g.kind != "Polygon" && g.kind != "MultiPolygon" => problem(
            "geometry",
            "not a Polygon or MultiPolygon",
            format!("{:?}", g.kind.chars().take(40).collect::<String>()),
        ),
        Some(g) => match g
            .coordinates
            .as_ref()
            .map(|c| geojson::polygons(&g.kind, c))
        {
            None => problem("coordinates", "missing", String::new()),
            Some(Err(why)) => problem("coordinates", why, g.kind.clone()),
            Some(Ok(p)) => polys = p,
        },
    }
    let vertices: usize = polys.iter().flatten().map(Vec::len).sum();
    if vertices > MAX_FEATURE_VERTICES {
        problem(
            "coordinates",
            "too many vertices",
            format!("{vertices}; at most {MAX_FEATURE_VERTICES} per feature"),
        );
        polys.clear();
    }
    if polys.iter().any(Vec::is_empty) {
        problem("coordinates", "a polygon without rings", String::new());
    }
    for (p, rings) in polys.iter().enumerate() {
        for (r, ring) in rings.iter().enumerate() {
            let at = format!("polygon {}, ring {}", p + 1, r + 1);
            if ring.len() < 4 {
                problem(
                    "coordinates",
                    "ring with fewer than 4 positions",
                    format!("{at}: {} positions", ring.len()),
                );
            } else if ring.first() != ring.last() {
                problem(
                    "coordinates",
                    "ring not closed",
                    format!("{at}: the last position is not the first"),
                );
            }
            if let Some(&[x, y]) = ring
                .iter()
                .find(|[x, y]| !(-180.0..=180.0).contains(x) || !(-90.0..=90.0).contains(y))
            {
                problem(
                    "coordinates",
                    "out of range",
                    format!("{at}: [{x}, {y}]; allowed long -180..180, lat -90..90"),
                );
            }
        }
    }
    if polys.is_empty() && problems.is_empty() {
        problems.push(Problem {
            row,
            column: "coordinates",
            kind: "no polygons",
            detail: String::new(),
        });
    }
    match layer {
        Some(l) if problems.is_empty() => (
            problems,
            polys
                .into_iter()
                .map(|rings| (l.clone(), rings, quality))
                .collect(),
        ),
        _ => (problems, Vec::new()),
    }
}

/// A checked polygon as stored.
fn stored(layer: String, quality: f64, rings: Vec<Vec<[f64; 2]>>) -> StoredFeature {
    let (mut a, mut b, mut c, mut d) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for &[x, y] in rings.iter().flatten() {
        a = a.min(y);
        b = b.max(y);
        c = c.min(x);
        d = d.max(x);
    }
    let geometry = db::json_col(&GeoJsonPolygon {
        kind: "Polygon".into(),
        coordinates: rings,
    });
    let mut h = Sha256::new();
    h.update(layer.as_bytes());
    h.update([0]);
    // -0 and 0 are one quality (their bits differ).
    let quality = if quality == 0.0 { 0.0 } else { quality };
    h.update(quality.to_bits().to_be_bytes());
    h.update(geometry.as_bytes());
    let content_key = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
    StoredFeature {
        technology: layer,
        quality,
        geometry,
        bbox: (a, b, c, d),
        content_key,
    }
}

/// Imports a file (see the module docs): checks it whole, then writes it in one transaction.
pub async fn import(pool: &Pool, path: &Path, options: &Options) -> Result<Summary, ImportError> {
    let (features, polygons) = read(path, options)?;
    let mut tx = db::begin_write(pool).await?;
    let mut removed = 0;
    if options.replace {
        let layers: BTreeSet<&str> = polygons.iter().map(|p| p.technology.as_str()).collect();
        let keep: HashSet<&str> = polygons.iter().map(|p| p.content_key.as_str()).collect();
        for layer in layers {
            removed += coverage::delete_others(&mut tx, layer, &keep).await?;
        }
    }
    let mut progress = Progress::new("writing", Some(polygons.len() as u64), options.quiet);
    let mut added = 0;
    let mut done = 0u64;
    for chunk in polygons.chunks(coverage::BATCH_ROWS) {
        added += coverage::insert_new(&mut tx, chunk).await?;
        done += chunk.len() as u64;
        progress.tick(done);
    }
    progress.finish(done);
    let layers = coverage::layer_sizes(&mut *tx).await?;
    tx.commit().await?;
    Ok(Summary {
        features,
        polygons: polygons.len() as u64,
        added,
        removed,
        layers,
    })
}
