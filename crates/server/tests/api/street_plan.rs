//! `GET /public/street-plan`: the register's outline and streets for maps without tiles,
//! public, and drawn again after an import of the register.

use crate::common::import_cli::{self, write};
use crate::common::start;
use spotdesk_api::{Polygon, StreetPlan};
use spotdesk_core::geo::point_in_polygon;

/// Two streets of a city the demo does not have.
const SMALL_CSV: &str = "\
id,address,lat,long,city,street,house,building
z1,\"Приозёрск, ул. Заречная, 1\",60.1000,30.2000,Приозёрск,ул. Заречная,1,
z2,\"Приозёрск, ул. Заречная, 2\",60.1000,30.2010,Приозёрск,ул. Заречная,2,
z3,\"Приозёрск, ул. Заречная, 3\",60.1000,30.2020,Приозёрск,ул. Заречная,3,
z4,\"Приозёрск, ул. Заречная, 4\",60.1000,30.2030,Приозёрск,ул. Заречная,4,
z5,\"Приозёрск, Сосновый бульвар, 1\",60.1100,30.2100,Приозёрск,Сосновый бульвар,1,
z6,\"Приозёрск, Сосновый бульвар, 2\",60.1110,30.2100,Приозёрск,Сосновый бульвар,2,
";

#[tokio::test]
async fn anyone_gets_the_registers_streets_and_an_outline_around_them() {
    let s = start().await;
    let r = s.get("/public/street-plan", None).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(
        r.headers.get("cache-control").and_then(|v| v.to_str().ok()),
        Some("public, max-age=300")
    );
    let plan: StreetPlan = serde_json::from_str(&r.text).unwrap();
    assert!(
        plan.streets.len() > 10,
        "the demo city's streets: {}",
        plan.streets.len()
    );
    assert!(plan
        .streets
        .iter()
        .all(|s| s.line.len() >= 2 && !s.name.is_empty()));
    // Every address the geocoder finds lies inside the outline.
    let found = s
        .get(
            "/public/geocode?q=%D0%9B%D0%B5%D0%BD%D0%B8%D0%BD%D0%B0%201",
            None,
        )
        .await;
    assert_eq!(found.status, 200, "{}", found.text);
    let first = &found.body["results"][0];
    let (lat, long) = (
        first["lat"].as_f64().unwrap(),
        first["long"].as_f64().unwrap(),
    );
    assert!(point_in_polygon(lat, long, &plan.outline), "{lat},{long}");

    // A new register: the next answer is drawn from it.
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "addresses.csv", SMALL_CSV.as_bytes());
    import_cli::ok(
        &s.state.config.db,
        "addresses",
        &file,
        &["--quiet", "--replace"],
    );
    let r = s.get("/public/street-plan", None).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let plan: StreetPlan = serde_json::from_str(&r.text).unwrap();
    let mut names: Vec<&str> = plan.streets.iter().map(|s| s.name.as_str()).collect();
    names.sort_unstable();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(names.iter().any(|n| n.contains("Заречная")), "{names:?}");
    assert!(names.iter().any(|n| n.contains("Сосновый")), "{names:?}");
    let outline = Polygon {
        ring: plan.outline.ring,
    };
    assert!(point_in_polygon(60.1, 30.2, &outline));
    assert!(
        !point_in_polygon(56.3, 44.0, &outline),
        "the demo city is gone"
    );
}
