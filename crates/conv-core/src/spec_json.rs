//! A spec's JSON form read with errors that name the field, as the page's form
//! does: `"in_channels": "four"` says `in_channels`, not "expected usize".
//!
//! serde reports where it failed (through `serde_path_to_error`); the message is
//! then worded per field, as PyTorch and [`ConvError`] word them, and shows the
//! value the field holds.

use crate::error::{ConvError, Result};
use crate::spec::{invalid_padding_string, Conv2dSpec, PaddingMode};
use serde_json::Value;

/// Parses a spec; a field of the wrong type or value is named in the error.
pub fn parse(text: &str) -> Result<Conv2dSpec> {
    let mut de = serde_json::Deserializer::from_str(text);
    let spec = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let field = match e.path().iter().next() {
            Some(serde_path_to_error::Segment::Map { key }) => Some(key.as_str()),
            _ => None,
        };
        match field.and_then(|f| field_error(f, text)) {
            Some(msg) => ConvError::InvalidSpec(msg),
            None => syntax(e.inner()),
        }
    })?;
    de.end().map_err(|e| syntax(&e))?;
    Ok(spec)
}

fn syntax(e: &serde_json::Error) -> ConvError {
    ConvError::InvalidSpec(format!("invalid spec JSON: {e}"))
}

/// What `field` must hold, for a known field.
fn expected(field: &str) -> Option<String> {
    Some(match field {
        "in_channels" | "out_channels" | "groups" => "a positive integer".into(),
        "kernel_size" | "stride" | "dilation" => {
            "a positive integer or a pair [h, w] of them".into()
        }
        "padding" => "a non-negative integer, a pair [h, w] of them, 'same' or 'valid'".into(),
        "bias" => "true or false".into(),
        "padding_mode" => {
            let names: Vec<String> = PaddingMode::ALL
                .iter()
                .map(|m| format!("'{}'", m.name()))
                .collect();
            format!("one of [{}]", names.join(", "))
        }
        _ => return None,
    })
}

/// `field` must be …, with the value it holds in `text` when the text is JSON.
fn field_error(field: &str, text: &str) -> Option<String> {
    let what = expected(field)?;
    let value = serde_json::from_str::<Value>(text)
        .ok()
        .and_then(|doc| doc.get(field).cloned());
    Some(match value {
        // PyTorch's own message for a padding string it does not know.
        Some(Value::String(s)) if field == "padding" => invalid_padding_string(&s),
        Some(v) => format!("{field} must be {what} (got {field}={})", repr(&v)),
        None => format!("{field} must be {what}"),
    })
}

/// A JSON value as the messages show values: strings in single quotes, as Python does.
fn repr(v: &Value) -> String {
    match v {
        Value::String(s) => format!("'{s}'"),
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(repr).collect();
            format!("[{}]", items.join(", "))
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(json: &str) -> String {
        parse(json).unwrap_err().to_string()
    }

    const BASE: &str = r#""in_channels": 4, "out_channels": 4, "kernel_size": 3"#;

    #[test]
    fn wrong_values_name_their_field() {
        assert_eq!(
            error(&format!("{{{BASE}, \"padding\": -1}}")),
            "padding must be a non-negative integer, a pair [h, w] of them, 'same' or 'valid' (got padding=-1)"
        );
        assert_eq!(
            error(&format!("{{{BASE}, \"padding_mode\": \"mirror\"}}")),
            "padding_mode must be one of ['zeros', 'reflect', 'replicate', 'circular'] (got padding_mode='mirror')"
        );
        assert_eq!(
            error(r#"{"in_channels": "four", "out_channels": 4, "kernel_size": 3}"#),
            "in_channels must be a positive integer (got in_channels='four')"
        );
        assert_eq!(
            error(&format!("{{{BASE}, \"stride\": [1, -2]}}")),
            "stride must be a positive integer or a pair [h, w] of them (got stride=[1, -2])"
        );
        assert_eq!(
            error(&format!("{{{BASE}, \"bias\": 1}}")),
            "bias must be true or false (got bias=1)"
        );
        assert_eq!(
            error(&format!("{{{BASE}, \"padding\": \"full\"}}")),
            "Invalid padding string 'full', should be one of ['same', 'valid']"
        );
    }

    #[test]
    fn other_mistakes_keep_serde_words() {
        assert!(error("{in_channels: 6").starts_with("invalid spec JSON: key must be a string"));
        assert!(error(r#"{"in_channels": 4}"#).contains("missing field `out_channels`"));
        let e = error(&format!("{{{BASE}, \"colour\": 1}}"));
        assert!(e.contains("unknown field `colour`"), "{e}");
        let e = error(&format!("{{{BASE}}} extra"));
        assert!(e.contains("trailing characters"), "{e}");
        // A wrong value before a syntax error: still named, without the value.
        assert_eq!(
            error(r#"{"in_channels": "four", "out_channels": 4"#),
            "in_channels must be a positive integer"
        );
    }

    #[test]
    fn good_specs_parse() {
        let s = parse(&format!("{{{BASE}, \"padding\": [1, 2]}}")).unwrap();
        assert_eq!(s.padding, crate::Padding::Explicit([1, 2]));
    }
}
