use conv_core::error::{dilated_kernel, pair, shape};
use conv_core::{ConvError, Param, Quantity};

use super::Zh;
use crate::state::fields::Problem;
use crate::state::SeedError;
use crate::text::errors::ErrorText;
use crate::text::form::FormText;
use groupwise_core::compute::{ImageError, JobError, WorkerFailure};

/// A parameter's name: PyTorch's own names are code and stay; the words
/// around the input's size are Chinese.
fn param(p: Param) -> &'static str {
    match p {
        Param::Channels => "通道数",
        Param::BatchSize => "批大小",
        Param::InputHeight => "输入高度",
        Param::InputWidth => "输入宽度",
        other => other.name(),
    }
}

impl Zh {
    /// A quantity as the subject of a sentence: a Latin name (a parameter,
    /// FLOPs) is set off from the Chinese that follows by a space.
    fn subject(&self, q: Quantity) -> String {
        let name = self.quantity(q);
        match name.chars().last() {
            Some(c) if c.is_ascii() => format!("{name} "),
            _ => name,
        }
    }

    fn padding_error(
        &self,
        mode: &str,
        rule: &str,
        padding: [usize; 2],
        dim: usize,
        input: &[usize; 4],
    ) -> String {
        format!(
            "padding_mode='{mode}'：{rule}，但第 {dim} 维的填充为 {}，输入形状为 {}",
            pair(padding),
            shape(input)
        )
    }
}

impl ErrorText for Zh {
    fn conv_error(&self, e: &ConvError) -> String {
        match e {
            ConvError::GroupsNotPositive => "groups 必须是正整数（当前 groups=0）".into(),
            ConvError::ChannelsNotDivisible {
                param: p,
                channels,
                groups,
            } => format!(
                "{p} 必须能被 groups 整除（{p}={channels}, groups={groups}）",
                p = param(*p)
            ),
            ConvError::NotPositive { param: p, value } => {
                format!("{p} 必须是正整数（当前 {p}={value}）", p = param(*p))
            }
            ConvError::SameWithStride { stride } => format!(
                "padding='same' 只支持 stride=1 的卷积（当前 stride={}）",
                pair(*stride)
            ),
            ConvError::ReflectPaddingTooLarge {
                padding,
                dim,
                input,
            } => self.padding_error(
                "reflect",
                "填充必须小于输入在该维度上的大小",
                *padding,
                *dim,
                input,
            ),
            ConvError::CircularPaddingTooLarge {
                padding,
                dim,
                input,
            } => self.padding_error(
                "circular",
                "填充不能超过输入大小（否则要绕回不止一圈）",
                *padding,
                *dim,
                input,
            ),
            ConvError::KernelLargerThanInput {
                padded,
                kernel,
                dilation,
            } => {
                let [kh, kw] = dilated_kernel(*kernel, *dilation);
                format!(
                    "填充后每个通道的输入大小为 ({} x {})，卷积核大小为 ({kh} x {kw})：卷积核不能大于实际输入",
                    padded[0], padded[1]
                )
            }
            ConvError::InputChannels {
                groups,
                weight,
                input,
                expected,
            } => format!(
                "groups={groups} 时权重形状为 {}，输入 {} 应有 {expected} 个通道，实际有 {} 个",
                shape(weight),
                shape(input),
                input[1]
            ),
            ConvError::ShapeMismatch {
                what,
                expected,
                got,
            } => format!(
                "{}的形状应为 {}，实际为 {}",
                self.subject(*what),
                shape(expected),
                shape(got)
            ),
            ConvError::DataLength {
                what,
                expected,
                got,
            } => format!(
                "{}有 {got} 个值，但其形状需要 {expected} 个",
                self.subject(*what)
            ),
            ConvError::LimitExceeded { what, limit, got } => format!(
                "{}为 {got}，超过了保证页面流畅的上限 {limit}",
                self.subject(*what)
            ),
            ConvError::Overflow { what } => format!("{}溢出了", self.subject(*what)),
            ConvError::PresetNeedsKernel { preset, kernel } => format!(
                "{} \u{9700}\u{8981} kernel_size \u{2265} 3\u{ff08}\u{5f53}\u{524d} kernel_size={}\u{ff09}",
                self.weight_preset(*preset),
                pair(*kernel)
            ),
            // Specs a page cannot produce (malformed JSON, internal misuse): English detail.
            ConvError::InvalidSpec(msg) => format!("设置无效：{msg}"),
        }
    }
    fn quantity(&self, q: Quantity) -> String {
        match q {
            Quantity::Param(p) => param(p),
            Quantity::Input => "输入",
            Quantity::Weight => "权重",
            Quantity::Bias => "偏置",
            Quantity::Output => "输出",
            Quantity::Intermediate => "中间结果",
            Quantity::Tensor => "张量",
            Quantity::ConcatenatedTensor => "拼接后的张量",
            Quantity::InputElements => "输入的元素个数",
            Quantity::PaddedInputElements => "填充后输入的元素个数",
            Quantity::WeightElements => "权重的元素个数",
            Quantity::OutputElements => "输出的元素个数",
            Quantity::IntermediateElements => "中间结果的元素个数",
            Quantity::MacsPerRun => "单次运行的乘加次数",
            Quantity::Macs => "乘加次数",
            Quantity::Flops => "FLOPs",
            Quantity::Parameters => "参数量",
            Quantity::BytesMoved => "读写字节数",
            Quantity::InputSize => "输入大小",
            Quantity::OutputSize => "输出大小",
            Quantity::TensorSize => "张量大小",
            Quantity::DepthwiseOutputs => "in_channels·multiplier",
        }
        .into()
    }
    fn problem(&self, p: &Problem) -> String {
        match p {
            Problem::NotInteger { field, text } => {
                format!("{} 必须是整数（输入的是 '{text}'）", field.key())
            }
            Problem::Negative { field, text } => {
                format!("{} 必须是正整数（输入的是 {text}）", field.key())
            }
            Problem::NotIntOrPair { field, text } => {
                format!(
                    "{} 必须是一个整数或一对 h,w（输入的是 '{text}'）",
                    field.key()
                )
            }
            Problem::NegativePadding { text } => format!("不支持负的填充（padding={text}）"),
            Problem::BadPadding { text } => {
                format!("padding 必须是整数、一对 h,w、'same' 或 'valid'（输入的是 '{text}'）")
            }
            Problem::Conv(e) => self.conv_error(e),
        }
    }
    fn seed_error(&self, e: &SeedError) -> String {
        format!(
            "seed 必须是 0 到 {} 之间的整数（输入的是 '{}'）",
            u64::MAX,
            e.text
        )
    }
    fn image_error(&self, e: &ImageError) -> String {
        match e {
            ImageError::Empty { w, h } => format!("图片是空的（{w}x{h} 像素）"),
            ImageError::DataLength { got, expected } => {
                format!("图片数据有 {got} 字节，应为 {expected} 字节")
            }
            ImageError::NotDecodable => "无法读取图片：这个浏览器不能解码该文件".into(),
            ImageError::Unsupported => "无法读取图片：这个浏览器不能把它画到画布上".into(),
        }
    }
    fn job_error(&self, e: &JobError) -> String {
        match e {
            JobError::Conv(e) => self.conv_error(e),
            JobError::NoStages => "这一层没有可运行的阶段".into(),
            JobError::SampleNotLoaded => "示例图片尚未加载".into(),
            JobError::Image(e) => self.image_error(e),
            JobError::Sample(e) => format!("示例图片：{}", self.image_error(e)),
            JobError::Worker { failure, detail } => match failure {
                WorkerFailure::CannotStart => {
                    format!("无法在此启动计算线程，因此无法计算：{detail}")
                }
                WorkerFailure::Send => format!("无法把任务发送给计算线程：{detail}"),
                WorkerFailure::Stopped => format!("计算线程意外停止：{detail}"),
                WorkerFailure::Message => format!("无法读取计算线程的回复：{detail}"),
            },
        }
    }
}
