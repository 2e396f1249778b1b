//! What the page says beside an imported model's table.

/// Something about the import the page should show beside the table.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Note {
    /// A graph input's batch dimension is symbolic (`dim_param`, 0 or unset):
    /// the network is costed for a batch of 1.
    BatchTakenAsOne {
        input: String,
        /// The symbol's name, e.g. "batch_size", when the file gives one.
        param: Option<String>,
    },
    /// The file pads a layer differently on its two sides, which conv-core's
    /// `Conv2dSpec` cannot hold: the spec shows a padding with the same output
    /// size (hence the same cost). Both are `[top, left, bottom, right]`.
    PaddingShown {
        layer: String,
        pads: [usize; 4],
        shown: [usize; 4],
    },
}

impl std::fmt::Display for Note {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Note::BatchTakenAsOne { input, param } => write!(
                f,
                "input '{input}' has a symbolic batch{}: taken as 1",
                param.as_ref().map(|p| format!(" ('{p}')")).unwrap_or_default()
            ),
            Note::PaddingShown { layer, pads, shown } => write!(
                f,
                "{layer} pads {} (top, left, bottom, right); shown as {}, which gives the same output size",
                conv_core::error::shape(pads),
                conv_core::error::shape(shown)
            ),
        }
    }
}
