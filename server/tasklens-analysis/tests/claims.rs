//! The document-level claims of the shipped example: the summary table, the declared critical
//! path, the parallel groups and opportunities, the status tracking list; and robustness of
//! the whole pipeline against arbitrary text.

use std::sync::Arc;

use expect_test::expect;
use proptest::prelude::*;
use tasklens_analysis::model::slice;
use tasklens_analysis::{Config, analyze, diagnostics};

fn example() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/payment/tasks.md");
    std::fs::read_to_string(path).expect("the example is readable")
}

#[test]
fn example_claims() {
    let analysis = analyze(&example(), Arc::new(Config::default()));
    let rope = analysis.model.document().rope();
    let id = |task: usize| analysis.tasks[task].id.clone();
    let mut out = String::new();
    for value in &analysis.summary {
        out.push_str(&format!(
            "summary {:?} = {:?} ({:?})\n",
            value.metric,
            slice(rope, value.range.clone()),
            value.number
        ));
    }
    for path in &analysis.declared_paths {
        let steps: Vec<String> = path
            .steps
            .iter()
            .map(|(step, _, task)| format!("{step}{}", if task.is_some() { "" } else { "?" }))
            .collect();
        out.push_str(&format!("critical path: {}\n", steps.join(" → ")));
    }
    for claim in &analysis.parallel_claims {
        let tasks: Vec<String> = claim.tasks.iter().map(|(task, _)| id(*task)).collect();
        out.push_str(&format!("parallel: {}\n", tasks.join(", ")));
    }
    for entry in &analysis.status_entries {
        out.push_str(&format!("status: {} done={}\n", id(entry.task), entry.done));
    }
    expect![[r#"
        summary TotalTasks = "17" (Some(17))
        summary ParallelizableTasks = "13 (76%)" (Some(13))
        summary CriticalPathTasks = "7" (Some(7))
        summary Dependencies = "20" (Some(20))
        critical path: 1.1 → 1.2 → 2.1 → 3.1 → 3.2 → 5.1 → 5.2
        parallel: 2.1, 2.2, 2.3
        parallel: 1.2, 1.3
        parallel: 2.1, 2.2, 2.3
        status: 1.1 done=true
        status: 1.2 done=false
        status: 1.3 done=false
    "#]]
    .assert_eq(&out);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Any text gives a model and diagnostics: lowering never fails.
    #[test]
    fn arbitrary_text_never_panics(text in "(#{1,5} |Task |1\\.2|\\*\\*Dependencies\\*\\*: |- \\[x\\] |\\| |```|<!--|任务|😀|\n|[a-z0-9 .,:()\\[\\]→-]){0,120}") {
        let analysis = analyze(&text, Arc::new(Config::default()));
        for diagnostic in diagnostics(&analysis) {
            prop_assert!(diagnostic.range.end <= text.len());
            prop_assert!(text.is_char_boundary(diagnostic.range.start) && text.is_char_boundary(diagnostic.range.end));
        }
    }
}
