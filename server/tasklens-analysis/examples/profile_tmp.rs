use std::sync::Arc;
use tasklens_analysis::generate::{Shape, tasks_md};
use tasklens_analysis::*;
fn main() {
    let text = tasks_md(Shape::tasks(1000));
    let doc = Document::new(&text, Arc::new(Config::default()));
    let mut n = 0;
    for _ in 0..5 {
        let a = Analysis::new(Model::build(&doc));
        n += diagnostics(&a).len();
    }
    println!("{n}");
}
