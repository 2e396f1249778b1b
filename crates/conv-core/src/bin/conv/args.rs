//! A small hand-rolled argument parser: `--flag value`, `--flag=value`, switches
//! and positionals, each subcommand declaring which flags it knows.

use super::CliError;
use conv_core::Nchw;

/// Parsed arguments of one subcommand.
#[derive(Debug, Default)]
pub struct Args {
    values: Vec<(&'static str, String)>,
    switches: Vec<&'static str>,
    pub positionals: Vec<String>,
    /// `-h` / `--help` was given.
    pub help: bool,
}

impl Args {
    /// Parses `argv` (after the subcommand) for `cmd`, which accepts the flags in
    /// `takes_value` (followed by a value) and `switches` (no value).
    pub fn parse(
        cmd: &str,
        argv: &[String],
        takes_value: &[&'static str],
        switches: &[&'static str],
    ) -> Result<Args, CliError> {
        let mut out = Args::default();
        let mut it = argv.iter();
        while let Some(arg) = it.next() {
            if arg == "-h" || arg == "--help" {
                out.help = true;
                continue;
            }
            if arg == "--" {
                out.positionals.extend(it.by_ref().cloned());
                break;
            }
            if !arg.starts_with("--") || arg.len() == 2 {
                if arg.starts_with('-') && arg.len() > 1 && arg.parse::<f64>().is_err() {
                    return Err(CliError::usage(format!(
                        "unknown option '{arg}' for 'conv {cmd}'"
                    )));
                }
                out.positionals.push(arg.clone());
                continue;
            }
            let (name, inline) = match arg.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (arg.as_str(), None),
            };
            if let Some(&flag) = takes_value.iter().find(|f| **f == name) {
                if out.values.iter().any(|(f, _)| *f == flag) {
                    return Err(CliError::usage(format!("{flag} given more than once")));
                }
                let value = match inline {
                    Some(v) => v,
                    None => it
                        .next()
                        .filter(|v| !v.starts_with("--"))
                        .cloned()
                        .ok_or_else(|| CliError::usage(format!("{flag} needs a value")))?,
                };
                out.values.push((flag, value));
            } else if let Some(&flag) = switches.iter().find(|f| **f == name) {
                if inline.is_some() {
                    return Err(CliError::usage(format!("{flag} takes no value")));
                }
                if !out.switches.contains(&flag) {
                    out.switches.push(flag);
                }
            } else {
                return Err(CliError::usage(format!(
                    "unknown option '{name}' for 'conv {cmd}'"
                )));
            }
        }
        Ok(out)
    }

    /// The value of `flag`, if given.
    pub fn value(&self, flag: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|(f, _)| *f == flag)
            .map(|(_, v)| v.as_str())
    }

    /// The value of `flag`, or a usage error naming it.
    pub fn required(&self, cmd: &str, flag: &str) -> Result<&str, CliError> {
        self.value(flag)
            .ok_or_else(|| CliError::usage(format!("'conv {cmd}' needs {flag}")))
    }

    /// True if the switch was given.
    pub fn switch(&self, flag: &str) -> bool {
        self.switches.contains(&flag)
    }

    /// Refuses positionals beyond the first `max`.
    pub fn at_most_positionals(&self, cmd: &str, max: usize) -> Result<(), CliError> {
        match self.positionals.get(max) {
            Some(extra) => Err(CliError::usage(format!(
                "unexpected argument '{extra}' for 'conv {cmd}'"
            ))),
            None => Ok(()),
        }
    }
}

/// Parses `N,C,H,W` (commas, `x` or spaces between the four numbers).
pub fn parse_shape(flag: &str, text: &str) -> Result<Nchw, CliError> {
    let bad = || {
        CliError::usage(format!(
            "{flag} must be four non-negative integers N,C,H,W (got '{text}')"
        ))
    };
    let dims: Vec<usize> = text
        .split([',', 'x', ' '])
        .filter(|s| !s.is_empty())
        .map(|s| s.trim().parse().map_err(|_| bad()))
        .collect::<Result<_, _>>()?;
    Nchw::from_slice(&dims).ok_or_else(bad)
}

/// Parses a number for `flag`, with a usage error naming it.
pub fn parse_num<T: std::str::FromStr>(flag: &str, text: &str, what: &str) -> Result<T, CliError> {
    text.trim()
        .parse()
        .map_err(|_| CliError::usage(format!("{flag} must be {what} (got '{text}')")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn argv(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn values_switches_and_positionals() {
        let a = Args::parse(
            "net",
            &argv("mobilenet-v1 --alpha=0.5 --resolution 160 --json"),
            &["--alpha", "--resolution"],
            &["--json"],
        )
        .unwrap();
        assert_eq!(a.positionals, ["mobilenet-v1"]);
        assert_eq!(a.value("--alpha"), Some("0.5"));
        assert_eq!(a.value("--resolution"), Some("160"));
        assert!(a.switch("--json") && !a.help);
    }

    #[test]
    fn usage_errors() {
        let e = |s: &str| {
            Args::parse("cost", &argv(s), &["--spec"], &["--json"])
                .unwrap_err()
                .message
        };
        assert_eq!(e("--nope"), "unknown option '--nope' for 'conv cost'");
        assert_eq!(e("-x"), "unknown option '-x' for 'conv cost'");
        assert_eq!(e("--spec"), "--spec needs a value");
        assert_eq!(e("--spec --json"), "--spec needs a value");
        assert_eq!(e("--spec a --spec b"), "--spec given more than once");
        assert_eq!(e("--json=1"), "--json takes no value");
    }

    #[test]
    fn shapes() {
        assert_eq!(
            parse_shape("s", "1,3,224,224").unwrap(),
            Nchw::new(1, 3, 224, 224)
        );
        assert_eq!(parse_shape("s", "1x3x8x8").unwrap(), Nchw::new(1, 3, 8, 8));
        assert!(parse_shape("s", "1,3,224").is_err());
        assert!(parse_shape("s", "1,3,a,4").is_err());
        assert!(parse_shape("s", "1,-3,2,4").is_err());
    }
}
