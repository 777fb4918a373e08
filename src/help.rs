//! What `--help` and the man pages say beyond the flags: examples, notes and the exit status of every command.
//! One table feeds both, so the two never disagree, and one exit-code rule holds everywhere: 0 all fine, 1 the
//! command ran but some input failed, 2 nothing useful could be done.

use std::io::{self, Write};
use std::path::Path;

use clap::CommandFactory;
use clap_mangen::Man;
use clap_mangen::roff::{Roff, bold, roman};

use crate::cli::Cli;

/// The extra help of one (sub)command.
struct Guide {
    /// The command's path below `rolefit`, e.g. `"lexicon check"`; empty for `rolefit` itself.
    command: &'static str,
    /// Command lines, each with what it does.
    examples: &'static [(&'static str, &'static str)],
    /// Paragraphs printed after the examples (one line each: the terminal width wraps them).
    notes: &'static [&'static str],
    /// Exit codes and what each means for this command.
    exit: &'static [(u8, &'static str)],
}

const USAGE_ERROR: (u8, &str) = (2, "usage error, invalid lexicons, or the output could not be written");

const GUIDES: &[Guide] = &[
    Guide {
        command: "",
        examples: &[
            ("rolefit scan samples", "assess every document under samples/"),
            ("rolefit scan cv.pdf --target architect", "what cv.pdf lacks for the architect role"),
            ("rolefit match --posting job.pdf resumes/", "rank resumes against a posting"),
            ("rolefit man --to /usr/local/share/man/man1", "install every man page"),
        ],
        notes: &["Every command exits 0 when all went well, 1 when it ran but some input failed (the report is \
                  still complete), and 2 when nothing useful could be done (usage errors, invalid lexicons, an \
                  output that cannot be written)."],
        exit: &[
            (0, "all went well"),
            (1, "the command ran, but some input failed"),
            (2, "nothing useful could be done"),
        ],
    },
    Guide {
        command: "scan",
        examples: &[
            ("rolefit scan samples", "a table of every document under samples/"),
            ("rolefit scan cv.pdf --target architect", "what cv.pdf lacks for the architect role"),
            ("rolefit scan jobs/ -f html -o report.html", "a report page to share"),
            ("rolefit scan inbox/ -g '*.pdf' -j 4", "only PDFs, four threads"),
            ("cat posting.txt | rolefit scan - --kind posting", "one document from standard input"),
            ("find . -name '*.docx' | rolefit scan --files-from -", "the files a list names"),
            ("rolefit scan jobs/ --shard 2/8 -f jsonl -o part-2.jsonl", "part 2 of 8 (see rolefit merge)"),
        ],
        notes: &["Every input appears in the report: analysed, skipped (with why) or failed (with the error)."],
        exit: &[
            (0, "every input analysed or skipped on purpose (also with --failed-ok when some failed)"),
            (1, "at least one input failed; the report is still complete"),
            (2, "usage error, invalid lexicons, -o names an input, or the report could not be written"),
        ],
    },
    Guide {
        command: "text",
        examples: &[
            ("rolefit text cv.pdf", "the text the analysis reads"),
            ("rolefit text posting.html --layout | less", "numbered lines and the section of each"),
            ("rolefit text cv.docx --redact", "with e-mail addresses, phones and profile links replaced"),
        ],
        notes: &["Evidence line numbers in every report refer to the lines this prints."],
        exit: &[
            (0, "the text was printed"),
            (1, "the document could not be read, failed, or was skipped (nothing to print)"),
            USAGE_ERROR,
        ],
    },
    Guide {
        command: "lexicon",
        examples: &[
            ("rolefit lexicon dump --to my-lexicons", "start your own lexicons from the embedded ones"),
            ("rolefit lexicon check my-lexicons", "validate them"),
            ("rolefit scan cvs/ --lexicons my-lexicons", "use them"),
        ],
        notes: &[],
        exit: &[(0, "done"), (2, "the lexicons are invalid, or the files could not be written")],
    },
    Guide {
        command: "lexicon dump",
        examples: &[
            ("rolefit lexicon dump", "print the embedded lexicons"),
            ("rolefit lexicon dump --to my-lexicons", "write them as files (never over existing ones)"),
        ],
        notes: &[],
        exit: &[(0, "printed or written"), (2, "a file exists already or could not be written")],
    },
    Guide {
        command: "lexicon check",
        examples: &[("rolefit lexicon check my-lexicons", "every mistake, with file and line")],
        notes: &[],
        exit: &[(0, "the lexicons are valid"), (2, "they are not; every mistake is listed")],
    },
    Guide {
        command: "eval",
        examples: &[
            ("rolefit eval --labels tests/samples-labels.csv", "accuracy on the bundled samples"),
            ("rolefit eval --labels postings/labels.csv --mask-role-words", "from content alone"),
            ("rolefit eval --labels a/labels.csv --labels b/labels.csv -f json", "two sets together, as JSON"),
        ],
        notes: &[
            "The CSV needs the columns `file` (relative to the CSV) and `gold` (a role id, hybrid, none or any); \
             other columns are ignored. `none` expects `unclear`; `any` is not scored. A CSV with a `title_role` \
             column and no `gold` is a title-labelled set: eval reports the share of each fit per title role.",
        ],
        exit: &[
            (0, "every labelled document was analysed"),
            (1, "some labelled documents could not be read or failed (they count as wrong)"),
            (2, "usage error, invalid lexicons, or a labels CSV that cannot be read"),
        ],
    },
    Guide {
        command: "match",
        examples: &[
            ("rolefit match --posting job.pdf resumes/", "rank every resume against one posting"),
            ("rolefit match --posting job.pdf cv.pdf -f html -o match.html", "side by side, as a page"),
            ("rolefit match --posting saved-postings/ cv.pdf", "and what to learn next"),
            ("rolefit match --posting - cv.pdf < pasted-job.txt", "a posting from standard input"),
            ("rolefit match --posting a.html --posting b.txt cv.pdf -f json", "two postings, as JSON"),
        ],
        notes: &[
            "Coverage is the weighted share of the posting's skills a resume shows; a required skill weighs twice a \
             preferred one (\"nice to have\"), and heavier lexicon skills weigh more.",
            "With several postings, a resume also gets the skills most of them ask for that it does not show, the \
             most asked first (then the most often required): what to learn next. A document given as a resume \
             that reads as a posting is left out with a note.",
        ],
        exit: &[
            (0, "every posting and resume was read and matched"),
            (1, "a posting or resume could not be read, or a posting asks for no skill the lexicons know"),
            USAGE_ERROR,
        ],
    },
    Guide {
        command: "merge",
        examples: &[
            ("rolefit scan jobs/ --shard 1/4 -f jsonl -o part-1.jsonl", "one of four shards (also 2/4 …)"),
            ("rolefit merge part-*.jsonl -f html -o report.html", "the report one scan gives"),
            ("rolefit merge part-*.jsonl --manifest inputs.txt -f json", "and check every input is there"),
        ],
        notes: &["The shards must come from the same rolefit, lexicons and settings (every record says which): \
                  merge refuses to mix them, and names inputs that no shard has or that two shards have."],
        exit: &[
            (0, "merged"),
            (1, "merged, but some documents failed (0 with --failed-ok)"),
            (2, "the shards do not fit together, a shard cannot be read, or the report cannot be written"),
        ],
    },
    Guide {
        command: "completions",
        examples: &[
            ("rolefit completions bash > ~/.local/share/bash-completion/completions/rolefit", "bash"),
            ("rolefit completions zsh > ~/.zfunc/_rolefit", "zsh (with ~/.zfunc in fpath)"),
            ("rolefit completions fish > ~/.config/fish/completions/rolefit.fish", "fish"),
        ],
        notes: &[],
        exit: &[(0, "printed"), (2, "usage error")],
    },
    Guide {
        command: "man",
        examples: &[
            ("rolefit man | man -l -", "read the main page"),
            ("rolefit man scan | man -l -", "the page of one command"),
            ("rolefit man --to /usr/local/share/man/man1", "write every page (rolefit.1, rolefit-scan.1 …)"),
        ],
        notes: &[],
        exit: &[(0, "printed or written"), (2, "no such command, or the pages could not be written")],
    },
];

/// The command line with every command's examples, notes and exit status after its flags.
pub fn command() -> clap::Command {
    let mut command = Cli::command();
    for guide in GUIDES {
        command = with_guide(command, guide.command.split_whitespace().collect::<Vec<_>>().as_slice(), guide);
    }
    command
}

fn with_guide(command: clap::Command, path: &[&str], guide: &Guide) -> clap::Command {
    match path.split_first() {
        None => command.after_help(after_help(guide)),
        Some((first, rest)) => command.mut_subcommand(*first, |sub| with_guide(sub, rest, guide)),
    }
}

fn after_help(guide: &Guide) -> String {
    let mut text = String::from("Examples:\n");
    for (line, what) in guide.examples {
        text.push_str(&format!("  {line}\n      {what}\n"));
    }
    for note in guide.notes {
        text.push_str(&format!("\n{note}\n"));
    }
    text.push_str("\nExit status:\n");
    for (code, meaning) in guide.exit {
        text.push_str(&format!("  {code}  {meaning}\n"));
    }
    text.trim_end().to_owned()
}

/// Every page: `rolefit` and each command below it, the way clap names them (`rolefit-lexicon-check`).
fn pages() -> Vec<(&'static Guide, clap::Command)> {
    let mut root = command().disable_help_subcommand(true);
    root.build();
    GUIDES
        .iter()
        .map(|guide| {
            let mut page = root.clone();
            for name in guide.command.split_whitespace() {
                page = page.find_subcommand(name).expect("every guide names a command").clone();
            }
            (guide, page)
        })
        .collect()
}

/// Renders one man page: clap's sections with the examples, notes and exit status as sections of their own.
fn render(guide: &Guide, command: clap::Command, out: &mut dyn Write) -> io::Result<()> {
    // Subcommands carry no version of their own; the version section and the footer need one.
    let version = env!("CARGO_PKG_VERSION");
    let command = command.after_help(None::<&str>).version(version);
    let subcommands = command.has_subcommands();
    let man = Man::new(command).date(release_date()).source(format!("rolefit {version}"));
    man.render_title(out)?;
    man.render_name_section(out)?;
    man.render_synopsis_section(out)?;
    man.render_description_section(out)?;
    man.render_options_section(out)?;
    if subcommands {
        man.render_subcommands_section(out)?;
    }
    let mut roff = Roff::default();
    roff.control("SH", ["EXAMPLES"]);
    for (line, what) in guide.examples {
        roff.control("TP", []).text([bold(*line)]).text([roman(*what)]);
    }
    for note in guide.notes {
        roff.control("PP", []).text([roman(*note)]);
    }
    roff.control("SH", ["EXIT STATUS"]);
    for (code, meaning) in guide.exit {
        roff.control("TP", []).text([bold(code.to_string())]).text([roman(*meaning)]);
    }
    roff.control("SH", ["SEE ALSO"]);
    let others: Vec<String> =
        GUIDES.iter().filter(|g| g.command != guide.command).map(|g| page_name(g) + "(1)").collect();
    roff.text([roman(others.join(", "))]);
    roff.to_writer(out)?;
    man.render_version_section(out)
}

fn page_name(guide: &Guide) -> String {
    std::iter::once("rolefit").chain(guide.command.split_whitespace()).collect::<Vec<_>>().join("-")
}

/// The date a page shows: `SOURCE_DATE_EPOCH` when set (reproducible builds), else none.
fn release_date() -> String {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.parse::<i64>().ok())
        .map(|secs| {
            let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
            format!("{y:04}-{m:02}-{d:02}")
        })
        .unwrap_or_default()
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Prints the page of `command` (words after `rolefit`; none for the main page).
pub fn print_page(command: &[String], out: &mut dyn Write) -> anyhow::Result<()> {
    let wanted = command.join(" ");
    let Some((guide, page)) = pages().into_iter().find(|(g, _)| g.command == wanted) else {
        let known: Vec<&str> = GUIDES.iter().filter(|g| !g.command.is_empty()).map(|g| g.command).collect();
        anyhow::bail!("no man page for `{wanted}` (pages: {})", known.join(", "));
    };
    render(guide, page, out)?;
    Ok(())
}

/// Writes every page into `dir` as `rolefit.1`, `rolefit-scan.1`, … and returns their paths.
pub fn write_pages(dir: &Path) -> io::Result<Vec<std::path::PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    for (guide, page) in pages() {
        let path = dir.join(format!("{}.1", page_name(guide)));
        let mut buffer = Vec::new();
        render(guide, page, &mut buffer)?;
        std::fs::write(&path, buffer)?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_has_a_guide_and_every_guide_a_command() {
        let root = command();
        let mut commands = vec![String::new()];
        for sub in root.get_subcommands().filter(|s| s.get_name() != "help") {
            commands.push(sub.get_name().to_owned());
            for inner in sub.get_subcommands().filter(|s| s.get_name() != "help") {
                commands.push(format!("{} {}", sub.get_name(), inner.get_name()));
            }
        }
        let mut guided: Vec<String> = GUIDES.iter().map(|g| g.command.to_owned()).collect();
        commands.sort();
        guided.sort();
        assert_eq!(commands, guided);
    }

    #[test]
    fn examples_fit_an_80_column_terminal() {
        for guide in GUIDES {
            for (line, what) in guide.examples {
                assert!(2 + line.chars().count() <= 80, "{line}");
                assert!(6 + what.chars().count() <= 80, "{what}");
            }
        }
    }

    #[test]
    fn examples_parse_as_the_command_line_they_show() {
        for guide in GUIDES {
            for (line, _) in guide.examples {
                let Some(args) = line.split(" | ").find(|part| part.starts_with("rolefit ")) else { continue };
                let words: Vec<&str> = args
                    .split_whitespace()
                    .take_while(|w| *w != ">" && *w != "|")
                    .map(|w| w.trim_matches('\''))
                    .collect();
                if let Err(e) = command().try_get_matches_from(&words) {
                    panic!("{line}: {e}");
                }
            }
        }
    }

    #[test]
    fn source_date_epoch_days_become_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_794), (2026, 12, 7));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }
}
