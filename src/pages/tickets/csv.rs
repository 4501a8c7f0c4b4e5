//! CSV of tickets for spreadsheets: RFC 4180 quoting, CRLF line ends, a UTF-8 BOM so Excel
//! reads Cyrillic correctly, and a guard against cells being run as formulas.

use crate::i18n::{channel_msg, kind_msg, status_msg, text, Lang, Msg, TicketMsg};
use chrono::{DateTime, Local, Utc};
use spotdesk_api::{Catalogue, Ticket};

/// Byte-order mark that tells Excel the file is UTF-8.
pub const BOM: &str = "\u{feff}";

/// One CSV cell: quoted when it holds a separator, quote or line break; text that a
/// spreadsheet would run as a formula is prefixed with `'`.
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

fn row(cells: &[String]) -> String {
    let mut s = cells.iter().map(|c| cell(c)).collect::<Vec<_>>().join(",");
    s.push_str("\r\n");
    s
}

fn time(t: DateTime<Utc>) -> String {
    t.with_timezone(&Local).format("%Y-%m-%d %H:%M").to_string()
}

/// The whole file (BOM included) with a header in `lang`; `now` decides "overdue".
pub fn build(
    tickets: &[Ticket],
    cat: Option<&Catalogue>,
    lang: Lang,
    now: DateTime<Utc>,
) -> String {
    let t = |m: Msg| text(lang, m).to_owned();
    let tm = |m: TicketMsg| text(lang, m).to_owned();
    let header = vec![
        t(Msg::ColNumber),
        t(Msg::ColCreated),
        t(Msg::Service),
        t(Msg::Kind),
        t(Msg::Channel),
        t(Msg::Topic),
        t(Msg::ColStatus),
        tm(TicketMsg::FLine),
        tm(TicketMsg::FGroup),
        t(Msg::Address),
        t(Msg::CustomerPhone),
        t(Msg::CustomerName),
        t(Msg::Description),
        t(Msg::ColDeadline),
        t(Msg::Overdue),
        tm(TicketMsg::FPlannedAt),
        tm(TicketMsg::FResolvedAt),
        tm(TicketMsg::FIncident),
        tm(TicketMsg::FSpot),
    ];
    let mut out = String::from(BOM);
    out.push_str(&row(&header));
    let l = lang.code();
    for x in tickets {
        let service = cat
            .and_then(|c| c.services.iter().find(|s| s.code == x.service_code))
            .map(|s| s.name.get(l).to_owned())
            .unwrap_or_else(|| x.service_code.clone());
        let group = cat
            .and_then(|c| c.groups.iter().find(|g| g.code == x.agency_responsible))
            .map(|g| g.name.get(l).to_owned())
            .unwrap_or_else(|| x.agency_responsible.clone());
        let overdue = x.status.is_open() && x.expected_datetime < now;
        out.push_str(&row(&[
            x.id.0.to_string(),
            time(x.created_at),
            service,
            text(lang, kind_msg(x.kind)).to_owned(),
            text(lang, channel_msg(x.channel)).to_owned(),
            x.topic.clone(),
            text(lang, status_msg(x.status)).to_owned(),
            x.line.to_string(),
            group,
            x.address_string.clone(),
            x.customer_phone.clone(),
            x.customer_name.clone().unwrap_or_default(),
            x.description.clone(),
            time(x.expected_datetime),
            tm(if overdue {
                TicketMsg::Yes
            } else {
                TicketMsg::No
            }),
            x.planned_at.map(|d| d.to_string()).unwrap_or_default(),
            x.resolved_at.map(time).unwrap_or_default(),
            x.incident_id.map(|i| i.0.to_string()).unwrap_or_default(),
            x.spot_id.map(|i| i.0.to_string()).unwrap_or_default(),
        ]));
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
    fn formulas_are_defused_but_phone_numbers_are_not() {
        assert_eq!(cell("=1+1"), "'=1+1");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("-2+3,x"), "\"'-2+3,x\"");
        assert_eq!(cell("+79123456789"), "+79123456789");
    }

    #[test]
    fn starts_with_bom_and_header() {
        let s = build(&[], None, Lang::En, Utc::now());
        assert!(s.starts_with("\u{feff}No.,Created,Service,"));
        assert!(s.ends_with("\r\n"));
    }
}
