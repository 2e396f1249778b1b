use conv_core::ConvKind;

use super::Zh;
use crate::state::lang::Lang;
use crate::state::stale::StaleSetting;
use crate::state::url::Notice;
use crate::state::view::Theme;
use crate::text::shell::ShellText;

impl ShellText for Zh {
    fn plots_loading(&self) -> &'static str {
        "正在载入计算量图表……"
    }
    fn plots_unavailable(&self) -> &'static str {
        "无法载入计算量图表（页面旁缺少 plots.js 或 plots_bg.wasm）。"
    }

    fn lang(&self) -> Lang {
        Lang::Zh
    }
    fn kind_name(&self, kind: ConvKind) -> &'static str {
        self.kind_title(kind)
    }
    fn kind_title(&self, kind: ConvKind) -> &'static str {
        match kind {
            ConvKind::Standard => "标准卷积",
            ConvKind::Grouped => "组卷积",
            ConvKind::Depthwise => "深度卷积",
            ConvKind::Separable => "深度可分离卷积",
        }
    }
    fn tagline(&self) -> &'static str {
        "组卷积、深度卷积与深度可分离卷积，真实计算，逐步演示。"
    }
    fn page_title(&self) -> &'static str {
        "Groupwise：组卷积、深度卷积与深度可分离卷积"
    }
    fn lang_toggle(&self, to: Lang) -> &'static str {
        match to {
            Lang::En => "English",
            Lang::Zh => "中文",
        }
    }
    fn lang_toggle_label(&self) -> &'static str {
        "语言：切换到英文"
    }
    fn theme_toggle(&self, to: Theme) -> &'static str {
        match to {
            Theme::Light => "浅色主题",
            Theme::Dark => "深色主题",
        }
    }
    fn settings_region(&self) -> &'static str {
        "设置"
    }
    fn results_region(&self) -> &'static str {
        "结果"
    }
    fn notice(&self, n: &Notice) -> String {
        match &n.default {
            Some(d) => format!(
                "链接中的 {k}={v} 无效，已改用默认值 {k}={d}。",
                k = n.key,
                v = n.value
            ),
            None => format!("链接中的 {}={} 不是本页的设置，已忽略。", n.key, n.value),
        }
    }
    fn stale_note(&self, s: &StaleSetting) -> String {
        format!(
            "当前显示的是上一个有效设置：{}，{}，输入 {}×{}。请修改标出的字段以更新。",
            self.kind_name(s.kind),
            s.params.join(", "),
            s.input[0],
            s.input[1]
        )
    }
    fn share_title(&self, kind: ConvKind, in_ch: usize, out_ch: usize, groups: usize) -> String {
        format!(
            "Groupwise:{},{in_ch}→{out_ch},groups={groups}",
            self.kind_name(kind)
        )
    }
    fn cost_line(&self, layers: &str, macs: &str, percent: f64, params: &str) -> String {
        format!(" {layers} · 乘加 {macs} 次（为标准卷积的 {percent:.1}%）· 参数量 {params}")
    }
    fn shuffle_switch(&self) -> &'static str {
        "之后做通道混洗（ShuffleNet）"
    }
    fn share_open(&self) -> &'static str {
        "分享"
    }
    fn share_heading(&self) -> &'static str {
        "分享当前视图"
    }
    fn share_link_label(&self) -> &'static str {
        "指向这一设置的链接"
    }
    fn copy(&self) -> &'static str {
        "复制"
    }
    fn embed_snippet_label(&self) -> &'static str {
        "嵌入教学网页（一行 HTML）"
    }
    fn qr_alt(&self) -> &'static str {
        "链接的二维码，便于投影时扫码"
    }
    fn qr_caption(&self) -> &'static str {
        "用手机扫码打开这一视图。"
    }
    fn close(&self) -> &'static str {
        "关闭"
    }
}
