//! Messages of the public pages: status subscription and fix rating.

use super::messages::Translate;

/// Public page strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PublicMsg {
    Investigating,
    BeingFixed,
    ReportedAgain,
    SubscribeTitle,
    SubscribeHint,
    Contact,
    Subscribe,
    Subscribed,
    RateTitle,
    RateIntro,
    Score,
    Comment,
    SendRating,
    Sending,
    RatingThanks,
    AlreadyRated,
    RateLinkUnknown,
    RateChecking,
    MapHint,
    MapLabel,
    PickedPoint,
}

impl Translate for PublicMsg {
    fn pair(self) -> (&'static str, &'static str) {
        use PublicMsg::*;
        match self {
            Investigating => ("We are finding the cause", "Выясняем причину"),
            BeingFixed => ("Being fixed", "Устраняем"),
            ReportedAgain => (
                "Reported again after the fix, being checked",
                "После устранения снова есть жалобы, проверяем",
            ),
            SubscribeTitle => ("Tell me when it is fixed", "Сообщить, когда исправят"),
            SubscribeHint => (
                "Leave a phone number or e-mail; we will write once the problem at this address is fixed.",
                "Оставьте телефон или e-mail — мы напишем, когда проблему по этому адресу устранят.",
            ),
            Contact => ("Phone or e-mail", "Телефон или e-mail"),
            Subscribe => ("Subscribe", "Подписаться"),
            Subscribed => (
                "Done. We will let you know when it is fixed.",
                "Готово. Мы сообщим, когда проблему устранят.",
            ),
            RateTitle => ("Rate the fix", "Оцените устранение проблемы"),
            RateIntro => (
                "How satisfied are you with how we fixed the problem?",
                "Насколько вы довольны тем, как мы устранили проблему?",
            ),
            Score => ("Score (1 = bad, 5 = excellent)", "Оценка (1 — плохо, 5 — отлично)"),
            Comment => ("Comment (optional)", "Комментарий (необязательно)"),
            SendRating => ("Send rating", "Отправить оценку"),
            Sending => ("Sending…", "Отправка…"),
            RatingThanks => ("Thank you for your rating!", "Спасибо за оценку!"),
            AlreadyRated => (
                "You have already rated this fix. Thank you!",
                "Вы уже оценили это устранение. Спасибо!",
            ),
            RateChecking => ("Checking your link…", "Проверяем ссылку…"),
            RateLinkUnknown => (
                "This rating link is not valid.",
                "Эта ссылка для оценки недействительна.",
            ),
            MapHint => (
                "Or click or tap your place on the map.",
                "Или нажмите на своё место на карте.",
            ),
            MapLabel => (
                "Map: click or tap a place to check it",
                "Карта: нажмите на место, чтобы проверить его",
            ),
            PickedPoint => ("The point you picked on the map", "Выбранная точка на карте"),

        }
    }
}

/// "Try again in N seconds" after too many look-ups, with the right plural form.
pub fn wait_text(lang: super::Lang, seconds: u32) -> String {
    match lang {
        super::Lang::En => {
            let unit = if seconds == 1 { "second" } else { "seconds" };
            format!("Too many look-ups from your connection. Try again in {seconds} {unit}.")
        }
        super::Lang::Ru => {
            let (d, h) = (seconds % 10, seconds % 100);
            let unit = if d == 1 && h != 11 {
                "секунду"
            } else if (2..=4).contains(&d) && !(12..=14).contains(&h) {
                "секунды"
            } else {
                "секунд"
            };
            format!(
                "Слишком много запросов с вашего подключения. Повторите через {seconds} {unit}."
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{super::Lang, wait_text};

    #[test]
    fn the_wait_names_the_seconds_in_both_languages() {
        assert!(wait_text(Lang::En, 1).ends_with("Try again in 1 second."));
        assert!(wait_text(Lang::En, 42).ends_with("Try again in 42 seconds."));
        assert!(wait_text(Lang::Ru, 1).ends_with("через 1 секунду."));
        assert!(wait_text(Lang::Ru, 3).ends_with("через 3 секунды."));
        assert!(wait_text(Lang::Ru, 11).ends_with("через 11 секунд."));
        assert!(wait_text(Lang::Ru, 22).ends_with("через 22 секунды."));
        assert!(wait_text(Lang::Ru, 57).ends_with("через 57 секунд."));
    }
}
