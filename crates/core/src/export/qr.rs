//! The share link's QR code as SVG text (by the `qrcode` crate), for a
//! classroom projector. Made in a task worker (`hooks::use_qr_code`), so the
//! page's own wasm does not carry the encoder (13.6 KB gzipped).

use qrcode::render::svg;
use qrcode::QrCode;

/// The QR code of `text` as an SVG document, at least 220 px square with its
/// quiet zone; `None` when `text` is too long for any QR code.
pub fn qr_svg(text: &str) -> Option<String> {
    let code = QrCode::new(text.as_bytes()).ok()?;
    Some(
        code.render::<svg::Color>()
            .min_dimensions(220, 220)
            .quiet_zone(true)
            .build(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_becomes_a_square_svg_and_too_much_text_none() {
        let svg = qr_svg("https://example.org/groupwise/?mode=grouped&groups=3").unwrap();
        assert!(
            svg.starts_with("<?xml") || svg.starts_with("<svg"),
            "{}",
            &svg[..40]
        );
        assert!(svg.contains("width=\"") && svg.contains("<path"));
        // Version 40 at the lowest correction holds 2953 bytes.
        assert!(qr_svg(&"x".repeat(4000)).is_none());
    }
}
