use std::ops::Range;

use conv_core::{ConvKind, Nchw};

use super::Zh;
use crate::text::errors::ErrorText;
use crate::text::picture::PictureText;
use crate::text::picture::TracedWhat;
use crate::text::shell::ShellText;
use groupwise_core::export::TaskFailure;
use groupwise_core::picture::captions::Caption;
use groupwise_core::picture::scene::{Label, LabelWords, ShapeNote, Title};
use groupwise_core::views::SceneFacts;

fn channels(r: &Range<usize>) -> String {
    match r.len() {
        0 => "无".into(),
        1 => format!("通道 {}", r.start),
        _ => format!("通道 {}–{}", r.start, r.end - 1),
    }
}

fn caption_conv(c: &Caption) -> String {
    match c {
        Caption::ConvAll {
            filters,
            in_channels,
            kernel: [kh, kw],
            out_hw: [oh, ow],
        } => format!(
            "只有一组：{filters} 个卷积核（{filters}×{in_channels}×{kh}×{kw}）各自扫过全部 {in_channels} 个输入通道，每个生成一个输出通道（{oh}×{ow}）。"
        ),
        Caption::ConvGroup {
            group,
            groups,
            filters,
            per_group,
            kernel: [kh, kw],
            inputs,
            outputs,
            out_hw: [oh, ow],
        } => format!(
            "第 {} 组（共 {groups} 组）：{filters} 个卷积核（{filters}×{per_group}×{kh}×{kw}）扫过输入{}，生成输出{}（每个 {oh}×{ow}）。",
            group + 1,
            channels(inputs),
            channels(outputs),
        ),
        Caption::ConvBatch {
            batch,
            groups,
            filters,
            per_group,
            kernel: [kh, kw],
            inputs,
            outputs,
        } => format!(
            "第 {}–{} 组（共 {groups} 组）同时计算：每组的 {filters} 个卷积核（{filters}×{per_group}×{kh}×{kw}）只扫过本组的 {per_group} 个通道；输入{}生成输出{}。",
            batch.start + 1,
            batch.end,
            channels(inputs),
            channels(outputs),
        ),
        _ => String::new(),
    }
}

impl PictureText for Zh {
    fn picture_region(&self) -> &'static str {
        "动画"
    }

    fn caption(&self, c: &Caption) -> String {
        match c {
            Caption::Input { channels, hw: [h, w] } => {
                format!("输入：{channels} 个通道，每个通道 {h}×{w} 个值。")
            }
            Caption::Whole { channels } => format!(
                "groups=1：{channels} 个通道不分组，每个卷积核都会看到全部输入通道。"
            ),
            Caption::Split { channels, groups, per_group } => format!(
                "{channels} 个输入通道分成 {groups} 组，每组 {per_group} 个通道，各组分别做卷积。"
            ),
            Caption::ConvAll { .. } | Caption::ConvGroup { .. } | Caption::ConvBatch { .. } => {
                caption_conv(c)
            }
            Caption::NoConcat { out_channels } => {
                format!("只有一组，无需拼接：这 {out_channels} 个输出通道就是结果。")
            }
            Caption::Concat { groups, per_group, out_channels } => format!(
                "{groups} 组的输出（每组 {per_group} 个通道）按通道顺序拼接起来：共 {out_channels} 个输出通道。"
            ),
            Caption::Shuffle { out_channels } => format!(
                "通道混洗（ShuffleNet）：{out_channels} 个输出通道交错重排，让下一层的每一组都从每一组各拿到一个通道。没有混洗，每组永远只看到本组的通道。"
            ),
            Caption::Pointwise { mid, out } => format!(
                "点卷积（1×1）：{out} 个输出通道中的每一个，都是全部 {mid} 个深度卷积输出的加权和（{mid}×{out} 个权重）。"
            ),
            Caption::Done { out_channels } => format!(
                "完成：已算出 {out_channels} 个输出通道。把指针移到某个输出值上（或用 Tab 移到输出后按方向键），即可追踪它的计算。"
            ),
        }
    }

    fn step_of(&self, step: usize, steps: usize) -> String {
        format!("第 {step} 步，共 {steps} 步")
    }

    fn narration(&self, step: usize, steps: usize, c: &Caption) -> String {
        format!("第 {step} 步，共 {steps} 步。{}", self.caption(c))
    }

    fn scene_name(&self, kind: ConvKind) -> String {
        format!("{}示意图", self.kind_name(kind))
    }

    fn scene_description(&self, f: &SceneFacts) -> String {
        let groups = if f.groups > 1 {
            format!(
                "，分成 {} 组，每组一种颜色，并标为 g1 到 g{}",
                f.groups, f.groups
            )
        } else {
            String::new()
        };
        let output = if f.pointwise.is_some() {
            "深度卷积输出"
        } else {
            "输出"
        };
        let mut s = format!(
            "依次为：输入 {}{groups}；卷积核 {}；{output} {}。",
            f.input, f.filters, f.output
        );
        if let Some((w, out)) = f.pointwise {
            s += &format!("随后是点卷积 1×1 的权重 {} 和最终输出 {}。", w, out);
        }
        if let Some(t) = f.traced {
            s += &format!("正在追踪的值是 {}，它读取的数值已高亮。", Nchw::from(t));
        }
        s
    }

    fn output_view_label(&self) -> &'static str {
        "输出值：方向键移动追踪的值，Page Up / Page Down 切换通道"
    }

    fn transport_label(&self) -> &'static str {
        "动画控制"
    }
    fn step_back(&self) -> &'static str {
        "上一步"
    }
    fn step_back_hint(&self) -> &'static str {
        "上一步（←）"
    }
    fn play(&self) -> &'static str {
        "播放"
    }
    fn pause(&self) -> &'static str {
        "暂停"
    }
    fn play_hint(&self) -> &'static str {
        "播放或暂停（空格键）"
    }
    fn step_forward(&self) -> &'static str {
        "下一步"
    }
    fn step_forward_hint(&self) -> &'static str {
        "下一步（→）"
    }
    fn scrub_label(&self) -> &'static str {
        "动画进度"
    }
    fn speed(&self) -> &'static str {
        "速度"
    }

    fn table_summary(&self) -> &'static str {
        "以表格查看此图"
    }
    fn table_caption(&self, kind: ConvKind, groups: usize) -> String {
        format!(
            "{}：{groups} 组各自读取哪些通道、生成哪些通道",
            self.kind_title(kind)
        )
    }
    fn col_group(&self) -> &'static str {
        "分组"
    }
    fn col_inputs(&self) -> &'static str {
        "输入通道"
    }
    fn col_filters(&self) -> &'static str {
        "卷积核"
    }
    fn col_outputs(&self) -> &'static str {
        "输出通道"
    }
    fn col_values(&self) -> &'static str {
        "输出值范围"
    }
    fn channel_range(&self, r: Range<usize>) -> String {
        match r.len() {
            0 => "无".into(),
            1 => r.start.to_string(),
            _ => format!("{}–{}", r.start, r.end - 1),
        }
    }
    fn value_range(&self, lo: f32, hi: f32) -> String {
        format!("{lo:.3} 至 {hi:.3}")
    }
    fn table_pointwise(&self, mid: usize, out: usize, lo: f32, hi: f32) -> String {
        format!(
            "随后是点卷积 1×1：{out} 个输出通道中的每一个都混合全部 {mid} 个深度卷积输出；取值 {}。",
            self.value_range(lo, hi)
        )
    }

    fn trace_heading(&self) -> &'static str {
        "追踪"
    }
    fn trace_hint(&self) -> &'static str {
        "把指针移到（或轻点）任意输出值上，查看构成它的每一次乘加；用键盘时，按 Tab 移到输出，再用方向键。"
    }
    fn trace_title(&self, what: TracedWhat, index: [usize; 4]) -> String {
        let what = match what {
            TracedWhat::Output => "输出",
            TracedWhat::DepthwiseOutput => "深度卷积输出",
            TracedWhat::PointwiseOutput => "输出（点卷积）",
        };
        format!("追踪{what} {}", Nchw::from(index))
    }
    fn trace_group(&self, group: usize, terms: usize) -> String {
        format!(
            "第 {} 组 · {terms} 次乘加（C_in/groups · kH · kW）",
            group + 1
        )
    }
    fn trace_field_pointwise(&self, channels: usize, y: usize, x: usize) -> String {
        format!(
            "读取位置 ({y}, {x}) 上全部 {channels} 个深度卷积输出，经过 1×1 权重的一行（已高亮）。"
        )
    }
    fn trace_field(
        &self,
        chans: Range<usize>,
        (y0, y1): (isize, isize),
        (x0, x1): (isize, isize),
        filter: usize,
    ) -> String {
        format!(
            "感受野：输入{}，第 {y0}–{y1} 行，第 {x0}–{x1} 列（在输入上框出）；卷积核 {filter}（已描边）。",
            channels(&chans)
        )
    }
    fn trace_channel(&self, c: usize, lo: f32, hi: f32, mean: f64) -> String {
        format!("通道 {c}：最小 {lo:.3}，最大 {hi:.3}，平均 {mean:.3}")
    }
    fn trace_more(&self, n: usize) -> String {
        format!("…… 还有 {n} 项")
    }
    fn trace_padding(&self) -> &'static str {
        "（填充）"
    }
    fn trace_bias(&self) -> &'static str {
        "+ 偏置"
    }
    fn trace_matches(&self) -> &'static str {
        " ✓ 与图中显示的值相同"
    }

    fn export_group(&self) -> &'static str {
        "导出此图"
    }
    fn export(&self) -> &'static str {
        "导出"
    }
    fn export_png_hint(&self) -> &'static str {
        "当前画面，存为 PNG 图片"
    }
    fn export_svg_hint(&self) -> &'static str {
        "当前画面，存为 SVG 矢量图"
    }
    fn export_gif_hint(&self) -> &'static str {
        "整段动画，存为循环播放的 GIF，适合幻灯片和博客"
    }
    fn gif_encoding(&self) -> &'static str {
        "正在编码 GIF……"
    }
    fn gif_ready(&self, frames: usize, kib: usize) -> String {
        format!("GIF 已保存：{frames} 帧，{kib} KB")
    }
    fn gif_failed(&self, e: &TaskFailure) -> String {
        let why = match e {
            TaskFailure::Request => "无法编码 GIF 请求".to_string(),
            TaskFailure::NoWorker => "无法启动编码 GIF 的 worker".to_string(),
            TaskFailure::WorkerStopped => "编码 GIF 的 worker 已停止".to_string(),
            TaskFailure::NotSaved => "GIF 无法保存".to_string(),
            TaskFailure::Job(e) => ErrorText::job_error(self, e),
            TaskFailure::Detail(detail) => detail.clone(),
        };
        format!("GIF 导出失败：{why}")
    }

    fn code_summary(&self) -> &'static str {
        "代码：在 PyTorch 或 Keras 中运行这一层"
    }
    fn code_note(&self) -> &'static str {
        "同一层，用的是本次计算的原样张量；每个脚本最后都会像上面那行一样，打印输出的形状和总和。"
    }
    fn code_arrays(&self) -> &'static str {
        "数组 x、w、b 和 y（深度可分离卷积另有 t、w_pw、b_pw），存为 NumPy 的 .npz："
    }
    fn download_npz(&self) -> &'static str {
        "下载 .npz"
    }
    fn keras_title(&self) -> &'static str {
        "Keras 3（通道在后；任意后端）"
    }
    fn copy_script(&self, script: &str) -> String {
        format!("复制 {script} 脚本")
    }
    fn copied(&self) -> &'static str {
        "已复制"
    }
    fn code_writing(&self) -> &'static str {
        "正在生成脚本……"
    }
    fn npz_preparing(&self) -> &'static str {
        "正在准备 .npz……"
    }
    fn code_failed(&self, e: &TaskFailure) -> String {
        let why = match e {
            TaskFailure::Request => "无法编码请求".to_string(),
            TaskFailure::NoWorker => "无法启动生成代码的 worker".to_string(),
            TaskFailure::WorkerStopped => "生成代码的 worker 已停止".to_string(),
            TaskFailure::NotSaved => ".npz 无法保存".to_string(),
            TaskFailure::Job(e) => ErrorText::job_error(self, e),
            TaskFailure::Detail(detail) => detail.clone(),
        };
        format!("无法生成代码：{why}")
    }

    fn computing(&self) -> &'static str {
        "正在计算……"
    }
    fn seconds(&self, seconds: f64) -> String {
        format!("{seconds:.1} 秒")
    }
}

impl LabelWords for Zh {
    fn label(&self, l: &Label) -> String {
        match l {
            Label::Title(t) => match t {
                Title::Input => "输入",
                Title::Filters => "卷积核",
                Title::Output => "输出",
                Title::DepthwiseOutput => "深度卷积输出",
                Title::Pointwise => "点卷积 1×1",
            }
            .to_string(),
            Label::Shape(s, None) => s.to_string(),
            Label::Shape(s, Some(ShapeNote::Concat)) => format!("{} ← 拼接", s),
            Label::Shape(s, Some(ShapeNote::Shuffle)) => format!("{} ← 通道混洗", s),
            Label::Group(g) => format!("g{}", g + 1),
            Label::HiddenChannels(n) => format!("另有 {n} 个通道未画出"),
            Label::KernelSlices { shown, of } => {
                format!("每个卷积核只画出 {of} 个切片中的 {shown} 个")
            }
        }
    }
}
