//! The ordered list of a document's segments, stored in chunks so that an edit copies a few
//! chunk pointers instead of one pointer per segment, and so that the model can be linked
//! from compact per-chunk outlines without visiting every segment's items.

use std::sync::Arc;

use crate::items::{HeadingKind, Item, SegmentItems};
use crate::lex::heading::TaskConfidence;

/// One parsed segment: its length and its items, relative to its start.
#[derive(Debug)]
pub struct Segment {
    pub(crate) id: u64,
    pub(crate) len: usize,
    pub(crate) items: Arc<SegmentItems>,
    pub(crate) has_error: bool,
    /// True when the segment ends inside a fenced code block or an HTML block (see
    /// [`crate::parse::leaves_block_open`]): it cannot be followed by another segment, and is
    /// joined to the next one.
    pub(crate) leaves_block_open: bool,
    /// A few bits per line of the segment that a layer above derives from the line's text
    /// alone, filled the first time that layer asks and kept while the segment is shared
    /// with later snapshots (see [`Segment::line_marks`]).
    pub(crate) line_marks: std::sync::OnceLock<Box<[u16]>>,
}

impl Segment {
    /// The segment's length in bytes.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True for the empty segment of an empty document.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The items extracted from the segment, with offsets relative to its start.
    pub fn items(&self) -> &Arc<SegmentItems> {
        &self.items
    }

    /// One value per line of the segment's text (as `split_inclusive('\n')` cuts it), made
    /// by `mark` from the line without its break, the first time it is asked for and the
    /// same on every later call: `mark` must depend on the line's text alone. An edit
    /// parses the segments it touches again, so only their lines are marked again.
    pub fn line_marks(&self, text: &str, mark: impl Fn(&str) -> u16) -> &[u16] {
        self.line_marks.get_or_init(|| {
            text.split_inclusive('\n')
                .map(|line| mark(line.trim_end_matches(['\n', '\r'])))
                .collect()
        })
    }
}

/// How many segments a chunk holds when a region is re-chunked.
const CHUNK_SIZE: usize = 64;

/// What the model needs to know about one structural item (heading or list-item task).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OutlineEntry {
    /// The segment's index within its chunk.
    pub segment: u32,
    /// The item's index within its segment.
    pub item: u32,
    /// What the item is.
    pub kind: OutlineKind,
}

/// The kind of a structural item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutlineKind {
    /// A heading that declares a task.
    TaskHeading {
        /// The heading level.
        level: u8,
        /// True for a task word or task-only ID shape; false for a bare number (`2.4 Title`).
        explicit: bool,
        /// True when the heading's section has task fields.
        has_task_fields: bool,
    },
    /// A phase heading.
    PhaseHeading {
        /// The heading level.
        level: u8,
    },
    /// Any other heading.
    OtherHeading {
        /// The heading level.
        level: u8,
    },
    /// A list item that declares a task.
    ListTask {
        /// The column of the list marker.
        indent: usize,
    },
}

/// A run of consecutive segments.
#[derive(Debug)]
struct Chunk {
    segments: Vec<Arc<Segment>>,
    /// Each segment's start, relative to the chunk's start.
    starts: Vec<usize>,
    /// The chunk's length in bytes.
    len: usize,
    /// The structural items of all its segments, in order.
    outline: Vec<OutlineEntry>,
}

impl Chunk {
    fn new(segments: Vec<Arc<Segment>>) -> Chunk {
        let mut starts = Vec::with_capacity(segments.len());
        let mut outline = Vec::new();
        let mut len = 0;
        for (index, segment) in segments.iter().enumerate() {
            starts.push(len);
            len += segment.len();
            let items = segment.items();
            for &item in &items.structure {
                let kind = match &items.items[item as usize] {
                    Item::Heading(heading) => match &heading.kind {
                        HeadingKind::Task(task) => OutlineKind::TaskHeading {
                            level: heading.level,
                            explicit: task.confidence == TaskConfidence::Explicit,
                            has_task_fields: heading.has_task_fields,
                        },
                        HeadingKind::Phase(_) => OutlineKind::PhaseHeading { level: heading.level },
                        HeadingKind::Other => OutlineKind::OtherHeading { level: heading.level },
                    },
                    Item::ListTask(task) => OutlineKind::ListTask { indent: task.indent },
                    _ => continue,
                };
                outline.push(OutlineEntry {
                    segment: index as u32,
                    item,
                    kind,
                });
            }
        }
        Chunk {
            segments,
            starts,
            len,
            outline,
        }
    }
}

/// The segments of a document. Cloning is O(1).
#[derive(Clone, Debug)]
pub struct SegmentList {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    chunks: Vec<Arc<Chunk>>,
    /// Each chunk's start offset in the document.
    chunk_starts: Vec<usize>,
    /// Each chunk's first segment index.
    chunk_first: Vec<usize>,
    len: usize,
}

impl SegmentList {
    /// Builds a list from segments in order.
    pub fn new(segments: Vec<Arc<Segment>>) -> SegmentList {
        SegmentList::from_chunks(chunk(segments))
    }

    fn from_chunks(chunks: Vec<Arc<Chunk>>) -> SegmentList {
        let mut chunk_starts = Vec::with_capacity(chunks.len());
        let mut chunk_first = Vec::with_capacity(chunks.len());
        let (mut offset, mut first) = (0, 0);
        for chunk in &chunks {
            chunk_starts.push(offset);
            chunk_first.push(first);
            offset += chunk.len;
            first += chunk.segments.len();
        }
        SegmentList {
            inner: Arc::new(Inner {
                chunks,
                chunk_starts,
                chunk_first,
                len: first,
            }),
        }
    }

    /// How many segments.
    pub fn len(&self) -> usize {
        self.inner.len
    }

    /// True when there are no segments.
    pub fn is_empty(&self) -> bool {
        self.inner.len == 0
    }

    /// The chunk holding segment `index` and the index within it.
    fn locate(&self, index: usize) -> Option<(usize, usize)> {
        if index >= self.inner.len {
            return None;
        }
        let chunk = self.inner.chunk_first.partition_point(|&first| first <= index) - 1;
        Some((chunk, index - self.inner.chunk_first[chunk]))
    }

    /// The segment at `index` with its start offset.
    pub fn get(&self, index: usize) -> Option<(usize, &Arc<Segment>)> {
        let (chunk, local) = self.locate(index)?;
        let chunk_data = &self.inner.chunks[chunk];
        Some((
            self.inner.chunk_starts[chunk] + chunk_data.starts[local],
            &chunk_data.segments[local],
        ))
    }

    /// The start offset of segment `index` (the end of the text past the last segment).
    pub fn start(&self, index: usize) -> usize {
        match self.get(index) {
            Some((start, _)) => start,
            None => self
                .inner
                .chunk_starts
                .last()
                .map_or(0, |s| s + self.inner.chunks.last().map_or(0, |c| c.len)),
        }
    }

    /// The index of the segment that contains `offset` (the last segment for the end).
    pub fn index_at(&self, offset: usize) -> usize {
        let chunk = self
            .inner
            .chunk_starts
            .partition_point(|&start| start <= offset)
            .saturating_sub(1);
        let Some(chunk_data) = self.inner.chunks.get(chunk) else {
            return 0;
        };
        let relative = offset - self.inner.chunk_starts[chunk].min(offset);
        let local = chunk_data
            .starts
            .partition_point(|&start| start <= relative)
            .saturating_sub(1);
        self.inner.chunk_first[chunk] + local
    }

    /// The index of the segment that starts exactly at `offset`, if one does.
    pub fn index_starting_at(&self, offset: usize) -> Option<usize> {
        let index = self.index_at(offset);
        (self.get(index)?.0 == offset).then_some(index)
    }

    /// The segments in order, each with its start offset.
    pub fn iter(&self) -> impl Iterator<Item = (usize, &Arc<Segment>)> + '_ {
        self.inner
            .chunks
            .iter()
            .zip(&self.inner.chunk_starts)
            .flat_map(|(chunk, &chunk_start)| {
                chunk
                    .starts
                    .iter()
                    .zip(&chunk.segments)
                    .map(move |(&start, segment)| (chunk_start + start, segment))
            })
    }

    /// The structural items of every segment in order, with their global segment index.
    pub fn outline(&self) -> impl Iterator<Item = (usize, OutlineEntry)> + '_ {
        self.inner
            .chunks
            .iter()
            .zip(&self.inner.chunk_first)
            .flat_map(|(chunk, &first)| {
                chunk
                    .outline
                    .iter()
                    .map(move |entry| (first + entry.segment as usize, *entry))
            })
    }

    /// A new list with segments `range` replaced by `replacement`. Chunks wholly outside the
    /// range are shared; the chunks the range touches are re-chunked.
    pub fn splice(&self, range: std::ops::Range<usize>, replacement: Vec<Arc<Segment>>) -> SegmentList {
        let inner = &self.inner;
        if inner.chunks.is_empty() {
            return SegmentList::new(replacement);
        }
        let first_chunk = self
            .locate(range.start)
            .map_or(inner.chunks.len() - 1, |(chunk, _)| chunk);
        let last_chunk = if range.end == 0 {
            first_chunk
        } else {
            self.locate(range.end - 1)
                .map_or(inner.chunks.len() - 1, |(chunk, _)| chunk)
                .max(first_chunk)
        };
        let region_first = inner.chunk_first[first_chunk];
        let mut middle: Vec<Arc<Segment>> = Vec::new();
        for chunk in &inner.chunks[first_chunk..=last_chunk] {
            middle.extend(chunk.segments.iter().cloned());
        }
        let local = range.start - region_first..(range.end - region_first).min(middle.len());
        middle.splice(local, replacement);
        let mut chunks: Vec<Arc<Chunk>> = Vec::with_capacity(inner.chunks.len() + 2);
        chunks.extend(inner.chunks[..first_chunk].iter().cloned());
        chunks.extend(chunk(middle));
        chunks.extend(inner.chunks[last_chunk + 1..].iter().cloned());
        SegmentList::from_chunks(chunks)
    }
}

fn chunk(segments: Vec<Arc<Segment>>) -> Vec<Arc<Chunk>> {
    let mut chunks = Vec::with_capacity(segments.len() / CHUNK_SIZE + 1);
    let mut iter = segments.into_iter().peekable();
    while iter.peek().is_some() {
        let piece: Vec<Arc<Segment>> = iter.by_ref().take(CHUNK_SIZE).collect();
        chunks.push(Arc::new(Chunk::new(piece)));
    }
    chunks
}
