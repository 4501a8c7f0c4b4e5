//! Reading complaints from JSON or CSV files, with errors that name the bad row and column.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use spotdesk_api::{Segment, Ticket};
use spotdesk_core::complaint::ComplaintRecord;
use std::fmt;
use std::path::Path;

/// The minimal complaint record accepted in JSON and CSV (CSV: a header row with these
/// column names; `segment` and `lifetime_value` may be empty).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Complaint {
    /// Ticket id.
    pub id: i64,
    /// Latitude, WGS84.
    pub lat: f64,
    /// Longitude, WGS84.
    pub long: f64,
    /// Creation time, RFC 3339.
    pub created_at: DateTime<Utc>,
    /// Customer identity (phone number).
    pub customer: String,
    /// Service code.
    pub service_code: String,
    /// Topic code.
    pub topic: String,
    /// Market segment: `mass`, `business` or `vip`.
    #[serde(default)]
    pub segment: Option<Segment>,
    /// Customer lifetime value.
    #[serde(default)]
    pub lifetime_value: Option<f64>,
}

impl Complaint {
    /// The minimal record of a full API ticket.
    pub fn from_ticket(t: &Ticket) -> Self {
        Self {
            id: t.id.0,
            lat: t.lat,
            long: t.long,
            created_at: t.created_at,
            customer: t.customer_phone.clone(),
            service_code: t.service_code.clone(),
            topic: t.topic.clone(),
            segment: t.segment,
            lifetime_value: t.lifetime_value,
        }
    }

    /// The record core's detectors take.
    pub fn record(&self) -> ComplaintRecord<'_> {
        ComplaintRecord {
            id: self.id,
            lat: self.lat,
            long: self.long,
            time: self.created_at.timestamp(),
            customer: &self.customer,
            service: &self.service_code,
            topic: &self.topic,
            segment: self.segment,
            lifetime_value: self.lifetime_value,
        }
    }
}

/// Why an input file could not be read; the message names the place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError(pub String);

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for InputError {}

/// Reads complaints from a `.json` file (an array of API tickets or of [`Complaint`]s) or
/// a `.csv` file (header + [`Complaint`] columns). Other extensions: JSON if the content
/// starts with `[`, CSV otherwise.
pub fn read_complaints(path: &Path) -> Result<Vec<Complaint>, InputError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| InputError(format!("cannot read {}: {e}", path.display())))?;
    if text.trim().is_empty() {
        return Err(InputError(format!("{}: empty file", path.display())));
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let json = match ext.as_str() {
        "json" => true,
        "csv" => false,
        _ => text.trim_start().starts_with('['),
    };
    if json {
        parse_json(&text)
    } else {
        parse_csv(&text)
    }
}

fn check(c: &Complaint, place: &str) -> Result<(), InputError> {
    if !(c.lat.is_finite() && (-90.0..=90.0).contains(&c.lat)) {
        return Err(InputError(format!(
            "{place}, column `lat`: {} is not a latitude (-90..=90)",
            c.lat
        )));
    }
    if !(c.long.is_finite() && (-180.0..=180.0).contains(&c.long)) {
        return Err(InputError(format!(
            "{place}, column `long`: {} is not a longitude (-180..=180)",
            c.long
        )));
    }
    if let Some(v) = c.lifetime_value {
        if !v.is_finite() {
            return Err(InputError(format!(
                "{place}, column `lifetime_value`: not a finite number"
            )));
        }
    }
    Ok(())
}

/// Parses a JSON array of tickets or minimal complaints (elements may mix).
pub fn parse_json(text: &str) -> Result<Vec<Complaint>, InputError> {
    let values: Vec<serde_json::Value> = serde_json::from_str(text).map_err(|e| {
        InputError(format!(
            "not a JSON array of complaints (line {}, column {}): {e}",
            e.line(),
            e.column()
        ))
    })?;
    let mut out = Vec::with_capacity(values.len());
    for (k, v) in values.into_iter().enumerate() {
        let place = format!("element {k} of the JSON array");
        let is_ticket = v.get("customer_phone").is_some();
        let c = if is_ticket {
            serde_json::from_value::<Ticket>(v)
                .map(|t| Complaint::from_ticket(&t))
                .map_err(|e| InputError(format!("{place} (a ticket): {e}")))?
        } else {
            serde_json::from_value::<Complaint>(v.clone()).map_err(|e| match bad_time(&v) {
                Some(why) => InputError(format!("{place}, column `created_at`: {why}")),
                None => InputError(format!("{place}: {e}")),
            })?
        };
        check(&c, &place)?;
        out.push(c);
    }
    Ok(out)
}

/// Why an element's `created_at` is not an RFC 3339 time (`None` when it is, or absent).
fn bad_time(v: &serde_json::Value) -> Option<String> {
    let t = v.get("created_at")?;
    match t.as_str() {
        Some(s) if chrono::DateTime::parse_from_rfc3339(s).is_ok() => None,
        Some(s) => Some(format!(
            "{s:?} is not an RFC 3339 time (e.g. 2026-03-01T08:30:00Z)"
        )),
        None => Some(format!("{t} is not an RFC 3339 time string")),
    }
}

/// Parses CSV with a header row naming the [`Complaint`] columns (any order).
pub fn parse_csv(text: &str) -> Result<Vec<Complaint>, InputError> {
    let mut rdr = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = rdr
        .headers()
        .map_err(|e| InputError(format!("CSV header: {e}")))?
        .clone();
    for need in [
        "id",
        "lat",
        "long",
        "created_at",
        "customer",
        "service_code",
        "topic",
    ] {
        if !headers.iter().any(|h| h == need) {
            return Err(InputError(format!(
                "CSV header (line 1): missing column `{need}`"
            )));
        }
    }
    let mut out = Vec::new();
    for (k, row) in rdr.deserialize::<Complaint>().enumerate() {
        let c = row.map_err(|e| {
            let line = e.position().map_or(k as u64 + 2, |p| p.line());
            match e.kind() {
                csv::ErrorKind::Deserialize { err, .. } => {
                    let col = err
                        .field()
                        .and_then(|f| headers.get(f as usize))
                        .map_or(String::new(), |h| format!(", column `{h}`"));
                    InputError(format!(
                        "CSV line {line} (row {}){col}: {}",
                        k + 1,
                        err.kind()
                    ))
                }
                _ => InputError(format!("CSV line {line} (row {}): {e}", k + 1)),
            }
        })?;
        check(&c, &format!("CSV line {} (row {})", k + 2, k + 1))?;
        out.push(c);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_errors_name_row_and_column() {
        let ok = "id,lat,long,created_at,customer,service_code,topic,segment,lifetime_value\n\
                  1,56.3,44.0,2026-05-01T10:00:00Z,+79000000001,mobile-data,no-data,vip,\n";
        let v = parse_csv(ok).expect("valid");
        assert_eq!(v[0].segment, Some(Segment::Vip));
        assert_eq!(v[0].lifetime_value, None);
        let bad = format!("{ok}2,north,44.0,2026-05-01T10:00:00Z,+7900,mobile-data,no-data,,\n");
        let e = parse_csv(&bad).expect_err("bad lat");
        assert!(e.0.contains("line 3") && e.0.contains("`lat`"), "{e}");
        let bad = format!("{ok}3,95,44.0,2026-05-01T10:00:00Z,+7900,mobile-data,no-data,,\n");
        let e = parse_csv(&bad).expect_err("bad lat");
        assert!(e.0.contains("row 2") && e.0.contains("`lat`"), "{e}");
        let e = parse_csv("id,lat\n1,2\n").expect_err("header");
        assert!(e.0.contains("missing column `long`"), "{e}");
    }

    #[test]
    #[allow(clippy::unwrap_used)]
    fn an_empty_file_and_a_bad_json_time_are_named() {
        let dir = std::env::temp_dir().join(format!("spotdesk-cli-empty-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("empty.csv");
        std::fs::write(&path, "  \n").unwrap();
        let e = read_complaints(&path).unwrap_err();
        assert!(e.to_string().ends_with("empty file"), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
        let bad = r#"[{"id":1,"lat":55.0,"long":37.0,"created_at":"yesterday","customer":"1","service_code":"mobile-data","topic":"slow"}]"#;
        let e = parse_json(bad).unwrap_err().to_string();
        assert!(
            e.contains("column `created_at`") && e.contains("yesterday"),
            "{e}"
        );
    }

    #[test]
    fn json_accepts_minimal_records_and_names_bad_elements() {
        let ok = r#"[{"id":1,"lat":56.3,"long":44.0,"created_at":"2026-05-01T10:00:00Z","customer":"+7900","service_code":"sms","topic":"x"}]"#;
        assert_eq!(parse_json(ok).expect("valid").len(), 1);
        let bad = r#"[{"id":1,"lat":56.3,"long":44.0,"created_at":"2026-05-01T10:00:00Z","customer":"+7900","service_code":"sms","topic":"x"},{"id":2}]"#;
        let e = parse_json(bad).expect_err("missing");
        assert!(
            e.0.contains("element 1") && e.0.contains("missing field"),
            "{e}"
        );
        assert!(parse_json("{").expect_err("syntax").0.contains("line 1"));
    }
}
