use std::fmt::Display;

use onnx_import::{
    AttrProblem, AttrType, ConvRule, InputProblem, ModelError, NodeRef, NotOnnx, Note, Unknown,
};

use super::networks::{NetworksText, SortColumn};
use crate::state::plot_settings::Unit;
use crate::text::errors::ErrorText;
use crate::text::zh::Zh;

/// `[1, 3, 224, 224]`, `?` for an unknown entry: lists read the same in both languages.
fn list<T: Display>(v: impl IntoIterator<Item = T>) -> String {
    let items: Vec<String> = v.into_iter().map(|x| x.to_string()).collect();
    format!("[{}]", items.join(", "))
}

fn node(n: &NodeRef) -> String {
    if n.name.is_empty() {
        let outs: Vec<String> = n.outputs.iter().map(|o| format!("“{o}”")).collect();
        format!(
            "第 {} 个节点（{}，输出 {}）",
            n.index,
            n.op,
            outs.join("、")
        )
    } else {
        format!("节点“{}”（{}）", n.name, n.op)
    }
}

fn input_problem(p: &InputProblem) -> String {
    match p {
        InputProblem::NotATensor => "不是张量".into(),
        InputProblem::NoShape => "没有形状".into(),
        InputProblem::SymbolicDim {
            axis,
            param: Some(p),
        } => {
            format!("在第 {axis} 维是符号维度“{p}”（只有第 0 维，即批量，可以是符号）")
        }
        InputProblem::SymbolicDim { axis, param: None } => {
            format!("第 {axis} 维没有大小（只有第 0 维，即批量，可以不设）")
        }
        InputProblem::NegativeDim { axis, value } => format!("第 {axis} 维的大小为负数 {value}"),
    }
}

fn unknown(u: &Unknown) -> String {
    match u {
        Unknown::UnknownOp => "它的算子不在本读取器所知之列，文件也没有保存它的输出形状".into(),
        Unknown::ValuesUnknown { input } => {
            format!("它的输出形状取决于“{input}”的数值，而这些数值未知")
        }
        Unknown::Inconsistent => "它的输入形状违反了该算子的规则".into(),
        Unknown::Undefined { input } => format!("它的输入“{input}”在计算图中没有定义"),
    }
}

fn conv_rule(r: &ConvRule) -> String {
    match r {
        ConvRule::InputRank { input } => format!(
            "conv2d 需要 4 维（带批量）输入，但输入的大小为 {}",
            list(input)
        ),
        ConvRule::WeightRank { weight } => {
            format!("conv2d 需要 4 维权重，但权重的大小为 {}", list(weight))
        }
        ConvRule::KernelShape {
            kernel_shape,
            weight,
        } => {
            format!(
                "kernel_shape {} 与大小为 {} 的权重不一致",
                list(kernel_shape),
                list(weight)
            )
        }
        ConvRule::NonPositiveGroups { groups } => format!("不支持非正的 groups（group={groups}）"),
        ConvRule::NonPositiveKernel { kernel_shape } => {
            format!(
                "kernel_size 必须大于 0（kernel_shape={}）",
                list(kernel_shape)
            )
        }
        ConvRule::NonPositiveStride { stride } => {
            format!("不支持非正的 stride（strides={}）", list(stride))
        }
        ConvRule::NonPositiveDilation { dilation } => {
            format!("dilation 必须大于 0（dilations={}）", list(dilation))
        }
        ConvRule::NegativePadding { pads } => format!("不支持负的 padding（pads={}）", list(pads)),
        ConvRule::InputChannels {
            groups,
            weight,
            input,
        } => format!(
            "groups={groups}、权重大小为 {} 时，输入 {} 应有 {} 个通道，实际为 {} 个",
            list(weight),
            list(input),
            weight.get(1).copied().unwrap_or(0).saturating_mul(*groups),
            input.get(1).copied().unwrap_or(0)
        ),
        ConvRule::OutChannels { groups, weight } => {
            format!(
                "groups={groups} 时，权重第 0 维应能被 {groups} 整除，但权重的大小为 {}",
                list(weight)
            )
        }
        ConvRule::AsymmetricPads { pads } => {
            format!(
                "pads {}（上、左、下、右）两侧不同，且没有对称的填充能得到相同的输出大小",
                list(pads)
            )
        }
    }
}

/// A type's name: ONNX's own (code), or "another".
fn attr_type(t: AttrType) -> String {
    match t {
        AttrType::Other => "其他".into(),
        t => t.to_string(),
    }
}

fn attribute(n: &NodeRef, attribute: &str, p: &AttrProblem) -> String {
    let n = node(n);
    match p {
        AttrProblem::Missing => format!("{n} 需要属性“{attribute}”"),
        AttrProblem::WrongType { expected, found } => {
            let (e, f) = (attr_type(*expected), attr_type(*found));
            format!("{n} 的属性“{attribute}”应为 {e} 类型，而不是 {f} 类型")
        }
        AttrProblem::UnknownValue { value } => format!("{n} 的属性“{attribute}”的值“{value}”未知"),
        AttrProblem::WrongLength { expected, found } => {
            format!("{n} 的属性“{attribute}”有 {found} 个值，但输入需要 {expected} 个")
        }
    }
}

impl Zh {
    fn model_why(&self, e: &ModelError) -> String {
        match e {
            ModelError::Empty => "文件是空的".into(),
            ModelError::NotOnnx(NotOnnx::DoesNotDecode) => {
                "这不是 ONNX 模型：这些字节无法解码为 ONNX 的 ModelProto".into()
            }
            ModelError::NotOnnx(NotOnnx::NoGraph) => {
                "这不是 ONNX 模型：能够解码，但其中没有计算图".into()
            }
            ModelError::Truncated { at, len, reading } => {
                let inside = if reading.is_empty() {
                    "模型".to_string()
                } else {
                    reading.join(".")
                };
                format!("文件被截断了：它在第 {len} 字节处结束，正处于 {inside} 之中（从第 {at} 字节开始的字段还需要更多字节）")
            }
            ModelError::UnsupportedOpset {
                domain,
                found: Some(v),
                min,
                max,
            } => {
                format!("不支持的算子集：{domain} 版本 {v}（支持 {min}–{max}）")
            }
            ModelError::UnsupportedOpset {
                domain,
                found: None,
                min,
                max,
            } => {
                format!("不支持的算子集：模型没有导入 {domain} 算子集（支持 {min}–{max}）")
            }
            ModelError::NoGraphInput => "计算图没有输入（每个输入都是初始化器）".into(),
            ModelError::InputShape { input, problem } => {
                format!("计算图输入“{input}”{}", input_problem(problem))
            }
            ModelError::ShapeUnknown {
                node: n,
                why,
                needed_by,
                known,
            } => format!(
                "无法得知 {} 的输出形状：{}；{} 需要它（在此之前已读出 {} 层）",
                node(n),
                unknown(why),
                node(needed_by),
                known.len()
            ),
            ModelError::ShapeDisagrees {
                node: n,
                value,
                stored,
                inferred,
            } => format!(
                "文件为“{value}”（{} 的输出）保存的形状是 {}，但推断出的形状是 {}",
                node(n),
                list(
                    stored
                        .iter()
                        .map(|d| d.map_or("?".to_string(), |v| v.to_string()))
                ),
                list(inferred)
            ),
            ModelError::Attribute {
                node: n,
                attribute: a,
                problem,
            } => attribute(n, a, problem),
            ModelError::Conv { node: n, rule } => format!("{}：{}", node(n), conv_rule(rule)),
            ModelError::Layer { node: n, error } => {
                format!("{}：{}", node(n), self.conv_error(error))
            }
        }
    }
}

impl NetworksText for Zh {
    fn networks_cost_caption(&self, unit: Unit) -> &'static str {
        match unit {
            Unit::Macs => "各类层的乘加次数（MACs）",
            Unit::Flops => "各类层的浮点运算数（FLOPs）",
        }
    }
    fn networks_params_caption(&self) -> &'static str {
        "各类层的参数量"
    }
    fn networks_legend_note(&self, unit: Unit) -> String {
        format!("· {} 与参数量按类型堆叠", unit.label())
    }
    fn networks_alt(&self, unit: Unit, totals: &[(String, String)]) -> String {
        let each: Vec<String> = totals.iter().map(|(n, v)| format!("{n} {v}")).collect();
        format!(
            "几个完整网络并排比较，{} 与参数量按层的类型堆叠：{}。下表列出每一部分的占比。",
            unit.label(),
            each.join("，")
        )
    }
    fn compare_legend(&self) -> &'static str {
        "参与比较的网络"
    }
    fn compare_table(&self) -> &'static str {
        "以表格查看比较结果"
    }
    fn layers_of(&self) -> &'static str {
        "查看其各层"
    }
    fn your_model(&self) -> &'static str {
        "你的模型"
    }
    fn model_open(&self) -> &'static str {
        "打开你自己的 ONNX 模型"
    }
    fn model_drop(&self) -> &'static str {
        "或把 .onnx 文件拖到这里。文件只在本浏览器中读取，不会上传；权重可以留在单独的文件里。"
    }
    fn model_reading(&self) -> &'static str {
        "正在读取模型……"
    }
    fn model_summary(&self, name: &str, layers: usize, macs: &str, params: &str) -> String {
        format!("{name}：{layers} 层，{macs} 次乘加（MACs），{params} 个参数")
    }
    fn model_origin(&self, producer: &str, opset: i64) -> String {
        if producer.is_empty() {
            format!("ONNX 算子集 {opset}")
        } else {
            format!("由 {producer} 导出，ONNX 算子集 {opset}")
        }
    }
    fn model_note(&self, note: &Note) -> String {
        match note {
            Note::BatchTakenAsOne { input, param: Some(p) } => {
                format!("输入“{input}”的批量是符号维度（“{p}”）：按批量为 1 计算。")
            }
            Note::BatchTakenAsOne { input, param: None } => format!("输入“{input}”的批量没有固定：按批量为 1 计算。"),
            Note::PaddingShown { layer, pads, shown } => format!(
                "{layer} 两侧填充不同（上、左、下、右为 {}）；这里显示为 {}，输出大小与计算量都相同。",
                list(pads),
                list(shown)
            ),
        }
    }
    fn model_not_in_link(&self) -> &'static str {
        "你的模型只留在本设备上：链接无法携带它，所以分享链接只包含预置网络。"
    }
    fn model_error(&self, e: &ModelError) -> String {
        format!(
            "无法读取这个文件，页面保留原来显示的内容：{}。",
            self.model_why(e)
        )
    }
    fn model_known(&self, n: usize) -> String {
        format!("在此之前读出的 {n} 层：")
    }
    fn model_no_worker(&self) -> &'static str {
        "这里无法启动读取文件的 worker。"
    }
    fn filter_kind(&self) -> &'static str {
        "显示"
    }
    fn all_kinds(&self) -> &'static str {
        "所有类型"
    }
    fn sort_by(&self, column: SortColumn, descending: bool) -> String {
        let name = match column {
            SortColumn::Index => "计算图顺序",
            SortColumn::Name => "名称",
            SortColumn::Kind => "类型",
            SortColumn::Cost => "计算量",
            SortColumn::Params => "参数量",
        };
        let order = if descending { "降序" } else { "升序" };
        format!("按{name}{order}排列")
    }
    fn groups_column(&self) -> &'static str {
        "groups"
    }
    fn layer_count(&self, shown: usize, of: usize) -> String {
        if shown == of {
            format!("共 {of} 层")
        } else {
            format!("{of} 层中的 {shown} 层")
        }
    }
}
