//! The one place where the server converts between the analysis crate's byte offsets and
//! LSP positions (line and character, in UTF-8 code units or UTF-16 code units as negotiated),
//! and between analysis results and protocol types.

use std::ops::Range;

use ropey::Rope;
use tower_lsp_server::ls_types::{Position, PositionEncodingKind};

/// How the client counts characters within a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 code units (bytes): offered by the client in `general.positionEncodings`.
    Utf8,
    /// UTF-16 code units: the protocol's default.
    Utf16,
}

impl Encoding {
    /// Picks UTF-8 when the client offers it, else UTF-16 (LSP 3.17 `general.positionEncodings`).
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        match offered {
            Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    /// The protocol name of the encoding.
    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }
}

/// The byte offset of a position, or None when the line does not exist. A character past the
/// end of its line means the end of the line (as the protocol says); a character inside a
/// multi-unit character means that character's start.
pub fn offset(rope: &Rope, position: Position, encoding: Encoding) -> Option<usize> {
    let line = position.line as usize;
    if line >= rope.len_lines() {
        // The position just past the end of a text that ends with a line break.
        return (line == rope.len_lines() && position.character == 0).then(|| rope.len_bytes());
    }
    let line_start = rope.line_to_byte(line);
    let line_end = line_content_end(rope, line);
    let target = match encoding {
        Encoding::Utf8 => {
            let byte = (line_start + position.character as usize).min(line_end);
            rope.char_to_byte(rope.byte_to_char(byte))
        }
        Encoding::Utf16 => {
            let line_start_char = rope.byte_to_char(line_start);
            let start_cu = rope.char_to_utf16_cu(line_start_char);
            let end_cu = rope.char_to_utf16_cu(rope.byte_to_char(line_end));
            let cu = (start_cu + position.character as usize).min(end_cu);
            rope.char_to_byte(rope.utf16_cu_to_char(cu))
        }
    };
    Some(target)
}

/// How many characters into its line an offset may be for [`position`] to count them, rather
/// than ask the rope how many code units precede the line and the offset.
const SHORT_COLUMN: usize = 512;

/// The position of a byte offset (clamped to the text, moved to a character start).
pub fn position(rope: &Rope, offset: usize, encoding: Encoding) -> Position {
    let offset = offset.min(rope.len_bytes());
    // Most offsets an answer converts (headings, field values) sit near their line's start:
    // the line's characters before the offset are counted, where the general case asks the
    // rope twice more.
    let char_index = rope.byte_to_char(offset);
    let line = rope.char_to_line(char_index);
    let line_start_char = rope.line_to_char(line);
    if char_index - line_start_char <= SHORT_COLUMN {
        let units: usize = rope
            .chars_at(line_start_char)
            .take(char_index - line_start_char)
            .map(|c| match encoding {
                Encoding::Utf8 => c.len_utf8(),
                Encoding::Utf16 => c.len_utf16(),
            })
            .sum();
        return Position {
            line: line as u32,
            character: units as u32,
        };
    }
    position_far(rope, offset, encoding)
}

/// [`position`] for an offset far into a long line.
fn position_far(rope: &Rope, offset: usize, encoding: Encoding) -> Position {
    let char_index = rope.byte_to_char(offset);
    let line = rope.char_to_line(char_index);
    let line_start_char = rope.line_to_char(line);
    let character = match encoding {
        Encoding::Utf8 => rope.char_to_byte(char_index) - rope.line_to_byte(line),
        Encoding::Utf16 => rope.char_to_utf16_cu(char_index) - rope.char_to_utf16_cu(line_start_char),
    };
    Position {
        line: line as u32,
        character: character as u32,
    }
}

/// How one edit moves the positions of a text's offsets, so that an answer kept from the
/// previous version need not convert every offset again: a position before the edit stays,
/// one after it moves by the lines the edit added or removed, and one on the line where the
/// replaced text ended moves by the columns too. Line breaks after the edit count the same in
/// both texts, a `\r\n` that the edit's end cuts included, since a line's number depends on
/// the text before it and its column on the text from its line's start.
#[derive(Clone, Debug)]
pub struct PositionShift {
    encoding: Encoding,
    /// The first replaced byte, in both texts.
    start: usize,
    /// The end of the replaced bytes, in the old text.
    old_end: usize,
    /// The end of the inserted text, in the new text.
    new_end: usize,
    /// The position of `old_end` in the old text.
    old_end_at: Position,
    /// The position of `new_end` in the new text.
    new_end_at: Position,
}

impl PositionShift {
    /// The shift of replacing `replaced` of `old` with the text that ends at `new_end` in
    /// `new`.
    pub fn new(old: &Rope, new: &Rope, replaced: Range<usize>, new_end: usize, encoding: Encoding) -> PositionShift {
        PositionShift {
            encoding,
            start: replaced.start,
            old_end: replaced.end,
            new_end,
            old_end_at: position(old, replaced.end, encoding),
            new_end_at: position(new, new_end, encoding),
        }
    }

    /// The position in `new` of the offset `new_offset` that was `old_offset`, at
    /// `old_position`, in the old text: moved when the offset moved with the text around it,
    /// converted again when it lay inside the replaced bytes or went elsewhere.
    pub fn moved(&self, new: &Rope, old_offset: usize, old_position: Position, new_offset: usize) -> Position {
        if old_offset < self.start && new_offset == old_offset {
            old_position
        } else if old_offset >= self.old_end && new_offset == old_offset - self.old_end + self.new_end {
            if old_position.line == self.old_end_at.line {
                Position {
                    line: self.new_end_at.line,
                    character: old_position.character - self.old_end_at.character + self.new_end_at.character,
                }
            } else {
                Position {
                    line: old_position.line - self.old_end_at.line + self.new_end_at.line,
                    character: old_position.character,
                }
            }
        } else {
            position(new, new_offset, self.encoding)
        }
    }
}

/// The LSP range of a byte range.
pub fn range(rope: &Rope, range: Range<usize>, encoding: Encoding) -> tower_lsp_server::ls_types::Range {
    tower_lsp_server::ls_types::Range {
        start: position(rope, range.start, encoding),
        end: position(rope, range.end, encoding),
    }
}

/// The byte range of an LSP range, or None when a line does not exist.
pub fn byte_range(rope: &Rope, range: tower_lsp_server::ls_types::Range, encoding: Encoding) -> Option<Range<usize>> {
    let start = offset(rope, range.start, encoding)?;
    let end = offset(rope, range.end, encoding)?;
    Some(start.min(end)..end.max(start))
}

/// The offset where a line's content ends, before its line break.
fn line_content_end(rope: &Rope, line: usize) -> usize {
    let start = rope.line_to_byte(line);
    let mut end = start + rope.line(line).len_bytes();
    if end > start && rope.byte(end - 1) == b'\n' {
        end -= 1;
        if end > start && rope.byte(end - 1) == b'\r' {
            end -= 1;
        }
    } else if end > start && rope.byte(end - 1) == b'\r' {
        end -= 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(text: &str, encoding: Encoding) {
        let rope = Rope::from_str(text);
        for (offset_at, _) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
            // Between the two bytes of a `\r\n` is no position at all.
            if text[..offset_at].ends_with('\r') && text[offset_at..].starts_with('\n') {
                continue;
            }
            let at = position(&rope, offset_at, encoding);
            assert_eq!(
                offset(&rope, at, encoding),
                Some(offset_at),
                "{text:?} at {offset_at} ({at:?})"
            );
        }
    }

    /// The count near a line's start gives what the rope's lookups give, at every byte:
    /// inside characters, between `\r` and `\n`, on other line breaks and far into a line.
    #[test]
    fn counting_near_a_line_start_agrees_with_the_rope() {
        let long = "é".repeat(SHORT_COLUMN);
        let text = format!("# 任务 1：中文\r\n😀x\u{2028}e\u{301}\r\rx\n{long}😀 end\r\n\n");
        let rope = Rope::from_str(&text);
        for offset in 0..=text.len() + 1 {
            for encoding in [Encoding::Utf8, Encoding::Utf16] {
                let clamped = offset.min(text.len());
                assert_eq!(
                    position(&rope, offset, encoding),
                    position_far(&rope, clamped, encoding),
                    "at {offset}, {encoding:?}"
                );
            }
        }
    }

    #[test]
    fn positions_round_trip_over_cjk_emoji_and_combining_marks() {
        let text = "# 任务 1：中文\r\n**依赖**：😀 Task 1.1\ne\u{301}x\rlast";
        round_trip(text, Encoding::Utf8);
        round_trip(text, Encoding::Utf16);
    }

    #[test]
    fn utf16_counts_surrogate_pairs_and_utf8_counts_bytes() {
        let rope = Rope::from_str("😀x\n");
        let x = "😀".len();
        assert_eq!(position(&rope, x, Encoding::Utf16), Position { line: 0, character: 2 });
        assert_eq!(position(&rope, x, Encoding::Utf8), Position { line: 0, character: 4 });
        // Inside the surrogate pair: the emoji's start.
        assert_eq!(
            offset(&rope, Position { line: 0, character: 1 }, Encoding::Utf16),
            Some(0)
        );
        // Past the end of the line: the end of the line, not the next line.
        assert_eq!(
            offset(&rope, Position { line: 0, character: 99 }, Encoding::Utf16),
            Some(x + 1)
        );
        // A line that does not exist.
        assert_eq!(offset(&rope, Position { line: 7, character: 0 }, Encoding::Utf16), None);
        assert_eq!(
            offset(&rope, Position { line: 1, character: 0 }, Encoding::Utf16),
            Some(rope.len_bytes())
        );
    }

    #[test]
    fn negotiation_prefers_utf8() {
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
        assert_eq!(
            Encoding::negotiate(Some(&[PositionEncodingKind::UTF16])),
            Encoding::Utf16
        );
        assert_eq!(
            Encoding::negotiate(Some(&[PositionEncodingKind::UTF16, PositionEncodingKind::UTF8])),
            Encoding::Utf8
        );
    }
}
