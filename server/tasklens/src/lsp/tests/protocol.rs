//! Malformed frames and odd message sequences (issue 13, items 3 and 7). After each malformed
//! frame the server answers what JSON-RPC says to answer, and then a hover.

use serde_json::{Value, json};

use super::{TEXT, TestClient, URI, locate, position, summary};

/// What a case must get back, besides the hover that follows it.
#[derive(Debug, Clone, PartialEq)]
enum Expect {
    /// One error response with this code and a null id.
    Error(i64),
    /// One error response with this code and this id.
    ErrorWithId(i64, i64),
    /// One array of error responses, with these ids.
    Batch(Vec<Option<i64>>),
    /// A normal response to the request with this id.
    Answer(i64),
    /// Nothing at all.
    Nothing,
}

fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

fn hover(id: i64) -> String {
    let at = locate(TEXT, "任务 1.1", 3);
    json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/hover",
           "params": {"textDocument": {"uri": URI}, "position": position(at)}})
    .to_string()
}

/// Every malformed or odd frame of issue 13, named.
fn cases() -> Vec<(&'static str, Vec<u8>, Expect)> {
    let deep = format!(
        r#"{{"jsonrpc":"2.0","method":"x","params":{}{}}}"#,
        "[".repeat(200),
        "]".repeat(200)
    );
    let mut invalid_utf8_outside = br#"{"jsonrpc":"2.0","method":"x""#.to_vec();
    invalid_utf8_outside.extend_from_slice(b"\xff}");
    let mut invalid_utf8_inside = hover(501)
        .replace("hover\"", "hover\", \"extra\": \"\u{1}\"")
        .into_bytes();
    let at = invalid_utf8_inside.iter().position(|&b| b == 1).unwrap();
    invalid_utf8_inside[at] = 0xfe;
    let lone_surrogate = r#"{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///work/tasks.md","version":2},"contentChanges":[{"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":0}},"text":"\ud83d"}]}}"#;
    let notification = br#"{"jsonrpc":"2.0","method":"$/unknownNotification"}"#;
    vec![
        (
            "invalid JSON",
            frame(br#"{"jsonrpc": "2.0", "id": 1,"#),
            Expect::Error(-32700),
        ),
        ("null", frame(b"null"), Expect::Error(-32600)),
        ("a number", frame(b"42"), Expect::Error(-32600)),
        ("an empty batch", frame(b"[]"), Expect::Error(-32600)),
        (
            "a batch",
            frame(format!("[{}, {}, 7]", hover(77), String::from_utf8_lossy(notification)).as_bytes()),
            Expect::Batch(vec![Some(77), None]),
        ),
        ("nesting deeper than 128", frame(deep.as_bytes()), Expect::Error(-32700)),
        (
            "jsonrpc 1.0",
            frame(br#"{"jsonrpc":"1.0","id":5,"method":"textDocument/hover"}"#),
            Expect::ErrorWithId(-32600, 5),
        ),
        (
            "no jsonrpc",
            frame(br#"{"id":6,"method":"x"}"#),
            Expect::ErrorWithId(-32600, 6),
        ),
        (
            "a float id",
            frame(br#"{"jsonrpc":"2.0","id":1.5,"method":"x"}"#),
            Expect::Error(-32600),
        ),
        (
            "a bool id",
            frame(br#"{"jsonrpc":"2.0","id":true,"method":"x"}"#),
            Expect::Error(-32600),
        ),
        (
            "an array id",
            frame(br#"{"jsonrpc":"2.0","id":[1],"method":"x"}"#),
            Expect::Error(-32600),
        ),
        (
            "an object id",
            frame(br#"{"jsonrpc":"2.0","id":{"a":1},"method":"x"}"#),
            Expect::Error(-32600),
        ),
        (
            "an id past 2^64",
            frame(br#"{"jsonrpc":"2.0","id":18446744073709551617,"method":"x"}"#),
            Expect::Error(-32600),
        ),
        (
            "a method that is no string",
            frame(br#"{"jsonrpc":"2.0","id":8,"method":8}"#),
            Expect::ErrorWithId(-32600, 8),
        ),
        (
            "params that are a string",
            frame(br#"{"jsonrpc":"2.0","method":"x","params":"p"}"#),
            Expect::Error(-32600),
        ),
        (
            "invalid UTF-8 outside strings",
            frame(&invalid_utf8_outside),
            Expect::Error(-32700),
        ),
        (
            "invalid UTF-8 inside a string",
            frame(&invalid_utf8_inside),
            Expect::Answer(501),
        ),
        (
            "half a surrogate pair",
            frame(lone_surrogate.as_bytes()),
            Expect::Nothing,
        ),
        (
            "a Content-Length too short",
            format!("Content-Length: 10\r\n\r\n{}", hover(502)).into_bytes(),
            Expect::Error(-32700),
        ),
        (
            "a Content-Length too long",
            [
                format!("Content-Length: {}\r\n\r\n", notification.len() + 500).as_bytes(),
                notification,
            ]
            .concat(),
            Expect::Nothing,
        ),
        (
            "a negative Content-Length",
            b"Content-Length: -20\r\n\r\n{}".to_vec(),
            Expect::Error(-32700),
        ),
        (
            "an overflowing Content-Length",
            b"Content-Length: 184467440737095516160\r\n\r\n{}".to_vec(),
            Expect::Error(-32700),
        ),
        (
            "a Content-Length that is no number",
            b"Content-Length: twelve\r\n\r\n{}".to_vec(),
            Expect::Error(-32700),
        ),
        ("no header", notification.to_vec(), Expect::Error(-32700)),
        (
            "a lowercase content-length",
            format!("content-length: {}\r\n\r\n{}", hover(503).len(), hover(503)).into_bytes(),
            Expect::Answer(503),
        ),
        (
            "unknown headers",
            format!(
                "X-Trace: on\r\nContent-Length: {}\r\nX-Other: 1\r\n\r\n{}",
                hover(504).len(),
                hover(504)
            )
            .into_bytes(),
            Expect::Answer(504),
        ),
        (
            "a charset other than utf-8",
            format!(
                "Content-Length: {}\r\nContent-Type: application/vscode-jsonrpc; charset=latin1\r\n\r\n{}",
                hover(505).len(),
                hover(505)
            )
            .into_bytes(),
            Expect::Answer(505),
        ),
        (
            "line feeds without carriage returns",
            format!("Content-Length: {}\n\n{}", hover(506).len(), hover(506)).into_bytes(),
            Expect::Answer(506),
        ),
        (
            "garbage bytes",
            b"\x00\x01\xfe\xffgarbage\r\n\r\n".to_vec(),
            Expect::Error(-32700),
        ),
        (
            "a header block without a length",
            b"Content-Type: x\r\n\r\n{}".to_vec(),
            Expect::Error(-32700),
        ),
        (
            "an empty frame",
            b"Content-Length: 0\r\n\r\n".to_vec(),
            Expect::Error(-32700),
        ),
        (
            "a request whose method starts with $/",
            frame(br#"{"jsonrpc":"2.0","id":66,"method":"$/unknownRequest"}"#),
            Expect::ErrorWithId(-32601, 66),
        ),
        (
            "an unknown request",
            frame(br#"{"jsonrpc":"2.0","id":67,"method":"x/y"}"#),
            Expect::ErrorWithId(-32601, 67),
        ),
        ("an unknown notification", frame(notification), Expect::Nothing),
        (
            "a notification with bad params",
            frame(br#"{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"x":1}}"#),
            Expect::Nothing,
        ),
        (
            "a response nobody asked for",
            frame(br#"{"jsonrpc":"2.0","id":999,"result":null}"#),
            Expect::Nothing,
        ),
        (
            "a response without id",
            frame(br#"{"jsonrpc":"2.0","result":null}"#),
            Expect::Nothing,
        ),
        (
            "a request with bad params",
            frame(br#"{"jsonrpc":"2.0","id":68,"method":"textDocument/hover","params":{"x":1}}"#),
            Expect::ErrorWithId(-32602, 68),
        ),
    ]
}

/// Issue 13, item 3: one malformed frame ended the server. Each case is followed by a hover
/// that must be answered; the case's own answer must be what JSON-RPC says.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_malformed_frame_is_answered_and_the_next_message_is_served() {
    let mut client = TestClient::start();
    client.initialize(&["utf-16"], Value::Null).await;
    client.open(URI, 1, TEXT).await;
    client.diagnostics(URI, 1).await;
    let cases = cases();
    assert!(cases.len() >= 35);
    for (index, (name, bytes, expect)) in cases.into_iter().enumerate() {
        client.stash.clear();
        client.send_raw(&bytes).await;
        let id = 1000 + index as i64;
        client.send_raw(&frame(hover(id).as_bytes())).await;
        let answered = client.response(json!(id)).await;
        assert!(
            answered["result"]["contents"]["value"]
                .as_str()
                .is_some_and(|v| v.contains("数据库")),
            "{name}: the hover after it was not answered: {answered}"
        );
        // A request in the case may be answered after the hover: both run at once.
        if let Expect::Answer(id) = expect {
            let answer = client.response(json!(id)).await;
            assert!(answer.get("result").is_some(), "{name}: {answer}");
            client.stash.push(answer);
        }
        let errors: Vec<Value> = client
            .stash
            .iter()
            .filter(|m| m.get("method").is_none())
            .cloned()
            .collect();
        let got = match errors.as_slice() {
            [] => Expect::Nothing,
            [Value::Array(answers)] => {
                let ids: Vec<Option<i64>> = answers.iter().map(|a| a["id"].as_i64()).collect();
                assert!(
                    answers.iter().all(|a| a["error"]["code"] == -32600),
                    "{name}: {answers:?}"
                );
                Expect::Batch(ids)
            }
            [one] if one.get("error").is_some() => match one["id"].as_i64() {
                Some(id) => Expect::ErrorWithId(one["error"]["code"].as_i64().unwrap(), id),
                None => Expect::Error(one["error"]["code"].as_i64().unwrap()),
            },
            [one] => Expect::Answer(one["id"].as_i64().unwrap_or(-1)),
            more => panic!("{name}: more than one answer: {more:?}"),
        };
        assert_eq!(got, expect, "{name}: {errors:?}");
    }
}

/// An empty frame used to stall the next message until more bytes arrived: its answer comes
/// before anything else is sent.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_empty_frame_is_answered_at_once() {
    let mut client = TestClient::start();
    client.initialize(&["utf-16"], Value::Null).await;
    client.send_raw(b"Content-Length: 0\r\n\r\n").await;
    let answer = client.next_matching(|m| m.get("error").is_some()).await;
    assert_eq!(answer["error"]["code"], -32700);
    assert_eq!(answer["id"], Value::Null);
}

/// Half a surrogate pair typed into the document is read as U+FFFD (one UTF-16 unit, as the
/// client counts it), so the positions of later edits stay right.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn half_a_surrogate_pair_keeps_the_text_in_step() {
    let mut client = TestClient::start();
    client.initialize(&["utf-16"], Value::Null).await;
    client.open(URI, 1, TEXT).await;
    client.diagnostics(URI, 1).await;
    // `\ud83d` at the start of line 8 (`**Dependencies**: 任务 1.1, Task 9.9`).
    let body = r#"{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///work/tasks.md","version":2},"contentChanges":[{"range":{"start":{"line":8,"character":18},"end":{"line":8,"character":18}},"text":"\ud83d"}]}}"#;
    client.send_raw(&frame(body.as_bytes())).await;
    // `9.9` was at UTF-16 columns 31..34; now one unit later. Fixing it removes the error.
    client.change(URI, 3, [[8, 32], [8, 35]], "1.1").await;
    let after = client.diagnostics(URI, 3).await;
    assert!(
        summary(&after).iter().all(|(code, _, _)| code != "unknown-dependency"),
        "{after:?}"
    );
}

/// Issue 13, item 7: reopening a document with a lower version, and a change whose version
/// goes backwards, still publish the diagnostics of the text the client has.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn versions_that_go_backwards_still_publish() {
    let mut client = TestClient::start();
    client.initialize(&["utf-16"], Value::Null).await;
    client.open(URI, 10, TEXT).await;
    assert_eq!(summary(&client.diagnostics(URI, 10).await).len(), 1);
    // Opened again, lower version, the error fixed.
    client.open(URI, 3, &TEXT.replace("Task 9.9", "Task 1.1")).await;
    assert!(client.diagnostics(URI, 3).await.is_empty());
    // A change with a lower version still: the text follows, and so do the diagnostics.
    let line = TEXT.lines().nth(8).unwrap();
    let column = line.encode_utf16().count() as u32;
    client.change(URI, 2, [[8, column - 8], [8, column]], "Task 8.8").await;
    assert_eq!(summary(&client.diagnostics(URI, 2).await)[0].0, "unknown-dependency");
}

/// Issue 13, item 2: typing U+FEFF at 0:0 panicked the change handler and dropped the edit,
/// after which the next edit deleted the wrong character. Now the heading after the mark is
/// still a heading and the next edit lands where the client means.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_byte_order_mark_typed_at_the_start_keeps_the_text_in_step() {
    let mut client = TestClient::start();
    client.initialize(&["utf-16"], Value::Null).await;
    client.open(URI, 1, TEXT).await;
    client.diagnostics(URI, 1).await;
    client.change(URI, 2, [[0, 0], [0, 0]], "\u{feff}").await;
    assert_eq!(
        summary(&client.diagnostics(URI, 2).await),
        [("unknown-dependency".to_string(), 8, 31)]
    );
    // `9.9` at UTF-16 columns 31..34 of line 8 becomes `1.2`: the error goes, no task
    // vanishes and no false unknown dependency appears.
    client.change(URI, 3, [[8, 31], [8, 34]], "1.2").await;
    let after = client.diagnostics(URI, 3).await;
    let symbols = client
        .request("textDocument/documentSymbol", json!({"textDocument": {"uri": URI}}))
        .await;
    assert!(
        summary(&after).iter().all(|(code, _, _)| code != "unknown-dependency"),
        "{after:?}"
    );
    let phase = &symbols["result"][0];
    assert_eq!(phase["children"].as_array().map(Vec::len), Some(2), "{symbols}");
}
