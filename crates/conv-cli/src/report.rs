//! Output: number formats, a PyTorch-style layer repr, plain tables, JSON.

use conv_core::format::{compact, thousands};
use conv_core::{Conv2dSpec, Padding, PaddingMode};

/// `568,740,352 (568.7M)`, or just the number below a thousand.
pub fn both(n: u64) -> String {
    if n < 1000 {
        n.to_string()
    } else {
        format!("{} ({})", thousands(n), compact(n as f64, 4))
    }
}

fn pair(p: [usize; 2]) -> String {
    format!("({}, {})", p[0], p[1])
}

/// The layer as PyTorch prints it: `Conv2d(32, 32, kernel_size=(3, 3), stride=(1, 1),
/// padding=(1, 1), groups=32, bias=False)`, defaults other than stride left out.
pub fn torch_repr(spec: &Conv2dSpec) -> String {
    let mut s = format!(
        "Conv2d({}, {}, kernel_size={}, stride={}",
        spec.in_channels,
        spec.out_channels,
        pair(spec.kernel_size.pair()),
        pair(spec.stride.pair())
    );
    match spec.padding {
        Padding::Explicit([0, 0]) => {}
        Padding::Explicit(p) => s += &format!(", padding={}", pair(p)),
        Padding::Same => s += ", padding=same",
        Padding::Valid => s += ", padding=valid",
    }
    if spec.dilation.pair() != [1, 1] {
        s += &format!(", dilation={}", pair(spec.dilation.pair()));
    }
    if spec.groups != 1 {
        s += &format!(", groups={}", spec.groups);
    }
    if !spec.bias {
        s += ", bias=False";
    }
    if spec.padding_mode != PaddingMode::Zeros {
        s += &format!(", padding_mode={}", spec.padding_mode.name());
    }
    s + ")"
}

/// Pretty JSON and a final newline.
pub fn to_json(v: &impl serde::Serialize) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default() + "\n"
}

/// A plain-text table: columns padded to their widest cell; `right[i]` aligns column i right.
pub fn table(header: &[&str], rows: &[Vec<String>], right: &[bool]) -> String {
    let cols = header.len();
    let mut width: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in width.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let mut s = String::new();
        for (i, cell) in cells.iter().enumerate().take(cols) {
            let pad = width[i] - cell.chars().count();
            if i > 0 {
                s.push_str("  ");
            }
            if right.get(i).copied().unwrap_or(false) {
                s.push_str(&" ".repeat(pad));
                s.push_str(cell);
            } else {
                s.push_str(cell);
                if i + 1 < cols {
                    s.push_str(&" ".repeat(pad));
                }
            }
        }
        s.push('\n');
        s
    };
    let mut out = line(header.to_vec());
    for row in rows {
        out += &line(row.iter().map(String::as_str).collect());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_forms() {
        assert_eq!(both(864), "864");
        assert_eq!(both(61_200), "61,200 (61.2K)");
        assert_eq!(both(568_740_352), "568,740,352 (568.7M)");
    }

    #[test]
    fn repr_like_pytorch() {
        let mut s = Conv2dSpec::new(32, 32, 3);
        s.padding = Padding::Explicit([1, 1]);
        s.groups = 32;
        s.bias = false;
        assert_eq!(
            torch_repr(&s),
            "Conv2d(32, 32, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1), groups=32, bias=False)"
        );
        assert_eq!(
            torch_repr(&Conv2dSpec::new(3, 8, 1)),
            "Conv2d(3, 8, kernel_size=(1, 1), stride=(1, 1))"
        );
    }
}
