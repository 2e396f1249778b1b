//! The cost plots' own wasm module (`plots.js` + `plots_bg.wasm`): the page
//! loads it when the reader nears the plots and calls `mount_plots` on the
//! plots' host element (`groupwise::plots::use_plots_bridge`). Its own binary, so the
//! page's wasm does not carry the charts (docs/PERFORMANCE.md, "Bundle").

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn mount_plots(host: web_sys::Element) {
    groupwise::plots::app::start_plots(host);
}

fn main() {
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("the plots module only runs in a browser (built by trunk as plots.js)");
}
