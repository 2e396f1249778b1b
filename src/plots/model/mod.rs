//! The numbers every chart draws, from the layer and the charts' settings
//! (`crate::state::plot_settings`): [`cost`] side by side, [`sweep`]s against
//! the closed forms, a [`network`] preset's layers and kinds, and the
//! [`timing`] of each kind against its cost. Pure, and tested natively.

pub mod cost;
pub mod network;
pub mod networks;
pub mod sweep;
pub mod timing;
