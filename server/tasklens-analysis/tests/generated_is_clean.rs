//! The generated benchmark documents are clean breakdowns: no diagnostics at all, so the
//! benchmarks measure the analysis rather than the formatting of findings.

use std::sync::Arc;

use tasklens_analysis::generate::{Shape, tasks_md};
use tasklens_analysis::{Config, analyze, diagnostics};

#[test]
fn generated_documents_have_no_findings() {
    for tasks in [7, 100] {
        let analysis = analyze(&tasks_md(Shape::tasks(tasks)), Arc::new(Config::default()));
        assert_eq!(analysis.tasks.len(), tasks);
        let found: Vec<String> = diagnostics(&analysis).into_iter().map(|d| d.message).collect();
        assert!(found.is_empty(), "{found:#?}");
    }
}
