//! What a person reads for a catalogue code: a service (`account-access`), an assignee group
//! (`line2-network`) or a topic (`no-signal`) by its name in the catalogue, in the current
//! language. The code itself only when the catalogue is not loaded yet or does not know it
//! (a service or group removed since, a topic from an older configuration).
//!
//! The one place pages look names up, so the map, the board, the dashboard and the ticket
//! views cannot disagree. Data keeps the codes (filters, URLs, CSV columns, core's
//! aggregation); names are for display only.

use crate::i18n::Lang;
use spotdesk_api::Catalogue;

/// The service's name, else `code`.
pub fn service_name(cat: Option<&Catalogue>, lang: Lang, code: &str) -> String {
    cat.and_then(|c| c.services.iter().find(|s| s.code == code))
        .map_or_else(|| code.to_owned(), |s| s.name.get(lang.code()).to_owned())
}

/// The group's name, else `code`.
pub fn group_name(cat: Option<&Catalogue>, lang: Lang, code: &str) -> String {
    cat.and_then(|c| c.groups.iter().find(|g| g.code == code))
        .map_or_else(|| code.to_owned(), |g| g.name.get(lang.code()).to_owned())
}

/// The topic's label in the first service (catalogue order) that offers it, else `code`.
/// Services share topic codes (`no-signal` of mobile calls and of coverage complaints) with the
/// same meaning; where the service is known, [`service_topic_name`] prefers its own label.
pub fn topic_name(cat: Option<&Catalogue>, lang: Lang, code: &str) -> String {
    cat.and_then(|c| {
        c.services
            .iter()
            .flat_map(|s| &s.topics)
            .find(|t| t.value == code)
    })
    .map_or_else(|| code.to_owned(), |t| t.label.get(lang.code()).to_owned())
}

/// The name of resolution cause `code` as `service` words it (as any service does when no
/// service is given), else `code`.
pub fn cause_name(
    cat: Option<&Catalogue>,
    lang: Lang,
    service: Option<&str>,
    code: &str,
) -> String {
    cat.and_then(|c| {
        c.services
            .iter()
            .filter(|s| service.is_none_or(|x| s.code == x))
            .flat_map(|s| &s.resolution_causes)
            .find(|c| c.code == code)
    })
    .map_or_else(|| code.to_owned(), |c| c.name.get(lang.code()).to_owned())
}

/// The topic's label as `service` words it, else as any service does, else `code`.
pub fn service_topic_name(
    cat: Option<&Catalogue>,
    lang: Lang,
    service: &str,
    code: &str,
) -> String {
    cat.and_then(|c| c.services.iter().find(|s| s.code == service))
        .and_then(|s| s.topics.iter().find(|t| t.value == code))
        .map_or_else(
            || topic_name(cat, lang, code),
            |t| t.label.get(lang.code()).to_owned(),
        )
}

/// An optional topic's label ([`topic_name`]); `None` stays `None`.
pub fn topic_name_opt(cat: Option<&Catalogue>, lang: Lang, code: Option<&str>) -> Option<String> {
    code.map(|c| topic_name(cat, lang, c))
}

/// Choices for a filter of `codes`: each `(code, name)` as `name` words it, ordered by name
/// (case aside, then code), so a person finds a service or group by what it is called.
pub fn choices(
    cat: Option<&Catalogue>,
    lang: Lang,
    codes: Vec<String>,
    name: fn(Option<&Catalogue>, Lang, &str) -> String,
) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = codes
        .into_iter()
        .map(|c| {
            let n = name(cat, lang, &c);
            (c, n)
        })
        .collect();
    spotdesk_core::sort::sort_by(&mut v, |a, b| {
        (a.1.to_lowercase(), &a.1, &a.0).cmp(&(b.1.to_lowercase(), &b.1, &b.0))
    });
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalogue() -> Catalogue {
        serde_json::from_value(serde_json::json!({
            "services": [
                {"code": "mobile-voice", "name": {"en": "Mobile calls", "ru": "Мобильная связь"},
                 "description": {"en": "", "ru": ""}, "group": "network", "network_quality": true,
                 "topics": [
                     {"value": "no-signal", "label": {"en": "No signal", "ru": "Нет сети"}},
                     {"value": "call-drops", "label": {"en": "Calls drop", "ru": "Обрываются звонки"}}
                 ],
                 "fields": [], "sla": [], "default_group": "line2-network"},
                {"code": "coverage-complaint", "name": {"en": "Coverage complaint", "ru": "Жалоба на покрытие"},
                 "description": {"en": "", "ru": ""}, "group": "network", "network_quality": true,
                 "topics": [
                     {"value": "no-signal", "label": {"en": "No coverage at all", "ru": "Совсем нет покрытия"}}
                 ],
                 "fields": [], "sla": [], "default_group": "line2-network"}
            ],
            "routing": [],
            "groups": [
                {"code": "line2-network", "name": {"en": "Network support (line 2)", "ru": "Поддержка сети (2 линия)"}, "line": 2}
            ],
            "holidays": [],
            "business_day": {"start_hour": 9, "end_hour": 18, "utc_offset_minutes": 180}
        }))
        .expect("a catalogue")
    }

    #[test]
    fn codes_read_as_their_names_in_both_languages() {
        let cat = catalogue();
        let c = Some(&cat);
        assert_eq!(service_name(c, Lang::En, "mobile-voice"), "Mobile calls");
        assert_eq!(service_name(c, Lang::Ru, "mobile-voice"), "Мобильная связь");
        assert_eq!(
            group_name(c, Lang::En, "line2-network"),
            "Network support (line 2)"
        );
        assert_eq!(
            group_name(c, Lang::Ru, "line2-network"),
            "Поддержка сети (2 линия)"
        );
        assert_eq!(topic_name(c, Lang::En, "call-drops"), "Calls drop");
        assert_eq!(topic_name(c, Lang::Ru, "no-signal"), "Нет сети");
        assert_eq!(
            topic_name_opt(c, Lang::En, Some("no-signal")).as_deref(),
            Some("No signal")
        );
        assert_eq!(topic_name_opt(c, Lang::En, None), None);
    }

    #[test]
    fn a_known_service_words_its_own_topics() {
        let cat = catalogue();
        let c = Some(&cat);
        assert_eq!(
            service_topic_name(c, Lang::En, "coverage-complaint", "no-signal"),
            "No coverage at all"
        );
        assert_eq!(
            service_topic_name(c, Lang::Ru, "mobile-voice", "no-signal"),
            "Нет сети"
        );
        // A topic the service does not list (an older configuration) reads as another's.
        assert_eq!(
            service_topic_name(c, Lang::En, "coverage-complaint", "call-drops"),
            "Calls drop"
        );
        assert_eq!(
            service_topic_name(c, Lang::En, "gone", "no-signal"),
            "No signal"
        );
    }

    #[test]
    fn filter_choices_keep_the_codes_and_sort_by_name() {
        let cat = catalogue();
        let codes = vec![
            "mobile-voice".to_owned(),
            "coverage-complaint".to_owned(),
            "gone".to_owned(),
        ];
        assert_eq!(
            choices(Some(&cat), Lang::En, codes.clone(), service_name),
            [
                (
                    "coverage-complaint".to_owned(),
                    "Coverage complaint".to_owned()
                ),
                ("gone".to_owned(), "gone".to_owned()),
                ("mobile-voice".to_owned(), "Mobile calls".to_owned()),
            ]
        );
        let ru = choices(Some(&cat), Lang::Ru, codes, service_name);
        let shown: Vec<&str> = ru.iter().map(|(_, n)| n.as_str()).collect();
        assert_eq!(shown, ["gone", "Жалоба на покрытие", "Мобильная связь"]);
    }

    #[test]
    fn unknown_codes_and_a_missing_catalogue_show_the_code() {
        let cat = catalogue();
        let c = Some(&cat);
        assert_eq!(service_name(c, Lang::En, "retired-thing"), "retired-thing");
        assert_eq!(group_name(c, Lang::Ru, "old-group"), "old-group");
        assert_eq!(topic_name(c, Lang::En, "odd-topic"), "odd-topic");
        assert_eq!(
            service_topic_name(c, Lang::En, "mobile-voice", "odd-topic"),
            "odd-topic"
        );
        assert_eq!(service_name(None, Lang::En, "mobile-voice"), "mobile-voice");
        assert_eq!(group_name(None, Lang::Ru, "line2-network"), "line2-network");
        assert_eq!(topic_name(None, Lang::Ru, "no-signal"), "no-signal");
    }
}
