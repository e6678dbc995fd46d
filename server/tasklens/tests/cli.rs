//! Runs the built `tasklens` binary: exit codes, the rustc-style report, the JSON formats
//! and directory search, on the shipped example and on small files made here.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use expect_test::expect_file;

fn tasklens(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tasklens"))
        .args(args)
        .current_dir(repo_root())
        .env_remove("NO_COLOR")
        .output()
        .expect("the tasklens binary runs")
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("the repository root exists")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

const EXAMPLE: &str = "examples/payment/tasks.md";

#[test]
fn check_reports_every_deliberate_mistake_of_the_example() {
    let output = tasklens(&["check", EXAMPLE]);
    assert_eq!(output.status.code(), Some(1), "errors found: exit 1");
    expect_file!["snapshots/check_example.txt"].assert_eq(&stdout(&output));
}

#[test]
fn check_json_has_one_based_scalar_columns() {
    let output = tasklens(&["check", "--format", "json", EXAMPLE]);
    assert_eq!(output.status.code(), Some(1));
    let findings: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    let findings = findings.as_array().expect("an array");
    let codes: Vec<&str> = findings.iter().map(|f| f["code"].as_str().unwrap()).collect();
    assert_eq!(
        codes,
        [
            "invalid-estimate",
            "unresolved-reference",
            "duplicate-task-id",
            "missing-field",
            "invalid-field-value",
            "invalid-field-value",
            "placeholder"
        ]
    );
    let unresolved = &findings[1];
    assert_eq!(
        (
            &unresolved["line"],
            &unresolved["column"],
            &unresolved["end_line"],
            &unresolved["end_column"]
        ),
        (
            &serde_json::json!(229),
            &serde_json::json!(30),
            &serde_json::json!(229),
            &serde_json::json!(33)
        )
    );
    assert_eq!(unresolved["severity"], "error");
    assert_eq!(unresolved["path"], EXAMPLE);
}

#[test]
fn columns_count_unicode_scalar_values() {
    let dir = tempdir("columns");
    let file = dir.join("tasks.md");
    std::fs::write(&file, "### 任务 1：中文 😀\n**依赖**：任务 9\n").unwrap();
    let output = tasklens(&["check", "--format", "json", file.to_str().unwrap()]);
    let findings: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    // `**依赖**：` is 7 scalar values, `任务 ` 3 more: the ID starts at column 11.
    assert_eq!(findings[0]["column"], 11, "{findings}");
    assert_eq!(findings[0]["end_column"], 12);
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn tasks_json_is_exactly_the_example() {
    let output = tasklens(&["tasks", EXAMPLE, "--format", "json"]);
    assert_eq!(output.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    assert_eq!(json["tasks"].as_array().unwrap().len(), 16);
    expect_file!["snapshots/tasks_example.json"].assert_eq(&stdout(&output));
}

#[test]
fn exit_codes() {
    assert_eq!(
        tasklens(&["check", "no/such/file.md"]).status.code(),
        Some(2),
        "unreadable input"
    );
    assert_eq!(
        tasklens(&["check", "--format", "xml", EXAMPLE]).status.code(),
        Some(2),
        "bad usage"
    );
    assert_eq!(tasklens(&["frobnicate"]).status.code(), Some(2), "unknown command");
    assert_eq!(tasklens(&["tasks", "no/such/file.md"]).status.code(), Some(2));
    let dir = tempdir("clean");
    std::fs::write(
        dir.join("tasks.md"),
        "#### Task 1: Fine\n**Estimate**: 2h\n**Dependencies**: None\n",
    )
    .unwrap();
    let output = tasklens(&["check", dir.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(stdout(&output).contains("0 errors, 0 warnings, 0 infos, 0 hints in 1 file"));
}

#[test]
fn directories_are_searched_for_markdown_files_with_tasks() {
    let dir = tempdir("search");
    std::fs::create_dir_all(dir.join("specs/001")).unwrap();
    std::fs::create_dir_all(dir.join(".hidden")).unwrap();
    std::fs::create_dir_all(dir.join("node_modules/pkg")).unwrap();
    let broken = "#### Task 1: A\n**Dependencies**: Task 7\n";
    std::fs::write(dir.join("specs/001/tasks.md"), broken).unwrap();
    std::fs::write(dir.join("README.md"), "# Not a breakdown\n\nSee Task 7.\n").unwrap();
    std::fs::write(dir.join(".hidden/tasks.md"), broken).unwrap();
    std::fs::write(dir.join("node_modules/pkg/tasks.md"), broken).unwrap();
    std::fs::write(dir.join("notes.txt"), broken).unwrap();
    let output = tasklens(&["check", "--format", "json", dir.to_str().unwrap()]);
    let findings: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let paths: Vec<&str> = findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths.len(), 1, "{findings}");
    assert!(paths[0].ends_with("specs/001/tasks.md"));
}

/// A fresh directory under the target directory for one test.
fn tempdir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
