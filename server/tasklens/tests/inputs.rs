//! What the command line makes of hostile input (issue 13, items 2, 6 and 8): a byte order
//! mark before a heading, files in UTF-16, and folders with symlink loops, a FIFO, a link to
//! `/dev/zero` and an oversized file. Every run must end, with 0, 1 or 2.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// How long a run may take before it counts as stuck (it takes milliseconds).
const PATIENCE: Duration = Duration::from_secs(60);

/// Runs the binary and waits for it, failing (and killing it) if it does not end.
fn tasklens(args: &[&str]) -> Output {
    let child = Command::new(env!("CARGO_BIN_EXE_tasklens"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the tasklens binary runs");
    let id = child.id();
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = sender.send(child.wait_with_output());
    });
    match receiver.recv_timeout(PATIENCE) {
        Ok(output) => output.expect("the run's output"),
        Err(_) => {
            let _ = Command::new("kill").args(["-9", &id.to_string()]).status();
            panic!("tasklens {args:?} did not end within {PATIENCE:?}");
        }
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A fresh directory under the target directory for one test.
fn tempdir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("inputs-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn example() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/payment/tasks.md")).unwrap()
}

/// Issue 13, item 2: `\u{feff}# x` made every command exit 101 with a backtrace.
#[test]
fn a_byte_order_mark_before_a_heading() {
    let dir = tempdir("bom");
    let file = dir.join("tasks.md");
    std::fs::write(&file, "\u{feff}# x\n").unwrap();
    let path = file.to_str().unwrap();
    for command in ["check", "tasks", "schedule", "graph"] {
        let output = tasklens(&[command, path]);
        assert_eq!(output.status.code(), Some(0), "{command}: {}", text(&output.stderr));
    }
    // With a byte order mark the example reads as without: its line 34 is line 34.
    std::fs::write(&file, format!("\u{feff}{}", example())).unwrap();
    let output = tasklens(&["check", "--format", "json", path]);
    assert_eq!(output.status.code(), Some(1));
    let findings: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(findings[0]["line"], 34);
    assert_eq!(findings[0]["column"], 22);
}

/// Issue 13, item 8: a UTF-16 tasks.md passed `check` with "0 errors … in 1 file" and was
/// skipped in directory mode.
#[test]
fn utf16_files_are_decoded_or_refused() {
    let dir = tempdir("utf16");
    let with_bom: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(example().encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    std::fs::write(dir.join("tasks.md"), with_bom).unwrap();
    let output = tasklens(&["check", dir.join("tasks.md").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1), "the example's errors are found");
    assert!(text(&output.stderr).contains("UTF-16LE"), "{}", text(&output.stderr));
    assert!(text(&output.stdout).contains("4 errors"), "{}", text(&output.stdout));
    // Found in directory mode too.
    let output = tasklens(&["check", dir.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stdout).contains("in 1 file"));
    // Without a byte order mark it cannot be told from binary data: refused.
    let without: Vec<u8> = example().encode_utf16().flat_map(u16::to_le_bytes).collect();
    std::fs::write(dir.join("tasks.md"), without).unwrap();
    let output = tasklens(&["check", dir.join("tasks.md").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("not UTF-8"), "{}", text(&output.stderr));
}

/// Issue 13, item 6: `check DIR` never finished on a FIFO or two links to `.`, reported one
/// file 41 times through a link to the parent, and read a link to `/dev/zero` until memory
/// ran out.
#[cfg(unix)]
#[test]
fn hostile_folders_are_searched_once_in_bounded_time() {
    use std::os::unix::fs::symlink;
    let dir = tempdir("hostile");
    let inner = dir.join("project");
    std::fs::create_dir_all(inner.join("docs")).unwrap();
    std::fs::write(inner.join("tasks.md"), "#### Task 1: A\n**Dependencies**: Task 7\n").unwrap();
    symlink(".", inner.join("loop-a")).unwrap();
    symlink(".", inner.join("loop-b")).unwrap();
    symlink("..", inner.join("docs/parent")).unwrap();
    symlink("../tasks.md", inner.join("docs/same-tasks.md")).unwrap();
    symlink("/dev/zero", inner.join("zero.md")).unwrap();
    let fifo = inner.join("docs/tasks.md");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success(), "mkfifo");
    let big = std::fs::File::create(inner.join("big.md")).unwrap();
    big.set_len(65 << 20).unwrap();
    let output = tasklens(&["check", "--format", "json", inner.to_str().unwrap()]);
    let stderr = text(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(2),
        "the oversized file is unreadable input: {stderr}"
    );
    assert!(
        stderr.contains("big.md") && stderr.contains("larger than the 64 MB"),
        "{stderr}"
    );
    assert!(stderr.contains("FIFO"), "{stderr}");
    assert!(stderr.contains("zero.md") && stderr.contains("device"), "{stderr}");
    let findings: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let paths: Vec<&str> = findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths.len(), 1, "each file once: {paths:?}");
    assert!(paths[0].ends_with("project/docs/same-tasks.md") || paths[0].ends_with("project/tasks.md"));
    // Named directly, a FIFO and a device are refused at once.
    for path in [fifo.clone(), inner.join("zero.md")] {
        let output = tasklens(&["check", path.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(2), "{}", text(&output.stderr));
    }
}
