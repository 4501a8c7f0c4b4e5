//! Messages of a caller's history: the desk's panel and the customer page (`/customers/:phone`).

use super::messages::Translate;

/// Caller's history strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CustomerMsg {
    History,
    Looking,
    FirstContact,
    Contacts,
    Open,
    Repeats,
    RepeatNow,
    RepeatBadge,
    KnownAtTheirPlace,
    Incident,
    Spot,
    Ratings,
    AllContacts,
    PageTitle,
    NoName,
    TicketsTitle,
    Stars,
    OpenTitle,
    RepeatsTitle,
}

impl Translate for CustomerMsg {
    fn pair(self) -> (&'static str, &'static str) {
        use CustomerMsg::*;
        match self {
            History => ("Caller's history", "История клиента"),
            Looking => ("Looking up the caller…", "Ищем клиента…"),
            FirstContact => (
                "First contact from this number",
                "Первое обращение с этого номера",
            ),
            Contacts => ("Earlier contacts", "Обращений ранее"),
            Open => ("open", "открытых"),
            Repeats => ("repeat contacts", "повторных"),
            RepeatNow => (
                "Repeat contact: this customer called within the last 7 days, last time",
                "Повторное обращение: клиент уже обращался за последние 7 дней, последний раз",
            ),
            RepeatBadge => ("repeat", "повторное"),
            KnownAtTheirPlace => (
                "Open problems where they called from",
                "Открытые проблемы там, откуда звонил клиент",
            ),
            Incident => ("Incident", "Авария"),
            Spot => ("Spot", "Очаг"),
            Ratings => ("Ratings given", "Оценки клиента"),
            AllContacts => ("All contacts of this customer", "Все обращения клиента"),
            PageTitle => ("Customer", "Клиент"),
            NoName => ("(no name)", "(без имени)"),
            TicketsTitle => ("Tickets", "Обращения"),
            Stars => ("stars", "из 5"),
            OpenTitle => ("Open", "Открытых"),
            RepeatsTitle => ("Repeat contacts within", "Повторных в пределах"),
        }
    }
}
