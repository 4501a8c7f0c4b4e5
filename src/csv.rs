//! Writing CSV for spreadsheets: RFC 4180 quoting, CRLF line ends, a UTF-8 byte-order mark so
//! Excel reads Cyrillic correctly, and a guard against cells being run as formulas.

/// Byte-order mark that tells Excel the file is UTF-8.
pub const BOM: &str = "\u{feff}";

/// One CSV cell: quoted when it holds a separator, quote or line break, or starts/ends with a
/// space; text that a spreadsheet would run as a formula is prefixed with `'`. Numbers and
/// phone numbers (`+7 912 …`, `-2.00`) are left alone.
pub fn cell(v: &str) -> String {
    let formula = match v.chars().next() {
        Some('=' | '@' | '\t' | '\r') => true,
        Some('+' | '-') => !v[1..]
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '(' | ')' | '-' | '.')),
        _ => false,
    };
    let v = if formula {
        format!("'{v}")
    } else {
        v.to_owned()
    };
    if v.contains([',', '"', '\n', '\r']) || v.starts_with(' ') || v.ends_with(' ') {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v
    }
}

/// One CSV record with its CRLF line end.
pub fn row(cells: &[String]) -> String {
    let mut s = cells.iter().map(|c| cell(c)).collect::<Vec<_>>().join(",");
    s.push_str("\r\n");
    s
}

/// A whole file: BOM, the header record, then the rows.
pub fn file(headers: &[String], rows: &[Vec<String>]) -> String {
    let mut out = String::from(BOM);
    out.push_str(&row(headers));
    for r in rows {
        out.push_str(&row(r));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        assert_eq!(cell("plain"), "plain");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("two\nlines"), "\"two\nlines\"");
        assert_eq!(cell(" padded"), "\" padded\"");
        assert_eq!(cell("Ленина, 1"), "\"Ленина, 1\"");
    }

    #[test]
    fn formulas_are_defused_but_numbers_and_phones_are_not() {
        assert_eq!(cell("=1+1"), "'=1+1");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("-2+3,x"), "\"'-2+3,x\"");
        assert_eq!(cell("+79123456789"), "+79123456789");
        assert_eq!(cell("+7 (912) 345-67-89"), "+7 (912) 345-67-89");
        assert_eq!(cell("-2.00"), "-2.00");
    }

    #[test]
    fn file_has_bom_header_and_crlf() {
        let f = file(
            &["a,b".into(), "n".into()],
            &[vec!["=SUM(A1)".into(), "-2.00".into()]],
        );
        assert_eq!(f, "\u{feff}\"a,b\",n\r\n'=SUM(A1),-2.00\r\n");
    }
}
