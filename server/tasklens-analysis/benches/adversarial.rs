//! The documents of issue 13, each opened, analysed, edited once and analysed again at two
//! sizes: prints the time and the peak memory (tree-sitter's included) of each, and fails
//! when the larger one costs more than 10 s of processor time or 1 GB, or grows faster than
//! its size (text bytes plus dependency edges). Processor time, because the machine may be
//! shared: the wall-clock time is printed beside it. Run it in a release build:
//! `cargo bench -p tasklens-analysis --bench adversarial`.
//!
//! The pathological texts (lines of `|`, of `1.1, `, of mentions, blank lines, a large
//! breakdown) are measured at 1 MB and 10 MB; the example pasted into itself at 2 MB and the
//! issue's 20 MB; the documents of many dependencies at the sizes and an eighth of the
//! work: 10,000 unknown dependencies, 1,000 tasks on every earlier one, and ranges over 3,000
//! tasks (4.5 million edges: their edges are quadratic in the tasks, and every edge is held
//! by the analysis and the plan, about 110 bytes).

#[path = "../tests/support/budget.rs"]
mod budget;
#[path = "../tests/support/counting.rs"]
mod counting;

use std::process::ExitCode;
use std::time::Duration;

use tasklens_analysis::generate::Adversarial;

#[global_allocator]
static ALLOCATOR: counting::Counting = counting::Counting;

/// The budget of the larger size.
const TIME_BUDGET: Duration = Duration::from_secs(10);
const MEMORY_BUDGET: usize = 1 << 30;
/// How much faster than the work time and memory may grow.
const SLACK: f64 = 2.5;

fn main() -> ExitCode {
    counting::route_tree_sitter();
    let mut failures = 0;
    println!(
        "{:<22} {:>10} {:>9} {:>6} {:>8} {:>8} {:>8} {:>8} {:>8} {:>12}",
        "document (large)", "work", "edges", "found", "t small", "t large", "cpu", "m small", "m large", "t ratio/work"
    );
    for case in Adversarial::ALL {
        let (small, large) = match case {
            Adversarial::UnknownDependencies => (1_250, 10_000),
            Adversarial::DependsOnAllEarlier => (354, 1_000),
            Adversarial::RangesOverAllEarlier => (1_060, 3_000),
            Adversarial::RepeatedExample => (2_000_000, 20_000_000),
            _ => (1_000_000, 10_000_000),
        };
        let small = budget::measure(case, small, 2);
        let large = budget::measure(case, large, 1);
        let work = large.size() as f64 / small.size() as f64;
        let time = large.time.as_secs_f64() / small.time.as_secs_f64().max(1e-6);
        let memory = large.peak as f64 / small.peak.max(1) as f64;
        let ok =
            large.cpu <= TIME_BUDGET && large.peak <= MEMORY_BUDGET && time <= work * SLACK && memory <= work * SLACK;
        failures += usize::from(!ok);
        println!(
            "{:<22} {:>10} {:>9} {:>6} {:>7.2}s {:>7.2}s {:>7.2}s {:>6}MB {:>6}MB {:>7.1}/{:.1}{}",
            format!("{case:?}"),
            large.size(),
            large.edges,
            large.diagnostics,
            small.time.as_secs_f64(),
            large.time.as_secs_f64(),
            large.cpu.as_secs_f64(),
            small.peak >> 20,
            large.peak >> 20,
            time,
            work,
            if ok { "" } else { "  OVER BUDGET" }
        );
    }
    if failures > 0 {
        println!("{failures} documents over budget");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
