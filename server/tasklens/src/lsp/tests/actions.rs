//! Code actions over the protocol: quick fixes with their finding and edit, source actions
//! with their edits at once or through `codeAction/resolve`, and the edits applied back
//! through `didChange` so that the published diagnostics show the finding gone.

use serde_json::{Value, json};

use super::{TestClient, summary};

const SPEC_KIT: &str = include_str!("../../../../../examples/spec-kit/tasks.md");
const PAYMENT: &str = include_str!("../../../../../examples/payment/tasks.md");

/// Initializes with UTF-16 positions and, when `resolve` is set, a client that resolves code
/// action edits lazily.
async fn start(resolve: bool) -> TestClient {
    let mut client = TestClient::start();
    let mut capabilities = json!({"general": {"positionEncodings": ["utf-16"]}});
    if resolve {
        capabilities["textDocument"] = json!({"codeAction": {
            "codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["quickfix", "source"]}},
            "resolveSupport": {"properties": ["edit"]}}});
    }
    client
        .request("initialize", json!({"capabilities": capabilities}))
        .await;
    client.notify("initialized", json!({})).await;
    client
}

/// Applies a workspace edit's changes to `uri` as one `didChange`, last edit first so that
/// every position still holds.
async fn apply(client: &mut TestClient, uri: &str, version: i64, edit: &Value) {
    let mut edits = edit["changes"][uri]
        .as_array()
        .cloned()
        .expect("edits for the document");
    let key = |e: &Value| {
        (
            e["range"]["start"]["line"].as_u64().unwrap(),
            e["range"]["start"]["character"].as_u64().unwrap(),
        )
    };
    edits.sort_by_key(|e| std::cmp::Reverse(key(e)));
    let changes: Vec<Value> = edits
        .iter()
        .map(|e| json!({"range": e["range"], "text": e["newText"]}))
        .collect();
    client
        .notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
        )
        .await;
}

fn codes(diagnostics: &[Value]) -> Vec<String> {
    summary(diagnostics).into_iter().map(|(code, _, _)| code).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_quick_fix_names_its_finding_and_its_edit_removes_it() {
    let uri = "file:///work/spec/tasks.md";
    let mut client = start(false).await;
    client.open(uri, 1, SPEC_KIT).await;
    let diagnostics = client.diagnostics(uri, 1).await;
    let conflict = diagnostics
        .iter()
        .find(|d| d["code"] == "parallel-conflict")
        .cloned()
        .expect("a parallel-conflict finding");
    let answer = client
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": conflict["range"],
                   "context": {"diagnostics": [conflict], "only": ["quickfix"]}}),
        )
        .await;
    let actions = answer["result"].as_array().cloned().unwrap_or_default();
    let drop = actions
        .iter()
        .find(|a| {
            a["title"]
                .as_str()
                .is_some_and(|t| t.starts_with("Drop the [P] marker"))
        })
        .unwrap_or_else(|| panic!("no marker fix in {answer}"));
    assert_eq!(drop["kind"], "quickfix");
    assert_eq!(drop["isPreferred"], true);
    assert_eq!(drop["diagnostics"][0]["code"], "parallel-conflict");
    assert!(
        actions.iter().all(|a| a["kind"] == "quickfix"),
        "only quick fixes: {answer}"
    );
    let line = conflict["range"]["start"]["line"].clone();
    apply(&mut client, uri, 2, &drop["edit"]).await;
    let after = client.diagnostics(uri, 2).await;
    assert!(
        !after
            .iter()
            .any(|d| d["code"] == "parallel-conflict" && d["range"]["start"]["line"] == line),
        "{after:?}"
    );
    assert_eq!(after.len() + 1, diagnostics.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fix_all_comes_with_its_edit_for_a_client_that_cannot_resolve() {
    let uri = "file:///work/spec/tasks.md";
    let mut client = start(false).await;
    client.open(uri, 1, SPEC_KIT).await;
    client.diagnostics(uri, 1).await;
    let answer = client
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
                   "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
        )
        .await;
    let actions = answer["result"].as_array().cloned().unwrap_or_default();
    assert_eq!(actions.len(), 1, "{answer}");
    assert_eq!(actions[0]["kind"], "source.fixAll.tasklens");
    apply(&mut client, uri, 2, &actions[0]["edit"]).await;
    assert_eq!(codes(&client.diagnostics(uri, 2).await), ["unknown-dependency"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn source_actions_resolve_their_edits_on_the_text_they_were_offered_for() {
    let uri = "file:///work/payment/tasks.md";
    let mut client = start(true).await;
    client.open(uri, 1, PAYMENT).await;
    let before = codes(&client.diagnostics(uri, 1).await);
    assert!(before.contains(&"summary-mismatch".to_string()) && before.contains(&"duplicate-task-id".to_string()));
    let answer = client
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
                   "context": {"diagnostics": [], "only": ["source"]}}),
        )
        .await;
    let actions = answer["result"].as_array().cloned().unwrap_or_default();
    let kinds: Vec<&str> = actions.iter().filter_map(|a| a["kind"].as_str()).collect();
    assert_eq!(
        kinds,
        [
            "source.fixAll.tasklens",
            "source.tasklens.syncClaims",
            "source.tasklens.graph",
            "source.tasklens.gantt",
            "source.tasklens.renumber"
        ],
        "{answer}"
    );
    assert!(
        actions.iter().all(|a| a.get("edit").is_none()),
        "edits wait for resolve"
    );
    let resolved = client.request("codeAction/resolve", actions[0].clone()).await;
    let edit = resolved["result"]["edit"].clone();
    assert!(
        edit["changes"][uri].as_array().is_some_and(|e| e.len() == 3),
        "{resolved}"
    );
    // Offered for version 1: once the text changed, the action is stale.
    apply(&mut client, uri, 2, &edit).await;
    let after = codes(&client.diagnostics(uri, 2).await);
    assert!(!after.contains(&"summary-mismatch".to_string()) && !after.contains(&"duplicate-task-id".to_string()));
    assert_eq!(after.len() + 3, before.len(), "{after:?}");
    let stale = client.request("codeAction/resolve", actions[2].clone()).await;
    assert_eq!(stale["error"]["code"], -32801, "{stale}");
}
