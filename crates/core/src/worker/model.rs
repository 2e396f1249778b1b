//! The model worker's messages: the learner's ONNX file in (its bytes
//! transferred, never copied between threads and never sent off the page), and
//! the network it describes out, or why it could not be read.
//!
//! A network crosses as its layers' names and one `Float64Array` of
//! [`NUMBERS`] numbers per layer (every size is exact in an `f64`); the error
//! and the notes as serde values (their facts only, worded by the text layer),
//! with the layers known before a shape could not be, as a network again.

use conv_core::presets::{LayerKind, NetLayer, Network};
use conv_core::{Conv2dSpec, Cost, IntOrPair, Nchw, Padding};
use js_sys::{Array, Float64Array, Uint8Array};
use onnx_import::{Imported, ModelError, Note};
use wasm_bindgen::{JsCast, JsValue};

use super::js::{from_js, get, object, set, strings_from_js, strings_to_js, to_js};

/// What the model worker says.
#[derive(Debug, Clone, PartialEq)]
pub enum ModelReply {
    /// Its wasm is loaded: the file may be sent.
    Ready,
    Imported(ImportedModel),
    /// The file is not a model this reader can cost; the layers known up to
    /// where it stopped (only for a shape it could not know).
    Failed(ModelError, Network),
}

impl ModelReply {
    /// The reply to an import: the model, or why there is none with the
    /// layers known up to where the reader stopped.
    pub fn from_import(read: Result<Imported, ModelError>) -> Self {
        match read {
            Ok(m) => ModelReply::Imported(ImportedModel {
                network: m.network,
                notes: m.notes,
                opset: m.opset,
                producer: m.producer,
            }),
            Err(e) => {
                let layers = match &e {
                    ModelError::ShapeUnknown { known, .. } => known.clone(),
                    _ => Vec::new(),
                };
                let known = Network {
                    name: String::new(),
                    description: String::new(),
                    layers,
                };
                ModelReply::Failed(e, known)
            }
        }
    }
}

/// A model as the page shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedModel {
    pub network: Network,
    pub notes: Vec<Note>,
    pub opset: i64,
    pub producer: String,
}

/// The request: the file's bytes, whose buffer is transferred.
pub fn encode_request(bytes: &Uint8Array) -> (JsValue, Array) {
    let msg = object(&[("type", &"model".into()), ("bytes", bytes)]);
    (msg, Array::of1(&bytes.buffer()))
}

/// The file's bytes, copied once into this thread's memory.
pub fn decode_request(msg: &JsValue) -> Option<Vec<u8>> {
    let b = get(msg, "bytes").dyn_into::<Uint8Array>().ok()?;
    Some(b.to_vec())
}

impl ModelReply {
    pub fn encode(&self) -> (JsValue, Array) {
        let transfer = Array::new();
        let msg = match self {
            ModelReply::Ready => object(&[("type", &"ready".into())]),
            ModelReply::Imported(m) => {
                let notes = to_js(&m.notes).unwrap_or(JsValue::NULL);
                let msg = object(&[("type", &"model".into()), ("notes", &notes)]);
                set(&msg, "opset", &JsValue::from(m.opset as f64));
                set(&msg, "producer", &JsValue::from_str(&m.producer));
                put_network(&msg, "network", &m.network);
                msg
            }
            ModelReply::Failed(e, known) => {
                let error = to_js(e).unwrap_or(JsValue::NULL);
                let msg = object(&[("type", &"model_failed".into()), ("error", &error)]);
                put_network(&msg, "known", known);
                msg
            }
        };
        (msg, transfer)
    }

    /// Reads a model worker's message (`None` when it is none of these).
    pub fn decode(msg: &JsValue) -> Option<ModelReply> {
        match get(msg, "type").as_string()?.as_str() {
            "ready" => Some(ModelReply::Ready),
            "model" => Some(ModelReply::Imported(ImportedModel {
                network: take_network(msg, "network")?,
                notes: from_js(get(msg, "notes")).ok()?,
                opset: get(msg, "opset").as_f64()? as i64,
                producer: get(msg, "producer").as_string()?,
            })),
            "model_failed" => Some(ModelReply::Failed(
                from_js(get(msg, "error")).ok()?,
                take_network(msg, "known")?,
            )),
            _ => None,
        }
    }
}

/// Numbers per layer: kind and its argument, input and output shapes, and for
/// a layer with a spec: in/out channels, kernel, stride, padding (kind and
/// values), dilation, groups, bias; then MACs, FLOPs, params and bytes.
pub const NUMBERS: usize = 27;

fn kind_code(k: LayerKind) -> (f64, f64) {
    match k {
        LayerKind::Standard => (0.0, 0.0),
        LayerKind::Grouped => (1.0, 0.0),
        LayerKind::Depthwise => (2.0, 0.0),
        LayerKind::Pointwise => (3.0, 0.0),
        LayerKind::FullyConnected => (4.0, 0.0),
        LayerKind::ChannelShuffle { groups } => (5.0, groups as f64),
        LayerKind::MaxPool => (6.0, 0.0),
        LayerKind::ChannelSplit => (7.0, 0.0),
        LayerKind::Concat => (8.0, 0.0),
    }
}

fn kind_of(code: f64, arg: usize) -> Option<LayerKind> {
    Some(match code as u8 {
        0 => LayerKind::Standard,
        1 => LayerKind::Grouped,
        2 => LayerKind::Depthwise,
        3 => LayerKind::Pointwise,
        4 => LayerKind::FullyConnected,
        5 => LayerKind::ChannelShuffle { groups: arg },
        6 => LayerKind::MaxPool,
        7 => LayerKind::ChannelSplit,
        8 => LayerKind::Concat,
        _ => return None,
    })
}

fn pair(p: IntOrPair) -> [usize; 2] {
    match p {
        IntOrPair::Int(v) => [v, v],
        IntOrPair::Pair(p) => p,
    }
}

/// The spec's numbers (12): channels, kernel, stride, padding, dilation, groups, bias.
fn spec_numbers(s: &Conv2dSpec) -> [f64; 12] {
    let [kh, kw] = pair(s.kernel_size);
    let [sh, sw] = pair(s.stride);
    let [dh, dw] = pair(s.dilation);
    let (pk, [ph, pw]) = match s.padding {
        Padding::Explicit(p) => (0.0, p),
        Padding::Same => (1.0, [0, 0]),
        Padding::Valid => (2.0, [0, 0]),
    };
    let f = |v: usize| v as f64;
    [
        f(s.in_channels),
        f(s.out_channels),
        f(kh),
        f(kw),
        f(sh),
        f(sw),
        pk,
        f(ph),
        f(pw),
        f(dh),
        f(dw),
        f(s.groups) + if s.bias { 0.5 } else { 0.0 },
    ]
}

fn spec_of(n: &[f64]) -> Conv2dSpec {
    let u = |i: usize| n[i] as usize;
    let padding = match n[6] as u8 {
        1 => Padding::Same,
        2 => Padding::Valid,
        _ => Padding::Explicit([u(7), u(8)]),
    };
    Conv2dSpec {
        stride: IntOrPair::Pair([u(4), u(5)]),
        padding,
        dilation: IntOrPair::Pair([u(9), u(10)]),
        groups: u(11),
        bias: n[11].fract() > 0.0,
        ..Conv2dSpec::new(u(0), u(1), IntOrPair::Pair([u(2), u(3)]))
    }
}

fn layer_numbers(l: &NetLayer, out: &mut Vec<f64>) {
    let (code, arg) = kind_code(l.kind);
    let shape = |s: Nchw| s.to_array().map(|v| v as f64);
    out.extend([code, arg, f64::from(u8::from(l.spec.is_some()))]);
    out.extend(shape(l.input));
    out.extend(shape(l.output));
    out.extend(l.spec.as_ref().map_or([0.0; 12], spec_numbers));
    let c = l.cost;
    out.extend([c.macs, c.flops, c.params, c.bytes].map(|v| v as f64));
}

fn layer_of(name: String, n: &[f64]) -> Option<NetLayer> {
    let shape = |i: usize| {
        Nchw::new(
            n[i] as usize,
            n[i + 1] as usize,
            n[i + 2] as usize,
            n[i + 3] as usize,
        )
    };
    let u = |i: usize| n[i] as u64;
    Some(NetLayer {
        name,
        kind: kind_of(n[0], n[1] as usize)?,
        spec: (n[2] == 1.0).then(|| spec_of(&n[11..23])),
        input: shape(3),
        output: shape(7),
        cost: Cost {
            macs: u(23),
            flops: u(24),
            params: u(25),
            bytes: u(26),
        },
    })
}

fn put_network(msg: &JsValue, key: &str, net: &Network) {
    let names: Vec<String> = net.layers.iter().map(|l| l.name.clone()).collect();
    let mut numbers = Vec::with_capacity(net.layers.len() * NUMBERS);
    for l in &net.layers {
        layer_numbers(l, &mut numbers);
    }
    let v = object(&[
        ("name", &JsValue::from_str(&net.name)),
        ("description", &JsValue::from_str(&net.description)),
        ("names", &strings_to_js(&names)),
        ("numbers", &Float64Array::from(numbers.as_slice()).into()),
    ]);
    set(msg, key, &v);
}

fn take_network(msg: &JsValue, key: &str) -> Option<Network> {
    let v = get(msg, key);
    let names = strings_from_js(&get(&v, "names"))?;
    let numbers = get(&v, "numbers").dyn_into::<Float64Array>().ok()?.to_vec();
    if numbers.len() != names.len() * NUMBERS {
        return None;
    }
    let layers = names
        .into_iter()
        .zip(numbers.chunks_exact(NUMBERS))
        .map(|(name, n)| layer_of(name, n))
        .collect::<Option<Vec<_>>>()?;
    Some(Network {
        name: get(&v, "name").as_string()?,
        description: get(&v, "description").as_string()?,
        layers,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every preset's layers (markers included) survive the numbers, exactly.
    #[test]
    fn every_preset_layer_round_trips_through_its_numbers() {
        for name in conv_core::presets::names() {
            let net = conv_core::presets::by_name(name, &Default::default()).unwrap();
            for l in &net.layers {
                let mut n = Vec::new();
                layer_numbers(l, &mut n);
                assert_eq!(n.len(), NUMBERS);
                let back = layer_of(l.name.clone(), &n).unwrap();
                // The spec comes back with pairs: compare what it validates to.
                assert_eq!(
                    (back.kind, back.input, back.output, back.cost),
                    (l.kind, l.input, l.output, l.cost)
                );
                let v = |s: &Option<Conv2dSpec>| s.as_ref().map(|s| s.validate().unwrap());
                assert_eq!(v(&back.spec), v(&l.spec), "{name} {}", l.name);
            }
        }
    }
}
