//! Groupwise: the Yew app. A thin layer over `conv-core`, which computes every number.

pub mod app;
pub mod components;
pub mod compute;
pub mod export;
pub mod format;
pub mod hooks;
pub mod plot;
pub mod render;
pub mod state;
pub mod text;

pub use app::App;

/// Mounts the app on `<body>`, in a task after the one that started the wasm
/// module: its first render is then a task of its own (docs/PERFORMANCE.md,
/// "Long tasks").
pub fn start() {
    gloo::timers::callback::Timeout::new(0, || {
        yew::Renderer::<App>::new().render();
    })
    .forget();
}

/// Mounts the cost plots on the page's host element (`components::plots_host`):
/// what the plots module (`src/bin/plots.rs`) runs. It ends when the page sends
/// the host `state::bridge::CLOSE_EVENT`.
pub fn start_plots(host: web_sys::Element) {
    use components::charts::plots_app::{PlotsApp, PlotsAppProps};
    let Some(root) = gloo::utils::document().create_element("div").ok() else {
        return;
    };
    root.set_class_name("plots-root");
    if host.append_child(&root).is_err() {
        return;
    }
    let app =
        yew::Renderer::<PlotsApp>::with_root_and_props(root, PlotsAppProps { host: host.clone() })
            .render();
    gloo::events::EventListener::once(&host, state::bridge::CLOSE_EVENT, move |_| app.destroy())
        .forget();
}
