use super::Zh;
use crate::text::PictureText;

impl PictureText for Zh {}
