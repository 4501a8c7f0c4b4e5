//! Messages of assigning work to a person (the assignee widget of the ticket page, the board
//! and the map) and of the "My work" page.

use super::messages::Translate;

/// Assignee and "My work" strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WorkMsg {
    /// The widget's heading and the current person's label.
    Assignee,
    /// Nobody is assigned.
    Nobody,
    /// The select's label (kept distinct from "Assignee" for `getByLabel`).
    ChoosePerson,
    /// The select's empty choice.
    NoOne,
    Assign,
    AssignToMe,
    /// While the people are loading.
    LoadingPeople,
    /// Page title and menu entry.
    MyWork,
    Intro,
    MyTickets,
    MyIncidents,
    MySpots,
    NoTickets,
    NoIncidents,
    NoSpots,
    /// Nothing at all is assigned.
    AllClear,
    Complaints,
}

impl Translate for WorkMsg {
    fn pair(self) -> (&'static str, &'static str) {
        use WorkMsg::*;
        match self {
            Assignee => ("Assignee", "Исполнитель"),
            Nobody => ("nobody", "не назначен"),
            ChoosePerson => ("Assign to person", "Назначить сотрудника"),
            NoOne => ("— nobody —", "— никто —"),
            Assign => ("Assign", "Назначить"),
            AssignToMe => ("Assign to me", "Взять себе"),
            LoadingPeople => ("Loading people…", "Загрузка сотрудников…"),
            MyWork => ("My work", "Мои задачи"),
            Intro => (
                "Open tickets, incidents and spots assigned to you.",
                "Открытые обращения, инциденты и пятна, назначенные вам.",
            ),
            MyTickets => ("My tickets", "Мои обращения"),
            MyIncidents => ("My incidents", "Мои инциденты"),
            MySpots => ("My spots", "Мои пятна"),
            NoTickets => (
                "No open tickets are assigned to you.",
                "Вам не назначено открытых обращений.",
            ),
            NoIncidents => (
                "No active incidents are assigned to you.",
                "Вам не назначено активных инцидентов.",
            ),
            NoSpots => (
                "No open spots are assigned to you.",
                "Вам не назначено открытых пятен.",
            ),
            AllClear => (
                "Nothing is assigned to you right now. Take work with “Assign to me” on a ticket, the incident board or the map.",
                "Сейчас вам ничего не назначено. Возьмите задачу кнопкой «Взять себе» в обращении, на доске инцидентов или на карте.",
            ),
            Complaints => ("complaints", "жалоб"),
        }
    }
}
