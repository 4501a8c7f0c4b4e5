//! Reading a coverage file: a GeoJSON FeatureCollection parsed with `serde_json` into typed
//! features, coordinates into [`Nested`] arrays under a budget, so a hostile file cannot make
//! the reader allocate without bound: at most [`MAX_NODES`] numbers and arrays in the whole
//! file (serde_json's recursion limit of 128 stops deep nesting; invalid UTF-8 is a syntax
//! error with its line and column).

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::Deserialize;
use std::cell::Cell;
use std::fmt;

/// Most numbers and arrays read from one file's coordinates (three per vertex, roughly:
/// about 5 million vertices).
pub const MAX_NODES: u64 = 16_000_000;

thread_local! {
    /// Nodes of [`Nested`] read so far by this thread's current file.
    static NODES: Cell<u64> = const { Cell::new(0) };
}

/// Restarts the node budget (before each file).
pub fn reset_budget() {
    NODES.with(|n| n.set(0));
}

/// Coordinates as read: numbers in nested arrays, shape checked later.
#[derive(Debug, Clone, PartialEq)]
pub enum Nested {
    /// A number.
    Num(f64),
    /// An array.
    List(Vec<Nested>),
}

fn spend<E: de::Error>() -> Result<(), E> {
    NODES.with(|n| {
        let next = n.get() + 1;
        n.set(next);
        if next > MAX_NODES {
            Err(E::custom(format!(
                "more than {MAX_NODES} coordinates and arrays in the file; split it"
            )))
        } else {
            Ok(())
        }
    })
}

impl<'de> Deserialize<'de> for Nested {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Nested;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("numbers in arrays")
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Nested, E> {
                spend::<E>()?;
                Ok(Nested::Num(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Nested, E> {
                self.visit_f64(v as f64)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Nested, E> {
                self.visit_f64(v as f64)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Nested, A::Error> {
                spend::<A::Error>()?;
                let mut items = Vec::new();
                while let Some(x) = seq.next_element::<Nested>()? {
                    items.push(x);
                }
                Ok(Nested::List(items))
            }
        }
        d.deserialize_any(V)
    }
}

/// A FeatureCollection as read.
#[derive(Deserialize)]
pub struct Collection {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub features: Vec<Feature>,
}

/// A feature as read: its geometry and the two properties used; others are skipped unread.
#[derive(Deserialize)]
pub struct Feature {
    #[serde(default)]
    pub geometry: Option<Geometry>,
    #[serde(default)]
    pub properties: Option<Properties>,
}

/// A geometry as read.
#[derive(Deserialize)]
pub struct Geometry {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub coordinates: Option<Nested>,
}

/// The properties read.
#[derive(Deserialize, Default)]
pub struct Properties {
    /// The layer (technology) name.
    #[serde(default)]
    pub technology: Option<serde_json::Value>,
    /// 0.0 ..= 1.0; 1.0 when absent.
    #[serde(default)]
    pub quality: Option<serde_json::Value>,
}

/// A ring of `[long, lat]` positions.
pub type Ring = Vec<[f64; 2]>;

/// Why coordinates do not have the shape of their geometry type.
pub const BAD_SHAPE: &str = "not the coordinates of its type";

/// The polygons (each its rings) of a `Polygon` or `MultiPolygon`'s coordinates; `Err` when
/// the arrays do not have that shape or a position is not 2 or 3 numbers.
pub fn polygons(kind: &str, c: &Nested) -> Result<Vec<Vec<Ring>>, &'static str> {
    fn list(n: &Nested) -> Result<&[Nested], &'static str> {
        match n {
            Nested::List(v) => Ok(v),
            Nested::Num(_) => Err(BAD_SHAPE),
        }
    }
    fn position(n: &Nested) -> Result<[f64; 2], &'static str> {
        match list(n)? {
            [Nested::Num(x), Nested::Num(y)] | [Nested::Num(x), Nested::Num(y), Nested::Num(_)] => {
                Ok([*x, *y])
            }
            _ => Err("a position is not 2 or 3 numbers"),
        }
    }
    fn polygon(n: &Nested) -> Result<Vec<Ring>, &'static str> {
        list(n)?
            .iter()
            .map(|r| list(r)?.iter().map(position).collect())
            .collect()
    }
    match kind {
        "Polygon" => Ok(vec![polygon(c)?]),
        "MultiPolygon" => list(c)?.iter().map(polygon).collect(),
        _ => Err(BAD_SHAPE),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn shapes_are_read_and_checked() {
        let c: Nested = serde_json::from_str("[[[0,0],[1,0],[1,1,5],[0,0]]]").unwrap();
        assert_eq!(polygons("Polygon", &c).unwrap()[0][0].len(), 4);
        assert!(polygons("MultiPolygon", &c).is_err());
        let m: Nested = serde_json::from_str("[[[[0,0],[1,0],[1,1],[0,0]]]]").unwrap();
        assert_eq!(polygons("MultiPolygon", &m).unwrap().len(), 1);
        let bad: Nested = serde_json::from_str("[[[0],[1,0],[1,1],[0,0]]]").unwrap();
        assert!(polygons("Polygon", &bad).is_err());
    }

    #[test]
    fn the_budget_stops_huge_files_and_nesting_is_limited() {
        reset_budget();
        NODES.with(|n| n.set(MAX_NODES - 2));
        assert!(serde_json::from_str::<Nested>("[1,2,3]").is_err());
        reset_budget();
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(serde_json::from_str::<Nested>(&deep).is_err());
        reset_budget();
        assert!(serde_json::from_str::<Nested>("[\"x\"]").is_err());
    }
}
