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

/// Mounts the app on `<body>`.
pub fn start() {
    yew::Renderer::<App>::new().render();
}
