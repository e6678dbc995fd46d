//! Measures what opening and editing one adversarial document costs (see
//! `tasklens_analysis::generate::Adversarial`), for the budget test and the `adversarial`
//! benchmark, which compare the costs of two sizes.

use std::sync::Arc;
use std::time::{Duration, Instant};

use tasklens_analysis::generate::Adversarial;
use tasklens_analysis::{Analysis, Config, Document, Model, Plan, TextEdit, diagnostics_with_plan};

use super::counting;

/// What one document cost.
#[derive(Clone, Copy, Debug)]
pub struct Cost {
    /// The text's length in bytes.
    pub bytes: usize,
    /// The dependency edges the analysis found.
    pub edges: usize,
    /// The diagnostics published.
    pub diagnostics: usize,
    /// The least time of the runs, for opening, analysing, one keystroke and analysing again.
    pub time: Duration,
    /// The processor time of the same run, which other programs on the machine do not
    /// lengthen (Linux only; zero elsewhere).
    pub cpu: Duration,
    /// The most memory held during the first run, above what was held before.
    pub peak: usize,
}

impl Cost {
    /// The work a document asks for: its bytes, and the edges its ranges and groups make.
    pub fn size(&self) -> usize {
        self.bytes + self.edges
    }
}

/// Opens the document, analyses it, types one character in its middle and analyses again,
/// `runs` times.
pub fn measure(case: Adversarial, size: usize, runs: usize) -> Cost {
    let text = case.document(size);
    let config = Arc::new(Config::default());
    let mut best = Duration::MAX;
    let mut best_cpu = Duration::MAX;
    let mut peak = 0;
    let (mut edges, mut diagnostics) = (0, 0);
    for run in 0..runs.max(1) {
        let baseline = counting::start();
        let started = Instant::now();
        let cpu_started = thread_cpu_time();
        let document = Document::new(&text, config.clone());
        let analysis = Analysis::new(Model::build(&document));
        let plan = Plan::new(&analysis);
        diagnostics = diagnostics_with_plan(&analysis, &plan).len();
        edges = plan.edges.len();
        drop((analysis, plan));
        let mut middle = text.len() / 2;
        while !text.is_char_boundary(middle) {
            middle -= 1;
        }
        let edited = document.apply(&TextEdit {
            range: middle..middle,
            text: "x".into(),
        });
        drop(document);
        let analysis = Analysis::new(Model::build(&edited.document));
        let plan = Plan::new(&analysis);
        std::hint::black_box(diagnostics_with_plan(&analysis, &plan));
        best = best.min(started.elapsed());
        best_cpu = best_cpu.min(thread_cpu_time().saturating_sub(cpu_started));
        if run == 0 {
            peak = counting::peak_since(baseline);
        }
    }
    Cost {
        bytes: text.len(),
        edges,
        diagnostics,
        time: best,
        cpu: best_cpu,
        peak,
    }
}

/// The processor time this thread has used, from `/proc/thread-self/stat` (in clock ticks,
/// a hundredth of a second on Linux).
fn thread_cpu_time() -> Duration {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap_or_default();
    // The fields after the command name (which is in parentheses and may hold spaces).
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or("", |(_, rest)| rest)
        .split_whitespace()
        .collect();
    let ticks = |index: usize| fields.get(index).and_then(|f| f.parse::<u64>().ok()).unwrap_or(0);
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    Duration::from_millis((ticks(11) + ticks(12)) * 10)
}
