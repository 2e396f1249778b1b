use super::Zh;
use crate::text::ChartText;

impl ChartText for Zh {}
