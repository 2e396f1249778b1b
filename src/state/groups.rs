//! Which `groups` values are valid for two channel counts, and the ones nearest
//! to what was typed (offered under the groups field when it is invalid).

/// Trial division stops here, so a huge channel count cannot freeze the tab.
/// Channel counts that large fail the tensor limits anyway; past 2^40 the list may
/// miss some middle divisors, but every value in it is valid.
const MAX_TRIAL: usize = 1 << 20;

/// The divisors of `n` in ascending order (see [`MAX_TRIAL`]); empty for 0.
fn divisors(n: usize) -> Vec<usize> {
    let (mut small, mut large) = (Vec::new(), Vec::new());
    let mut d = 1;
    while d <= MAX_TRIAL && d.saturating_mul(d) <= n {
        if n % d == 0 {
            small.push(d);
            if d != n / d {
                large.push(n / d);
            }
        }
        d += 1;
    }
    small.extend(large.into_iter().rev());
    small
}

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

/// Groups that divide both channel counts (what the groups field suggests).
/// Empty when a count is zero; capped at 64 suggestions.
pub fn valid_groups(in_channels: usize, out_channels: usize) -> Vec<usize> {
    if in_channels == 0 || out_channels == 0 {
        return Vec::new();
    }
    let mut all = divisors(gcd(in_channels, out_channels));
    all.truncate(64);
    all
}

/// The valid groups nearest to `typed`: the largest below it and the smallest
/// above it, where they exist (an unreadable entry counts as 0).
pub fn nearest_valid_groups(
    typed: Option<usize>,
    in_channels: usize,
    out_channels: usize,
) -> Vec<usize> {
    if in_channels == 0 || out_channels == 0 {
        return Vec::new();
    }
    let t = typed.unwrap_or(0);
    let all = divisors(gcd(in_channels, out_channels));
    let below = all.iter().rev().find(|&&g| g < t);
    let above = all.iter().find(|&&g| g > t);
    below.into_iter().chain(above).copied().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_suggestions_divide_both_counts() {
        assert_eq!(valid_groups(8, 16), [1, 2, 4, 8]);
        assert_eq!(valid_groups(6, 9), [1, 3]);
        assert_eq!(valid_groups(36, 36), [1, 2, 3, 4, 6, 9, 12, 18, 36]);
        assert!(valid_groups(0, 4).is_empty());
        assert_eq!(valid_groups(1 << 20, 1 << 20).len(), 21);
    }

    #[test]
    fn nearest_valid_groups_below_and_above() {
        assert_eq!(nearest_valid_groups(Some(3), 8, 16), [2, 4]);
        assert_eq!(nearest_valid_groups(Some(5), 12, 24), [4, 6]);
        assert_eq!(nearest_valid_groups(Some(2), 3, 16), [1]);
        assert_eq!(nearest_valid_groups(Some(100), 8, 16), [8]);
        assert_eq!(nearest_valid_groups(Some(0), 8, 16), [1]);
        assert_eq!(nearest_valid_groups(None, 8, 16), [1]);
        assert_eq!(
            nearest_valid_groups(Some(4), 8, 16),
            [2, 8],
            "4 itself is not offered"
        );
        assert!(nearest_valid_groups(Some(2), 0, 16).is_empty());
    }

    #[test]
    fn huge_counts_answer_at_once() {
        let p = 4_294_967_291; // the largest prime below 2^32
        assert_eq!(valid_groups(p, p), [1, p]);
        assert_eq!(nearest_valid_groups(Some(2), p, p), [1, p]);
        #[cfg(target_pointer_width = "64")]
        {
            let p = 2_305_843_009_213_693_951; // 2^61 - 1, past the trial limit
            assert_eq!(valid_groups(p, p), [1, p]);
        }
        assert_eq!(nearest_valid_groups(Some(3), usize::MAX, 6), [1]);
    }
}
