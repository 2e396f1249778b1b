//! A network's layers as a table: name, kind, shapes, groups, cost, parameters
//! and share, sorted by any column (a header's button; again for the other
//! order) and kept to one kind; every convolution has a button that opens it in
//! the picture.

use std::rc::Rc;

use conv_core::presets::{LayerKind, Network};
use yew::prelude::*;

use super::view_table;
use crate::format::thousands;
use crate::plots::model::networks::{kinds_in, rows, LayerRow, SortKey, TableView};
use crate::plots::text::{Column, PlotsText, SortColumn};
use crate::plots::view::use_plots_text;
use crate::state::plot_settings::Unit;

#[derive(Properties, PartialEq)]
pub struct LayerTableProps {
    pub net: Rc<Network>,
    pub unit: Unit,
    pub bias: Option<bool>,
    /// The learner's own model (its rows are `model-layer`s, and it opens unfolded).
    pub own: bool,
    /// Opens layer `index` in the picture.
    pub on_load: Callback<usize>,
}

fn key_of(c: SortColumn) -> SortKey {
    match c {
        SortColumn::Index => SortKey::Index,
        SortColumn::Name => SortKey::Name,
        SortColumn::Kind => SortKey::Kind,
        SortColumn::Cost => SortKey::Cost,
        SortColumn::Params => SortKey::Params,
    }
}

fn name_of(c: SortColumn) -> &'static str {
    match c {
        SortColumn::Index => "index",
        SortColumn::Name => "name",
        SortColumn::Kind => "kind",
        SortColumn::Cost => "cost",
        SortColumn::Params => "params",
    }
}

#[function_component(LayerTable)]
pub fn layer_table(props: &LayerTableProps) -> Html {
    let t = use_plots_text();
    let view = use_state_eq(TableView::default);
    let net = &props.net;
    let shown = rows(net, props.unit, props.bias, *view);
    let kinds = kinds_in(net);
    let on_filter = {
        let (view, kinds) = (view.clone(), kinds.clone());
        Callback::from(move |e: Event| {
            let v = e
                .target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value();
            let kind = kinds.iter().copied().find(|k| k.name() == v);
            view.set(TableView { kind, ..*view });
        })
    };
    let head = view_head(t, props.unit, &view);
    let body =
        html! { <>{ for shown.iter().map(|r| view_row(t, r, props.own, &props.on_load)) }</> };
    let testid = if props.own {
        "model-table"
    } else {
        "preset-table"
    };
    html! {
        <div class="layer-table">
            <label class="field inline">{ t.filter_kind() }
                <select data-testid="layer-filter" onchange={on_filter}>
                    <option value="" selected={view.kind.is_none()}>{ t.all_kinds() }</option>
                    { for kinds.iter().map(|k| html! {
                        <option value={k.name()} selected={view.kind.map(|v| v.name()) == Some(k.name())}>{ t.layer_kind(*k) }</option>
                    }) }
                </select>
            </label>
            { view_table(format!("{} · {}", t.network_layers(net.layers.len()), t.layer_count(shown.len(), net.layers.len())), testid, props.own, head, body) }
        </div>
    }
}

/// The header: the sortable columns are buttons, their order in `aria-sort`.
fn view_head(t: &dyn PlotsText, unit: Unit, view: &UseStateHandle<TableView>) -> Html {
    let sortable = |c: SortColumn, label: &str| {
        let on = view.sort == key_of(c);
        let aria = match (on, view.descending) {
            (false, _) => "none",
            (true, true) => "descending",
            (true, false) => "ascending",
        };
        let next_desc = on && !view.descending;
        let onclick = {
            let view = view.clone();
            Callback::from(move |_| {
                view.set(TableView {
                    sort: key_of(c),
                    descending: next_desc,
                    ..*view
                })
            })
        };
        html! {
            <th scope="col" aria-sort={aria}>
                <button type="button" class="sort" data-testid={format!("sort-{}", name_of(c))}
                    aria-label={t.sort_by(c, next_desc)} {onclick}>{ label.to_string() }</button>
            </th>
        }
    };
    html! {
        <>
            { sortable(SortColumn::Index, t.column(Column::Index)) }
            { sortable(SortColumn::Name, t.column(Column::Layer)) }
            { sortable(SortColumn::Kind, t.column(Column::Kind)) }
            <th scope="col" class="layers">{ t.column(Column::Shapes) }</th>
            <th scope="col">{ t.groups_column() }</th>
            { sortable(SortColumn::Cost, unit.label()) }
            { sortable(SortColumn::Params, t.column(Column::Params)) }
            <th scope="col">{ t.column(Column::Share) }</th>
            <th scope="col">{ t.column(Column::Load) }</th>
        </>
    }
}

fn view_row(t: &dyn PlotsText, r: &LayerRow, own: bool, on_load: &Callback<usize>) -> Html {
    let i = r.index;
    let testid = if own {
        "model-layer".to_string()
    } else {
        format!("preset-layer-{i}")
    };
    let onclick = on_load.reform(move |_: MouseEvent| i);
    let marker = matches!(
        r.kind,
        LayerKind::ChannelShuffle { .. }
            | LayerKind::ChannelSplit
            | LayerKind::Concat
            | LayerKind::MaxPool
    );
    html! {
        <tr data-testid={testid} data-index={i.to_string()} data-kind={r.kind.name()} data-macs={r.cost.to_string()}
            data-in-channels={r.input.c.to_string()} class={classes!(marker.then_some("marker"))}>
            <td>{ i + 1 }</td>
            <th scope="row">{ &r.name }</th>
            <td>{ t.layer_kind(r.kind) }</td>
            <td class="layers">{ format!("{} → {}", r.input, r.output) }</td>
            <td>{ r.groups.map(|g| g.to_string()).unwrap_or_default() }</td>
            <td>{ thousands(r.cost) }</td>
            <td>{ thousands(r.params) }</td>
            <td>{ format!("{:.1}%", r.share * 100.0) }</td>
            <td>
                if r.loadable {
                    <button type="button" data-testid={format!("load-layer-{i}")}
                        aria-label={t.load_layer_label(i + 1, &r.name)} {onclick}>{ t.load_button() }</button>
                }
            </td>
        </tr>
    }
}
