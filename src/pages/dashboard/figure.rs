//! One dashboard figure as data: a title, a table (headers + text cells) and optionally a
//! chart of the same numbers. The screen table, the chart and the CSV all come from here,
//! so the CSV always says what the screen says.

/// How a chart is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    /// Grouped bars.
    Bar,
    /// Bars stacked per label.
    StackedBar,
    /// Lines.
    Line,
}

/// One data series of a chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub label: String,
    /// One value per chart label; `None` leaves a gap.
    pub values: Vec<Option<f64>>,
}

/// A chart: labels along x and series of values.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartSpec {
    pub kind: ChartKind,
    pub labels: Vec<String>,
    pub series: Vec<Series>,
}

/// A figure of the dashboard.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// Stable id: test id and CSV file name.
    pub id: &'static str,
    pub title: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub chart: Option<ChartSpec>,
}

impl Figure {
    /// The table as CSV (BOM, CRLF line ends).
    pub fn csv(&self) -> String {
        crate::csv::file(&self.headers, &self.rows)
    }
}

/// `part / whole` as a percentage with one decimal, `–` when `whole` is 0.
pub fn pct(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "–".into();
    }
    // Rounded half up to tenths in integers.
    let tenths = (part * 2000 / whole).div_ceil(2);
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// Seconds as hours with one decimal, `–` when absent.
pub fn hours(secs: Option<u32>) -> String {
    match secs {
        None => "–".into(),
        Some(s) => {
            let tenths = (u64::from(s) * 2 / 360).div_ceil(2);
            format!("{}.{}", tenths / 10, tenths % 10)
        }
    }
}

/// Hundredths as a decimal with two places (`366` → `3.66`), `–` when absent.
pub fn centi(v: Option<i64>) -> String {
    match v {
        None => "–".into(),
        Some(v) => {
            let sign = if v < 0 { "-" } else { "" };
            format!("{sign}{}.{:02}", v.abs() / 100, v.abs() % 100)
        }
    }
}

/// A displayed number back as a chart value (`–` is a gap).
pub fn value(s: &str) -> Option<f64> {
    s.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_rounded_as_shown() {
        assert_eq!(pct(1, 3), "33.3");
        assert_eq!(pct(2, 3), "66.7");
        assert_eq!(pct(3, 3), "100.0");
        assert_eq!(pct(0, 0), "–");
        assert_eq!(hours(Some(7200)), "2.0");
        assert_eq!(hours(Some(90_000)), "25.0");
        assert_eq!(hours(Some(5400 + 180)), "1.6");
        assert_eq!(hours(None), "–");
        assert_eq!(centi(Some(-200)), "-2.00");
        assert_eq!(centi(Some(366)), "3.66");
        assert_eq!(value("–"), None);
        assert_eq!(value("2.5"), Some(2.5));
    }

    #[test]
    fn csv_quotes_and_guards_formulas() {
        let f = Figure {
            id: "x",
            title: "t".into(),
            headers: vec!["a,b".into(), "n".into()],
            rows: vec![vec!["=SUM(A1)".into(), "-2.00".into()]],
            chart: None,
        };
        assert_eq!(f.csv(), "\u{feff}\"a,b\",n\r\n'=SUM(A1),-2.00\r\n");
    }
}
