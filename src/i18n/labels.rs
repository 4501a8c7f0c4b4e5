//! Messages for the API's enums (statuses, kinds, channels).

use super::Msg;
use spotdesk_api::{Channel, IncidentStatus, SpotStatus, TicketKind, TicketStatus};

/// Label of a ticket status.
pub fn status_msg(s: TicketStatus) -> Msg {
    match s {
        TicketStatus::New => Msg::StNew,
        TicketStatus::InWork => Msg::StInWork,
        TicketStatus::Waiting => Msg::StWaiting,
        TicketStatus::Planned => Msg::StPlanned,
        TicketStatus::Resolved => Msg::StResolved,
        TicketStatus::Closed => Msg::StClosed,
        TicketStatus::Reopened => Msg::StReopened,
    }
}

/// Label of a ticket kind.
pub fn kind_msg(k: TicketKind) -> Msg {
    match k {
        TicketKind::Incident => Msg::KindIncident,
        TicketKind::ServiceRequest => Msg::KindServiceRequest,
    }
}

/// Label of a contact channel.
pub fn channel_msg(c: Channel) -> Msg {
    match c {
        Channel::Phone => Msg::ChPhone,
        Channel::Email => Msg::ChEmail,
        Channel::Office => Msg::ChOffice,
        Channel::Social => Msg::ChSocial,
        Channel::Partner => Msg::ChPartner,
    }
}

/// Label of a mass-incident status.
pub fn incident_status_msg(s: IncidentStatus) -> Msg {
    match s {
        IncidentStatus::Registered => Msg::IncRegistered,
        IncidentStatus::Diagnosis => Msg::IncDiagnosis,
        IncidentStatus::InWork => Msg::IncInWork,
        IncidentStatus::Resolved => Msg::IncResolved,
        IncidentStatus::Confirmed => Msg::IncConfirmed,
        IncidentStatus::Reopened => Msg::IncReopened,
    }
}

/// Label of a spot status.
pub fn spot_status_msg(s: SpotStatus) -> Msg {
    match s {
        SpotStatus::Registered => Msg::SpotRegistered,
        SpotStatus::InWork => Msg::SpotInWork,
        SpotStatus::Resolved => Msg::SpotResolved,
    }
}
