//! The keystroke path, measured on generated documents of 100, 1,000 and 10,000 tasks (about
//! 1 KB each): opening a document, and one typed character in the middle of it up to the
//! updated model, up to the diagnostics carried over, and up to the diagnostics of a full
//! analysis; the last two also on the same documents with about one finding per task (a
//! breakdown being written). Run with `cargo bench -p tasklens-analysis --bench keystroke`.

use std::sync::Arc;

use divan::{Bencher, black_box};
use tasklens_analysis::generate::{Shape, tasks_md, tasks_md_with_findings};
use tasklens_analysis::{Analysis, Config, Document, Model, TextEdit, diagnostics};

fn main() {
    divan::main();
}

const SIZES: [usize; 3] = [100, 1_000, 10_000];

/// A document, and an edit that types one character into the description of its middle task.
fn setup(tasks: usize) -> (String, TextEdit) {
    at_the_middle(tasks_md(Shape::tasks(tasks)), tasks)
}

/// As [`setup`], with about one finding per task.
fn setup_with_findings(tasks: usize) -> (String, TextEdit) {
    at_the_middle(tasks_md_with_findings(Shape::tasks(tasks)), tasks)
}

fn at_the_middle(text: String, tasks: usize) -> (String, TextEdit) {
    let needle = format!("Implement component {} of", tasks / 2);
    let at = text.find(&needle).expect("the generator writes every component") + needle.len();
    (
        text,
        TextEdit {
            range: at..at,
            text: "x".to_string(),
        },
    )
}

/// Opening: the whole text cut into segments, each parsed and extracted, and the model linked.
#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn open(bencher: Bencher, tasks: usize) {
    let (text, _) = setup(tasks);
    let config = Arc::new(Config::default());
    bencher.bench(|| Model::build(&Document::new(black_box(&text), config.clone())));
}

/// One typed character → the next document snapshot → its model. The edited segment's tree is
/// warm, as it is while someone types.
#[divan::bench(args = SIZES)]
fn edit_to_model(bencher: Bencher, tasks: usize) {
    let (text, edit) = setup(tasks);
    let warm = Document::new(&text, Arc::new(Config::default())).edit(&edit);
    let next = TextEdit {
        range: edit.range.start + 1..edit.range.start + 1,
        text: "y".into(),
    };
    bencher.bench(|| Model::build(&warm.edit(black_box(&next))));
}

/// One typed character in a description → the next snapshot → the previous diagnostics carried
/// over (the path the language server takes for such an edit).
#[divan::bench(args = SIZES)]
fn edit_to_carried_diagnostics(bencher: Bencher, tasks: usize) {
    carried(bencher, setup(tasks));
}

/// [`edit_to_carried_diagnostics`] with about one finding per task.
#[divan::bench(args = SIZES)]
fn edit_to_carried_diagnostics_with_findings(bencher: Bencher, tasks: usize) {
    carried(bencher, setup_with_findings(tasks));
}

fn carried(bencher: Bencher, (text, edit): (String, TextEdit)) {
    let warm = Document::new(&text, Arc::new(Config::default())).edit(&edit);
    let previous = diagnostics(&Analysis::new(Model::build(&warm)));
    let next = TextEdit {
        range: edit.range.start + 1..edit.range.start + 1,
        text: "y".into(),
    };
    bencher.bench(|| {
        let edited = warm.apply(black_box(&next));
        let carry = edited.carry.expect("typing in a description changes no item");
        carry
            .diagnostics(&previous, &edited.document)
            .expect("nothing to analyse again")
    });
}

/// One typed character → the model → resolved references → every diagnostic: the full
/// analysis, which an edit that changes an ID, a dependency or an estimate still takes. It
/// walks every task, so it grows with the document; it is measured to show by how much.
#[divan::bench(args = SIZES)]
fn edit_to_diagnostics(bencher: Bencher, tasks: usize) {
    full(bencher, setup(tasks));
}

/// [`edit_to_diagnostics`] with about one finding per task.
#[divan::bench(args = SIZES, sample_count = 20)]
fn edit_to_diagnostics_with_findings(bencher: Bencher, tasks: usize) {
    full(bencher, setup_with_findings(tasks));
}

fn full(bencher: Bencher, (text, edit): (String, TextEdit)) {
    let warm = Document::new(&text, Arc::new(Config::default())).edit(&edit);
    let next = TextEdit {
        range: edit.range.start + 1..edit.range.start + 1,
        text: "y".into(),
    };
    bencher.bench(|| diagnostics(&Analysis::new(Model::build(&warm.edit(black_box(&next))))));
}
