//! Guard for pages that need a signed-in user.

use crate::state::use_app;
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;

/// Shows `children` when signed in; otherwise redirects to `/login?next=<this page>`.
#[component]
pub fn RequireAuth(children: ChildrenFn) -> impl IntoView {
    let app = use_app();
    let location = use_location();
    // Only signing in or out rebuilds the page, not a newer word on the same user.
    let signed_in = Memo::new(move |_| app.session.with(Option::is_some));
    move || {
        if signed_in.get() {
            children().into_any()
        } else {
            let here = format!(
                "{}{}",
                location.pathname.get_untracked(),
                location.search.get_untracked()
            );
            let next = String::from(js_sys::encode_uri_component(&here));
            view! { <Redirect path=format!("/login?next={next}")/> }.into_any()
        }
    }
}
