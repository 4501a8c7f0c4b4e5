//! Repeat contacts: a ticket whose customer had already got in touch shortly before it.
//!
//! A contact centre counts a customer calling back about the same trouble as a failure of the
//! first answer. Spotdesk calls a ticket a *repeat contact* when the same customer (the same
//! phone number; tickets without one are nobody's) registered another ticket, of any service,
//! in the [`WINDOW_DAYS`] days before it. The server flags each ticket with the earlier ticket
//! (`Ticket::repeat_of`); the dashboard counts them.

use chrono::{DateTime, Duration, Utc};

/// How far back an earlier ticket of the same customer makes a ticket a repeat contact.
pub const WINDOW_DAYS: i64 = 7;

/// [`WINDOW_DAYS`] as a duration.
pub fn window() -> Duration {
    Duration::days(WINDOW_DAYS)
}

/// The earliest creation time an earlier ticket may have to make a ticket created at
/// `created` a repeat contact.
pub fn window_start(created: DateTime<Utc>) -> DateTime<Utc> {
    created - window()
}

/// For one customer's tickets given as `(id, created)` in any order, the earlier ticket each
/// one repeats: the newest other ticket created at most [`WINDOW_DAYS`] before it (ties in
/// time go by id, so of two tickets created at the same instant the later id repeats the
/// earlier). The answer is in the order of `tickets`.
pub fn repeats_of<Id: Copy + Ord>(tickets: &[(Id, DateTime<Utc>)]) -> Vec<Option<Id>> {
    let mut order: Vec<usize> = (0..tickets.len()).collect();
    crate::sort::sort_by_key(&mut order, |&i| (tickets[i].1, tickets[i].0));
    let mut out = vec![None; tickets.len()];
    for pair in order.windows(2) {
        let (prev, this) = (tickets[pair[0]], tickets[pair[1]]);
        if this.1 - prev.1 <= window() {
            out[pair[1]] = Some(prev.0);
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    fn at(day: i64, hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 1, hour, 0, 0).unwrap() + Duration::days(day)
    }

    #[test]
    fn a_call_back_within_the_window_repeats_the_previous_ticket() {
        let t = [(1, at(0, 9)), (2, at(3, 9)), (3, at(20, 9)), (4, at(27, 9))];
        assert_eq!(repeats_of(&t), vec![None, Some(1), None, Some(3)]);
    }

    #[test]
    fn the_window_is_inclusive_to_the_second() {
        let t = [(1, at(0, 9)), (2, at(7, 9))];
        assert_eq!(repeats_of(&t), vec![None, Some(1)]);
        let t = [(1, at(0, 9)), (2, at(7, 9) + Duration::seconds(1))];
        assert_eq!(repeats_of(&t), vec![None, None]);
    }

    #[test]
    fn order_of_the_input_does_not_matter_and_same_instants_go_by_id() {
        let t = [(5, at(2, 9)), (9, at(2, 9)), (2, at(1, 9))];
        assert_eq!(repeats_of(&t), vec![Some(2), Some(5), None]);
    }

    proptest! {
        /// Every flag points at the newest earlier ticket within the window, and a ticket is
        /// unflagged exactly when no other ticket lies in its window before it.
        #[test]
        fn matches_the_definition(times in proptest::collection::vec(0i64..60 * 24, 0..40)) {
            let t: Vec<(usize, DateTime<Utc>)> = times
                .iter()
                .enumerate()
                .map(|(i, h)| (i, at(0, 0) + Duration::hours(*h)))
                .collect();
            let got = repeats_of(&t);
            for (i, &(id, c)) in t.iter().enumerate() {
                let earlier = t
                    .iter()
                    .filter(|&&(o, oc)| (oc, o) < (c, id) && c - oc <= window())
                    .max_by_key(|&&(o, oc)| (oc, o))
                    .map(|&(o, _)| o);
                prop_assert_eq!(got[i], earlier);
            }
        }
    }
}
