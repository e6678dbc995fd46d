//! Slow documents, failures and workspaces (issue 13, items 2, 4 and 6): a document whose
//! analysis takes seconds delays no request on another, a cancelled request is answered at
//! once, a superseded version is never published, a failed analysis clears its diagnostics
//! and says so once while the text follows the client, and a workspace of symlink loops and
//! FIFOs is searched in the background.

use serde_json::{Value, json};
use tasklens_analysis::generate::Adversarial;

use super::super::documents::PANIC_MARKER;
use super::{TEXT, TestClient, URI, locate, position, summary};

const SLOW: &str = "file:///work/slow/tasks.md";

/// A document whose analysis takes a while in a debug build: three hundred thousand edges.
fn slow_text() -> String {
    Adversarial::RangesOverAllEarlier.document(800)
}

fn is_diagnostics_of(message: &Value, uri: &str) -> bool {
    message["method"] == "textDocument/publishDiagnostics" && message["params"]["uri"] == uri
}

fn hover_params(uri: &str, at: (u32, u32)) -> Value {
    json!({"textDocument": {"uri": uri}, "position": position(at)})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_document_delays_no_request_on_another() {
    let mut client = TestClient::start();
    // redundant-dependency is off by default; turned on, the slow document makes thousands.
    client
        .initialize(&["utf-16"], json!({"severity": {"redundant-dependency": "hint"}}))
        .await;
    client.open(URI, 1, TEXT).await;
    client.diagnostics(URI, 1).await;
    client.open(SLOW, 1, &slow_text()).await;
    let hover = client
        .request("textDocument/hover", hover_params(URI, locate(TEXT, "任务 1.1", 3)))
        .await;
    assert!(hover["result"].is_object(), "{hover}");
    assert!(
        !client.stash.iter().any(|m| is_diagnostics_of(m, SLOW)),
        "the hover waited for the slow document"
    );
    // The slow document gets its diagnostics in the end, a hundred and a summary per code.
    let slow = client.diagnostics(SLOW, 1).await;
    assert!(
        slow.iter()
            .any(|d| d["message"].as_str().unwrap().contains("more redundant-dependency"))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancelled_request_is_answered_at_once() {
    let mut client = TestClient::start();
    client.initialize(&["utf-16"], Value::Null).await;
    let text = slow_text();
    client.open(SLOW, 1, &text).await;
    let id = client
        .send_request("textDocument/hover", hover_params(SLOW, locate(&text, "Tasks 1-", 6)))
        .await;
    client.notify("$/cancelRequest", json!({"id": id})).await;
    let answer = client.response(json!(id)).await;
    assert_eq!(answer["error"]["code"], -32800, "{answer}");
    assert!(
        !client.stash.iter().any(|m| is_diagnostics_of(m, SLOW)),
        "the cancellation waited for the analysis"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_superseded_version_is_never_analysed_or_published() {
    let mut client = TestClient::start();
    client.initialize(&["utf-16"], Value::Null).await;
    client.open(SLOW, 1, &slow_text()).await;
    // Typed while version 1 is still being analysed: version 1's diagnostics would be stale.
    client.change(SLOW, 2, [[0, 0], [0, 0]], "x").await;
    let first = client.next_matching(|m| is_diagnostics_of(m, SLOW)).await;
    assert_eq!(first["params"]["version"], 2);
}

/// Issue 13, item 2: when the analysis fails (here a test marker makes it panic), the server
/// keeps the client's text, clears the document's diagnostics, logs, and tells the user once;
/// the edits that follow apply to the right text.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_analysis_clears_its_diagnostics_says_so_once_and_the_text_follows_the_client() {
    let mut client = TestClient::start();
    client.initialize(&["utf-16"], Value::Null).await;
    let text = format!("{PANIC_MARKER}\n{TEXT}");
    client.open(URI, 1, &text).await;
    assert!(client.diagnostics(URI, 1).await.is_empty());
    let warning = client.next_matching(|m| m["method"] == "window/showMessage").await;
    assert!(
        warning["params"]["message"]
            .as_str()
            .unwrap()
            .contains("could not analyse")
    );
    // Edits while it fails: line 9 is `**Dependencies**: 任务 1.1, Task 9.9`.
    let line = TEXT.lines().nth(8).unwrap();
    let end = line.encode_utf16().count() as u32;
    client.change(URI, 2, [[9, end - 3], [9, end]], "1.2").await;
    assert!(client.diagnostics(URI, 2).await.is_empty());
    // Removing the marker: the diagnostics are those of the text the client has.
    client.change(URI, 3, [[0, 0], [1, 0]], "").await;
    let after = client.diagnostics(URI, 3).await;
    let expected_text = TEXT.replace("Task 9.9", "Task 1.2");
    client.open("file:///work/fresh/tasks.md", 1, &expected_text).await;
    let fresh = client.diagnostics("file:///work/fresh/tasks.md", 1).await;
    assert_eq!(summary(&after), summary(&fresh));
    assert!(
        !client.stash.iter().any(|m| m["method"] == "window/showMessage"),
        "told only once"
    );
}

/// Issue 13, item 6: `workspace/symbol` never answered, and stopped the whole server, when
/// the workspace held a FIFO named tasks.md or two symlinks to `.`.
#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn workspace_symbols_survive_fifos_and_symlink_loops() {
    use std::os::unix::fs::symlink;
    let dir = std::env::temp_dir().join(format!("tasklens-lsp-hostile-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("docs")).unwrap();
    std::fs::write(
        dir.join("tasks.md"),
        "#### Task 1.1: Findable\n**Dependencies**: None\n",
    )
    .unwrap();
    symlink(".", dir.join("loop-a")).unwrap();
    symlink(".", dir.join("loop-b")).unwrap();
    let fifo = dir.join("docs/tasks.md");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let root = tower_lsp_server::ls_types::Uri::from_file_path(&dir).unwrap();
    let mut client = TestClient::start();
    client
        .request(
            "initialize",
            json!({"capabilities": {}, "workspaceFolders": [{"uri": root.as_str(), "name": "w"}]}),
        )
        .await;
    client.notify("initialized", json!({})).await;
    let found = client.request("workspace/symbol", json!({"query": "Findable"})).await;
    let symbols = found["result"].as_array().cloned().unwrap_or_default();
    assert_eq!(symbols.len(), 1, "{found}");
    assert!(symbols[0]["location"]["uri"].as_str().unwrap().ends_with("/tasks.md"));
    // A search cancelled before it ends is answered at once.
    let id = client.send_request("workspace/symbol", json!({"query": ""})).await;
    client.notify("$/cancelRequest", json!({"id": id})).await;
    let answer = client.response(json!(id)).await;
    assert!(
        answer.get("error").is_some() || answer.get("result").is_some(),
        "{answer}"
    );
    // Other requests were never held up: the server still answers.
    assert!(client.request("shutdown", Value::Null).await.get("error").is_none());
    let _ = std::fs::remove_dir_all(&dir);
}
