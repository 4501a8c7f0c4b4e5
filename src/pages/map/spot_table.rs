//! The registered spots as an accessible, sortable table beside the map: the map is never the
//! only way to reach a spot. Selecting a row highlights the spot's outline, and clicking an
//! outline selects its row.

use super::layers::{spot_key, spot_title};
use crate::api::ApiError;
use crate::components::names;
use crate::format;
use crate::i18n::{spot_status_msg, MapMsg, Msg};
use crate::state::use_app;
use leptos::prelude::*;
use spotdesk_api::{Catalogue, Spot, SpotStatus};

/// A sortable column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    Topic,
    Status,
    Complaints,
    Priority,
    Registered,
}

/// Order of statuses in a sort.
fn status_rank(s: SpotStatus) -> u8 {
    match s {
        SpotStatus::Registered => 0,
        SpotStatus::InWork => 1,
        SpotStatus::Resolved => 2,
    }
}

/// Sorts spots by a column; `desc` reverses. Ties fall back to the id, so the order is stable.
/// The topic column sorts by what it shows, `title` (the topic's name, not its code).
pub fn sort_spots(list: &mut [Spot], key: SortKey, desc: bool, title: &dyn Fn(&Spot) -> String) {
    spotdesk_core::sort::sort_by(list, |a, b| {
        let o = match key {
            SortKey::Topic => title(a).cmp(&title(b)),
            SortKey::Status => status_rank(a.status).cmp(&status_rank(b.status)),
            SortKey::Complaints => a.complaints.cmp(&b.complaints),
            SortKey::Priority => a.priority.total_cmp(&b.priority),
            SortKey::Registered => a.registered_at.cmp(&b.registered_at),
        }
        .then(a.id.0.cmp(&b.id.0));
        if desc {
            o.reverse()
        } else {
            o
        }
    });
}

/// `aria-sort` of a column header.
fn aria_sort(on: bool, desc: bool) -> &'static str {
    match (on, desc) {
        (false, _) => "none",
        (true, true) => "descending",
        (true, false) => "ascending",
    }
}

/// The table.
#[component]
pub fn SpotTable(
    #[prop(into)] spots: Signal<Vec<Spot>>,
    selected: RwSignal<Option<String>>,
    /// Topic and group names.
    catalogue: LocalResource<Result<Catalogue, ApiError>>,
) -> impl IntoView {
    let app = use_app();
    let sort = RwSignal::new((SortKey::Priority, true));
    let header = move |key: SortKey, label: Signal<&'static str>| {
        let on = move || sort.get().0 == key;
        view! {
            <th scope="col" aria-sort=move || aria_sort(on(), sort.get().1)>
                <button type="button" class="btn-sort" data-testid="sort-spots"
                    on:click=move |_| sort.update(|(k, d)| if *k == key { *d = !*d } else { *k = key; *d = true })>
                    {move || label.get()}
                    <span aria-hidden="true">{move || if on() { if sort.get().1 { " ▼" } else { " ▲" } } else { "" }}</span>
                </button>
            </th>
        }
    };
    let rows = move || {
        let mut list = spots.get();
        let (key, desc) = sort.get();
        let lang = app.lang.get();
        let cat = match catalogue.get() {
            Some(Ok(c)) => Some(c),
            _ => None,
        };
        let cat = cat.as_ref();
        sort_spots(&mut list, key, desc, &|s| spot_title(lang, cat, s));
        list.into_iter()
            .map(|s| {
                let title = spot_title(lang, cat, &s);
                let group = s.group.as_deref().map(|g| names::group_name(cat, lang, g));
                let key = spot_key(s.id.0);
                let k2 = key.clone();
                let is_sel = move || selected.get().as_deref() == Some(k2.as_str());
                let status = s.status;
                view! {
                    <tr class:selected=is_sel.clone() aria-selected=move || is_sel().to_string() data-testid="spot-row"
                        data-spot-id=s.id.0>
                        <th scope="row">
                            <button type="button" class="btn btn-row" on:click=move |_| selected.set(Some(key.clone()))>
                                {title}
                                <span class="visually-hidden">" — " {move || app.t(Msg::ShowOnMap)}</span>
                            </button>
                        </th>
                        <td data-testid="spot-status">{move || app.t(spot_status_msg(status))}</td>
                        <td data-testid="spot-complaints">{s.complaints}</td>
                        <td>{format!("{:.1}", s.priority)}</td>
                        <td data-testid="spot-group">{group}</td>
                        <td>{move || format::datetime(app.lang.get(), s.registered_at)}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    let topic = Signal::derive(move || app.t(MapMsg::Topic));
    let status = Signal::derive(move || app.t(MapMsg::Status));
    let complaints = Signal::derive(move || app.t(Msg::Complaints));
    let priority = Signal::derive(move || app.t(Msg::Priority));
    let registered = Signal::derive(move || app.t(MapMsg::Registered));
    view! {
        <section class="spot-list" aria-labelledby="spots-heading">
            <h2 id="spots-heading">{move || app.t(Msg::Spots)}</h2>
            {move || if spots.with(Vec::is_empty) {
                view! { <p class="empty" data-testid="no-spots">{app.t(Msg::NoSpots)}</p> }.into_any()
            } else {
                view! {
                    <table class="spot-table" data-testid="spot-list">
                        <caption class="visually-hidden">{move || app.t(Msg::Spots)}</caption>
                        <thead><tr>
                            {header(SortKey::Topic, topic)}
                            {header(SortKey::Status, status)}
                            {header(SortKey::Complaints, complaints)}
                            {header(SortKey::Priority, priority)}
                            <th scope="col">{move || app.t(MapMsg::Group)}</th>
                            {header(SortKey::Registered, registered)}
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                }.into_any()
            }}
        </section>
    }
}

/// Spots passing the status and technology filters.
pub fn filter_spots(list: &[Spot], status: Option<SpotStatus>, tech: Option<&str>) -> Vec<Spot> {
    list.iter()
        .filter(|s| status.is_none_or(|st| s.status == st))
        .filter(|s| tech.is_none_or(|t| s.technology.as_deref().is_none_or(|x| x == t)))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use spotdesk_api::{Polygon, SpotId};

    fn ids(list: &[Spot]) -> Vec<i64> {
        list.iter().map(|s| s.id.0).collect()
    }

    fn spot(
        id: i64,
        complaints: i64,
        priority: f64,
        status: SpotStatus,
        tech: Option<&str>,
    ) -> Spot {
        Spot {
            id: SpotId(id),
            key: format!("k{id}"),
            status,
            outline: Polygon { ring: vec![] },
            center_lat: 0.0,
            center_long: 0.0,
            topic: Some(format!("t{}", 9 - id)),
            technology: tech.map(str::to_owned),
            complaints,
            priority,
            group: None,
            cause: None,
            public_note: None,
            expected_fix: None,
            registered_at: chrono::DateTime::from_timestamp(id * 100, 0).unwrap_or_default(),
            updated_at: chrono::DateTime::default(),
            resolved_at: None,
            version: 1,
            assignee: None,
        }
    }

    #[test]
    fn sorts_by_each_column_both_ways() {
        let mut l = vec![
            spot(1, 5, 2.0, SpotStatus::Resolved, None),
            spot(2, 9, 1.0, SpotStatus::Registered, None),
            spot(3, 7, 3.0, SpotStatus::InWork, None),
        ];
        let code = |s: &Spot| s.topic.clone().unwrap_or_default();
        sort_spots(&mut l, SortKey::Priority, true, &code);
        assert_eq!(ids(&l), [3, 1, 2]);
        sort_spots(&mut l, SortKey::Complaints, false, &code);
        assert_eq!(ids(&l), [1, 3, 2]);
        sort_spots(&mut l, SortKey::Status, false, &code);
        assert_eq!(ids(&l), [2, 3, 1]);
        sort_spots(&mut l, SortKey::Topic, false, &code);
        assert_eq!(ids(&l), [3, 2, 1]);
        sort_spots(&mut l, SortKey::Registered, true, &code);
        assert_eq!(ids(&l), [3, 2, 1]);
        // Topics sort by the names shown, which need not follow their codes.
        let name = |s: &Spot| match s.id.0 {
            1 => "b".to_owned(),
            2 => "a".to_owned(),
            _ => "c".to_owned(),
        };
        sort_spots(&mut l, SortKey::Topic, false, &name);
        assert_eq!(ids(&l), [2, 1, 3]);
        assert_eq!(aria_sort(true, true), "descending");
        assert_eq!(aria_sort(false, true), "none");
    }

    #[test]
    fn filters_by_status_and_technology() {
        let l = vec![
            spot(1, 5, 2.0, SpotStatus::Resolved, Some("4g")),
            spot(2, 9, 1.0, SpotStatus::Registered, Some("3g")),
            spot(3, 7, 3.0, SpotStatus::Registered, None),
        ];
        assert_eq!(
            ids(&filter_spots(&l, Some(SpotStatus::Registered), None)),
            [2, 3]
        );
        assert_eq!(ids(&filter_spots(&l, None, Some("4g"))), [1, 3]);
    }
}
