//! Browser tests of per-kind validation: a field the focused kind ignores never
//! blocks it (odd channel counts with the default groups = 2 in standard,
//! depthwise and separable mode), and an invalid grouped setting shows the alert,
//! the grouped row's own message, the nearest valid groups and the stale note.
//! Only the form, the output statistics and the cost table are read, not the picture.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::{by_testid, find, mount_at, settle, type_into};

fn attr(e: &Element, name: &str) -> Option<String> {
    e.get_attribute(name)
}

fn alert(root: &Element) -> Option<Element> {
    root.query_selector("[role='alert']").unwrap()
}

/// Waits (up to 5 s) until the output statistics describe `shape` (e.g.
/// `"[1, 3, 8, 8]"`), the job's output; returns their text.
async fn wait_for_output(root: &Element, shape: &str) -> String {
    let mut last = String::new();
    for _ in 0..250 {
        if let Some(e) = find(root, "output-stats") {
            last = e.text_content().unwrap_or_default();
            if last.starts_with(&format!("Output {shape}:")) {
                return last;
            }
        }
        yew::platform::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("output-stats never showed {shape}; last: {last:?}");
}

#[wasm_bindgen_test]
async fn odd_channels_are_valid_in_every_kind_that_ignores_groups() {
    for c in [3usize, 5, 7] {
        for (mode, groups, out_c) in [
            ("standard", "2", 16),
            ("grouped", "1", 16),
            ("depthwise", "2", c),
            ("separable", "2", 16),
        ] {
            let query = format!("?mode={mode}&in_channels={c}&groups={groups}&h=8&w=8");
            let root = mount_at(&query).await;
            let shape = format!("[1, {out_c}, 8, 8]");
            wait_for_output(&root, &shape).await;
            let summary = by_testid(&root, "output-shape");
            assert_eq!(
                attr(&summary, "data-shape").as_deref(),
                Some(format!("1,{out_c},8,8").as_str()),
                "{query}"
            );
            // The app renders only inside its root, so this is every alert it shows.
            assert!(alert(&root).is_none(), "{query}: no alert");
            assert!(
                find(&root, "stale-note").is_none(),
                "{query}: nothing stale"
            );
            let row = by_testid(&root, &format!("cost-{mode}"));
            assert!(
                attr(&row, "data-macs").is_some(),
                "{query}: its row has numbers"
            );
            if groups == "2" {
                let grouped = by_testid(&root, "cost-grouped");
                assert_eq!(attr(&grouped, "data-invalid").as_deref(), Some("true"));
                assert!(attr(&grouped, "data-macs").is_none());
                assert_eq!(
                    by_testid(&grouped, "cost-grouped-error")
                        .text_content()
                        .unwrap(),
                    format!("in_channels must be divisible by groups (in_channels={c}, groups=2)"),
                    "{query}: the grouped row says why, in its row"
                );
                let note = by_testid(&root, "plots-partial").text_content().unwrap();
                assert!(note.contains("grouped is not valid"), "{query}: {note}");
            } else {
                assert!(
                    find(&root, "plots-partial").is_none(),
                    "{query}: all four valid"
                );
            }
            root.remove();
        }
    }
}

#[wasm_bindgen_test]
async fn invalid_grouped_explains_itself_and_offers_valid_groups() {
    let root = mount_at("?mode=grouped&in_channels=3&groups=2&h=8&w=8").await;
    let message = "in_channels must be divisible by groups (in_channels=3, groups=2)";
    let a = alert(&root).expect("the groups field's alert");
    assert_eq!(a.text_content().unwrap(), message);
    assert_eq!(attr(&a, "id").as_deref(), Some("field-groups-error"));

    let row = by_testid(&root, "cost-grouped");
    assert_eq!(attr(&row, "data-invalid").as_deref(), Some("true"));
    assert!(attr(&row, "data-macs").is_none());
    let cell = by_testid(&root, "cost-grouped-error");
    assert_eq!(cell.text_content().unwrap(), message);
    assert!(
        attr(&by_testid(&root, "cost-standard"), "data-macs").is_some(),
        "standard ignores groups and keeps its numbers"
    );

    let suggest = by_testid(&root, "groups-suggest");
    assert!(find(&suggest, "groups-suggest-1").is_some());
    assert_eq!(
        suggest.query_selector_all("button").unwrap().length(),
        1,
        "3 and 16 share only 1"
    );

    // The link was invalid from the start: the page shows the default setting.
    let note = by_testid(&root, "stale-note");
    assert_eq!(attr(&note, "role").as_deref(), Some("status"));
    assert_eq!(
        note.text_content().unwrap(),
        "Showing the last valid setting: grouped, in_channels=8, out_channels=16, groups=2, \
         kernel_size=3, padding=1, input 32×32. Fix the highlighted field to update."
    );
    wait_for_output(&root, "[1, 16, 32, 32]").await;

    // Taking the suggestion makes the setting valid and clears every hint.
    by_testid(&root, "groups-suggest-1")
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
    settle().await;
    wait_for_output(&root, "[1, 16, 8, 8]").await;
    assert!(alert(&root).is_none());
    assert!(find(&root, "stale-note").is_none());
    assert!(find(&root, "groups-suggest").is_none());
    let row = by_testid(&root, "cost-grouped");
    assert_eq!(
        attr(&row, "data-macs"),
        Some((16 * 3 * 9 * 8 * 8).to_string())
    );
    assert!(attr(&row, "data-invalid").is_none());
    root.remove();
}

#[wasm_bindgen_test]
async fn unreadable_groups_does_not_block_depthwise() {
    let root = mount_at("?mode=depthwise&h=8&w=8").await;
    wait_for_output(&root, "[1, 8, 8, 8]").await;
    for text in ["abc", ""] {
        type_into(&root, "field-groups", text).await;
        assert!(
            alert(&root).is_none(),
            "groups={text:?}: depthwise ignores it"
        );
        assert!(find(&root, "stale-note").is_none());
        assert_eq!(
            by_testid(&root, "cost-grouped-error")
                .text_content()
                .unwrap(),
            format!("groups must be an integer (got '{text}')")
        );
        // Suggestions sit under the groups field only where the kind reads it.
        assert!(find(&root, "groups-suggest").is_none());
        assert!(attr(&by_testid(&root, "cost-depthwise"), "data-macs").is_some());
    }
    type_into(&root, "field-multiplier", "2").await;
    wait_for_output(&root, "[1, 16, 8, 8]").await;
    assert!(alert(&root).is_none());
    root.remove();
}
