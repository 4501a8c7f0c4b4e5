use super::*;
use crate::geo::{haversine_m, point_in_polygon};
use proptest::prelude::*;
use spotdesk_api::Polygon;

/// Houses 1..=n of a street running east from (lat, long): odd numbers 15 m north of the
/// middle, even numbers 15 m south, 20 m apart along it.
fn straight_street(name: &str, n: u32, lat: f64, long: f64) -> Vec<PlanHouse> {
    let m_lat = 1.0 / 111_320.0;
    let m_long = m_lat / lat.to_radians().cos();
    (1..=n)
        .map(|number| {
            let side = if number % 2 == 1 { 15.0 } else { -15.0 };
            PlanHouse {
                street: name.to_owned(),
                number,
                lat: lat + side * m_lat,
                long: long + f64::from(number) * 10.0 * m_long,
            }
        })
        .collect()
}

#[test]
fn no_houses_no_plan() {
    assert_eq!(street_plan(&[]), StreetPlan::default());
}

#[test]
fn a_straight_street_is_drawn_down_its_middle_as_few_points() {
    let plan = street_plan(&straight_street("ул. Ленина", 40, 56.3, 44.0));
    assert_eq!(plan.streets.len(), 1);
    let s = &plan.streets[0];
    assert_eq!(s.name, "ул. Ленина");
    assert_eq!(s.houses, 40);
    // The zigzag between the sides is gone: a handful of points, all near the middle.
    assert!(s.line.len() <= 4, "{:?}", s.line);
    for [long, lat] in &s.line[1..s.line.len() - 1] {
        assert!(haversine_m(*lat, *long, 56.3, *long) < 10.0, "{lat} {long}");
    }
}

#[test]
fn the_outline_holds_every_house_with_a_margin() {
    let mut houses = straight_street("A", 30, 56.3, 44.0);
    houses.extend(straight_street("B", 12, 56.31, 44.01));
    houses.extend(straight_street("C", 5, 56.29, 43.99));
    let plan = street_plan(&houses);
    let poly = Polygon {
        ring: plan.outline.clone(),
    };
    for h in &houses {
        assert!(point_in_polygon(h.lat, h.long, &poly), "{h:?}");
    }
    assert_eq!(plan.outline.first(), plan.outline.last());
}

#[test]
fn streets_with_most_houses_come_first_and_single_houses_draw_no_line() {
    let mut houses = straight_street("Short", 3, 56.3, 44.0);
    houses.extend(straight_street("Long", 20, 56.31, 44.0));
    houses.extend(straight_street("Lonely", 1, 56.32, 44.0));
    let plan = street_plan(&houses);
    let names: Vec<&str> = plan.streets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Long", "Short"]);
}

#[test]
fn a_big_register_keeps_the_longest_streets_only() {
    let houses: Vec<PlanHouse> = (0..MAX_STREETS + 20)
        .flat_map(|i| {
            straight_street(
                &format!("S{i}"),
                2 + (i % 7) as u32,
                55.0 + i as f64 * 0.001,
                37.0,
            )
        })
        .collect();
    let plan = street_plan(&houses);
    assert_eq!(plan.streets.len(), MAX_STREETS);
    assert!(plan.streets.windows(2).all(|w| w[0].houses >= w[1].houses));
}

#[test]
fn one_house_gets_a_box_around_it() {
    let plan = street_plan(&straight_street("A", 1, 56.3, 44.0));
    let poly = Polygon { ring: plan.outline };
    assert!(point_in_polygon(
        56.3 + 15.0 / 111_320.0,
        44.0 + 10.0 / 111_320.0 / 56.3f64.to_radians().cos(),
        &poly
    ));
    assert!(plan.streets.is_empty());
}

proptest! {
    #[test]
    fn every_house_lies_inside_the_outline(
        pts in prop::collection::vec((55.0f64..55.2, 37.0f64..37.3, 1u32..200), 1..80)
    ) {
        let houses: Vec<PlanHouse> = pts
            .iter()
            .enumerate()
            .map(|(i, (lat, long, n))| PlanHouse {
                street: format!("S{}", i % 5),
                number: *n,
                lat: *lat,
                long: *long,
            })
            .collect();
        let plan = street_plan(&houses);
        let poly = Polygon { ring: plan.outline.clone() };
        for h in &houses {
            prop_assert!(point_in_polygon(h.lat, h.long, &poly));
        }
        for s in &plan.streets {
            prop_assert!(s.line.len() >= 2);
        }
    }
}

#[test]
fn a_city_name_every_street_shares_is_left_out() {
    let mut houses = straight_street("Заречье, ул. Кирова", 6, 56.3, 44.0);
    houses.extend(straight_street("Заречье, пр-т Мира", 4, 56.31, 44.0));
    let plan = street_plan(&houses);
    let names: Vec<&str> = plan.streets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["ул. Кирова", "пр-т Мира"]);
    // Two cities: the names stay whole.
    houses.extend(straight_street("Приозёрск, ул. Заречная", 3, 56.32, 44.0));
    let plan = street_plan(&houses);
    assert!(plan.streets.iter().all(|s| s.name.contains(", ")));
}
