//! The dependency analysis on generated documents of 100, 1,000 and 10,000 tasks: the graph,
//! every check and the schedule, from a resolved model; and the same including resolution
//! (IDs, dependency phrases, mentions) from the linked model. Run with
//! `cargo bench -p tasklens-analysis --bench analysis`.

use std::sync::Arc;

use divan::{Bencher, black_box};
use tasklens_analysis::generate::{Shape, tasks_md};
use tasklens_analysis::{Analysis, Config, Document, Model, Plan, diagnostics_with_plan};

fn main() {
    divan::main();
}

const SIZES: [usize; 3] = [100, 1_000, 10_000];

fn model(tasks: usize) -> Model {
    Model::build(&Document::new(
        &tasks_md(Shape::tasks(tasks)),
        Arc::new(Config::default()),
    ))
}

/// Graph, cycles, schedule and every diagnostic, from a resolved model.
#[divan::bench(args = SIZES)]
fn graph_checks_schedule(bencher: Bencher, tasks: usize) {
    let analysis = Analysis::new(model(tasks));
    bencher.bench(|| {
        let plan = Plan::new(black_box(&analysis));
        diagnostics_with_plan(&analysis, &plan)
    });
}

/// Resolution of IDs, dependency phrases and mentions, then graph, checks and schedule.
#[divan::bench(args = SIZES)]
fn resolve_graph_checks_schedule(bencher: Bencher, tasks: usize) {
    let model = model(tasks);
    bencher.bench(|| {
        let analysis = Analysis::new(black_box(model.clone()));
        let plan = Plan::new(&analysis);
        diagnostics_with_plan(&analysis, &plan)
    });
}
