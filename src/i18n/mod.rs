//! Russian and English UI text.
//!
//! Every UI string is a variant of [`Msg`], and [`text`] maps `(Lang, Msg)` to the string
//! with one exhaustive `match`: adding a message without both translations is a compile
//! error. That guarantee is why we do not use a translation-file library (Fluent, gettext
//! catalogues …), where a missing key only shows up at run time.

mod account;
mod admin;
mod board;
mod config;
mod customer;
mod dashboard;
mod desk;
mod errors;
mod find;
mod imports;
mod labels;
mod list;
mod map;
mod messages;
mod public;
mod rules;
mod sla;
mod ticket;
mod work;

pub use account::{account_field_text, AccountMsg};
pub use admin::{audit_action_msg, AdminMsg};
pub use board::{action_msg, rule_msg, BoardMsg};
pub use config::ConfigMsg;
pub use customer::CustomerMsg;
pub use dashboard::DashMsg;
pub use desk::DeskMsg;
pub use errors::{
    error_text, field_error_text, field_problem_text, service_field_text, standard_field_text,
};
pub use find::FindMsg;
pub use imports::ImportMsg;
pub use labels::{channel_msg, incident_status_msg, kind_msg, spot_status_msg, status_msg};
pub use list::ListMsg;
pub use map::MapMsg;
pub use messages::{text, Msg, Translate};
pub use public::{wait_text, PublicMsg};
pub use rules::RulesMsg;
pub use sla::{weekday_msg, SlaMsg};
pub use ticket::TicketMsg;
pub use work::WorkMsg;

/// The UI language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    Ru,
    En,
}

/// localStorage key remembering the user's language choice.
const LANG_KEY: &str = "spotdesk.lang";

impl Lang {
    /// Code as used by the API's `LocalizedText::get` and the `lang` attribute.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ru => "ru",
            Lang::En => "en",
        }
    }

    /// Parses `ru…` as Russian and anything else as English.
    pub fn from_tag(tag: &str) -> Lang {
        if tag.trim().to_ascii_lowercase().starts_with("ru") {
            Lang::Ru
        } else {
            Lang::En
        }
    }

    /// The remembered choice, else `navigator.language`, else English.
    pub fn initial() -> Lang {
        if let Some(saved) = crate::storage::get(LANG_KEY) {
            return Lang::from_tag(&saved);
        }
        web_sys::window()
            .and_then(|w| w.navigator().language())
            .map(|l| Lang::from_tag(&l))
            .unwrap_or(Lang::En)
    }

    /// Remembers this choice for the next visit.
    pub fn remember(self) {
        crate::storage::set(LANG_KEY, self.code());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_tags() {
        assert_eq!(Lang::from_tag("ru-RU"), Lang::Ru);
        assert_eq!(Lang::from_tag("RU"), Lang::Ru);
        assert_eq!(Lang::from_tag("en-GB"), Lang::En);
        assert_eq!(Lang::from_tag("de"), Lang::En);
    }

    /// One word for one thing: a customer contact is «обращение» everywhere in the Russian UI
    /// (the menu once said «Заявки» for the desk and «Обращения» for the list).
    #[test]
    fn russian_calls_a_ticket_obrashchenie_only() {
        let sources = [
            include_str!("account.rs"),
            include_str!("admin.rs"),
            include_str!("board.rs"),
            include_str!("config.rs"),
            include_str!("dashboard.rs"),
            include_str!("desk.rs"),
            include_str!("errors.rs"),
            include_str!("find.rs"),
            include_str!("imports.rs"),
            include_str!("labels.rs"),
            include_str!("list.rs"),
            include_str!("map.rs"),
            include_str!("messages.rs"),
            include_str!("public.rs"),
            include_str!("rules.rs"),
            include_str!("sla.rs"),
            include_str!("ticket.rs"),
            include_str!("work.rs"),
        ];
        for (i, source) in sources.iter().enumerate() {
            let lower = source.to_lowercase();
            assert!(!lower.contains("заявк"), "source {i} says «заявка»");
        }
    }

    #[test]
    fn field_codes_are_translated() {
        for code in spotdesk_api::field_codes::ALL {
            assert_ne!(
                field_error_text(Lang::Ru, code),
                field_error_text(Lang::En, code),
                "{code}"
            );
        }
    }
}
