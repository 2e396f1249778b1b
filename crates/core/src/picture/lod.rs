//! Level of detail: which channels a view draws when there are too many to draw
//! them all. Thousands of canvases would freeze the tab, so a view shows at most
//! [`MAX_SHOWN`] and says how many it left out. The choice keeps every group
//! visible for as long as it can, so the split and the per-group sweeps still
//! show each group's own channels.

/// Most channels one view draws.
pub const MAX_SHOWN: usize = 32;

/// The channels (ascending) to draw out of `total`, split in `groups` contiguous
/// groups, showing at most `max`. Small tensors are drawn whole. Otherwise each
/// group shows its first `max / groups` channels (at least one), and when even
/// one per group is too many, the first `max` groups show their first channel.
pub fn shown_channels(total: usize, groups: usize, max: usize) -> Vec<usize> {
    if total <= max {
        return (0..total).collect();
    }
    let groups = groups.clamp(1, total);
    let per_group = total / groups;
    let take = (max / groups).max(1);
    (0..groups.min(max))
        .flat_map(|g| g * per_group..g * per_group + take.min(per_group))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_tensors_are_drawn_whole() {
        assert_eq!(shown_channels(8, 2, 32), (0..8).collect::<Vec<_>>());
        assert_eq!(shown_channels(0, 1, 32), Vec::<usize>::new());
    }

    #[test]
    fn big_tensors_keep_every_group_in_view() {
        let s = shown_channels(256, 4, 32);
        assert_eq!(s.len(), 32);
        assert_eq!(&s[..2], &[0, 1]);
        assert_eq!(&s[8..10], &[64, 65]);
        let s = shown_channels(64, 64, 32);
        assert_eq!(s, (0..32).collect::<Vec<_>>());
        let s = shown_channels(512, 8, 32);
        assert!(s.contains(&448));
        // groups larger than total are clamped, never divide by zero.
        assert_eq!(shown_channels(40, 0, 32).len(), 32);
        assert_eq!(shown_channels(40, 99, 32).len(), 32);
    }
}
