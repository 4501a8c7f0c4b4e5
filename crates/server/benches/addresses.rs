//! The address register at scale (issue 21): generate N addresses (the demo city's street
//! names, repeated over generated towns), import them with `address_import::import` (the code
//! of `spotdesk-server import addresses`), then time look-ups through the geocoder's register
//! search and print p50/p95/p99. Measurements only; the figures seen are in README's "Running
//! it for your contact centre".
//!
//! Run (release build; SQLite in a temporary directory unless `--db` names a database, which
//! is migrated and whose register is replaced):
//!
//! ```sh
//! cargo bench -p spotdesk-server --bench addresses -- --n 1000000
//! cargo bench -p spotdesk-server --bench addresses -- --n 1000000 --db postgres://USER@HOST/DB
//! ```
//!
//! `--queries Q` sets the number of timed look-ups (default 2000).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use spotdesk_server::address_import::{self, Format, Options};
use spotdesk_server::clock::Clock;
use spotdesk_server::{db, geocoder};
use std::io::Write;
use std::time::{Duration, Instant};

/// Houses per street in every town.
const HOUSES: u32 = 200;
/// Syllables of generated town names.
const SYLLABLES: [&str; 16] = [
    "ва", "ро", "ми", "ла", "ка", "де", "ну", "зо", "пе", "ти", "са", "го", "бе", "ры", "лю", "ша",
];

/// The name of town `k`: three syllables and "-ск".
fn town(k: usize) -> String {
    let s = |i: usize| SYLLABLES[(k / 16usize.pow(i as u32)) % 16];
    let mut name = format!("{}{}{}ск", s(2), s(1), s(0));
    if let Some(first) = name.chars().next() {
        name.replace_range(..first.len_utf8(), &first.to_uppercase().to_string());
    }
    name
}

/// A seeded xorshift source.
fn rng(seed: u64) -> impl FnMut() -> u64 {
    let mut s = seed.max(1);
    move || {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        s
    }
}

/// One generated address: `(id, address, lat, long, town, street, house, building)`.
fn address(
    i: usize,
    streets: &[String],
) -> (String, String, f64, f64, String, String, u32, &'static str) {
    let per_town = streets.len() * HOUSES as usize;
    let t = i / per_town;
    let s = (i % per_town) / HOUSES as usize;
    let h = (i % HOUSES as usize) as u32 + 1;
    let building = if h % 10 == 3 { "к2" } else { "" };
    let town_name = town(t);
    let lat = 45.0 + (t % 100) as f64 * 0.1 + s as f64 * 0.0005;
    let long = 30.0 + (t / 100) as f64 * 0.2 + h as f64 * 0.0001;
    (
        format!("b{i}"),
        format!("г. {town_name}, {}, д. {h}{building}", streets[s]),
        lat,
        long,
        town_name,
        streets[s].clone(),
        h,
        building,
    )
}

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

fn main() {
    let n: usize = arg("--n").and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let queries: usize = arg("--queries")
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    let dir = tempfile::tempdir().unwrap();
    let url = arg("--db")
        .unwrap_or_else(|| format!("sqlite://{}", dir.path().join("bench.db").display()));
    let streets: Vec<String> = spotdesk_demo::gazetteer()
        .street_names()
        .map(str::to_owned)
        .collect();

    let file = dir.path().join("addresses.csv");
    let started = Instant::now();
    {
        let mut w = std::io::BufWriter::new(std::fs::File::create(&file).unwrap());
        writeln!(w, "id,address,lat,long,city,street,house,building").unwrap();
        for i in 0..n {
            let (id, a, lat, long, t, s, h, b) = address(i, &streets);
            writeln!(w, "{id},\"{a}\",{lat:.6},{long:.6},{t},{s},{h},{b}").unwrap();
        }
    }
    let bytes = std::fs::metadata(&file).unwrap().len();
    println!(
        "generated {n} addresses ({} towns x {} streets x {HOUSES} houses), {:.0} MB, in {:.1} s",
        n.div_ceil(streets.len() * HOUSES as usize),
        streets.len(),
        bytes as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );

    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let pool = db::connect(&url).await.unwrap();
        db::migrate(&pool).await.unwrap();
        let started = Instant::now();
        let options = Options {
            format: Format::Csv,
            replace: true,
            quiet: false,
        };
        let summary = address_import::import(&pool, &file, options, Clock::default().now())
            .await
            .unwrap();
        let secs = started.elapsed().as_secs_f64();
        println!(
            "import: {summary}; {secs:.1} s ({:.0} rows/s) on {}",
            n as f64 / secs,
            url.split(':').next().unwrap_or_default()
        );

        // Look-ups: street and house; town, street and house; a typo; a corpus; a prefix.
        let mut next = rng(42);
        let mut times = Vec::with_capacity(queries);
        let mut hits = 0usize;
        let mut exact = 0usize;
        for k in 0..queries + 50 {
            let i = (next() % n as u64) as usize;
            let (_, full, _, _, town_name, street, h, b) = address(i, &streets);
            let bare = street
                .split([' ', '.'])
                .filter(|w| w.chars().count() > 3)
                .collect::<Vec<_>>()
                .join(" ");
            let q = match k % 5 {
                0 => format!("{bare} {h}{b}"),
                1 => format!("{town_name} {bare} {h}{b}"),
                2 => {
                    // One letter of the street changed.
                    let mut chars: Vec<char> = bare.chars().collect();
                    let at = chars.len() / 2;
                    chars[at] = if chars[at] == 'о' { 'а' } else { 'о' };
                    format!("{town_name} {} {h}", chars.into_iter().collect::<String>())
                }
                3 => format!("{town_name}, {street}, д. {h}{b}"),
                _ => bare.chars().take(4).collect(),
            };
            let t = Instant::now();
            let found = geocoder::search_register(&pool, &q, 10).await.unwrap();
            let took = t.elapsed();
            if k >= 50 {
                times.push(took);
                if !found.is_empty() {
                    hits += 1;
                }
                if k % 5 == 1 || k % 5 == 3 {
                    exact += usize::from(found.first().is_some_and(|r| r.address_string == full));
                }
            }
        }
        times.sort();
        let with_town = (0..queries)
            .filter(|k| (k + 50) % 5 == 1 || (k + 50) % 5 == 3)
            .count();
        println!(
            "look-ups: {queries}, p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms, max {:.2} ms; \
             {hits} with results; town+street+house first result right {exact}/{with_town}",
            percentile(&times, 0.5),
            percentile(&times, 0.95),
            percentile(&times, 0.99),
            percentile(&times, 1.0),
        );
        pool.close().await;
    });
}
