//! Spawns the built binary as `tasklens lsp` and speaks the protocol over its stdio, so that
//! `main`, the framing and the exit codes are covered: malformed frames, `shutdown` and
//! `exit` back to back, and a closed input.

#[path = "support/framing.rs"]
mod framing;

use std::io::BufReader;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use serde_json::{Value, json};

struct Session {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Session {
    fn start(args: &[&str]) -> Session {
        let mut child = Command::new(env!("CARGO_BIN_EXE_tasklens"))
            .args(args)
            .env("TASKLENS_LOG", "debug")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary starts");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = BufReader::new(child.stdout.take().expect("stdout"));
        Session { child, stdin, stdout }
    }

    fn send(&mut self, message: Value) {
        framing::write_message(&mut self.stdin, &message.to_string());
    }

    fn send_raw(&mut self, bytes: &[u8]) {
        use std::io::Write;
        self.stdin.write_all(bytes).expect("write");
        self.stdin.flush().expect("flush");
    }

    /// Reads messages until one satisfies `wanted`.
    fn read_until(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        loop {
            let body = framing::read_message(&mut self.stdout);
            let message: Value = serde_json::from_slice(&body).expect("JSON on stdout, nothing else");
            if wanted(&message) {
                return message;
            }
        }
    }

    fn initialize(&mut self) {
        self.send(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}));
        let response = self.read_until(|m| m["id"] == 1);
        assert_eq!(response["result"]["serverInfo"]["name"], "tasklens");
        self.send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    }
}

#[test]
fn serves_diagnostics_and_exits_zero_after_shutdown() {
    let mut session = Session::start(&["lsp", "--stdio"]);
    session.initialize();
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/payment/tasks.md")).unwrap();
    session.send(
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": "file:///example/tasks.md", "languageId": "markdown", "version": 7, "text": text}}}),
    );
    let published = session.read_until(|m| m["method"] == "textDocument/publishDiagnostics");
    assert_eq!(published["params"]["version"], 7);
    let codes: Vec<&str> = published["params"]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"dependency-cycle") && codes.contains(&"unknown-dependency"),
        "{codes:?}"
    );
    session.send(json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}));
    session.read_until(|m| m["id"] == 2);
    session.send(json!({"jsonrpc": "2.0", "method": "exit"}));
    let output = session.child.wait_with_output().expect("the server exits");
    assert_eq!(output.status.code(), Some(0));
    let log = String::from_utf8_lossy(&output.stderr);
    assert!(log.contains("initialized"), "logs go to stderr: {log}");
}

#[test]
fn exit_without_shutdown_is_code_one() {
    let mut session = Session::start(&["lsp"]);
    session.initialize();
    session.send(json!({"jsonrpc": "2.0", "method": "exit"}));
    let status = session.child.wait().expect("the server exits");
    assert_eq!(status.code(), Some(1));
}

/// Issue 13, item 7: `shutdown` and `exit` sent back to back gave exit code 1, the exit
/// cancelling the shutdown before it was recorded.
#[test]
fn shutdown_and_exit_back_to_back_exit_zero() {
    let mut session = Session::start(&["lsp"]);
    session.initialize();
    session.send(json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}));
    session.send(json!({"jsonrpc": "2.0", "method": "exit"}));
    // The shutdown is answered before the server goes.
    let answer = session.read_until(|m| m["id"] == 2);
    assert!(answer.get("result").is_some(), "{answer}");
    let status = session.child.wait().expect("the server exits");
    assert_eq!(status.code(), Some(0));
}

/// The end of the input without `exit` ends the server: with 0 after `shutdown`, else 1.
#[test]
fn a_closed_input_ends_the_server() {
    for (shutdown, code) in [(false, 1), (true, 0)] {
        let mut session = Session::start(&["lsp"]);
        session.initialize();
        if shutdown {
            session.send(json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}));
            session.read_until(|m| m["id"] == 2);
        }
        drop(session.stdin);
        let status = session.child.wait().expect("the server exits");
        assert_eq!(status.code(), Some(code));
    }
}

/// Issue 13, item 3, over the real binary: malformed frames are answered, the server goes on,
/// and stdout carries nothing but framed JSON.
#[test]
fn malformed_frames_over_stdio_are_answered_and_survived() {
    let mut session = Session::start(&["lsp"]);
    session.initialize();
    let frames: [&[u8]; 6] = [
        b"Content-Length: 7\r\n\r\n{\"a\": ",
        b"garbage without a header\r\n\r\n",
        b"Content-Length: -3\r\n\r\n",
        b"Content-Length: 0\r\n\r\n",
        b"Content-Length: 4\r\n\r\nnull",
        b"Content-Length: 24\r\n\r\n[1, {\"jsonrpc\": \"2.0\"}]",
    ];
    for frame in frames {
        session.send_raw(frame);
    }
    session.send(json!({"jsonrpc": "2.0", "id": 9, "method": "$/unknown"}));
    let unknown = session.read_until(|m| m["id"] == 9);
    assert_eq!(unknown["error"]["code"], -32601);
    session.send(json!({"jsonrpc": "2.0", "id": 10, "method": "shutdown"}));
    session.read_until(|m| m["id"] == 10);
    session.send(json!({"jsonrpc": "2.0", "method": "exit"}));
    let output = session.child.wait_with_output().expect("the server exits");
    assert_eq!(output.status.code(), Some(0));
    let log = String::from_utf8_lossy(&output.stderr);
    assert!(
        log.contains("cannot be read") || log.contains("no request"),
        "logged: {log}"
    );
}
