//! One dashboard figure as data: a title, a table (headers + text cells) and optionally a
//! chart of the same numbers. The screen table, the chart and the CSV all come from here,
//! so the CSV always says what the screen says; where the screen names services or groups,
//! the CSV also keeps their codes for programs (see [`Codes`]).

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
    /// The codes behind the names in one column of `rows`, for the CSV only.
    pub codes: Option<Codes>,
}

/// A column of a figure whose cells are names of catalogue codes (services, groups). The screen
/// and the chart show the names; the CSV keeps the codes under the column's header, as it
/// always had them, and puts the names beside them under `name_header`.
#[derive(Debug, Clone, PartialEq)]
pub struct Codes {
    /// The column of `rows` that holds the names.
    pub col: usize,
    /// The header of the names in the CSV ("Service name").
    pub name_header: String,
    /// One code per row of `rows`.
    pub values: Vec<String>,
}

impl Figure {
    /// The table as CSV (BOM, CRLF line ends); a column of names is preceded by its codes.
    pub fn csv(&self) -> String {
        let Some(codes) = &self.codes else {
            return crate::csv::file(&self.headers, &self.rows);
        };
        let with_code = |cells: &[String], code: &str, name: &str| -> Vec<String> {
            let mut out = Vec::with_capacity(cells.len() + 1);
            for (i, c) in cells.iter().enumerate() {
                if i == codes.col {
                    out.push(code.to_owned());
                    out.push(name.to_owned());
                } else {
                    out.push(c.clone());
                }
            }
            out
        };
        let header = self.headers.get(codes.col).map_or("", String::as_str);
        let headers = with_code(&self.headers, header, &codes.name_header);
        let rows: Vec<Vec<String>> = self
            .rows
            .iter()
            .zip(&codes.values)
            .map(|(r, code)| with_code(r, code, r.get(codes.col).map_or("", String::as_str)))
            .collect();
        crate::csv::file(&headers, &rows)
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
            codes: None,
        };
        assert_eq!(f.csv(), "\u{feff}\"a,b\",n\r\n'=SUM(A1),-2.00\r\n");
    }

    #[test]
    fn csv_keeps_the_codes_beside_the_names_the_screen_shows() {
        let f = Figure {
            id: "x",
            title: "t".into(),
            headers: vec!["Day".into(), "Service".into(), "n".into()],
            rows: vec![
                vec!["d1".into(), "Mobile calls".into(), "3".into()],
                vec!["d2".into(), "Home internet".into(), "1".into()],
            ],
            chart: None,
            codes: Some(Codes {
                col: 1,
                name_header: "Service name".into(),
                values: vec!["mobile-voice".into(), "home-internet".into()],
            }),
        };
        assert_eq!(
            f.csv(),
            "\u{feff}Day,Service,Service name,n\r\n\
             d1,mobile-voice,Mobile calls,3\r\n\
             d2,home-internet,Home internet,1\r\n"
        );
    }
}
