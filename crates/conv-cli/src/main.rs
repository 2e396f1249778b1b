//! `conv`: the command-line face of conv-core. One module per subcommand; each
//! returns the text to print or a [`CliError`], and `main` turns that into exactly
//! one line on stderr and an exit code (2 for usage, 1 for anything else).

mod bench;
mod cli;
mod cost;
mod files;
mod model;
mod net;
mod report;
mod run;
mod usage;

use clap::Parser;
use cli::{Cli, Command};
use std::io::Write;
use usage::{CliError, CliResult};

fn main() {
    // Last resort: a bug must still end as one line, not a backtrace.
    std::panic::set_hook(Box::new(|info| {
        let payload = info.payload();
        let what = payload
            .downcast_ref::<&str>()
            .copied()
            .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
            .unwrap_or("unknown panic");
        let first = what.lines().next().unwrap_or_default();
        let _ = writeln!(std::io::stderr(), "conv: internal error: {first}");
        std::process::exit(1);
    }));
    let argv: Vec<String> = std::env::args().collect();
    let code = match dispatch(&argv) {
        Ok(text) => {
            let mut out = std::io::stdout().lock();
            match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
                Ok(()) => 0,
                // `conv net ... | head` closing the pipe early is not an error.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
                Err(e) => {
                    eprintln!("conv: cannot write output: {e}");
                    1
                }
            }
        }
        Err(e) => {
            let first = e.message.lines().next().unwrap_or_default();
            eprintln!("conv: {first}");
            e.code
        }
    };
    std::process::exit(code);
}

/// Parses `argv` (program name first) and runs the subcommand.
fn dispatch(argv: &[String]) -> CliResult<String> {
    let cli = match Cli::try_parse_from(argv) {
        Ok(cli) => cli,
        Err(e) => {
            let cmd = argv
                .get(1)
                .map(String::as_str)
                .filter(|a| Command::NAMES.contains(a));
            return usage::from_clap(&e, cmd);
        }
    };
    match cli.command {
        None => Err(CliError::usage(
            "missing subcommand (cost, net, run, bench, model); try 'conv --help'",
        )),
        Some(Command::Cost(a)) => cost::run(&a),
        Some(Command::Net(a)) => net::run(&a),
        Some(Command::Run(a)) => run::run(&a),
        Some(Command::Bench(a)) => bench::run(&a),
        Some(Command::Model(a)) => model::run(&a),
    }
}
