use super::Zh;
use crate::text::ErrorText;

impl ErrorText for Zh {}
