//! Browser tests of the two languages: `lang=zh` shows the Chinese terms and a
//! Chinese alert (PyTorch's rule, with the parameter names as code), and the
//! language switch keeps everything the user typed, updating `<html lang>` and
//! the URL.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::{by_testid, mount_at, settle, type_into, until};

fn text(e: &Element) -> String {
    e.text_content().unwrap_or_default()
}

fn html_lang() -> String {
    gloo::utils::document()
        .document_element()
        .and_then(|e| e.get_attribute("lang"))
        .unwrap_or_default()
}

fn search() -> String {
    gloo::utils::window().location().search().unwrap()
}

fn field_value(root: &Element, id: &str) -> String {
    by_testid(root, id)
        .dyn_into::<HtmlInputElement>()
        .unwrap()
        .value()
}

async fn click(root: &Element, id: &str) {
    by_testid(root, id)
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
    settle().await;
}

#[wasm_bindgen_test]
async fn lang_zh_shows_chinese_terms_and_a_chinese_alert() {
    let root = mount_at("?lang=zh&mode=grouped&in_channels=8&groups=3&stage=done").await;
    assert_eq!(html_lang(), "zh");
    let alert = root
        .query_selector("[data-testid='field-groups'] ~ [role='alert']")
        .unwrap()
        .expect("the groups field's alert");
    assert_eq!(
        text(&alert),
        "in_channels 必须能被 groups 整除（in_channels=8, groups=3）"
    );
    let modes = text(&root.query_selector("fieldset.modes").unwrap().unwrap());
    for term in [
        "卷积类型",
        "标准卷积",
        "组卷积",
        "深度卷积",
        "深度可分离卷积",
    ] {
        assert!(modes.contains(term), "{term} in {modes}");
    }
    let table = text(&by_testid(&root, "cost-table"));
    for term in ["一次前向计算的成本", "乘加次数", "参数量"] {
        assert!(table.contains(term), "{term} in the cost table");
    }
    // The grouped row says why in Chinese too; the stale note names the setting shown.
    assert!(text(&by_testid(&root, "cost-grouped-error")).contains("必须能被 groups 整除"));
    assert!(text(&by_testid(&root, "stale-note")).starts_with("当前显示的是上一个有效设置：组卷积"));
}

#[wasm_bindgen_test]
async fn the_switch_keeps_the_state_and_updates_html_lang_and_the_url() {
    let root = mount_at("?lang=en&mode=grouped&in_channels=6&out_channels=12&groups=3").await;
    assert_eq!(html_lang(), "en");
    // A half-typed, invalid value: it must survive the switch as typed.
    type_into(&root, "field-groups", "4").await;
    type_into(&root, "field-kernel_size", "5").await;
    let toggle = by_testid(&root, "lang-toggle");
    assert_eq!(text(&toggle), "中文");
    click(&root, "lang-toggle").await;
    // The whole page renders again in the other language: on a slow machine
    // (a debug build, the plots mounted on the page) that can outlast `settle`.
    until("<html lang=zh> after the switch", 5, || html_lang() == "zh").await;
    assert!(search().contains("lang=zh"), "{}", search());
    assert_eq!(field_value(&root, "field-groups"), "4");
    assert_eq!(field_value(&root, "field-kernel_size"), "5");
    let alert = text(&root.query_selector("[role='alert']").unwrap().unwrap());
    assert_eq!(
        alert,
        "in_channels 必须能被 groups 整除（in_channels=6, groups=4）"
    );
    assert_eq!(text(&by_testid(&root, "lang-toggle")), "English");
    click(&root, "lang-toggle").await;
    until("<html lang=en> after the switch back", 5, || {
        html_lang() == "en"
    })
    .await;
    assert!(search().contains("lang=en"), "{}", search());
    assert_eq!(field_value(&root, "field-groups"), "4");
    let alert = text(&root.query_selector("[role='alert']").unwrap().unwrap());
    assert_eq!(
        alert,
        "in_channels must be divisible by groups (in_channels=6, groups=4)"
    );
}

#[wasm_bindgen_test]
async fn the_theme_switch_sets_data_theme_and_the_url() {
    // Opened on a stage, it does not autoplay: a playing app rewrites the URL's
    // `stage` as it goes, and it stays mounted while later tests read the URL.
    let root = mount_at("?theme=dark&stage=done").await;
    let theme = || {
        gloo::utils::document()
            .document_element()
            .and_then(|e| e.get_attribute("data-theme"))
            .unwrap_or_default()
    };
    assert_eq!(theme(), "dark");
    click(&root, "theme-toggle").await;
    assert_eq!(theme(), "light");
    assert!(search().contains("theme=light"), "{}", search());
}
