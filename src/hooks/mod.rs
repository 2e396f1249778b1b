//! The page's hooks: effects with cleanup (observers, frames, jobs, task
//! workers, the scene canvas), kept out of components. The only code that
//! touches `requestAnimationFrame`, workers and observers.

pub mod task_worker;
pub mod use_animation_frame;
pub mod use_canvas_size;
pub mod use_code_export;
pub mod use_conv_job;
pub mod use_gif_export;
pub mod use_height_messages;
pub mod use_job_request;
pub mod use_qr_code;
pub mod use_scene_canvas;
pub mod use_text;
pub mod use_theme;
pub mod use_timeline;
