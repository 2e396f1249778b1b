//! Writes the code panel's output for a few settings, for `scripts/check_snippets.py`
//! to run in real PyTorch (and Keras): `cargo run --example code_snippets -- DIR`.
//!
//! Each case gets `DIR/<case>/` with `run_pytorch.py`, `run_keras.py` (not `torch.py`: it would shadow torch), the `.npz` under the
//! name the scripts load it by, and `expected.json` (the page's line and sum, and
//! the layers' arguments, for checking the `.npz` with `F.conv2d`).

use std::path::Path;

use conv_core::weights::WeightPreset;
use conv_core::{Conv2dLayer, ConvKind};
use groupwise::state::{Field, Fields};
use groupwise_core::compute::{run_job, InputSource, JobRequest};
use groupwise_core::export::npz::npz;
use groupwise_core::export::snippet::{keras, npz_name, page_line, pytorch, written_padding};

type Case = (&'static str, ConvKind, &'static [(Field, &'static str)]);

const CASES: &[Case] = &[
    ("standard", ConvKind::Standard, &[]),
    ("grouped_g4", ConvKind::Grouped, &[(Field::Groups, "4")]),
    (
        "depthwise_m2",
        ConvKind::Depthwise,
        &[(Field::Multiplier, "2")],
    ),
    (
        "separable_m2",
        ConvKind::Separable,
        &[(Field::Multiplier, "2"), (Field::OutChannels, "24")],
    ),
    (
        "grouped_stride2",
        ConvKind::Grouped,
        &[(Field::Groups, "4"), (Field::Stride, "2"), (Field::H, "31")],
    ),
    (
        "grouped_same_k4",
        ConvKind::Grouped,
        &[(Field::KernelSize, "4"), (Field::Padding, "same")],
    ),
    (
        "depthwise_dilation2",
        ConvKind::Depthwise,
        &[(Field::Dilation, "2"), (Field::Padding, "2")],
    ),
    (
        "standard_valid_k3x5_small",
        ConvKind::Standard,
        &[
            (Field::KernelSize, "3,5"),
            (Field::Padding, "valid"),
            (Field::InChannels, "2"),
            (Field::OutChannels, "2"),
            (Field::H, "4"),
            (Field::W, "6"),
        ],
    ),
    (
        "separable_same_dilation2_stride1",
        ConvKind::Separable,
        &[(Field::Padding, "same"), (Field::Dilation, "2")],
    ),
    (
        "large_depthwise_over_embed_limit",
        ConvKind::Depthwise,
        &[
            (Field::InChannels, "64"),
            (Field::H, "180"),
            (Field::W, "180"),
        ],
    ),
];

fn layer_json(l: &Conv2dLayer) -> serde_json::Value {
    serde_json::json!({
        "stride": l.stride,
        "dilation": l.dilation,
        "groups": l.groups,
        "pads": [l.pads.top, l.pads.bottom, l.pads.left, l.pads.right],
        "padding_mode": l.padding_mode.name(),
    })
}

fn write_case(dir: &Path, (name, mode, edits): &Case, bias: bool) -> Result<(), String> {
    let en = groupwise::text::text(groupwise::text::Lang::En);
    let mut f = Fields::default();
    f.mode = *mode;
    f.bias = bias;
    for (field, text) in *edits {
        f.set(*field, text.to_string());
    }
    let req = JobRequest {
        id: 1,
        setting: f.parse().map_err(|e| en.problem(&e.problem))?,
        seed: 42,
        input: InputSource::Random,
        weights: WeightPreset::Random,
        sample: None,
    };
    let r = run_job(&req).map_err(|e| en.job_error(&e))?;
    let padding = written_padding(Some(&req), &r);
    let case = dir.join(if bias {
        name.to_string()
    } else {
        format!("{name}_nobias")
    });
    std::fs::create_dir_all(&case).map_err(|e| e.to_string())?;
    let expected = serde_json::json!({
        "line": page_line(&r),
        "sum": r.stats.sum,
        "npz": npz_name(&r),
        "layer": layer_json(&r.layer),
        "pw_layer": r.pw_layer.as_ref().map(layer_json),
    });
    let npz_file = npz_name(&r);
    let files = [
        ("run_pytorch.py", pytorch(&r, padding).into_bytes()),
        ("run_keras.py", keras(&r, padding).into_bytes()),
        ("expected.json", expected.to_string().into_bytes()),
        (npz_file.as_str(), npz(&r)?),
    ];
    for (file, bytes) in files {
        std::fs::write(case.join(file), bytes).map_err(|e| e.to_string())?;
    }
    println!("{}: {}", case.display(), page_line(&r));
    Ok(())
}

fn main() -> Result<(), String> {
    let dir = std::env::args()
        .nth(1)
        .ok_or("usage: code_snippets OUTPUT_DIR")?;
    for case in CASES {
        write_case(Path::new(&dir), case, true)?;
    }
    // Without bias too, where the kind's scripts differ.
    for case in [CASES[1], CASES[3]] {
        write_case(Path::new(&dir), &case, false)?;
    }
    Ok(())
}
