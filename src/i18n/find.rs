//! Messages of "find anything": the header's search box and the results page (`/find`).

use super::messages::Translate;

/// Find strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FindMsg {
    Label,
    Placeholder,
    Button,
    Title,
    Hint,
    Searching,
    Nothing,
    Tickets,
    Customers,
    Incidents,
    Spots,
    Addresses,
    Phone,
    Name,
    TicketCount,
    OpenCount,
    LastContact,
    IncidentNo,
    SpotNo,
    Complaints,
    NoName,
}

impl Translate for FindMsg {
    fn pair(self) -> (&'static str, &'static str) {
        use FindMsg::*;
        match self {
            // The accessible name avoids words of the forms' labels ("Address", "Service", "Group"),
            // so a label look-up on a page finds its own field, not the header's box.
            Label => ("Search everything: tickets, customers, incidents, spots", "Искать везде: обращения, клиенты, аварии, очаги"),
            Placeholder => ("Find: no., phone, name", "Найти: №, телефон, имя"),
            Button => ("Find", "Найти"),
            Title => ("Search results", "Результаты поиска"),
            Hint => (
                "Type a ticket, incident or spot number (123, #123), a phone in any notation (8 912 345-67-89), a customer's name or an address.",
                "Введите номер обращения, аварии или очага (123, №123), телефон в любой записи (8 912 345-67-89), имя клиента или адрес.",
            ),
            Searching => ("Searching…", "Поиск…"),
            Nothing => ("Nothing found for", "Ничего не найдено по запросу"),
            Tickets => ("Tickets", "Обращения"),
            Customers => ("Customers", "Клиенты"),
            Incidents => ("Mass incidents", "Массовые аварии"),
            Spots => ("Spots", "Очаги"),
            Addresses => ("Addresses", "Адреса"),
            Phone => ("Phone", "Телефон"),
            Name => ("Name", "Имя"),
            TicketCount => ("Tickets", "Обращений"),
            OpenCount => ("Open", "Открытых"),
            LastContact => ("Last contact", "Последнее обращение"),
            IncidentNo => ("Incident", "Авария"),
            SpotNo => ("Spot", "Очаг"),
            Complaints => ("complaints", "жалоб"),
            NoName => ("(no name)", "(без имени)"),
        }
    }
}
