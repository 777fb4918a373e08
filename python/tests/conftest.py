"""Shared fixtures of the engine tests: the repository, the corpus, the `rolefit` CLI and its records.

Records are compared as data, never printed: some corpus resumes are real people's, so a failure names only
relative paths and field names, never a snippet or a title.
"""

import json
import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CORPUS = Path(os.environ.get("ROLEFIT_CORPUS", REPO.parent / "shared" / "corpus")).resolve()

# Fields that legitimately differ between a record made by `rolefit scan` and one made through the Python package
# for the same bytes: `path` is whatever name the caller gives (a Spark path is `file:/…` and percent-encoded; a
# mount differs per machine), and `ordinal` is a document's place in a whole run, which a document analysed on its
# own does not have. Every other field — content hash, provenance, verdict, evidence — must be equal.
ENGINE_FIELDS = ("path", "ordinal")


def rolefit_bin() -> Path:
    """The CLI built from this checkout: $ROLEFIT_BIN, else the debug binary `cargo test` leaves behind."""
    given = os.environ.get("ROLEFIT_BIN")
    path = Path(given) if given else REPO / "target" / "debug" / "rolefit"
    if not path.is_file():
        pytest.fail(f"no rolefit binary at {path}: run `cargo build` (or set ROLEFIT_BIN)")
    return path


def scan_jsonl(*args: str) -> list:
    """The records `rolefit scan --format jsonl ARGS` writes (failed documents are data here: --failed-ok)."""
    done = subprocess.run(
        [str(rolefit_bin()), "scan", "--format", "jsonl", "--failed-ok", "-j", "2", *args],
        capture_output=True,
        check=False,
    )
    # stderr is safe to show (messages name paths, never contents); stdout is not.
    assert done.returncode == 0, f"rolefit scan exited {done.returncode}: {done.stderr.decode(errors='replace')}"
    return [json.loads(line) for line in done.stdout.splitlines()]


def without(record: dict, fields=ENGINE_FIELDS) -> dict:
    return {k: v for k, v in record.items() if k not in fields}


def differences(expected: dict, actual: dict) -> list:
    """Records keyed by relative path → what differs, as (path, 'missing' | 'extra' | field names): never values."""
    found = []
    for key in sorted(expected.keys() | actual.keys()):
        if key not in actual:
            found.append((key, "missing"))
        elif key not in expected:
            found.append((key, "extra"))
        else:
            a, b = without(expected[key]), without(actual[key])
            if a != b:
                found.append((key, sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))))
    return found


def corpus_files() -> list:
    """Every regular file under the corpus, as `rolefit scan` walks it (sorted, hidden files included)."""
    files = []
    for root, dirs, names in os.walk(CORPUS):
        dirs.sort()
        for name in sorted(names):
            path = Path(root) / name
            if path.is_file() and not path.is_symlink():
                files.append(path)
    return files


def relative(path) -> str:
    return os.path.relpath(path, CORPUS)


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.fail(f"the corpus is not at {CORPUS} (CI has ../shared beside the clone; or set ROLEFIT_CORPUS)")
    return CORPUS


@pytest.fixture(scope="session")
def cli_corpus_records(corpus) -> dict:
    """A plain `rolefit scan` of the whole corpus, keyed by path relative to the corpus."""
    return {relative(r["path"]): r for r in scan_jsonl(str(corpus))}
