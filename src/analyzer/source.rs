//! Source files and positions: spans are byte ranges into a file, turned
//! into 1-based lines and columns only when a diagnostic is reported.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::OnceLock;

/// Index of a file in a [`Sources`] table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub usize);

/// A place in a source file.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Span {
    pub file: FileId,
    pub range: Range<usize>,
}

/// A 1-based line and column (columns count characters, as editors do).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

pub struct SourceFile {
    /// The path relative to the template directory, as reports show it.
    pub path: PathBuf,
    /// The file as written, which reports show.
    pub text: String,
    /// What the parser reads instead, for a file in another syntax
    /// (`*.tf.json`). Spans are offsets into its text.
    translation: Option<Translation>,
    /// Found on the first position asked for: most files of a clean
    /// template never need one.
    line_starts: OnceLock<Vec<usize>>,
}

impl SourceFile {
    pub fn new(path: PathBuf, text: String) -> Self {
        SourceFile {
            path,
            text,
            translation: None,
            line_starts: OnceLock::new(),
        }
    }

    /// A file written as `text`, parsed as `translation`.
    pub fn translated(path: PathBuf, text: String, translation: Translation) -> Self {
        SourceFile {
            translation: Some(translation),
            ..SourceFile::new(path, text)
        }
    }

    /// Whether the file is in another syntax than the one parsed.
    pub fn is_translated(&self) -> bool {
        self.translation.is_some()
    }

    /// The text spans point into.
    pub fn parsed_text(&self) -> &str {
        self.translation
            .as_ref()
            .map_or(&self.text, |translation| &translation.text)
    }

    /// Where a span's range lies in the file as written, on character
    /// boundaries, never reversed.
    pub fn shown(&self, range: &Range<usize>) -> Range<usize> {
        let (start, end) = match &self.translation {
            None => (range.start, range.end),
            Some(Translation { map, .. }) => {
                let start = map.original(range.start);
                let end = if range.end > range.start {
                    map.original_end(range.end - 1)
                } else {
                    start
                };
                (start, end)
            }
        };
        let start = floor_char_boundary(&self.text, start);
        start..ceil_char_boundary(&self.text, end).max(start)
    }

    /// Start and end positions of a span's range in the file as written
    /// (the end exclusive, as editors expect).
    pub fn positions(&self, range: &Range<usize>) -> (Position, Position) {
        let shown = self.shown(range);
        (self.position(shown.start), self.position(shown.end))
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        })
    }

    /// The position of an offset into the file as written.
    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line_starts = self.line_starts();
        let line = line_starts.partition_point(|start| *start <= offset) - 1;
        let start = line_starts[line];
        let column = self
            .text
            .get(start..offset)
            .map_or(offset - start, |prefix| prefix.chars().count())
            + 1;
        Position {
            line: line + 1,
            column,
        }
    }

    /// The text of a 1-based line, without its line break.
    pub fn line(&self, line: usize) -> &str {
        let line_starts = self.line_starts();
        let Some(start) = line_starts.get(line.wrapping_sub(1)).copied() else {
            return "";
        };
        let end = line_starts.get(line).copied().unwrap_or(self.text.len());
        self.text
            .get(start..end)
            .unwrap_or_default()
            .trim_end_matches(['\n', '\r'])
    }
}

/// The largest character boundary at or before `offset` (parsers may report
/// byte offsets inside a character).
pub fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The smallest character boundary at or after `offset`.
fn ceil_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset
}

/// A file in the native syntax, made from one in another.
#[derive(Debug)]
pub struct Translation {
    pub text: String,
    pub map: OffsetMap,
}

/// Leads offsets in a translated text back to the file it was made from.
#[derive(Debug, Default)]
pub struct OffsetMap {
    /// Sorted by `generated`.
    segments: Vec<Segment>,
}

/// Bytes of the translation from `generated` on, until the next segment:
/// the first `len` stand byte for byte at `original`; the rest is the
/// translation's own text, shown at the last of those (or at `original`).
#[derive(Clone, Copy, Debug)]
struct Segment {
    generated: usize,
    original: usize,
    len: usize,
}

impl OffsetMap {
    /// Translated text from `generated` on is shown at `original`.
    pub fn anchor(&mut self, generated: usize, original: usize) {
        self.segments.push(Segment {
            generated,
            original,
            len: 0,
        });
    }

    /// `len` bytes from `generated` on are those at `original`.
    pub fn lockstep(&mut self, generated: usize, original: usize, len: usize) {
        if len == 0 {
            return;
        }
        if let Some(last) = self.segments.last_mut() {
            if last.len > 0
                && last.generated + last.len == generated
                && last.original + last.len == original
            {
                last.len += len;
                return;
            }
        }
        self.segments.push(Segment {
            generated,
            original,
            len,
        });
    }

    fn segment(&self, generated: usize) -> Option<Segment> {
        let after = self.segments.partition_point(|s| s.generated <= generated);
        after.checked_sub(1).map(|index| self.segments[index])
    }

    /// Where the byte at `generated` came from.
    pub fn original(&self, generated: usize) -> usize {
        self.segment(generated).map_or(0, |s| {
            s.original + (generated - s.generated).min(s.len.saturating_sub(1))
        })
    }

    /// Just past where the byte at `generated` came from.
    fn original_end(&self, generated: usize) -> usize {
        self.original(generated) + 1
    }
}

/// Every file read for one template.
#[derive(Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        FileId(self.files.len() - 1)
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0]
    }

    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files.iter().enumerate().map(|(i, f)| (FileId(i), f))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_characters() {
        let file = SourceFile::new("main.tf".into(), "a = 1\nbé = \"x\"\n".into());
        assert_eq!(file.position(0), Position { line: 1, column: 1 });
        assert_eq!(file.position(6), Position { line: 2, column: 1 });
        // "bé = " is 6 bytes but 5 characters.
        assert_eq!(file.position(12), Position { line: 2, column: 6 });
        assert_eq!(file.line(2), "bé = \"x\"");
        assert_eq!(file.line(9), "");
    }
}
