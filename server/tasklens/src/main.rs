//! The `tasklens` command: `check` lints tasks.md files, `tasks` prints a file's task model.
//!
//! Output goes to stdout through explicit writers; the language server added later will own
//! stdout as its transport, so printing macros are denied crate-wide.

#![deny(clippy::print_stdout, clippy::print_stderr)]

mod check;
mod line_index;
mod schedule;
mod tasks;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// Language server and linter for task-breakdown markdown (tasks.md).
#[derive(Debug, Parser)]
#[command(name = "tasklens", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check tasks.md files and report their problems (exit 1 when there are errors).
    Check {
        /// Files, or directories searched for markdown files that contain tasks.
        #[arg(default_value = ".")]
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
        format: CheckFormat,
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
}

/// How `tasks` writes the model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TasksFormat {
    /// The JSON contract documented in the README.
    Json,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let code = if error.use_stderr() { 2 } else { 0 };
            let _ = error.print();
            return ExitCode::from(code);
        }
    };
    let mut stdout = std::io::stdout().lock();
    let mut stderr = std::io::stderr().lock();
    let code = match cli.command {
        Command::Check { paths, format } => check::run(&paths, format, &mut stdout, &mut stderr),
        Command::Tasks {
            file,
            format: TasksFormat::Json,
        } => tasks::run(&file, &mut stdout, &mut stderr),
        Command::Schedule { file, format } => schedule::run_schedule(&file, format, &mut stdout, &mut stderr),
        Command::Graph { file, format } => schedule::run_graph(&file, format, &mut stdout, &mut stderr),
    };
    let _ = stdout.flush();
    ExitCode::from(code)
}
