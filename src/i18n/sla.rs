//! Messages of SLA deadlines and their reasons ("4 business hours; working hours Mon–Fri
//! 09:00–18:00 (UTC+3); days off: Sat 12 Dec …"), shared by the desk and the SLA editor.

use super::messages::Translate;

/// SLA strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SlaMsg {
    BusinessHours,
    AroundTheClock,
    PolicyOfLine,
    PolicyOfLineTail,
    WorkingHours,
    DaysOff,
    Holidays,
    ShortDays,
    Minutes,
    ComesFirst,
    ComesLater,
    HardDeadlineUnnamed,
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Translate for SlaMsg {
    fn pair(self) -> (&'static str, &'static str) {
        use SlaMsg::*;
        match self {
            BusinessHours => ("business hours", "рабочих ч."),
            AroundTheClock => ("hours around the clock", "ч. круглосуточно"),
            PolicyOfLine => ("the policy of line", "по правилу линии"),
            PolicyOfLineTail => ("(this line has none)", "(для этой линии правила нет)"),
            WorkingHours => ("working hours", "рабочее время"),
            DaysOff => ("days off", "выходные"),
            Holidays => ("holidays", "праздники"),
            ShortDays => (
                "shortened before a holiday by",
                "сокращённые предпраздничные дни, на",
            ),
            Minutes => ("min", "мин"),
            ComesFirst => ("comes first", "наступает раньше"),
            ComesLater => ("comes later", "наступает позже"),
            HardDeadlineUnnamed => ("the fixed deadline", "жёсткий срок"),
            Mon => ("Mon", "пн"),
            Tue => ("Tue", "вт"),
            Wed => ("Wed", "ср"),
            Thu => ("Thu", "чт"),
            Fri => ("Fri", "пт"),
            Sat => ("Sat", "сб"),
            Sun => ("Sun", "вс"),
        }
    }
}

/// The short name of a weekday.
pub fn weekday_msg(d: spotdesk_api::Weekday) -> SlaMsg {
    use spotdesk_api::Weekday::*;
    match d {
        Mon => SlaMsg::Mon,
        Tue => SlaMsg::Tue,
        Wed => SlaMsg::Wed,
        Thu => SlaMsg::Thu,
        Fri => SlaMsg::Fri,
        Sat => SlaMsg::Sat,
        Sun => SlaMsg::Sun,
    }
}
