//! The scene as an SVG document (the "SVG" export). Heatmaps become `<image>`s
//! defined once and shown through nested `<svg>` viewports; the PNG bytes come
//! from an encoder the caller supplies (the page's canvas), so this module
//! stays pure and is tested natively.

use std::fmt::Write;

use super::{Painter, FONT};
use crate::picture::colors::Rgb;
use crate::picture::scene::{Anchor, Rect};

/// Turns RGBA pixels into a `data:image/png;base64,...` URI.
pub type PngEncoder = Box<dyn Fn(usize, usize, &[u8]) -> Option<String>>;

pub struct SvgPainter {
    body: String,
    images: usize,
    encode: PngEncoder,
}

/// An image defined in the document: its id and size.
pub struct SvgImage {
    id: String,
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn n(v: f64) -> String {
    let r = (v * 100.0).round() / 100.0;
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        format!("{r}")
    }
}

impl SvgPainter {
    pub fn new(encode: PngEncoder) -> Self {
        SvgPainter {
            body: String::new(),
            images: 0,
            encode,
        }
    }

    /// The finished document, `width × height` CSS pixels, in `lang`, with
    /// `title` as its text alternative. Its fonts cover Chinese on every system.
    pub fn finish(self, width: f64, height: f64, title: &str, lang: &str) -> String {
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" \
             xml:lang=\"{l}\" role=\"img\" font-family=\"{FONT}\">\n<title>{t}</title>\n{}</svg>\n",
            self.body,
            w = n(width),
            h = n(height),
            l = lang,
            t = esc(title),
        )
    }
}

impl Painter for SvgPainter {
    type Image = SvgImage;

    fn make_image(&mut self, w: usize, h: usize, rgba: &[u8]) -> Option<SvgImage> {
        let uri = (self.encode)(w, h, rgba)?;
        self.images += 1;
        let id = format!("p{}", self.images);
        let _ = writeln!(
            self.body,
            "<defs><image id=\"{id}\" width=\"{w}\" height=\"{h}\" preserveAspectRatio=\"none\" \
             style=\"image-rendering:pixelated\" href=\"{uri}\"/></defs>"
        );
        Some(SvgImage { id })
    }

    fn draw_image(&mut self, img: &SvgImage, src: Rect, dst: Rect, alpha: f64) {
        let _ = writeln!(
            self.body,
            "<svg x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" viewBox=\"{} {} {} {}\" preserveAspectRatio=\"none\" opacity=\"{}\"><use href=\"#{}\"/></svg>",
            n(dst.x), n(dst.y), n(dst.w), n(dst.h), n(src.x), n(src.y), n(src.w), n(src.h), n(alpha), img.id
        );
    }

    fn fill_rect(&mut self, r: Rect, c: Rgb, alpha: f64) {
        let _ =
            writeln!(
            self.body,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" fill-opacity=\"{}\"/>",
            n(r.x), n(r.y), n(r.w), n(r.h), c.css(), n(alpha)
        );
    }

    fn stroke_rect(&mut self, r: Rect, c: Rgb, width: f64, alpha: f64) {
        let _ = writeln!(
            self.body,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"{}\" stroke-opacity=\"{}\"/>",
            n(r.x), n(r.y), n(r.w), n(r.h), c.css(), n(width), n(alpha)
        );
    }

    fn polygon(&mut self, pts: &[(f64, f64)], c: Rgb, alpha: f64) {
        let points: Vec<String> = pts
            .iter()
            .map(|(x, y)| format!("{},{}", n(*x), n(*y)))
            .collect();
        let _ = writeln!(
            self.body,
            "<polygon points=\"{}\" fill=\"{}\" fill-opacity=\"{}\"/>",
            points.join(" "),
            c.css(),
            n(alpha)
        );
    }

    fn line(&mut self, from: (f64, f64), to: (f64, f64), c: Rgb, width: f64) {
        let _ = writeln!(
            self.body,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"{}\"/>",
            n(from.0),
            n(from.1),
            n(to.0),
            n(to.1),
            c.css(),
            n(width)
        );
    }

    fn text(&mut self, at: (f64, f64), text: &str, size: f64, c: Rgb, anchor: Anchor, bold: bool) {
        let anchor = match anchor {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        };
        let weight = if bold { " font-weight=\"600\"" } else { "" };
        let _ = writeln!(
            self.body,
            "<text x=\"{}\" y=\"{}\" font-size=\"{}\" fill=\"{}\" text-anchor=\"{anchor}\"{weight}>{}</text>",
            n(at.0), n(at.1), n(size), c.css(), esc(text)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::picture::render::{Planes, Renderer};
    use crate::picture::scene::{build, Label, LabelWords, Moment, SceneLayer, TensorId, Title};
    use crate::picture::timeline::Stage;
    use conv_core::{Conv2dSpec, Nchw};

    /// Labels in a test's own words: a title's name, a shape as `[n, c, h, w]`.
    pub(crate) struct Words;
    impl LabelWords for Words {
        fn label(&self, l: &Label) -> String {
            match l {
                Label::Title(Title::Input) => "Input".into(),
                Label::Shape(s, _) => s.to_string(),
                other => format!("{other:?}"),
            }
        }
    }

    struct Flat;
    impl Planes for Flat {
        fn plane(&self, _: TensorId, _: usize, _: usize) -> Option<((usize, usize), &[f32])> {
            static V: [f32; 16] = [0.5; 16];
            Some(((4, 4), &V))
        }
        fn scale(&self, _: TensorId) -> f32 {
            1.0
        }
        fn partial(&self, _: usize, _: usize) -> Option<Vec<f32>> {
            Some(vec![0.0; 16])
        }
    }

    #[test]
    fn a_scene_becomes_a_well_formed_svg_with_its_heatmaps_and_labels() {
        let layer = Conv2dSpec {
            groups: 2,
            ..Conv2dSpec::new(4, 4, 3)
        }
        .validate()
        .unwrap();
        let l = SceneLayer {
            layer,
            input: Nchw::new(1, 4, 4, 4),
            first_out: Nchw::new(1, 4, 2, 2),
            pointwise: None,
            shuffle: false,
        };
        let scene = build(
            &l,
            Moment {
                stage: Stage::Done,
                progress: 1.0,
            },
            900.0,
            None,
        );
        let mut p = SvgPainter::new(Box::new(|w, h, _| {
            Some(format!("data:image/png;base64,{w}x{h}"))
        }));
        let mut r = Renderer::default();
        r.draw(&mut p, &scene, &Flat, &Words, true);
        let svg = p.finish(scene.width, scene.height, "a <picture>", "en");
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"900\""));
        assert!(svg.trim_end().ends_with("</svg>"));
        // Every distinct plane is defined once and used by every slab that shows it.
        let defs = svg.matches("<defs><image").count();
        let uses = svg.matches("<use href=").count();
        assert!(defs >= 3 && uses >= defs, "{defs} {uses}");
        assert!(svg.contains(">Input</text>") && svg.contains(">[1, 4, 4, 4]</text>"));
        assert_eq!(svg.matches('<').count(), svg.matches('>').count());
        assert!(svg.contains("<title>a &lt;picture&gt;</title>"));

        // The language and a font that has Chinese glyphs (the app's text
        // tests check the Chinese words themselves).
        let svg = SvgPainter::new(Box::new(|_, _, _| None)).finish(1.0, 1.0, "组卷积", "zh");
        assert!(svg.contains("xml:lang=\"zh\"") && svg.contains("Noto Sans CJK SC"));
    }

    /// With a budget, each draw makes images up to it (one at least), and
    /// drawing again goes on until every image is made; without, one draw does.
    #[test]
    fn a_budget_spreads_the_images_over_draws() {
        let layer = Conv2dSpec::new(3, 5, 3).validate().unwrap();
        let l = SceneLayer {
            layer,
            input: Nchw::new(1, 3, 4, 4),
            first_out: Nchw::new(1, 5, 2, 2),
            pointwise: None,
            shuffle: false,
        };
        let moment = Moment {
            stage: Stage::Done,
            progress: 1.0,
        };
        let scene = build(&l, moment, 900.0, None);
        let made = std::rc::Rc::new(std::cell::Cell::new(0));
        let painter = || {
            let made = made.clone();
            SvgPainter::new(Box::new(move |_, _, _| {
                made.set(made.get() + 1);
                Some(String::new())
            }))
        };
        let mut all = Renderer::default();
        all.draw(&mut painter(), &scene, &Flat, &Words, true);
        let total = made.replace(0);
        assert!(all.complete() && total >= 3, "{total}");

        // 16 pixels per plane: one image per draw.
        let mut r = Renderer::default().with_budget(20);
        let mut draws = 0;
        loop {
            r.draw(&mut painter(), &scene, &Flat, &Words, true);
            draws += 1;
            assert!(made.replace(0) <= 1);
            if r.complete() {
                break;
            }
            assert!(draws <= total, "never completes");
        }
        assert_eq!(draws, total);

        // A new result: the old images stand in until each is remade, so every
        // draw shows every plane; then the old ones are gone.
        r.retire();
        let uses = |svg: &str| svg.matches("<use href=").count();
        let mut full = painter();
        all.draw(&mut full, &scene, &Flat, &Words, true);
        let want = uses(&full.finish(scene.width, scene.height, "", "en"));
        loop {
            let mut p = painter();
            r.draw(&mut p, &scene, &Flat, &Words, true);
            assert_eq!(uses(&p.finish(scene.width, scene.height, "", "en")), want);
            if r.complete() {
                break;
            }
        }
        assert!(r.stale.is_empty());
    }

    #[test]
    fn text_is_escaped() {
        let mut p = SvgPainter::new(Box::new(|_, _, _| None));
        p.text(
            (0.0, 0.0),
            "a<b & \"c\"",
            12.0,
            Rgb(0, 0, 0),
            Anchor::Start,
            false,
        );
        let svg = p.finish(10.0, 10.0, "", "en");
        assert!(svg.contains(">a&lt;b &amp; &quot;c&quot;</text>"));
    }
}
