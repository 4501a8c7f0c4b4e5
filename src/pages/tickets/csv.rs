//! CSV of the ticket list for spreadsheets (quoting rules in [`crate::csv`]).

use crate::csv::{row, BOM};
use crate::i18n::{channel_msg, kind_msg, status_msg, text, Lang, Msg, TicketMsg};
use chrono::{DateTime, Utc};
use spotdesk_api::{Catalogue, Ticket};

fn time(t: DateTime<Utc>) -> String {
    crate::format::local_date_time(t)
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
    fn starts_with_bom_and_header() {
        let s = build(&[], None, Lang::En, Utc::now());
        assert!(s.starts_with("\u{feff}No.,Created,Service,"));
        assert!(s.ends_with("\r\n"));
    }
}
