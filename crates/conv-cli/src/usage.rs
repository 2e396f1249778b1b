//! What goes wrong, as one line and an exit code: [`CliError`], and clap's parse
//! errors reworded into the tool's own one-line messages.

use clap::error::{ContextKind, ContextValue, ErrorKind};

/// A failure to report: one line of text and the exit code.
#[derive(Debug)]
pub struct CliError {
    pub code: i32,
    pub message: String,
}

impl CliError {
    /// A mistake in how the command was written (exit code 2).
    pub fn usage(message: impl Into<String>) -> Self {
        CliError {
            code: 2,
            message: message.into(),
        }
    }

    /// Anything else: bad file contents, invalid layer, I/O (exit code 1).
    pub fn failure(message: impl Into<String>) -> Self {
        CliError {
            code: 1,
            message: message.into(),
        }
    }
}

pub type CliResult<T> = Result<T, CliError>;

/// What a clap error means here: help to print (success), or a usage error.
/// `cmd` is the subcommand being parsed, if any, for messages.
pub fn from_clap(e: &clap::Error, cmd: Option<&str>) -> CliResult<String> {
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        return Ok(e.render().to_string());
    }
    Err(CliError::usage(message(e, cmd)))
}

/// The flag or argument a clap error is about: `--spec`, not `--spec <SPEC.json>`.
fn arg(e: &clap::Error) -> String {
    match e.get(ContextKind::InvalidArg) {
        Some(ContextValue::String(s)) => flag_name(s),
        _ => String::new(),
    }
}

fn flag_name(usage: &str) -> String {
    usage.split([' ', '=']).next().unwrap_or(usage).to_string()
}

fn message(e: &clap::Error, cmd: Option<&str>) -> String {
    let string = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        _ => String::new(),
    };
    let of = cmd.map_or("; try 'conv --help'".to_string(), |c| {
        format!(" for 'conv {c}'")
    });
    match e.kind() {
        ErrorKind::InvalidSubcommand => format!(
            "unknown subcommand '{}'; try 'conv --help'",
            string(ContextKind::InvalidSubcommand)
        ),
        ErrorKind::UnknownArgument => {
            let a = string(ContextKind::InvalidArg);
            if a.starts_with('-') {
                format!("unknown option '{}'{of}", flag_name(&a))
            } else {
                format!("unexpected argument '{a}'{of}")
            }
        }
        ErrorKind::MissingRequiredArgument => {
            let missing: Vec<String> = match e.get(ContextKind::InvalidArg) {
                Some(ContextValue::Strings(v)) => v.iter().map(|s| flag_name(s)).collect(),
                _ => Vec::new(),
            };
            format!(
                "'conv {}' needs {}",
                cmd.unwrap_or(""),
                missing.join(" and ")
            )
        }
        ErrorKind::ValueValidation => match std::error::Error::source(e) {
            Some(why) => format!("{} {why}", arg(e)),
            None => first_line(e),
        },
        ErrorKind::InvalidValue if string(ContextKind::InvalidValue).is_empty() => {
            format!("{} needs a value", arg(e))
        }
        // Conflicting with itself: given twice.
        ErrorKind::ArgumentConflict
            if e.get(ContextKind::PriorArg) == e.get(ContextKind::InvalidArg) =>
        {
            format!("{} given more than once", arg(e))
        }
        ErrorKind::TooManyValues => format!("{} takes no value", arg(e)),
        _ => first_line(e),
    }
}

/// clap's own wording, on one line and without its "error: " prefix.
fn first_line(e: &clap::Error) -> String {
    let text = e.render().to_string();
    let line = text.lines().next().unwrap_or_default();
    line.strip_prefix("error: ").unwrap_or(line).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Cli;
    use clap::Parser;

    /// The message `conv ARGS` stops with (the arguments must fail to parse).
    fn error(args: &str) -> String {
        let argv = std::iter::once("conv").chain(args.split_whitespace());
        let e = Cli::try_parse_from(argv).expect_err("a parse error");
        let cmd = args.split_whitespace().next();
        from_clap(&e, cmd).unwrap_err().message
    }

    #[test]
    fn usage_errors() {
        assert_eq!(
            error("cost --spec a --input-shape 1,3,8,8 --nope"),
            "unknown option '--nope' for 'conv cost'"
        );
        assert_eq!(
            error("cost --spec a --input-shape 1,3,8,8 -x"),
            "unknown option '-x' for 'conv cost'"
        );
        assert_eq!(error("cost --spec"), "--spec needs a value");
        assert_eq!(error("cost --spec --json"), "--spec needs a value");
        assert_eq!(
            error("cost --spec a --spec b --input-shape 1,3,8,8"),
            "--spec given more than once"
        );
        assert_eq!(
            error("cost --spec a --input-shape 1,3,8,8 --json=1"),
            "--json takes no value"
        );
        assert_eq!(
            error("cost --input-shape 1,3,8,8"),
            "'conv cost' needs --spec"
        );
        assert_eq!(
            error("run --spec s.json --seed x"),
            "--seed must be a non-negative integer (got 'x')"
        );
    }
}
