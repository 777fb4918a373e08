"""A Dask distributed cluster (2 worker processes, 1 thread each) analyses the whole corpus through the Python
package, the Analyzer shipped to the workers by pickling: its records equal a plain `rolefit scan`'s, document
for document (less the fields that name a document's place and path, see conftest.ENGINE_FIELDS)."""

import os

import pytest

import rolefit
from conftest import corpus_files, differences, relative

distributed = pytest.importorskip("distributed")


def analyze_paths(analyzer, paths):
    """One task: read a batch of files and analyse them (the worker reads; the driver never holds the bytes)."""
    items = []
    for path in paths:
        with open(path, "rb") as file:
            items.append((file.read(), path))
    return analyzer.analyze_many(items)


def test_dask_records_equal_the_scan_on_the_whole_corpus(corpus, cli_corpus_records):
    paths = [str(p) for p in corpus_files()]
    batches = [paths[i : i + 64] for i in range(0, len(paths), 64)]
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", env={"ROLEFIT_THREADS": "1"}
    ) as cluster, distributed.Client(cluster) as client:
        (analyzer,) = client.scatter([rolefit.Analyzer()], broadcast=True)
        records = [r for batch in client.gather(client.map(analyze_paths, [analyzer] * len(batches), batches)) for r in batch]
        assert len(client.scheduler_info()["workers"]) == 2
    mine = {relative(r["path"]): r for r in records}
    assert len(mine) == len(records) == len(paths)
    found = differences(cli_corpus_records, mine)
    assert not found, f"{len(found)} documents differ from rolefit scan, e.g. {found[:5]}"
    assert len(mine) == len(cli_corpus_records) > 1000
