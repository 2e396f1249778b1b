//! The animation timeline as a pure state machine: which stage the picture is in,
//! how far through it, and how play, step, scrub and speed move that. No DOM and
//! no clock: the caller feeds elapsed milliseconds to [`Timeline::tick`], so the
//! whole behaviour is tested natively.
//!
//! Stages: input → split → group-conv (one step per group, or per batch of
//! groups when there are many) → concat → pointwise (separable only) → done.

use std::ops::Range;

/// At most this many group-conv steps; beyond it, each step runs a batch of
/// consecutive groups at once (a depthwise layer on 256 channels would otherwise
/// need 256 presses of the arrow key).
pub const MAX_GROUP_STEPS: usize = 16;

/// One step of the animation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stage {
    Input,
    Split,
    /// The `n`-th group-conv step (0-based); see [`TimelineShape::batch_groups`].
    GroupConv(usize),
    Concat,
    /// Grouped with channel shuffle (ShuffleNet): the concatenated channels interleave.
    Shuffle,
    Pointwise,
    Done,
}

impl Stage {
    /// The value of `data-stage` and of the URL's `stage` key.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Input => "input",
            Stage::Split => "split",
            Stage::GroupConv(_) => "group-conv",
            Stage::Concat => "concat",
            Stage::Shuffle => "shuffle",
            Stage::Pointwise => "pointwise",
            Stage::Done => "done",
        }
    }

    /// URL form: the name, plus `:n` (1-based step) for a group-conv step after the first.
    pub fn to_url(self) -> String {
        match self {
            Stage::GroupConv(n) if n > 0 => format!("group-conv:{}", n + 1),
            s => s.name().to_string(),
        }
    }

    /// Parses [`Stage::to_url`].
    pub fn from_url(text: &str) -> Option<Stage> {
        let (name, step) = match text.split_once(':') {
            Some((name, n)) => (name, Some(n.parse::<usize>().ok().filter(|&n| n >= 1)?)),
            None => (text, None),
        };
        let stage = match name {
            "input" => Stage::Input,
            "split" => Stage::Split,
            "group-conv" => Stage::GroupConv(step.map_or(0, |n| n - 1)),
            "concat" => Stage::Concat,
            "shuffle" => Stage::Shuffle,
            "pointwise" => Stage::Pointwise,
            "done" => Stage::Done,
            _ => return None,
        };
        if step.is_some() && !matches!(stage, Stage::GroupConv(_)) {
            return None;
        }
        Some(stage)
    }
}

/// What the timeline needs to know about the layer being animated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimelineShape {
    /// Groups of the (first) convolution: C_in for a depthwise stage.
    pub groups: usize,
    /// True when a pointwise stage follows.
    pub separable: bool,
    /// True when a channel shuffle follows the concat.
    pub shuffle: bool,
}

impl TimelineShape {
    /// Groups run per group-conv step.
    pub fn batch_size(&self) -> usize {
        self.groups.max(1).div_ceil(MAX_GROUP_STEPS)
    }

    /// Number of group-conv steps.
    pub fn group_steps(&self) -> usize {
        self.groups.max(1).div_ceil(self.batch_size())
    }

    /// The groups (0-based) that group-conv step `n` runs.
    pub fn batch_groups(&self, n: usize) -> Range<usize> {
        let b = self.batch_size();
        let groups = self.groups.max(1);
        (n * b).min(groups)..((n + 1) * b).min(groups)
    }

    /// Every step, in order.
    pub fn steps(&self) -> Vec<Stage> {
        let mut steps = vec![Stage::Input, Stage::Split];
        steps.extend((0..self.group_steps()).map(Stage::GroupConv));
        steps.push(Stage::Concat);
        if self.shuffle {
            steps.push(Stage::Shuffle);
        }
        if self.separable {
            steps.push(Stage::Pointwise);
        }
        steps.push(Stage::Done);
        steps
    }

    /// The step that shows `stage` in this shape: a group-conv step past the last
    /// one clamps to the last, pointwise without a pointwise stage becomes done.
    pub fn index_of(&self, stage: Stage) -> usize {
        let steps = self.steps();
        let stage = match stage {
            Stage::GroupConv(n) => Stage::GroupConv(n.min(self.group_steps() - 1)),
            Stage::Pointwise if !self.separable => Stage::Done,
            Stage::Shuffle if !self.shuffle => Stage::Done,
            s => s,
        };
        steps.iter().position(|&s| s == stage).unwrap_or(0)
    }
}

/// How long a step lasts at speed 1, in milliseconds. The sweeps get the most time.
pub fn duration_ms(stage: Stage) -> f64 {
    match stage {
        Stage::Input => 900.0,
        Stage::Split | Stage::Concat => 1200.0,
        Stage::Shuffle => 1800.0,
        Stage::GroupConv(_) => 2400.0,
        Stage::Pointwise => 3000.0,
        Stage::Done => 0.0,
    }
}

/// Speeds the transport offers.
pub const SPEEDS: [f64; 4] = [0.5, 1.0, 2.0, 4.0];

/// The playhead: a step, progress through it, and whether it is moving.
#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    shape: TimelineShape,
    steps: Vec<Stage>,
    index: usize,
    /// Progress through the current step, `0.0..=1.0`.
    progress: f64,
    playing: bool,
    speed: f64,
    /// With `prefers-reduced-motion` a step is shown whole at once (progress 1)
    /// and only dwelt on; nothing sweeps.
    reduced_motion: bool,
}

impl Timeline {
    /// A paused timeline showing `stage` whole.
    pub fn new(shape: TimelineShape, stage: Stage) -> Self {
        Timeline {
            shape,
            steps: shape.steps(),
            index: shape.index_of(stage),
            progress: 1.0,
            playing: false,
            speed: 1.0,
            reduced_motion: false,
        }
    }

    pub fn shape(&self) -> TimelineShape {
        self.shape
    }
    pub fn stage(&self) -> Stage {
        self.steps[self.index]
    }
    pub fn index(&self) -> usize {
        self.index
    }
    pub fn steps(&self) -> &[Stage] {
        &self.steps
    }
    /// Progress through the current step, `0.0..=1.0`.
    pub fn progress(&self) -> f64 {
        self.progress
    }
    pub fn playing(&self) -> bool {
        self.playing
    }
    pub fn speed(&self) -> f64 {
        self.speed
    }

    /// Changes the layer (new groups or mode), staying on the nearest equivalent step.
    pub fn reshape(&mut self, shape: TimelineShape) {
        if shape == self.shape {
            return;
        }
        let stage = self.stage();
        self.shape = shape;
        self.steps = shape.steps();
        self.index = shape.index_of(stage);
        self.progress = 1.0;
    }

    /// Jumps to `stage`, shown whole. No-op when already there.
    pub fn go_to(&mut self, stage: Stage) {
        let index = self.shape.index_of(stage);
        if index != self.index {
            self.index = index;
            self.progress = 1.0;
        }
    }

    pub fn set_reduced_motion(&mut self, on: bool) {
        self.reduced_motion = on;
    }

    /// Speed multiplier, clamped to the offered range.
    pub fn set_speed(&mut self, speed: f64) {
        if speed.is_finite() {
            self.speed = speed.clamp(SPEEDS[0], SPEEDS[SPEEDS.len() - 1]);
        }
    }

    /// Play from here (from the start when at done), or pause.
    pub fn toggle_play(&mut self) {
        if self.playing {
            self.playing = false;
        } else {
            if self.stage() == Stage::Done {
                self.index = 0;
            }
            // A step shown whole is replayed from its start.
            if self.progress >= 1.0 {
                self.progress = 0.0;
            }
            self.playing = true;
        }
    }

    /// The next step, shown whole; pauses. Next at done starts over at the input.
    pub fn step_forward(&mut self) {
        self.playing = false;
        if self.progress < 1.0 {
            self.progress = 1.0;
        } else if self.index + 1 < self.steps.len() {
            self.index += 1;
            self.progress = 1.0;
        } else {
            self.index = 0;
            self.progress = 1.0;
        }
    }

    /// Plays once from the input (a fresh page), unless motion is reduced.
    pub fn autoplay(&mut self) {
        self.index = 0;
        self.progress = 1.0;
        if !self.reduced_motion {
            self.progress = 0.0;
            self.playing = true;
        }
    }

    /// The previous step, shown whole; pauses.
    pub fn step_back(&mut self) {
        self.playing = false;
        self.index = self.index.saturating_sub(1);
        self.progress = 1.0;
    }

    /// The scrub slider's value: step index plus progress, `0..=last index`.
    /// A step shown whole sits at its own index, so stepping and scrubbing agree.
    pub fn position(&self) -> f64 {
        if self.progress >= 1.0 {
            self.index as f64
        } else {
            (self.index as f64 - 1.0 + self.progress).max(0.0)
        }
    }

    /// Highest [`Timeline::position`].
    pub fn max_position(&self) -> f64 {
        (self.steps.len() - 1) as f64
    }

    /// Moves the playhead to a slider position (clamped); pauses.
    pub fn scrub(&mut self, position: f64) {
        self.playing = false;
        let p = if position.is_finite() {
            position.clamp(0.0, self.max_position())
        } else {
            0.0
        };
        // Position i-1+t is step i at progress t: the slider runs through each
        // step as it forms and lands on its index when the step is complete.
        let whole = p.floor();
        if p == whole {
            self.index = whole as usize;
            self.progress = 1.0;
        } else {
            self.index = whole as usize + 1;
            self.progress = p - whole;
        }
    }

    /// Advances by `dt_ms` of wall time while playing. Returns true when the
    /// step changed (the caller then records the new stage, e.g. in the URL).
    pub fn tick(&mut self, dt_ms: f64) -> bool {
        if !self.playing || !dt_ms.is_finite() || dt_ms <= 0.0 {
            return false;
        }
        let before = self.index;
        let mut left = dt_ms * self.speed;
        // Under reduced motion `progress` still runs, as the dwell clock, but
        // `shown_progress` reports 1 so the picture never sweeps.
        loop {
            let d = duration_ms(self.stage());
            if d <= 0.0 {
                self.playing = false;
                self.progress = 1.0;
                break;
            }
            let start = self.progress;
            let need = (1.0 - start) * d;
            if left < need {
                self.progress = start + left / d;
                break;
            }
            left -= need;
            if self.index + 1 >= self.steps.len() {
                self.progress = 1.0;
                self.playing = false;
                break;
            }
            self.index += 1;
            self.progress = 0.0;
        }
        self.index != before
    }

    /// The progress the picture should show: 1 under reduced motion.
    pub fn shown_progress(&self) -> f64 {
        if self.reduced_motion {
            1.0
        } else {
            self.progress
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GROUPED: TimelineShape = TimelineShape {
        groups: 4,
        separable: false,
        shuffle: false,
    };
    const SEPARABLE: TimelineShape = TimelineShape {
        groups: 8,
        separable: true,
        shuffle: false,
    };
    fn names(shape: TimelineShape) -> Vec<&'static str> {
        shape.steps().iter().map(|s| s.name()).collect()
    }

    #[test]
    fn steps_follow_groups_and_mode() {
        assert_eq!(
            names(GROUPED),
            [
                "input",
                "split",
                "group-conv",
                "group-conv",
                "group-conv",
                "group-conv",
                "concat",
                "done"
            ]
        );
        let s = names(SEPARABLE);
        assert_eq!(s[s.len() - 2], "pointwise");
        assert_eq!(s.len(), 2 + 8 + 1 + 1 + 1);
    }

    #[test]
    fn many_groups_run_in_batches() {
        let dw = TimelineShape {
            groups: 256,
            separable: false,
            shuffle: false,
        };
        assert_eq!(dw.batch_size(), 16);
        assert_eq!(dw.group_steps(), 16);
        assert_eq!(dw.batch_groups(1), 16..32);
        let odd = TimelineShape {
            groups: 17,
            separable: false,
            shuffle: false,
        };
        assert_eq!(odd.batch_size(), 2);
        assert_eq!(odd.group_steps(), 9);
        assert_eq!(odd.batch_groups(8), 16..17);
        // Every group is in exactly one step.
        let all: Vec<usize> = (0..odd.group_steps())
            .flat_map(|n| odd.batch_groups(n))
            .collect();
        assert_eq!(all, (0..17).collect::<Vec<_>>());
    }

    #[test]
    fn stepping_walks_every_stage_and_starts_over_after_done() {
        let mut t = Timeline::new(GROUPED, Stage::Input);
        t.step_back();
        assert_eq!(t.stage(), Stage::Input);
        let mut seen = vec![t.stage()];
        for _ in 0..7 {
            t.step_forward();
            seen.push(t.stage());
        }
        assert_eq!(seen[1], Stage::Split);
        assert_eq!(seen[2], Stage::GroupConv(0));
        assert_eq!(seen[5], Stage::GroupConv(3));
        assert_eq!(seen[6], Stage::Concat);
        assert_eq!(*seen.last().unwrap(), Stage::Done);
        t.step_forward();
        assert_eq!(
            (t.stage(), t.progress()),
            (Stage::Input, 1.0),
            "next at done starts over"
        );
        t.go_to(Stage::Done);
        t.step_back();
        assert_eq!(t.stage(), Stage::Concat);
        assert_eq!(t.progress(), 1.0);
    }

    #[test]
    fn playing_advances_with_time_and_speed_and_stops_at_done() {
        let mut t = Timeline::new(GROUPED, Stage::Input);
        assert!(!t.tick(1000.0), "paused: time does nothing");
        t.toggle_play();
        assert_eq!(t.progress(), 0.0, "a whole step replays from its start");
        assert!(!t.tick(450.0));
        assert!((t.progress() - 0.5).abs() < 1e-9);
        assert!(t.tick(450.0 + 600.0));
        assert_eq!(t.stage(), Stage::Split);
        assert!((t.progress() - 0.5).abs() < 1e-9);
        t.set_speed(2.0);
        assert!(t.tick(300.0 + 600.0));
        assert_eq!(t.stage(), Stage::GroupConv(0));
        assert!((t.progress() - 0.5).abs() < 1e-9);
        t.tick(1e9);
        assert_eq!(t.stage(), Stage::Done);
        assert!(!t.playing());
        // Play at done restarts.
        t.toggle_play();
        assert_eq!(t.stage(), Stage::Input);
        t.toggle_play();
        assert!(!t.playing());
        assert!(!t.tick(f64::NAN));
    }

    #[test]
    fn scrub_maps_onto_steps_and_progress() {
        let mut t = Timeline::new(GROUPED, Stage::Input);
        t.scrub(2.0);
        assert_eq!((t.stage(), t.progress()), (Stage::GroupConv(0), 1.0));
        assert_eq!(t.position(), 2.0);
        t.scrub(2.25);
        assert_eq!(t.stage(), Stage::GroupConv(1));
        assert!((t.progress() - 0.25).abs() < 1e-9);
        assert!((t.position() - 2.25).abs() < 1e-9);
        t.scrub(99.0);
        assert_eq!(t.stage(), Stage::Done);
        t.scrub(-3.0);
        assert_eq!(t.stage(), Stage::Input);
        t.scrub(f64::NAN);
        assert_eq!(t.stage(), Stage::Input);
        // Step forward from the middle of a step completes it first.
        t.scrub(2.5);
        t.step_forward();
        assert_eq!((t.stage(), t.progress()), (Stage::GroupConv(1), 1.0));
    }

    #[test]
    fn reshape_and_go_to_clamp_to_existing_steps() {
        let mut t = Timeline::new(GROUPED, Stage::GroupConv(3));
        assert_eq!(t.stage(), Stage::GroupConv(3));
        t.reshape(TimelineShape {
            groups: 2,
            separable: false,
            shuffle: false,
        });
        assert_eq!(t.stage(), Stage::GroupConv(1));
        t.go_to(Stage::Pointwise);
        assert_eq!(t.stage(), Stage::Done);
        t.reshape(SEPARABLE);
        t.go_to(Stage::Pointwise);
        assert_eq!(t.stage(), Stage::Pointwise);
    }

    #[test]
    fn autoplay_runs_from_the_input_unless_motion_is_reduced() {
        let mut t = Timeline::new(GROUPED, Stage::Done);
        t.autoplay();
        assert_eq!(
            (t.stage(), t.progress(), t.playing()),
            (Stage::Input, 0.0, true)
        );
        let mut r = Timeline::new(GROUPED, Stage::Done);
        r.set_reduced_motion(true);
        r.autoplay();
        assert_eq!((r.stage(), r.playing()), (Stage::Input, false));
    }

    #[test]
    fn shuffle_is_a_step_after_concat() {
        let s = TimelineShape {
            groups: 3,
            separable: false,
            shuffle: true,
        };
        let names: Vec<_> = s.steps().iter().map(|x| x.name()).collect();
        assert_eq!(&names[names.len() - 3..], ["concat", "shuffle", "done"]);
        assert_eq!(Stage::from_url("shuffle"), Some(Stage::Shuffle));
        assert_eq!(GROUPED.index_of(Stage::Shuffle), GROUPED.steps().len() - 1);
    }

    #[test]
    fn reduced_motion_shows_steps_whole_but_still_advances() {
        let mut t = Timeline::new(GROUPED, Stage::Input);
        t.set_reduced_motion(true);
        t.step_forward();
        t.toggle_play();
        t.tick(100.0);
        assert_eq!(t.shown_progress(), 1.0);
        t.tick(1e9);
        assert_eq!(t.stage(), Stage::Done);
    }

    #[test]
    fn stage_urls_round_trip() {
        for s in [
            Stage::Input,
            Stage::Split,
            Stage::GroupConv(0),
            Stage::GroupConv(5),
            Stage::Concat,
            Stage::Pointwise,
            Stage::Done,
        ] {
            assert_eq!(Stage::from_url(&s.to_url()), Some(s), "{s:?}");
        }
        assert_eq!(Stage::GroupConv(2).to_url(), "group-conv:3");
        for bad in [
            "",
            "conv",
            "group-conv:0",
            "group-conv:x",
            "split:2",
            "Done",
        ] {
            assert_eq!(Stage::from_url(bad), None, "{bad}");
        }
    }
}
