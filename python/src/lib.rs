//! The Python face of rolefit: `rolefit.Analyzer`, a thin wrapper over the library's owned
//! [`rolefit::analyzer::Analyzer`], so a record made in Spark, Dask or Ray is the record `rolefit scan --format
//! jsonl` writes for the same bytes (less `ordinal`, which only a whole run has). Nothing is analysed here: this
//! file turns Python arguments into the library's settings, checked as the CLI checks them, releases the GIL while
//! the library works, and hands each record over as the library's JSON text or parsed by Python's own `json`
//! module. It must never grow its own rules.

use std::path::{Path, PathBuf};

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyTuple};

use rolefit::analyzer::{self, Analyzer as Engine};
use rolefit::extract::ExtractOptions;
use rolefit::extract::budget::{DEFAULT_DOC_TIMEOUT, DEFAULT_MAX_DECOMPRESSED, DEFAULT_MAX_PAGES, Limits};
use rolefit::lexicon::{Lexicons, SourceFile};
use rolefit::scan::{DEFAULT_MAX_FILE_SIZE, ScanOptions};

/// Lexicons, compiled matcher and per-document limits, built once and shared by every thread; picklable (it is
/// rebuilt from its lexicon texts and limits), so an engine can ship it to its workers.
#[pyclass(module = "rolefit", frozen)]
struct Analyzer {
    engine: Engine,
    /// The lexicon files' texts as loaded (`None`: the embedded lexicons), kept to rebuild on unpickling.
    sources: Option<Vec<SourceFile>>,
    limits: Settings,
}

/// The limits as given, checked.
#[derive(Clone, Copy)]
struct Settings {
    max_file_size: u64,
    max_decompressed: u64,
    max_pages: usize,
    doc_timeout: f64,
}

#[pymethods]
impl Analyzer {
    #[new]
    #[pyo3(signature = (lexicons=None, *, max_file_size=DEFAULT_MAX_FILE_SIZE, max_decompressed=DEFAULT_MAX_DECOMPRESSED,
        max_pages=DEFAULT_MAX_PAGES, doc_timeout=DEFAULT_DOC_TIMEOUT.as_secs_f64()))]
    fn new(
        lexicons: Option<&Bound<'_, PyAny>>,
        max_file_size: u64,
        max_decompressed: u64,
        max_pages: usize,
        doc_timeout: f64,
    ) -> PyResult<Analyzer> {
        let sources = match lexicons {
            None => None,
            Some(given) => Some(lexicon_files(&lexicon_paths(given)?)?),
        };
        Analyzer::build(sources, Settings { max_file_size, max_decompressed, max_pages, doc_timeout })
    }

    /// The record of one document: exactly the JSON object `rolefit scan --format jsonl` writes for these bytes
    /// under this name (without `ordinal`). A document that cannot be analysed is a `failed` record, never an
    /// exception.
    fn analyze<'py>(&self, py: Python<'py>, data: &[u8], name: &str) -> PyResult<Bound<'py, PyAny>> {
        let record = self.analyze_json(py, data, name);
        py.import("json")?.getattr("loads")?.call1((record,))
    }

    /// The same record as its JSON text: one line of `rolefit scan --format jsonl`, without the line end. For an
    /// engine that stores or ships records as text, this skips building Python objects, which adds about half
    /// again to the analysis for documents with much evidence.
    fn analyze_json(&self, py: Python<'_>, data: &[u8], name: &str) -> String {
        py.detach(|| self.engine.record(data, name))
    }

    /// The records of many `(data, name)` pairs, in order, analysed one after the other in this thread with the
    /// GIL released. There is no thread pool inside: an engine already runs one task per core, and several
    /// Python threads may call this at once.
    fn analyze_many<'py>(&self, py: Python<'py>, items: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyList>> {
        let loads = py.import("json")?.getattr("loads")?;
        let parsed =
            self.analyze_many_json(py, items)?.into_iter().map(|r| loads.call1((r,))).collect::<PyResult<Vec<_>>>()?;
        PyList::new(py, parsed)
    }

    /// The records of many `(data, name)` pairs as JSON texts, as [`Analyzer::analyze_json`] gives them.
    fn analyze_many_json(&self, py: Python<'_>, items: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
        let mut held: Vec<(Bound<'_, PyBytes>, String)> = Vec::new();
        for item in items.try_iter()? {
            let item = item?;
            let pair = item.cast::<PyTuple>().map_err(|_| PyValueError::new_err("each item is a (data, name) pair"))?;
            if pair.len() != 2 {
                return Err(PyValueError::new_err("each item is a (data, name) pair"));
            }
            held.push((pair.get_item(0)?.cast_into::<PyBytes>()?, pair.get_item(1)?.extract::<String>()?));
        }
        let documents: Vec<(&[u8], &str)> = held.iter().map(|(data, name)| (data.as_bytes(), name.as_str())).collect();
        Ok(py.detach(|| documents.iter().map(|(data, name)| self.engine.record(data, name)).collect()))
    }

    /// The limits in force, as keyword arguments to `Analyzer`.
    #[getter]
    fn limits<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let limits = PyDict::new(py);
        limits.set_item("max_file_size", self.limits.max_file_size)?;
        limits.set_item("max_decompressed", self.limits.max_decompressed)?;
        limits.set_item("max_pages", self.limits.max_pages)?;
        limits.set_item("doc_timeout", self.limits.doc_timeout)?;
        Ok(limits)
    }

    /// What every record of this analyser carries as `provenance`.
    #[getter]
    fn provenance<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let p = self.engine.provenance();
        let provenance = PyDict::new(py);
        provenance.set_item("tool", &p.tool)?;
        provenance.set_item("lexicons", &p.lexicons)?;
        provenance.set_item("options", &p.options)?;
        Ok(provenance)
    }

    /// Pickled as its lexicon texts and limits: unpickling compiles the lexicons again (the same records follow),
    /// and needs no lexicon file on the worker.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let py = slf.py();
        let this = slf.get();
        let sources = this
            .sources
            .as_ref()
            .map(|files| files.iter().map(|f| (f.name.clone(), f.source.clone(), f.text.clone())).collect::<Vec<_>>());
        let s = this.limits;
        let rebuild = slf.get_type().getattr("_rebuild")?;
        let args = (sources, s.max_file_size, s.max_decompressed, s.max_pages, s.doc_timeout).into_pyobject(py)?;
        Ok((rebuild, args))
    }

    /// Unpickling (see `__reduce__`).
    #[staticmethod]
    fn _rebuild(
        sources: Option<Vec<(String, String, String)>>,
        max_file_size: u64,
        max_decompressed: u64,
        max_pages: usize,
        doc_timeout: f64,
    ) -> PyResult<Analyzer> {
        let sources = sources
            .map(|files| files.into_iter().map(|(name, source, text)| SourceFile { name, source, text }).collect());
        Analyzer::build(sources, Settings { max_file_size, max_decompressed, max_pages, doc_timeout })
    }

    fn __repr__(&self) -> String {
        let p = self.engine.provenance();
        format!("rolefit.Analyzer(tool={:?}, lexicons={:?}, options={:?})", p.tool, p.lexicons, p.options)
    }
}

impl Analyzer {
    fn build(sources: Option<Vec<SourceFile>>, limits: Settings) -> PyResult<Analyzer> {
        let doc_timeout =
            analyzer::doc_timeout(limits.doc_timeout).map_err(|e| PyValueError::new_err(format!("doc_timeout {e}")))?;
        let lexicons = match &sources {
            None => Lexicons::embedded(),
            Some(files) => Lexicons::from_files(files.clone()),
        }
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
        let options = ScanOptions {
            threads: 1,
            max_file_size: limits.max_file_size,
            extract: ExtractOptions {
                password: None,
                limits: Limits { max_decompressed: limits.max_decompressed, max_pages: limits.max_pages, doc_timeout },
            },
            ..ScanOptions::default()
        };
        let engine = Engine::new(lexicons, options).map_err(|e| PyValueError::new_err(e.to_string()))?;
        Ok(Analyzer { engine, sources, limits })
    }
}

/// `lexicons` as paths: one path (a folder of `*.toml`, as `--lexicons DIR`, or one file) or a sequence of files.
fn lexicon_paths(given: &Bound<'_, PyAny>) -> PyResult<Vec<PathBuf>> {
    if let Ok(path) = given.extract::<PathBuf>() {
        return Ok(vec![path]);
    }
    given.try_iter()?.map(|p| p?.extract::<PathBuf>()).collect()
}

/// The lexicon files at `paths` (a folder stands for its `*.toml` files), in file-name order as `--lexicons DIR`
/// reads them, so the same files give the same provenance either way.
fn lexicon_files(paths: &[PathBuf]) -> PyResult<Vec<SourceFile>> {
    let mut files: Vec<PathBuf> = Vec::new();
    for path in paths {
        if path.is_dir() {
            for entry in std::fs::read_dir(path)? {
                let file = entry?.path();
                if file.extension().is_some_and(|x| x == "toml") && file.is_file() {
                    files.push(file);
                }
            }
        } else {
            files.push(path.clone());
        }
    }
    if files.is_empty() {
        return Err(PyValueError::new_err("lexicons: no *.toml lexicon files given"));
    }
    files.sort_by(|a, b| (a.file_name(), a.as_path()).cmp(&(b.file_name(), b.as_path())));
    files.iter().map(|path| read_lexicon(path)).collect()
}

fn read_lexicon(path: &Path) -> PyResult<SourceFile> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path)?;
    Ok(SourceFile { source: name.clone(), name, text })
}

/// Says whether resumes and job postings fit a cloud architect or a cloud engineer, with the evidence.
#[pymodule(name = "rolefit")]
fn rolefit_module(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_class::<Analyzer>()?;
    module.add("__version__", rolefit::VERSION)?;
    Ok(())
}
