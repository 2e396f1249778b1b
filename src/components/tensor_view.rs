//! A tensor as a column of channel heatmaps, banded by group: each tile carries
//! its group's hue, and the bands slide apart (split) and back (concat) through
//! a CSS transform set on the CSSOM.

use std::rc::Rc;

use yew::prelude::*;

use super::plane_canvas::{Mark, Plane, PlaneCanvas};

/// Sets CSS custom properties through the CSSOM (the CSP forbids `style=""`).
pub fn set_css_vars(node: &NodeRef, vars: &[(&str, String)]) {
    if let Some(el) = node.cast::<web_sys::HtmlElement>() {
        let style = el.style();
        for (k, v) in vars {
            let _ = style.set_property(k, v);
        }
    }
}

#[derive(Properties, PartialEq, Clone)]
pub struct TileProps {
    pub plane: Plane,
    pub scale: f32,
    pub css_width: u32,
    /// Position of the tile's group among the groups shown (how far it slides).
    pub band: usize,
    /// The group's hue (`#rrggbb`), or none for a neutral frame.
    pub hue: Option<String>,
    /// The group number shown beside the channel (0-based).
    pub group: usize,
    #[prop_or_default]
    pub values: Option<Rc<Vec<f32>>>,
    #[prop_or_default]
    pub fill: Option<usize>,
    #[prop_or_default]
    pub marks: Rc<Vec<Mark>>,
    #[prop_or_default]
    pub dim: bool,
    #[prop_or_default]
    pub active: bool,
    /// Extra line under the label (an output channel's min/max/mean).
    #[prop_or_default]
    pub note: Option<AttrValue>,
    #[prop_or_default]
    pub onhover: Option<Callback<Option<(usize, usize)>>>,
    #[prop_or_default]
    pub testid: Option<AttrValue>,
    #[prop_or_default]
    pub onselect: Option<Callback<()>>,
}

#[function_component(Tile)]
pub fn tile(props: &TileProps) -> Html {
    let node = use_node_ref();
    {
        let node = node.clone();
        let vars = (props.band, props.hue.clone());
        use_effect_with(vars, move |(band, hue)| {
            set_css_vars(
                &node,
                &[
                    ("--band", band.to_string()),
                    ("--hue", hue.clone().unwrap_or_else(|| "var(--line)".into())),
                ],
            );
        });
    }
    let c = props.plane.c;
    let label = format!("channel {c}, group {}", props.group + 1);
    let onclick = props
        .onselect
        .clone()
        .map(|cb| Callback::from(move |_: MouseEvent| cb.emit(())));
    html! {
        <div ref={node} class={classes!("tile", props.dim.then_some("dim"), props.active.then_some("active"))}>
            <PlaneCanvas plane={props.plane.clone()} scale={props.scale} values={props.values.clone()}
                fill={props.fill} marks={props.marks.clone()} css_width={props.css_width}
                onhover={props.onhover.clone()} label={AttrValue::from(label)} testid={props.testid.clone()} />
            <span class="tile-label" {onclick}>
                <b>{ format!("c{c}") }</b>
                <small>{ format!(" g{}", props.group + 1) }</small>
                if let Some(note) = &props.note { <small class="tile-note">{ note.clone() }</small> }
            </span>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct TensorViewProps {
    pub title: AttrValue,
    /// Shape, e.g. `[1, 8, 32, 32]`.
    pub shape: AttrValue,
    pub tiles: Vec<TileProps>,
    /// Channels not drawn (level of detail).
    pub hidden: usize,
    /// Groups slid apart.
    pub apart: bool,
    /// Distinct groups among the tiles (sizes the room the slide needs).
    pub bands: usize,
    #[prop_or_default]
    pub testid: Option<AttrValue>,
}

#[function_component(TensorView)]
pub fn tensor_view(props: &TensorViewProps) -> Html {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with(props.bands, move |bands| {
            let gap = if *bands <= 8 { 14 } else { 4 };
            set_css_vars(
                &node,
                &[
                    ("--gap", format!("{gap}px")),
                    ("--bands-1", bands.saturating_sub(1).to_string()),
                ],
            );
        });
    }
    html! {
        <figure ref={node} class={classes!("tensor-col", props.apart.then_some("apart"))} data-testid={props.testid.clone()}>
            <figcaption>{ props.title.clone() }<code>{ props.shape.clone() }</code></figcaption>
            <div class="tiles">
                { for props.tiles.iter().map(|t| html! { <Tile ..t.clone() /> }) }
            </div>
            if props.hidden > 0 {
                <p class="more">{ format!("+{} more channels", props.hidden) }</p>
            }
        </figure>
    }
}
