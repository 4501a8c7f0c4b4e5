//! Messages of the public pages: status subscription and fix rating.

use super::messages::Translate;

/// Public page strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PublicMsg {
    Investigating,
    BeingFixed,
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
}

impl Translate for PublicMsg {
    fn pair(self) -> (&'static str, &'static str) {
        use PublicMsg::*;
        match self {
            Investigating => ("We are finding the cause", "Выясняем причину"),
            BeingFixed => ("Being fixed", "Устраняем"),
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
            RateLinkUnknown => (
                "This rating link is not valid.",
                "Эта ссылка для оценки недействительна.",
            ),
        }
    }
}
