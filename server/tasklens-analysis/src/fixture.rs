//! Test fixtures: a tasks.md snippet with `$0` marking the cursor and annotation lines marking
//! ranges of the line above.
//!
//! An annotation line is a line whose first non-space character is `^`: its carets sit under
//! the marked characters (columns counted in characters) and the text after them is the
//! annotation, e.g. `^^^^^^^^ unresolved-reference: No task has the ID `9.9`.` Annotation
//! lines and the `$0` marker are stripped from the text the test analyses. [`annotate`] does
//! the reverse, so a test can render what it found and compare it with the fixture.

use std::ops::Range;

/// The largest character boundary of `text` at or before `offset` (clamped to the text), so
/// that property tests can cut a random edit anywhere.
pub fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// A parsed fixture.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fixture {
    /// The text without annotation lines and without `$0`.
    pub text: String,
    /// The byte offset of `$0`, if present.
    pub cursor: Option<usize>,
    /// Each annotation's range in `text` and its text.
    pub annotations: Vec<(Range<usize>, String)>,
}

/// The cursor marker.
pub const CURSOR: &str = "$0";

/// Parses a fixture.
pub fn parse(fixture: &str) -> Fixture {
    let mut text = String::new();
    let mut cursor = None;
    let mut annotations = Vec::new();
    let mut previous_line_start = 0;
    for line in fixture.split_inclusive('\n') {
        if line.trim_start().starts_with('^') {
            let body = line.trim_end_matches(['\n', '\r']);
            let caret_start = body.chars().take_while(|c| *c == ' ').count();
            let caret_len = body.chars().skip(caret_start).take_while(|c| *c == '^').count();
            let note: String = body.chars().skip(caret_start + caret_len).collect();
            let previous = &text[previous_line_start..];
            let previous = previous.trim_end_matches(['\n', '\r']);
            let byte_at = |column: usize| {
                previous.char_indices().nth(column).map_or(previous.len(), |(i, _)| i) + previous_line_start
            };
            annotations.push((
                byte_at(caret_start)..byte_at(caret_start + caret_len),
                note.trim().to_string(),
            ));
            continue;
        }
        previous_line_start = text.len();
        match line.find(CURSOR) {
            Some(at) if cursor.is_none() => {
                cursor = Some(text.len() + at);
                text.push_str(&line[..at]);
                text.push_str(&line[at + CURSOR.len()..]);
            }
            _ => text.push_str(line),
        }
    }
    Fixture {
        text,
        cursor,
        annotations,
    }
}

/// Renders `text` with an annotation line under each annotated range (on the range's first
/// line; a range that spans lines is underlined to the end of that line).
pub fn annotate(text: &str, annotations: &[(Range<usize>, String)]) -> String {
    let mut sorted: Vec<&(Range<usize>, String)> = annotations.iter().collect();
    sorted.sort_by(|a, b| (a.0.start, a.0.end, &a.1).cmp(&(b.0.start, b.0.end, &b.1)));
    let mut out = String::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        out.push_str(line);
        if !line.ends_with('\n') {
            out.push('\n');
        }
        let body = line.trim_end_matches(['\n', '\r']);
        let line_end = line_start + body.len();
        for (range, note) in &sorted {
            let on_line =
                range.start >= line_start && (range.start < line_end || (range.start == line_end && range.is_empty()));
            if !on_line {
                continue;
            }
            let column = body[..range.start - line_start].chars().count();
            let end = range.end.min(line_end);
            let width = body[range.start - line_start..end - line_start].chars().count().max(1);
            out.push_str(&" ".repeat(column));
            out.push_str(&"^".repeat(width));
            out.push(' ');
            out.push_str(note);
            out.push('\n');
        }
        line_start += line.len();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_annotate_round_trip() {
        let fixture = "#### Task 1.1: A\n**Dependencies**: Task 9.9$0\n                       ^^^ unresolved\n任务 1：x\n^^ two\n";
        let parsed = parse(fixture);
        assert_eq!(parsed.text, "#### Task 1.1: A\n**Dependencies**: Task 9.9\n任务 1：x\n");
        assert_eq!(parsed.cursor, Some(43));
        assert_eq!(&parsed.text[parsed.annotations[0].0.clone()], "9.9");
        assert_eq!(&parsed.text[parsed.annotations[1].0.clone()], "任务");
        assert_eq!(annotate(&parsed.text, &parsed.annotations), fixture.replace("$0", ""));
    }
}
