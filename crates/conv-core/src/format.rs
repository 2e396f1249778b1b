//! Numbers as people read them, one way for the page, its charts and the `conv`
//! tool: `568,740,352` and `568.7M`.

/// `568740352` → `"568,740,352"`.
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

const UNITS: [(f64, &str); 5] = [(1.0, ""), (1e3, "K"), (1e6, "M"), (1e9, "G"), (1e12, "T")];

/// The short form the papers print: scaled to K, M, G or T from a thousand up,
/// with at least `digits` significant figures and at least one decimal, trailing
/// zeros dropped. `568_740_352` is `568.7M` at any `digits` up to 4;
/// `4_210_088` is `4.2M` at 2 and `4.21M` at 3 or 4; `1_024_000` is `1.024M` at 4;
/// `864` is `864`, `0.25` is `0.25`.
pub fn compact(v: f64, digits: u32) -> String {
    if v == 0.0 || !v.is_finite() {
        return format!("{v}");
    }
    let unit = UNITS
        .iter()
        .rposition(|(scale, _)| v.abs() >= *scale)
        .unwrap_or(0);
    let (scale, suffix) = UNITS[unit];
    let s = rounded(v / scale, digits);
    // 999_960 rounds to "1000K": say "1M".
    match UNITS.get(unit + 1) {
        Some(&(next, next_suffix))
            if s.trim_start_matches('-')
                .parse()
                .is_ok_and(|x: f64| x >= 1000.0) =>
        {
            rounded(v / next, digits) + next_suffix
        }
        _ => s + suffix,
    }
}

/// `x` (not zero) to `digits` significant figures and at least one decimal, trailing zeros dropped.
fn rounded(x: f64, digits: u32) -> String {
    let magnitude = x.abs().log10().floor() as i32;
    let decimals = (digits as i32 - 1 - magnitude).clamp(1, 20) as usize;
    let s = format!("{x:.decimals$}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_groups_digits() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(568_740_352), "568,740,352");
    }

    #[test]
    fn compact_at_four_digits() {
        let c = |v: u64| compact(v as f64, 4);
        assert_eq!(c(568_740_352), "568.7M");
        assert_eq!(c(4_210_088), "4.21M");
        assert_eq!(c(1_024_000), "1.024M");
        assert_eq!(c(10_838_016), "10.84M");
        assert_eq!(c(4_867_293_184), "4.867G");
        assert_eq!(c(864), "864");
        assert_eq!(c(70_144), "70.14K");
        assert_eq!(c(2_000), "2K");
        assert_eq!(c(999_960), "1M");
        assert_eq!(c(999_940), "999.9K");
        assert_eq!(c(0), "0");
    }

    #[test]
    fn compact_at_fewer_digits() {
        assert_eq!(compact(568_740_352.0, 2), "568.7M");
        assert_eq!(compact(4_209_088.0, 2), "4.2M");
        assert_eq!(compact(4_210_088.0, 3), "4.21M");
        assert_eq!(compact(4_866_000_000.0, 3), "4.87G");
        assert_eq!(compact(29_300_000.0, 3), "29.3M");
        assert_eq!(compact(999.0, 3), "999");
        assert_eq!(compact(2_000_000.0, 2), "2M");
        assert_eq!(compact(1_250_000.0, 2), "1.2M");
        assert_eq!(compact(0.25, 2), "0.25");
        assert_eq!(compact(12.5, 2), "12.5");
        assert_eq!(compact(-1_500.0, 2), "-1.5K");
        assert_eq!(compact(999.96, 4), "1K");
    }
}
