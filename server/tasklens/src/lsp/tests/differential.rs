//! The differential test over the protocol (issue 13): random edits, sent as `didChange` in
//! UTF-16 or UTF-8 positions, are compared with a fresh open of the text they make, in their
//! diagnostics and their outline (`textDocument/documentSymbol`). Edits land
//! anywhere, at the start of heading lines, at line ends and inside multi-unit characters
//! (half of a surrogate pair), and type line breaks, byte order marks, IDs and markers. Some
//! sequences wait for every version's diagnostics, others send a burst and compare the last.
//!
//! `TASKLENS_DIFFERENTIAL_CASES` sets the number of sequences (default 100 in CI; thousands on
//! demand), `TASKLENS_DIFFERENTIAL_SEED` the first seed.

use std::io::Write;

use ropey::Rope;
use serde_json::{Value, json};

use super::super::convert::{self, Encoding};
use super::{TEXT, TestClient};

/// Text the edits type.
const INSERTS: &[&str] = &[
    "x",
    " ",
    "\n",
    "\n\n",
    "\r\n",
    "Some prose.\n",
    "#### Task 9.9: Inserted\n",
    "\u{feff}",
    "😀",
    "任务",
    "é",
    "Task 1.1",
    ", Task 1.2",
    "9",
    "**Dependencies**: Task 1.1\n",
    "**Estimate**: 2h\n",
    "- [ ] T001 Do it\n",
    "|",
    "# ",
    "[Name]",
];

/// A small deterministic generator (xorshift), so that a failing seed can be replayed.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn base_documents() -> Vec<String> {
    vec![
        TEXT.to_string(),
        include_str!("../../../../../examples/spec-kit/tasks.md").to_string(),
        include_str!("../../../../../examples/payment/tasks.md").to_string(),
        "# Plan\n\n## Phase 1: Start\n\n#### Task 1.1: Missing everything\n\n#### Task 1.2: Cycle one\n\
         **Estimate**: 1h\n**Dependencies**: Task 1.3\n\n#### Task 1.3: Cycle two\n**Estimate**: 1h\n\
         **Dependencies**: Task 1.2\n\n#### Task 1.2: Duplicate 😀\n**Estimate**: 1h\n**Dependencies**: None\n"
            .to_string(),
    ]
}

/// The (line, character) of a byte offset in `encoding`, moved `extra` units further (into a
/// character, or past the line's end).
fn position_of(text: &Rope, offset: usize, encoding: Encoding, extra: u32) -> (u32, u32) {
    let at = convert::position(text, offset, encoding);
    (at.line, at.character + extra)
}

/// One random edit: the range (line, character) pairs and the text.
fn random_edit(random: &mut Random, text: &Rope, encoding: Encoding) -> ([[u32; 2]; 2], String) {
    let string = text.to_string();
    let insert = INSERTS[random.below(INSERTS.len())].to_string();
    let len = string.len();
    let char_start = |offset: usize| {
        let mut offset = offset.min(len);
        while !string.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    };
    let start = match random.below(4) {
        // The start of a heading line (or of the document).
        0 => {
            let starts: Vec<usize> = std::iter::once(0)
                .chain(string.match_indices('\n').map(|(i, _)| i + 1))
                .filter(|&i| string[i..].starts_with('#') || i == 0)
                .collect();
            starts[random.below(starts.len())]
        }
        // The end of a line.
        1 => {
            let at = char_start(random.below(len + 1));
            string[at..].find('\n').map_or(len, |i| at + i)
        }
        _ => char_start(random.below(len + 1)),
    };
    let mut start_position = position_of(text, start, encoding, 0);
    // Half the time into the character there, when it has more than one unit: the server
    // takes the character's start, as the model does.
    if let Some(c) = string[start..].chars().next()
        && random.below(2) == 0
    {
        let units = match encoding {
            Encoding::Utf16 => c.len_utf16(),
            Encoding::Utf8 => c.len_utf8(),
        };
        if units > 1 {
            start_position.1 += 1;
        }
    }
    let delete = [0, 0, 1, 3, 12][random.below(5)];
    let end = char_start((start + delete).min(len)).max(start);
    let end_position = if delete == 0 {
        start_position
    } else {
        position_of(text, end, encoding, 0)
    };
    (
        [[start_position.0, start_position.1], [end_position.0, end_position.1]],
        insert,
    )
}

/// Applies an edit to the model the way the protocol defines it.
fn apply(text: &mut Rope, range: [[u32; 2]; 2], insert: &str, encoding: Encoding) {
    let position = |[line, character]: [u32; 2]| tower_lsp_server::ls_types::Position { line, character };
    let range = tower_lsp_server::ls_types::Range {
        start: position(range[0]),
        end: position(range[1]),
    };
    let bytes = convert::byte_range(text, range, encoding).expect("the edits name existing lines");
    let (start, end) = (text.byte_to_char(bytes.start), text.byte_to_char(bytes.end));
    text.remove(start..end);
    text.insert(start, insert);
}

/// The diagnostics and the outline of a fresh open of `text`, as they would read for `uri`.
async fn fresh(client: &mut TestClient, text: &str, uri: &str, serial: usize) -> (Vec<Value>, Value) {
    let fresh_uri = format!("file:///work/fresh/{serial}/tasks.md");
    client.open(&fresh_uri, 1, text).await;
    let found = Value::Array(client.diagnostics(&fresh_uri, 1).await).to_string();
    let outline = outline(client, &fresh_uri).await;
    client
        .notify("textDocument/didClose", json!({"textDocument": {"uri": fresh_uri}}))
        .await;
    (
        serde_json::from_str(&found.replace(&fresh_uri, uri)).expect("JSON"),
        outline,
    )
}

/// The answer to `textDocument/documentSymbol`.
async fn outline(client: &mut TestClient, uri: &str) -> Value {
    client
        .request("textDocument/documentSymbol", json!({"textDocument": {"uri": uri}}))
        .await["result"]
        .clone()
}

fn cases() -> usize {
    std::env::var("TASKLENS_DIFFERENTIAL_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn random_edits_over_the_protocol_equal_a_fresh_open() {
    let first_seed: u64 = std::env::var("TASKLENS_DIFFERENTIAL_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    let bases = base_documents();
    let mut compared = 0;
    let mut edits_sent = 0;
    let mut serial = 0;
    for encoding in [Encoding::Utf16, Encoding::Utf8] {
        let mut client = TestClient::start();
        let offered = match encoding {
            Encoding::Utf16 => "utf-16",
            Encoding::Utf8 => "utf-8",
        };
        client.initialize(&[offered], Value::Null).await;
        for case in 0..cases().div_ceil(2) {
            let seed = first_seed + case as u64 * 2 + u64::from(encoding == Encoding::Utf8);
            let mut random = Random(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
            let base = &bases[random.below(bases.len())];
            let uri = format!("file:///work/case-{seed}/tasks.md");
            let mut text = Rope::from_str(base);
            client.stash.clear();
            client.open(&uri, 1, base).await;
            client.diagnostics(&uri, 1).await;
            let burst = random.below(3) == 0;
            let edits = 1 + random.below(8);
            let mut log = Vec::new();
            for version in 2..2 + edits as i64 {
                let (range, insert) = random_edit(&mut random, &text, encoding);
                apply(&mut text, range, &insert, encoding);
                log.push((range, insert.clone()));
                client.change(&uri, version, range, &insert).await;
                edits_sent += 1;
                let last = version == 1 + edits as i64;
                if burst && !last {
                    continue;
                }
                let published = client.diagnostics(&uri, version).await;
                // Asked for at every version compared, the outline (and the answer written
                // from it) is carried over the next edits where they only move items.
                let symbols = outline(&mut client, &uri).await;
                serial += 1;
                let (expected, expected_symbols) = fresh(&mut client, &text.to_string(), &uri, serial).await;
                compared += 1;
                assert!(
                    published == expected,
                    "seed {seed} ({offered}), after the edits {log:?}:\npublished {published:#?}\nexpected {expected:#?}\ntext:\n{text}"
                );
                assert!(
                    symbols == expected_symbols,
                    "seed {seed} ({offered}), after the edits {log:?}:\noutline {symbols:#}\nexpected {expected_symbols:#}\ntext:\n{text}"
                );
            }
            client
                .notify("textDocument/didClose", json!({"textDocument": {"uri": uri}}))
                .await;
        }
    }
    assert!(compared >= cases(), "{compared} comparisons");
    // For the log of a long run (`--nocapture`); stderr, as the server's logs.
    let _ = writeln!(
        std::io::stderr(),
        "{edits_sent} random edits, {compared} compared with a fresh open"
    );
}
