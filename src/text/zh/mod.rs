//! 中文。术语见 docs/GLOSSARY.md;PyTorch 的参数名(in_channels、groups……)是代码,保持原样。

mod errors;
mod form;
mod picture;
mod shell;

/// The Chinese messages.
pub struct Zh;
