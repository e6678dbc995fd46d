//! Rename over the corpus of real documents (read at test time from `$TASKLENS_CORPUS`): for
//! random tasks of random documents, a rename to an ID the text does not hold changes nothing
//! but the task's heading ID and the ranges the analysis resolved to the task, leaves every
//! dependency edge in place, and renaming back restores the text byte for byte.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use proptest::prelude::*;
use tasklens_analysis::ide::{references_to, rename::rename};
use tasklens_analysis::{Analysis, Config, analyze};

fn corpus() -> Vec<(String, String)> {
    let root = std::env::var_os("TASKLENS_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"));
    assert!(
        root.join("MANIFEST.tsv").is_file(),
        "the corpus is not at {} (set TASKLENS_CORPUS to the folder holding MANIFEST.tsv)",
        root.display()
    );
    let mut out = Vec::new();
    for family in ["H", "S", "K"] {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(root.join(family))
            .expect("a corpus family folder")
            .map(|entry| entry.expect("a corpus entry").path())
            .filter(|path| path.extension().is_some_and(|e| e == "md"))
            .collect();
        paths.sort();
        for path in paths {
            let text = std::fs::read_to_string(&path).expect("a readable corpus file");
            out.push((path.display().to_string(), text));
        }
    }
    assert!(out.len() >= 30, "only {} corpus documents", out.len());
    out
}

fn apply(text: &str, edits: &[(Range<usize>, String)]) -> String {
    let mut out = text.to_string();
    for (range, new) in edits.iter().rev() {
        out.replace_range(range.clone(), new);
    }
    out
}

/// An ID shaped like `id` that the text does not hold anywhere: `id` with digits appended.
fn fresh_id(text: &str, id: &str, digit: u8) -> String {
    let mut candidate = format!("{id}{digit}");
    while text.contains(&candidate) {
        candidate.push(char::from(b'0' + digit));
    }
    candidate
}

/// Every task's dependencies by task index (a rename keeps the tasks and their order), so
/// that two analyses with different IDs compare.
fn edges(analysis: &Analysis) -> Vec<(usize, Vec<usize>)> {
    analysis
        .tasks
        .iter()
        .map(|task| {
            let mut targets: Vec<usize> = analysis.dependencies[task.index].iter().map(|d| d.target).collect();
            targets.sort_unstable();
            (task.index, targets)
        })
        .collect()
}

fn check_round_trip(name: &str, text: &str, pick: usize, digit: u8) -> Result<(), TestCaseError> {
    let config = Arc::new(Config::default());
    let analysis = analyze(text, config.clone());
    // Only tasks whose ID no other task shares (renaming back to a shared ID is refused) and
    // no other task's ID extends (`10.1.1` nests under `10.1` by its ID, so renaming `10.1`
    // alone unnests it, which is what such a rename means).
    let extended = |id: &str| {
        let prefix = format!("{id}.");
        analysis.tasks.iter().any(|other| other.id.starts_with(&prefix))
    };
    let candidates: Vec<usize> = analysis
        .tasks
        .iter()
        .filter(|task| analysis.by_id.get(&task.id).is_some_and(|ids| ids.len() == 1))
        .filter(|task| !extended(&task.id))
        .map(|task| task.index)
        .collect();
    if candidates.is_empty() {
        return Ok(());
    }
    let task = candidates[pick % candidates.len()];
    let old_id = analysis.tasks[task].id.clone();
    let new_id = fresh_id(text, &old_id, digit);
    let at = analysis.tasks[task].id_range.start;
    let edits = match rename(&analysis, at, &new_id) {
        Ok(edits) => edits,
        // An ID that no longer reads as one (a prefix the grammar caps) is refused, not mangled.
        Err(error) => {
            prop_assert!(error.message.contains(&new_id), "{name}: {}", error.message);
            return Ok(());
        }
    };
    // The edits are exactly the heading ID and the resolved references, each holding the old ID.
    let mut expected = vec![analysis.tasks[task].id_range.clone()];
    expected.extend(references_to(&analysis, task));
    expected.sort_by_key(|r| r.start);
    let ranges: Vec<Range<usize>> = edits.iter().map(|(r, _)| r.clone()).collect();
    prop_assert_eq!(&ranges, &expected, "{}: renaming {} to {}", name, old_id, new_id);
    for (range, _) in &edits {
        prop_assert_eq!(
            &text[range.clone()],
            old_id.as_str(),
            "{}: an edit over other text",
            name
        );
    }
    let renamed = apply(text, &edits);
    // Outside the edited ranges nothing changed: the texts agree once the IDs are swapped back.
    let again = analyze(&renamed, config.clone());
    let moved = again
        .task_by_id(&new_id)
        .ok_or_else(|| TestCaseError::fail(format!("{name}: no task {new_id} after the rename")))?;
    prop_assert_eq!(moved, task, "{}: the renamed task moved", name);
    prop_assert_eq!(
        again.tasks.len(),
        analysis.tasks.len(),
        "{}: the task count changed",
        name
    );
    let (before, after) = (edges(&analysis), edges(&again));
    let changed: Vec<_> = before.iter().zip(&after).filter(|(a, b)| a != b).collect();
    prop_assert!(
        changed.is_empty(),
        "{name}: renaming {old_id} to {new_id} changed edges: {changed:?}"
    );
    let back = rename(&again, again.tasks[moved].id_range.start, &old_id)
        .map_err(|e| TestCaseError::fail(format!("{name}: renaming back refused: {}", e.message)))?;
    let restored = apply(&renamed, &back);
    prop_assert!(
        restored == text,
        "{name}: renaming {old_id} to {new_id} and back did not restore the text"
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn rename_and_back_restores_every_corpus_document(document in any::<prop::sample::Index>(), pick in 0usize..10_000, digit in 1u8..10) {
        let documents = corpus();
        let (name, text) = &documents[document.index(documents.len())];
        check_round_trip(name, text, pick, digit)?;
    }
}

/// Every document, its first and its last task, so that no document goes untried.
#[test]
fn rename_and_back_restores_the_ends_of_every_document() {
    for (name, text) in corpus() {
        for pick in [0, usize::MAX] {
            if let Err(error) = check_round_trip(&name, &text, pick, 7) {
                panic!("{error}");
            }
        }
    }
}
