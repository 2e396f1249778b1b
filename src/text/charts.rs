//! The messages of the charts area.

pub trait ChartText {}
