//! Rules of a registered spot's life: which status changes are allowed and which
//! engineering group a spot goes to by its topic.

use spotdesk_api::{Group, SpotStatus};

/// Position of a status on the only path a spot moves along.
fn rank(s: SpotStatus) -> u8 {
    match s {
        SpotStatus::Registered => 0,
        SpotStatus::InWork => 1,
        SpotStatus::Resolved => 2,
    }
}

/// Whether a spot may move from `from` to `to`: forward only (`registered` → `in_work` →
/// `resolved`, skipping allowed); staying put is allowed; a resolved spot is final.
pub fn transition_allowed(from: SpotStatus, to: SpotStatus) -> bool {
    rank(to) >= rank(from)
}

/// Topics about the radio network itself (coverage, signal, dropped calls): infrastructure.
const RADIO_TOPICS: &[&str] = &["no-signal", "weak-signal", "call-drops"];
/// Group for radio topics.
pub const RADIO_GROUP: &str = "line3-infrastructure";
/// Group for everything else (data speed, data access, unknown topic).
pub const NETWORK_GROUP: &str = "line2-network";

/// The engineering group a spot of this topic is routed to, if that group exists in
/// `groups`: radio topics go to [`RADIO_GROUP`], other topics to [`NETWORK_GROUP`]; when the
/// preferred group is missing the other one is tried, then `None`.
pub fn group_for_topic(topic: Option<&str>, groups: &[Group]) -> Option<String> {
    let radio = topic.is_some_and(|t| RADIO_TOPICS.contains(&t));
    let order = if radio {
        [RADIO_GROUP, NETWORK_GROUP]
    } else {
        [NETWORK_GROUP, RADIO_GROUP]
    };
    order
        .into_iter()
        .find(|code| groups.iter().any(|g| g.code == *code))
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use spotdesk_api::LocalizedText;

    const ALL: [SpotStatus; 3] = [
        SpotStatus::Registered,
        SpotStatus::InWork,
        SpotStatus::Resolved,
    ];

    fn group(code: &str) -> Group {
        Group {
            code: code.into(),
            name: LocalizedText::new(code, code),
            line: 2,
        }
    }

    #[test]
    fn forward_moves_only() {
        use SpotStatus::*;
        assert!(transition_allowed(Registered, InWork));
        assert!(transition_allowed(Registered, Resolved));
        assert!(transition_allowed(InWork, Resolved));
        assert!(!transition_allowed(InWork, Registered));
        assert!(!transition_allowed(Resolved, InWork));
        assert!(!transition_allowed(Resolved, Registered));
    }

    #[test]
    fn routes_by_topic_to_existing_groups() {
        let both = [group(NETWORK_GROUP), group(RADIO_GROUP)];
        assert_eq!(
            group_for_topic(Some("weak-signal"), &both).as_deref(),
            Some(RADIO_GROUP)
        );
        assert_eq!(
            group_for_topic(Some("slow-data"), &both).as_deref(),
            Some(NETWORK_GROUP)
        );
        assert_eq!(group_for_topic(None, &both).as_deref(), Some(NETWORK_GROUP));
        assert_eq!(
            group_for_topic(Some("no-signal"), &[group(NETWORK_GROUP)]).as_deref(),
            Some(NETWORK_GROUP)
        );
        assert_eq!(group_for_topic(Some("no-signal"), &[group("other")]), None);
    }

    proptest! {
        #[test]
        fn a_path_of_allowed_moves_never_goes_back(steps in proptest::collection::vec(0usize..3, 0..20)) {
            let mut at = SpotStatus::Registered;
            for s in steps {
                let to = ALL[s];
                if transition_allowed(at, to) {
                    prop_assert!(rank(to) >= rank(at));
                    at = to;
                }
            }
            // Once resolved, nothing else is reachable.
            if at == SpotStatus::Resolved {
                prop_assert!(ALL.iter().all(|&t| transition_allowed(at, t) == (t == SpotStatus::Resolved)));
            }
        }
    }
}
