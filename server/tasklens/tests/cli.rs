//! Runs the built `tasklens` binary: exit codes, the rustc-style report, the JSON formats
//! and directory search, on the shipped example and on small files made here.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use expect_test::{expect, expect_file};

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
            "summary-mismatch",
            "assignment-mismatch",
            "invalid-estimate",
            "unknown-dependency",
            "duplicate-task-id",
            "missing-field",
            "duration-mismatch",
            "invalid-field-value",
            "invalid-field-value",
            "placeholder",
            "dependency-cycle",
            "dependency-cycle",
        ]
    );
    let unresolved = &findings[3];
    assert_eq!(
        (
            &unresolved["line"],
            &unresolved["column"],
            &unresolved["end_line"],
            &unresolved["end_column"]
        ),
        (
            &serde_json::json!(231),
            &serde_json::json!(30),
            &serde_json::json!(231),
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
    assert_eq!(json["tasks"].as_array().unwrap().len(), 17);
    expect_file!["snapshots/tasks_example.json"].assert_eq(&stdout(&output));
}

#[test]
fn schedule_formats() {
    let table = tasklens(&["schedule", EXAMPLE]);
    assert_eq!(table.status.code(), Some(0));
    expect_file!["snapshots/schedule_example.txt"].assert_eq(&stdout(&table));
    let json = tasklens(&["schedule", EXAMPLE, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).expect("valid JSON");
    assert_eq!(json["unit"], "hours");
    // Each phase's `**Prerequisites**: Phase N complete` orders the phases.
    assert_eq!(json["duration"], 80.0);
    assert_eq!(
        json["critical_path"],
        serde_json::json!(["1.1", "1.2", "2.1", "2.4", "3.1", "3.2", "4.2", "5.1", "5.2"])
    );
    assert_eq!(json["left_out"], serde_json::json!(["5.3", "5.4"]));
    assert_eq!(json["waves"][0], serde_json::json!(["1.1", "1.3"]));
    let first = &json["tasks"][0];
    assert_eq!(
        (&first["id"], &first["es"], &first["ef"], &first["slack"]),
        (&"1.1".into(), &0.0.into(), &6.0.into(), &0.0.into())
    );
    let mermaid = tasklens(&["schedule", EXAMPLE, "--format", "mermaid"]);
    expect_file!["snapshots/schedule_example.mmd"].assert_eq(&stdout(&mermaid));
}

#[test]
fn graph_formats() {
    let mermaid = tasklens(&["graph", EXAMPLE]);
    assert_eq!(mermaid.status.code(), Some(0));
    let text = stdout(&mermaid);
    assert!(text.starts_with("flowchart LR\n"));
    assert!(text.contains("t0 ==> t1"), "critical edges are thick: {text}");
    assert!(text.contains("t2 --> t5"), "other edges are thin: {text}");
    let dot = stdout(&tasklens(&["graph", EXAMPLE, "--format", "dot"]));
    assert!(dot.starts_with("digraph tasks {") && dot.contains("t0 -> t1 [color=red, penwidth=2];"));
    let json: serde_json::Value =
        serde_json::from_slice(&tasklens(&["graph", EXAMPLE, "--format", "json"]).stdout).expect("valid JSON");
    assert_eq!(json["nodes"].as_array().unwrap().len(), 17);
    assert!(
        json["edges"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["from"] == "5.4" && e["to"] == "5.3")
    );
    assert_eq!(json["nodes"][15]["on_cycle"], true);
    // The phases' order is drawn between their subgraphs, and listed with where it is stated.
    expect_file!["snapshots/graph_example.mmd"].assert_eq(&text);
    expect_file!["snapshots/graph_example.dot"].assert_eq(&dot);
    let phase_edges = json["phase_edges"].as_array().unwrap();
    assert!(
        phase_edges
            .iter()
            .any(|e| e["from"] == "1" && e["to"] == "2" && e["source"] == "field" && e["line"] == 150),
        "{phase_edges:?}"
    );
}

#[test]
fn graph_draws_an_implied_order_dashed() {
    let dir = tempdir("kiro-graph");
    let path = dir.join("tasks.md");
    std::fs::write(
        &path,
        "# Implementation Plan\n\n- [ ] 1. Set up the project\n  - _Requirements: 1.1_\n\n- [ ] 2. Build the model\n  - [ ] 2.1 Write the types\n  - [ ] 2.2 Write the store\n\n- [ ] 3. Wire the API\n",
    )
    .unwrap();
    let path = path.to_str().unwrap();
    let mermaid = stdout(&tasklens(&["graph", path]));
    // Kiro's top-level tasks run in the order of the list; the order is drawn once per pair,
    // not again for every sub-task it passes on to.
    assert!(
        mermaid.contains("t0 -.-> t1") || mermaid.contains("t0 ==> t1"),
        "{mermaid}"
    );
    assert!(!mermaid.contains("t0 -.-> t2"), "{mermaid}");
    let json: serde_json::Value =
        serde_json::from_slice(&tasklens(&["graph", path, "--format", "json"]).stdout).expect("valid JSON");
    let kinds: Vec<(&str, &str, &str)> = json["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["from"].as_str().unwrap(),
                e["to"].as_str().unwrap(),
                e["kind"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(kinds, [("1", "2", "implied"), ("2", "3", "implied")]);
}

#[test]
fn spec_kit_example() {
    let output = tasklens(&["check", "--format", "json", "examples/spec-kit/tasks.md"]);
    assert_eq!(output.status.code(), Some(1));
    let findings: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let codes: Vec<&str> = findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["parallel-conflict", "parallel-conflict", "unknown-dependency"]);
    let tasks: serde_json::Value =
        serde_json::from_slice(&tasklens(&["tasks", "examples/spec-kit/tasks.md"]).stdout).unwrap();
    assert_eq!(tasks["dialect"], "spec-kit");
    assert_eq!(tasks["tasks"].as_array().unwrap().len(), 8);
    assert_eq!(tasks["tasks"][7]["dependencies"], serde_json::json!(["T006", "T007"]));
    let schedule: serde_json::Value =
        serde_json::from_slice(&tasklens(&["schedule", "examples/spec-kit/tasks.md", "--format", "json"]).stdout)
            .unwrap();
    assert_eq!(schedule["unit"], "tasks");
    // Setup, then the user story, then Polish, as the Phase Dependencies section says; the
    // order of phases is listed with the lines that state it.
    assert_eq!(
        schedule["critical_path"],
        serde_json::json!(["T002", "T003", "T004", "T005", "T006", "T007", "T008"])
    );
    assert_eq!(
        schedule["phase_order"],
        serde_json::json!([
            {"from": "1", "to": "2", "source": "statement", "line": 36},
            {"from": "2", "to": "3", "source": "statement", "line": 37}
        ])
    );
    assert_eq!(
        schedule["milestones"][2],
        serde_json::json!({"phase": "2", "kind": "start", "time": 2.0, "critical": true})
    );
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

#[test]
fn tasklens_toml_is_read_and_bad_values_warn() {
    let dir = tempdir("config");
    std::fs::write(
        dir.join("tasks.md"),
        "#### Task 1: A\n**Priority**: High\n**Dependencies**: Task 9\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("tasklens.toml"),
        "priorities = [\"High\", \"Low\"]\n[severity]\nunknown-dependency = \"warning\"\n",
    )
    .unwrap();
    let output = tasklens(&["check", "--format", "json", dir.join("tasks.md").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "the only finding is now a warning");
    let findings: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        findings.as_array().unwrap().len(),
        1,
        "High is an allowed priority: {findings}"
    );
    assert_eq!(findings[0]["severity"], "warning");
    std::fs::write(dir.join("tasklens.toml"), "hours_per_day = \"many\"\n").unwrap();
    let output = tasklens(&["check", dir.join("tasks.md").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1), "defaults stay in force");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("hours_per_day must be a number"), "{stderr}");
}

/// Runs the binary in `dir`.
fn tasklens_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tasklens"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .output()
        .expect("the tasklens binary runs")
}

#[test]
fn check_fix_applies_the_safe_fixes_and_says_what_changed() {
    let dir = tempdir("fix");
    let example = std::fs::read_to_string(repo_root().join(EXAMPLE)).unwrap();
    let spec_kit = std::fs::read_to_string(repo_root().join("examples/spec-kit/tasks.md")).unwrap();
    std::fs::write(dir.join("tasks.md"), &example).unwrap();
    std::fs::create_dir_all(dir.join("spec")).unwrap();
    // A byte order mark stays where it was.
    std::fs::write(dir.join("spec/tasks.md"), format!("\u{feff}{spec_kit}")).unwrap();
    let diff = tasklens_in(&dir, &["check", "--diff", "tasks.md", "spec/tasks.md"]);
    assert_eq!(diff.status.code(), Some(1), "there are fixes to show");
    expect_file!["snapshots/check_diff.txt"].assert_eq(&stdout(&diff));
    assert_eq!(
        std::fs::read_to_string(dir.join("tasks.md")).unwrap(),
        example,
        "--diff writes nothing"
    );

    let fixed = tasklens_in(
        &dir,
        &["check", "--fix", "--format", "json", "tasks.md", "spec/tasks.md"],
    );
    let said = String::from_utf8_lossy(&fixed.stderr).replace('\\', "/");
    expect![[r#"
        fixed tasks.md:34: Update the summary's Dependencies to 39
        fixed tasks.md:293: Give this task (“Security review”) the free ID `3.4`
        fixed tasks.md:336: Update `3 days` to `0.9 days`
        fixed spec/tasks.md:18: Drop the [P] marker of Task T003
        fixed spec/tasks.md:23: Drop the [P] marker of Task T005
        fixed 5 findings in 2 files
    "#]]
    .assert_eq(&said);
    // The report is of what is left: errors stay (the cycle, the unknown IDs), so exit 1.
    assert_eq!(fixed.status.code(), Some(1));
    let left: serde_json::Value = serde_json::from_slice(&fixed.stdout).unwrap();
    let codes: Vec<&str> = left
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(
        !codes.contains(&"summary-mismatch") && !codes.contains(&"parallel-conflict"),
        "{codes:?}"
    );
    assert!(!codes.contains(&"duplicate-task-id"), "{codes:?}");
    let written = std::fs::read(dir.join("spec/tasks.md")).unwrap();
    assert!(written.starts_with("\u{feff}".as_bytes()));
    // What --diff showed is what --fix wrote, and a second run has nothing left to fix.
    let again = tasklens_in(&dir, &["check", "--diff", "tasks.md", "spec/tasks.md"]);
    assert_eq!((again.status.code(), stdout(&again)), (Some(0), String::new()));
}

#[test]
fn github_annotations_and_sarif() {
    let github = tasklens(&["check", "--format", "github", "examples/spec-kit/tasks.md"]);
    assert_eq!(github.status.code(), Some(1));
    expect![[r#"
        ::warning file=examples/spec-kit/tasks.md,line=18,col=12,endLine=18,endColumn=15,title=tasklens parallel-conflict::Task T003 is marked parallel, but it depends on T002, marked parallel beside it: T002 → T003. Drop the marker or the dependency.
        ::warning file=examples/spec-kit/tasks.md,line=23,col=12,endLine=23,endColumn=15,title=tasklens parallel-conflict::Task T005 is marked parallel, but every other task of its phase comes before or after it; it depends on T004: T004 → T005. Drop the marker or the dependency.
        ::error file=examples/spec-kit/tasks.md,line=24,col=71,endLine=24,endColumn=75,title=tasklens unknown-dependency::No task has the ID `T009`, so this dependency adds no edge. Did you mean `T001`?
    "#]]
    .assert_eq(&stdout(&github));
    let sarif = tasklens(&["check", "--format", "sarif", EXAMPLE]);
    assert_eq!(sarif.status.code(), Some(1));
    let log: serde_json::Value = serde_json::from_slice(&sarif.stdout).expect("valid JSON");
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(run["tool"]["driver"]["rules"].as_array().map(Vec::len), Some(25));
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 12);
    let unknown = results.iter().find(|r| r["ruleId"] == "unknown-dependency").unwrap();
    assert_eq!(unknown["level"], "error");
    assert_eq!(
        unknown["locations"][0]["physicalLocation"],
        serde_json::json!({"artifactLocation": {"uri": EXAMPLE},
            "region": {"startLine": 231, "startColumn": 30, "endLine": 231, "endColumn": 33}})
    );
    let duplicate = results.iter().find(|r| r["ruleId"] == "duplicate-task-id").unwrap();
    assert_eq!(
        duplicate["relatedLocations"][0]["physicalLocation"]["region"]["startLine"],
        273
    );
}

#[test]
fn the_fail_on_threshold_sets_the_exit_status() {
    let dir = tempdir("fail-on");
    std::fs::write(
        dir.join("tasks.md"),
        "#### Task 1: A\n**Estimate**: TBD\n**Dependencies**: None\n",
    )
    .unwrap();
    let status = |threshold: &str| {
        tasklens_in(&dir, &["check", "--fail-on", threshold, "tasks.md"])
            .status
            .code()
    };
    assert_eq!(status("error"), Some(0), "a warning is not an error");
    assert_eq!(status("warning"), Some(1));
    assert_eq!(status("hint"), Some(1));
    assert_eq!(status("never"), Some(0));
    assert_eq!(
        tasklens(&["check", "--fail-on", "never", EXAMPLE]).status.code(),
        Some(0)
    );
}

#[test]
fn a_reader_that_closes_the_pipe_ends_the_output_quietly() {
    for args in [
        &["check", EXAMPLE][..],
        &["check", "--format", "sarif", EXAMPLE],
        &["tasks", EXAMPLE, "--format", "json"],
        &["schedule", EXAMPLE],
        &["graph", EXAMPLE, "--format", "dot"],
    ] {
        // The pipe's reading end is closed before the command starts, so its first write fails
        // as `tasklens … | head` fails once head has exited.
        let (reader, writer) = std::io::pipe().expect("a pipe");
        drop(reader);
        let output = Command::new(env!("CARGO_BIN_EXE_tasklens"))
            .args(args)
            .current_dir(repo_root())
            .stdout(writer)
            .output()
            .expect("the tasklens binary runs");
        assert_eq!(String::from_utf8_lossy(&output.stderr), "", "{args:?}");
        assert_ne!(output.status.code(), Some(2), "{args:?}");
    }
}

/// The hooks `.pre-commit-hooks.yaml` ships run commands this binary takes, on the files
/// their pattern names.
#[test]
fn pre_commit_hooks_run_tasklens_commands() {
    let hooks = std::fs::read_to_string(repo_root().join(".pre-commit-hooks.yaml")).unwrap();
    let entries: Vec<&str> = hooks
        .lines()
        .filter_map(|line| line.trim().strip_prefix("entry: "))
        .collect();
    assert_eq!(entries, ["tasklens check", "tasklens check --fix"]);
    assert!(hooks.contains(r"files: (^|/)([^/]*-)?tasks\.md$"));
    let dir = tempdir("pre-commit");
    std::fs::write(
        dir.join("tasks.md"),
        "#### Task 1: Fine\n**Estimate**: 2h\n**Dependencies**: None\n",
    )
    .unwrap();
    for entry in entries {
        let mut args: Vec<&str> = entry.split_whitespace().skip(1).collect();
        args.push("tasks.md");
        let output = tasklens_in(&dir, &args);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{entry}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

/// A fresh directory under the target directory for one test.
fn tempdir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
