//! In-process protocol tests: a client speaks to the server over a `tokio::io::duplex` pair
//! with real `Content-Length` framing, and a reader task keeps draining what the server sends.
//! `protocol` feeds it malformed frames and odd message sequences, `differential` compares
//! random edits with fresh opens, and `load` checks that slow documents and workspaces
//! delay nothing else.

mod actions;
mod concurrency;
mod differential;
mod editor;
mod load;
mod protocol;

use std::time::Duration;

use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader, DuplexStream, WriteHalf};
use tokio::sync::mpsc;

/// A test client connected to an in-process server.
pub struct TestClient {
    writer: WriteHalf<DuplexStream>,
    incoming: mpsc::UnboundedReceiver<Value>,
    /// Notifications and server requests received while waiting for something else.
    pub stash: Vec<Value>,
    next_id: i64,
}

/// How long a test waits for a message before failing (a failure, not a sleep: messages
/// normally arrive within milliseconds).
const PATIENCE: Duration = Duration::from_secs(20);

impl TestClient {
    /// Starts a server and connects a client to it.
    pub fn start() -> TestClient {
        let (client_io, server_io) = tokio::io::duplex(1 << 16);
        let (server_read, server_write) = tokio::io::split(server_io);
        tokio::spawn(super::serve(server_read, server_write));
        let (client_read, writer) = tokio::io::split(client_io);
        let (sender, incoming) = mpsc::unbounded_channel();
        tokio::spawn(async move {
            let mut reader = BufReader::new(client_read);
            loop {
                let mut length = None;
                loop {
                    let mut header = String::new();
                    match reader.read_line(&mut header).await {
                        Ok(0) | Err(_) => return,
                        Ok(_) => {}
                    }
                    let header = header.trim_end();
                    if header.is_empty() {
                        break;
                    }
                    if let Some(value) = header.strip_prefix("Content-Length: ") {
                        length = value.parse::<usize>().ok();
                    }
                }
                let Some(length) = length else { return };
                let mut body = vec![0; length];
                if reader.read_exact(&mut body).await.is_err() {
                    return;
                }
                let Ok(message) = serde_json::from_slice::<Value>(&body) else {
                    return;
                };
                if sender.send(message).is_err() {
                    return;
                }
            }
        });
        TestClient {
            writer,
            incoming,
            stash: Vec::new(),
            next_id: 1,
        }
    }

    /// Sends one framed message.
    pub async fn send(&mut self, message: Value) {
        let body = serde_json::to_string(&message).expect("JSON");
        let frame = format!("Content-Length: {}\r\n\r\n{body}", body.len());
        self.writer.write_all(frame.as_bytes()).await.expect("the server reads");
    }

    /// Sends bytes as they are, framing and all.
    pub async fn send_raw(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).await.expect("the server reads");
    }

    /// Sends a request without waiting for its response; returns its id.
    pub async fn send_request(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}))
            .await;
        id
    }

    /// Waits for the response with `id`, stashing everything else that arrives.
    pub async fn response(&mut self, id: Value) -> Value {
        let matches = |message: &Value| message.get("id") == Some(&id) && message.get("method").is_none();
        if let Some(index) = self.stash.iter().position(matches) {
            return self.stash.remove(index);
        }
        loop {
            let message = self.receive().await;
            if matches(&message) {
                return message;
            }
            self.stash.push(message);
        }
    }

    /// Waits for the next message that satisfies `wanted` (stashed ones first).
    pub async fn next_matching(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        if let Some(index) = self.stash.iter().position(&wanted) {
            return self.stash.remove(index);
        }
        loop {
            let message = self.receive().await;
            if wanted(&message) {
                return message;
            }
            self.stash.push(message);
        }
    }

    /// Sends a notification.
    pub async fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}))
            .await;
    }

    /// Sends a request and waits for its response, stashing everything else that arrives.
    pub async fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}))
            .await;
        loop {
            let message = self.receive().await;
            if message.get("id") == Some(&json!(id)) && message.get("method").is_none() {
                return message;
            }
            self.stash.push(message);
        }
    }

    async fn receive(&mut self) -> Value {
        match tokio::time::timeout(PATIENCE, self.incoming.recv()).await {
            Ok(Some(message)) => message,
            Ok(None) => panic!("the server closed the connection"),
            Err(_) => panic!("no message from the server within {PATIENCE:?}"),
        }
    }

    /// Waits for the diagnostics of `uri` at `version` (earlier versions are skipped).
    pub async fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let matches = |message: &Value| {
            message["method"] == "textDocument/publishDiagnostics"
                && message["params"]["uri"] == uri
                && message["params"]["version"] == version
        };
        if let Some(index) = self.stash.iter().position(matches) {
            let message = self.stash.remove(index);
            return message["params"]["diagnostics"].as_array().cloned().unwrap_or_default();
        }
        loop {
            let message = self.receive().await;
            if matches(&message) {
                return message["params"]["diagnostics"].as_array().cloned().unwrap_or_default();
            }
            self.stash.push(message);
        }
    }

    /// Initializes with the given position encodings offered.
    pub async fn initialize(&mut self, encodings: &[&str], options: Value) -> Value {
        let response = self
            .request(
                "initialize",
                json!({"capabilities": {"general": {"positionEncodings": encodings}}, "initializationOptions": options}),
            )
            .await;
        self.notify("initialized", json!({})).await;
        response
    }

    /// Opens a document.
    pub async fn open(&mut self, uri: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": version, "text": text}}),
        )
        .await;
    }

    /// Sends one incremental change.
    pub async fn change(&mut self, uri: &str, version: i64, range: [[u32; 2]; 2], text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{
                "range": {"start": {"line": range[0][0], "character": range[0][1]},
                          "end": {"line": range[1][0], "character": range[1][1]}},
                "text": text}]}),
        )
        .await;
    }
}

/// The codes and start positions of a diagnostics list, for compact assertions.
fn summary(diagnostics: &[Value]) -> Vec<(String, u64, u64)> {
    diagnostics
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap_or_default(),
                d["range"]["start"]["character"].as_u64().unwrap_or_default(),
            )
        })
        .collect()
}

const URI: &str = "file:///work/tasks.md";

/// A small breakdown with CJK and emoji before the interesting IDs.
const TEXT: &str = "## Phase 1: 基础 😀\n\n#### Task 1.1: 数据库 😀\n**Estimate**: 2h\n**Dependencies**: None\n\n#### Task 1.2: 接口\n**Estimate**: 1h\n**Dependencies**: 任务 1.1, Task 9.9\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn negotiates_utf8_and_publishes_versioned_diagnostics() {
    let mut client = TestClient::start();
    let response = client.initialize(&["utf-16", "utf-8"], Value::Null).await;
    assert_eq!(response["result"]["capabilities"]["positionEncoding"], "utf-8");
    client.open(URI, 1, TEXT).await;
    let diagnostics = client.diagnostics(URI, 1).await;
    // `**Dependencies**: 任务 1.1, Task 9.9`: in UTF-8, `9.9` starts at byte 35 of line 8.
    assert_eq!(summary(&diagnostics), [("unknown-dependency".to_string(), 8, 35)]);
    assert_eq!(diagnostics[0]["range"]["end"]["character"], 38);
    assert_eq!(diagnostics[0]["source"], "tasklens");
    assert!(
        diagnostics[0]["codeDescription"]["href"]
            .as_str()
            .unwrap()
            .ends_with("#unknown-dependency")
    );
    // In UTF-8 columns, insert `😀 ` (5 bytes) before `任务`, then fix `9.9` (now at byte 40).
    client.change(URI, 2, [[8, 18], [8, 18]], "😀 ").await;
    let shifted = client.diagnostics(URI, 2).await;
    assert!(
        summary(&shifted).contains(&("unknown-dependency".to_string(), 8, 40)),
        "{shifted:?}"
    );
    // The emoji in front of the reference is plain text, not a dependency: nothing to report.
    client.change(URI, 3, [[8, 40], [8, 43]], "1.1").await;
    assert!(summary(&client.diagnostics(URI, 3).await).is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn incremental_edits_over_cjk_and_emoji_in_utf16() {
    let mut client = TestClient::start();
    let response = client.initialize(&["utf-16"], Value::Null).await;
    assert_eq!(response["result"]["capabilities"]["positionEncoding"], "utf-16");
    client.open(URI, 1, TEXT).await;
    assert_eq!(
        summary(&client.diagnostics(URI, 1).await),
        [("unknown-dependency".to_string(), 8, 31)]
    );
    // Replace `9.9` (UTF-16 columns 31..34 of line 8) with `1.1`: the error goes away.
    client.change(URI, 2, [[8, 31], [8, 34]], "1.1").await;
    assert!(client.diagnostics(URI, 2).await.is_empty());
    // Insert an emoji (a surrogate pair) before the dependency list, then make a cycle:
    // Task 1.1 depends on 1.2. Line 4 is `**Dependencies**: None`.
    client.change(URI, 3, [[8, 18], [8, 18]], "😀 ").await;
    client.change(URI, 4, [[4, 18], [4, 22]], "Task 1.2").await;
    let last = client.diagnostics(URI, 4).await;
    let codes: Vec<(String, u64, u64)> = summary(&last);
    // 1.1 → 1.2 at line 4 (column 18) and 1.2 → 1.1 at line 8 on `任务 1.1`, after `😀 ` (a
    // surrogate pair and a space: 3 UTF-16 units) at column 21; the emoji itself is plain text.
    assert_eq!(
        codes,
        [
            ("dependency-cycle".to_string(), 4, 18),
            ("dependency-cycle".to_string(), 8, 21)
        ]
    );
    assert_eq!(
        last[1]["range"]["end"]["character"], 27,
        "`任务 1.1` after the emoji ends 6 UTF-16 units later: one per CJK character"
    );
    assert_eq!(last[1]["relatedInformation"].as_array().map(Vec::len), Some(2));
    // No older version is published after a newer one.
    let versions: Vec<i64> = client
        .stash
        .iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics")
        .filter_map(|m| m["params"]["version"].as_i64())
        .collect();
    assert!(versions.windows(2).all(|w| w[0] <= w[1]), "{versions:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kiro_requirements_link_to_the_requirements_document_beside() {
    let dir = std::env::temp_dir().join(format!("tasklens-lsp-kiro-links-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("requirements.md"), "# Requirements\n").unwrap();
    let uri = tower_lsp_server::ls_types::Uri::from_file_path(dir.join("tasks.md")).unwrap();
    let uri = uri.as_str().to_string();
    let mut client = TestClient::start();
    client.initialize(&["utf-16"], Value::Null).await;
    client
        .open(&uri, 1, "- [ ] 1. Task\n  - _Requirements: 1.1, 2.3_\n")
        .await;
    client.diagnostics(&uri, 1).await;
    let links = client
        .request("textDocument/documentLink", json!({"textDocument": {"uri": uri}}))
        .await;
    let links = links["result"].as_array().cloned().unwrap_or_default();
    assert_eq!(links.len(), 2, "{links:?}");
    assert!(links[0]["target"].as_str().unwrap().ends_with("/requirements.md"));
    assert_eq!(links[1]["range"]["start"], json!({"line": 1, "character": 24}));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_document_without_tasks_gets_no_diagnostics() {
    let mut client = TestClient::start();
    client.initialize(&["utf-16"], Value::Null).await;
    client
        .open("file:///work/README.md", 1, "# Notes\n\nSee Task 9.9 and [x](y).\n")
        .await;
    assert!(client.diagnostics("file:///work/README.md", 1).await.is_empty());
}

/// Issue 13: every bad value of the settings was a message box of its own, so that a list of
/// a hundred thousand unknown field names made as many. Now a few are shown, then one that
/// counts the rest.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_bad_settings_make_a_few_messages() {
    let mut client = TestClient::start();
    let names: Vec<String> = (0..1_000).map(|n| format!("field-{n}")).collect();
    client.initialize(&["utf-16"], json!({"required_fields": names})).await;
    let message = |m: &Value| m["params"]["message"].as_str().unwrap_or_default().to_string();
    let mut shown = Vec::new();
    loop {
        let next = client.next_matching(|m| m["method"] == "window/showMessage").await;
        shown.push(message(&next));
        if message(&next).contains("more") {
            break;
        }
    }
    assert!(shown.len() <= 4, "{shown:?}");
    assert!(shown[0].contains("field-0"), "{shown:?}");
    assert!(shown.last().unwrap().contains("997 more"), "{shown:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn configuration_changes_apply_and_bad_values_are_reported() {
    let mut client = TestClient::start();
    client
        .initialize(&["utf-8"], json!({"severity": {"unknown-dependency": "off"}}))
        .await;
    client.open(URI, 1, TEXT).await;
    assert!(client.diagnostics(URI, 1).await.is_empty(), "unknown-dependency is off");
    client
        .notify(
            "workspace/didChangeConfiguration",
            json!({"settings": {"tasklens": {"hoursPerDay": "lots"}}}),
        )
        .await;
    // The defaults are back (unknown-dependency on) and the bad value is shown to the user.
    assert_eq!(summary(&client.diagnostics(URI, 1).await).len(), 1);
    // The message is sent from a task of its own, so it may come after later answers: wait
    // for it rather than look for it once the server has shut down.
    let message = client.next_matching(|m| m["method"] == "window/showMessage").await;
    assert!(
        message["params"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("hours_per_day"),
        "{message}"
    );
    let response = client.request("shutdown", Value::Null).await;
    assert_eq!(response["result"], Value::Null);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_documents_and_positions_answer_null_and_garbage_does_not_kill_the_server() {
    let mut client = TestClient::start();
    client.initialize(&["utf-16"], Value::Null).await;
    // A change to a document never opened, and a range past the end, are survived.
    client.change("file:///nowhere.md", 3, [[0, 0], [0, 0]], "x").await;
    client.open(URI, 1, TEXT).await;
    client
        .change(URI, 2, [[99, 0], [99, 5]], "\n#### Task 3.1: Appended\n")
        .await;
    let diagnostics = client.diagnostics(URI, 2).await;
    assert_eq!(summary(&diagnostics)[0].0, "unknown-dependency");
    let response = client.request("shutdown", Value::Null).await;
    assert!(response.get("error").is_none());
}

/// Finds the (line, UTF-16 character) of the first occurrence of `needle` in `text`, plus
/// `offset` characters.
fn locate(text: &str, needle: &str, offset: u32) -> (u32, u32) {
    let at = text.find(needle).expect("needle in text");
    let line = text[..at].matches('\n').count() as u32;
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let character = text[line_start..at].encode_utf16().count() as u32 + offset;
    (line, character)
}

fn position((line, character): (u32, u32)) -> Value {
    json!({"line": line, "character": character})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn features_over_the_protocol() {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/payment/tasks.md")).unwrap();
    let mut client = TestClient::start();
    client.initialize(&["utf-16"], Value::Null).await;
    client.open(URI, 1, &text).await;
    client.diagnostics(URI, 1).await;
    let document = json!({"uri": URI});

    // Hover on the `1.1` of Task 1.2's dependency field shows Task 1.1's card.
    let dependency = locate(&text, "**Dependencies**: Task 1.1", 24);
    let hover = client
        .request(
            "textDocument/hover",
            json!({"textDocument": document, "position": position(dependency)}),
        )
        .await;
    let markdown = hover["result"]["contents"]["value"].as_str().unwrap_or_default();
    assert!(markdown.contains("Payment method database schema"), "{hover}");

    // Go to definition lands on the heading of Task 1.1.
    let definition = client
        .request(
            "textDocument/definition",
            json!({"textDocument": document, "position": position(dependency)}),
        )
        .await;
    let heading = locate(&text, "#### Task 1.1:", 10);
    assert_eq!(
        definition["result"]["range"]["start"],
        position(heading),
        "{definition}"
    );

    // References, with the declaration.
    let references = client
        .request(
            "textDocument/references",
            json!({"textDocument": document, "position": position(dependency), "context": {"includeDeclaration": true}}),
        )
        .await;
    assert!(
        references["result"].as_array().is_some_and(|r| r.len() >= 4),
        "{references}"
    );

    // Rename 1.1 to 1.0 everywhere; renaming to an existing ID is refused with a message.
    let rename = client
        .request(
            "textDocument/rename",
            json!({"textDocument": document, "position": position(heading), "newName": "1.0"}),
        )
        .await;
    let edits = rename["result"]["changes"][URI].as_array().cloned().unwrap_or_default();
    assert!(
        edits.len() >= 4 && edits.iter().all(|e| e["newText"] == "1.0"),
        "{rename}"
    );
    let refused = client
        .request(
            "textDocument/rename",
            json!({"textDocument": document, "position": position(heading), "newName": "1.2"}),
        )
        .await;
    assert!(
        refused["error"]["message"].as_str().is_some_and(|m| m.contains("1.2")),
        "{refused}"
    );

    // Lenses: the document's critical path, and one per task.
    let lenses = client
        .request("textDocument/codeLens", json!({"textDocument": document}))
        .await;
    let titles: Vec<&str> = lenses["result"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|l| l["command"]["title"].as_str())
        .collect();
    assert!(titles.iter().any(|t| t.contains("1.1 → 1.2 → 2.1")), "{titles:?}");
    assert!(titles.len() > 17, "{titles:?}");

    // Completion of task IDs inside a dependency field.
    let completion = client
        .request(
            "textDocument/completion",
            json!({"textDocument": document, "position": position(locate(&text, "**Dependencies**: Task 1.1", 24))}),
        )
        .await;
    let labels: Vec<&str> = completion["result"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["label"].as_str())
        .collect();
    assert!(labels.contains(&"1.3"), "{labels:?}");

    // Symbols: phases holding their tasks; folding ranges for each.
    let symbols = client
        .request("textDocument/documentSymbol", json!({"textDocument": document}))
        .await;
    assert_eq!(symbols["result"].as_array().map(Vec::len), Some(5), "five phases");
    let folding = client
        .request("textDocument/foldingRange", json!({"textDocument": document}))
        .await;
    assert!(folding["result"].as_array().is_some_and(|f| f.len() >= 22));

    // Requests on an unknown document or past the end answer null.
    let unknown = client
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": "file:///nope.md"}, "position": position((0, 0))}),
        )
        .await;
    assert_eq!(unknown["result"], Value::Null);
    let past_end = client
        .request(
            "textDocument/definition",
            json!({"textDocument": document, "position": position((99_999, 3))}),
        )
        .await;
    assert_eq!(past_end["result"], Value::Null);
}

/// Typing in a description, a title and an assignee lets the server carry diagnostics over
/// instead of analysing the document again; what it publishes after each keystroke must be
/// exactly what a fresh open of the same text publishes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn diagnostics_carried_over_keystrokes_equal_a_fresh_open() {
    let mut text = include_str!("../../../../examples/payment/tasks.md").to_string();
    let mut client = TestClient::start();
    client.initialize(&["utf-16"], Value::Null).await;
    client.open(URI, 1, &text).await;
    client.diagnostics(URI, 1).await;
    let keystrokes = [
        ("Create the `payment_methods` table", " 😀"),
        ("#### Task 1.1: Payment method database schema", " v2"),
        ("#### Task 1.1: Payment method database schema v2", " [TBD]"),
        ("**Assigned To**: Ana", " [Name]"),
        ("**Priority**: P0", "x"),
    ];
    for (version, (after, typed)) in (2..).zip(keystrokes) {
        let at = locate(&text, after, after.encode_utf16().count() as u32);
        client.change(URI, version, [[at.0, at.1], [at.0, at.1]], typed).await;
        let carried = client.diagnostics(URI, version).await;
        let offset = text.find(after).unwrap() + after.len();
        text.insert_str(offset, typed);
        let fresh_uri = format!("file:///work/fresh-{version}/tasks.md");
        client.open(&fresh_uri, 1, &text).await;
        // Related locations name their document; the fresh copy's must read as the original's.
        let fresh = Value::Array(client.diagnostics(&fresh_uri, 1).await).to_string();
        let fresh: Vec<Value> = serde_json::from_str(&fresh.replace(&fresh_uri, URI)).unwrap();
        assert_eq!(carried, fresh, "after typing {typed:?} after {after:?}");
        assert!(!carried.is_empty());
    }
}

/// Once the outline has been asked for, keystrokes that only move items move it to the next
/// version instead of analysing the text; what the server answers after each must be exactly
/// what a fresh open of the same text answers.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_outline_carried_over_keystrokes_equals_a_fresh_open() {
    let mut text = include_str!("../../../../examples/payment/tasks.md").to_string();
    let mut client = TestClient::start();
    client.initialize(&["utf-16"], Value::Null).await;
    client.open(URI, 1, &text).await;
    client.diagnostics(URI, 1).await;
    let first = outline(&mut client, URI).await;
    assert!(first.as_array().is_some_and(|phases| !phases.is_empty()));
    let keystrokes = [
        ("Create the `payment_methods` table", " 😀"),
        ("Create the `payment_methods` table 😀", "\nMore words"),
        ("#### Task 1.1: Payment method database schema", " v2"),
        ("Create the `payment_methods` table", "x"),
    ];
    for (version, (after, typed)) in (2..).zip(keystrokes) {
        let at = locate(&text, after, after.encode_utf16().count() as u32);
        client.change(URI, version, [[at.0, at.1], [at.0, at.1]], typed).await;
        client.diagnostics(URI, version).await;
        let carried = outline(&mut client, URI).await;
        let offset = text.find(after).unwrap() + after.len();
        text.insert_str(offset, typed);
        let fresh_uri = format!("file:///work/fresh-{version}/tasks.md");
        client.open(&fresh_uri, 1, &text).await;
        client.diagnostics(&fresh_uri, 1).await;
        let fresh = outline(&mut client, &fresh_uri).await;
        assert_eq!(carried, fresh, "after typing {typed:?} after {after:?}");
    }
}

async fn outline(client: &mut TestClient, uri: &str) -> Value {
    client
        .request("textDocument/documentSymbol", json!({"textDocument": {"uri": uri}}))
        .await["result"]
        .clone()
}
