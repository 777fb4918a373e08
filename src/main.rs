//! The `rolefit` binary: parses arguments, turns them into the library's settings, runs, and maps the outcome
//! to an exit code. All the work lives in the `rolefit` library.

mod cli;
mod help;

use std::io::{self, BufRead, BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex, PoisonError};

use anyhow::{Context, Result, bail};
use clap::FromArgMatches;
use globset::{Glob, GlobSetBuilder};

use cli::{
    Cli, ColorChoice, Command, CommonArgs, EvalArgs, EvalFormat, KindArg, LexiconCommand, ListingArgs, ManArgs,
    MatchArgs, MatchFormat, MergeArgs, OutputFormat, ScanArgs, SortArg, TextArgs,
};
use rolefit::analyzer::Analyzer;
use rolefit::assess::AssessOptions;
use rolefit::document::Kind;
use rolefit::eval::{evaluate, read_labels};
use rolefit::extract::budget::Limits;
use rolefit::extract::{ExtractOptions, Rejection};
use rolefit::lexicon::{EMBEDDED, Lexicons};
use rolefit::matcher::Matcher;
use rolefit::merge::{Merge, Records};
use rolefit::outcome::Outcome;
use rolefit::posting_match;
use rolefit::provenance::Provenance;
use rolefit::report::csv::CsvStyle;
use rolefit::report::sift::{SiftOptions, Sifted, SortOrder};
use rolefit::report::{
    self, HtmlOptions, OutputPlan, ReportFile, ReportFormat, TableStyle, matches, terminal_safe, terminal_safe_text,
};
use rolefit::scan::{FileId, Globs, Input, Pipeline, ScanOptions, read_file};
use rolefit::section::line_sections;

/// The process exit status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Exit {
    /// Every input analysed or deliberately skipped.
    Ok,
    /// At least one input failed; the report is complete.
    SomeFailed,
    /// Usage or lexicon error, or the report could not be written.
    Error,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(match exit {
            Exit::Ok => 0,
            Exit::SomeFailed => 1,
            Exit::Error => 2,
        })
    }
}

fn main() -> ExitCode {
    quiet_worker_panics();
    let cli = parse_args();
    let result = match cli.command {
        Command::Scan(args) => scan(*args),
        Command::Text(args) => text(&args),
        Command::Lexicon(LexiconCommand::Dump { to }) => dump(to.as_deref()),
        Command::Lexicon(LexiconCommand::Check { dir }) => check(&dir),
        Command::Eval(args) => eval(args),
        Command::Match(args) => match_postings(&args),
        Command::Merge(args) => merge(&args),
        Command::Completions { shell } => completions(shell),
        Command::Man(args) => man(&args),
    };
    match result {
        Ok(exit) => exit.into(),
        Err(e) if is_broken_pipe(&e) => Exit::Ok.into(),
        Err(e) => {
            // Messages quote paths and lexicon text: shown escaped, with the lines of a multi-line message kept.
            eprintln!("rolefit: {}", terminal_safe_text(&format!("{e:#}")));
            Exit::Error.into()
        }
    }
}

/// The arguments, parsed with the help text that `help` adds (examples, exit status); usage errors exit 2.
fn parse_args() -> Cli {
    help::command().try_get_matches().and_then(|m| Cli::from_arg_matches(&m)).unwrap_or_else(|e| e.exit())
}

/// A panic while analysing one document is caught and reported as that document's `internal` failure, with
/// its message; printing it on stderr as well would only garble the output. Panics elsewhere print as usual.
fn quiet_worker_panics() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let worker = std::thread::current().name().is_some_and(|n| n.starts_with(rolefit::scan::WORKER_THREAD_PREFIX));
        if !worker {
            default(info);
        }
    }));
}

/// A path as a message shows it: lossy UTF-8, control characters escaped.
fn shown(path: &Path) -> String {
    terminal_safe(&path.to_string_lossy()).into_owned()
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| c.downcast_ref::<io::Error>().is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe))
}

fn load_lexicons(dir: Option<&Path>) -> Result<Lexicons> {
    let loaded = match dir {
        Some(dir) => Lexicons::load_dir(dir),
        None => Lexicons::embedded(),
    };
    loaded.map_err(|e| anyhow::anyhow!("invalid lexicons:\n{e}"))
}

fn scan_options(common: &CommonArgs) -> ScanOptions {
    ScanOptions { threads: common.threads, ..ScanOptions::default() }
}

fn scan(args: ScanArgs) -> Result<Exit> {
    let lexicons = load_lexicons(args.common.lexicons.as_deref())?;
    if let Some(target) = args.target.as_ref().filter(|t| lexicons.role_index(t).is_none()) {
        let ids: Vec<_> = lexicons.roles.iter().map(|r| r.id.as_str()).collect();
        bail!("--target {target}: no such role (roles: {})", ids.join(", "));
    }
    let sift = sift_options(&args.listing, &lexicons)?;
    let limits = limits(&args)?;
    let globs = globs(&args.glob)?;
    // Where the report goes is settled before any input is read, so that no input is ever written over.
    let plan = match &args.output {
        Some(path) => {
            let named = args.paths.iter().chain(&args.files_from).map(PathBuf::as_path);
            Some((path, inspect_output(path, named)?))
        }
        None => None,
    };
    let inputs = inputs(&args)?;
    if let Some((path, report)) = plan.as_ref().and_then(|(path, plan)| Some((path, plan.existing_file()?))) {
        let named = inputs.iter().map(|i| match i {
            Input::Path(p) => p.as_path(),
            Input::Stdin => Path::new("/dev/stdin"),
        });
        refuse_input_as_output(report, path, named)?;
    }
    let stdin = if inputs.contains(&Input::Stdin) { Some(read_stdin(args.max_file_size)?) } else { None };
    let output = match plan {
        Some((path, plan)) => Some(ReportOutput::open(path, plan)?),
        None => None,
    };
    let options = ScanOptions {
        follow: args.follow,
        follow_outside: args.follow_outside,
        max_depth: args.max_depth,
        globs,
        kind: args.kind.map(kind),
        assess: AssessOptions { target: args.target.clone(), max_missing: args.max_missing },
        max_file_size: args.max_file_size,
        extract: ExtractOptions { password: args.password.clone(), limits },
        redact: args.redact,
        redact_paths: args.redact_paths,
        shard: args.shard,
        report_output: output.as_ref().map(|o| o.exclusion.clone()),
        ..scan_options(&args.common)
    };
    let analyzer = Analyzer::new(lexicons, options)?;
    let lexicons = analyzer.lexicons();
    let format = report_format(args.format);
    let style = TableStyle {
        width: table_width(args.output.is_some()),
        color: use_color(args.listing.color, args.output.is_some()),
        brief: args.listing.brief,
        explain: args.explain,
    };
    if let Some((x, y)) = &args.map
        && let Some(role) = [x, y].into_iter().find(|r| lexicons.role_index(r).is_none())
    {
        let ids: Vec<_> = lexicons.roles.iter().map(|r| r.id.as_str()).collect();
        bail!("--map {x},{y}: no role {role} (roles: {})", ids.join(", "));
    }
    let html = HtmlOptions { map: args.map.clone(), roots: args.paths.clone(), date: report_date()? };
    let progress = progress_bar();
    let run = |out: &mut dyn Write| -> Result<rolefit::scan::Summary> {
        let mut sink = report::sink(
            format,
            out,
            lexicons,
            style,
            csv_style(args.csv_raw, args.csv_bom),
            analyzer.provenance(),
            html.clone(),
        )?;
        if sift.is_active() {
            sink = Box::new(Sifted::new(sink, sift.clone()));
        }
        let summary = analyzer.run(&inputs, stdin.as_deref(), &mut |entry| {
            progress.inc(1);
            let rate = progress.position() as f64 / progress.elapsed().as_secs_f64().max(1e-3);
            progress.set_message(format!("{rate:.0}/s"));
            progress.suspend(|| sink.entry(&entry))
        })?;
        progress.finish_and_clear();
        sink.finish(&summary)?;
        Ok(summary)
    };
    let summary = write_report(output, run)?;
    Ok(exit_for(&summary, args.failed_ok))
}

/// When a report is made, for the reports that show it: `SOURCE_DATE_EPOCH` (seconds since 1970) when set, so
/// a report can be made again byte for byte, else now.
fn report_date() -> Result<Option<u64>> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(text) if !text.trim().is_empty() => text
            .trim()
            .parse()
            .map(Some)
            .with_context(|| format!("SOURCE_DATE_EPOCH={text:?} is not a number of seconds since 1970")),
        _ => Ok(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).ok().map(|d| d.as_secs())),
    }
}

/// What the report lists and in which order, checked against the lexicons' roles.
fn sift_options(listing: &ListingArgs, lexicons: &Lexicons) -> Result<SiftOptions> {
    let fit_values: Vec<&str> = lexicons.roles.iter().map(|r| r.id.as_str()).chain(["hybrid", "unclear"]).collect();
    if let Some(fit) = listing.fit.as_ref().filter(|f| !fit_values.contains(&f.as_str())) {
        bail!("--fit {fit}: not a fit value (one of: {})", fit_values.join(", "));
    }
    if let Some(min) = listing.min_score.filter(|m| !(0.0..=100.0).contains(m)) {
        bail!("--min-score {min}: scores run from 0 to 100");
    }
    Ok(SiftOptions {
        fit: listing.fit.clone(),
        min_score: listing.min_score,
        sort: if listing.sort == SortArg::Score { SortOrder::Score } else { SortOrder::Path },
    })
}

/// The exit status of a complete report: 1 when documents failed, unless `failed_ok`.
fn exit_for(summary: &rolefit::scan::Summary, failed_ok: bool) -> Exit {
    if summary.failed > 0 && !failed_ok { Exit::SomeFailed } else { Exit::Ok }
}

/// Runs `run` writing the report to `output` (put in place only when complete), or to stdout.
fn write_report<T>(output: Option<ReportOutput>, run: impl FnOnce(&mut dyn Write) -> Result<T>) -> Result<T> {
    Ok(match output {
        Some(output) => {
            let cannot = || format!("cannot write {}", shown(output.path));
            let mut file = BufWriter::new(output.file);
            let summary = run(&mut file).with_context(cannot)?;
            let file = file.into_inner().map_err(|e| e.into_error()).with_context(cannot)?;
            // Held while the file is renamed into place: an interruption now removes nothing half-way.
            let mut pending = output.pending.lock().unwrap_or_else(PoisonError::into_inner);
            let committed = file.commit();
            *pending = None;
            drop(pending);
            committed.with_context(cannot)?;
            summary
        }
        None => run(&mut BufWriter::new(io::stdout().lock()))?,
    })
}

/// Fails if one of `named` (inputs, the `--files-from` list) is the file `report` at `output`: the report would
/// replace what it reads.
/// What `-o path` is, settled before any input is read: a report may not be written over one of the `named`
/// inputs.
fn inspect_output<'p>(path: &Path, named: impl Iterator<Item = &'p Path>) -> Result<OutputPlan> {
    let plan = OutputPlan::inspect(path).with_context(|| format!("cannot write {}", shown(path)))?;
    if let Some(report) = plan.existing_file() {
        refuse_input_as_output(report, path, named)?;
    }
    Ok(plan)
}

fn refuse_input_as_output<'p>(report: FileId, output: &Path, named: impl Iterator<Item = &'p Path>) -> Result<()> {
    for path in named {
        if std::fs::metadata(path).is_ok_and(|m| FileId::of(&m) == report) {
            bail!(
                "refusing to write the report to {}: it is the input {}, which the report would replace",
                shown(output),
                shown(path)
            );
        }
    }
    Ok(())
}

/// The report file of `-o`, being written.
struct ReportOutput<'a> {
    path: &'a Path,
    file: ReportFile,
    /// What the walk must leave out.
    exclusion: rolefit::scan::ReportOutput,
    /// The temporary file to remove if the run is interrupted (`None` in it once the report is in place).
    pending: PendingTemp,
}

impl<'a> ReportOutput<'a> {
    fn open(path: &'a Path, plan: OutputPlan) -> Result<ReportOutput<'a>> {
        let cannot = || format!("cannot write {}", shown(path));
        // Watching starts before the temporary file exists, and the file is created under the lock: a signal
        // at any moment finds it, or finds nothing yet.
        let pending = remove_on_interrupt()?;
        let file = {
            let mut temp = pending.lock().unwrap_or_else(PoisonError::into_inner);
            let file = plan.open().with_context(cannot)?;
            *temp = file.temp_path().map(Path::to_path_buf);
            file
        };
        let exclusion = file.scan_exclusion().with_context(cannot)?;
        Ok(ReportOutput { path, file, exclusion, pending })
    }
}

/// A report's temporary file, shared with the thread that watches for signals.
type PendingTemp = Arc<Mutex<Option<PathBuf>>>;

/// On Ctrl-C (SIGINT), SIGTERM or SIGHUP, removes the report's temporary file (the path put into the returned
/// slot), then ends the process as the signal would have (the shell sees 130, 143, …). signal-hook runs the
/// clean-up on an ordinary thread, not in the signal handler, so it may take a lock and remove a file.
fn remove_on_interrupt() -> Result<PendingTemp> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let pending = Arc::new(Mutex::new(None));
    let mut signals =
        signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]).context("cannot watch for Ctrl-C")?;
    let watched = Arc::clone(&pending);
    std::thread::Builder::new().name("rolefit-signals".into()).spawn(move || {
        if let Some(signal) = signals.forever().next() {
            // Held until the process ends, so the report is never renamed into place meanwhile.
            let temp = watched.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some(path) = temp.as_ref() {
                let _ = std::fs::remove_file(path);
            }
            let _ = signal_hook::low_level::emulate_default_handler(signal);
            std::process::exit(128 + signal);
        }
    })?;
    Ok(pending)
}

fn limits(args: &ScanArgs) -> Result<Limits> {
    let doc_timeout =
        rolefit::analyzer::doc_timeout(args.doc_timeout).map_err(|e| anyhow::anyhow!("--doc-timeout {e}"))?;
    Ok(Limits { max_decompressed: args.max_decompressed, max_pages: args.max_pages, doc_timeout })
}

/// The inputs: PATH arguments, then `--files-from`.
fn inputs(args: &ScanArgs) -> Result<Vec<Input>> {
    let as_input = |p: PathBuf| if p.as_os_str() == "-" { Input::Stdin } else { Input::Path(p) };
    let mut inputs: Vec<Input> = args.paths.iter().cloned().map(as_input).collect();
    if let Some(list) = &args.files_from {
        if list.as_os_str() == "-" && inputs.contains(&Input::Stdin) {
            bail!("stdin cannot be both a document (-) and the --files-from list");
        }
        let separator = if args.null { b'\0' } else { b'\n' };
        let paths = if list.as_os_str() == "-" {
            read_path_list(io::stdin().lock(), separator)
        } else {
            let file =
                std::fs::File::open(list).with_context(|| format!("cannot read --files-from {}", list.display()))?;
            read_path_list(io::BufReader::new(file), separator)
        }
        .with_context(|| format!("--files-from {}", list.display()))?;
        inputs.extend(paths.into_iter().map(Input::Path));
    }
    // One part of a sharded run may well have no inputs (an empty list for this index): its report is empty.
    if inputs.is_empty() && args.shard.is_none() {
        bail!("nothing to scan: give files or folders (or - for stdin, or --files-from)");
    }
    let stdin_count = inputs.iter().filter(|i| **i == Input::Stdin).count();
    if stdin_count > 1 {
        bail!("- (stdin) can be given only once");
    }
    Ok(inputs)
}

fn globs(patterns: &[String]) -> Result<Option<Globs>> {
    if patterns.is_empty() {
        return Ok(None);
    }
    let (mut include, mut exclude) = (GlobSetBuilder::new(), GlobSetBuilder::new());
    for pattern in patterns {
        match pattern.strip_prefix('!') {
            Some(p) => exclude.add(Glob::new(p).with_context(|| format!("bad --glob {pattern}"))?),
            None => include.add(Glob::new(pattern).with_context(|| format!("bad --glob {pattern}"))?),
        };
    }
    Ok(Some(Globs { include: include.build()?, exclude: exclude.build()? }))
}

fn kind(arg: KindArg) -> Kind {
    match arg {
        KindArg::Resume => Kind::Resume,
        KindArg::Posting => Kind::Posting,
    }
}

fn use_color(choice: ColorChoice, to_file: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            !to_file && io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

/// A counter on stderr, drawn only when stderr is a terminal.
/// The table fits the terminal it is shown in; in a file or a pipe it is [`report::table::WIDTH`] wide, so
/// saved output does not depend on the window it was made in.
fn table_width(to_file: bool) -> usize {
    let stdout = io::stdout();
    if to_file || !stdout.is_terminal() {
        return report::table::WIDTH;
    }
    rustix::termios::tcgetwinsize(&stdout)
        .map(|size| usize::from(size.ws_col))
        .ok()
        .filter(|&columns| columns > 0)
        .map_or(report::table::WIDTH, |columns| columns.clamp(60, 200))
}

fn progress_bar() -> indicatif::ProgressBar {
    if !io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new_spinner();
    // No total: folders are walked as they are analysed, so a million files are never listed up front.
    if let Ok(style) = indicatif::ProgressStyle::with_template("{spinner} {human_pos} documents · {msg} · {elapsed}")
    {
        bar.set_style(style);
    }
    bar
}

/// Standard input as one document: at most `limit` bytes and one more, so that a document larger than the limit
/// (or an endless stream such as `/dev/zero`) fails with `too_large` instead of filling the memory.
fn read_stdin(limit: u64) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    io::stdin().lock().take(limit.saturating_add(1)).read_to_end(&mut bytes).context("cannot read stdin")?;
    Ok(bytes)
}

/// Most paths a `--files-from` list may hold.
const MAX_LISTED_PATHS: usize = 2_000_000;
/// Most bytes of a `--files-from` list.
const MAX_LIST_BYTES: u64 = 256 << 20;
/// Longest path in a `--files-from` list.
const MAX_LISTED_PATH: usize = 64 << 10;

/// The paths of a `--files-from` list, separated by `separator` (newline or NUL). With newlines, a trailing
/// carriage return or blank is dropped and blank lines are skipped; with NULs, names are taken exactly as written
/// (on Unix, bytes that are not UTF-8 too). The list is bounded: a list such as `/dev/zero` fails with a clear
/// error instead of growing without end.
fn read_path_list(mut reader: impl BufRead, separator: u8) -> Result<Vec<PathBuf>> {
    let (mut paths, mut entry, mut read) = (Vec::new(), Vec::new(), 0u64);
    let too_long =
        |n: usize| anyhow::anyhow!("entry {n} is longer than {} KiB (is this a list of paths?)", MAX_LISTED_PATH >> 10);
    loop {
        let buf = reader.fill_buf()?;
        let at_end = buf.is_empty();
        // The next entry ends at a separator, or at the end of the list.
        let (taken, ended) = match memchr::memchr(separator, buf) {
            Some(p) => (p + 1, true),
            None => (buf.len(), at_end),
        };
        let piece = &buf[..taken - usize::from(ended && !at_end)];
        if entry.len() + piece.len() > MAX_LISTED_PATH {
            return Err(too_long(paths.len() + 1));
        }
        entry.extend_from_slice(piece);
        // Runs of separators (empty entries, as in `/dev/zero` read with -0) are skipped in one go.
        let skipped = if ended && !at_end {
            buf[taken..].iter().position(|&b| b != separator).unwrap_or(buf.len() - taken)
        } else {
            0
        };
        reader.consume(taken + skipped);
        read += (taken + skipped) as u64;
        if read > MAX_LIST_BYTES {
            bail!("the list is longer than {} MiB (split it, or use --shard)", MAX_LIST_BYTES >> 20);
        }
        if !ended {
            continue;
        }
        let name: &[u8] = if separator == b'\n' { entry.trim_ascii_end() } else { &entry };
        if !name.is_empty() {
            if paths.len() == MAX_LISTED_PATHS {
                bail!("more than {MAX_LISTED_PATHS} paths (split the list, or use --shard)");
            }
            paths.push(path_from_bytes(name));
        }
        entry.clear();
        if at_end {
            return Ok(paths);
        }
    }
}

/// A path from the bytes of a list: as they are on Unix, read as UTF-8 (lossily) elsewhere.
fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
    }
    #[cfg(not(unix))]
    {
        PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
    }
}

fn text(args: &TextArgs) -> Result<Exit> {
    let file = args.file.as_path();
    let bytes = if file.as_os_str() == "-" {
        let bytes = read_stdin(rolefit::scan::DEFAULT_MAX_FILE_SIZE)?;
        if bytes.len() as u64 > rolefit::scan::DEFAULT_MAX_FILE_SIZE {
            let limit = rolefit::scan::size_text(rolefit::scan::DEFAULT_MAX_FILE_SIZE);
            eprintln!("rolefit: stdin: larger than the {limit} limit");
            return Ok(Exit::SomeFailed);
        }
        bytes
    } else {
        match read_file(file, rolefit::scan::DEFAULT_MAX_FILE_SIZE) {
            Ok(bytes) => bytes,
            Err(f) => {
                eprintln!("rolefit: {}: {}", shown(file), terminal_safe(&f.message));
                return Ok(Exit::SomeFailed);
            }
        }
    };
    let lexicons = load_lexicons(None)?;
    let matcher = Matcher::new(&lexicons)?;
    let extract = ExtractOptions { password: args.password.clone(), ..ExtractOptions::default() };
    let options = ScanOptions { extract, redact: args.redact, ..ScanOptions::default() };
    let pipeline = Pipeline { lexicons: &lexicons, matcher: &matcher, options: &options };
    match pipeline.document(&bytes, file) {
        Ok(doc) => {
            let mut out = io::stdout().lock();
            if args.layout {
                writeln!(out, "# {} · {} · {} words", doc.format.as_str(), doc.kind.as_str(), doc.words())?;
                let sections = line_sections(&doc.text);
                for (i, (line, section)) in doc.text.lines().zip(sections).enumerate() {
                    writeln!(out, "{:>5} {:<12} {}", i + 1, section.as_str(), terminal_safe_text(line))?;
                }
            } else {
                // The lines stay lines (evidence line numbers refer to them); other control characters are
                // shown escaped, so a document cannot drive the terminal.
                out.write_all(terminal_safe_text(&doc.text).as_bytes())?;
                if !doc.text.ends_with('\n') && !doc.text.is_empty() {
                    out.write_all(b"\n")?;
                }
            }
            out.flush()?;
            for w in &doc.warnings {
                eprintln!("rolefit: warning: {}", terminal_safe(&w.message));
            }
            Ok(Exit::Ok)
        }
        Err(Rejection::Skipped(s)) => {
            // Nothing to print is not success: a script asking for the text must notice.
            eprintln!("rolefit: {}: skipped: {}", shown(file), terminal_safe(&s.message));
            Ok(Exit::SomeFailed)
        }
        Err(Rejection::Failed(f)) => {
            eprintln!("rolefit: {}: {}", shown(file), terminal_safe(&f.message));
            Ok(Exit::SomeFailed)
        }
    }
}

fn match_postings(args: &MatchArgs) -> Result<Exit> {
    let lexicons = load_lexicons(args.common.lexicons.as_deref())?;
    let matcher = Matcher::new(&lexicons)?;
    let as_input = |p: &PathBuf| if p.as_os_str() == "-" { Input::Stdin } else { Input::Path(p.clone()) };
    let posting_inputs: Vec<Input> = args.posting.iter().map(as_input).collect();
    let resume_inputs: Vec<Input> = args.resumes.iter().map(as_input).collect();
    if resume_inputs.contains(&Input::Stdin) {
        bail!("resumes cannot be read from stdin: give files or folders (--posting - reads a posting from stdin)");
    }
    if posting_inputs.iter().filter(|i| **i == Input::Stdin).count() > 1 {
        bail!("--posting - (stdin) can be given only once");
    }
    let plan = match &args.output {
        Some(path) => {
            let named = args.posting.iter().chain(&args.resumes).map(PathBuf::as_path);
            Some((path, inspect_output(path, named)?))
        }
        None => None,
    };
    let stdin = if posting_inputs.contains(&Input::Stdin) {
        Some(read_stdin(rolefit::scan::DEFAULT_MAX_FILE_SIZE)?)
    } else {
        None
    };
    let output = match plan {
        Some((path, plan)) => Some(ReportOutput::open(path, plan)?),
        None => None,
    };
    // A report written into a folder being read is left out of it, as in scan.
    let common = ScanOptions {
        extract: ExtractOptions { password: args.password.clone(), ..ExtractOptions::default() },
        report_output: output.as_ref().map(|o| o.exclusion.clone()),
        ..scan_options(&args.common)
    };
    let posting_options = ScanOptions { kind: Some(Kind::Posting), ..common.clone() };
    // Resumes are read as whatever they are, so that a posting among them is found and left out.
    let resume_options = common;
    let postings = Pipeline { lexicons: &lexicons, matcher: &matcher, options: &posting_options };
    let resumes = Pipeline { lexicons: &lexicons, matcher: &matcher, options: &resume_options };
    let mut left_out = Vec::new();
    let mut entries = Vec::new();
    let mut failed = false;
    resumes.run(&resume_inputs, None, &mut |entry| {
        match &entry.outcome {
            Outcome::Analysed(a) if a.kind == Kind::Posting => left_out.push(matches::LeftOut {
                path: entry.path,
                given_as: "resume",
                reason: "it reads as a job posting, not a resume (pass it with --posting)".into(),
            }),
            Outcome::Skipped(s) => {
                eprintln!("rolefit: {}: skipped: {}", shown(&entry.path), terminal_safe(&s.message));
            }
            outcome => {
                failed |= matches!(outcome, Outcome::Failed(_));
                entries.push(entry);
            }
        }
        Ok(())
    })?;
    let mut analysed_postings = Vec::new();
    postings.run(&posting_inputs, stdin.as_deref(), &mut |entry| {
        match entry.outcome {
            Outcome::Analysed(a) => analysed_postings.push((entry.path, a)),
            Outcome::Skipped(s) => {
                // A file in a folder of postings that is not a document (notes, images) is no one's failure.
                eprintln!("rolefit: {}: skipped: {}", shown(&entry.path), terminal_safe(&s.message));
            }
            Outcome::Failed(f) => {
                failed = true;
                left_out.push(matches::LeftOut { path: entry.path, given_as: "posting", reason: f.message });
            }
        }
        Ok(())
    })?;
    let mut matched = Vec::new();
    for (path, posting) in &analysed_postings {
        let asks = posting_match::asks(&posting.assessment.matched, &lexicons);
        if asks.is_empty() {
            failed = true;
            left_out.push(matches::LeftOut {
                path: path.clone(),
                given_as: "posting",
                reason: "nothing to match: it asks for no skill the lexicons know".into(),
            });
            continue;
        }
        let ranked = posting_match::rank(&asks, &entries, &lexicons);
        matched.push(matches::PostingMatch { path: path.clone(), analysis: posting, asks, ranked });
    }
    for l in &left_out {
        eprintln!("rolefit: {}: left out: {}", shown(&l.path), terminal_safe(&l.reason));
    }
    // One resume against several postings: what it would gain most by showing.
    let analysed_resumes = entries.iter().filter(|e| matches!(e.outcome, Outcome::Analysed(_))).count();
    let learn_next = if matched.len() > 1 && analysed_resumes == 1 {
        let asks: Vec<&[posting_match::Ask]> = matched.iter().map(|p| p.asks.as_slice()).collect();
        entries
            .iter()
            .filter_map(|e| match &e.outcome {
                Outcome::Analysed(a) => Some((e.path.clone(), posting_match::learn_next(&asks, a, &lexicons))),
                _ => None,
            })
            .collect()
    } else {
        Vec::new()
    };
    let run = matches::MatchRun {
        postings: matched,
        resumes: &entries,
        left_out,
        learn_next,
        max_missing: args.max_missing,
        date: report_date()?,
    };
    write_report(output, |out| -> Result<()> {
        match args.format {
            MatchFormat::Table => {
                for p in &run.postings {
                    matches::table(&mut *out, &p.path, p.analysis, &p.asks, &p.ranked, args.max_missing)?;
                }
                matches::learn_next_table(&mut *out, &run, LEARN_NEXT_SHOWN)?;
            }
            MatchFormat::Jsonl => {
                for p in &run.postings {
                    for (i, fit) in p.ranked.iter().enumerate() {
                        let line = matches::value(&p.path, p.analysis, i + 1, fit, args.max_missing);
                        writeln!(out, "{}", serde_json::to_string(&line)?)?;
                    }
                }
            }
            MatchFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(&matches::json(&run))?)?,
            MatchFormat::Csv => matches::csv(&mut *out, &run, args.csv_raw)?,
            MatchFormat::Html => matches::html(&mut *out, &run)?,
        }
        out.flush()?;
        Ok(())
    })?;
    Ok(if failed { Exit::SomeFailed } else { Exit::Ok })
}

/// Skills listed under "learn next" in the table (the JSON and HTML reports list them all).
const LEARN_NEXT_SHOWN: usize = 12;

fn merge(args: &MergeArgs) -> Result<Exit> {
    let lexicons = load_lexicons(args.lexicons.as_deref())?;
    let sift = sift_options(&args.listing, &lexicons)?;
    let manifest = match &args.manifest {
        Some(list) => {
            let file = std::fs::File::open(list).with_context(|| format!("cannot read --manifest {}", shown(list)))?;
            let lines = io::BufReader::new(file).lines().collect::<io::Result<Vec<String>>>()?;
            Some(lines.iter().map(|l| l.trim_end()).filter(|l| !l.is_empty()).map(PathBuf::from).collect::<Vec<_>>())
        }
        None => None,
    };
    let output = match &args.output {
        Some(path) => {
            let named = args.reports.iter().chain(&args.manifest).map(PathBuf::as_path);
            Some(ReportOutput::open(path, inspect_output(path, named)?)?)
        }
        None => None,
    };
    let format = report_format(args.format);
    let style = TableStyle {
        width: table_width(args.output.is_some()),
        color: use_color(args.listing.color, args.output.is_some()),
        brief: args.listing.brief,
        explain: false,
    };
    let merge = Merge::open(&args.reports, &lexicons)?;
    // The merged report carries the records' own provenance; with no record at all, that of a default run.
    let provenance = merge.provenance().cloned().unwrap_or_else(|| Provenance::new(&lexicons, &ScanOptions::default()));
    let run = |out: &mut dyn Write| -> Result<rolefit::scan::Summary> {
        // JSON Lines shards are already the records one scan writes: copied, not parsed and written again.
        if matches!(format, ReportFormat::Jsonl) && !sift.is_active() && merge.lines_are_records() {
            let mut write = |line: &str| out.write_all(line.trim_end().as_bytes()).and_then(|()| out.write_all(b"\n"));
            let summary = merge.run(manifest.as_deref(), Records::Lines(&mut write))?;
            out.flush()?;
            return Ok(summary);
        }
        let html = HtmlOptions { date: report_date()?, ..HtmlOptions::default() };
        let mut sink =
            report::sink(format, out, &lexicons, style, csv_style(args.csv_raw, args.csv_bom), &provenance, html)?;
        if sift.is_active() {
            sink = Box::new(Sifted::new(sink, sift.clone()));
        }
        let summary = merge.run(manifest.as_deref(), Records::Entries(&mut |entry| sink.entry(&entry)))?;
        sink.finish(&summary)?;
        Ok(summary)
    };
    let summary = write_report(output, run)?;
    Ok(exit_for(&summary, args.failed_ok))
}

fn csv_style(raw: bool, bom: bool) -> CsvStyle {
    CsvStyle { raw, bom }
}

fn report_format(format: OutputFormat) -> ReportFormat {
    match format {
        OutputFormat::Table => ReportFormat::Table,
        OutputFormat::Json => ReportFormat::Json,
        OutputFormat::Jsonl => ReportFormat::Jsonl,
        OutputFormat::Csv => ReportFormat::Csv,
        OutputFormat::Html => ReportFormat::Html,
    }
}

fn completions(shell: clap_complete::Shell) -> Result<Exit> {
    let mut command = help::command();
    let mut out = io::stdout().lock();
    clap_complete::generate(shell, &mut command, "rolefit", &mut out);
    out.flush()?;
    Ok(Exit::Ok)
}

fn man(args: &ManArgs) -> Result<Exit> {
    match &args.to {
        Some(dir) => {
            for page in help::write_pages(dir).with_context(|| format!("cannot write into {}", shown(dir)))? {
                eprintln!("wrote {}", shown(&page));
            }
        }
        None => {
            let mut out = io::stdout().lock();
            help::print_page(&args.command, &mut out)?;
            out.flush()?;
        }
    }
    Ok(Exit::Ok)
}

fn dump(to: Option<&Path>) -> Result<Exit> {
    match to {
        None => {
            let mut out = io::stdout().lock();
            for (i, (name, text)) in EMBEDDED.iter().enumerate() {
                if i > 0 {
                    writeln!(out)?;
                }
                writeln!(out, "# ===== {name} =====")?;
                out.write_all(text.as_bytes())?;
            }
            out.flush()?;
        }
        Some(dir) => {
            std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", shown(dir)))?;
            for (name, text) in EMBEDDED {
                let path = dir.join(name);
                let mut file = std::fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(&path)
                    .with_context(|| format!("cannot create {} (it is never overwritten)", shown(&path)))?;
                file.write_all(text.as_bytes())?;
                eprintln!("wrote {}", shown(&path));
            }
        }
    }
    Ok(Exit::Ok)
}

fn check(dir: &Path) -> Result<Exit> {
    let lexicons = load_lexicons(Some(dir))?;
    Matcher::new(&lexicons)?;
    for (i, role) in lexicons.roles.iter().enumerate() {
        println!("ok  {:<12} {:>3} skills  {}", role.id, lexicons.skill_count(i), terminal_safe(&role.source));
    }
    Ok(Exit::Ok)
}

fn eval(args: EvalArgs) -> Result<Exit> {
    let lexicons = load_lexicons(args.common.lexicons.as_deref())?;
    let roles: Vec<String> = lexicons.roles.iter().map(|r| r.id.clone()).collect();
    let mut labels = Vec::new();
    for csv in &args.labels {
        let mut set = read_labels(csv, &roles)?;
        if args.labels.len() > 1 {
            // Two sets may both have `txt/a.txt`: name each file by its set too.
            let folder = csv.parent().and_then(Path::file_name).map(|f| f.to_string_lossy().into_owned());
            for label in &mut set {
                label.file = format!("{}/{}", folder.as_deref().unwrap_or("."), label.file);
            }
        }
        labels.append(&mut set);
    }
    let matcher = Matcher::new(&lexicons)?;
    let options = ScanOptions { mask_role_words: args.mask_role_words, ..scan_options(&args.common) };
    let pipeline = Pipeline { lexicons: &lexicons, matcher: &matcher, options: &options };
    let unmasked_options = ScanOptions { mask_role_words: false, ..options.clone() };
    let unmasked = Pipeline { lexicons: &lexicons, matcher: &matcher, options: &unmasked_options };
    let evaluation = evaluate(&labels, &pipeline, args.mask_role_words.then_some(&unmasked));
    let mut out = io::stdout().lock();
    match args.format {
        EvalFormat::Text => out.write_all(terminal_safe_text(&evaluation.to_text()).as_bytes())?,
        EvalFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(&evaluation.to_json())?)?,
    }
    out.flush()?;
    let failed = evaluation.results.iter().any(|r| r.predicted == "failed");
    Ok(if failed { Exit::SomeFailed } else { Exit::Ok })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_are_the_documented_numbers() {
        assert_eq!(ExitCode::from(Exit::Ok), ExitCode::from(0));
        assert_eq!(ExitCode::from(Exit::SomeFailed), ExitCode::from(1));
        assert_eq!(ExitCode::from(Exit::Error), ExitCode::from(2));
    }

    #[test]
    fn globs_split_includes_and_excludes() {
        let g = globs(&["*.pdf".into(), "!drafts/**".into()]).expect("valid").expect("some");
        assert!(g.include.is_match("a/b.pdf"));
        assert!(g.exclude.is_match("drafts/x.pdf"));
    }

    #[test]
    fn path_lists_split_on_newlines_or_nuls() {
        let lines = read_path_list(&b"a.pdf\r\n\n  \nb c.txt  \nlast"[..], b'\n').expect("reads");
        assert_eq!(lines, [PathBuf::from("a.pdf"), PathBuf::from("b c.txt"), PathBuf::from("last")]);
        let nuls = read_path_list(&b"\0\0two\nlines \0\0\0x\0"[..], b'\0').expect("reads");
        assert_eq!(nuls, [PathBuf::from("two\nlines "), PathBuf::from("x")]);
    }

    #[test]
    fn a_path_list_entry_past_the_limit_is_an_error() {
        let long = vec![b'a'; MAX_LISTED_PATH + 1];
        assert!(read_path_list(&long[..], b'\n').is_err());
        let fits = vec![b'a'; MAX_LISTED_PATH];
        assert_eq!(read_path_list(&fits[..], b'\n').expect("fits").len(), 1);
    }
}
