//! Number formatting shared by the components.

/// `1234567` → `"1,234,567"`.
pub fn thousands(v: u64) -> String {
    let s = v.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// `568_740_352` → `"568.7M"`: short form with one decimal, as the papers print.
pub fn short(v: u64) -> String {
    let v = v as f64;
    for (scale, unit) in [(1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "K")] {
        if v >= scale {
            return format!("{:.1}{unit}", v / scale);
        }
    }
    format!("{v}")
}

/// `"[1, 16, 32, 32]"`.
/// The layers of a kind in one line: `8→8 3x3 g=8 then 8→16 1x1 g=1`, with
/// the text layer's `then`.
pub fn layers(plan: &conv_core::KindPlan, then: &str) -> String {
    let each: Vec<String> = plan
        .stages
        .iter()
        .map(|s| {
            let l = &s.layer;
            format!(
                "{}→{} {}x{} g={}",
                l.in_channels, l.out_channels, l.kernel[0], l.kernel[1], l.groups
            )
        })
        .collect();
    each.join(then)
}

pub fn shape(s: conv_core::Nchw) -> String {
    format!("[{}, {}, {}, {}]", s.n, s.c, s.h, s.w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(462_422_016), "462,422,016");
        assert_eq!(short(568_740_352), "568.7M");
        assert_eq!(short(4_209_088), "4.2M");
        assert_eq!(short(512), "512");
    }
}
