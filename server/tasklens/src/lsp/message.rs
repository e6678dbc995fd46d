//! Reads one frame's body as a JSON-RPC 2.0 message, or says what JSON-RPC answers instead:
//! a parse error (-32700) for a body that is no JSON, an invalid request (-32600) for JSON
//! that is no request, notification or response. tower-lsp-server takes only what passes
//! here.
//!
//! It also writes the one notification the server serializes itself, `publishDiagnostics`
//! ([`publish_diagnostics`]).
//!
//! Two repairs keep the text of a document following the client rather than dropping an
//! edit: bytes that are not UTF-8 are read as U+FFFD, and so is a `\uD83D` escape that is half
//! of a surrogate pair (both are one UTF-16 unit, so positions after them stay right).

use serde_json::{Value, json};
use tower_lsp_server::jsonrpc::{Request, Response};

/// What one body holds.
#[derive(Debug)]
pub enum Incoming {
    /// A request or a notification for the server.
    Request(Request),
    /// The client's response to a request of the server.
    Response(Response),
    /// Something JSON-RPC answers with an error; the answer is ready to send.
    Answer(Value, String),
    /// Something to log and drop (a malformed response: JSON-RPC never answers a response).
    Ignore(String),
}

/// The body of a `textDocument/publishDiagnostics` notification, serialized from the typed
/// diagnostics as tower-lsp-server's client would send it, without a `Value` in between.
pub fn publish_diagnostics(
    uri: &tower_lsp_server::ls_types::Uri,
    diagnostics: &[tower_lsp_server::ls_types::Diagnostic],
    version: Option<i32>,
) -> serde_json::Result<Vec<u8>> {
    #[derive(serde::Serialize)]
    struct Params<'a> {
        uri: &'a tower_lsp_server::ls_types::Uri,
        diagnostics: &'a [tower_lsp_server::ls_types::Diagnostic],
        #[serde(skip_serializing_if = "Option::is_none")]
        version: Option<i32>,
    }
    #[derive(serde::Serialize)]
    struct Notification<'a> {
        jsonrpc: &'static str,
        method: &'static str,
        params: Params<'a>,
    }
    serde_json::to_vec(&Notification {
        jsonrpc: "2.0",
        method: "textDocument/publishDiagnostics",
        params: Params {
            uri,
            diagnostics,
            version,
        },
    })
}

/// JSON-RPC's error codes.
pub const PARSE_ERROR: i64 = -32700;
/// JSON-RPC's error code for JSON that is no valid request object.
pub const INVALID_REQUEST: i64 = -32600;

/// Reads a body.
pub fn read(body: &[u8]) -> Incoming {
    let text = match std::str::from_utf8(body) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => {
            tracing::warn!("a message body is not UTF-8; its invalid bytes are read as U+FFFD");
            String::from_utf8_lossy(body)
        }
    };
    let value: Value = match serde_json::from_str(&text) {
        Ok(value) => value,
        Err(error) => match repair_lone_surrogates(&text) {
            Some(repaired) if serde_json::from_str::<Value>(&repaired).is_ok() => {
                tracing::warn!("a message holds half a surrogate pair; it is read as U+FFFD");
                serde_json::from_str(&repaired).unwrap_or(Value::Null)
            }
            _ => {
                let reason = format!("the body is not JSON: {error}");
                return Incoming::Answer(error_response(Value::Null, PARSE_ERROR, "Parse error", &reason), reason);
            }
        },
    };
    match value {
        Value::Object(_) => read_object(value),
        Value::Array(items) => read_batch(items),
        other => {
            let reason = format!("`{}` is no request object", short(&other));
            Incoming::Answer(invalid_request(Value::Null, &reason), reason)
        }
    }
}

/// The response to a frame that could not be read at all.
pub fn unreadable_frame(reason: &str) -> Value {
    error_response(Value::Null, PARSE_ERROR, "Parse error", reason)
}

/// Methods that take no params, for which empty params count as none: some clients send
/// `"params": {}` with `shutdown`, which tower-lsp-server would refuse.
const WITHOUT_PARAMS: [&str; 2] = ["shutdown", "exit"];

fn read_object(mut value: Value) -> Incoming {
    if let Value::Object(object) = &mut value
        && object
            .get("method")
            .and_then(Value::as_str)
            .is_some_and(|method| WITHOUT_PARAMS.contains(&method))
        && object.get("params").is_some_and(|params| {
            params.as_object().is_some_and(|o| o.is_empty()) || params.as_array().is_some_and(|a| a.is_empty())
        })
    {
        object.remove("params");
    }
    let Value::Object(object) = &value else {
        unreachable!("called with an object")
    };
    let id = object.get("id");
    let valid_id = match id {
        None => None,
        Some(id @ (Value::String(_) | Value::Null)) => Some(id.clone()),
        Some(Value::Number(n)) if n.is_i64() => Some(Value::Number(n.clone())),
        Some(other) => {
            let reason = format!("the id `{}` is neither an integer nor a string", short(other));
            return Incoming::Answer(invalid_request(Value::Null, &reason), reason);
        }
    };
    let answer_id = valid_id.clone().unwrap_or(Value::Null);
    if object.get("jsonrpc") != Some(&json!("2.0")) {
        let reason = format!(
            "`\"jsonrpc\": {}` is not \"2.0\"",
            object.get("jsonrpc").map_or("missing".to_string(), short)
        );
        return Incoming::Answer(invalid_request(answer_id, &reason), reason);
    }
    match object.get("method") {
        Some(Value::String(_)) => {
            // `null` params are taken for none: clients send them for `shutdown`.
            if let Some(params) = object.get("params")
                && !(params.is_object() || params.is_array() || params.is_null())
            {
                let reason = format!("params `{}` are neither an object nor an array", short(params));
                return Incoming::Answer(invalid_request(answer_id, &reason), reason);
            }
            match serde_json::from_value::<Request>(value) {
                Ok(request) => Incoming::Request(request),
                Err(error) => {
                    let reason = format!("not a request: {error}");
                    Incoming::Answer(invalid_request(answer_id, &reason), reason)
                }
            }
        }
        Some(other) => {
            let reason = format!("the method `{}` is not a string", short(other));
            Incoming::Answer(invalid_request(answer_id, &reason), reason)
        }
        None if valid_id.is_some() && (object.contains_key("result") != object.contains_key("error")) => {
            match serde_json::from_value::<Response>(value) {
                Ok(response) => Incoming::Response(response),
                Err(error) => Incoming::Ignore(format!("a malformed response: {error}")),
            }
        }
        None if object.contains_key("result") || object.contains_key("error") => {
            Incoming::Ignore("a response without a usable id, or with both result and error".to_string())
        }
        None => {
            let reason = "an object with no method, result or error".to_string();
            Incoming::Answer(invalid_request(answer_id, &reason), reason)
        }
    }
}

/// A batch: the Language Server Protocol has none, so each request in it is answered with an
/// invalid request error (in one array, as JSON-RPC answers a batch), notifications not at all.
fn read_batch(items: Vec<Value>) -> Incoming {
    let reason = "a batch (the Language Server Protocol sends one message per frame)".to_string();
    if items.is_empty() {
        return Incoming::Answer(invalid_request(Value::Null, "an empty batch"), reason);
    }
    let answers: Vec<Value> = items
        .iter()
        .filter_map(|item| {
            let id = item.get("id");
            match id {
                // A notification is not answered.
                None if item.get("method").is_some_and(Value::is_string) => None,
                Some(id @ (Value::String(_) | Value::Null)) => Some(invalid_request(id.clone(), &reason)),
                Some(Value::Number(n)) if n.is_i64() => Some(invalid_request(Value::Number(n.clone()), &reason)),
                _ => Some(invalid_request(Value::Null, &reason)),
            }
        })
        .collect();
    if answers.is_empty() {
        return Incoming::Ignore(reason);
    }
    Incoming::Answer(Value::Array(answers), reason)
}

fn invalid_request(id: Value, reason: &str) -> Value {
    error_response(id, INVALID_REQUEST, "Invalid Request", reason)
}

fn error_response(id: Value, code: i64, message: &str, reason: &str) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message, "data": reason}})
}

/// A value shortened for a message.
fn short(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(40) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text,
    }
}

/// `text` with every `\uXXXX` escape that is half of a surrogate pair replaced by `\uFFFD`,
/// or None when it has none. Escapes exist only inside strings, where a backslash always
/// starts one.
fn repair_lone_surrogates(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let hex = |at: usize| -> Option<u16> {
        let digits = text.get(at..at + 4)?;
        u16::from_str_radix(digits, 16).ok()
    };
    // The code unit of a `\uXXXX` escape starting at `at`.
    let escape = |at: usize| -> Option<u16> {
        (bytes.get(at) == Some(&b'\\') && bytes.get(at + 1) == Some(&b'u'))
            .then(|| hex(at + 2))
            .flatten()
    };
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    let mut in_string = false;
    let mut copied = 0;
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'"' => {
                in_string = !in_string;
                at += 1;
            }
            b'\\' if in_string => match escape(at) {
                Some(unit @ 0xD800..=0xDBFF) if escape(at + 6).is_some_and(|low| (0xDC00..=0xDFFF).contains(&low)) => {
                    let _ = unit;
                    at += 12;
                }
                Some(0xD800..=0xDFFF) => {
                    out.push_str(&text[copied..at]);
                    out.push_str("\\uFFFD");
                    at += 6;
                    copied = at;
                    changed = true;
                }
                Some(_) => at += 6,
                // Any other escape is two bytes.
                None => at += 2,
            },
            _ => at += 1,
        }
    }
    out.push_str(&text[copied.min(text.len())..]);
    changed.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The notification written straight from the typed diagnostics is the one
    /// tower-lsp-server's client would send.
    #[test]
    fn published_diagnostics_are_what_the_client_route_sends() {
        use std::str::FromStr;
        use tower_lsp_server::ls_types as lsp;
        let uri = lsp::Uri::from_str("file:///a%20b/tasks.md").expect("a URI");
        let range = |line, character| lsp::Range {
            start: lsp::Position { line, character },
            end: lsp::Position {
                line,
                character: character + 3,
            },
        };
        let diagnostics = vec![
            lsp::Diagnostic {
                range: range(1, 2),
                severity: Some(lsp::DiagnosticSeverity::ERROR),
                code: Some(lsp::NumberOrString::String("dependency-cycle".into())),
                code_description: Some(lsp::CodeDescription {
                    href: lsp::Uri::from_str("file:///docs.md#dependency-cycle").expect("a URI"),
                }),
                source: Some("tasklens".into()),
                message: "A \"quoted\" message\nover two lines, 任务 😀".into(),
                related_information: Some(vec![lsp::DiagnosticRelatedInformation {
                    location: lsp::Location {
                        uri: uri.clone(),
                        range: range(4, 0),
                    },
                    message: "here".into(),
                }]),
                tags: None,
                data: None,
            },
            lsp::Diagnostic::new_simple(range(7, 1), "plain".into()),
        ];
        for version in [Some(3), None] {
            let written: Value =
                serde_json::from_slice(&publish_diagnostics(&uri, &diagnostics, version).expect("serialized"))
                    .expect("JSON");
            let params = lsp::PublishDiagnosticsParams::new(uri.clone(), diagnostics.clone(), version);
            let expected = json!({"jsonrpc": "2.0", "method": "textDocument/publishDiagnostics", "params": params});
            assert_eq!(written, expected);
        }
    }

    fn answer(body: &str) -> (i64, Value) {
        match read(body.as_bytes()) {
            Incoming::Answer(value, _) => (value["error"]["code"].as_i64().unwrap_or_default(), value["id"].clone()),
            other => panic!("{body}: {other:?}"),
        }
    }

    #[test]
    fn what_json_rpc_answers() {
        for (body, code, id) in [
            ("{", PARSE_ERROR, Value::Null),
            ("", PARSE_ERROR, Value::Null),
            ("null", INVALID_REQUEST, Value::Null),
            ("[]", INVALID_REQUEST, Value::Null),
            ("42", INVALID_REQUEST, Value::Null),
            (r#"{"jsonrpc":"1.0","id":3,"method":"x"}"#, INVALID_REQUEST, json!(3)),
            (r#"{"id":3,"method":"x"}"#, INVALID_REQUEST, json!(3)),
            (
                r#"{"jsonrpc":"2.0","id":1.5,"method":"x"}"#,
                INVALID_REQUEST,
                Value::Null,
            ),
            (
                r#"{"jsonrpc":"2.0","id":true,"method":"x"}"#,
                INVALID_REQUEST,
                Value::Null,
            ),
            (
                r#"{"jsonrpc":"2.0","id":[1],"method":"x"}"#,
                INVALID_REQUEST,
                Value::Null,
            ),
            (
                r#"{"jsonrpc":"2.0","id":{"a":1},"method":"x"}"#,
                INVALID_REQUEST,
                Value::Null,
            ),
            (
                r#"{"jsonrpc":"2.0","id":18446744073709551616,"method":"x"}"#,
                INVALID_REQUEST,
                Value::Null,
            ),
            (
                r#"{"jsonrpc":"2.0","id":9223372036854775808,"method":"x"}"#,
                INVALID_REQUEST,
                Value::Null,
            ),
            (r#"{"jsonrpc":"2.0","id":4,"method":7}"#, INVALID_REQUEST, json!(4)),
            (
                r#"{"jsonrpc":"2.0","id":4,"method":"x","params":3}"#,
                INVALID_REQUEST,
                json!(4),
            ),
            (r#"{"jsonrpc":"2.0","id":4}"#, INVALID_REQUEST, json!(4)),
        ] {
            assert_eq!(answer(body), (code, id), "{body}");
        }
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        assert_eq!(answer(&deep).0, PARSE_ERROR);
    }

    #[test]
    fn a_batch_is_answered_per_request() {
        let Incoming::Answer(Value::Array(answers), _) =
            read(br#"[{"jsonrpc":"2.0","id":1,"method":"x"},{"jsonrpc":"2.0","method":"n"},5]"#)
        else {
            panic!("an array of answers");
        };
        let ids: Vec<Value> = answers.iter().map(|a| a["id"].clone()).collect();
        assert_eq!(ids, [json!(1), Value::Null]);
    }

    #[test]
    fn requests_notifications_and_responses() {
        assert!(matches!(
            read(br#"{"jsonrpc":"2.0","id":"a","method":"x","params":{}}"#),
            Incoming::Request(_)
        ));
        assert!(matches!(
            read(br#"{"jsonrpc":"2.0","method":"x"}"#),
            Incoming::Request(_)
        ));
        assert!(matches!(
            read(br#"{"jsonrpc":"2.0","id":1,"result":null}"#),
            Incoming::Response(_)
        ));
        assert!(matches!(
            read(br#"{"jsonrpc":"2.0","result":null}"#),
            Incoming::Ignore(_)
        ));
    }

    #[test]
    fn half_surrogates_and_bad_bytes_become_replacement_characters() {
        let Incoming::Request(request) =
            read(br#"{"jsonrpc":"2.0","method":"x","params":{"t":"a\ud83db\\ud83d\ud83d\ude00"}}"#)
        else {
            panic!("repaired");
        };
        assert_eq!(request.params().unwrap()["t"], "a\u{fffd}b\\ud83d😀");
        let mut body = br#"{"jsonrpc":"2.0","method":"x","params":{"t":"a"#.to_vec();
        body.extend_from_slice(&[0xff, b'"', b'}', b'}']);
        let Incoming::Request(request) = read(&body) else {
            panic!("read lossily");
        };
        assert_eq!(request.params().unwrap()["t"], "a\u{fffd}");
    }
}
