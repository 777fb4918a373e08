//! The command line, as the user types it (clap derive). Nothing here is validated beyond its type: `main`
//! turns these raw arguments into the library's settings.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum, ValueHint};

/// Says whether resumes and job postings read as cloud architect or cloud engineer work — with the evidence,
/// and the skills each document does not show. Runs offline; documents never leave this machine.
#[derive(Debug, Parser)]
#[command(name = "rolefit", version, about, long_about = None, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Assess resumes and job postings: fit, confidence, scores, evidence, missing skills.
    Scan(Box<ScanArgs>),
    /// Print the text of one document exactly as the analysis sees it (evidence line numbers refer to it);
    /// control characters other than newline and tab are shown escaped (`\x1b`, `\u{202e}`).
    Text(TextArgs),
    /// Print or check skill lexicons.
    #[command(subcommand)]
    Lexicon(LexiconCommand),
    /// Measure accuracy on labelled documents (a CSV of file,gold).
    Eval(EvalArgs),
    /// Rank resumes against real job postings: the share of each posting's asks a resume shows (required ones
    /// weigh double), and what it lacks.
    Match(MatchArgs),
    /// Put the reports of a sharded scan (`--shard K/N`) back together: exactly the report one scan gives.
    Merge(MergeArgs),
    /// Print a shell completion script (e.g. `rolefit completions bash > /etc/bash_completion.d/rolefit`).
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print a man page (roff), e.g. `rolefit man scan | man -l -`, or write all of them with --to.
    Man(ManArgs),
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Files or folders to scan (folders recursively, in name order); `-` reads one document from stdin.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Read more paths from FILE, one per line (`-` for stdin); with `-0`, separated by NUL bytes instead. At
    /// most 2,000,000 paths, 256 MiB in all, 64 KiB each.
    #[arg(long, value_name = "FILE")]
    pub files_from: Option<PathBuf>,

    /// The --files-from list is separated by NUL bytes (as `find -print0` writes), so names may hold newlines
    /// and bytes that are not UTF-8.
    #[arg(short = '0', long = "null", requires = "files_from")]
    pub null: bool,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,

    /// Write the report to FILE instead of stdout. A regular file is replaced atomically (it changes only if
    /// the whole report was written) and keeps its permissions; a symbolic link is followed; a hard-linked file
    /// is written in place once the report is complete; a device or FIFO (/dev/null, /dev/stdout) is written as
    /// it is. FILE may not be one of the inputs; inside a scanned folder it is listed as skipped.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Write CSV cells as they are. By default a cell that starts with =, +, -, @, a tab or a carriage return
    /// (a formula to a spreadsheet) gets a ' in front, unless it is a plain number.
    #[arg(long)]
    pub csv_raw: bool,

    /// Start the CSV with a UTF-8 byte-order mark, for spreadsheet programs that otherwise misread non-ASCII
    /// text (Excel on Windows).
    #[arg(long)]
    pub csv_bom: bool,

    /// List missing skills for this role instead of the fitted one.
    #[arg(long, value_name = "ROLE", value_hint = ValueHint::Other)]
    pub target: Option<String>,

    /// Most missing skills listed per role.
    #[arg(long, value_name = "N", value_hint = ValueHint::Other, default_value_t = 10)]
    pub max_missing: usize,

    /// Treat every document as this kind instead of detecting it.
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,

    #[command(flatten)]
    pub common: CommonArgs,

    /// Only read files (inside folders) whose path matches GLOB; `!GLOB` excludes. Repeatable.
    #[arg(long, short = 'g', value_name = "GLOB", value_hint = ValueHint::Other)]
    pub glob: Vec<String>,

    /// Descend at most N folder levels (1 = only the folder's own files).
    #[arg(long, value_name = "N", value_hint = ValueHint::Other)]
    pub max_depth: Option<usize>,

    /// Follow symbolic links inside folders (links leading outside the folders and files given are skipped).
    #[arg(long, short = 'L')]
    pub follow: bool,

    /// With --follow, also follow links that lead outside the folders and files given.
    #[arg(long, requires = "follow")]
    pub follow_outside: bool,

    /// Files larger than this many bytes fail with `too_large`.
    #[arg(long, value_name = "BYTES", value_hint = ValueHint::Other, default_value_t = rolefit::scan::DEFAULT_MAX_FILE_SIZE)]
    pub max_file_size: u64,

    /// A document whose PDF streams and zip entries decompress to more than this many bytes in all fails with
    /// `limit_exceeded` (decompression bombs).
    #[arg(long, value_name = "BYTES", value_hint = ValueHint::Other, default_value_t = rolefit::extract::budget::DEFAULT_MAX_DECOMPRESSED)]
    pub max_decompressed: u64,

    /// A PDF with more pages fails with `limit_exceeded`.
    #[arg(long, value_name = "N", value_hint = ValueHint::Other, default_value_t = rolefit::extract::budget::DEFAULT_MAX_PAGES)]
    pub max_pages: usize,

    /// A document whose extraction takes longer fails with `timeout` (at most 86400, a day).
    #[arg(long, value_name = "SECONDS", value_hint = ValueHint::Other, default_value_t = rolefit::extract::budget::DEFAULT_DOC_TIMEOUT.as_secs_f64())]
    pub doc_timeout: f64,

    #[command(flatten)]
    pub listing: ListingArgs,

    /// Replace e-mail addresses, phone numbers and links to personal profiles (LinkedIn, GitHub, …) in every
    /// snippet and title.
    #[arg(long)]
    pub redact: bool,

    /// Replace file names by pseudonyms made from each document's content (`document-` and 16 hex digits of its
    /// SHA-256, the extension kept): the same document gets the same name on every machine.
    #[arg(long)]
    pub redact_paths: bool,

    /// Analyse only part K of N of the inputs (1 ≤ K ≤ N), for running one scan as N processes (a Kubernetes
    /// Indexed Job, a laptop's checkpoints). Every process walks the same inputs; an input is K's when a hash of its
    /// path relative to the folder given (or a file's path as given) says so, whatever the machine or mount
    /// point. Records keep their place in the whole run (`ordinal`): `rolefit merge` puts the shards back
    /// together. An empty part is not an error.
    #[arg(long, value_name = "K/N", value_hint = ValueHint::Other, value_parser = parse_shard)]
    pub shard: Option<rolefit::scan::Shard>,

    /// Exit 0 even when some documents fail: they are in the report as `failed`, and the report is complete. For
    /// batch engines, where a failed document is data, not a failed job (Spark's checkCode, a Kubernetes pod).
    #[arg(long)]
    pub failed_ok: bool,

    /// Show how each role's score is made: every matched skill's contribution to its evidence.
    #[arg(long)]
    pub explain: bool,

    /// Password for encrypted PDFs (tried on every encrypted PDF of the run).
    #[arg(long, value_name = "PASSWORD", value_hint = ValueHint::Other)]
    pub password: Option<String>,

    /// The two roles whose scores are the axes of the HTML report's map, across then up (default: the first
    /// two roles of the lexicons).
    #[arg(long, value_name = "ROLE,ROLE", value_hint = ValueHint::Other, value_parser = parse_map)]
    pub map: Option<(String, String)>,
}

fn parse_map(text: &str) -> Result<(String, String), String> {
    match text.split_once(',') {
        Some((x, y)) if !x.trim().is_empty() && !y.trim().is_empty() && x.trim() != y.trim() => {
            Ok((x.trim().to_string(), y.trim().to_string()))
        }
        _ => Err(format!("{text:?}: give two different role ids, e.g. architect,engineer")),
    }
}

/// Which documents a report lists, in which order, and how the table looks (`scan` and `merge`).
#[derive(Debug, Args)]
pub struct ListingArgs {
    /// When to colour the table.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// One table line per document (no evidence or missing-skill lines).
    #[arg(long)]
    pub brief: bool,

    /// Keep only documents with this fit (a role id, hybrid or unclear); the summary still counts every input.
    #[arg(long, value_name = "FIT", value_hint = ValueHint::Other)]
    pub fit: Option<String>,

    /// Keep only documents scoring at least N, 0–100 (for the --fit role, else their best score).
    #[arg(long, value_name = "N", value_hint = ValueHint::Other)]
    pub min_score: Option<f64>,

    /// Order of the listing: input order (path) or highest score first.
    #[arg(long, value_enum, default_value_t = SortArg::Path)]
    pub sort: SortArg,
}

#[derive(Debug, Args)]
pub struct CommonArgs {
    /// Use the role lexicons (*.toml) in DIR instead of the embedded ones.
    #[arg(long, value_name = "DIR")]
    pub lexicons: Option<PathBuf>,

    /// Worker threads (default: one per core, or $ROLEFIT_THREADS). Under a batch engine that already runs one
    /// task per core (Spark, Dask, Kubernetes), set ROLEFIT_THREADS=1.
    #[arg(long, short = 'j', value_name = "N", value_hint = ValueHint::Other, default_value_t = 0, env = "ROLEFIT_THREADS")]
    pub threads: usize,
}

fn parse_shard(text: &str) -> Result<rolefit::scan::Shard, String> {
    rolefit::scan::Shard::parse(text).ok_or_else(|| format!("{text:?}: give K/N with 1 ≤ K ≤ N, e.g. 3/8"))
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Shard reports (`--format json` or `jsonl`), in any order.
    #[arg(value_name = "REPORT", required = true)]
    pub reports: Vec<PathBuf>,

    /// The paths every input must have, one per line (as for --files-from): inputs no shard has, or that are not
    /// listed, are named and the merge fails.
    #[arg(long, value_name = "FILE")]
    pub manifest: Option<PathBuf>,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,

    /// Write the report to FILE instead of stdout (as `scan -o`).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Write CSV cells as they are (as `scan --csv-raw`).
    #[arg(long)]
    pub csv_raw: bool,

    /// Start the CSV with a UTF-8 byte-order mark (as `scan --csv-bom`).
    #[arg(long)]
    pub csv_bom: bool,

    #[command(flatten)]
    pub listing: ListingArgs,

    /// The lexicons the shards were made with (default: the embedded ones); their hash must match the records'.
    #[arg(long, value_name = "DIR")]
    pub lexicons: Option<PathBuf>,

    /// Exit 0 even when some documents failed (as `scan --failed-ok`).
    #[arg(long)]
    pub failed_ok: bool,
}

#[derive(Debug, Args)]
pub struct MatchArgs {
    /// A job posting to match against, a folder of them (read recursively), or `-` for one read from stdin
    /// (repeatable).
    #[arg(long, value_name = "POSTING", required = true)]
    pub posting: Vec<PathBuf>,

    /// Resumes: files or folders. A document here that reads as a job posting is left out, with a note.
    #[arg(value_name = "RESUME", required = true)]
    pub resumes: Vec<PathBuf>,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = MatchFormat::Table)]
    pub format: MatchFormat,

    /// Write the report to FILE instead of stdout (as `scan -o`: a regular file is replaced only once the
    /// report is complete).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Write CSV cells as they are (as `scan --csv-raw`).
    #[arg(long)]
    pub csv_raw: bool,

    /// Most missing skills listed per resume.
    #[arg(long, value_name = "N", value_hint = ValueHint::Other, default_value_t = 8)]
    pub max_missing: usize,

    /// Password for encrypted PDFs (tried on every encrypted PDF, postings and resumes).
    #[arg(long, value_name = "PASSWORD", value_hint = ValueHint::Other)]
    pub password: Option<String>,

    #[command(flatten)]
    pub common: CommonArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum MatchFormat {
    /// Aligned text for people.
    Table,
    /// One JSON object (rolefit.match/1).
    Json,
    /// One JSON object per posting and resume per line.
    Jsonl,
    /// One CSV row per posting and resume, for spreadsheets.
    Csv,
    /// One self-contained HTML page: one resume side by side with each posting, or each posting's ranking.
    Html,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// The command whose page to print (e.g. `scan`, `lexicon check`); none for the main page.
    #[arg(value_name = "COMMAND", conflicts_with = "to")]
    pub command: Vec<String>,

    /// Write every page into DIR (rolefit.1, rolefit-scan.1, …) instead, for packagers.
    #[arg(long, value_name = "DIR")]
    pub to: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct TextArgs {
    /// The document (`-` for stdin).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Number the lines (evidence line numbers refer to them) and show the section each line is read in
    /// (duties, requirements, preferred, boilerplate), which weighs its evidence.
    #[arg(long)]
    pub layout: bool,

    /// Password for an encrypted PDF.
    #[arg(long, value_name = "PASSWORD", value_hint = ValueHint::Other)]
    pub password: Option<String>,

    /// Replace e-mail addresses, phone numbers and links to personal profiles.
    #[arg(long)]
    pub redact: bool,
}

#[derive(Debug, Subcommand)]
pub enum LexiconCommand {
    /// Print the embedded lexicons (the starting point for your own), or write them into DIR.
    Dump {
        /// Write each lexicon as a file into this folder (existing files are not overwritten).
        #[arg(long, value_name = "DIR")]
        to: Option<PathBuf>,
    },
    /// Validate the lexicons in DIR; every mistake is reported with file and line.
    Check {
        /// Folder of *.toml role lexicons.
        #[arg(value_name = "DIR")]
        dir: PathBuf,
    },
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// CSV with columns file,gold. Give it more than once to evaluate several sets together (postings and
    /// resumes); files are then listed with their CSV's folder in front.
    #[arg(long, value_name = "FILE", required = true)]
    pub labels: Vec<PathBuf>,

    /// Hide the words architect(s)/engineer(s) before matching (the corpus protocol): fit from content alone.
    #[arg(long)]
    pub mask_role_words: bool,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = EvalFormat::Text)]
    pub format: EvalFormat,

    #[command(flatten)]
    pub common: CommonArgs,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum OutputFormat {
    /// Aligned text for people.
    Table,
    /// One JSON report (rolefit.report/1).
    Json,
    /// One JSON object per document per line.
    Jsonl,
    /// One CSV row per document (RFC 4180), for spreadsheets; formula-like cells get a ' in front (--csv-raw).
    Csv,
    /// One self-contained HTML page (chart, sortable table, a card per document); works offline.
    Html,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SortArg {
    /// Input order: arguments, then paths sorted within folders.
    Path,
    /// Highest score first.
    Score,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum EvalFormat {
    /// Readable text.
    Text,
    /// JSON.
    Json,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum KindArg {
    /// A resume or CV.
    Resume,
    /// A job posting.
    Posting,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ColorChoice {
    /// Colour when stdout is a terminal and NO_COLOR is not set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}
