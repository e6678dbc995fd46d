//! The `tasklens` command: `check` lints tasks.md files, `tasks`, `schedule` and `graph` print
//! what a file's analysis found, and `lsp` serves the language server.
//!
//! Output goes to stdout through explicit writers; the language server owns stdout as its
//! transport, so printing macros are denied crate-wide.

#![deny(clippy::print_stdout, clippy::print_stderr)]

#[cfg(not(feature = "system-allocator"))]
mod allocator;
mod check;
mod files;
mod guard;
mod line_index;
mod log;
mod lsp;
mod sarif;
mod schedule;
mod settings;
mod tasks;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// The language server allocates on one thread and frees on another at every keystroke, where
/// mimalloc is markedly faster than the system allocator (see the commit that added it). The
/// `system-allocator` feature leaves it out, for heap profilers that only see `malloc`.
#[cfg(not(feature = "system-allocator"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Language server and linter for task-breakdown markdown (tasks.md).
#[derive(Debug, Parser)]
#[command(name = "tasklens", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check tasks.md files and report their problems (exit 1 when there are errors, or
    /// findings at the `--fail-on` severity).
    Check {
        /// Files, or directories searched for markdown files that contain tasks.
        #[arg(default_value = ".")]
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
        format: CheckFormat,
        /// Apply the safe fixes (the editor's fix-all) to the files, say what changed, then
        /// report what is left.
        #[arg(long)]
        fix: bool,
        /// Print the safe fixes as a unified diff and write nothing (exit 1 when there are some).
        #[arg(long, conflicts_with = "fix")]
        diff: bool,
        /// The least severe finding that makes the exit status 1.
        #[arg(long, value_enum, default_value_t = FailOn::Error)]
        fail_on: FailOn,
    },
    /// Schedule one file by the critical path method: ES, EF, slack and the critical path.
    Schedule {
        /// The tasks.md file.
        file: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = schedule::ScheduleFormat::Table)]
        format: schedule::ScheduleFormat,
    },
    /// Print one file's dependency graph, critical edges highlighted.
    Graph {
        /// The tasks.md file.
        file: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = schedule::GraphFormat::Mermaid)]
        format: schedule::GraphFormat,
    },
    /// Serve the Language Server Protocol over standard input and output.
    Lsp {
        /// Accepted for clients that pass it; stdio is the only transport.
        #[arg(long)]
        stdio: bool,
    },
    /// Print the task model of one file.
    Tasks {
        /// The tasks.md file.
        file: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = TasksFormat::Json)]
        format: TasksFormat,
    },
}

/// How `check` writes its findings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Like rustc: the source line with the problem underlined.
    Human,
    /// A JSON array of findings.
    Json,
    /// GitHub Actions workflow commands (`::error file=…::message`), shown as annotations.
    Github,
    /// A SARIF 2.1.0 log, for code scanning.
    Sarif,
}

/// Which findings fail `check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Errors only.
    Error,
    /// Warnings and errors.
    Warning,
    /// Infos, warnings and errors.
    Info,
    /// Any finding.
    Hint,
    /// No finding: the exit status is 0 unless the input cannot be read.
    Never,
}

impl FailOn {
    fn threshold(self) -> Option<tasklens_analysis::Severity> {
        use tasklens_analysis::Severity;
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Hint => Some(Severity::Hint),
            FailOn::Never => None,
        }
    }
}

/// How `tasks` writes the model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TasksFormat {
    /// The JSON contract documented in the README.
    Json,
}

/// Runs the language server: logs go to stderr through tracing, filtered by `TASKLENS_LOG`
/// (default `info`), and never block it (see [`log`]); stdout carries the protocol only.
fn run_lsp() -> u8 {
    let filter = tracing_subscriber::EnvFilter::try_from_env("TASKLENS_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let log = log::Log::start(std::io::stderr());
    tracing_subscriber::fmt()
        .with_writer(log.clone())
        .with_ansi(false)
        .with_env_filter(filter)
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => {
            tracing::error!("cannot start the async runtime: {error}");
            log.flush(std::time::Duration::from_secs(1));
            return 2;
        }
    };
    let code = runtime.block_on(lsp::serve_stdio());
    // Work still running on blocking threads (an analysis the client no longer waits for)
    // must not keep the process alive after `exit`.
    runtime.shutdown_background();
    log.flush(std::time::Duration::from_secs(1));
    code
}

fn main() -> ExitCode {
    #[cfg(not(feature = "system-allocator"))]
    allocator::configure();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let code = if error.use_stderr() { 2 } else { 0 };
            let _ = error.print();
            return ExitCode::from(code);
        }
    };
    guard::install_hook();
    if let Command::Lsp { .. } = cli.command {
        return ExitCode::from(run_lsp());
    }
    let mut stdout = std::io::stdout().lock();
    let mut stderr = std::io::stderr().lock();
    let ran = guard::run("this input", || match cli.command {
        Command::Check {
            paths,
            format,
            fix,
            diff,
            fail_on,
        } => check::run(
            &paths,
            check::Options {
                format,
                fix,
                diff,
                fail_on: fail_on.threshold(),
            },
            &mut stdout,
            &mut stderr,
        ),
        Command::Tasks {
            file,
            format: TasksFormat::Json,
        } => tasks::run(&file, &mut stdout, &mut stderr),
        Command::Schedule { file, format } => schedule::run_schedule(&file, format, &mut stdout, &mut stderr),
        Command::Graph { file, format } => schedule::run_graph(&file, format, &mut stdout, &mut stderr),
        Command::Lsp { .. } => unreachable!("handled above"),
    });
    let _ = stdout.flush();
    let code = ran.unwrap_or_else(|message| {
        let _ = writeln!(stderr, "error: {message}");
        2
    });
    ExitCode::from(code)
}
