"""rolefit: says whether resumes and job postings fit a cloud architect or a cloud engineer, with the evidence.

Each record is exactly the JSON object `rolefit scan --format jsonl` writes for the same bytes, without `ordinal`
(only a whole run has one). See docs/scale.md.
"""

import os
from typing import Any, Iterable, Optional, Sequence, Tuple, Union

__version__: str

_Path = Union[str, "os.PathLike[str]"]

class Analyzer:
    """Lexicons, compiled matcher and per-document limits, built once and shared by threads.

    `lexicons`: None for the embedded lexicons, a folder of `*.toml` files (as `--lexicons DIR`), one file, or a
    sequence of files. The limits are the CLI's (`--max-file-size`, `--max-decompressed`, `--max-pages`,
    `--doc-timeout`) with the same defaults and checks; a bad value raises ValueError (a negative one
    OverflowError). Picklable: it is rebuilt from its lexicon texts and limits, so no lexicon file is needed where
    it is unpickled.
    """

    def __init__(
        self,
        lexicons: Optional[Union[_Path, Sequence[_Path]]] = None,
        *,
        max_file_size: int = ...,
        max_decompressed: int = ...,
        max_pages: int = ...,
        doc_timeout: float = ...,
    ) -> None: ...
    def analyze(self, data: bytes, name: str) -> dict[str, Any]:
        """The record of one document. `name` is only reported and its extension read. A document that cannot be
        analysed gives a `failed` record, never an exception."""
    def analyze_many(self, items: Iterable[Tuple[bytes, str]]) -> list[dict[str, Any]]:
        """The records of many `(data, name)` pairs, in order, analysed in this thread with the GIL released."""
    def analyze_json(self, data: bytes, name: str) -> str:
        """The same record as its JSON text: the line `rolefit scan --format jsonl` writes, less `ordinal` and the
        line end. Cheaper than `analyze` when records are stored or shipped as text: building Python objects adds
        about half again to the analysis."""
    def analyze_many_json(self, items: Iterable[Tuple[bytes, str]]) -> list[str]:
        """`analyze_many`, as JSON texts."""
    @property
    def limits(self) -> dict[str, Any]:
        """The limits in force, as keyword arguments to `Analyzer`."""
    @property
    def provenance(self) -> dict[str, str]:
        """What every record of this analyser carries as `provenance` (tool, lexicons, options)."""
