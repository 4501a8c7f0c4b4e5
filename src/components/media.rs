//! Whether a CSS media query matches, as a signal that follows the window (a tablet turned
//! round, a window resized), for layouts CSS alone cannot make (moving a block elsewhere).

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// `true` while `query` (e.g. `"(min-width: 1280px)"`) matches; `false` where it cannot be
/// asked.
pub fn use_media_query(query: &'static str) -> Signal<bool> {
    let Some(list) = web_sys::window().and_then(|w| w.match_media(query).ok().flatten()) else {
        return Signal::stored(false);
    };
    let matches = RwSignal::new(list.matches());
    let l2 = list.clone();
    let on_change = Closure::<dyn Fn(web_sys::Event)>::new(move |_| {
        // The page may be gone already: setting a disposed signal is a no-op with try_set.
        let _ = matches.try_set(l2.matches());
    });
    let _ = list.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
    let f: js_sys::Function = on_change.into_js_value().unchecked_into();
    let held: StoredValue<_, LocalStorage> = StoredValue::new_local((list, f));
    on_cleanup(move || {
        let _ =
            held.try_with_value(|(list, f)| list.remove_event_listener_with_callback("change", f));
    });
    matches.into()
}
