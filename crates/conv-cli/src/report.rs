//! Output: number formats, a PyTorch-style layer repr, plain tables, JSON.

use conv_core::{Conv2dSpec, Padding, PaddingMode};

/// `568740352` → `568,740,352`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// Four significant digits with a K/M/G/T suffix: `568.7M`, `4.21M`, `864`.
pub fn human(n: u64) -> String {
    const UNITS: [(f64, &str); 4] = [(1e3, "K"), (1e6, "M"), (1e9, "G"), (1e12, "T")];
    let v = n as f64;
    let fmt = |x: f64| {
        let decimals = if x >= 100.0 {
            1
        } else if x >= 10.0 {
            2
        } else {
            3
        };
        let s = format!("{x:.decimals$}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    };
    let Some(i) = UNITS.iter().rposition(|(scale, _)| v >= *scale) else {
        return n.to_string();
    };
    let (scale, unit) = UNITS[i];
    let s = fmt(v / scale);
    // 999,960 rounds to "1000K"; say "1M" instead.
    match UNITS.get(i + 1) {
        Some(&(next, next_unit)) if s.parse::<f64>().is_ok_and(|x| x >= 1000.0) => {
            format!("{}{next_unit}", fmt(v / next))
        }
        _ => format!("{s}{unit}"),
    }
}

/// `568,740,352 (568.7M)`, or just the number below a thousand.
pub fn both(n: u64) -> String {
    if n < 1000 {
        n.to_string()
    } else {
        format!("{} ({})", thousands(n), human(n))
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
    fn number_formats() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(568_740_352), "568,740,352");
        assert_eq!(human(568_740_352), "568.7M");
        assert_eq!(human(4_210_088), "4.21M");
        assert_eq!(human(1_024_000), "1.024M");
        assert_eq!(human(10_838_016), "10.84M");
        assert_eq!(human(4_867_293_184), "4.867G");
        assert_eq!(human(864), "864");
        assert_eq!(human(70_144), "70.14K");
        assert_eq!(human(2_000), "2K");
        assert_eq!(human(999_960), "1M");
        assert_eq!(human(999_940), "999.9K");
        assert_eq!(both(61_200), "61,200 (61.2K)");
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
