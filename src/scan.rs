//! The glue: expands the inputs into paths, runs extract → match → assess on each in parallel, and hands the
//! results to a sink in input order — the order of the arguments, and sorted paths within a folder — whatever
//! the thread count, so the same inputs always give byte-identical output.
//!
//! Each worker thread takes the next path from the walk itself (so walking overlaps with analysis), analyses
//! it and sends the entries back a few at a time; the calling thread puts entries back in input order and hands
//! them to the sink as soon as they are next. Workers never run more than a bounded window of documents ahead of the sink, so
//! memory does not grow with the number of documents, even when one slow document holds up the order. A panic
//! while handling one document is caught and reported as that document's `internal` failure; the batch goes
//! on.

use std::collections::{BTreeMap, VecDeque};
use std::ffi::OsString;
use std::fs::{File, Metadata};
use std::io::{self, Read};
use std::os::unix::fs::MetadataExt;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, LazyLock, Mutex, mpsc};

use globset::GlobSet;
use regex::Regex;
use sha2::{Digest, Sha256};
use walkdir::WalkDir;

use crate::assess::{AssessOptions, assess};
use crate::document::{Document, Kind};
use crate::extract::budget::Budget;
use crate::extract::{ExtractOptions, Rejection, extract_within};
use crate::lexicon::Lexicons;
use crate::long_path::{self, Found};
use crate::matcher::Matcher;
use crate::outcome::{Analysis, Entry, ErrorKind, Failure, Outcome, Skip, SkipKind};
use crate::redact::{hide_name, pseudonym, redact, resume_name};

/// Default for `--max-file-size`: no real resume or posting comes near it.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 50 << 20;
/// Documents a worker may run ahead of the sink, per thread.
const WINDOW_PER_THREAD: usize = 32;

/// One thing to analyse, as the user named it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// A file or folder.
    Path(PathBuf),
    /// One document read from standard input (`-`).
    Stdin,
}

/// How to walk and analyse.
#[derive(Clone, Debug)]
pub struct ScanOptions {
    /// Follow symbolic links inside folders.
    pub follow: bool,
    /// Deepest folder level to enter (1 = only the folder's own files).
    pub max_depth: Option<usize>,
    /// Only files inside folders whose relative path these globs accept (explicit files are always read).
    pub globs: Option<Globs>,
    /// Worker threads (0 = one per core).
    pub threads: usize,
    /// Treat every document as this kind instead of detecting it.
    pub kind: Option<Kind>,
    /// Assessment settings.
    pub assess: AssessOptions,
    /// Replace the role nouns (`architect(s)`, `engineer(s)`) by `specialist` before matching (evaluation).
    pub mask_role_words: bool,
    /// Replace e-mail addresses, phone numbers and profile links in the text before anything sees it.
    pub redact: bool,
    /// Replace each path by a pseudonym made from the document's content hash.
    pub redact_paths: bool,
    /// Analyse only this part of the inputs (`--shard K/N`).
    pub shard: Option<Shard>,
    /// Larger files fail with `too_large`.
    pub max_file_size: u64,
    /// Extraction settings.
    pub extract: ExtractOptions,
    /// With `follow`, also follow links that lead outside the folders and files given (otherwise they are
    /// skipped with `symlink_outside`).
    pub follow_outside: bool,
    /// The report this run is writing, if it is a file: a walk that meets it lists it as `report_output` and
    /// never reads it.
    pub report_output: Option<ReportOutput>,
}

/// A file's identity, its device and inode: the same file under any name and through any link.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FileId {
    /// The device the file is on.
    pub dev: u64,
    /// Its inode number on that device.
    pub ino: u64,
}

impl FileId {
    /// The identity of the file `meta` describes.
    pub fn of(meta: &Metadata) -> FileId {
        FileId { dev: meta.dev(), ino: meta.ino() }
    }
}

/// The report being written while the scan runs (`-o` into a scanned folder), so the walk leaves it out and
/// lists it as `skipped` (`report_output`) instead of reading half a report as a document.
#[derive(Clone, Debug, Default)]
pub struct ReportOutput {
    /// The file the report replaces or writes into, as it was when the run started.
    pub target: Option<FileId>,
    /// The temporary file the report is written to before it is renamed over the target.
    pub temp: Option<TempReport>,
}

/// A report's temporary file, which the walk lists under the name it will have, in that name's place in the
/// order: the report reads the same whichever temporary name was drawn, and whether the target existed.
#[derive(Clone, Debug)]
pub struct TempReport {
    /// The temporary file.
    pub id: FileId,
    /// Its name.
    pub name: OsString,
    /// The name of the report it will become.
    pub stands_for: OsString,
}

impl Default for ScanOptions {
    fn default() -> Self {
        ScanOptions {
            follow: false,
            max_depth: None,
            globs: None,
            threads: 0,
            kind: None,
            assess: AssessOptions::default(),
            mask_role_words: false,
            redact: false,
            redact_paths: false,
            shard: None,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            extract: ExtractOptions::default(),
            follow_outside: false,
            report_output: None,
        }
    }
}

/// Include and exclude (`!pattern`) globs.
#[derive(Clone, Debug)]
pub struct Globs {
    /// Patterns a path must match (empty = all).
    pub include: GlobSet,
    /// Patterns a path must not match.
    pub exclude: GlobSet,
}

impl Globs {
    fn accepts(&self, relative: &Path) -> bool {
        (self.include.is_empty() || self.include.is_match(relative)) && !self.exclude.is_match(relative)
    }
}

/// Counts of a finished scan.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Inputs accounted for.
    pub documents: usize,
    /// Analysed.
    pub ok: usize,
    /// Skipped.
    pub skipped: usize,
    /// Failed.
    pub failed: usize,
    /// Analysed documents per fit value (role ids, `hybrid`, `unclear`), in lexicon order then those two.
    pub fits: Vec<(String, usize)>,
}

impl Summary {
    /// An empty summary with a zero count for every fit value of `lexicons`.
    pub fn new(lexicons: &Lexicons) -> Summary {
        let fits = lexicons
            .roles
            .iter()
            .map(|r| r.id.clone())
            .chain(["hybrid".into(), "unclear".into()])
            .map(|f| (f, 0))
            .collect();
        Summary { fits, ..Summary::default() }
    }

    /// Counts one entry.
    pub fn add(&mut self, entry: &Entry) {
        match &entry.outcome {
            Outcome::Analysed(a) => self.count("ok", Some(a.assessment.fit.as_str())),
            Outcome::Skipped(_) => self.count("skipped", None),
            Outcome::Failed(_) => self.count("failed", None),
        }
    }

    /// Counts a document by its report `status` (`ok`, `skipped`, `failed`) and, when analysed, its `fit`.
    pub fn count(&mut self, status: &str, fit: Option<&str>) {
        self.documents += 1;
        match status {
            "ok" => {
                self.ok += 1;
                if let Some(slot) = self.fits.iter_mut().find(|(f, _)| Some(f.as_str()) == fit) {
                    slot.1 += 1;
                }
            }
            "skipped" => self.skipped += 1,
            _ => self.failed += 1,
        }
    }
}

/// A path found by the walk, and whether it can be read.
#[derive(Debug)]
pub enum Source {
    /// A regular file to analyse.
    File(PathBuf),
    /// Standard input.
    Stdin,
    /// Known already not to be analysed.
    Settled(Entry<'static>),
}

/// Expands `inputs` into every path met, in input order (folders sorted by name), including the ones that
/// will be skipped or fail, so the report can account for each; each with the index of the input it was found
/// under.
pub fn walk<'a>(inputs: &'a [Input], options: &'a ScanOptions) -> impl Iterator<Item = (usize, Source)> + Send + 'a {
    // Where followed links may lead: the folders and files given, resolved.
    let roots: Vec<PathBuf> = if options.follow && !options.follow_outside {
        inputs
            .iter()
            .filter_map(|i| match i {
                Input::Path(p) => std::fs::canonicalize(p).ok(),
                Input::Stdin => None,
            })
            .collect()
    } else {
        Vec::new()
    };
    let roots = std::sync::Arc::new(roots);
    inputs.iter().enumerate().flat_map(move |(index, input)| -> Box<dyn Iterator<Item = (usize, Source)> + Send> {
        let sources: Box<dyn Iterator<Item = Source> + Send> = match input {
            Input::Stdin => Box::new(std::iter::once(Source::Stdin)),
            Input::Path(path) => match metadata(path, true) {
                Err(e) => Box::new(std::iter::once(settled_failure(path, ErrorKind::Io, format!("cannot read: {e}")))),
                Ok(meta) if meta.is_dir() => Box::new(walk_folder(path, options, std::sync::Arc::clone(&roots))),
                Ok(meta) => Box::new(std::iter::once(match report_skip(options, &meta, false) {
                    Some(ReportSkip::Listed(skip)) => settled_skip(path.clone(), skip),
                    _ => file_source(path.clone(), &meta),
                })),
            },
        };
        Box::new(sources.map(move |source| (index, source)))
    })
}

/// One of `count` parts of a run's inputs (`--shard K/N`), numbered from 1: the processes given `1/N` … `N/N`
/// over the same inputs analyse every input exactly once between them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    /// This part, 1 to `count`.
    pub part: u64,
    /// How many parts.
    pub count: u64,
}

impl Shard {
    /// Reads `K/N` (1 ≤ K ≤ N).
    pub fn parse(text: &str) -> Option<Shard> {
        let (part, count) = text.split_once('/')?;
        let (part, count) = (part.trim().parse().ok()?, count.trim().parse().ok()?);
        (1..=count).contains(&part).then_some(Shard { part, count })
    }

    /// Whether the input whose shard key is `key` is this part's. The key does not depend on the machine: it is a
    /// path relative to the folder given (or a file's path as given), hashed.
    pub fn owns(&self, key: &Path) -> bool {
        use std::os::unix::ffi::OsStrExt;
        let digest = Sha256::digest(key.as_os_str().as_bytes());
        let hash = u64::from_be_bytes(digest[..8].try_into().unwrap_or_default());
        hash % self.count == self.part - 1
    }
}

/// The shard key of a source found under `input`: its path relative to the folder given, or the path of a file
/// as given; `-` for standard input.
fn shard_key<'p>(input: &'p Input, source: &'p Source) -> &'p Path {
    let path = match source {
        Source::File(path) => path,
        Source::Settled(entry) => &entry.path,
        Source::Stdin => return Path::new("-"),
    };
    match input {
        Input::Path(root) => path.strip_prefix(root).ok().filter(|r| !r.as_os_str().is_empty()).unwrap_or(path),
        Input::Stdin => path,
    }
}

/// What the walk does with a path that is (part of) this run's report.
enum ReportSkip {
    /// List it as skipped.
    Listed(Skip),
    /// The file the report replaces: its temporary file is listed in its place.
    Replaced,
}

/// Whether `meta` is this run's report, and what the walk does with it (`is_link`: it was met through a link).
fn report_skip(options: &ScanOptions, meta: &Metadata, is_link: bool) -> Option<ReportSkip> {
    let report = options.report_output.as_ref()?;
    let id = FileId::of(meta);
    let this_report = || Skip::new(SkipKind::ReportOutput, "the report this run is writing (-o)");
    if report.temp.as_ref().is_some_and(|t| t.id == id) {
        Some(ReportSkip::Listed(this_report()))
    } else if report.target == Some(id) {
        // The file being replaced has one name (hard-linked files are written in place, with no temporary
        // file); a link to it is listed under its own name.
        Some(if report.temp.is_some() && !is_link { ReportSkip::Replaced } else { ReportSkip::Listed(this_report()) })
    } else {
        None
    }
}

fn walk_folder<'a>(
    root: &'a Path,
    options: &'a ScanOptions,
    roots: std::sync::Arc<Vec<PathBuf>>,
) -> impl Iterator<Item = Source> + 'a {
    let mut walker = WalkDir::new(root).follow_links(options.follow).min_depth(1);
    walker = match options.report_output.as_ref().and_then(|r| r.temp.clone()) {
        // The report's temporary file sorts where the report's own name does.
        Some(temp) => walker.sort_by(move |a, b| sort_name(a, &temp).cmp(sort_name(b, &temp))),
        None => walker.sort_by_file_name(),
    };
    if let Some(depth) = options.max_depth {
        walker = walker.max_depth(depth);
    }
    let mut entries = walker.into_iter();
    // What a folder too long to open by its path holds, listed another way.
    let mut listed: VecDeque<Source> = VecDeque::new();
    std::iter::from_fn(move || {
        loop {
            if let Some(source) = listed.pop_front() {
                return Some(source);
            }
            match entries.next()? {
                Err(e) if e.io_error().is_some_and(long_path::is_too_long) && e.path().is_some() => {
                    let path = e.path().map(Path::to_path_buf).unwrap_or_default();
                    listed.extend(too_long(root, options, &path, e.depth()));
                }
                entry => {
                    if let Some(source) = folder_entry(root, options, &roots, entry, &mut entries) {
                        return Some(source);
                    }
                }
            }
        }
    })
}

/// `std::fs::metadata` (or `symlink_metadata` unless `follow`), also for a path longer than the system takes in
/// one call.
fn metadata(path: &Path, follow: bool) -> io::Result<Metadata> {
    let direct = if follow { std::fs::metadata(path) } else { std::fs::symlink_metadata(path) };
    match direct {
        Err(e) if long_path::is_too_long(&e) => long_path::metadata(path, follow),
        other => other,
    }
}

/// What the walk met at `path` (`depth` below the root), which it could not open because the path is longer
/// than the system takes in one call: the folder's files, listed one folder at a time, or the file itself.
fn too_long(root: &Path, options: &ScanOptions, path: &Path, depth: usize) -> Vec<Source> {
    match metadata(path, options.follow) {
        Ok(meta) if meta.is_dir() => {}
        Ok(meta) => return vec![file_source(path.to_path_buf(), &meta)],
        Err(e) => return vec![settled_failure(path, ErrorKind::Io, format!("cannot read: {e}"))],
    }
    let levels = options.max_depth.map(|max| max.saturating_sub(depth));
    long_path::list(path, levels)
        .into_iter()
        .filter_map(|(path, found)| {
            let relative = path.strip_prefix(root).unwrap_or(&path);
            let accepted = options.globs.as_ref().is_none_or(|g| g.accepts(relative));
            Some(match found {
                Found::Unlisted(why) => settled_failure(&path, ErrorKind::Io, why),
                _ if !accepted => return None,
                Found::File if is_report_temp(&path) => settled_skip(path, leftover_report()),
                Found::File => Source::File(path),
                Found::Symlink => settled_skip(
                    path,
                    Skip::new(SkipKind::Symlink, "symbolic link not followed (its path is too long to follow safely)"),
                ),
                Found::Special => not_a_file(path),
            })
        })
        .collect()
}

/// Whether `path` is named like a report's temporary file.
fn is_report_temp(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n.as_encoded_bytes().starts_with(crate::report::TEMP_PREFIX.as_bytes()))
}

/// The skip of a report's temporary file that is not this run's.
fn leftover_report() -> Skip {
    Skip::new(
        SkipKind::ReportOutput,
        "temporary file of a rolefit report (being written by another run, or left by one that was killed); not \
         read",
    )
}

/// The name an entry sorts by: its own, or for the report's temporary file the report's.
fn sort_name<'e>(entry: &'e walkdir::DirEntry, temp: &'e TempReport) -> &'e std::ffi::OsStr {
    if entry.file_name() == temp.name { &temp.stands_for } else { entry.file_name() }
}

/// What one entry of a folder's walk becomes, if anything (folders themselves are not listed).
fn folder_entry(
    root: &Path,
    options: &ScanOptions,
    roots: &[PathBuf],
    entry: walkdir::Result<walkdir::DirEntry>,
    entries: &mut walkdir::IntoIter,
) -> Option<Source> {
    let entry = match entry {
        Ok(entry) => entry,
        Err(e) => {
            let path = e.path().map_or_else(|| root.to_path_buf(), Path::to_path_buf);
            return Some(if e.loop_ancestor().is_some() {
                settled_skip(path, Skip::new(SkipKind::Symlink, "symbolic link loop"))
            } else {
                settled_failure(
                    &path,
                    ErrorKind::Io,
                    format!("cannot read: {}", e.io_error().map_or_else(|| e.to_string(), ToString::to_string)),
                )
            });
        }
    };
    let followed_outside = || {
        options.follow
            && !options.follow_outside
            && entry.path_is_symlink()
            && std::fs::canonicalize(entry.path()).is_ok_and(|real| !roots.iter().any(|r| real.starts_with(r)))
    };
    if entry.file_type().is_dir() {
        if !followed_outside() {
            return None;
        }
        entries.skip_current_dir();
        return Some(settled_skip(entry.path().to_path_buf(), outside_skip(entry.path())));
    }
    let temp = options.report_output.as_ref().and_then(|r| r.temp.as_ref()).filter(|t| entry.file_name() == t.name);
    // This run's temporary report is listed under the report's name.
    let path = match temp {
        Some(t) => entry.path().with_file_name(&t.stands_for),
        None => entry.path().to_path_buf(),
    };
    let relative = path.strip_prefix(root).unwrap_or(&path);
    if options.globs.as_ref().is_some_and(|g| !g.accepts(relative)) {
        return None;
    }
    if entry.path_is_symlink() && !options.follow {
        return Some(settled_skip(path, Skip::new(SkipKind::Symlink, "symbolic link not followed (use --follow)")));
    }
    if followed_outside() {
        return Some(settled_skip(path, outside_skip(entry.path())));
    }
    let meta = match entry.metadata() {
        Ok(meta) => meta,
        Err(e) if e.io_error().is_some_and(long_path::is_too_long) => match metadata(entry.path(), options.follow) {
            Ok(meta) => meta,
            Err(e) => return Some(settled_failure(&path, ErrorKind::Io, format!("cannot read: {e}"))),
        },
        Err(e) => return Some(settled_failure(&path, ErrorKind::Io, format!("cannot read: {e}"))),
    };
    // Another folder's file that happens to bear the temporary file's name keeps its own.
    let path = if temp.is_some_and(|t| t.id != FileId::of(&meta)) { entry.path().to_path_buf() } else { path };
    match report_skip(options, &meta, entry.path_is_symlink()) {
        Some(ReportSkip::Listed(skip)) => return Some(settled_skip(path, skip)),
        Some(ReportSkip::Replaced) => return None,
        None => {}
    }
    if is_report_temp(entry.path()) {
        // Half a report is not a document; a leftover one should not vanish from the listing either.
        return Some(settled_skip(path, leftover_report()));
    }
    Some(file_source(path, &meta))
}

/// The skip of a followed link that leads outside the folders and files given. It names the target as the link
/// states it (`/proc/self/environ`), not as resolved (`/proc/4242/environ`): the report stays the same run to run.
fn outside_skip(link: &Path) -> Skip {
    let target = std::fs::read_link(link).map(|t| t.display().to_string()).unwrap_or_default();
    Skip::new(
        SkipKind::SymlinkOutside,
        format!("symbolic link to {target}, outside the folders and files given (use --follow-outside to read it)"),
    )
}

fn file_source(path: PathBuf, meta: &Metadata) -> Source {
    if meta.is_file() { Source::File(path) } else { not_a_file(path) }
}

fn not_a_file(path: PathBuf) -> Source {
    settled_skip(path, Skip::new(SkipKind::NotAFile, "not a regular file (FIFO, socket or device)"))
}

fn settled_skip(path: PathBuf, skip: Skip) -> Source {
    Source::Settled(Entry::new(path, Outcome::Skipped(skip)))
}

fn settled_failure(path: &Path, kind: ErrorKind, message: String) -> Source {
    Source::Settled(Entry::new(path.to_path_buf(), Outcome::Failed(Failure::new(kind, message))))
}

/// Everything the middle stages need, shared by all threads.
pub struct Pipeline<'a> {
    /// The lexicons.
    pub lexicons: &'a Lexicons,
    /// The compiled lexicons.
    pub matcher: &'a Matcher,
    /// Settings.
    pub options: &'a ScanOptions,
}

impl<'l> Pipeline<'l> {
    /// Analyses every input and hands each entry to `sink` in input order. `stdin` is the document read from
    /// standard input, if `-` was given. Stops early only if the sink fails.
    pub fn run(
        &self,
        inputs: &[Input],
        stdin: Option<&[u8]>,
        sink: &mut dyn FnMut(Entry<'l>) -> io::Result<()>,
    ) -> io::Result<Summary> {
        let threads = match self.options.threads {
            0 => std::thread::available_parallelism().map_or(1, usize::from),
            n => n,
        };
        let shard = self.options.shard;
        // Every input has its ordinal, the position it would have in one run; a shard analyses only its own.
        let sources = walk(inputs, self.options).enumerate().filter_map(move |(ordinal, (input, source))| {
            let ours = shard.is_none_or(|s| s.owns(shard_key(&inputs[input], &source)));
            ours.then_some((ordinal as u64, source))
        });
        let queue = Queue::new(sources, WINDOW_PER_THREAD * threads);
        let (done, finished) = mpsc::channel::<Vec<(usize, Entry<'l>)>>();
        std::thread::scope(|scope| {
            for i in 0..threads {
                let (queue, done) = (&queue, done.clone());
                std::thread::Builder::new()
                    .name(format!("{WORKER_THREAD_PREFIX}-{i}"))
                    .spawn_scoped(scope, move || self.work(queue, &done, stdin))?;
            }
            drop(done);
            let result = self.deliver(&finished, &queue, sink);
            // On a sink error, workers stop taking documents; the scope waits for the ones in progress.
            queue.stop();
            result
        })
    }

    /// One worker: analyses sources from `queue` until it is done, and hands the entries to `done` a few at a
    /// time (one wake-up of the delivering thread per batch, not per document). A batch is sent before waiting
    /// for the window, which only the delivering thread can open.
    fn work(
        &self,
        queue: &Queue<impl Iterator<Item = (u64, Source)>>,
        done: &mpsc::Sender<Vec<(usize, Entry<'l>)>>,
        stdin: Option<&[u8]>,
    ) {
        let mut batch = Vec::with_capacity(BATCH);
        loop {
            let next = match queue.try_next() {
                Taken::Source(next) => Some(next),
                Taken::Wait => {
                    if !batch.is_empty() && done.send(std::mem::take(&mut batch)).is_err() {
                        return;
                    }
                    queue.next()
                }
                Taken::Done => None,
            };
            let Some((index, (ordinal, source))) = next else { break };
            let mut entry = self.entry(source, stdin);
            entry.ordinal = Some(ordinal);
            batch.push((index, entry));
            if batch.len() >= BATCH && done.send(std::mem::take(&mut batch)).is_err() {
                return;
            }
        }
        if !batch.is_empty() {
            let _ = done.send(batch);
        }
    }

    /// Hands entries to `sink` in input order as they arrive.
    fn deliver(
        &self,
        finished: &mpsc::Receiver<Vec<(usize, Entry<'l>)>>,
        queue: &Queue<impl Iterator<Item = (u64, Source)>>,
        sink: &mut dyn FnMut(Entry<'l>) -> io::Result<()>,
    ) -> io::Result<Summary> {
        let mut summary = Summary::new(self.lexicons);
        let mut waiting = BTreeMap::new();
        let mut next = 0;
        for batch in finished {
            waiting.extend(batch);
            let before = next;
            while let Some(entry) = waiting.remove(&next) {
                summary.add(&entry);
                sink(entry)?;
                next += 1;
            }
            if next > before {
                queue.delivered(next);
            }
        }
        Ok(summary)
    }

    fn entry(&self, source: Source, stdin: Option<&[u8]>) -> Entry<'l> {
        let mut entry = match source {
            Source::Settled(entry) => entry,
            Source::Stdin => self.analyse_bytes(stdin.unwrap_or_default(), PathBuf::from("-")),
            Source::File(path) => match read_file(&path, self.options.max_file_size) {
                Ok(bytes) => self.analyse_owned(bytes, path),
                Err(failure) => Entry::new(path, Outcome::Failed(failure)),
            },
        };
        if self.options.redact_paths {
            entry.path = pseudonym(&entry.path, entry.sha256.as_ref());
        }
        entry
    }

    /// One document's bytes, named `path`, analysed within its limits and with a panic caught as its `internal`
    /// failure, with their content hash. A document over the file-size limit has no hash, whether its bytes were
    /// handed in or it is a file `scan` refused to read: the same input gives the same record either way.
    pub fn analyse_bytes(&self, bytes: &[u8], path: PathBuf) -> Entry<'l> {
        if bytes.len() as u64 > self.options.max_file_size {
            return Entry::new(path, Outcome::Failed(too_large(self.options.max_file_size)));
        }
        let outcome = guarded(|| self.analyse(bytes, &path));
        Entry { sha256: Some(Sha256::digest(bytes).into()), ..Entry::new(path, outcome) }
    }

    /// Extract → classify → match → assess for one document's bytes.
    /// Extraction and matching share the document's time (`--doc-timeout`).
    pub fn analyse(&self, bytes: &[u8], path: &Path) -> Outcome<'l> {
        let budget = Budget::new(self.options.extract.limits);
        let document = self.document_within(bytes, path, &budget);
        self.assess_document(document, &budget)
    }

    /// [`Pipeline::analyse_bytes`] for bytes it may own: they are freed once the text is extracted, before
    /// matching (a 50 MB document then never holds its bytes, its text and its hits at once).
    fn analyse_owned(&self, bytes: Vec<u8>, path: PathBuf) -> Entry<'l> {
        if bytes.len() as u64 > self.options.max_file_size {
            return self.analyse_bytes(&bytes, path);
        }
        let sha256 = Some(Sha256::digest(&bytes).into());
        let outcome = guarded(|| {
            let budget = Budget::new(self.options.extract.limits);
            let document = self.document_within(&bytes, &path, &budget);
            drop(bytes);
            self.assess_document(document, &budget)
        });
        Entry { sha256, ..Entry::new(path, outcome) }
    }

    /// Match → assess for an extracted document, within what is left of its budget's time.
    fn assess_document(&self, document: Result<Document, Rejection>, budget: &Budget) -> Outcome<'l> {
        match document {
            Err(Rejection::Skipped(s)) => Outcome::Skipped(s),
            Err(Rejection::Failed(f)) => Outcome::Failed(f),
            Ok(doc) => {
                let Some(hits) = self.matcher.find_before(&doc.text, budget.deadline()) else {
                    return Outcome::Failed(budget.timed_out("matching"));
                };
                let assessment = assess(&doc, &hits, self.lexicons, &self.options.assess);
                let words = doc.words();
                Outcome::Analysed(Box::new(Analysis {
                    format: doc.format,
                    kind: doc.kind,
                    title: doc.title,
                    words,
                    warnings: doc.warnings,
                    assessment,
                }))
            }
        }
    }

    /// The document exactly as the analysis sees it (what `rolefit text` prints).
    pub fn document(&self, bytes: &[u8], path: &Path) -> Result<Document, Rejection> {
        self.document_within(bytes, path, &Budget::new(self.options.extract.limits))
    }

    /// [`Pipeline::document`] within `budget`.
    fn document_within(&self, bytes: &[u8], path: &Path, budget: &Budget) -> Result<Document, Rejection> {
        let mut doc = extract_within(bytes, path, &self.options.extract, budget)?;
        if self.options.redact {
            doc.text = redact(&doc.text);
            doc.declared_title = doc.declared_title.map(|t| redact(&t));
        }
        if self.options.mask_role_words {
            doc.text = mask_role_words(&doc.text);
            doc.declared_title = doc.declared_title.map(|t| mask_role_words(&t));
        }
        doc.classify(self.options.kind);
        if self.options.redact
            && doc.kind == Kind::Resume
            && let Some(name) = resume_name(&doc.text)
        {
            doc.text = hide_name(&doc.text, &name);
            doc.title = doc.title.map(|t| hide_name(&t, &name));
        }
        Ok(doc)
    }
}

/// What [`Queue::try_next`] found.
enum Taken<T> {
    Source((usize, T)),
    /// The window is full: wait for the sink.
    Wait,
    /// The walk is over, or stopped.
    Done,
}

/// Entries a worker hands on at once.
const BATCH: usize = 4;

/// The walk, shared by the workers: each takes the next source with its position in the input order, but
/// never more than `window` ahead of the last entry delivered.
struct Queue<I> {
    state: Mutex<QueueState<I>>,
    ahead: Condvar,
    window: usize,
    stopped: AtomicBool,
}

struct QueueState<I> {
    sources: I,
    /// Position of the next source taken.
    taken: usize,
    /// Entries delivered to the sink so far.
    delivered: usize,
}

impl<I: Iterator> Queue<I> {
    fn new(sources: I, window: usize) -> Queue<I> {
        Queue {
            state: Mutex::new(QueueState { sources, taken: 0, delivered: 0 }),
            ahead: Condvar::new(),
            window,
            stopped: AtomicBool::new(false),
        }
    }

    /// The next source and its position if the window allows it now.
    fn try_next(&self) -> Taken<I::Item> {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if self.stopped.load(Ordering::Relaxed) {
            return Taken::Done;
        }
        if state.taken >= state.delivered + self.window {
            return Taken::Wait;
        }
        state.take().map_or(Taken::Done, Taken::Source)
    }

    /// The next source and its position, once the window allows; `None` when the walk is over or stopped.
    fn next(&self) -> Option<(usize, I::Item)> {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        while state.taken >= state.delivered + self.window && !self.stopped.load(Ordering::Relaxed) {
            state = self.ahead.wait(state).unwrap_or_else(|e| e.into_inner());
        }
        if self.stopped.load(Ordering::Relaxed) {
            return None;
        }
        state.take()
    }

    fn delivered(&self, count: usize) {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).delivered = count;
        self.ahead.notify_all();
    }

    fn stop(&self) {
        self.stopped.store(true, Ordering::Relaxed);
        let _guard = self.state.lock().unwrap_or_else(|e| e.into_inner());
        self.ahead.notify_all();
    }
}

impl<I: Iterator> QueueState<I> {
    /// The next source of the walk and its position.
    fn take(&mut self) -> Option<(usize, I::Item)> {
        let source = self.sources.next()?;
        self.taken += 1;
        Some((self.taken - 1, source))
    }
}

/// Prefix of the names of the threads that analyse documents.
pub const WORKER_THREAD_PREFIX: &str = "rolefit-worker";

/// A thread pool of `threads` workers (0 = one per core), named so a panic hook can recognise them.
pub fn worker_pool(threads: usize) -> Result<rayon::ThreadPool, rayon::ThreadPoolBuildError> {
    rayon::ThreadPoolBuilder::new().num_threads(threads).thread_name(|i| format!("{WORKER_THREAD_PREFIX}-{i}")).build()
}

/// Runs `analyse`, turning a panic into this document's `internal` failure.
fn guarded<'l>(analyse: impl FnOnce() -> Outcome<'l>) -> Outcome<'l> {
    catch_unwind(AssertUnwindSafe(analyse)).unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Outcome::Failed(Failure::new(
            ErrorKind::Internal,
            format!("internal error while analysing this document (please report it): {what}"),
        ))
    })
}

/// The failure of a document larger than `limit` bytes.
fn too_large(limit: u64) -> Failure {
    Failure::new(ErrorKind::TooLarge, format!("larger than the {} limit (--max-file-size)", size_text(limit)))
}

/// A size limit as people write it: whole mebibytes as `50 MiB`, anything else in bytes (a 1,000-byte limit is
/// not "0 MiB").
pub fn size_text(bytes: u64) -> String {
    const MIB: u64 = 1 << 20;
    if bytes >= MIB && bytes.is_multiple_of(MIB) { format!("{} MiB", bytes / MIB) } else { format!("{bytes} bytes") }
}

/// Reads a whole file, refusing files over `limit` bytes before reading them.
pub fn read_file(path: &Path, limit: u64) -> Result<Vec<u8>, Failure> {
    let io_failure = |e: io::Error| Failure::new(ErrorKind::Io, format!("cannot read: {e}"));
    let file = match File::open(path) {
        // Deep inside a folder tree, a path can be longer than the system takes in one call.
        Err(e) if long_path::is_too_long(&e) => long_path::open_file(path),
        opened => opened,
    }
    .map_err(io_failure)?;
    let len = file.metadata().map_err(io_failure)?.len();
    let too_large = || too_large(limit);
    if len > limit {
        return Err(too_large());
    }
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(limit + 1).read_to_end(&mut bytes).map_err(io_failure)?;
    if bytes.len() as u64 > limit {
        return Err(too_large());
    }
    Ok(bytes)
}

static ROLE_WORDS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?-u:\b)(?:architects?|engineers?)(?-u:\b)").expect("static regex"));

/// The evaluation protocol of the corpus: every whole-word `architect`, `architects`, `engineer`, `engineers`
/// (any case) becomes `specialist`, so the fit must come from content. `architecture` and `engineering` stay.
pub fn mask_role_words(text: &str) -> String {
    ROLE_WORDS.replace_all(text, "specialist").into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masking_replaces_whole_role_words_only() {
        assert_eq!(
            mask_role_words("Architect, ENGINEERS and engineering architecture; architects."),
            "specialist, specialist and engineering architecture; specialist."
        );
    }

    #[test]
    fn the_queue_keeps_to_its_window_and_stops() {
        let queue = Queue::new((0..10).map(|_| Source::Stdin), 2);
        let position = |q: &Queue<_>| q.next().map(|(i, _)| i);
        assert_eq!((position(&queue), position(&queue)), (Some(0), Some(1)));
        queue.delivered(1);
        assert_eq!(position(&queue), Some(2));
        queue.stop();
        assert_eq!(position(&queue), None);
    }

    #[test]
    fn trying_the_queue_says_wait_at_a_full_window_and_done_at_the_end() {
        let queue = Queue::new((0..3).map(|_| Source::Stdin), 2);
        let taken = |q: &Queue<_>| match q.try_next() {
            Taken::Source((i, _)) => format!("source {i}"),
            Taken::Wait => "wait".into(),
            Taken::Done => "done".into(),
        };
        assert_eq!(
            (taken(&queue), taken(&queue), taken(&queue)),
            ("source 0".into(), "source 1".into(), "wait".into())
        );
        queue.delivered(2);
        assert_eq!((taken(&queue), taken(&queue)), ("source 2".into(), "done".into()));
        queue.stop();
        assert_eq!(taken(&queue), "done");
    }

    #[test]
    fn a_scan_delivers_every_document_once_in_input_order_past_a_full_window() {
        let dir = tempfile::tempdir().expect("tempdir");
        // More documents than the window holds at three threads, so workers wait for it and send what they hold.
        let names: Vec<String> = (0..100).map(|i| format!("doc-{i:03}.txt")).collect();
        for name in &names {
            std::fs::write(dir.path().join(name), format!("{name}: Terraform and AWS")).expect("write");
        }
        let lexicons = Lexicons::embedded().expect("embedded lexicons");
        let matcher = Matcher::new(&lexicons).expect("compiles");
        for threads in [1, 2, 3] {
            let options = ScanOptions { threads, ..ScanOptions::default() };
            let pipeline = Pipeline { lexicons: &lexicons, matcher: &matcher, options: &options };
            let mut seen = Vec::new();
            let inputs = [Input::Path(dir.path().to_path_buf())];
            pipeline
                .run(&inputs, None, &mut |entry| {
                    seen.push(entry.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default());
                    Ok(())
                })
                .expect("scan");
            assert_eq!(seen, names, "{threads} threads");
        }
    }

    #[test]
    fn a_missing_path_is_a_failed_entry() {
        let inputs = [Input::Path(PathBuf::from("/definitely/not/here.pdf"))];
        let options = ScanOptions::default();
        let sources: Vec<_> = walk(&inputs, &options).collect();
        assert!(
            matches!(&sources[..], [(0, Source::Settled(Entry { outcome: Outcome::Failed(f), .. }))] if f.kind == ErrorKind::Io)
        );
    }

    #[test]
    fn size_limits_read_as_written() {
        assert_eq!(size_text(50 << 20), "50 MiB");
        assert_eq!(size_text(1000), "1000 bytes");
        assert_eq!(size_text((1 << 20) + 1), "1048577 bytes");
    }

    #[test]
    fn oversized_files_fail_before_being_read() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("big.txt");
        std::fs::write(&path, vec![b'a'; 2048]).expect("write");
        assert_eq!(read_file(&path, 1024).unwrap_err().kind, ErrorKind::TooLarge);
        assert_eq!(read_file(&path, 4096).expect("fits").len(), 2048);
    }
}
