//! Converts between byte offsets and line/column positions: the one place where the binary
//! turns the analysis crate's byte offsets into positions people and protocols use.

use std::ops::Range;

/// A 1-based line and column, the column counted in Unicode scalar values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct LineColumn {
    /// 1-based line.
    pub line: usize,
    /// 1-based column in Unicode scalar values.
    pub column: usize,
}

/// The start offset of every line of a text.
#[derive(Clone, Debug)]
pub struct LineIndex {
    line_starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes a text's lines. `\n`, `\r\n` and a lone `\r` end a line.
    pub fn new(text: &str) -> LineIndex {
        let mut line_starts = vec![0];
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => line_starts.push(i + 1),
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => line_starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        LineIndex { line_starts }
    }

    /// The 0-based line that holds `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.line_starts
            .partition_point(|&start| start <= offset)
            .saturating_sub(1)
    }

    /// The byte offset where a 0-based line starts.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.line_starts.get(line).copied()
    }

    /// The 1-based line and scalar-value column of `offset`.
    pub fn line_column(&self, text: &str, offset: usize) -> LineColumn {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.line_starts[line];
        LineColumn {
            line: line + 1,
            column: text[start..offset].chars().count() + 1,
        }
    }

    /// The 1-based positions of both ends of a range.
    pub fn range(&self, text: &str, range: Range<usize>) -> (LineColumn, LineColumn) {
        (self.line_column(text, range.start), self.line_column(text, range.end))
    }
}

/// The largest char boundary at or before `offset`.
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_scalar_values() {
        let text = "ab\n任务 1：x\r\n😀y\rz";
        let index = LineIndex::new(text);
        assert_eq!(index.line_column(text, 0), LineColumn { line: 1, column: 1 });
        assert_eq!(index.line_column(text, 3), LineColumn { line: 2, column: 1 });
        let x = text.find('x').unwrap();
        assert_eq!(index.line_column(text, x), LineColumn { line: 2, column: 6 });
        let y = text.find('y').unwrap();
        assert_eq!(index.line_column(text, y), LineColumn { line: 3, column: 2 });
        let z = text.find('z').unwrap();
        assert_eq!(index.line_column(text, z), LineColumn { line: 4, column: 1 });
        // An offset inside a character is moved to the character's start.
        assert_eq!(index.line_column(text, y - 1), LineColumn { line: 3, column: 1 });
    }
}
