//! Demo user accounts, one or more per role.

use crate::DemoUser;
use spotdesk_api::Role;

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "demo";

/// The demo accounts: `agent`, `agent2`, `engineer`, `engineer-billing`, `engineer-infra`,
/// `coordinator`, `manager`, `admin`; every password is [`DEMO_PASSWORD`] (`demo`).
pub fn demo_users() -> Vec<DemoUser> {
    let u = |username: &str, display_name: &str, role: Role, group: Option<&str>| DemoUser {
        username: username.into(),
        password: DEMO_PASSWORD.into(),
        display_name: display_name.into(),
        role,
        group: group.map(str::to_string),
    };
    vec![
        u(
            "agent",
            "Анна Смирнова",
            Role::Agent,
            Some("line1-contact-centre"),
        ),
        u(
            "agent2",
            "Дмитрий Козлов",
            Role::Agent,
            Some("line1-contact-centre"),
        ),
        u(
            "engineer",
            "Игорь Петров",
            Role::Engineer,
            Some("line2-network"),
        ),
        u(
            "engineer-billing",
            "Ольга Васильева",
            Role::Engineer,
            Some("line2-billing"),
        ),
        u(
            "engineer-infra",
            "Роман Волков",
            Role::Engineer,
            Some("line3-infrastructure"),
        ),
        u("coordinator", "Елена Морозова", Role::Coordinator, None),
        u("manager", "Сергей Лебедев", Role::Manager, None),
        u("admin", "Павел Новиков", Role::Admin, None),
    ]
}
