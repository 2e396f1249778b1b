use super::En;
use crate::text::ErrorText;

impl ErrorText for En {}
