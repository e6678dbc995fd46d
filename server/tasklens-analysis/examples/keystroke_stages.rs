//! The stages of opening a document and of one keystroke's full analysis, timed apart, for
//! profiling: the parse, the model, resolution, the plan and the diagnostics of the first
//! analysis, then of each keystroke a median over repeated keystrokes in the middle task of a
//! generated document with about one finding per task. The benchmarks
//! (`benches/keystroke.rs`) measure the whole; this says where the time goes, and runs under
//! `perf record` as it is. Last, the same keystrokes on the path the server takes: the
//! previous diagnostics carried over where the edit allows (see `carry.rs`).
//!
//! `cargo run --release -p tasklens-analysis --example keystroke_stages -- 10000 estimate 20`
//! (tasks; `estimate`, `dependencies`, `title` or `description`; keystrokes).

use std::sync::Arc;
use std::time::{Duration, Instant};

use tasklens_analysis::generate::{Shape, tasks_md_with_findings};
use tasklens_analysis::{Analysis, Config, Document, Model, Plan, TextEdit, diagnostics_with_plan};

fn main() {
    let mut args = std::env::args().skip(1);
    let tasks: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let field = args.next().unwrap_or_else(|| "estimate".to_string());
    let keystrokes: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(20).max(1);
    let text = tasks_md_with_findings(Shape::tasks(tasks));
    let needle = match field.as_str() {
        "estimate" => "**Estimate**: ",
        "dependencies" => "**Dependencies**: ",
        "title" => "\n#### Task ",
        _ => "Implement component ",
    };
    let middle = text.len() / 2;
    let mut at = middle + text[middle..].find(needle).expect("the generator writes every field") + needle.len();
    if field == "title" {
        // At the end of the title.
        at += text[at..].find('\n').expect("the heading ends");
    }
    let opened = Instant::now();
    let mut document = Document::new(&text, Arc::new(Config::default()));
    let mut laps = vec![opened, Instant::now()];
    let analysis = Analysis::new(Model::build(&document));
    laps.push(Instant::now());
    let plan = Plan::new(&analysis);
    laps.push(Instant::now());
    let first = diagnostics_with_plan(&analysis, &plan);
    laps.push(Instant::now());
    // The server keeps each version's analysis, which an edit of an estimate moves.
    let mut known = Some(Arc::new((analysis, plan)));
    // The keystroke path proper: the same keystrokes applied to a copy that carries its
    // diagnostics over where the edit allows (see `carry.rs`), analysed again where not.
    let mut carried_document = document.clone();
    let mut carried = first;
    let (mut carried_times, mut carried_count) = (Vec::new(), 0);
    let mut report = String::from("open:");
    for (stage, pair) in ["parse", "model and resolution", "plan", "diagnostics"]
        .iter()
        .zip(laps.windows(2))
    {
        report.push_str(&format!(" {stage} {:.1} ms;", (pair[1] - pair[0]).as_secs_f64() * 1e3));
    }
    println!("{}", report.trim_end_matches(';'));
    let stages = ["edit", "model", "resolution", "plan", "diagnostics"];
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); stages.len()];
    for typed in 0..keystrokes {
        let edit = TextEdit {
            range: at + typed..at + typed,
            text: "x".to_string(),
        };
        let mut laps = vec![Instant::now()];
        document = document.edit(&edit);
        laps.push(Instant::now());
        let model = Model::build(&document);
        laps.push(Instant::now());
        let analysis = Analysis::new(model);
        laps.push(Instant::now());
        let plan = Plan::new(&analysis);
        laps.push(Instant::now());
        std::hint::black_box(diagnostics_with_plan(&analysis, &plan));
        laps.push(Instant::now());
        for (stage, pair) in laps.windows(2).enumerate() {
            times[stage].push(pair[1] - pair[0]);
        }
        let started = Instant::now();
        let edited = carried_document.apply(&edit);
        let previous = known.take();
        carried = match edited
            .carry
            .and_then(|carry| carry.carry_over_with(&carried, previous, &edited.document))
        {
            Some(over) => {
                carried_count += 1;
                known = over.analysis.map(Arc::new);
                over.diagnostics
            }
            None => {
                let analysis = Analysis::new(Model::build(&edited.document));
                let plan = Plan::new(&analysis);
                let diagnostics = diagnostics_with_plan(&analysis, &plan);
                known = Some(Arc::new((analysis, plan)));
                diagnostics
            }
        };
        carried_document = edited.document;
        carried_times.push(started.elapsed());
    }
    carried_times.sort_unstable();
    println!(
        "keystroke path (carried over in {carried_count} of {keystrokes}) median {:.2} ms",
        carried_times[carried_times.len() / 2].as_secs_f64() * 1e3
    );
    let mut report = String::new();
    for (stage, mut spent) in stages.iter().zip(times) {
        spent.sort_unstable();
        let median = spent[spent.len() / 2];
        report.push_str(&format!("{stage:12} median {:8.2} ms\n", median.as_secs_f64() * 1e3));
    }
    print!("{report}");
}
