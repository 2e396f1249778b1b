//! Browser tests of the code panel: the PyTorch and Keras scripts carry the
//! page's layer and its printed line, and the `.npz` download is a zip of the
//! job's arrays. (scripts/check_snippets.py runs the same scripts in PyTorch.)
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::{attr_appears, by_testid, fetch_bytes, find, mount_at, settle, wait_for};

/// Opens the panel as a click on its summary does; the scripts appear then.
async fn open_code(root: &Element) -> (String, String) {
    assert!(
        find(root, "code-pytorch").is_none(),
        "built before the panel opened"
    );
    wait_for(root, "code-panel")
        .await
        .set_attribute("open", "")
        .unwrap();
    let torch = wait_for(root, "code-pytorch").await.text_content().unwrap();
    let keras = by_testid(root, "code-keras").text_content().unwrap();
    (torch, keras)
}

/// The sum as the page's stats line prints it.
fn page_sum(root: &Element) -> String {
    let stats = by_testid(root, "output-stats").text_content().unwrap();
    let sum = stats.split("sum ").nth(1).unwrap();
    sum.split(' ').next().unwrap().to_string()
}

#[wasm_bindgen_test]
async fn grouped_scripts_have_the_pages_arguments_and_line() {
    let root =
        mount_at("?mode=grouped&in_channels=8&out_channels=16&groups=4&h=6&w=6&stage=done").await;
    wait_for(&root, "output-stats").await;
    let (torch, keras) = open_code(&root).await;
    assert!(torch.contains("conv = nn.Conv2d(8, 16, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1), dilation=(1, 1), groups=4, bias=True"), "{}", &torch[..600.min(torch.len())]);
    assert!(torch.contains("conv.weight.copy_(torch.from_numpy(w))"));
    let line = format!(
        "# The page showed: Output [1, 16, 6, 6]: sum {}\n",
        page_sum(&root)
    );
    assert!(torch.contains(&line), "{line}");
    assert!(keras.contains(&line));
    assert!(keras
        .contains("keras.layers.Conv2D(16, kernel_size=(3, 3), strides=(1, 1), padding='valid'"));
    assert!(
        keras.contains("groups=4") && keras.contains("ZeroPadding2D(padding=((1, 1), (1, 1)))")
    );
    assert!(keras.contains("x.transpose(0, 2, 3, 1)") && keras.contains("w.transpose(2, 3, 1, 0)"));
}

#[wasm_bindgen_test]
async fn separable_and_depthwise_scripts() {
    let root = mount_at(
        "?mode=separable&in_channels=4&out_channels=6&multiplier=2&padding=same&h=5&w=5&stage=done",
    )
    .await;
    wait_for(&root, "output-stats").await;
    let (torch, keras) = open_code(&root).await;
    assert!(torch.contains("conv = nn.Sequential(\n    nn.Conv2d(4, 8, kernel_size=(3, 3)"));
    assert!(torch.contains("padding='same'") && torch.contains("groups=4,"));
    assert!(torch.contains("nn.Conv2d(8, 6, 1, bias=True),  # pointwise"));
    assert!(keras.contains("keras.layers.SeparableConv2D(6, kernel_size=(3, 3)"));
    assert!(keras.contains("depth_multiplier=2") && keras.contains("padding='same'"));

    let root =
        mount_at("?mode=depthwise&in_channels=3&multiplier=2&stride=2&h=7&w=7&stage=done").await;
    wait_for(&root, "output-stats").await;
    let (torch, keras) = open_code(&root).await;
    assert!(torch.contains("nn.Conv2d(3, 6, kernel_size=(3, 3), stride=(2, 2)"));
    assert!(torch.contains("groups=3,"));
    assert!(keras.contains("keras.layers.DepthwiseConv2D(kernel_size=(3, 3), strides=(2, 2)"));
    assert!(keras.contains("dw = w.reshape(3, 2, 3, 3).transpose(2, 3, 0, 1)"));
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[wasm_bindgen_test]
async fn npz_download_and_copy() {
    let root =
        mount_at("?mode=grouped&in_channels=4&out_channels=4&groups=2&h=4&w=4&stage=done").await;
    wait_for(&root, "output-stats").await;
    let button: HtmlElement = wait_for(&root, "download-npz").await.dyn_into().unwrap();
    button.click();
    // The task worker replays the job first (here, with no worker script, the page does).
    let href = attr_appears(&root, "download-npz", "data-href", 10).await;
    assert!(href.starts_with("blob:"), "{href}");
    assert!(find(&root, "npz-error").is_none());
    let bytes = fetch_bytes(&href).await;
    assert_eq!(&bytes[..4], b"PK\x03\x04");
    for name in ["x.npy", "w.npy", "b.npy", "y.npy"] {
        assert!(contains(&bytes, name.as_bytes()), "{name}");
    }
    assert!(contains(&bytes, b"'shape': (1, 4, 4, 4)"));

    // Copy: the clipboard, or (where the browser refuses it, as headless Chromium
    // does) the block selected; a selection drops the final line break.
    let (torch, _) = open_code(&root).await;
    let copy: HtmlElement = by_testid(&root, "copy-pytorch").dyn_into().unwrap();
    copy.click();
    settle().await;
    let copied = by_testid(&root, "copy-pytorch").get_attribute("data-copied");
    let selected = gloo::utils::window()
        .get_selection()
        .unwrap()
        .map(|s| String::from(s.to_string()))
        .unwrap_or_default();
    assert!(
        copied.as_deref() == Some("true") || selected.trim_end() == torch.trim_end(),
        "neither copied ({copied:?}) nor selected ({} of {} chars)",
        selected.len(),
        torch.len()
    );
}
