//! The language server's latency over stdio, as a client sees it: the built binary (or the one
//! `TASKLENS_BENCH_BIN` names, to compare builds in one run) is started as `tasklens lsp`, a
//! document is opened, and each iteration sends a one-character `didChange` and waits for the
//! `publishDiagnostics` of that version (or for the answer to a request sent behind it). Run
//! with `cargo bench -p tasklens --bench lsp`.
//!
//! The documents (the argument): `clean-N` is the generator's clean breakdown of N tasks (no
//! findings), `findings-N` the same with about one finding per task (a breakdown being
//! written), and `template-1000` the task-breakdown template of `../shared/seed` (or the file
//! `TASKLENS_TEMPLATE` names) copied to about 1,000 tasks, placeholders and all. The
//! keystrokes are typed in a task past the middle of the document: in its description (no
//! item changes: the diagnostics are carried over, moved), at the end of its title (only its
//! own checks run again), in its estimate and at the end of its dependencies (the schedule
//! changes: the whole document is analysed again). `symbols_after_a_keystroke` asks for the
//! document's symbols right behind a description keystroke; `open` measures `didOpen` to the
//! first diagnostics. Each benchmark writes the bytes of one answer to stderr, and `open` the
//! server's peak resident memory per document byte.

#[path = "../tests/support/framing.rs"]
mod framing;

use std::io::BufReader;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use divan::Bencher;
use serde_json::{Value, json};
use tasklens_analysis::generate::{Shape, tasks_md, tasks_md_with_findings, template_copy};

fn main() {
    divan::main();
}

const DOCUMENTS: [&str; 7] = [
    "clean-100",
    "clean-1000",
    "clean-10000",
    "findings-100",
    "findings-1000",
    "findings-10000",
    "template-1000",
];

/// The text of a document named as in [`DOCUMENTS`].
fn document(name: &str) -> String {
    let (kind, tasks) = name.split_once('-').expect("kind-size");
    let tasks: usize = tasks.parse().expect("a size");
    match kind {
        "clean" => tasks_md(Shape::tasks(tasks)),
        "findings" => tasks_md_with_findings(Shape::tasks(tasks)),
        _ => {
            let path = std::env::var("TASKLENS_TEMPLATE").unwrap_or_else(|_| {
                concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/seed/tasks-template.md").to_string()
            });
            let template = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{path}: {error}"));
            template_copy(&template, tasks)
        }
    }
}

/// Where a keystroke goes: after the first character of the line behind the first `needle`
/// past the middle of the text (`at_end`: at the end of the line where `needle` starts).
fn keystroke_at(text: &str, needle: &str, at_end: bool) -> (usize, usize) {
    let middle = text.len() / 2;
    let middle = (0..=middle).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
    let found = middle + text[middle..].find(needle).expect("the needle is past the middle");
    let at = if at_end {
        found + text[found..].find('\n').unwrap_or(text.len() - found)
    } else {
        let value = found + needle.len();
        value + text[value..].chars().next().map_or(0, char::len_utf8)
    };
    let line = text[..at].matches('\n').count();
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    (line, text[line_start..at].len())
}

struct Server {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Server {
    fn start() -> Server {
        let binary = std::env::var("TASKLENS_BENCH_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_tasklens").to_string());
        let mut child = Command::new(binary)
            .arg("lsp")
            .env("TASKLENS_LOG", "warn")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the binary starts");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let mut server = Server { child, stdin, stdout };
        server.send(&json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
            "params": {"capabilities": {"general": {"positionEncodings": ["utf-8"]}}}}));
        server.read_until(|body| body.contains("\"id\":1"));
        server.send(&json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
        server
    }

    fn send(&mut self, message: &Value) {
        framing::write_message(&mut self.stdin, &message.to_string());
    }

    /// Reads messages until one that `wanted` accepts, and returns its body unparsed.
    fn read_until(&mut self, wanted: impl Fn(&str) -> bool) -> String {
        loop {
            let body = String::from_utf8(framing::read_message(&mut self.stdout)).expect("UTF-8");
            if wanted(&body) {
                return body;
            }
        }
    }

    /// Reads messages until the diagnostics of `version` of `uri`.
    fn diagnostics_of(&mut self, uri: &str, version: i32) -> String {
        let uri = format!("\"uri\":\"{uri}\"");
        let (closing, more) = (format!("\"version\":{version}}}"), format!("\"version\":{version},"));
        self.read_until(|body| {
            body.contains("publishDiagnostics")
                && body.contains(&uri)
                && (body.contains(&closing) || body.contains(&more))
        })
    }

    fn open(&mut self, uri: &str, text: &str) -> String {
        self.send(
            &json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": uri, "languageId": "markdown", "version": 1, "text": text}}}),
        );
        self.diagnostics_of(uri, 1)
    }

    /// The server's peak resident memory in bytes (`VmHWM`), where Linux says.
    fn peak_memory(&self) -> Option<usize> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
        let kilobytes: usize = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kilobytes * 1024)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const URI: &str = "file:///bench/tasks.md";

/// Typing in a description.
#[divan::bench(args = DOCUMENTS, sample_count = 40, sample_size = 1)]
fn in_a_description(bencher: Bencher, name: &str) {
    keystrokes(bencher, name, "**Description**:\n", false, None);
}

/// Typing at the end of a task's title.
#[divan::bench(args = DOCUMENTS, sample_count = 20, sample_size = 1)]
fn in_a_title(bencher: Bencher, name: &str) {
    keystrokes(bencher, name, "#### Task ", true, None);
}

/// Typing in an estimate (`3h` becomes `3xh`, an invalid estimate).
#[divan::bench(args = DOCUMENTS, sample_count = 20, sample_size = 1)]
fn in_an_estimate(bencher: Bencher, name: &str) {
    keystrokes(bencher, name, "**Estimate**: ", false, None);
}

/// Typing at the end of a dependencies field (`Task 5.1` becomes `Task 5.1x`).
#[divan::bench(args = DOCUMENTS, sample_count = 20, sample_size = 1)]
fn in_dependencies(bencher: Bencher, name: &str) {
    keystrokes(bencher, name, "**Dependencies**: ", true, None);
}

/// Typing in a description, then the document's symbols (the outline follows every keystroke).
#[divan::bench(args = DOCUMENTS, sample_count = 20, sample_size = 1)]
fn symbols_after_a_keystroke(bencher: Bencher, name: &str) {
    keystrokes(
        bencher,
        name,
        "**Description**:\n",
        false,
        Some("textDocument/documentSymbol"),
    );
}

/// `didOpen` to the first diagnostics, each iteration a document of its own (closed after).
#[divan::bench(args = DOCUMENTS, sample_count = 10, sample_size = 1)]
fn open(bencher: Bencher, name: &str) {
    let text = document(name);
    let mut server = Server::start();
    let mut opened = 0;
    bencher.bench_local(|| {
        opened += 1;
        let uri = format!("file:///bench/open-{opened}.md");
        let answer = server.open(&uri, &text);
        server.send(&json!({"jsonrpc": "2.0", "method": "textDocument/didClose",
            "params": {"textDocument": {"uri": uri}}}));
        answer.len()
    });
    if let Some(peak) = server.peak_memory() {
        eprintln!(
            "open {name}: {} bytes, peak resident {:.1} MB, {:.1} bytes per document byte",
            text.len(),
            peak as f64 / 1e6,
            peak as f64 / text.len() as f64
        );
    }
}

/// Opens the document `name` and measures typing `x` where [`keystroke_at`] says, up to the
/// diagnostics of the new version, or to the answer to `request` sent right behind it.
fn keystrokes(bencher: Bencher, name: &str, needle: &str, at_end: bool, request: Option<&str>) {
    let text = document(name);
    let (line, character) = keystroke_at(&text, needle, at_end);
    let mut server = Server::start();
    server.open(URI, &text);
    let mut version = 1;
    let mut bytes = 0;
    bencher.bench_local(|| {
        version += 1;
        server.send(
            &json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": URI, "version": version},
            "contentChanges": [{"range": {"start": {"line": line, "character": character},
                                          "end": {"line": line, "character": character}}, "text": "x"}]}}),
        );
        let answer = match request {
            None => server.diagnostics_of(URI, version),
            Some(method) => {
                let id = 1000 + version;
                server.send(&json!({"jsonrpc": "2.0", "id": id, "method": method,
                    "params": {"textDocument": {"uri": URI}}}));
                let marker = format!("\"id\":{id}");
                server.read_until(|body| body.contains(&marker) && !body.contains("\"method\""))
            }
        };
        bytes = answer.len();
    });
    eprintln!(
        "{name} {}: {bytes} bytes per answer",
        request.unwrap_or("publishDiagnostics")
    );
}
