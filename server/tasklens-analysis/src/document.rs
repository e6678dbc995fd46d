//! An open document: its text in a rope and its parse, kept as segments that are re-parsed
//! one at a time as the text is edited.
//!
//! A [`Document`] is an immutable value: [`Document::edit`] returns the next one and leaves
//! the old one valid, sharing every unchanged segment with it. Each segment keeps the items
//! extracted from its parse; its tree-sitter tree is a cache that only the most recently
//! edited segments keep, because a tree costs 50 to 90 bytes of memory per byte of text.

use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use ropey::Rope;
use tree_sitter::{InputEdit, Point, Tree};

use crate::config::Config;
use crate::edit::{Carry, LocalChange, OffsetMap, compare_segment};
use crate::extract::extract;
use crate::items::Shift;
use crate::parse::parse;
pub use crate::segments::Segment;
use crate::segments::SegmentList;
use crate::split::{LinesWithEnds, Splitter, front_matter_len, front_matter_len_of_lines};

/// How many recently edited segments keep their tree for the next incremental parse.
const TREE_CACHE_SIZE: usize = 8;

/// One edit: replace `range` (byte offsets into the old text) with `text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextEdit {
    /// The replaced bytes of the old text.
    pub range: Range<usize>,
    /// The new text.
    pub text: String,
}

/// The result of [`Document::apply`].
#[derive(Debug)]
pub struct Edited {
    /// The next snapshot.
    pub document: Document,
    /// How the previous version's diagnostics carry over to this one, when the edit changed
    /// nothing other tasks' checks read (typing in a description or a title, for instance);
    /// None when the document must be analysed again.
    pub carry: Option<Carry>,
}

/// A document snapshot.
#[derive(Clone, Debug)]
pub struct Document {
    rope: Rope,
    config: Arc<Config>,
    segments: SegmentList,
    trees: Vec<(u64, Tree)>,
    front_matter: Option<usize>,
}

impl Document {
    /// Parses a whole text, cutting it into segments.
    pub fn new(text: &str, config: Arc<Config>) -> Document {
        Document::parse(text, Rope::from_str(text), config)
    }

    /// Parses the text of a rope and keeps that rope: a caller that holds the rope too (the
    /// server keeps the client's text) shares its chunks with the document instead of holding
    /// a second copy.
    pub fn from_rope(rope: Rope, config: Arc<Config>) -> Document {
        let text = String::from(&rope);
        Document::parse(&text, rope, config)
    }

    /// Parses `text`, which `rope` holds too.
    fn parse(text: &str, rope: Rope, config: Arc<Config>) -> Document {
        let ranges = split_all(text);
        let segments = parse_segments(text, &ranges, &config);
        let segments = join_open_segments(text, ranges, segments, &config);
        Document::assemble(rope, config, segments, Vec::new())
    }

    /// Parses a whole text as one segment, the way a plain whole-document parse would. Used to
    /// check that the segmented parse gives the same model.
    pub fn new_unsegmented(text: &str, config: Arc<Config>) -> Document {
        let rope = Rope::from_str(text);
        let segments = vec![Arc::new(new_segment(text, &parse_segment(text, None), &config))];
        Document::assemble(rope, config, segments, Vec::new())
    }

    fn assemble(rope: Rope, config: Arc<Config>, segments: Vec<Arc<Segment>>, trees: Vec<(u64, Tree)>) -> Document {
        let front_matter = rope_front_matter_len(&rope);
        Document {
            rope,
            config,
            segments: SegmentList::new(segments),
            trees,
            front_matter,
        }
    }

    /// The document's text.
    pub fn rope(&self) -> &Rope {
        &self.rope
    }

    /// The document's text as one string.
    pub fn text(&self) -> String {
        String::from(&self.rope)
    }

    /// The length of the text in bytes.
    pub fn len(&self) -> usize {
        self.rope.len_bytes()
    }

    /// True for an empty document.
    pub fn is_empty(&self) -> bool {
        self.rope.len_bytes() == 0
    }

    /// The settings the document was analysed with.
    pub fn config(&self) -> &Arc<Config> {
        &self.config
    }

    /// The segments in order, each with its start offset.
    pub fn segments(&self) -> impl Iterator<Item = (usize, &Arc<Segment>)> + '_ {
        self.segments.iter()
    }

    /// The segment at `index` with its start offset.
    pub fn segment_at(&self, index: usize) -> Option<(usize, &Arc<Segment>)> {
        self.segments.get(index)
    }

    /// The segment list, with the outline the model is linked from.
    pub fn segment_list(&self) -> &SegmentList {
        &self.segments
    }

    /// Fills the line marks (see [`Segment::line_marks`]) of every segment that has none yet,
    /// made by `mark` from `text`, the document's text; on several threads when those
    /// segments are long together, as after an open, where on one thread they would cost
    /// about a sixth of the parse.
    pub(crate) fn fill_line_marks(&self, text: &str, mark: fn(&str) -> u16) {
        let unmarked: Vec<(Range<usize>, &Arc<Segment>)> = self
            .segments()
            .filter(|(_, segment)| segment.line_marks.get().is_none())
            .map(|(start, segment)| (start..start + segment.len(), segment))
            .collect();
        if unmarked.iter().any(|(range, _)| text.get(range.clone()).is_none()) {
            return;
        }
        on_threads(
            &unmarked,
            |(range, _)| range.len(),
            |(range, segment)| {
                segment.line_marks(&text[range.clone()], mark);
            },
        );
    }

    /// How many segments the document is cut into.
    pub fn segment_count(&self) -> usize {
        self.segments.len()
    }

    /// Every item and mention of the document in absolute offsets, in document order. Two
    /// parses of the same text must give equal results, however they were segmented.
    pub fn absolute_items(&self) -> (Vec<crate::items::Item>, Vec<crate::items::Mention>) {
        let mut items = Vec::new();
        let mut mentions = Vec::new();
        for (base, segment) in self.segments() {
            for item in &segment.items.items {
                let mut item = item.clone();
                item.shift(base);
                items.push(item);
            }
            for mention in &segment.items.mentions {
                let mut mention = mention.clone();
                mention.shift(base);
                mentions.push(mention);
            }
        }
        (items, mentions)
    }

    /// True when tree-sitter-md met a construct it could only parse with error recovery (it
    /// does, for instance, for a table row holding a lone `| `). Error recovery is not local:
    /// it can swallow the blocks that follow, so only parses without it are compared block
    /// for block with a whole-document parse.
    pub fn has_parse_errors(&self) -> bool {
        self.segments.iter().any(|(_, segment)| segment.has_error)
    }

    /// How many segments currently keep a tree.
    pub fn cached_tree_count(&self) -> usize {
        self.trees.len()
    }

    /// The same text analysed with other settings.
    pub fn with_config(&self, config: Arc<Config>) -> Document {
        Document::from_rope(self.rope.clone(), config)
    }

    /// Applies one edit and returns the next snapshot. Offsets outside the text are clamped
    /// and offsets inside a character are moved to its start, so any edit is accepted.
    pub fn edit(&self, edit: &TextEdit) -> Document {
        self.apply_edit(edit, false).document
    }

    /// Applies one edit like [`Document::edit`] and says whether the previous diagnostics can
    /// be carried over instead of recomputed.
    pub fn apply(&self, edit: &TextEdit) -> Edited {
        self.apply_edit(edit, true)
    }

    /// Applies one edit; compares the old and new items only when `compare` is set, since
    /// callers that do not carry diagnostics over need not pay for it.
    fn apply_edit(&self, edit: &TextEdit, compare: bool) -> Edited {
        let old_len = self.len();
        let start = self.floor_char_boundary(edit.range.start.min(old_len));
        let end = self.floor_char_boundary(edit.range.end.clamp(start, old_len));
        let mut rope = self.rope.clone();
        let char_start = rope.byte_to_char(start);
        let char_end = rope.byte_to_char(end);
        rope.remove(char_start..char_end);
        rope.insert(char_start, &edit.text);
        let new_end = start + edit.text.len();
        let delta = new_end as isize - end as isize;

        // A segment's first line is its heading: an edit there can merge the segment into the
        // one before, so re-splitting starts one segment earlier.
        let mut first = self.segments.index_at(start);
        if first > 0 && start <= self.line_end(self.segments.start(first)) {
            first -= 1;
        }
        // Front matter that appears, disappears or changes length moves every split point.
        let front_matter = rope_front_matter_len(&rope);
        if front_matter != self.front_matter {
            first = 0;
        }
        let scan_start = self.segments.start(first);

        // Re-split from `scan_start` until a split point lands on an old segment start past
        // the edit: from there on the text and its split points are unchanged.
        let (mut new_starts, resync) = self.rescan(&rope, scan_start, front_matter, start, end, new_end, delta);
        let mut resync_old_index = resync.map_or(self.segments.len(), |(index, _)| index);
        let mut region_end_new = resync.map_or(rope.len_bytes(), |(_, pos)| pos);

        // A segment that ends inside a fenced code block or an HTML block is joined to the
        // next one (see `join_open_segments`), which may be an old segment past the region.
        let mut rebuilt: Vec<Arc<Segment>> = Vec::with_capacity(new_starts.len());
        let mut trees = self.trees.clone();
        let mut joins = 0;
        while rebuilt.len() < new_starts.len() {
            let k = rebuilt.len();
            let seg_end = new_starts.get(k + 1).copied().unwrap_or(region_end_new);
            let segment = self.rebuild_segment(&rope, new_starts[k]..seg_end, start, end, new_end, delta, &mut trees);
            if !segment.leaves_block_open || seg_end >= rope.len_bytes() {
                rebuilt.push(segment);
                joins = 0;
                continue;
            }
            trees.retain(|(id, _)| *id != segment.id);
            joins += 1;
            if joins > MAX_JOINS {
                new_starts.truncate(k + 1);
                region_end_new = rope.len_bytes();
                resync_old_index = self.segments.len();
            } else if k + 1 < new_starts.len() {
                new_starts.remove(k + 1);
            } else if let Some((_, next)) = self.segments.get(resync_old_index) {
                region_end_new += next.len;
                resync_old_index += 1;
            } else {
                region_end_new = rope.len_bytes();
            }
        }
        // Trees of segments that this edit replaced are dead; the rest of the cache stays.
        let replaced: Vec<u64> = (first..resync_old_index)
            .filter_map(|index| self.segments.get(index).map(|(_, segment)| segment.id))
            .filter(|id| !rebuilt.iter().any(|segment| segment.id == *id))
            .collect();
        trees.retain(|(id, _)| !replaced.contains(id));
        trees.truncate(TREE_CACHE_SIZE);
        let mid_line = start > self.rope.line_to_byte(self.rope.byte_to_line(start));
        let map = OffsetMap::new(start, end, new_end, mid_line);
        let carry = if compare && front_matter == self.front_matter {
            self.compare(first..resync_old_index, &new_starts, &rebuilt, &map)
                .map(|changed| Carry { map, changed })
        } else {
            None
        };
        let document = Document {
            rope,
            config: self.config.clone(),
            segments: self.segments.splice(first..resync_old_index, rebuilt),
            trees,
            front_matter,
        };
        Edited { document, carry }
    }

    /// Compares the segments `old` of this document with the segments `rebuilt` (starting at
    /// `new_starts`) that replace them; see [`crate::edit::compare_segment`].
    fn compare(
        &self,
        old: Range<usize>,
        new_starts: &[usize],
        rebuilt: &[Arc<Segment>],
        map: &OffsetMap,
    ) -> Option<Vec<LocalChange>> {
        if old.len() != rebuilt.len() {
            return None;
        }
        // The lines the edit touches, in the old text: from the start of the edit's first line
        // to the end of the line holding its end (a deleted line ending joins the next line to
        // this one).
        let (start, old_end) = (map.start(), map.old_end());
        let lines = self.rope.line_to_byte(self.rope.byte_to_line(start))..self.line_end(old_end);
        let mut changed = Vec::new();
        for (index, (&new_start, new)) in old.zip(new_starts.iter().zip(rebuilt)) {
            let (old_start, old) = self.segments.get(index)?;
            if new_start != map.map_start(old_start) {
                return None;
            }
            if Arc::ptr_eq(old, new) {
                continue;
            }
            changed.extend(compare_segment(
                &self.rope,
                &old.items,
                &new.items,
                old_start,
                new_start,
                lines.clone(),
                map,
            )?);
        }
        Some(changed)
    }

    /// Applies several edits in order, each in the coordinates of the text before it.
    pub fn edit_all(&self, edits: &[TextEdit]) -> Document {
        let mut document = self.clone();
        for edit in edits {
            document = document.edit(edit);
        }
        document
    }

    #[allow(clippy::too_many_arguments)]
    fn rebuild_segment(
        &self,
        rope: &Rope,
        range: Range<usize>,
        start: usize,
        end: usize,
        new_end: usize,
        delta: isize,
        trees: &mut Vec<(u64, Tree)>,
    ) -> Arc<Segment> {
        // Map the segment back into the old text, when it lies wholly before or after the edit.
        let old_range = if range.end <= start {
            Some(range.clone())
        } else if range.start >= new_end && range.start > start {
            Some(shift_back(range.start, delta)..shift_back(range.end, delta))
        } else {
            None
        };
        if let Some(old_range) = old_range
            && let Some(index) = self.segments.index_starting_at(old_range.start)
            && let Some((old_start, old)) = self.segments.get(index)
            && old_start + old.len == old_range.end
        {
            return old.clone();
        }
        let text = slice_to_string(rope, range.clone());
        // The segment that held the edit, unchanged at both ends, reuses its tree.
        let mut old_tree = None;
        if let Some(index) = self.segments.index_starting_at(range.start)
            && let Some((_, old)) = self.segments.get(index)
        {
            let old_end = range.start + old.len;
            let both_end_lines =
                ends_with_line_ending(&text) && old_end > 0 && matches!(self.rope.byte(old_end - 1), b'\n' | b'\r');
            if start >= range.start
                && end <= old_end
                && shift_back(range.end, delta) == old_end
                && both_end_lines
                && let Some(position) = trees.iter().position(|(id, _)| *id == old.id)
            {
                let (_, mut tree) = trees.remove(position);
                let old_text = slice_to_string(&self.rope, range.start..old_end);
                tree.edit(&InputEdit {
                    start_byte: start - range.start,
                    old_end_byte: end - range.start,
                    new_end_byte: new_end - range.start,
                    start_position: point_at(&old_text, start - range.start),
                    old_end_position: point_at(&old_text, end - range.start),
                    new_end_position: point_at(&text, new_end - range.start),
                });
                old_tree = Some(tree);
            }
        }
        let parsed = parse_segment(&text, old_tree.as_ref());
        let segment = new_segment(&text, &parsed, &self.config);
        if parsed.cacheable {
            trees.insert(0, (segment.id, parsed.tree));
        }
        Arc::new(segment)
    }

    /// Scans lines from `scan_start` in the new text and returns the new split points and,
    /// when the scan met an old split point past the edit, that point's old index and new
    /// offset.
    #[allow(clippy::too_many_arguments)]
    fn rescan(
        &self,
        rope: &Rope,
        scan_start: usize,
        front_matter: Option<usize>,
        start: usize,
        end: usize,
        new_end: usize,
        delta: isize,
    ) -> (Vec<usize>, Option<(usize, usize)>) {
        let mut splitter = Splitter::default();
        let mut new_starts = vec![scan_start];
        let mut pos = scan_start;
        let skip_until = if scan_start == 0 { front_matter.unwrap_or(0) } else { 0 };
        let line_index = rope.byte_to_line(scan_start);
        for line in rope.lines_at(line_index) {
            let line_len = line.len_bytes();
            if line_len == 0 {
                break;
            }
            if pos >= skip_until {
                let text: std::borrow::Cow<str> = line.into();
                let text = if pos == 0 { &text[bom_len(&text)..] } else { &text[..] };
                if splitter.line(text) && pos > scan_start {
                    if pos >= new_end && pos > start {
                        let old_pos = shift_back(pos, delta);
                        if old_pos >= end
                            && let Some(index) = self.segments.index_starting_at(old_pos)
                        {
                            return (new_starts, Some((index, pos)));
                        }
                    }
                    new_starts.push(pos);
                }
            }
            pos += line_len;
        }
        (new_starts, None)
    }

    /// The offset of the end of the line that starts at `offset`.
    fn line_end(&self, offset: usize) -> usize {
        let line = self.rope.byte_to_line(offset);
        if line + 1 < self.rope.len_lines() {
            self.rope.line_to_byte(line + 1)
        } else {
            self.rope.len_bytes()
        }
    }

    fn floor_char_boundary(&self, offset: usize) -> usize {
        let offset = offset.min(self.rope.len_bytes());
        self.rope.char_to_byte(self.rope.byte_to_char(offset))
    }
}

/// Parses a segment as if it ended with a line ending. tree-sitter-md gives an error tree for
/// a document that is a single heading line without a final line ending (`# Title`), but a
/// heading for the same line after other text; parsing every segment with a final line ending
/// keeps the model independent of where the text was cut. Byte order marks that open the
/// segment (only the first one can start with them) are left out of the parse, as
/// [`new_segment`] leaves it out of the items. Returns the tree and whether it may be kept
/// for the next incremental parse: not when the parse read a masked text (see
/// [`crate::mask`]), whose changes an edit does not describe, nor for a segment so long
/// that its tree would hold hundreds of megabytes. It also says whether the segment ends
/// inside a block that would swallow the next segment's heading.
fn parse_segment(text: &str, old: Option<&Tree>) -> Parsed {
    let bom = bom_len(text);
    let text = &text[bom..];
    let masked = crate::mask::for_parse(text);
    let cacheable = bom == 0 && matches!(masked, std::borrow::Cow::Borrowed(_)) && text.len() <= MAX_CACHED_TREE_TEXT;
    let old = old.filter(|_| cacheable);
    let tree = if masked.is_empty() || ends_with_line_ending(&masked) {
        parse(&masked, old)
    } else {
        parse(&format!("{masked}\n"), None)
    };
    let leaves_block_open = crate::parse::leaves_block_open(&masked, &tree);
    Parsed {
        tree,
        cacheable,
        leaves_block_open,
    }
}

/// A segment's tree, with what [`parse_segment`] learnt about it.
struct Parsed {
    tree: Tree,
    /// Whether the tree may be kept for the next incremental parse.
    cacheable: bool,
    /// Whether the segment ends inside a fenced code block or an HTML block.
    leaves_block_open: bool,
}

/// The longest segment whose tree is kept for the next edit: tree-sitter-md keeps 50 to 90
/// bytes per byte of text, and a segment this long parses again in a few milliseconds.
const MAX_CACHED_TREE_TEXT: usize = 256 * 1024;

/// The length of the byte order marks (U+FEFF) at the start of `text`, or 0. Editors hide
/// them and markdown readers drop them, so a document that starts with one reads as if it did
/// not: `\u{feff}# Title` is a heading. All of them are left out, not only the first:
/// tree-sitter skips one at the start of any input it parses, so a second one left in would be
/// skipped by a whole-text parse and read by a line scan, and the two would disagree.
pub(crate) fn bom_len(text: &str) -> usize {
    text.len() - text.trim_start_matches('\u{feff}').len()
}

fn ends_with_line_ending(text: &str) -> bool {
    text.ends_with('\n') || text.ends_with('\r')
}

fn shift_back(offset: usize, delta: isize) -> usize {
    (offset as isize - delta).max(0) as usize
}

/// A segment of `text`, parsed by [`parse_segment`], with its items.
fn new_segment(text: &str, parsed: &Parsed, config: &Config) -> Segment {
    static NEXT_ID: AtomicU64 = AtomicU64::new(0);
    let bom = bom_len(text);
    let mut items = extract(&text[bom..], &parsed.tree, config);
    if bom > 0 {
        for item in &mut items.items {
            item.shift(bom);
        }
        for mention in &mut items.mentions {
            mention.shift(bom);
        }
    }
    Segment {
        id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
        len: text.len(),
        items: Arc::new(items),
        has_error: parsed.tree.root_node().has_error(),
        leaves_block_open: parsed.leaves_block_open,
        line_marks: std::sync::OnceLock::new(),
    }
}

/// Cuts a whole text into segment ranges.
/// Texts at least this long are parsed on several threads when opened: the segments are
/// independent, and a parse runs at a few megabytes a second on one.
const PARALLEL_PARSE: usize = 512 * 1024;

/// The most threads an open parses on.
const PARSE_THREADS: usize = 8;

/// About how many bytes of segments a thread takes at a time: enough to make taking them
/// cheap, few enough that the threads finish together.
const PARSE_BATCH: usize = 64 * 1024;

/// Parses and extracts each segment of `text`, in order; on several threads for a long text.
/// A panic on any thread is raised again on the caller's.
fn parse_segments(text: &str, ranges: &[Range<usize>], config: &Config) -> Vec<Arc<Segment>> {
    let one = |range: &Range<usize>| {
        Arc::new(new_segment(
            &text[range.clone()],
            &parse_segment(&text[range.clone()], None),
            config,
        ))
    };
    on_threads(ranges, |range| range.len(), one)
}

/// `work` applied to each of `items` (pieces of a text, `len` bytes each), in order; on
/// several threads when they hold [`PARALLEL_PARSE`] bytes or more. The threads, the caller's
/// among them, take runs of items of about [`PARSE_BATCH`] bytes in turn rather than a fixed
/// share each: segments differ in length, and on a busy machine one thread may be held up, so a
/// fixed share would leave the others idle at the end. A panic on any thread is raised again
/// on the caller's.
fn on_threads<T: Sync, R: Send>(items: &[T], len: impl Fn(&T) -> usize, work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(PARSE_THREADS));
    let bytes: usize = items.iter().map(&len).sum();
    if bytes < PARALLEL_PARSE || threads < 2 || items.len() < 2 {
        return items.iter().map(work).collect();
    }
    // Each batch is a run of whole items, cut once it holds PARSE_BATCH bytes.
    let mut batches = Vec::new();
    let (mut batch_start, mut batch_bytes) = (0, 0);
    for (index, item) in items.iter().enumerate() {
        batch_bytes += len(item);
        if batch_bytes >= PARSE_BATCH || index + 1 == items.len() {
            batches.push(batch_start..index + 1);
            (batch_start, batch_bytes) = (index + 1, 0);
        }
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let (work, batches) = (&work, &batches);
    let take = || {
        let mut done = Vec::new();
        while let Some(batch) = batches.get(next.fetch_add(1, Ordering::Relaxed)) {
            done.push((batch.start, items[batch.clone()].iter().map(work).collect::<Vec<_>>()));
        }
        done
    };
    let mut done = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads.min(batches.len())).map(|_| scope.spawn(take)).collect();
        let mut done = take();
        for helper in helpers {
            done.extend(helper.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)));
        }
        done
    });
    done.sort_unstable_by_key(|(start, _)| *start);
    done.into_iter().flat_map(|(_, results)| results).collect()
}

/// Joins each segment that ends inside a fenced code block or an HTML block to the next one,
/// as the whole-document parse would read them (see [`crate::parse::leaves_block_open`]): the
/// line scanner that cut the text cannot always tell whether an indented line belongs to a
/// list item, and the parse can. A segment joined [`MAX_JOINS`] times takes the rest of the
/// text, so that a text built to fool the scanner at every heading is parsed in linear time.
fn join_open_segments(
    text: &str,
    ranges: Vec<Range<usize>>,
    segments: Vec<Arc<Segment>>,
    config: &Config,
) -> Vec<Arc<Segment>> {
    let last = segments.len().saturating_sub(1);
    if !segments.iter().take(last).any(|segment| segment.leaves_block_open) {
        return segments;
    }
    let parse_range = |range: &Range<usize>| {
        Arc::new(new_segment(
            &text[range.clone()],
            &parse_segment(&text[range.clone()], None),
            config,
        ))
    };
    let mut joined = Vec::with_capacity(segments.len());
    let mut pairs = ranges.into_iter().zip(segments);
    while let Some((mut range, mut segment)) = pairs.next() {
        let mut joins = 0;
        while segment.leaves_block_open && range.end < text.len() {
            joins += 1;
            range.end = if joins > MAX_JOINS {
                pairs.by_ref().for_each(drop);
                text.len()
            } else {
                pairs.next().map_or(text.len(), |(next, _)| next.end)
            };
            segment = parse_range(&range);
        }
        joined.push(segment);
    }
    joined
}

/// How many times a segment is joined to the next before it takes the rest of the text.
const MAX_JOINS: usize = 4;

fn split_all(text: &str) -> Vec<Range<usize>> {
    let skip = front_matter_len(text).unwrap_or(0);
    let mut splitter = Splitter::default();
    let mut starts = vec![0];
    let mut pos = 0;
    for line in LinesWithEnds::new(text) {
        let content = if pos == 0 { &line[bom_len(line)..] } else { line };
        if pos >= skip && splitter.line(content) && pos > 0 {
            starts.push(pos);
        }
        pos += line.len();
    }
    let mut ranges = Vec::with_capacity(starts.len());
    for (k, &start) in starts.iter().enumerate() {
        ranges.push(start..starts.get(k + 1).copied().unwrap_or(text.len()));
    }
    ranges
}

/// The length of the front matter at the top of the text, reading only as far as needed.
fn rope_front_matter_len(rope: &Rope) -> Option<usize> {
    // A quick refusal: front matter opens with its marker, a space of indentation or a BOM.
    if !(rope.len_bytes() >= 3 && matches!(rope.byte(0), b'-' | b'+' | b' ' | 0xEF)) {
        return None;
    }
    front_matter_len_of_lines(rope.lines().map(std::borrow::Cow::<str>::from))
}

fn slice_to_string(rope: &Rope, range: Range<usize>) -> String {
    let mut out = String::with_capacity(range.len());
    for chunk in rope.byte_slice(range).chunks() {
        out.push_str(chunk);
    }
    out
}

/// The tree-sitter point (row, byte column) of `offset` in `text`.
fn point_at(text: &str, offset: usize) -> Point {
    let before = &text.as_bytes()[..offset.min(text.len())];
    let row = before.iter().filter(|&&b| b == b'\n').count();
    let column = before.iter().rev().take_while(|&&b| b != b'\n').count();
    Point { row, column }
}
