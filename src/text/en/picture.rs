use super::En;
use crate::text::PictureText;

impl PictureText for En {}
