//! Concurrency (issue 13's scenarios): several documents edited in bursts while requests on
//! all of them are in flight, nothing awaited in between. Every request must be answered
//! (with a result, or ContentModified when its text changed first), the versions published
//! for a document must never go backwards, and each document's last diagnostics must equal a
//! fresh open of its last text.

use ropey::Rope;
use serde_json::{Value, json};

use super::super::convert::{self, Encoding};
use super::{TEXT, TestClient, position};

const DOCUMENTS: usize = 4;

/// Rounds of one edit and five requests per document: 25 in CI, `TASKLENS_CONCURRENCY_ROUNDS`
/// on demand.
fn rounds() -> usize {
    std::env::var("TASKLENS_CONCURRENCY_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(25)
}

fn uri(document: usize) -> String {
    format!("file:///work/concurrent-{document}/tasks.md")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bursts_of_edits_and_requests_on_several_documents() {
    let mut client = TestClient::start();
    client.initialize(&["utf-16"], Value::Null).await;
    let base = include_str!("../../../../../examples/payment/tasks.md");
    let mut texts: Vec<Rope> = Vec::new();
    for document in 0..DOCUMENTS {
        let text = if document % 2 == 0 { base } else { TEXT };
        client.open(&uri(document), 1, text).await;
        texts.push(Rope::from_str(text));
    }
    let mut versions = [1i64; DOCUMENTS];
    let mut requests = Vec::new();
    let requested = [
        "textDocument/hover",
        "textDocument/documentSymbol",
        "textDocument/codeLens",
        "textDocument/completion",
        "textDocument/references",
    ];
    for round in 0..rounds() {
        for document in 0..DOCUMENTS {
            let text = &mut texts[document];
            // An edit on a line chosen by the round: a word typed at its end, or a line
            // break at its start.
            let line = (round * 7 + document * 3) % text.len_lines().max(1);
            let end = convert::position(
                text,
                text.line_to_byte(line) + text.line(line).len_bytes(),
                Encoding::Utf16,
            );
            let (at, typed) = if round % 3 == 0 {
                ((line as u32, 0), "\n")
            } else {
                let at = if end.line as usize == line { end.character } else { 0 };
                ((line as u32, at.saturating_sub(1)), " Task 1.1")
            };
            versions[document] += 1;
            client
                .change(&uri(document), versions[document], [[at.0, at.1], [at.0, at.1]], typed)
                .await;
            let offset = convert::offset(text, position_of(at), Encoding::Utf16).expect("on a line");
            let char_at = text.byte_to_char(offset);
            text.insert(char_at, typed);
            // Requests on this document and the next, without waiting for the answers.
            for (k, method) in requested.iter().enumerate() {
                let target = (document + k) % DOCUMENTS;
                let mut params = json!({"textDocument": {"uri": uri(target)}, "position": position((2, 12))});
                if *method == "textDocument/references" {
                    params["context"] = json!({"includeDeclaration": true});
                }
                requests.push(client.send_request(method, params).await);
            }
        }
    }
    for &id in &requests {
        let answer = client.response(json!(id)).await;
        let fine = answer.get("result").is_some() || answer["error"]["code"] == -32801;
        assert!(fine, "request {id}: {answer}");
    }
    for document in 0..DOCUMENTS {
        let published = client.diagnostics(&uri(document), versions[document]).await;
        let fresh_uri = format!("file:///work/concurrent-fresh-{document}/tasks.md");
        client.open(&fresh_uri, 1, &texts[document].to_string()).await;
        let fresh = Value::Array(client.diagnostics(&fresh_uri, 1).await).to_string();
        let fresh: Vec<Value> = serde_json::from_str(&fresh.replace(&fresh_uri, &uri(document))).unwrap();
        assert_eq!(published, fresh, "document {document}");
    }
    // Versions never went backwards, per document, in the order they were published.
    for document in 0..DOCUMENTS {
        let published: Vec<i64> = client
            .stash
            .iter()
            .filter(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri(document))
            .filter_map(|m| m["params"]["version"].as_i64())
            .collect();
        assert!(
            published.windows(2).all(|w| w[0] < w[1]),
            "document {document}: {published:?}"
        );
    }
    assert_eq!(requests.len(), rounds() * DOCUMENTS * requested.len());
}

fn position_of((line, character): (u32, u32)) -> tower_lsp_server::ls_types::Position {
    tower_lsp_server::ls_types::Position { line, character }
}
