use super::En;
use crate::text::FormText;

impl FormText for En {}
