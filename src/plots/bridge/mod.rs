//! What the page and its cost plots tell each other. The plots are a second
//! wasm module (`plots.js`, loaded when the reader nears the plots: see
//! [`use_plots_bridge`], the page's side, and [`use_plots_host`], the plots'
//! side), so the two sides share no memory; they speak in
//! query strings, read and written with the URL's own [`QueryParams`] and the
//! same key names a link uses.
//!
//! - The page writes a [`PlotsView`] on the plots' host element: the fields of
//!   the last valid layer, the charts' settings, the language and the theme.
//! - The plots answer with a [`PlotsRequest`] in an event: a chart setting
//!   changed, or a preset's layer was chosen.

use conv_core::{Conv2dSpec, ConvKind, Nchw};

use crate::state::lang::Lang;
use crate::state::plot_settings::{PlotAction, PlotSettings, KEYS as PLOT_KEYS};
use crate::state::url::QueryParams;
use crate::state::view::Theme;
use crate::state::{Computed, Field, Fields, KindResults};

pub mod use_plots_host;

/// The host element's attribute that holds the [`PlotsView`].
pub const VIEW_ATTR: &str = "data-plots";
/// The event (a `CustomEvent` on the host, its detail a [`PlotsRequest`]) the plots send.
pub const REQUEST_EVENT: &str = "groupwise-plots-request";
/// The event the page sends the host when it removes it: the plots app ends.
pub const CLOSE_EVENT: &str = "groupwise-plots-close";

/// Everything the plots section shows depends on.
#[derive(Debug, Clone, PartialEq)]
pub struct PlotsView {
    /// The fields of the app's last valid result (`State::last_valid`), if any.
    pub fields: Option<Fields>,
    pub plots: PlotSettings,
    pub lang: Lang,
    pub theme: Theme,
}

/// What the plots section asks the page to do.
#[derive(Debug, Clone, PartialEq)]
pub enum PlotsRequest {
    /// `Action::Plot`.
    Plot(PlotAction),
    /// `Action::LoadLayer`: a preset's layer, into the form.
    LoadLayer { spec: Conv2dSpec, input: Nchw },
}

/// The form's keys, as a link writes them.
fn put_fields(q: &mut QueryParams, f: &Fields) {
    q.set("mode", f.mode.name().into());
    for field in Field::ALL {
        q.set(field.key(), f.get(field).to_string());
    }
    q.set("bias", if f.bias { "1" } else { "0" }.into());
}

/// The form's keys back; `None` when the mode is not one.
fn get_fields(q: &QueryParams) -> Option<Fields> {
    let mut f = Fields::default();
    f.mode = ConvKind::from_name(q.get("mode")?)?;
    for field in Field::ALL {
        f.set(field, q.get(field.key())?.to_string());
    }
    f.bias = q.get("bias")? == "1";
    Some(f)
}

impl PlotsView {
    pub fn encode(&self) -> String {
        let mut q = QueryParams::default();
        if let Some(f) = &self.fields {
            put_fields(&mut q, f);
        }
        for key in PLOT_KEYS {
            q.set(key, self.plots.value(key));
        }
        q.set("lang", self.lang.code().into());
        q.set("theme", self.theme.code().into());
        q.to_query()
    }

    /// The view a host element holds; what does not read keeps its default.
    pub fn decode(s: &str) -> PlotsView {
        let q = QueryParams::parse(s);
        let mut plots = PlotSettings::default();
        for key in PLOT_KEYS {
            if let Some(a) = q.get(key).and_then(|v| PlotAction::parse(key, v)) {
                plots.apply(a);
            }
        }
        PlotsView {
            fields: get_fields(&q),
            plots,
            lang: q.get("lang").and_then(Lang::from_code).unwrap_or_default(),
            theme: q
                .get("theme")
                .and_then(Theme::from_code)
                .unwrap_or_default(),
        }
    }

    /// What the charts draw: the layer, as the page computed it.
    pub fn computed(&self) -> Option<Computed> {
        let f = self.fields.as_ref()?;
        Computed::new(f, KindResults::check(f)).ok()
    }
}

impl PlotsRequest {
    pub fn encode(&self) -> String {
        let mut q = QueryParams::default();
        match self {
            PlotsRequest::Plot(a) => {
                let mut s = PlotSettings::default();
                s.apply(a.clone());
                q.set(a.key(), s.value(a.key()));
            }
            // The layer as the form would show it, which reads back to it.
            PlotsRequest::LoadLayer { spec, input } => {
                q.set("layer", "1".into());
                put_fields(&mut q, &Fields::from_layer(spec, *input, "1"));
            }
        }
        q.to_query()
    }

    pub fn decode(s: &str) -> Option<PlotsRequest> {
        let q = QueryParams::parse(s);
        if q.get("layer").is_some() {
            let setting = get_fields(&q)?.parse().ok()?;
            return Some(PlotsRequest::LoadLayer {
                spec: setting.base,
                input: setting.input,
            });
        }
        let (k, v) = q.pairs().first()?;
        PlotAction::parse(k, v).map(PlotsRequest::Plot)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::plot_settings::{Scale, SweepAxis, Unit};

    #[test]
    fn a_view_reads_back_as_written() {
        let mut fields = Fields::default();
        fields.set(Field::KernelSize, "5,3".into());
        fields.mode = ConvKind::Separable;
        fields.bias = false;
        let mut plots = PlotSettings::default();
        for a in [
            PlotAction::Unit(Unit::Flops),
            PlotAction::Scale(Scale::Log),
            PlotAction::ChartBias(Some(false)),
            PlotAction::Sweep(SweepAxis::KernelSize),
            PlotAction::Preset("resnext-block".into()),
            PlotAction::Alpha(0.75),
            PlotAction::Resolution(160),
            PlotAction::FullConv(true),
        ] {
            plots.apply(a);
        }
        let view = PlotsView {
            fields: Some(fields),
            plots,
            lang: Lang::Zh,
            theme: Theme::Dark,
        };
        assert_eq!(PlotsView::decode(&view.encode()), view);
        let none = PlotsView {
            fields: None,
            ..view
        };
        assert_eq!(PlotsView::decode(&none.encode()), none);
        assert_eq!(
            PlotsView::decode("").plots,
            PlotSettings::default(),
            "an empty host"
        );
    }

    /// The charts compute exactly what the page's reducer computed.
    #[test]
    fn the_plots_compute_the_pages_result() {
        let s = crate::state::State::default();
        let view = PlotsView {
            fields: Some(s.fields.clone()),
            plots: s.plots.clone(),
            lang: Lang::En,
            theme: Theme::Light,
        };
        let back = PlotsView::decode(&view.encode());
        assert_eq!(back.computed().as_ref(), s.last_valid.as_deref());
    }

    #[test]
    fn every_plot_action_travels() {
        for (key, value) in [
            ("unit", "flops"),
            ("scale", "log"),
            ("chart_bias", "off"),
            ("sweep", "kernel_size"),
            ("preset", "shufflenet-unit"),
            ("alpha", "0.5"),
            ("resolution", "192"),
            ("full_conv", "1"),
        ] {
            let a = PlotAction::parse(key, value).unwrap_or_else(|| panic!("{key}={value}"));
            let r = PlotsRequest::Plot(a);
            assert_eq!(PlotsRequest::decode(&r.encode()), Some(r), "{key}");
        }
        assert_eq!(PlotsRequest::decode("unit=watts"), None);
        assert_eq!(PlotsRequest::decode(""), None);
    }

    /// Every layer of every preset network reaches the form as the same fields
    /// as loading it directly would write.
    #[test]
    fn every_preset_layer_travels() {
        let mut n = 0;
        for name in conv_core::presets::names() {
            let net = conv_core::presets::by_name(name, &Default::default()).unwrap();
            for layer in &net.layers {
                let Some(spec) = layer.spec.clone() else {
                    continue;
                };
                let input = layer.input;
                let r = PlotsRequest::LoadLayer {
                    spec: spec.clone(),
                    input,
                };
                let Some(PlotsRequest::LoadLayer {
                    spec: s2,
                    input: i2,
                }) = PlotsRequest::decode(&r.encode())
                else {
                    panic!("{name}: {spec:?} did not travel");
                };
                for m in ["1", "abc"] {
                    assert_eq!(
                        Fields::from_layer(&s2, i2, m),
                        Fields::from_layer(&spec, input, m),
                        "{name}: {spec:?}"
                    );
                }
                n += 1;
            }
        }
        assert!(n > 30, "{n} layers");
    }
}
