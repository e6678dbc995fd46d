//! The language server's keystroke latency over stdio: the built binary is started as
//! `tasklens lsp`, a generated document of 100, 1,000 or 10,000 tasks is opened, and each
//! iteration sends a one-character `didChange` and waits for the `publishDiagnostics` of that
//! version. Run with `cargo bench -p tasklens --bench lsp`.
//!
//! Three keystrokes are measured in the middle task: in its description, which changes no item
//! (the diagnostics are carried over, moved); in its title, which changes only that task's own
//! text (its own checks run again); and in its estimate, which changes the schedule (the whole
//! document is analysed again).

#[path = "../tests/support/framing.rs"]
mod framing;

use std::io::BufReader;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use divan::Bencher;
use serde_json::{Value, json};
use tasklens_analysis::generate::{Shape, tasks_md};

fn main() {
    divan::main();
}

struct Server {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Server {
    fn start() -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_tasklens"))
            .arg("lsp")
            .env("TASKLENS_LOG", "warn")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the binary starts");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = BufReader::new(child.stdout.take().expect("stdout"));
        Server { child, stdin, stdout }
    }

    fn send(&mut self, message: &Value) {
        framing::write_message(&mut self.stdin, &message.to_string());
    }

    /// Reads messages until one whose body contains `marker`, and returns that body unparsed.
    fn read_until(&mut self, marker: &str) -> String {
        loop {
            let body = String::from_utf8(framing::read_message(&mut self.stdout)).expect("UTF-8");
            if body.contains(marker) {
                return body;
            }
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Typing in the middle task's description.
#[divan::bench(args = [100, 1_000, 10_000], sample_count = 50, sample_size = 1)]
fn did_change_to_publish_diagnostics(bencher: Bencher, tasks: usize) {
    keystrokes(bencher, tasks, &format!("Implement component {} of", tasks / 2));
}

/// Typing in the middle task's title.
#[divan::bench(args = [100, 1_000, 10_000], sample_count = 20, sample_size = 1)]
fn did_change_in_a_title_to_publish_diagnostics(bencher: Bencher, tasks: usize) {
    keystrokes(bencher, tasks, &format!("Build component number {}", tasks / 2));
}

/// Typing in the middle task's estimate (`3h` becomes `3xh`, an invalid estimate).
#[divan::bench(args = [100, 1_000, 10_000], sample_count = 20, sample_size = 1)]
fn did_change_in_an_estimate_to_publish_diagnostics(bencher: Bencher, tasks: usize) {
    let middle = tasks / 2;
    keystrokes(
        bencher,
        tasks,
        &format!(
            "Build component number {middle}\n\n**Type**: Implementation\n\n**Priority**: P{}\n\n**Estimate**: {}",
            middle % 3,
            middle % 7 + 1
        ),
    );
}

/// Opens a generated document of `tasks` tasks and measures typing `x` after `needle`.
fn keystrokes(bencher: Bencher, tasks: usize, needle: &str) {
    let text = tasks_md(Shape::tasks(tasks));
    let at = text.find(needle).expect("the generator writes every component") + needle.len();
    let line = text[..at].matches('\n').count();
    let character = at - text[..at].rfind('\n').map_or(0, |i| i + 1);
    let mut server = Server::start();
    server.send(&json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {"capabilities": {"general": {"positionEncodings": ["utf-8"]}}}}));
    server.read_until("\"id\":1");
    server.send(&json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    let uri = "file:///bench/tasks.md";
    server.send(
        &json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": uri, "languageId": "markdown", "version": 1, "text": text}}}),
    );
    server.read_until("\"version\":1");
    let mut version = 1;
    bencher.bench_local(|| {
        version += 1;
        server.send(
            &json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"range": {"start": {"line": line, "character": character},
                                          "end": {"line": line, "character": character}}, "text": "x"}]}}),
        );
        server.read_until(&format!("\"version\":{version}"))
    });
}
