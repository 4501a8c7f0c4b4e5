//! Choosing an incident's impact: the area (taken from a spot, drawn as a polygon on a small
//! map, or a circle around a centre picked on the map, found by address or taken from a
//! ticket) and the affected services from the catalogue. Everything the map does has a
//! keyboard way too: spots from a list, the centre by address or ticket number.

use super::BoardCtx;
use crate::api::{self, ApiError, Client};
use crate::components::map::{LeafletMap, Shape};
use crate::components::{names, ErrorBanner};
use crate::i18n::BoardMsg;
use crate::state::use_app;
use leptos::prelude::*;
use leptos::task::spawn_local;
use spotdesk_api::{GeocodeResult, Polygon, Spot, SpotId, Technology, TicketId};
use spotdesk_core::geo::circle_polygon;

/// Default circle radius, metres.
pub const DEFAULT_RADIUS_M: f64 = 500.0;
/// Largest circle radius, metres.
pub const MAX_RADIUS_M: f64 = 50_000.0;
/// Sides of the polygon approximating a circle.
const CIRCLE_SIDES: usize = 32;

/// How the area is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AreaMode {
    /// No area (registering) or keep the current one (editing).
    Unchanged,
    Spot,
    Polygon,
    Circle,
}

/// The state of an area picker.
#[derive(Debug, Clone, Copy)]
pub struct AreaState {
    pub mode: RwSignal<AreaMode>,
    /// Chosen spot id, as text ("" = none).
    pub spot: RwSignal<String>,
    /// Polygon corners as `[long, lat]`.
    pub points: RwSignal<Vec<[f64; 2]>>,
    /// Circle centre `(lat, long)` and where it came from (address text, if any).
    pub center: RwSignal<Option<(f64, f64)>>,
    pub center_label: RwSignal<String>,
    pub radius: RwSignal<String>,
    /// Ticket number whose address is the centre (keyboard alternative).
    pub ticket: RwSignal<String>,
    /// Address search text and its results.
    pub address: RwSignal<String>,
    pub found: RwSignal<Vec<GeocodeResult>>,
    /// A problem with the choice, shown under the picker.
    pub problem: RwSignal<Option<BoardMsg>>,
}

/// What the picker resolved to: a polygon, or a spot (whose outline the server takes).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AreaChoice {
    pub area: Option<Polygon>,
    pub spot_id: Option<SpotId>,
}

impl AreaState {
    pub fn new() -> Self {
        Self {
            mode: RwSignal::new(AreaMode::Unchanged),
            spot: RwSignal::new(String::new()),
            points: RwSignal::new(Vec::new()),
            center: RwSignal::new(None),
            center_label: RwSignal::new(String::new()),
            radius: RwSignal::new(DEFAULT_RADIUS_M.to_string()),
            ticket: RwSignal::new(String::new()),
            address: RwSignal::new(String::new()),
            found: RwSignal::new(Vec::new()),
            problem: RwSignal::new(None),
        }
    }

    /// Back to the start.
    pub fn reset(&self) {
        self.mode.set(AreaMode::Unchanged);
        self.spot.set(String::new());
        self.points.set(Vec::new());
        self.center.set(None);
        self.center_label.set(String::new());
        self.radius.set(DEFAULT_RADIUS_M.to_string());
        self.ticket.set(String::new());
        self.address.set(String::new());
        self.found.set(Vec::new());
        self.problem.set(None);
    }

    /// The radius in metres, if valid.
    fn radius_m(&self) -> Option<f64> {
        self.radius
            .get_untracked()
            .trim()
            .replace(',', ".")
            .parse::<f64>()
            .ok()
            .filter(|r| r.is_finite() && *r >= 10.0 && *r <= MAX_RADIUS_M)
    }

    /// Checks what can be checked without the server; sets [`Self::problem`].
    pub fn check(&self) -> bool {
        let problem = match self.mode.get_untracked() {
            AreaMode::Unchanged => None,
            AreaMode::Spot => self
                .spot
                .get_untracked()
                .parse::<i64>()
                .is_err()
                .then_some(BoardMsg::NeedSpot),
            AreaMode::Polygon => {
                (self.points.with_untracked(Vec::len) < 3).then_some(BoardMsg::NeedCorners)
            }
            AreaMode::Circle => {
                if self.radius_m().is_none() {
                    Some(BoardMsg::NeedRadius)
                } else if self.center.get_untracked().is_none() && self.ticket_id().is_none() {
                    Some(BoardMsg::NeedCentre)
                } else {
                    None
                }
            }
        };
        self.problem.set(problem);
        problem.is_none()
    }

    fn ticket_id(&self) -> Option<TicketId> {
        self.ticket
            .get_untracked()
            .trim()
            .trim_start_matches('#')
            .parse::<i64>()
            .ok()
            .map(TicketId)
    }

    /// Snapshot of what the server needs, taken before an async call.
    pub fn snapshot(&self) -> AreaSnapshot {
        AreaSnapshot {
            mode: self.mode.get_untracked(),
            spot: self.spot.get_untracked().parse::<i64>().ok().map(SpotId),
            points: self.points.get_untracked(),
            center: self.center.get_untracked(),
            ticket: self.ticket_id(),
            radius: self.radius_m().unwrap_or(DEFAULT_RADIUS_M),
        }
    }
}

impl Default for AreaState {
    fn default() -> Self {
        Self::new()
    }
}

/// The picker's choice, detached from signals.
#[derive(Debug, Clone)]
pub struct AreaSnapshot {
    mode: AreaMode,
    spot: Option<SpotId>,
    points: Vec<[f64; 2]>,
    center: Option<(f64, f64)>,
    ticket: Option<TicketId>,
    radius: f64,
}

impl AreaSnapshot {
    /// Resolves the choice (fetching the ticket for a ticket-centred circle).
    pub async fn resolve(self, c: &Client) -> Result<AreaChoice, ApiError> {
        Ok(match self.mode {
            AreaMode::Unchanged => AreaChoice::default(),
            AreaMode::Spot => AreaChoice {
                area: None,
                spot_id: self.spot,
            },
            AreaMode::Polygon => AreaChoice {
                area: (self.points.len() >= 3).then_some(Polygon { ring: self.points }),
                spot_id: None,
            },
            AreaMode::Circle => {
                let center = match (self.center, self.ticket) {
                    (Some(c), _) => Some(c),
                    (None, Some(t)) => {
                        let ticket = api::tickets::get(c, t).await?;
                        Some((ticket.lat, ticket.long))
                    }
                    (None, None) => None,
                };
                AreaChoice {
                    area: center
                        .map(|(lat, long)| circle_polygon(lat, long, self.radius, CIRCLE_SIDES)),
                    spot_id: None,
                }
            }
        })
    }
}

/// The area picker. `editing` labels the first choice "keep the current area".
#[component]
pub fn AreaPicker(state: AreaState, editing: bool, id_prefix: String) -> impl IntoView {
    let app = use_app();
    let ctx = expect_context::<BoardCtx>();
    let s = state;
    let spots = app.spots_resource();
    let radio = move |mode: AreaMode, msg: BoardMsg, code: &'static str| {
        view! {
            <label class="check">
                <input type="radio" name=format!("{id_prefix}-area-mode") data-testid=format!("area-mode-{code}")
                    prop:checked=move || s.mode.get() == mode
                    on:change=move |_| { s.mode.set(mode); s.problem.set(None); }/>
                <span>{move || app.t(msg)}</span>
            </label>
        }
    };
    let first = if editing {
        BoardMsg::AreaKeep
    } else {
        BoardMsg::AreaNone
    };
    let spot_list = move || -> Vec<Spot> {
        match spots.get() {
            Some(Ok(list)) => list,
            _ => Vec::new(),
        }
    };
    view! {
        <fieldset class="area-picker" data-testid="area-picker">
            <legend>{move || app.t(BoardMsg::Area)}</legend>
            <div class="radio-row">
                {radio(AreaMode::Unchanged, first, "none")}
                {radio(AreaMode::Spot, BoardMsg::AreaFromSpot, "spot")}
                {radio(AreaMode::Polygon, BoardMsg::AreaDraw, "polygon")}
                {radio(AreaMode::Circle, BoardMsg::AreaCircle, "circle")}
            </div>
            <Show when=move || s.mode.get() == AreaMode::Spot>
                <label>
                    <span>{move || app.t(BoardMsg::Spot)}</span>
                    <select data-testid="area-spot" prop:value=move || s.spot.get()
                        on:change=move |ev| s.spot.set(event_target_value(&ev))>
                        <option value="">{move || app.t(BoardMsg::ChooseSpot)}</option>
                        {move || spot_list().into_iter().map(|sp| {
                            let topic = ctx.catalogue.with(|c| names::topic_name_opt(c.as_ref(), app.lang.get(), sp.topic.as_deref()));
                            let text = format!("#{} {} ({} {})", sp.id.0, topic.unwrap_or_default(),
                                sp.complaints, app.t(BoardMsg::Complaints));
                            view! { <option value=sp.id.0.to_string()>{text}</option> }
                        }).collect_view()}
                    </select>
                </label>
            </Show>
            <Show when=move || matches!(s.mode.get(), AreaMode::Polygon | AreaMode::Circle)>
                <DrawMap state=s spots=Signal::derive(spot_list)/>
            </Show>
            <Show when=move || s.mode.get() == AreaMode::Polygon>
                <p class="muted small">{move || app.t(BoardMsg::MapHintPolygon)}</p>
                <div class="btn-row">
                    <span data-testid="area-corners">{move || format!("{} {}", app.t(BoardMsg::Corners), s.points.with(Vec::len))}</span>
                    <button type="button" class="btn btn-secondary" data-testid="area-undo"
                        disabled=move || s.points.with(Vec::is_empty)
                        on:click=move |_| s.points.update(|p| { p.pop(); })>{move || app.t(BoardMsg::UndoCorner)}</button>
                    <button type="button" class="btn btn-secondary"
                        disabled=move || s.points.with(Vec::is_empty)
                        on:click=move |_| s.points.set(Vec::new())>{move || app.t(BoardMsg::ClearCorners)}</button>
                </div>
            </Show>
            <Show when=move || s.mode.get() == AreaMode::Circle>
                <CircleInputs state=s/>
            </Show>
            {move || s.problem.get().map(|m| view! {
                <p class="field-error" role="alert" data-testid="area-problem">{app.t(m)}</p>
            })}
        </fieldset>
    }
}

/// Centre (map click, address search or ticket number) and radius of a circle.
#[component]
fn CircleInputs(state: AreaState) -> impl IntoView {
    let app = use_app();
    let s = state;
    let searching = RwSignal::new(false);
    let search_error = RwSignal::new(None::<ApiError>);
    let search = move || {
        let q = s.address.get_untracked().trim().to_owned();
        if q.is_empty() {
            return;
        }
        searching.set(true);
        search_error.set(None);
        spawn_local(async move {
            let r = app
                .call(|c| async move { api::geocode::search(&c, &q).await })
                .await;
            searching.set(false);
            match r {
                Ok(found) => {
                    if found.results.is_empty() {
                        s.problem.set(Some(BoardMsg::AddressNotFound));
                    } else {
                        s.problem.set(None);
                    }
                    let first = found.results.first().cloned();
                    s.found.set(found.results.into_iter().take(5).collect());
                    if let Some(best) = first {
                        s.center.set(Some((best.lat, best.long)));
                        s.center_label.set(best.address_string);
                    }
                }
                Err(e) => search_error.set(Some(e)),
            }
        });
    };
    view! {
        <p class="muted small">{move || app.t(BoardMsg::MapHintCircle)}</p>
        <p data-testid="area-centre">
            {move || app.t(BoardMsg::Centre)}" "
            {move || match s.center.get() {
                Some((lat, long)) => {
                    let label = s.center_label.get();
                    if label.is_empty() { format!("{lat:.5}, {long:.5}") } else { label }
                }
                None => app.t(BoardMsg::NoCentre).to_owned(),
            }}
        </p>
        <div class="inline-form">
            <label>
                <span>{move || app.t(BoardMsg::CentreAddress)}</span>
                <input type="text" data-testid="area-address" autocomplete="off"
                    prop:value=move || s.address.get()
                    on:input=move |ev| s.address.set(event_target_value(&ev))
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                        if ev.key() == "Enter" {
                            // Search instead of submitting the whole form.
                            ev.prevent_default();
                            search();
                        }
                    }/>
            </label>
            <button type="button" class="btn btn-secondary" data-testid="area-find"
                disabled=move || searching.get() on:click=move |_| search()>{move || app.t(BoardMsg::Find)}</button>
        </div>
        {move || {
            let found = s.found.get();
            (found.len() > 1).then(|| view! {
                <ul class="found-list">
                    {found.into_iter().map(|r| {
                        let text = r.address_string.clone();
                        view! { <li><button type="button" class="btn btn-link" on:click=move |_| {
                            s.center.set(Some((r.lat, r.long)));
                            s.center_label.set(r.address_string.clone());
                        }>{text}</button></li> }
                    }).collect_view()}
                </ul>
            })
        }}
        {move || search_error.get().map(|e| view! { <ErrorBanner error=e/> })}
        <label>
            <span>{move || app.t(BoardMsg::CentreTicket)}</span>
            <input type="text" inputmode="numeric" data-testid="area-ticket"
                prop:value=move || s.ticket.get()
                on:input=move |ev| {
                    s.ticket.set(event_target_value(&ev));
                    // A ticket number replaces a centre picked before.
                    s.center.set(None);
                    s.center_label.set(String::new());
                }/>
        </label>
        <label>
            <span>{move || app.t(BoardMsg::RadiusM)}</span>
            <input type="number" min="10" max="50000" step="10" inputmode="numeric" data-testid="area-radius"
                prop:value=move || s.radius.get() on:input=move |ev| s.radius.set(event_target_value(&ev))/>
        </label>
    }
}

/// The small drawing map: a click adds a corner (polygon) or sets the centre (circle). The
/// 2G coverage cells are drawn faintly so the city is recognisable without a base map.
#[component]
fn DrawMap(state: AreaState, #[prop(into)] spots: Signal<Vec<Spot>>) -> impl IntoView {
    let app = use_app();
    let s = state;
    let (tile_url, tile_attribution) = app.config.with_untracked(|c| {
        c.as_ref()
            .map(|c| (c.tile_url.clone(), c.tile_attribution.clone()))
            .unwrap_or_default()
    });
    let city = LocalResource::new(move || {
        app.call(|c| async move { api::coverage::get(&c, Technology::G2).await })
    });
    let shapes = Signal::derive(move || {
        let mut v = Vec::new();
        // Nothing until the city is known, so the map first fits the whole city (a failed
        // load draws the rest anyway).
        let Some(loaded) = city.get() else {
            return v;
        };
        if let Ok(cov) = loaded {
            for (n, f) in cov.features.iter().enumerate() {
                if let Some(ring) = f.geometry.coordinates.first() {
                    v.push(Shape::Area {
                        key: format!("cov-{n}"),
                        ring: ring.clone(),
                        color: "#8a8f98",
                        fill_opacity: 0.04,
                        popup: vec![],
                    });
                }
            }
        }
        for sp in spots.get() {
            if sp.status != spotdesk_api::SpotStatus::Resolved {
                v.push(Shape::Area {
                    key: format!("spot-{}", sp.id.0),
                    ring: sp.outline.ring.clone(),
                    color: "#6a1b9a",
                    fill_opacity: 0.1,
                    popup: vec![],
                });
            }
        }
        match s.mode.get() {
            AreaMode::Polygon => {
                let pts = s.points.get();
                if pts.len() >= 3 {
                    v.push(Shape::Area {
                        key: "drawn".into(),
                        ring: pts.clone(),
                        color: "#b3261e",
                        fill_opacity: 0.2,
                        popup: vec![],
                    });
                }
                for (n, [long, lat]) in pts.iter().enumerate() {
                    v.push(Shape::Dot {
                        key: format!("corner-{n}"),
                        lat: *lat,
                        long: *long,
                        radius: 5.0,
                        color: "#b3261e",
                        popup: vec![],
                    });
                }
            }
            AreaMode::Circle => {
                if let Some((lat, long)) = s.center.get() {
                    let r = s
                        .radius
                        .get()
                        .trim()
                        .parse::<f64>()
                        .ok()
                        .filter(|r| r.is_finite() && *r > 0.0 && *r <= MAX_RADIUS_M)
                        .unwrap_or(DEFAULT_RADIUS_M);
                    v.push(Shape::Area {
                        key: "drawn".into(),
                        ring: circle_polygon(lat, long, r, CIRCLE_SIDES).ring,
                        color: "#b3261e",
                        fill_opacity: 0.2,
                        popup: vec![],
                    });
                    v.push(Shape::Dot {
                        key: "centre".into(),
                        lat,
                        long,
                        radius: 6.0,
                        color: "#b3261e",
                        popup: vec![],
                    });
                }
            }
            AreaMode::Unchanged | AreaMode::Spot => {}
        }
        v
    });
    let focus = Signal::derive(move || {
        (s.mode.get() == AreaMode::Circle && s.center.get().is_some()).then(|| "centre".to_owned())
    });
    let on_click = Callback::new(
        move |(lat, long): (f64, f64)| match s.mode.get_untracked() {
            AreaMode::Polygon => {
                s.points.update(|p| p.push([long, lat]));
                s.problem.set(None);
            }
            AreaMode::Circle => {
                s.center.set(Some((lat, long)));
                s.center_label.set(String::new());
                s.ticket.set(String::new());
                s.problem.set(None);
            }
            AreaMode::Unchanged | AreaMode::Spot => {}
        },
    );
    view! {
        <div class="area-map" data-testid="area-map">
            <LeafletMap shapes=shapes focus=focus tile_url=tile_url tile_attribution=tile_attribution
                label=Signal::derive(move || app.t(BoardMsg::AreaMap)) on_click=on_click/>
        </div>
    }
}

/// Affected services: a checkbox per catalogue service. A change goes to `on_change` when
/// given, else straight into `selected`.
#[component]
pub fn ServicePicker(
    selected: RwSignal<Vec<String>>,
    #[prop(optional)] on_change: Option<Callback<Vec<String>>>,
) -> impl IntoView {
    let app = use_app();
    let ctx = expect_context::<BoardCtx>();
    view! {
        <fieldset class="service-picker" data-testid="service-picker">
            <legend>{move || app.t(BoardMsg::ServicesAffected)}</legend>
            <div class="check-grid">
                {move || ctx.catalogue.get().map(|c| c.services.into_iter().map(|sv| {
                    let code = sv.code.clone();
                    let code2 = sv.code.clone();
                    let value = sv.code.clone();
                    let names = sv.name.clone();
                    let name = move || names.get(app.lang.get().code()).to_owned();
                    view! {
                        <label class="check">
                            <input type="checkbox" data-testid="service-option" value=value
                                prop:checked=move || selected.with(|v| v.contains(&code))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    let mut v = selected.get_untracked();
                                    v.retain(|c| c != &code2);
                                    if on { v.push(code2.clone()); }
                                    match on_change {
                                        Some(cb) => cb.run(v),
                                        None => selected.set(v),
                                    }
                                }/>
                            <span>{name}</span>
                        </label>
                    }
                }).collect_view())}
            </div>
        </fieldset>
    }
}
