use super::En;
use crate::text::ChartText;

impl ChartText for En {}
