"""Apache Spark local[2] reads the whole corpus with `binaryFile` and analyses it in `mapInPandas` with the
Python package: its records equal a plain `rolefit scan`'s, document for document (less `path` and `ordinal`,
see conftest.ENGINE_FIELDS), and the only documents missing are the 0-byte files, which `binaryFile` drops."""

import json
import os
import sys
from urllib.parse import unquote, urlparse

import pytest

import rolefit
from conftest import corpus_files, differences, relative

pyspark = pytest.importorskip("pyspark")


def spark_path(uri: str) -> str:
    """A `binaryFile` path (`file:/a/Read%20Me.txt`) as a file path."""
    return unquote(urlparse(uri).path)


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    os.environ["PYSPARK_PYTHON"] = sys.executable  # the workers use this environment's rolefit
    session = (
        SparkSession.builder.master("local[2]")
        .appName("rolefit-engines-test")
        # Small files: without this every file costs 4 MiB of a partition's budget (hundreds of partitions).
        .config("spark.sql.files.openCostInBytes", "0")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.executorEnv.ROLEFIT_THREADS", "1")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def test_spark_records_equal_the_scan_on_the_whole_corpus(spark, corpus, cli_corpus_records):
    analyzer = rolefit.Analyzer()  # pickled into the UDF's closure, rebuilt once per Python worker task

    def analyze(frames):
        import pandas as pd

        for frame in frames:
            records = analyzer.analyze_many_json(zip(frame["content"], frame["path"]))
            yield pd.DataFrame({"path": frame["path"], "record": records})

    files = (
        spark.read.format("binaryFile")
        .option("recursiveFileLookup", "true")
        .load(str(corpus))
    )
    assert files.rdd.getNumPartitions() <= 4, "openCostInBytes=0 packs the small files into few partitions"
    rows = files.mapInPandas(analyze, schema="path string, record string").collect()
    mine = {relative(spark_path(row.path)): json.loads(row.record) for row in rows}
    assert len(mine) == len(rows)

    on_disk = {relative(p): p.stat().st_size for p in corpus_files()}
    missing = {path for path in on_disk if path not in mine}
    assert missing == {path for path, size in on_disk.items() if size == 0}, "binaryFile drops exactly the 0-byte files"
    assert set(mine) <= set(on_disk)
    # The 0-byte files are accounted for as the recipe says: analysed on the driver from the listing.
    for path in sorted(missing):
        mine[path] = analyzer.analyze(b"", str(corpus / path))
    found = differences(cli_corpus_records, mine)
    assert not found, f"{len(found)} documents differ from rolefit scan, e.g. {found[:5]}"
