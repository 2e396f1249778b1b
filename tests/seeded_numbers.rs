//! The page (wasm32) and the `conv` tool (native) must give the same numbers for
//! the same seed, to the last bit. This file runs on both targets: natively in
//! `cargo test`, and in headless Chromium in the browser tests. The constants
//! were printed by `conv run --spec S.json --seed 7 --input-shape 1,8,32,32`
//! for S = {"in_channels":8,"out_channels":16,"kernel_size":3,"padding":1,"groups":2}
//! (the page's default layer) and by the same call for the depthwise layer.

use conv_core::{generate, Conv2dSpec, Limits, Nchw, Padding};

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

fn seeded_stats(spec: Conv2dSpec) -> conv_core::Stats {
    let layer = spec.validate().unwrap();
    let input = Nchw::new(1, 8, 32, 32);
    let limits = Limits::default();
    let g = generate(&layer, input, 7, &limits).unwrap();
    g.problem(&layer, &limits).map(|p| p.run()).unwrap().stats()
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn grouped_default_layer_matches_the_cli_bit_for_bit() {
    let spec = Conv2dSpec {
        padding: Padding::Explicit([1, 1]),
        groups: 2,
        ..Conv2dSpec::new(8, 16, 3)
    };
    let s = seeded_stats(spec);
    assert_eq!(s.sum, -786.9132118187845);
    assert_eq!(s.min, -8.333561);
    assert_eq!(s.max, 7.271647);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn depthwise_layer_matches_the_cli_bit_for_bit() {
    let spec = Conv2dSpec {
        padding: Padding::Explicit([1, 1]),
        groups: 8,
        ..Conv2dSpec::new(8, 16, 3)
    };
    let s = seeded_stats(spec);
    assert_eq!(s.sum, -510.5485679609701);
    assert_eq!(s.min, -4.072397);
    assert_eq!(s.max, 4.2320046);
}
