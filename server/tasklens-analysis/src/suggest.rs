//! "Did you mean": the task ID closest to one no task has. Comparing an unknown ID with every
//! task costs a comparison per task per unknown ID, quadratic in a document of unknown
//! dependencies (10,000 of them took 17 s). [`Suggestions`] indexes every ID with up to two
//! characters deleted (the symmetric-delete method): two IDs at most k edits apart share a
//! variant with at most k deleted on each side, so a lookup compares the unknown ID with the
//! IDs that share a variant of it, and looks two edits away only when nothing is one edit
//! away. The IDs one edit from a given one are bounded by its length and alphabet, whatever
//! the size of the document.
//!
//! A suggestion is at most [`MAX_EDITS`] edits away, and at most a third of the longer ID's
//! length (one edit for IDs of up to five characters). IDs longer than [`MAX_INDEXED_LEN`]
//! characters get no suggestion.

use std::collections::HashMap;
use std::hash::BuildHasher;

/// The most edits a suggestion is away from the unknown ID.
pub const MAX_EDITS: usize = 2;
/// IDs longer than this many characters are neither indexed nor given suggestions: each has
/// a number of variants that grows with the square of its length.
pub const MAX_INDEXED_LEN: usize = 32;

/// The task IDs of a document, indexed for "did you mean". The variants are kept as hashes,
/// sorted, beside the task that has each: building the index costs no string per variant,
/// and two variants that only share a hash make one more candidate, whose edit distance is
/// computed like any other's, so the answers are those of an index of the strings.
pub struct Suggestions {
    /// Each ID and each ID with one character deleted, with the tasks (the first with each
    /// ID) that have it.
    near: Vec<(u64, u32)>,
    /// Each ID of four characters or more with two deleted: only IDs that long can be two
    /// edits from an ID of six or more, the shortest allowed two edits. Built on first use
    /// (see [`Suggestions::far`]).
    far: std::cell::OnceCell<Vec<(u64, u32)>>,
    /// Each task's ID as characters, by task index; None for a task whose ID an earlier task
    /// has, or whose ID is too long to index.
    ids: Vec<Option<Vec<char>>>,
    /// Per task, the last query that compared it (so that a lookup compares each ID once).
    stamp: std::cell::RefCell<(Vec<u32>, u32)>,
}

impl Suggestions {
    /// Indexes the tasks' IDs, given in task order.
    pub fn new<'a>(task_ids: impl IntoIterator<Item = &'a str>) -> Suggestions {
        let mut near: Vec<(u64, u32)> = Vec::new();
        let mut seen: HashMap<&str, (), foldhash::fast::RandomState> = HashMap::default();
        let mut ids = Vec::new();
        let mut variants = Vec::new();
        for (index, id) in task_ids.into_iter().enumerate() {
            let chars: Vec<char> = id.chars().collect();
            if chars.len() > MAX_INDEXED_LEN || seen.insert(id, ()).is_some() {
                ids.push(None);
                continue;
            }
            variants.clear();
            within_one(&chars, &mut variants);
            near.extend(variants.iter().map(|&variant| (variant, index as u32)));
            ids.push(Some(chars));
        }
        near.sort_unstable();
        near.dedup();
        let stamp = std::cell::RefCell::new((vec![0; ids.len()], 0));
        Suggestions {
            near,
            far: std::cell::OnceCell::new(),
            ids,
            stamp,
        }
    }

    /// The task whose ID is closest to `id` by edit distance (the first in task order on a
    /// tie), when it is close enough to be a likely typo.
    pub fn closest(&self, id: &str) -> Option<usize> {
        let query: Vec<char> = id.chars().collect();
        if query.len() > MAX_INDEXED_LEN {
            return None;
        }
        let mut stamp = self.stamp.borrow_mut();
        let (stamps, current) = &mut *stamp;
        *current += 1;
        let mut best: Option<(usize, u32)> = None;
        let mut consider = |candidates: &[(u64, u32)], best: &mut Option<(usize, u32)>| {
            for &(_, candidate) in candidates {
                if stamps[candidate as usize] == *current {
                    continue;
                }
                stamps[candidate as usize] = *current;
                let Some(chars) = &self.ids[candidate as usize] else {
                    continue;
                };
                let distance = edit_distance(&query, chars);
                let limit = (query.len().max(chars.len()) / 3).clamp(1, MAX_EDITS);
                if distance <= limit && best.is_none_or(|best| (distance, candidate) < best) {
                    *best = Some((distance, candidate));
                }
            }
        };
        // Every ID one edit away shares a variant with at most one deletion on each side.
        let mut near_variants = Vec::new();
        within_one(&query, &mut near_variants);
        for &variant in &near_variants {
            consider(sharing(&self.near, variant), &mut best);
        }
        // Two edits only when nothing is one edit away.
        if best.is_none_or(|(distance, _)| distance > 1) && query.len() >= 4 {
            let far = self.far();
            for &variant in &near_variants {
                consider(sharing(far, variant), &mut best);
            }
            let mut far_variants = Vec::new();
            two_deleted(&query, &mut far_variants);
            for variant in far_variants {
                consider(sharing(&self.near, variant), &mut best);
                consider(sharing(far, variant), &mut best);
            }
        }
        best.map(|(_, index)| index as usize)
    }

    /// The index of IDs with two characters deleted, built on the first lookup that looks
    /// two edits away: most documents' unknown IDs are one edit from a task's, or none is
    /// long enough to be two away, and the index is most of the cost of building it all.
    fn far(&self) -> &[(u64, u32)] {
        self.far.get_or_init(|| {
            let mut far = Vec::new();
            let mut variants = Vec::new();
            for (index, chars) in self.ids.iter().enumerate() {
                let Some(chars) = chars.as_deref().filter(|chars| chars.len() >= 4) else {
                    continue;
                };
                variants.clear();
                two_deleted(chars, &mut variants);
                far.extend(variants.iter().map(|&variant| (variant, index as u32)));
            }
            far.sort_unstable();
            far.dedup();
            far
        })
    }
}

/// The entries of a sorted index that have a variant's hash.
fn sharing(index: &[(u64, u32)], variant: u64) -> &[(u64, u32)] {
    let start = index.partition_point(|&(hash, _)| hash < variant);
    let end = start + index[start..].partition_point(|&(hash, _)| hash == variant);
    &index[start..end]
}

/// The hash a variant is indexed by, the same in every run.
fn hash(word: &[char]) -> u64 {
    foldhash::fast::FixedState::with_seed(0).hash_one(word)
}

/// Appends the hashes of `chars` itself and with one character deleted. Deleting one
/// character of a run gives the same word whatever the position, so runs give one variant.
/// The words are built in a buffer on the stack: `chars` is at most [`MAX_INDEXED_LEN`] long.
fn within_one(chars: &[char], out: &mut Vec<u64>) {
    out.push(hash(chars));
    let mut buffer = ['\0'; MAX_INDEXED_LEN];
    for skip in 0..chars.len() {
        if skip > 0 && chars[skip] == chars[skip - 1] {
            continue;
        }
        out.push(hash(without(chars, skip, None, &mut buffer)));
    }
}

/// Appends the hashes of `chars` with two characters deleted, each variant once.
fn two_deleted(chars: &[char], out: &mut Vec<u64>) {
    let from = out.len();
    let mut buffer = ['\0'; MAX_INDEXED_LEN];
    for first in 0..chars.len() {
        for second in first + 1..chars.len() {
            out.push(hash(without(chars, first, Some(second), &mut buffer)));
        }
    }
    out[from..].sort_unstable();
    let mut kept = from;
    for at in from..out.len() {
        if kept == from || out[at] != out[kept - 1] {
            out[kept] = out[at];
            kept += 1;
        }
    }
    out.truncate(kept);
}

/// `chars` without the characters at `skip` and `also`, written into `buffer`.
fn without<'b>(
    chars: &[char],
    skip: usize,
    also: Option<usize>,
    buffer: &'b mut [char; MAX_INDEXED_LEN],
) -> &'b [char] {
    let mut len = 0;
    for (at, &c) in chars.iter().enumerate() {
        if at != skip && Some(at) != also {
            buffer[len] = c;
            len += 1;
        }
    }
    &buffer[..len]
}

/// The hashes of `chars` with at most one character deleted, and with exactly two deleted,
/// each variant once.
#[cfg(test)]
fn deletions(chars: &[char]) -> [Vec<u64>; 2] {
    let (mut within, mut two) = (Vec::new(), Vec::new());
    within_one(chars, &mut within);
    two_deleted(chars, &mut two);
    [within, two]
}

/// The Levenshtein distance between two strings of characters, in two rows on the stack for
/// IDs that are indexed (longer ones on the heap).
pub fn edit_distance(a: &[char], b: &[char]) -> usize {
    const ROW: usize = MAX_INDEXED_LEN + 1;
    let (mut stack_previous, mut stack_current) = ([0usize; ROW], [0usize; ROW]);
    let (mut heap_previous, mut heap_current) = (Vec::new(), Vec::new());
    let (previous, current): (&mut [usize], &mut [usize]) = if b.len() < ROW {
        (&mut stack_previous[..=b.len()], &mut stack_current[..=b.len()])
    } else {
        heap_previous.resize(b.len() + 1, 0);
        heap_current.resize(b.len() + 1, 0);
        (&mut heap_previous[..], &mut heap_current[..])
    };
    for (j, cell) in previous.iter_mut().enumerate() {
        *cell = j;
    }
    let (mut previous, mut current) = (previous, current);
    for (i, ca) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn two_ids_within_two_edits_share_a_variant() {
        for (a, b) in [
            ("2.9", "2.1"),
            ("T001", "T01"),
            ("TASK-002", "TASK-020"),
            ("1.10", "1.1"),
            ("任务1", "任务2"),
        ] {
            assert!(edit_distance(&chars(a), &chars(b)) <= 2);
            let all = |s: &str| deletions(&chars(s)).concat();
            let (va, vb) = (all(a), all(b));
            assert!(va.iter().any(|v| vb.contains(v)), "{a} and {b}");
        }
    }

    /// The closest ID by comparing with every task, as the index must find it.
    fn brute_force(ids: &[String], id: &str) -> Option<usize> {
        let query = chars(id);
        let mut best: Option<(usize, usize)> = None;
        for (index, candidate) in ids.iter().enumerate() {
            if ids[..index].contains(candidate) {
                continue;
            }
            let candidate = chars(candidate);
            let distance = edit_distance(&query, &candidate);
            let limit = (query.len().max(candidate.len()) / 3).clamp(1, MAX_EDITS);
            if distance <= limit && best.is_none_or(|(d, _)| distance < d) {
                best = Some((distance, index));
            }
        }
        best.map(|(_, index)| index)
    }

    proptest::proptest! {
        #[test]
        fn the_index_finds_what_comparing_with_every_id_finds(
            ids in proptest::collection::vec("[0-3.T-]{1,9}", 1..40),
            queries in proptest::collection::vec("[0-3.T-]{1,9}", 1..10),
        ) {
            let suggestions = Suggestions::new(ids.iter().map(String::as_str));
            for query in &queries {
                proptest::prop_assert_eq!(suggestions.closest(query), brute_force(&ids, query), "{}", query);
            }
        }
    }

    #[test]
    fn distances() {
        assert_eq!(edit_distance(&chars("kitten"), &chars("sitting")), 3);
        assert_eq!(edit_distance(&chars(""), &chars("ab")), 2);
        assert_eq!(edit_distance(&chars("2.9"), &chars("2.1")), 1);
    }
}
