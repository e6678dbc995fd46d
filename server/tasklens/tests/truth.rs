//! Measures the built `tasklens` against the judged truth of the corpus
//! (`$TASKLENS_CORPUS/truth/*.json`, written by careful human readers, not by tasklens): the
//! tasks a reader sees, the dependencies the text states, and a verdict on every finding.
//!
//! The measurement follows `shared/tools/truth_eval.py`: tasks are matched by the line they
//! are written on (`line`, or `alt_line` where a task is written twice), findings by line and
//! code. A finding the truth has no verdict for (a new code, a finding on another line) must be
//! judged in `tests/verdicts.json`, which the project owns, with a sentence of why; the test
//! fails on a finding nobody judged. It prints one line per document and fails below the
//! targets of the precision issue.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn corpus_root() -> PathBuf {
    let root = std::env::var_os("TASKLENS_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"));
    assert!(
        root.join("truth").is_dir(),
        "the judged truth is not at {}/truth (set TASKLENS_CORPUS to the corpus folder)",
        root.display()
    );
    root
}

/// Runs `tasklens ARGS… --format json` and parses its output.
fn run_json(args: &[&str]) -> Value {
    let output = Command::new(env!("CARGO_BIN_EXE_tasklens"))
        .args(args)
        .args(["--format", "json"])
        .output()
        .expect("the tasklens binary runs");
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("tasklens {args:?} printed no JSON: {e}"))
}

/// A verdict on one finding: from the truth, or from the project's own file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Verdict {
    True,
    False,
    Debatable,
}

fn verdict(text: &str) -> Verdict {
    match text {
        "true" => Verdict::True,
        "false" => Verdict::False,
        _ => Verdict::Debatable,
    }
}

/// The project's verdicts, by (document, line, code).
fn project_verdicts() -> HashMap<(String, u64, String), Verdict> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/verdicts.json");
    let text = std::fs::read_to_string(&path).expect("tests/verdicts.json is readable");
    let list: Value = serde_json::from_str(&text).expect("tests/verdicts.json is JSON");
    let mut out = HashMap::new();
    for entry in list.as_array().expect("a list of verdicts") {
        let why = entry["why"].as_str().unwrap_or_default();
        assert!(why.len() > 20, "every verdict says why: {entry}");
        out.insert(
            (
                entry["file"].as_str().expect("file").to_string(),
                entry["line"].as_u64().expect("line"),
                entry["code"].as_str().expect("code").to_string(),
            ),
            verdict(entry["verdict"].as_str().expect("verdict")),
        );
    }
    out
}

/// What one document scores.
#[derive(Default)]
struct Score {
    tasks_truth: usize,
    tasks_matched: usize,
    tasks_found: usize,
    tasks_found_matched: usize,
    edges_truth: usize,
    edges_matched: usize,
    edges_found: usize,
    true_findings: usize,
    false_findings: usize,
    debatable_findings: usize,
    false_errors: usize,
    findings: usize,
    /// Findings the truth judges true that are no longer reported.
    lost_true: Vec<String>,
    /// Findings nobody judged.
    unjudged: Vec<String>,
}

fn score(root: &Path, truth: &Value, project: &HashMap<(String, u64, String), Verdict>) -> Score {
    let file = truth["file"].as_str().expect("file");
    let path = root.join(file);
    let path = path.to_str().expect("a UTF-8 path");
    let model = run_json(&["tasks", path]);
    let findings = run_json(&["check", path]);
    let mut score = Score::default();

    // Tasks, by line; a task written twice counts on either line.
    let mut canonical: HashMap<u64, u64> = HashMap::new();
    let mut truth_line: HashMap<&str, u64> = HashMap::new();
    for (id, info) in truth["tasks"].as_object().expect("tasks") {
        let Some(line) = info["line"].as_u64() else { continue };
        truth_line.insert(id, line);
        canonical.insert(line, line);
        if let Some(alt) = info["alt_line"].as_u64() {
            canonical.insert(alt, line);
        }
    }
    let truth_lines: HashSet<u64> = truth_line.values().copied().collect();
    let found = model["tasks"].as_array().cloned().unwrap_or_default();
    let mut found_line: HashMap<String, u64> = HashMap::new();
    for task in &found {
        let line = task["line"].as_u64().unwrap_or(0);
        for name in [&task["key"], &task["id"]] {
            if let Some(name) = name.as_str() {
                found_line.entry(name.to_string()).or_insert(line);
            }
        }
    }
    let found_canonical: Vec<Option<u64>> = found
        .iter()
        .map(|task| task["line"].as_u64().and_then(|l| canonical.get(&l).copied()))
        .collect();
    score.tasks_truth = truth_lines.len();
    score.tasks_matched = truth_lines
        .iter()
        .filter(|l| found_canonical.contains(&Some(**l)))
        .count();
    score.tasks_found = found.len();
    score.tasks_found_matched = found_canonical.iter().filter(|c| c.is_some()).count();

    // Stated edges, as pairs of lines.
    let mut truth_edges: HashSet<(u64, u64)> = HashSet::new();
    for edge in truth["edges"].as_array().cloned().unwrap_or_default() {
        let (Some(a), Some(b)) = (edge[0].as_str(), edge[1].as_str()) else {
            continue;
        };
        if let (Some(&a), Some(&b)) = (truth_line.get(a), truth_line.get(b)) {
            truth_edges.insert((a, b));
        }
    }
    let mut found_edges: HashSet<(Option<u64>, Option<u64>)> = HashSet::new();
    for (task, line) in found.iter().zip(&found_canonical) {
        for dependency in task["dependencies"].as_array().cloned().unwrap_or_default() {
            let from = dependency
                .as_str()
                .and_then(|d| found_line.get(d))
                .and_then(|l| canonical.get(l).copied());
            found_edges.insert((from, *line));
        }
    }
    score.edges_truth = truth_edges.len();
    score.edges_matched = truth_edges
        .iter()
        .filter(|(a, b)| found_edges.contains(&(Some(*a), Some(*b))))
        .count();
    score.edges_found = found_edges.len();

    // Findings against verdicts.
    let mut judged: HashMap<(u64, String), Verdict> = HashMap::new();
    for finding in truth["diagnostics"].as_array().cloned().unwrap_or_default() {
        let key = (
            finding["line"].as_u64().unwrap_or(0),
            finding["code"].as_str().unwrap_or("").to_string(),
        );
        judged
            .entry(key)
            .or_insert(verdict(finding["verdict"].as_str().unwrap_or("")));
    }
    let reported: Vec<(u64, String, String)> = findings
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|f| {
            (
                f["line"].as_u64().unwrap_or(0),
                f["code"].as_str().unwrap_or("").to_string(),
                f["severity"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    score.findings = reported.len();
    for (line, code, severity) in &reported {
        let verdict = judged
            .get(&(*line, code.clone()))
            .or_else(|| project.get(&(file.to_string(), *line, code.clone())))
            .copied();
        match verdict {
            Some(Verdict::True) => score.true_findings += 1,
            Some(Verdict::False) => {
                score.false_findings += 1;
                if severity == "error" {
                    score.false_errors += 1;
                }
            }
            Some(Verdict::Debatable) => score.debatable_findings += 1,
            None => score.unjudged.push(format!("{file}:{line} {code}")),
        }
    }
    for ((line, code), verdict) in &judged {
        if *verdict == Verdict::True && !reported.iter().any(|(l, c, _)| l == line && c == code) {
            score.lost_true.push(format!("{file}:{line} {code}"));
        }
    }
    score
}

#[test]
fn findings_a_careful_reviewer_agrees_with() {
    let root = corpus_root();
    let project = project_verdicts();
    let mut truths: Vec<PathBuf> = std::fs::read_dir(root.join("truth"))
        .expect("the truth folder is readable")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    truths.sort();
    let mut table = String::new();
    let mut total = Score::default();
    for path in &truths {
        let truth: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("readable")).expect("JSON");
        let file = truth["file"].as_str().expect("file").to_string();
        if !root.join(&file).is_file() {
            continue;
        }
        let s = score(&root, &truth, &project);
        let _ = writeln!(
            table,
            "{file:56} tasks {}/{} (+{}) edges {}/{} (+{}) findings T{} F{} D{} FE{}",
            s.tasks_matched,
            s.tasks_truth,
            s.tasks_found - s.tasks_found_matched,
            s.edges_matched,
            s.edges_truth,
            s.edges_found - s.edges_matched,
            s.true_findings,
            s.false_findings,
            s.debatable_findings,
            s.false_errors,
        );
        total.tasks_truth += s.tasks_truth;
        total.tasks_matched += s.tasks_matched;
        total.tasks_found += s.tasks_found;
        total.tasks_found_matched += s.tasks_found_matched;
        total.edges_truth += s.edges_truth;
        total.edges_matched += s.edges_matched;
        total.edges_found += s.edges_found;
        total.true_findings += s.true_findings;
        total.false_findings += s.false_findings;
        total.debatable_findings += s.debatable_findings;
        total.false_errors += s.false_errors;
        total.findings += s.findings;
        total.lost_true.extend(s.lost_true);
        total.unjudged.extend(s.unjudged);
    }
    let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    let task_recall = ratio(total.tasks_matched, total.tasks_truth);
    let task_precision = ratio(total.tasks_found_matched, total.tasks_found);
    let precision = ratio(total.true_findings, total.true_findings + total.false_findings);
    let debatable_share = ratio(total.debatable_findings, total.findings);
    let _ = writeln!(
        table,
        "summary: {} documents, task recall {task_recall:.3}, task precision {task_precision:.3}, edges {}/{}, \
         findings {} (true {}, false {}, debatable {}), false errors {}, precision {precision:.3}, debatable share {debatable_share:.3}",
        truths.len(),
        total.edges_matched,
        total.edges_truth,
        total.findings,
        total.true_findings,
        total.false_findings,
        total.debatable_findings,
        total.false_errors,
    );
    // The table is the point of the test: print it whether or not the targets hold.
    eprintln!("{table}");
    let mut failures = Vec::new();
    if !total.unjudged.is_empty() {
        failures.push(format!(
            "findings nobody judged (add them to tests/verdicts.json with a verdict and why): {}",
            total.unjudged.join(", ")
        ));
    }
    if !total.lost_true.is_empty() {
        failures.push(format!(
            "true findings no longer reported: {}",
            total.lost_true.join(", ")
        ));
    }
    if total.false_errors > 0 {
        failures.push(format!("{} false errors", total.false_errors));
    }
    if precision < 0.9 {
        failures.push(format!("precision {precision:.3} < 0.9"));
    }
    if debatable_share > 0.10 {
        failures.push(format!("debatable share {debatable_share:.3} > 0.10"));
    }
    if task_recall < 0.99 || task_precision < 0.99 {
        failures.push(format!(
            "task recall {task_recall:.3} / precision {task_precision:.3} < 0.99"
        ));
    }
    assert!(failures.is_empty(), "{}\n{table}", failures.join("\n"));
}

/// The critical path's length on every spec-kit and Kiro document of the corpus, beside the
/// length careful readers expect; at least 12 of the 15 must agree.
#[test]
fn critical_paths_of_spec_kit_and_kiro_documents() {
    let root = corpus_root();
    let mut truths: Vec<PathBuf> = std::fs::read_dir(root.join("truth"))
        .expect("the truth folder is readable")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    truths.sort();
    let mut table = String::new();
    let (mut agree, mut documents) = (0, 0);
    for path in &truths {
        let truth: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("readable")).expect("JSON");
        let file = truth["file"].as_str().expect("file");
        let Some(expected) = truth["expected_critical_path"]["length"].as_u64() else {
            continue;
        };
        if !(file.starts_with("S/") || file.starts_with("K/")) || !root.join(file).is_file() {
            continue;
        }
        let path = root.join(file);
        let schedule = run_json(&["schedule", path.to_str().expect("a UTF-8 path")]);
        let computed = schedule["critical_path"].as_array().map_or(0, Vec::len) as u64;
        documents += 1;
        let verdict = if computed == expected {
            agree += 1;
            "agrees"
        } else {
            "differs"
        };
        let _ = writeln!(
            table,
            "{file:56} expected {expected:>3}  computed {computed:>3}  {verdict}"
        );
    }
    let _ = writeln!(table, "{agree} of {documents} agree");
    expect_test::expect_file!["snapshots/critical_paths.txt"].assert_eq(&table);
    assert!(documents >= 15 && agree >= 12, "{table}");
}
