//! The text tree-sitter-md reads for a segment, when the real text would make it slow or
//! huge. tree-sitter-md's block grammar keeps a hidden node for every word and punctuation
//! character of a paragraph line and for every blank line, at 50 to 500 bytes of memory each:
//! a 10 MB line of `|` or 5 MB of blank lines would take gigabytes. Two shapes are masked, each
//! byte for byte, so that every offset in the tree is an offset in the real text:
//!
//! - the middle of a line longer than [`LONG_LINE`] bytes becomes one word (`a`s); its first
//!   and last [`LINE_EDGE`] bytes, where markers, fences and table pipes are read, stay;
//! - a run of more than [`BLANK_RUN`] blank lines keeps its first blank line; the rest becomes
//!   lines of spaces [`BLANK_LINE_WIDTH`] bytes long. Markdown reads any run of blank lines
//!   as one.
//!
//! The extractor still reads every line of the real text; only the block structure comes
//! from the masked one. The end markers of HTML blocks (`-->`, `?>`, `</pre>`, …) in the
//! middle stay, so that a comment ends where it ends in the real text (up to
//! [`KEPT_MARKERS`] of them a line). A table row longer than [`LONG_LINE`] can lose cells in
//! the count that decides whether it heads a table: no real document has one.

use std::borrow::Cow;

use crate::split::LinesWithEnds;

/// Lines longer than this many bytes have their middle masked.
pub const LONG_LINE: usize = 4096;
/// The bytes kept at each end of a long line.
pub const LINE_EDGE: usize = 1024;
/// Runs of more blank lines than this are packed into fewer, longer ones.
pub const BLANK_RUN: usize = 64;
/// The length of each packed blank line, its line break included.
pub const BLANK_LINE_WIDTH: usize = 1024;

/// The text to parse for `text`: `text` itself unless it has a long line or a long run of
/// blank lines. The result has the same length, and a line break wherever it keeps one.
pub fn for_parse(text: &str) -> Cow<'_, str> {
    if !needs_mask(text) {
        return Cow::Borrowed(text);
    }
    let mut out: Vec<u8> = Vec::with_capacity(text.len());
    let mut blank_run_start: Option<usize> = None;
    let mut blank_lines = 0;
    for line in LinesWithEnds::new(text) {
        let content = line.trim_end_matches(['\n', '\r']);
        let ends_line = content.len() < line.len();
        if ends_line && content.bytes().all(|b| b == b' ' || b == b'\t') {
            if blank_run_start.is_none() {
                blank_run_start = Some(out.len());
                blank_lines = 0;
            }
            blank_lines += 1;
            out.extend_from_slice(line.as_bytes());
            continue;
        }
        if let Some(start) = blank_run_start.take() {
            pack_blank_run(&mut out[start..], blank_lines);
        }
        if line.len() > LONG_LINE {
            let keep_start = floor_char_boundary(content, LINE_EDGE);
            let keep_end = ceil_char_boundary(content, content.len().saturating_sub(LINE_EDGE)).max(keep_start);
            out.extend_from_slice(&content.as_bytes()[..keep_start]);
            mask_middle(&content[keep_start..keep_end], &mut out);
            out.extend_from_slice(&line.as_bytes()[keep_end..]);
        } else {
            out.extend_from_slice(line.as_bytes());
        }
    }
    if let Some(start) = blank_run_start {
        pack_blank_run(&mut out[start..], blank_lines);
    }
    debug_assert_eq!(out.len(), text.len());
    // Only ASCII replaced whole characters, so the bytes are still UTF-8.
    match String::from_utf8(out) {
        Ok(masked) => Cow::Owned(masked),
        Err(_) => Cow::Borrowed(text),
    }
}

/// The most end markers of HTML blocks kept in the masked middle of one line.
const KEPT_MARKERS: usize = 256;
/// The bytes kept before each `>` of the masked middle: enough for the longest end marker of
/// an HTML block, `</textarea>`.
const MARKER_LEN: usize = "</textarea".len();

/// Appends the middle of a long line as one word, except for the end markers of HTML blocks
/// (`-->`, `?>`, `]]>`, `>`, `</script>`, …: each `>` with the bytes before it), so that an
/// HTML block that ends in the middle of the line ends there in the parse too. Past
/// [`KEPT_MARKERS`] of them the rest is masked whole, which keeps a line of `>` cheap.
fn mask_middle(middle: &str, out: &mut Vec<u8>) {
    let mut done = 0;
    for (kept, gt) in middle.match_indices('>').map(|(at, _)| at).enumerate() {
        if kept == KEPT_MARKERS {
            break;
        }
        let start = ceil_char_boundary(middle, gt.saturating_sub(MARKER_LEN)).max(done);
        out.resize(out.len() + start - done, b'a');
        out.extend_from_slice(&middle.as_bytes()[start..=gt]);
        done = gt + 1;
    }
    out.resize(out.len() + middle.len() - done, b'a');
}

/// True when `text` has a line longer than [`LONG_LINE`] or more than [`BLANK_RUN`] blank
/// lines in a row.
fn needs_mask(text: &str) -> bool {
    let mut blank_lines = 0;
    for line in LinesWithEnds::new(text) {
        if line.len() > LONG_LINE {
            return true;
        }
        let content = line.trim_end_matches(['\n', '\r']);
        if content.len() < line.len() && content.bytes().all(|b| b == b' ' || b == b'\t') {
            blank_lines += 1;
            if blank_lines > BLANK_RUN {
                return true;
            }
        } else {
            blank_lines = 0;
        }
    }
    false
}

/// Packs a run of `lines` blank lines (each ending with a line break) into its first line and
/// lines of spaces [`BLANK_LINE_WIDTH`] long, the last one ending where the run ends.
fn pack_blank_run(run: &mut [u8], lines: usize) {
    if lines <= BLANK_RUN {
        return;
    }
    let first = run
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .map_or(run.len(), |i| {
            if run[i] == b'\r' && run.get(i + 1) == Some(&b'\n') {
                i + 2
            } else {
                i + 1
            }
        });
    let rest = &mut run[first..];
    let len = rest.len();
    for (i, byte) in rest.iter_mut().enumerate() {
        *byte = if (i + 1) % BLANK_LINE_WIDTH == 0 || i + 1 == len {
            b'\n'
        } else {
            b' '
        };
    }
}

fn floor_char_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil_char_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_text_is_not_copied() {
        let text = "# Plan\n\n| a | b |\n|---|---|\n\n\n- [ ] T001 x\n";
        assert!(matches!(for_parse(text), Cow::Borrowed(_)));
    }

    #[test]
    fn a_long_line_keeps_its_ends_and_its_length() {
        let line = format!("| {} |", "é|".repeat(3000));
        let text = format!("# Plan\n{line}\nnext\n");
        let masked = for_parse(&text);
        assert_eq!(masked.len(), text.len());
        let masked_line = masked.lines().nth(1).unwrap();
        assert!(masked_line.starts_with(&line[..floor_char_boundary(&line, LINE_EDGE)]));
        assert!(masked_line.ends_with(&line[ceil_char_boundary(&line, line.len() - LINE_EDGE)..]));
        assert!(masked_line.contains(&"a".repeat(LONG_LINE - 2 * LINE_EDGE)));
        assert!(masked.ends_with("\nnext\n"));
    }

    #[test]
    fn an_html_comment_that_ends_in_the_middle_of_a_long_line_ends_there() {
        let line = format!("{}-->{}", "é ".repeat(2000), "| a ".repeat(2000));
        let text = format!("<!-- c\n{line}\n# Task 1: after\n");
        let masked = for_parse(&text);
        assert_eq!(masked.len(), text.len());
        assert_eq!(masked.find("-->"), text.find("-->"));
        // A line of `>` keeps no more than its share of them.
        let many = ">".repeat(20_000);
        assert!(for_parse(&many).matches('>').count() <= 2 * LINE_EDGE + KEPT_MARKERS);
    }

    #[test]
    fn a_long_blank_run_becomes_fewer_lines_at_the_same_offsets() {
        let text = format!("a\n{}\r\n  \nb\n", "\n".repeat(5000));
        let masked = for_parse(&text);
        assert_eq!(masked.len(), text.len());
        assert!(masked.starts_with("a\n\n "));
        assert!(masked.ends_with("\nb\n"));
        let lines = masked.lines().count();
        assert!(lines < 10, "{lines} lines");
        assert!(masked.lines().skip(1).take(lines - 2).all(|l| l.trim().is_empty()));
        // The line before `b` still ends where it did.
        assert_eq!(masked.find("\nb\n"), text.find("\nb\n"));
    }
}
