//! The pages that are not needed for the first paint, each split out of the main wasm.
//!
//! Every function below is a wasm split point (`wasm_split_helpers`, re-exported by Leptos):
//! on wasm32 the build's post-build step (`crates/wasm-split`, run by Trunk's `post_build`
//! hook) moves the function, the page it builds and everything only that page uses (its API
//! calls and types, Leaflet or Chart.js bindings, the dashboard's aggregation) into a chunk
//! `split_<group>.wasm`, fetched the first time one of its pages is visited. Code shared by
//! several groups lands in shared `chunk_<n>.wasm` files, one per combination of groups that
//! use it, fetched with the first group that needs it. Natively (unit tests) the functions
//! are plain calls.
//!
//! The groups: `agent` (desk, ticket list, ticket, search results, my work: one workflow, much shared code), `board`,
//! `map`, `dashboard`, `public` (status check, rating), `admin` (the administration section:
//! only administrators fetch it, and its forms and tables would otherwise weigh on another
//! group's users) and `account` (changing one's own password: every role needs it, rarely,
//! and right after a sign-in with a one-time password, when no other page may open; it is
//! small and uses little beyond the main module). Each group is one request plus its shared
//! chunks; eight single-page groups made ~100 shared chunks (up to 60 requests for one page,
//! and 100 wasm-opt runs in the build), seven make a few dozen.
//!
//! The split is `fallible`: a chunk that cannot be fetched shows an error with a retry button
//! instead of aborting the app.

use crate::components::Spinner;
use crate::i18n::Msg;
use crate::pages::{
    admin::AdminPage, board::Board, customer::CustomerPage, dashboard::Dashboard, desk::Desk,
    find::FindPage, map::MapPage, my_work::MyWorkPage, password::PasswordPage, rate::RatePage,
    status::Status, ticket::TicketPage, tickets::TicketsPage,
};
use crate::state::{use_app, Page};
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos::wasm_split::{wasm_split, SplitLoaderError};
use std::future::Future;
use std::pin::Pin;

/// A page's chunk could not be fetched or instantiated (offline, server restarted…).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChunkFailed;

impl From<SplitLoaderError> for ChunkFailed {
    fn from(_: SplitLoaderError) -> Self {
        ChunkFailed
    }
}

/// Builds a page; a plain function pointer into the page's chunk.
pub type PageBuilder = fn() -> AnyView;
/// What a split point returns once its chunk is loaded.
type PageResult = Result<PageBuilder, ChunkFailed>;
/// A split point as [`LazyPage`] takes it.
pub type PageLoader = fn() -> Pin<Box<dyn Future<Output = PageResult>>>;

#[wasm_split(agent, wasm_split_path = ::leptos::wasm_split, fallible)]
fn desk() -> PageResult {
    Ok(|| view! { <Desk/> }.into_any())
}

#[wasm_split(agent, wasm_split_path = ::leptos::wasm_split, fallible)]
fn tickets() -> PageResult {
    Ok(|| view! { <TicketsPage/> }.into_any())
}

#[wasm_split(agent, wasm_split_path = ::leptos::wasm_split, fallible)]
fn ticket() -> PageResult {
    Ok(|| view! { <TicketPage/> }.into_any())
}

/// "Find anything" lists tickets with the agent pages' table, so it shares their chunk.
#[wasm_split(agent, wasm_split_path = ::leptos::wasm_split, fallible)]
fn find() -> PageResult {
    Ok(|| view! { <FindPage/> }.into_any())
}

/// A customer's history lists their tickets with the agent pages' table: the same chunk.
#[wasm_split(agent, wasm_split_path = ::leptos::wasm_split, fallible)]
fn customer() -> PageResult {
    Ok(|| view! { <CustomerPage/> }.into_any())
}

/// "My work" lists the user's tickets with the agent pages' table, so it shares their chunk.
#[wasm_split(agent, wasm_split_path = ::leptos::wasm_split, fallible)]
fn my_work() -> PageResult {
    Ok(|| view! { <MyWorkPage/> }.into_any())
}

#[wasm_split(board, wasm_split_path = ::leptos::wasm_split, fallible)]
fn board() -> PageResult {
    Ok(|| view! { <Board/> }.into_any())
}

#[wasm_split(map, wasm_split_path = ::leptos::wasm_split, fallible)]
fn map() -> PageResult {
    Ok(|| view! { <MapPage/> }.into_any())
}

#[wasm_split(dashboard, wasm_split_path = ::leptos::wasm_split, fallible)]
fn dashboard() -> PageResult {
    Ok(|| view! { <Dashboard/> }.into_any())
}

#[wasm_split(public, wasm_split_path = ::leptos::wasm_split, fallible)]
fn status() -> PageResult {
    Ok(|| view! { <Status/> }.into_any())
}

#[wasm_split(public, wasm_split_path = ::leptos::wasm_split, fallible)]
fn rate() -> PageResult {
    Ok(|| view! { <RatePage/> }.into_any())
}

#[wasm_split(admin, wasm_split_path = ::leptos::wasm_split, fallible)]
fn admin() -> PageResult {
    Ok(|| view! { <AdminPage/> }.into_any())
}

#[wasm_split(account, wasm_split_path = ::leptos::wasm_split, fallible)]
fn password() -> PageResult {
    Ok(|| view! { <PasswordPage/> }.into_any())
}

/// The split pages' loaders, for the route table.
pub mod load {
    use super::PageLoader;

    pub const DESK: PageLoader = || Box::pin(super::desk());
    pub const TICKETS: PageLoader = || Box::pin(super::tickets());
    pub const TICKET: PageLoader = || Box::pin(super::ticket());
    pub const FIND: PageLoader = || Box::pin(super::find());
    pub const CUSTOMER: PageLoader = || Box::pin(super::customer());
    pub const MY_WORK: PageLoader = || Box::pin(super::my_work());
    pub const BOARD: PageLoader = || Box::pin(super::board());
    pub const MAP: PageLoader = || Box::pin(super::map());
    pub const DASHBOARD: PageLoader = || Box::pin(super::dashboard());
    pub const STATUS: PageLoader = || Box::pin(super::status());
    pub const RATE: PageLoader = || Box::pin(super::rate());
    pub const ADMIN: PageLoader = || Box::pin(super::admin());
    pub const PASSWORD: PageLoader = || Box::pin(super::password());
}

/// The loader of a navigable page's chunk.
pub fn loader_of(page: Page) -> PageLoader {
    match page {
        Page::Desk => load::DESK,
        Page::Tickets => load::TICKETS,
        Page::MyWork => load::MY_WORK,
        Page::Board => load::BOARD,
        Page::Map => load::MAP,
        Page::Dashboard => load::DASHBOARD,
        Page::Status => load::STATUS,
        Page::Admin => load::ADMIN,
    }
}

/// How long after a sign-in (or a start with a remembered session) the other pages' chunks
/// are fetched: long enough for the page being opened to get the network first.
const PREFETCH_AFTER_MS: u32 = 1_500;

/// Fetches, in the background and one after another, the chunks of `pages` (a role's menu):
/// afterwards they open at once, and still open when the network has gone meanwhile — an
/// agent who lost the connection can still reach the desk and type a ticket into the outbox.
/// A chunk already loaded (or being loaded by its page) is not fetched twice; a failed fetch
/// is left to the page, which offers "Try again".
pub fn prefetch(pages: &'static [Page]) {
    spawn_local(async move {
        TimeoutFuture::new(PREFETCH_AFTER_MS).await;
        for &page in pages {
            let _ = loader_of(page)().await;
        }
    });
}

/// A split page: the usual loading indicator while its chunk is fetched, then the page; if
/// the chunk cannot be loaded, an error with a retry button (a later try fetches again).
///
/// The split point only hands back the page's builder; the page itself is built here, in an
/// ordinary reactive view, so it is mounted exactly as an unsplit page would be (a Leaflet map
/// measures its container when its effect runs, which must be after mounting).
#[component]
pub fn LazyPage(load: PageLoader) -> impl IntoView {
    let app = use_app();
    let state = RwSignal::new(None::<PageResult>);
    let fetch = move || {
        state.set(None);
        spawn_local(async move {
            let loaded = load().await;
            // The route may have been left meanwhile: then there is nothing to show.
            let _ = state.try_set(Some(loaded));
        });
    };
    fetch();
    move || match state.get() {
        None => view! { <Spinner/> }.into_any(),
        // Built untracked: what the page reads must not rebuild it from here.
        Some(Ok(build)) => untrack(build),
        Some(Err(ChunkFailed)) => view! {
            <div class="banner banner-error" role="alert" data-testid="page-load-failed">
                <span>{move || app.t(Msg::PageLoadFailed)}</span>
                <button type="button" class="btn btn-secondary" on:click=move |_| fetch()>
                    {move || app.t(Msg::Retry)}
                </button>
            </div>
        }
        .into_any(),
    }
}
