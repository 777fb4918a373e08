"""The Python API gives the CLI's records: same bytes, same record (less `ordinal`), same limits and checks."""

import json
import pickle
import re
import shutil
import subprocess
import sys

import pytest

import conftest
import rolefit
from conftest import REPO, scan_jsonl, without


def sample_files():
    return sorted(p for p in (REPO / "samples").rglob("*") if p.is_file() and p.name != "labels.csv")


def test_a_record_is_the_scan_record_of_the_same_file():
    analyzer = rolefit.Analyzer()
    files = sample_files()
    assert len(files) >= 10
    cli = scan_jsonl(*map(str, files))
    assert [r["path"] for r in cli] == [str(f) for f in files]
    for record, path in zip(cli, files):
        mine = analyzer.analyze(path.read_bytes(), str(path))
        assert "ordinal" not in mine
        # Same name given, so only `ordinal` differs; the message names the file, not its contents.
        assert mine == without(record, ("ordinal",)), f"{path.name} differs from rolefit scan's record"


def test_analyze_many_gives_analyze_records_in_order():
    analyzer = rolefit.Analyzer()
    items = [(p.read_bytes(), str(p)) for p in sample_files()]
    assert analyzer.analyze_many(items) == [analyzer.analyze(d, n) for d, n in items]
    assert analyzer.analyze_many(iter([])) == []
    with pytest.raises(ValueError):
        analyzer.analyze_many([(b"Terraform",)])
    with pytest.raises(TypeError):
        analyzer.analyze_many([("not bytes", "a.txt")])


def test_json_texts_are_the_scan_lines_without_ordinal():
    analyzer = rolefit.Analyzer()
    files = sample_files()
    done = subprocess.run(
        [str(conftest.rolefit_bin()), "scan", "--format", "jsonl", "--failed-ok", *map(str, files)],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")  # --failed-ok: failures are records
    lines = done.stdout.decode().splitlines()
    assert len(lines) == len(files)
    items = [(p.read_bytes(), str(p)) for p in files]
    texts = analyzer.analyze_many_json(items)
    assert texts == [analyzer.analyze_json(d, n) for d, n in items]
    for line, text, path in zip(lines, texts, files):
        # Byte for byte the line scan writes, less its `"ordinal":N,` member.
        assert re.sub(r',"ordinal":\d+', "", line, count=1) == text, f"{path.name} differs from rolefit scan's line"
    assert [json.loads(t) for t in texts] == analyzer.analyze_many(items)
    assert analyzer.analyze_many_json([]) == []
    with pytest.raises(ValueError):
        analyzer.analyze_many_json([(b"Terraform",)])


@pytest.mark.parametrize(
    "limits, flags",
    [
        ({"max_file_size": 2000}, ["--max-file-size", "2000"]),
        ({"max_pages": 1}, ["--max-pages", "1"]),
        ({"max_decompressed": 1000}, ["--max-decompressed", "1000"]),
        ({"doc_timeout": 5.5}, ["--doc-timeout", "5.5"]),
    ],
)
def test_limits_give_the_cli_records_with_the_same_flags(limits, flags):
    analyzer = rolefit.Analyzer(**limits)
    files = sample_files()
    cli = scan_jsonl(*flags, *map(str, files))
    for record, path in zip(cli, files):
        assert analyzer.analyze(path.read_bytes(), str(path)) == without(record, ("ordinal",)), path.name
    assert analyzer.limits[next(iter(limits))] == next(iter(limits.values()))


def test_a_document_over_the_size_limit_fails_without_a_hash_in_the_cli_and_in_python(tmp_path):
    doc = tmp_path / "big.txt"
    doc.write_bytes(b"Terraform on AWS. " * 100)
    (record,) = scan_jsonl("--max-file-size", "100", str(doc))
    mine = rolefit.Analyzer(max_file_size=100).analyze(doc.read_bytes(), str(doc))
    assert mine == without(record, ("ordinal",))
    assert (mine["status"], mine["error"]["kind"], "sha256" in mine) == ("failed", "too_large", False)
    assert mine["provenance"]["options"] == "max-file-size=100"


def test_a_broken_document_is_a_failed_record_not_an_exception():
    analyzer = rolefit.Analyzer()
    for data, name, kind in [
        (b"%PDF-1.7 not a PDF at all", "x.pdf", "pdf_malformed"),
        (b"PK\x03\x04 not a zip", "x.docx", None),
    ]:
        record = analyzer.analyze(data, name)
        assert record["status"] in ("failed", "skipped"), name
        if kind:
            assert (record["status"], record["error"]["kind"]) == ("failed", kind)
    assert analyzer.analyze(b"", "empty.txt")["status"] in ("ok", "failed")
    assert analyzer.analyze(b"notes", "sheet.xlsx")["status"] == "skipped"


def test_bad_limits_are_refused_as_the_cli_refuses_them():
    for bad in (0, -1, float("nan"), float("inf"), 86_401):
        with pytest.raises(ValueError, match="doc_timeout"):
            rolefit.Analyzer(doc_timeout=bad)
    with pytest.raises(OverflowError):
        rolefit.Analyzer(max_pages=-1)
    with pytest.raises(TypeError):
        rolefit.Analyzer(max_file_sise=10)
    with pytest.raises(TypeError):
        rolefit.Analyzer(None, 10)  # limits are keyword-only


def test_lexicons_from_a_folder_or_files_match_the_cli_with_that_folder(tmp_path):
    folder = tmp_path / "lexicons"
    shutil.copytree(REPO / "lexicons", folder)
    toml = sorted(folder.glob("*.toml"))
    doc = REPO / "samples" / "postings" / "copperline-cloud-engineer.txt"
    (record,) = scan_jsonl("--lexicons", str(folder), str(doc))
    for given in (folder, str(folder), list(reversed(toml)), [str(p) for p in toml]):
        assert rolefit.Analyzer(given).analyze(doc.read_bytes(), str(doc)) == without(record, ("ordinal",))
    (toml[0]).write_text("id = \n")
    with pytest.raises(ValueError, match=re.escape(toml[0].name)):
        rolefit.Analyzer(folder)
    with pytest.raises(OSError):
        rolefit.Analyzer([tmp_path / "missing.toml"])


def test_an_analyzer_survives_pickling_without_its_lexicon_files(tmp_path):
    folder = tmp_path / "lexicons"
    shutil.copytree(REPO / "lexicons", folder)
    analyzer = rolefit.Analyzer(folder, max_file_size=5000, max_pages=3, doc_timeout=7.0)
    shipped = pickle.dumps(analyzer)
    shutil.rmtree(folder)  # a worker has no lexicon files: the texts travel in the pickle
    again = pickle.loads(shipped)
    assert again.limits == analyzer.limits == {
        "max_file_size": 5000,
        "max_decompressed": 64 << 20,
        "max_pages": 3,
        "doc_timeout": 7.0,
    }
    assert again.provenance == analyzer.provenance
    items = [(p.read_bytes(), str(p)) for p in sample_files()]
    assert again.analyze_many(items) == analyzer.analyze_many(items)
    embedded = pickle.loads(pickle.dumps(rolefit.Analyzer()))
    assert embedded.provenance == rolefit.Analyzer().provenance


def test_the_version_is_the_one_records_carry():
    assert rolefit.Analyzer().provenance["tool"] == f"rolefit {rolefit.__version__}"


def test_the_documented_example_runs():
    """The Python example of docs/scale.md, run as written (from the repository root)."""
    text = (REPO / "docs" / "scale.md").read_text()
    example = re.search(r"<!-- example: tested -->\s*```python\n(.*?)```", text, re.S)
    assert example, "docs/scale.md has no ```python block marked <!-- example: tested -->"
    done = subprocess.run([sys.executable, "-c", example.group(1)], cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip(), "the example prints its result"
