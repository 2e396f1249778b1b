//! [`WeightPreset`]: the ways to fill a layer's weights, by name. The patterns
//! themselves and how they fill a tensor are in [`crate::weights`]; this leaf
//! holds only the names, so [`crate::error`] can name a preset without
//! depending on the kernels.

use serde::{Deserialize, Serialize};

/// A way to fill a layer's weights.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WeightPreset {
    /// Seeded uniform `[-1, 1)`: the same numbers as [`crate::rng::generate`].
    #[default]
    Random,
    Identity,
    BoxBlur,
    SobelX,
    SobelY,
    Laplacian,
}

impl WeightPreset {
    pub const ALL: [WeightPreset; 6] = [
        WeightPreset::Random,
        WeightPreset::Identity,
        WeightPreset::BoxBlur,
        WeightPreset::SobelX,
        WeightPreset::SobelY,
        WeightPreset::Laplacian,
    ];

    /// Lower-case name, as used in URLs and test ids.
    pub fn name(self) -> &'static str {
        match self {
            WeightPreset::Random => "random",
            WeightPreset::Identity => "identity",
            WeightPreset::BoxBlur => "boxblur",
            WeightPreset::SobelX => "sobelx",
            WeightPreset::SobelY => "sobely",
            WeightPreset::Laplacian => "laplacian",
        }
    }

    /// Parses [`WeightPreset::name`].
    pub fn from_name(s: &str) -> Option<WeightPreset> {
        WeightPreset::ALL.into_iter().find(|p| p.name() == s)
    }
}
