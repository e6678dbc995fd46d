//! The documents of issue 13 at about 1 MB and 10 MB of work (text bytes plus dependency
//! edges), each opened, analysed, edited once and analysed again: prints the time and the
//! peak memory (tree-sitter's included) of each, and fails when the larger one costs more
//! than 10 s or 1 GB, or grows faster than its size. Run it in a release build:
//! `cargo bench -p tasklens-analysis --bench adversarial`.
//!
//! Ranges over every earlier task make edges quadratic in the tasks, and every edge is held
//! by the analysis and the plan (about 110 bytes): at 10 million edges they alone pass 1 GB.
//! That document is measured at the size the issue names instead, 3,000 tasks (4.5 million
//! edges), and at an eighth of that.

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
        "{:<22} {:>10} {:>9} {:>6} {:>8} {:>8} {:>8} {:>8} {:>12}",
        "document (large)", "work", "edges", "found", "t small", "t large", "m small", "m large", "t ratio/work"
    );
    for case in Adversarial::ALL {
        let (small, large) = match case {
            Adversarial::RangesOverAllEarlier => (1_060, 3_000),
            _ => (budget::size_for(case, 1_000_000), budget::size_for(case, 10_000_000)),
        };
        let small = budget::measure(case, small, 2);
        let large = budget::measure(case, large, 1);
        let work = large.size() as f64 / small.size() as f64;
        let time = large.time.as_secs_f64() / small.time.as_secs_f64().max(1e-6);
        let memory = large.peak as f64 / small.peak.max(1) as f64;
        let ok =
            large.time <= TIME_BUDGET && large.peak <= MEMORY_BUDGET && time <= work * SLACK && memory <= work * SLACK;
        failures += usize::from(!ok);
        println!(
            "{:<22} {:>10} {:>9} {:>6} {:>7.2}s {:>7.2}s {:>6}MB {:>6}MB {:>7.1}/{:.1}{}",
            format!("{case:?}"),
            large.size(),
            large.edges,
            large.diagnostics,
            small.time.as_secs_f64(),
            large.time.as_secs_f64(),
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
