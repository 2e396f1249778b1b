//! The job's outcome in one line: output min, max, mean and sum (as `data-*`
//! attributes too, for tests and for anyone checking against `conv run`), the
//! progress indicator while a slow job runs, and the job's error if it failed.

use yew::prelude::*;

use crate::components::progress::Progress;
use crate::hooks::use_conv_job::JobStatus;
use crate::hooks::use_text::use_text;

#[derive(Properties, PartialEq)]
pub struct OutputStatsProps {
    pub status: JobStatus,
}

#[function_component]
pub fn OutputStats(props: &OutputStatsProps) -> Html {
    let t = use_text();
    let s = &props.status;
    html! {
        <div class="output-stats-panel">
            if s.slow {
                <Progress started_ms={s.started_ms} />
            }
            if let Some(e) = &s.error {
                <p class="alert" role="alert" data-testid="job-error">{ t.job_error(e) }</p>
            }
            if let Some(r) = &s.result {
                <p class={classes!("output-stats", s.running.then_some("stale"))}
                   data-testid="output-stats"
                   data-id={r.id.to_string()}
                   data-min={r.stats.min.to_string()}
                   data-max={r.stats.max.to_string()}
                   data-mean={r.stats.mean.to_string()}
                   data-sum={r.stats.sum.to_string()}
                   data-compute-ms={format!("{:.1}", r.compute_ms)}
                   data-kernel-ms={format!("{:.2}", r.kernel_ms)}>
                    { t.output_stats(r.output.shape, &r.stats, r.compute_ms, r.kernel_ms) }
                </p>
            }
        </div>
    }
}
