//! A job's error as a flat list of words, the form in which it crosses from the
//! worker to the page (`worker::protocol`): a variant's name, then its fields in
//! declaration order, numbers in decimal, parameters and quantities by their
//! names, a list as its length then its items.
//!
//! Written by hand, not derived: serde's derived `Deserialize` for these enums
//! (a field visitor per struct variant, read through `serde_wasm_bindgen`) was
//! 7.4 KB of the page's gzipped wasm (docs/PERFORMANCE.md, "Bundle"). The words
//! stay typed data: the text layer still words the error in the page's language.

use conv_core::{ConvError as E, Param, Quantity};

use crate::compute::{ImageError, JobError, WorkerFailure};
use crate::export::TaskFailure;

/// The words of `e`.
pub fn job_error_words(e: &JobError) -> Vec<String> {
    let mut w = Words(Vec::new());
    w.job(e);
    w.0
}

/// The words of `f`.
pub fn failure_words(f: &TaskFailure) -> Vec<String> {
    let mut w = Words(Vec::new());
    match f {
        TaskFailure::Request => {
            w.s("request");
        }
        TaskFailure::NoWorker => {
            w.s("no_worker");
        }
        TaskFailure::WorkerStopped => {
            w.s("worker_stopped");
        }
        TaskFailure::NotSaved => {
            w.s("not_saved");
        }
        TaskFailure::Job(e) => w.s("job").job(e),
        TaskFailure::Detail(d) => {
            w.s("detail").s(d);
        }
    }
    w.0
}

/// Reads [`job_error_words`] back (`None` if the words are not one error).
pub fn job_error_from_words(words: &[String]) -> Option<JobError> {
    let mut r = Reader(words.iter());
    let e = r.job()?;
    r.end(e)
}

/// Reads [`failure_words`] back.
pub fn failure_from_words(words: &[String]) -> Option<TaskFailure> {
    let mut r = Reader(words.iter());
    let f = match r.word()? {
        "request" => TaskFailure::Request,
        "no_worker" => TaskFailure::NoWorker,
        "worker_stopped" => TaskFailure::WorkerStopped,
        "not_saved" => TaskFailure::NotSaved,
        "job" => TaskFailure::Job(r.job()?),
        "detail" => TaskFailure::Detail(r.string()?),
        _ => return None,
    };
    r.end(f)
}

struct Words(Vec<String>);

impl Words {
    fn s(&mut self, s: &str) -> &mut Self {
        self.0.push(s.to_string());
        self
    }

    fn n(&mut self, n: impl ToString) -> &mut Self {
        self.0.push(n.to_string());
        self
    }

    fn ns(&mut self, ns: &[usize]) -> &mut Self {
        ns.iter().for_each(|&n| {
            self.n(n);
        });
        self
    }

    fn list(&mut self, ns: &[usize]) -> &mut Self {
        self.n(ns.len()).ns(ns)
    }

    fn job(&mut self, e: &JobError) {
        match e {
            JobError::Conv(c) => self.s("conv").conv(c),
            JobError::NoStages => {
                self.s("no_stages");
            }
            JobError::SampleNotLoaded => {
                self.s("sample_not_loaded");
            }
            JobError::Image(i) => self.s("image").image(i),
            JobError::Sample(i) => self.s("sample").image(i),
            JobError::Worker { failure, detail } => {
                self.s("worker").s(failure_name(*failure)).s(detail);
            }
        }
    }

    fn image(&mut self, e: &ImageError) {
        match e {
            ImageError::Empty { w, h } => self.s("empty").ns(&[*w, *h]),
            ImageError::DataLength { got, expected } => {
                self.s("data_length").ns(&[*got, *expected])
            }
            ImageError::NotDecodable => self.s("not_decodable"),
            ImageError::Unsupported => self.s("unsupported"),
        };
    }

    fn conv(&mut self, e: &E) {
        match e {
            E::GroupsNotPositive => self.s("groups_not_positive"),
            E::ChannelsNotDivisible {
                param,
                channels,
                groups,
            } => self
                .s("channels_not_divisible")
                .s(param.name())
                .ns(&[*channels, *groups]),
            E::NotPositive { param, value } => self.s("not_positive").s(param.name()).s(value),
            E::SameWithStride { stride } => self.s("same_with_stride").ns(stride),
            E::ReflectPaddingTooLarge {
                padding,
                dim,
                input,
            } => self.s("reflect_padding").ns(padding).n(*dim).ns(input),
            E::CircularPaddingTooLarge {
                padding,
                dim,
                input,
            } => self.s("circular_padding").ns(padding).n(*dim).ns(input),
            E::KernelLargerThanInput {
                padded,
                kernel,
                dilation,
            } => self.s("kernel_larger").ns(padded).ns(kernel).ns(dilation),
            E::InputChannels {
                groups,
                weight,
                input,
                expected,
            } => self
                .s("input_channels")
                .n(*groups)
                .ns(weight)
                .ns(input)
                .n(*expected),
            E::ShapeMismatch {
                what,
                expected,
                got,
            } => self
                .s("shape_mismatch")
                .s(what.name())
                .list(expected)
                .list(got),
            E::DataLength {
                what,
                expected,
                got,
            } => self.s("data_length").s(what.name()).ns(&[*expected, *got]),
            E::LimitExceeded { what, limit, got } => {
                self.s("limit").s(what.name()).n(*limit).n(*got)
            }
            E::Overflow { what } => self.s("overflow").s(what.name()),
            E::PresetNeedsKernel { preset, kernel } => {
                self.s("preset_needs_kernel").s(preset.name()).ns(kernel)
            }
            E::InvalidSpec(m) => self.s("invalid_spec").s(m),
        };
    }
}

const FAILURES: [(WorkerFailure, &str); 4] = [
    (WorkerFailure::CannotStart, "cannot_start"),
    (WorkerFailure::Send, "send"),
    (WorkerFailure::Stopped, "stopped"),
    (WorkerFailure::Message, "message"),
];

fn failure_name(f: WorkerFailure) -> &'static str {
    FAILURES
        .iter()
        .find(|(g, _)| *g == f)
        .map_or("message", |(_, n)| n)
}

struct Reader<'a>(std::slice::Iter<'a, String>);

impl<'a> Reader<'a> {
    fn word(&mut self) -> Option<&'a str> {
        self.0.next().map(String::as_str)
    }

    fn string(&mut self) -> Option<String> {
        self.word().map(str::to_string)
    }

    fn n<T: std::str::FromStr>(&mut self) -> Option<T> {
        self.word()?.parse().ok()
    }

    fn ns<const K: usize>(&mut self) -> Option<[usize; K]> {
        let mut a = [0; K];
        for v in &mut a {
            *v = self.n()?;
        }
        Some(a)
    }

    fn list(&mut self) -> Option<Vec<usize>> {
        let len: usize = self.n()?;
        // A length no message can hold is not read.
        (len <= self.0.len())
            .then(|| (0..len).map(|_| self.n()).collect())
            .flatten()
    }

    fn param(&mut self) -> Option<Param> {
        let w = self.word()?;
        Param::ALL.into_iter().find(|p| p.name() == w)
    }

    fn quantity(&mut self) -> Option<Quantity> {
        let w = self.word()?;
        let params = Param::ALL.map(Quantity::Param);
        Quantity::OTHERS
            .into_iter()
            .chain(params)
            .find(|q| q.name() == w)
    }

    /// `v`, if every word was read.
    fn end<T>(mut self, v: T) -> Option<T> {
        self.0.next().is_none().then_some(v)
    }

    fn job(&mut self) -> Option<JobError> {
        Some(match self.word()? {
            "conv" => JobError::Conv(self.conv()?),
            "no_stages" => JobError::NoStages,
            "sample_not_loaded" => JobError::SampleNotLoaded,
            "image" => JobError::Image(self.image()?),
            "sample" => JobError::Sample(self.image()?),
            "worker" => {
                let name = self.word()?;
                let failure = FAILURES.iter().find(|(_, n)| *n == name)?.0;
                JobError::worker(failure, self.string()?)
            }
            _ => return None,
        })
    }

    fn image(&mut self) -> Option<ImageError> {
        Some(match self.word()? {
            "empty" => {
                let [w, h] = self.ns()?;
                ImageError::Empty { w, h }
            }
            "data_length" => {
                let [got, expected] = self.ns()?;
                ImageError::DataLength { got, expected }
            }
            "not_decodable" => ImageError::NotDecodable,
            "unsupported" => ImageError::Unsupported,
            _ => return None,
        })
    }

    fn conv(&mut self) -> Option<E> {
        Some(match self.word()? {
            "groups_not_positive" => E::GroupsNotPositive,
            "channels_not_divisible" => {
                let param = self.param()?;
                let [channels, groups] = self.ns()?;
                E::ChannelsNotDivisible {
                    param,
                    channels,
                    groups,
                }
            }
            "not_positive" => E::NotPositive {
                param: self.param()?,
                value: self.string()?,
            },
            "same_with_stride" => E::SameWithStride { stride: self.ns()? },
            "reflect_padding" => E::ReflectPaddingTooLarge {
                padding: self.ns()?,
                dim: self.n()?,
                input: self.ns()?,
            },
            "circular_padding" => E::CircularPaddingTooLarge {
                padding: self.ns()?,
                dim: self.n()?,
                input: self.ns()?,
            },
            other => return self.conv_shapes(other),
        })
    }

    fn conv_shapes(&mut self, tag: &str) -> Option<E> {
        Some(match tag {
            "kernel_larger" => E::KernelLargerThanInput {
                padded: self.ns()?,
                kernel: self.ns()?,
                dilation: self.ns()?,
            },
            "input_channels" => E::InputChannels {
                groups: self.n()?,
                weight: self.ns()?,
                input: self.ns()?,
                expected: self.n()?,
            },
            "shape_mismatch" => E::ShapeMismatch {
                what: self.quantity()?,
                expected: self.list()?,
                got: self.list()?,
            },
            "data_length" => E::DataLength {
                what: self.quantity()?,
                expected: self.n()?,
                got: self.n()?,
            },
            "limit" => E::LimitExceeded {
                what: self.quantity()?,
                limit: self.n()?,
                got: self.n()?,
            },
            "overflow" => E::Overflow {
                what: self.quantity()?,
            },
            "preset_needs_kernel" => E::PresetNeedsKernel {
                preset: conv_core::weights::WeightPreset::from_name(self.word()?)?,
                kernel: self.ns()?,
            },
            "invalid_spec" => E::InvalidSpec(self.string()?),
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every error the page can show reads back as itself, alone and inside a
    /// code panel failure.
    #[test]
    fn every_error_round_trips() {
        for e in crate::compute::error::every_error() {
            let words = job_error_words(&e);
            assert_eq!(job_error_from_words(&words).as_ref(), Some(&e), "{words:?}");
            let f = TaskFailure::Job(e);
            assert_eq!(failure_from_words(&failure_words(&f)), Some(f));
        }
        for f in [
            TaskFailure::Request,
            TaskFailure::NoWorker,
            TaskFailure::WorkerStopped,
            TaskFailure::NotSaved,
            TaskFailure::Detail("a detail, with words".into()),
        ] {
            assert_eq!(failure_from_words(&failure_words(&f)), Some(f));
        }
    }

    /// Every parameter and quantity reads back from its name.
    #[test]
    fn every_quantity_round_trips() {
        let params = Param::ALL.map(Quantity::Param);
        for what in Quantity::OTHERS.into_iter().chain(params) {
            let e = JobError::Conv(E::Overflow { what });
            assert_eq!(job_error_from_words(&job_error_words(&e)), Some(e));
        }
    }

    /// Words that are not one error are refused, never misread.
    #[test]
    fn broken_words_are_refused() {
        let words = |s: &str| s.split(' ').map(String::from).collect::<Vec<_>>();
        for w in [
            "",
            "conv",
            "conv nonsense",
            "conv same_with_stride 2",
            "conv same_with_stride 2 x",
            "conv same_with_stride 2 2 extra",
            "conv channels_not_divisible no_such_param 8 3",
            "conv shape_mismatch bias 99999 1",
            "conv limit flops 10 -1",
            "worker no_such_failure detail",
        ] {
            assert_eq!(job_error_from_words(&words(w)), None, "{w}");
        }
        assert_eq!(failure_from_words(&words("job nonsense")), None);
    }
}
