//! Time and memory budgets for the documents that once made the analysis slow or huge (issue
//! 13: unknown dependencies, tasks depending on every earlier one, ranges over thousands of
//! tasks, lines of `|`, of `1.1, ` and of mentions, blank lines, a large breakdown, the example
//! pasted into itself). Each is opened, analysed, edited once and analysed again at two sizes
//! eight times apart; time and memory (tree-sitter's included) must grow in proportion to the
//! work the document asks for (its bytes plus its dependency edges), not faster. Absolute times
//! are the `adversarial` benchmark's business, in a release build.

#[path = "support/budget.rs"]
mod budget;
#[path = "support/counting.rs"]
mod counting;

use tasklens_analysis::generate::Adversarial;

#[global_allocator]
static ALLOCATOR: counting::Counting = counting::Counting;

/// How much faster than the work time and memory may grow: a quadratic cost at eight times
/// the size grows eight times faster than this allows.
const SLACK: f64 = 2.5;

/// The most bytes of memory per byte of work: 10 MB of text must fit in 1 GB. Blank lines
/// took 640 a byte in tree-sitter-md.
const BYTES_PER_BYTE: usize = 200;

#[test]
fn adversarial_documents_cost_in_proportion_to_their_size() {
    counting::route_tree_sitter();
    let mut report = Vec::new();
    for case in Adversarial::ALL {
        let small = budget::measure(case, size_for(case, 60_000), 3);
        let large = budget::measure(case, size_for(case, 480_000), 2);
        let work = large.size() as f64 / small.size() as f64;
        // Processor time of this thread: other work on the machine (a parallel build, the
        // other tests) stretches the wall clock of one size and not the other.
        let time = large.cpu.as_secs_f64() / small.cpu.as_secs_f64().max(1e-6);
        let memory = large.peak as f64 / small.peak.max(1) as f64;
        report.push(format!(
            "{case:?}: work x{work:.1}, time x{time:.1} ({:?} -> {:?}, {:?} of processor), memory x{memory:.1} ({} -> {} KB)",
            small.time,
            large.time,
            large.cpu,
            small.peak >> 10,
            large.peak >> 10
        ));
        assert!(work > 5.0, "{case:?}: the sizes must differ: {}", report.join("\n"));
        assert!(
            time <= work * SLACK && memory <= work * SLACK,
            "{case:?} grows faster than its size:\n{}",
            report.join("\n")
        );
        assert!(
            large.peak <= large.size() * BYTES_PER_BYTE,
            "{case:?} holds {} bytes per byte of work:\n{}",
            large.peak / large.size(),
            report.join("\n")
        );
        assert!(
            large.diagnostics <= 30 * 101,
            "{case:?}: at most 100 findings a code and a summary"
        );
    }
    eprintln!("{}", report.join("\n"));
}

/// A case's size argument that gives about `bytes` of work (text bytes plus edges).
pub fn size_for(case: Adversarial, bytes: usize) -> usize {
    match case {
        // About 70 bytes a task.
        Adversarial::UnknownDependencies => bytes / 70,
        // Task n lists n - 1 dependencies of about 9 bytes: 4.5 n² bytes and n² / 2 edges.
        Adversarial::DependsOnAllEarlier => ((bytes as f64 / 5.0).sqrt() as usize).max(3),
        // One range per task, n² / 2 edges.
        Adversarial::RangesOverAllEarlier => ((bytes as f64 * 2.0).sqrt() as usize).max(3),
        _ => bytes,
    }
}
