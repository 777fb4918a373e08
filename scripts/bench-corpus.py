#!/usr/bin/env python3
"""Generates the benchmark corpus of scripts/bench (deterministic for a given seed).

  bench-corpus.py OUT_DIR [--texts N] [--min-mb M] [--pdfs N] [--small N]

- OUT_DIR/texts/: N text documents (default 10,000, together at least M MB, default 100) built from the lines of
  the real postings and resumes in ../shared/corpus and of the project's samples: each document is a title line
  followed by lines drawn at random, so its vocabulary and its skill density are those of real documents.
- OUT_DIR/pdfs/: N PDFs (default 1,000): copies of the corpus and sample PDFs that extract cleanly, each made
  distinct by a unique comment after `%%EOF` (so no layer of any tool can recognise a repeat).
- OUT_DIR/small/: N one-paragraph documents (for the memory-versus-count check), when --small is given.
- OUT_DIR/terms.txt: every lexicon term, one per line (the grep baseline's pattern file), written by scripts/bench.
"""
import argparse
import pathlib
import random

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"


def source_lines():
    lines = []
    folders = [CORPUS / "postings" / "txt", CORPUS / "resumes" / "txt", ROOT / "samples"]
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.suffix not in (".txt", ".md") or not path.is_file():
                continue
            text = path.read_bytes().decode("utf-8", "replace")
            lines.extend(line.strip() for line in text.splitlines() if len(line.strip()) >= 20)
    if not lines:
        raise SystemExit("bench-corpus: no source text found (is ../shared/corpus beside the project?)")
    return lines


def write_texts(out, count, min_bytes, lines, rng):
    folder = out / "texts"
    folder.mkdir(parents=True, exist_ok=True)
    per_doc = max(min_bytes // count, 1)
    written = 0
    for i in range(count):
        # Resumes and postings vary in length: 0.5x to 1.5x the mean.
        target = int(per_doc * rng.uniform(0.5, 1.5)) if i < count - 1 else max(min_bytes - written, per_doc)
        parts = [f"{rng.choice(lines)[:60]}\n"]
        size = len(parts[0])
        while size < target:
            line = rng.choice(lines) + "\n"
            parts.append(line)
            size += len(line.encode())
        data = "".join(parts).encode()
        (folder / f"doc{i:06}.txt").write_bytes(data)
        written += len(data)
    return written


def write_pdfs(out, count):
    sources = sorted(
        p for folder in (CORPUS / "resumes" / "pdf", CORPUS / "postings" / "pdf", ROOT / "samples")
        for p in folder.glob("*.pdf")
    )
    if not sources:
        raise SystemExit("bench-corpus: no source PDFs found")
    folder = out / "pdfs"
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        data = sources[i % len(sources)].read_bytes()
        (folder / f"doc{i:05}.pdf").write_bytes(data + b"\n%% bench copy %d\n" % i)
    return len(sources)


def write_small(out, count, lines, rng):
    folder = out / "small"
    for i in range(count):
        sub = folder / f"{i // 1000:03}"
        if i % 1000 == 0:
            sub.mkdir(parents=True, exist_ok=True)
        (sub / f"doc{i:06}.txt").write_text("\n".join(rng.choice(lines) for _ in range(4)) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=pathlib.Path)
    parser.add_argument("--texts", type=int, default=10_000)
    parser.add_argument("--min-mb", type=int, default=100)
    parser.add_argument("--pdfs", type=int, default=1_000)
    parser.add_argument("--small", type=int, default=0)
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    lines = source_lines() if args.texts or args.small else []
    if args.texts:
        written = write_texts(args.out, args.texts, args.min_mb * 1_000_000, lines, rng)
        print(f"texts: {args.texts} documents, {written / 1e6:.1f} MB")
    if args.pdfs:
        sources = write_pdfs(args.out, args.pdfs)
        print(f"pdfs: {args.pdfs} documents from {sources} distinct PDFs")
    if args.small:
        write_small(args.out, args.small, lines, rng)
        print(f"small: {args.small} documents")


if __name__ == "__main__":
    main()
