//! Number formatting shared by the components.

pub use conv_core::format::thousands;

/// `568_740_352` → `"568.7M"`: short form with one decimal (none for a whole number), as the papers print.
pub fn short(v: u64) -> String {
    conv_core::format::compact(v as f64, 2)
}

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
