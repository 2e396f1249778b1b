//! The focused layer as a self-contained Python script, for PyTorch ([`pytorch`])
//! or Keras 3 ([`keras`]): the same layer, the job's exact tensors, and a last line
//! that prints the output shape and sum as the page shows them. Pure text, built
//! natively and tested there.
//!
//! # The tensors, bit for bit
//!
//! A tensor of at most [`LITERAL_MAX`] values is a Python list literal; a larger one
//! is the base64 of its little-endian float32 bytes, decoded by `np.frombuffer`.
//! When all the tensors together hold more than [`EMBED_MAX`] values, the script
//! loads them from the page's `.npz` (see [`super::npz`]) instead.

pub mod keras;
pub mod pytorch;

pub use keras::keras;
pub use pytorch::pytorch;

use base64::Engine;
use conv_core::{ConvKind, Padding, Pads};

use crate::compute::{JobRequest, JobResult};

/// Tensors with at most this many values are written as Python literals.
pub const LITERAL_MAX: usize = 64;

/// Above this many values in all (input and parameters), the scripts load the
/// `.npz` rather than embed the tensors: a few megabytes of text is enough to copy.
pub const EMBED_MAX: usize = 2_000_000;

/// The `.npz` file name the page saves, which the scripts load when the tensors
/// are too large to embed.
pub fn npz_name(r: &JobResult) -> String {
    format!(
        "groupwise-{}-{}to{}-g{}.npz",
        r.mode.name(),
        r.layer.in_channels,
        r.output.shape.c,
        r.layer.groups
    )
}

/// The padding as the page's form wrote it (`same`, `valid` or numbers), which
/// the layer keeps only as resolved pads: the job's, when `job` made `r`;
/// otherwise read back from the pads (uneven pads can only come from `same`).
pub fn written_padding(job: Option<&JobRequest>, r: &JobResult) -> Padding {
    match job {
        Some(j) if j.id == r.id => j.setting.base.padding,
        _ => {
            let Pads {
                top,
                bottom,
                left,
                right,
            } = r.layer.pads;
            if top == bottom && left == right {
                Padding::Explicit([top, left])
            } else {
                Padding::Same
            }
        }
    }
}

/// A Python float literal that parses to exactly `v`. The f32 is widened to f64
/// (exactly) and printed in the shortest form that reads back as that f64, so
/// Python's float is the f32's value and the cast to float32 does not round.
pub fn float_literal(v: f32) -> String {
    if v.is_nan() {
        return "float('nan')".into();
    }
    if v.is_infinite() {
        return if v > 0.0 {
            "float('inf')"
        } else {
            "float('-inf')"
        }
        .into();
    }
    let d = v as f64;
    let a = d.abs();
    let s = if a != 0.0 && !(1e-4..1e16).contains(&a) {
        format!("{d:e}")
    } else {
        format!("{d}")
    };
    // "-0" and "3" would be Python ints (and -0 would lose its sign).
    if s.contains(['.', 'e']) {
        s
    } else {
        format!("{s}.0")
    }
}

/// The base64 (standard alphabet, padded) of `data` as little-endian float32.
pub fn base64_f32(data: &[f32]) -> String {
    let bytes: Vec<u8> = data.iter().flat_map(|v| v.to_le_bytes()).collect();
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// `(1, 8, 3, 3)`, `(16,)`: a Python shape tuple.
pub(crate) fn shape_tuple(shape: &[usize]) -> String {
    let dims: Vec<String> = shape.iter().map(usize::to_string).collect();
    match dims.len() {
        1 => format!("({},)", dims[0]),
        _ => format!("({})", dims.join(", ")),
    }
}

/// `name = <numpy float32 array>` for one tensor.
fn array_line(name: &str, shape: &[usize], data: &[f32]) -> String {
    let shape = shape_tuple(shape);
    if data.len() <= LITERAL_MAX {
        let values: Vec<String> = data.iter().map(|&v| float_literal(v)).collect();
        let rows: Vec<String> = values.chunks(4).map(|c| c.join(", ")).collect();
        format!(
            "{name} = np.array([\n    {},\n], dtype='<f4').reshape{shape}\n",
            rows.join(",\n    ")
        )
    } else {
        // b64decode skips the line breaks, which keep the text readable.
        let b64 = base64_f32(data);
        let lines: Vec<&str> = b64
            .as_bytes()
            .chunks(76)
            .map(|c| std::str::from_utf8(c).unwrap_or_default())
            .collect();
        format!(
            "{name} = np.frombuffer(base64.b64decode(\"\"\"\n{}\n\"\"\"), dtype='<f4').reshape{shape}.copy()\n",
            lines.join("\n")
        )
    }
}

/// The Python lines that define the numpy float32 arrays `x` (NCHW input), `w`
/// (`[out, in/groups, kh, kw]`), `b` when there is a bias, and for separable
/// `w_pw` and `b_pw`: embedded, or loaded from the `.npz` when too large.
pub(crate) fn data_block(r: &JobResult) -> String {
    let arrays: Vec<_> = super::npz::arrays(r)
        .into_iter()
        .filter(|(name, _, _)| !matches!(*name, "t" | "y"))
        .collect();
    let total: usize = arrays.iter().map(|(_, _, d)| d.len()).sum();
    let mut s = String::new();
    if total > EMBED_MAX {
        s.push_str(&format!(
            "# These tensors hold {total} values, too many to embed here: save the page's\n\
             # .npz (\"Download .npz\") beside this script.\n\
             data = np.load(\"{}\")\n",
            npz_name(r)
        ));
        for (name, _, _) in &arrays {
            s.push_str(&format!("{name} = data[\"{name}\"]\n"));
        }
    } else {
        s.push_str(&format!(
            "# The job's tensors, bit for bit: up to {LITERAL_MAX} values as literals, larger ones as\n\
             # base64 of little-endian float32.\n"
        ));
        for (name, shape, data) in &arrays {
            s.push_str(&array_line(name, shape, data));
        }
    }
    s
}

/// `Output [1, 16, 32, 32]: sum -244.1662`: the page's shape and sum, which the
/// script's last line prints in the same form.
pub fn page_line(r: &JobResult) -> String {
    format!("Output {}: sum {:.4}", r.output.shape, r.stats.sum)
}

/// The script's opening comment: what the layer is, and what the page printed.
pub(crate) fn header(r: &JobResult, framework: &str) -> String {
    let l = &r.layer;
    let what = match r.mode {
        ConvKind::Standard => "a standard convolution (groups=1)".to_string(),
        ConvKind::Grouped => format!(
            "a grouped convolution (groups={}: each group maps {} input channels to {} outputs)",
            l.groups,
            l.in_per_group(),
            l.out_per_group()
        ),
        ConvKind::Depthwise => format!(
            "a depthwise convolution (groups=in_channels={}, depth multiplier {})",
            l.groups,
            l.out_per_group()
        ),
        ConvKind::Separable => format!(
            "a depthwise-separable convolution (depthwise {}x{} with groups={}, then pointwise 1x1)",
            l.kernel[0], l.kernel[1], l.groups
        ),
    };
    format!(
        "# Groupwise: {what},\n# run in {framework} in float32 on the page's exact tensors.\n\
         # The page showed: {}\n",
        page_line(r)
    )
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::compute::{run_job, InputSource, JobRequest};
    use conv_core::weights::WeightPreset;

    /// The page's job for `mode` with the form's defaults and `edits`.
    pub fn job(mode: ConvKind, edits: &[(&str, &str)]) -> (JobRequest, JobResult) {
        let req = JobRequest {
            id: 3,
            setting: crate::compute::setting::test_setting::setting(mode, edits),
            seed: 42,
            input: InputSource::Random,
            weights: WeightPreset::Random,
            sample: None,
        };
        let r = run_job(&req).unwrap();
        (req, r)
    }

    #[test]
    fn float_literals_read_back_as_the_same_f32() {
        let values = [
            0.1f32,
            -0.0,
            0.0,
            1.0,
            -3.0,
            1e-40,
            f32::MIN_POSITIVE,
            f32::MAX,
            -0.333_333_34,
            12345.678,
            1.5e-5,
        ];
        for v in values {
            let s = float_literal(v);
            assert!(s.contains(['.', 'e']), "{s} is not a float literal");
            // Python reads a literal as the nearest f64, as Rust's parser does.
            let back = s.parse::<f64>().unwrap() as f32;
            assert_eq!(back.to_bits(), v.to_bits(), "{v} -> {s}");
        }
        assert_eq!(float_literal(-0.0), "-0.0");
        assert_eq!(float_literal(0.5), "0.5");
        assert_eq!(float_literal(0.1), "0.10000000149011612");
        assert_eq!(float_literal(1e-40), "9.99994610111476e-41");
        assert_eq!(float_literal(f32::INFINITY), "float('inf')");
    }

    #[test]
    fn base64_decodes_to_the_same_bits() {
        let data = [0.1f32, -2.5, 1e-40, -0.0, 3.4e38, 7.0];
        let b64 = base64_f32(&data);
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(&b64)
            .unwrap();
        let back: Vec<u32> = bytes
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        let want: Vec<u32> = data.iter().map(|v| v.to_bits()).collect();
        assert_eq!(back, want);
        // 1.0f32 is 00 00 80 3f little-endian.
        assert_eq!(base64_f32(&[1.0]), "AACAPw==");
    }

    #[test]
    fn small_tensors_are_literals_large_ones_base64() {
        let small = array_line("b", &[2], &[0.5, -1.0]);
        assert_eq!(
            small,
            "b = np.array([\n    0.5, -1.0,\n], dtype='<f4').reshape(2,)\n"
        );
        let big = array_line("x", &[1, 1, 10, 10], &[1.0; 100]);
        assert!(big.starts_with("x = np.frombuffer(base64.b64decode(\"\"\"\nAACAPwAAgD8"));
        assert!(big.ends_with("\"\"\"), dtype='<f4').reshape(1, 1, 10, 10).copy()\n"));
        assert!(big.lines().all(|l| l.len() <= 80));
    }

    #[test]
    fn too_large_tensors_are_loaded_from_the_npz() {
        let (_, r) = job(ConvKind::Grouped, &[]);
        let block = data_block(&r);
        assert!(block.contains("x = np.frombuffer(") && block.contains("b = np.array(["));
        assert!(!block.contains("np.load"));
        let edits = [
            ("in_channels", "64"),
            ("out_channels", "64"),
            ("h", "180"),
            ("w", "180"),
        ];
        let (_, r) = job(ConvKind::Depthwise, &edits);
        let block = data_block(&r);
        assert!(block.contains("data = np.load(\"groupwise-depthwise-64to64-g64.npz\")"));
        assert!(block.contains("x = data[\"x\"]\nw = data[\"w\"]\nb = data[\"b\"]\n"));
        assert!(!block.contains("base64.b64decode"));
    }

    #[test]
    fn padding_as_written_or_read_back_from_the_pads() {
        let (req, mut r) = job(ConvKind::Grouped, &[("padding", "same")]);
        assert_eq!(written_padding(Some(&req), &r), Padding::Same);
        // Another job's result: padding 'same' on a 3x3 is 1 on every side.
        assert_eq!(written_padding(None, &r), Padding::Explicit([1, 1]));
        r.layer.pads.bottom = 2;
        assert_eq!(written_padding(None, &r), Padding::Same);
        let (req, r) = job(ConvKind::Grouped, &[("padding", "valid")]);
        assert_eq!(written_padding(Some(&req), &r), Padding::Valid);
    }
}
