//! Identifier newtypes, so a ticket id can never be passed where an incident id is meant.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }
    };
}

id_type!(
    /// A ticket (one customer contact). Maps to Open311 `service_request_id`.
    TicketId
);
id_type!(
    /// A mass incident.
    IncidentId
);
id_type!(
    /// A complaint hotspot ("spot").
    SpotId
);
id_type!(
    /// A user account.
    UserId
);
id_type!(
    /// A comment on a ticket.
    CommentId
);
id_type!(
    /// An import of the operator's data started through `POST /admin/imports/{kind}`: random,
    /// at most 2^53 (exact in JavaScript), known only to the server process that took the file.
    ImportId
);
