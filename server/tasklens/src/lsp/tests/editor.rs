//! Lenses and inlay hints over the protocol: a lens about other lines carries the command
//! that lists them with their locations, per-task lenses of a spec-kit list are a setting,
//! inlay hints answer for the range asked and follow their settings, and `didSave` is
//! handled.

use serde_json::{Value, json};

use super::TestClient;

const SPEC_KIT: &str = include_str!("../../../../../examples/spec-kit/tasks.md");
const PAYMENT: &str = include_str!("../../../../../examples/payment/tasks.md");
const URI: &str = "file:///work/tasks.md";

async fn lenses(client: &mut TestClient) -> Vec<Value> {
    let answer = client
        .request("textDocument/codeLens", json!({"textDocument": {"uri": URI}}))
        .await;
    answer["result"].as_array().cloned().expect("lenses")
}

async fn hints(client: &mut TestClient, end_line: u32) -> Vec<Value> {
    let answer = client
        .request(
            "textDocument/inlayHint",
            json!({"textDocument": {"uri": URI},
                   "range": {"start": {"line": 0, "character": 0}, "end": {"line": end_line, "character": 0}}}),
        )
        .await;
    answer["result"].as_array().cloned().expect("inlay hints")
}

#[tokio::test]
async fn lenses_carry_the_command_that_lists_their_lines() {
    let mut client = TestClient::start();
    let init = client.initialize(&["utf-16"], Value::Null).await;
    assert_eq!(init["result"]["capabilities"]["inlayHintProvider"], true);
    client.open(URI, 1, PAYMENT).await;
    client.diagnostics(URI, 1).await;
    let lenses = lenses(&mut client).await;
    let path = lenses
        .iter()
        .find(|lens| {
            lens["command"]["title"]
                .as_str()
                .is_some_and(|t| t.starts_with("critical path:"))
        })
        .expect("the document's lens");
    assert_eq!(path["command"]["command"], "tasklens.showTasks");
    let arguments = path["command"]["arguments"].as_array().expect("arguments");
    assert_eq!(arguments[0], URI);
    assert_eq!(arguments[1], path["range"]["start"]);
    // One location per task of the critical path, each on its task's heading.
    let locations = arguments[2].as_array().expect("locations");
    assert_eq!(locations.len(), 9, "{locations:?}");
    let first = locations[0]["range"]["start"]["line"].as_u64().unwrap() as usize;
    assert!(
        PAYMENT.lines().nth(first).unwrap().starts_with("#### Task 1.1"),
        "{first}"
    );
    assert!(locations.iter().all(|l| l["uri"] == URI));
    // A lens about nothing else is a label: an empty command and no arguments.
    let label = lenses
        .iter()
        .find(|lens| lens["command"]["arguments"].is_null())
        .expect("a task that blocks nothing");
    assert_eq!(label["command"]["command"], "");
}

#[tokio::test]
async fn spec_kit_task_lenses_and_inlay_hints_are_settings() {
    let mut client = TestClient::start();
    client.initialize(&["utf-16"], Value::Null).await;
    client.open(URI, 1, SPEC_KIT).await;
    client.diagnostics(URI, 1).await;
    let per_task = |lenses: &[Value]| {
        lenses
            .iter()
            .filter(|lens| {
                let line = lens["range"]["start"]["line"].as_u64().unwrap() as usize;
                SPEC_KIT.lines().nth(line).is_some_and(|l| l.starts_with("- ["))
            })
            .count()
    };
    let before = lenses(&mut client).await;
    assert_eq!(per_task(&before), 0, "{before:?}");
    assert!(
        before.len() >= 2,
        "the document's and the phases' lenses stay: {before:?}"
    );
    // The spec-kit example has no estimates: only the expansions could show, and it has none.
    assert!(hints(&mut client, 200).await.is_empty());

    client
        .notify(
            "workspace/didChangeConfiguration",
            json!({"settings": {"tasklens": {"specKitTaskLenses": true, "scheduleHints": true}}}),
        )
        .await;
    client.diagnostics(URI, 1).await;
    let after = lenses(&mut client).await;
    assert_eq!(per_task(&after), 8, "{after:?}");
    let hints = hints(&mut client, 19).await;
    // Lines 0..19 hold T001 to T003 (and T004's phase heading); each gets its start and slack.
    let labels: Vec<&str> = hints.iter().filter_map(|h| h["label"].as_str()).collect();
    assert_eq!(labels.len(), 3, "{hints:?}");
    assert!(labels.iter().all(|l| l.starts_with("ES ")), "{labels:?}");

    // A save is handled and changes nothing.
    client
        .notify("textDocument/didSave", json!({"textDocument": {"uri": URI}}))
        .await;
    assert_eq!(lenses(&mut client).await.len(), after.len());
}

#[tokio::test]
async fn estimate_hints_over_the_protocol() {
    let text = "#### Task 1: A\n**Estimate**: 1.5 days\n**Dependencies**: None\n#### Task 2: B\n**Estimate**: 2h\n**Dependencies**: Task 1\n";
    let mut client = TestClient::start();
    client.initialize(&["utf-16"], Value::Null).await;
    client.open(URI, 1, text).await;
    client.diagnostics(URI, 1).await;
    let hints = hints(&mut client, 10).await;
    assert_eq!(
        hints,
        [json!({"position": {"line": 1, "character": 22}, "label": "12h", "kind": 1, "paddingLeft": true})]
    );
}

#[tokio::test]
async fn diagnostic_codes_link_to_a_reference_that_exists_or_the_configured_one() {
    let text = "#### Task 1: A\n**Estimate**: 1h\n**Dependencies**: Task 9\n";
    let mut client = TestClient::start();
    client.initialize(&["utf-16"], Value::Null).await;
    client.open(URI, 1, text).await;
    let diagnostics = client.diagnostics(URI, 1).await;
    let href = diagnostics[0]["codeDescription"]["href"].as_str().expect("a link");
    let (file, section) = href.split_once('#').expect("a section");
    assert_eq!(section, "unknown-dependency");
    let path = file.strip_prefix("file://").expect("a file: URL");
    let reference = std::fs::read_to_string(path).expect("the linked reference exists");
    assert!(reference.contains("\n## unknown-dependency\n"), "{path}");

    client
        .notify(
            "workspace/didChangeConfiguration",
            json!({"settings": {"tasklens": {"docsUrl": "https://example.org/diagnostics"}}}),
        )
        .await;
    let diagnostics = client.diagnostics(URI, 1).await;
    assert_eq!(
        diagnostics[0]["codeDescription"]["href"],
        "https://example.org/diagnostics#unknown-dependency"
    );
}
