//! The code panel's files: the focused layer as a PyTorch and a Keras script
//! ([`super::snippet`]) and the job's tensors as an `.npz` ([`super::npz`]).
//!
//! They are made where the job is replayed, in a task worker of its own (see
//! `hooks::use_code_export`), never on the page: the script writer, base64, the
//! zip and its CRC-32 are 27 KB of gzipped wasm the page would otherwise load
//! for a panel most visits never open. The worker replays the request that made
//! the page's result, so the files carry exactly the page's numbers (the job is
//! deterministic: the same request gives the same tensors, bit for bit).

use serde::{Deserialize, Serialize};

use super::snippet::{keras, npz_name, pytorch, written_padding};
use super::TaskFailure;
use crate::compute::{run_job, JobRequest, JobResult};

/// Which of the panel's files to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CodeWhat {
    /// Both scripts, to show and copy.
    Scripts,
    /// The `.npz`, to download.
    Npz,
}

/// The files made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeFiles {
    Scripts { pytorch: String, keras: String },
    Npz { bytes: Vec<u8>, name: String },
}

/// Replays `req` and makes `what` from its result.
pub fn make(req: &JobRequest, what: CodeWhat) -> Result<CodeFiles, TaskFailure> {
    let r = run_job(req).map_err(TaskFailure::Job)?;
    files_of(req, &r, what)
}

/// Makes `what` from `r`, the result of `req`.
pub fn files_of(req: &JobRequest, r: &JobResult, what: CodeWhat) -> Result<CodeFiles, TaskFailure> {
    let padding = written_padding(Some(req), r);
    Ok(match what {
        CodeWhat::Scripts => CodeFiles::Scripts {
            pytorch: pytorch(r, padding),
            keras: keras(r, padding),
        },
        CodeWhat::Npz => CodeFiles::Npz {
            bytes: super::npz::npz(r).map_err(TaskFailure::Detail)?,
            name: npz_name(r),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compute::tests::request;
    use conv_core::ConvKind;

    /// The replayed files are those of the page's own result, for every kind.
    #[test]
    fn replayed_files_equal_the_files_of_the_first_run() {
        for mode in [
            ConvKind::Standard,
            ConvKind::Grouped,
            ConvKind::Depthwise,
            ConvKind::Separable,
        ] {
            let req = request(mode, &[("in_channels", "4"), ("padding", "same")]);
            let page = crate::compute::run_job(&req).unwrap();
            for what in [CodeWhat::Scripts, CodeWhat::Npz] {
                let want = files_of(&req, &page, what).unwrap();
                assert_eq!(make(&req, what).unwrap(), want, "{mode:?} {what:?}");
            }
        }
    }

    #[test]
    fn the_scripts_write_the_padding_as_the_form_has_it() {
        let req = request(ConvKind::Standard, &[("padding", "same")]);
        let CodeFiles::Scripts { pytorch, keras } = make(&req, CodeWhat::Scripts).unwrap() else {
            panic!("scripts expected")
        };
        assert!(pytorch.contains("padding='same'"), "{pytorch}");
        assert!(keras.contains("padding='same'"));
    }

    #[test]
    fn the_npz_is_named_after_the_layer_and_a_bad_job_is_typed() {
        let req = request(ConvKind::Grouped, &[("groups", "4")]);
        let CodeFiles::Npz { bytes, name } = make(&req, CodeWhat::Npz).unwrap() else {
            panic!("npz expected")
        };
        assert_eq!(&bytes[..4], b"PK\x03\x04");
        assert_eq!(name, "groupwise-grouped-8to16-g4.npz");
        let bad = request(ConvKind::Grouped, &[("groups", "3")]);
        assert!(matches!(
            make(&bad, CodeWhat::Scripts),
            Err(TaskFailure::Job(crate::compute::JobError::Conv(_)))
        ));
    }
}
