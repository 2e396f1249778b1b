//! Groupwise: the Yew app, the page's half that has yew. Every number comes
//! from `conv-core`; jobs, the picture, the exports and the workers are
//! `groupwise-core`'s. From the ground up: [`state`] (the reducer's state),
//! [`text`] (every word, one module per language), [`hooks`] (effects), the
//! cost [`plots`] (a feature folder with an app root of its own, built as a
//! second wasm module), [`components`] and the page's root, [`app`].

pub mod app;
pub mod components;
pub mod format;
pub mod hooks;
pub mod plots;
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
