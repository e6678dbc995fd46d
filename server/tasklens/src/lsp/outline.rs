//! The answer to `textDocument/documentSymbol`: a snapshot's outline written as the JSON text
//! of the protocol's nested `DocumentSymbol`s, kept with the positions it was written from.
//!
//! The outline of 10,000 tasks is 20,000 ranges and 3 MB of text; converting its offsets to
//! positions was most of a request's time, and writing the text the rest. When an edit only
//! moves the outline (see `documents.rs`), the next version's answer takes this one's
//! positions through the edit ([`convert::PositionShift`]) instead of converting every offset
//! again, shares its names, details and kinds already written as JSON, and is this very answer
//! when no position changed: typing inside a line moves no symbol's line, and no column but
//! those after the edit on that line.

use std::sync::{Arc, OnceLock};

use tasklens_analysis::Carry;
use tasklens_analysis::ide::symbols::{Symbol, outline_moves};
use tower_lsp_server::ls_types::Position;

use super::convert::{self, Encoding, PositionShift};
use super::handlers::symbol_kind;

/// The answer to `textDocument/documentSymbol` for one version of a document.
pub struct OutlineAnswer {
    encoding: Encoding,
    /// What stays while the outline only moves.
    heads: Arc<Heads>,
    /// Each symbol's range start and end, then its selection's start and end, in preorder.
    positions: Vec<[Position; 4]>,
    /// The JSON text, written on first use.
    json: OnceLock<Arc<Vec<u8>>>,
}

/// The parts of each symbol's JSON that an edit which only moves the outline leaves alone, in
/// preorder (a symbol, then its children's subtrees).
struct Heads {
    /// `{"name":…,"detail":…,"kind":…,` of every symbol, one after another.
    text: Vec<u8>,
    /// Where each symbol's head ends in `text`.
    ends: Vec<usize>,
    /// How many children each symbol has.
    children: Vec<usize>,
    /// How many symbols the top level has.
    top: usize,
}

impl OutlineAnswer {
    /// The answer for `symbols`, the outline of `rope`, with every position converted.
    pub fn new(symbols: &[Symbol], rope: &ropey::Rope, encoding: Encoding) -> OutlineAnswer {
        let count = symbol_count(symbols);
        let mut heads = Heads {
            text: Vec::with_capacity(count * 96),
            ends: Vec::with_capacity(count),
            children: Vec::with_capacity(count),
            top: symbols.len(),
        };
        let mut positions = Vec::with_capacity(count);
        let mut stack: Vec<&Symbol> = symbols.iter().rev().collect();
        while let Some(symbol) = stack.pop() {
            write_head(&mut heads.text, symbol);
            heads.ends.push(heads.text.len());
            heads.children.push(symbol.children.len());
            let at = |offset| convert::position(rope, offset, encoding);
            positions.push([
                at(symbol.range.start),
                at(symbol.range.end),
                at(symbol.selection.start),
                at(symbol.selection.end),
            ]);
            stack.extend(symbol.children.iter().rev());
        }
        OutlineAnswer {
            encoding,
            heads: Arc::new(heads),
            positions,
            json: OnceLock::new(),
        }
    }

    /// How the answer counts characters.
    pub fn encoding(&self) -> Encoding {
        self.encoding
    }

    /// The answer for `new`, the outline `old` (this answer's) moved through an edit that
    /// only moved it, in `rope`, the text after the edit: this answer itself when no
    /// position changed.
    pub fn moved(
        self: &Arc<Self>,
        old: &[Symbol],
        new: &[Symbol],
        shift: &PositionShift,
        rope: &ropey::Rope,
    ) -> Arc<OutlineAnswer> {
        let mut positions = Vec::with_capacity(self.positions.len());
        let mut pairs: Vec<(&Symbol, &Symbol)> = old.iter().zip(new).rev().collect();
        while let Some((old, new)) = pairs.pop() {
            let [start, end, selection_start, selection_end] = self.positions[positions.len()];
            let at = |old_offset, old_position, new_offset| shift.moved(rope, old_offset, old_position, new_offset);
            positions.push([
                at(old.range.start, start, new.range.start),
                at(old.range.end, end, new.range.end),
                at(old.selection.start, selection_start, new.selection.start),
                at(old.selection.end, selection_end, new.selection.end),
            ]);
            pairs.extend(old.children.iter().zip(&new.children).rev());
        }
        if positions == self.positions {
            return self.clone();
        }
        Arc::new(OutlineAnswer {
            encoding: self.encoding,
            heads: self.heads.clone(),
            positions,
            json: OnceLock::new(),
        })
    }

    /// The JSON text of the answer: an array of the protocol's `DocumentSymbol`s, with the
    /// fields in the order and the form serde writes them.
    pub fn json(&self) -> Arc<Vec<u8>> {
        self.json
            .get_or_init(|| {
                // About 270 bytes a symbol: one allocation instead of a doubling series.
                let mut out = Vec::with_capacity(self.heads.text.len() + self.positions.len() * 192 + 2);
                let mut next = 0;
                self.write_symbols(&mut out, &mut next, self.heads.top);
                Arc::new(out)
            })
            .clone()
    }

    /// Writes the array of `count` symbols from the one at `next` on (their subtrees
    /// included), and moves `next` past them.
    fn write_symbols(&self, out: &mut Vec<u8>, next: &mut usize, count: usize) {
        out.push(b'[');
        for nth in 0..count {
            if nth > 0 {
                out.push(b',');
            }
            let index = *next;
            *next += 1;
            let head_start = index.checked_sub(1).map_or(0, |before| self.heads.ends[before]);
            out.extend_from_slice(&self.heads.text[head_start..self.heads.ends[index]]);
            let [start, end, selection_start, selection_end] = self.positions[index];
            out.extend_from_slice(br#""range":"#);
            write_range(out, start, end);
            out.extend_from_slice(br#","selectionRange":"#);
            write_range(out, selection_start, selection_end);
            let children = self.heads.children[index];
            if children > 0 {
                out.extend_from_slice(br#","children":"#);
                self.write_symbols(out, next, children);
            }
            out.push(b'}');
        }
        out.push(b']');
    }
}

/// A version's outline, and the answer written from it when a request asked for one.
pub struct KnownOutline {
    /// The outline, in byte ranges.
    pub symbols: Arc<Vec<Symbol>>,
    /// The answer written from it, if any.
    pub answer: Option<Arc<OutlineAnswer>>,
}

impl KnownOutline {
    /// This outline of the text `old` in `new`, the text after an edit that `carry`
    /// describes: moved, its answer too, when every item only moved and the outline with
    /// them ([`outline_moves`]); None when the next request must build it again.
    pub fn moved(self, carry: Option<&Carry>, old: &ropey::Rope, new: &ropey::Rope) -> Option<KnownOutline> {
        let carry = carry.filter(|carry| carry.changed.is_empty() && outline_moves(&self.symbols, old, &carry.map))?;
        let symbols: Arc<Vec<Symbol>> = Arc::new(self.symbols.iter().map(|symbol| symbol.moved(&carry.map)).collect());
        let answer = self.answer.map(|answer| {
            let replaced = carry.map.start()..carry.map.old_end();
            let shift = PositionShift::new(old, new, replaced, carry.map.new_range().end, answer.encoding());
            answer.moved(&self.symbols, &symbols, &shift, new)
        });
        Some(KnownOutline { symbols, answer })
    }
}

/// How many symbols an outline holds, its children's included.
fn symbol_count(symbols: &[Symbol]) -> usize {
    symbols.iter().map(|symbol| 1 + symbol_count(&symbol.children)).sum()
}

/// Writes `{"name":…,"detail":…,"kind":…,` for one symbol, each value as serde writes it.
fn write_head(out: &mut Vec<u8>, symbol: &Symbol) {
    // Writing a string or an integer into a vector cannot fail.
    out.extend_from_slice(br#"{"name":"#);
    let _ = serde_json::to_writer(&mut *out, &symbol.name);
    if let Some(detail) = &symbol.detail {
        out.extend_from_slice(br#","detail":"#);
        let _ = serde_json::to_writer(&mut *out, detail);
    }
    out.extend_from_slice(br#","kind":"#);
    let _ = serde_json::to_writer(&mut *out, &symbol_kind(symbol.kind));
    out.push(b',');
}

/// Writes an LSP range as serde writes it.
fn write_range(out: &mut Vec<u8>, start: Position, end: Position) {
    out.extend_from_slice(br#"{"start":"#);
    write_position(out, start);
    out.extend_from_slice(br#","end":"#);
    write_position(out, end);
    out.push(b'}');
}

fn write_position(out: &mut Vec<u8>, position: Position) {
    out.extend_from_slice(br#"{"line":"#);
    write_number(out, position.line);
    out.extend_from_slice(br#","character":"#);
    write_number(out, position.character);
    out.push(b'}');
}

/// Writes a number in decimal.
fn write_number(out: &mut Vec<u8>, mut number: u32) {
    let mut digits = [0u8; 10];
    let mut first = digits.len();
    loop {
        first -= 1;
        digits[first] = b'0' + (number % 10) as u8;
        number /= 10;
        if number == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[first..]);
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use proptest::prelude::*;
    use ropey::Rope;
    use tasklens_analysis::generate::{Shape, tasks_md, tasks_md_with_findings};
    use tasklens_analysis::{Config, Document, TextEdit};
    use tower_lsp_server::ls_types::Uri;

    use super::super::Snapshot;
    use super::super::convert::Encoding;
    use super::super::documents::{Job, parse};
    use super::super::handlers::document_symbol;

    /// Text typed by the edits: mostly prose, line breaks of every kind, characters of more
    /// than one unit, and some that makes or breaks items.
    const INSERTS: &[&str] = &[
        "x", "x", "word ", " ", "\n", "\n\n", "\r", "\r\n", "😀", "é", "任务", "- [ ] ", "Task 1.1", "# ", "x\n",
    ];

    fn base_documents() -> Vec<String> {
        let payment = include_str!("../../../../examples/payment/tasks.md");
        vec![
            payment.to_string(),
            include_str!("../../../../examples/spec-kit/tasks.md").to_string(),
            tasks_md(Shape::tasks(12)),
            tasks_md_with_findings(Shape::tasks(12)),
            // Line breaks the client may send, and titles outside ASCII.
            payment.replace('\n', "\r\n").replace("Task 1.1", "任务 1.1 😀"),
        ]
    }

    fn uri() -> Uri {
        "file:///work/tasks.md".parse().expect("a URI")
    }

    /// The answer as the protocol's types serialize it, from a fresh analysis of `text`.
    fn fresh_answer(text: &str, encoding: Encoding) -> Vec<u8> {
        let snapshot = Snapshot::new(uri(), 1, Document::new(text, Arc::new(Config::default())));
        let rope = Rope::from_str(text);
        let symbols: Vec<_> = snapshot
            .symbols()
            .iter()
            .map(|symbol| document_symbol(&rope, symbol, encoding))
            .collect();
        serde_json::to_vec(&symbols).expect("JSON")
    }

    /// Where an edit lands: at a fraction of the text (`place` 0), at the end of the line
    /// there (1), or a few characters before the end of the section of the symbol at that
    /// fraction of `ends`, the section ends of the outline (2: a section's last line holds its
    /// range's end, which moves by columns); then at a character's start.
    fn edit_at(text: &str, ends: &[usize], fraction: f64, place: usize, delete: usize, insert: &str) -> TextEdit {
        let floor = |mut at: usize| {
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            at
        };
        let mut start = floor((fraction * text.len() as f64) as usize);
        if place == 1 {
            start = text[start..].find(['\r', '\n']).map_or(text.len(), |i| start + i);
        } else if place == 2 && !ends.is_empty() {
            let end = ends[((fraction * ends.len() as f64) as usize).min(ends.len() - 1)];
            start = floor(end.saturating_sub(1 + delete));
        }
        let end = floor((start + delete).min(text.len())).max(start);
        TextEdit {
            range: start..end,
            text: insert.to_string(),
        }
    }

    /// The end of every symbol's range, its children's included.
    fn section_ends(symbols: &[tasklens_analysis::ide::symbols::Symbol], out: &mut Vec<usize>) {
        for symbol in symbols {
            out.push(symbol.range.end);
            section_ends(&symbol.children, out);
        }
    }

    /// How many answers were carried over rather than written again.
    static CARRIED: AtomicUsize = AtomicUsize::new(0);

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(64),
            ..ProptestConfig::default()
        })]

        /// After random edits, one or a few per parse, the answer the worker carried over
        /// (moved, or kept as it was) is byte for byte the answer of a fresh analysis.
        #[test]
        fn a_carried_answer_equals_a_fresh_one(
            base in 0..5usize,
            utf8 in any::<bool>(),
            batches in proptest::collection::vec(
                proptest::collection::vec((0.0..1.0f64, 0..3usize, 0..4usize, 0..INSERTS.len()), 1..3),
                1..10,
            ),
        ) {
            let encoding = if utf8 { Encoding::Utf8 } else { Encoding::Utf16 };
            let config = Arc::new(Config::default());
            let mut text = base_documents()[base].clone();
            let snapshot = Snapshot::new(uri(), 1, Document::new(&text, config.clone()));
            // A request fills the outline and its answer, which the next parse carries.
            snapshot.symbols_answer(encoding).json();
            let mut current_symbols = snapshot.symbols();
            let mut current = (snapshot.document.clone(), snapshot.known());
            for (revision, batch) in (2..).zip(batches) {
                let mut edits = Vec::new();
                let mut ends = Vec::new();
                section_ends(&current_symbols, &mut ends);
                for (fraction, place, delete, insert) in batch {
                    let edit = edit_at(&text, &ends, fraction, place, delete, INSERTS[insert]);
                    // A batch's later edits take the section ends from before the batch: near enough.
                    text.replace_range(edit.range.clone(), &edit.text);
                    edits.push(edit);
                }
                let job = Job { text: Rope::from_str(&text), edits: Some(edits.clone()), config: None, version: revision as i32, revision };
                let (document, known) = parse(Some(current), vec![job], &config).expect("a parse");
                let carried = known.symbols_answer.get().is_some();
                let snapshot = Snapshot::with_known(uri(), revision, document, known);
                let answer = snapshot.symbols_answer(encoding).json();
                let fresh = fresh_answer(&text, encoding);
                prop_assert!(
                    *answer == fresh,
                    "after {edits:?} (carried: {carried}) the answer differs from a fresh one:\n{}\n{}\nof:\n{text}",
                    String::from_utf8_lossy(&answer),
                    String::from_utf8_lossy(&fresh),
                );
                if carried {
                    CARRIED.fetch_add(1, Ordering::Relaxed);
                }
                current_symbols = snapshot.symbols();
                current = (snapshot.document.clone(), snapshot.known());
            }
        }
    }

    /// The property proves little unless the answer is often carried over.
    #[test]
    fn random_edits_often_carry_the_answer() {
        a_carried_answer_equals_a_fresh_one();
        let carried = CARRIED.load(Ordering::Relaxed);
        assert!(carried > 50, "{carried} answers carried over");
    }

    /// A character typed inside a description moves no symbol's position: the next version's
    /// answer is the previous one, not written again; a line break typed there is written
    /// again, with the later symbols a line down.
    #[test]
    fn typing_inside_a_line_keeps_the_answer_and_a_line_break_moves_it() {
        let config = Arc::new(Config::default());
        let mut text = tasks_md(Shape::tasks(30));
        let snapshot = Snapshot::new(uri(), 1, Document::new(&text, config.clone()));
        let before = snapshot.symbols_answer(Encoding::Utf16);
        let at = text.find("**Description**:\n").expect("a description") + "**Description**:\n".len() + 1;
        let mut current = (snapshot.document.clone(), snapshot.known());
        let mut answers = Vec::new();
        for (revision, typed) in [(2, "x"), (3, "\n")] {
            let edit = TextEdit {
                range: at..at,
                text: typed.to_string(),
            };
            text.replace_range(at..at, typed);
            let job = Job {
                text: Rope::from_str(&text),
                edits: Some(vec![edit]),
                config: None,
                version: revision as i32,
                revision,
            };
            let (document, known) = parse(Some(current), vec![job], &config).expect("a parse");
            let snapshot = Snapshot::with_known(uri(), revision, document, known);
            let answer = snapshot.symbols_answer(Encoding::Utf16);
            assert_eq!(*answer.json(), fresh_answer(&text, Encoding::Utf16), "after {typed:?}");
            current = (snapshot.document.clone(), snapshot.known());
            answers.push(answer);
        }
        assert!(
            Arc::ptr_eq(&before, &answers[0]),
            "a typed character writes the answer again"
        );
        assert!(
            !Arc::ptr_eq(&answers[0], &answers[1]),
            "a typed line break keeps the old positions"
        );
        assert!(
            Arc::ptr_eq(&answers[0].heads, &answers[1].heads),
            "a typed line break writes the names again"
        );
    }
}
