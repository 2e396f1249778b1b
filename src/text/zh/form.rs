use super::Zh;
use crate::text::FormText;

impl FormText for Zh {}
