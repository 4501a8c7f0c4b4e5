//! Messages of the mass-incident board.

use super::messages::Translate;
use spotdesk_api::{EscalationRule, IncidentStatus};

/// Board strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BoardMsg {
    LiveOn,
    LiveConnecting,
    LiveInterrupted,
    Owner,
    NoOwner,
    Services,
    Area,
    AreaPoints,
    NoArea,
    Notified,
    StillBroken,
    Escalations,
    Overdue,
    Level,
    NotFiredYet,
    Register,
    RegisterTitle,
    Title,
    Service,
    AnyService,
    OwnerGroup,
    HoursToFix,
    Registering,
    Proposals,
    NoProposals,
    Customers,
    Tickets,
    Accept,
    Dismiss,
    LinkTickets,
    Suggested,
    NoSuggestions,
    TicketIdsByHand,
    LinkSelected,
    Linking,
    ResolutionNote,
    ConfirmResolve,
    Cancel,
    SetOwner,
    Save,
    Close,
    ToDiagnosis,
    ToInWork,
    ToResolved,
    ToConfirmed,
    ToReopened,
    Working,
    RuleNotResolved,
    RuleDiagnosis,
    RuleNotTaken,
    RuleNoOwner,
    LastUpdate,
    AreaAroundTicket,
    StillBrokenTicket,
    StillBrokenRecord,
}

impl Translate for BoardMsg {
    fn pair(self) -> (&'static str, &'static str) {
        use BoardMsg::*;
        match self {
            LiveOn => ("Live", "В реальном времени"),
            LiveConnecting => ("Connecting…", "Подключение…"),
            LiveInterrupted => (
                "Live updates interrupted — reconnecting; the board is refreshed every few seconds",
                "Обновления прерваны — переподключаемся; доска обновляется каждые несколько секунд",
            ),
            Owner => ("Owner", "Ответственная группа"),
            NoOwner => ("No owner", "Нет ответственного"),
            Services => ("Services", "Услуги"),
            Area => ("Area", "Район"),
            AreaPoints => ("outline points:", "точек контура:"),
            NoArea => ("not drawn", "не задан"),
            Notified => ("customers notified", "клиентов уведомлено"),
            StillBroken => (
                "say it still does not work",
                "говорят, что всё ещё не работает",
            ),
            Escalations => ("Escalation timers", "Таймеры эскалации"),
            Overdue => ("overdue by", "просрочено на"),
            Level => ("level", "уровень"),
            NotFiredYet => ("not escalated yet", "ещё не эскалировано"),
            Register => ("Register an incident", "Зарегистрировать инцидент"),
            RegisterTitle => ("New mass incident", "Новый массовый инцидент"),
            Title => ("Title", "Название"),
            Service => ("Service", "Услуга"),
            AnyService => ("— any —", "— любая —"),
            OwnerGroup => ("Owner group", "Ответственная группа"),
            HoursToFix => ("Expected fix in (hours)", "Устранение через (часов)"),
            Registering => ("Registering…", "Регистрация…"),
            Proposals => ("Proposed incidents", "Предлагаемые инциденты"),
            NoProposals => (
                "No bursts of complaints right now.",
                "Сейчас нет всплесков жалоб.",
            ),
            Customers => ("customers", "клиентов"),
            Tickets => ("tickets", "обращений"),
            Accept => ("Register", "Зарегистрировать"),
            Dismiss => ("Dismiss", "Отклонить"),
            LinkTickets => ("Link tickets", "Привязать обращения"),
            Suggested => ("New tickets in the area", "Новые обращения в районе"),
            NoSuggestions => (
                "No new tickets in the area.",
                "Новых обращений в районе нет.",
            ),
            TicketIdsByHand => (
                "Ticket numbers (comma-separated)",
                "Номера обращений (через запятую)",
            ),
            LinkSelected => ("Link", "Привязать"),
            Linking => ("Linking…", "Привязка…"),
            ResolutionNote => (
                "Note for the linked tickets",
                "Комментарий для связанных обращений",
            ),
            ConfirmResolve => (
                "Resolve and notify customers",
                "Устранить и уведомить клиентов",
            ),
            Cancel => ("Cancel", "Отмена"),
            SetOwner => ("Assign owner", "Назначить ответственного"),
            Save => ("Save", "Сохранить"),
            Close => ("Close", "Закрыть"),
            ToDiagnosis => ("Start diagnosis", "Начать диагностику"),
            ToInWork => ("Take into work", "Взять в работу"),
            ToResolved => ("Resolve", "Устранено"),
            ToConfirmed => ("Confirm fix (close)", "Подтвердить (закрыть)"),
            ToReopened => ("Reopen", "Переоткрыть"),
            Working => ("Saving…", "Сохранение…"),
            RuleNotResolved => (
                "Not resolved by the expected time",
                "Не устранено к ожидаемому сроку",
            ),
            RuleDiagnosis => ("In diagnosis too long", "Слишком долго в диагностике"),
            RuleNotTaken => ("Not taken into work", "Не взято в работу"),
            RuleNoOwner => ("No owner", "Нет ответственного"),
            LastUpdate => ("Updated", "Обновлено"),
            StillBrokenTicket => (
                "Customer says it still does not work: ticket number",
                "Клиент говорит, что всё ещё не работает: номер обращения",
            ),
            StillBrokenRecord => (
                "Record and reopen the ticket",
                "Записать и переоткрыть обращение",
            ),
            AreaAroundTicket => (
                "Area: 500 m around ticket number (optional)",
                "Район: 500 м вокруг обращения № (необязательно)",
            ),
        }
    }
}

/// The name of an escalation rule.
pub fn rule_msg(r: EscalationRule) -> BoardMsg {
    match r {
        EscalationRule::NotResolvedByExpected => BoardMsg::RuleNotResolved,
        EscalationRule::DiagnosisTooLong => BoardMsg::RuleDiagnosis,
        EscalationRule::NotTakenIntoWork => BoardMsg::RuleNotTaken,
        EscalationRule::NoOwner => BoardMsg::RuleNoOwner,
    }
}

/// The action label of moving an incident to `s`.
pub fn action_msg(s: IncidentStatus) -> BoardMsg {
    match s {
        IncidentStatus::Diagnosis => BoardMsg::ToDiagnosis,
        IncidentStatus::InWork => BoardMsg::ToInWork,
        IncidentStatus::Resolved => BoardMsg::ToResolved,
        IncidentStatus::Confirmed => BoardMsg::ToConfirmed,
        IncidentStatus::Reopened | IncidentStatus::Registered => BoardMsg::ToReopened,
    }
}
