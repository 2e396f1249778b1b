//! The JS side of a message: plain objects, strings and typed arrays, read and
//! written field by field. A leaf: the protocol ([`super::protocol`]) is made
//! of these and nothing else touches `Reflect`.

use js_sys::{Array, BigInt, Object, Reflect};
use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue};

/// A small value as a JS object (u64 as BigInt, so any seed survives).
pub fn to_js<T: Serialize>(v: &T) -> Result<JsValue, String> {
    v.serialize(
        &serde_wasm_bindgen::Serializer::new().serialize_large_number_types_as_bigints(true),
    )
    .map_err(|e| format!("cannot encode a worker message: {e}"))
}

pub fn from_js<T: for<'de> Deserialize<'de>>(v: JsValue) -> Result<T, String> {
    serde_wasm_bindgen::from_value(v).map_err(|e| format!("cannot decode a worker message: {e}"))
}

/// Field `key` of `obj` (`undefined` when it has none).
pub fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// A plain object with these fields.
pub fn object(fields: &[(&str, &JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in fields {
        let _ = Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o.into()
}

/// Sets one more field of `obj`.
pub fn set(obj: &JsValue, key: &str, v: &JsValue) {
    let _ = Reflect::set(obj, &JsValue::from_str(key), v);
}

/// A list of strings (an error's words, a GIF's labels) as an array.
pub fn strings_to_js(words: &[String]) -> JsValue {
    words
        .iter()
        .map(|w| JsValue::from_str(w))
        .collect::<Array>()
        .into()
}

/// The strings of an array of strings (`None` if it is not one).
pub fn strings_from_js(v: &JsValue) -> Option<Vec<String>> {
    v.dyn_ref::<Array>()?
        .iter()
        .map(|w| w.as_string())
        .collect()
}

/// A request or job id, as a BigInt.
pub fn id_to_js(id: u64) -> JsValue {
    JsValue::from(BigInt::from(id))
}

pub fn id_from_js(v: JsValue) -> Option<u64> {
    u64::try_from(v.dyn_into::<BigInt>().ok()?).ok()
}
