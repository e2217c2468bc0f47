"""CLI: thin commands that build Settings, make one library call and map errors to exit codes."""

from __future__ import annotations

import gc
import logging
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

import click

from . import __version__
from .children import keep_freed_memory

# Exit codes (documented in the README).
EXIT_OK = 0
EXIT_SOME_FAILED = 1  # the run finished, but at least one file ended as an error row
EXIT_USAGE = 2  # bad options or arguments (click's own code)
EXIT_MODEL = 3  # the model could not be found or loaded
EXIT_STORE = 4  # the store or output folder cannot be used (newer schema, corrupt, full)
EXIT_INTERNAL = 70  # EX_SOFTWARE: a bug of ours; the message asks to report it
EXIT_TIMEOUT = 124  # --timeout reached (as coreutils' timeout): the rest is done next run
EXIT_INTERRUPTED = 130  # Ctrl-C; SIGTERM exits 143 (128 + the signal number)
DEFAULT_TIMEOUT = "6h"  # a nightly run must not still hold the lock the next night
EXIT_LOCKED = 75  # EX_TEMPFAIL: another run holds the output folder; try again later
EXIT_CLUSTER = 69  # EX_UNAVAILABLE: --engine dask cannot reach its scheduler or workers

log = logging.getLogger("pipeline")


# The run's summary line: above WARNING, so --quiet (warnings and errors only) keeps it.
SUMMARY = logging.WARNING + 5
logging.addLevelName(SUMMARY, "SUMMARY")


def _setup_logging(verbose: bool, log_file: Path | None, quiet: bool = False) -> None:
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    if log_file is not None:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        handlers.append(logging.FileHandler(log_file, encoding="utf-8"))
    level = logging.DEBUG if verbose else logging.WARNING if quiet else logging.INFO
    logging.basicConfig(
        level=level,
        format="%(asctime)s %(levelname)s %(message)s",
        handlers=handlers,
        force=True,
    )


def _formats(value: str) -> tuple[str, ...]:
    from .settings import EXPORT_FORMATS

    formats = tuple(part.strip() for part in value.split(",") if part.strip())
    unknown = [name for name in formats if name not in EXPORT_FORMATS]
    if unknown or not formats:
        raise click.BadParameter(
            f"choose from {', '.join(EXPORT_FORMATS)} (comma-separated), got {value!r}"
        )
    return formats


def _layout_options(command: Callable[..., None]) -> Callable[..., None]:
    """--single-file/--monthly and --xlsx-window, shared by run and export (remembered)."""
    command = click.option(
        "--xlsx-window", "xlsx_window", type=click.IntRange(min=0), default=None,
        help="Days of articles on report.xlsx's detail sheets, by published date, else "
             "the day processed (0 = all). Default: as last time, else 90.",
    )(command)  # fmt: skip
    return click.option(
        "--single-file/--monthly", "single_file", default=None,
        help="One CSV/JSONL/Parquet file per table (rewritten whole on every change), or "
             "files split by month (csv/entities/2026-11.csv, ...; only changed months "
             "are rewritten). Default: as last time, else --monthly for a new folder.",
    )(command)  # fmt: skip


def _layout(single_file: bool | None) -> str | None:
    return None if single_file is None else ("single" if single_file else "monthly")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="article-pipeline")
def cli() -> None:
    """Turn folders of German news articles into tables of organisations, places, persons
    and figures.

    \b
    Examples:
      article-pipeline run corpus/ --out outputs/
      article-pipeline export outputs/ --formats csv,xlsx,parquet
      article-pipeline evaluate corpus/
      article-pipeline serve outputs/
    """


@cli.command()
@click.argument("articles", type=click.Path(file_okay=False))
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), required=True,
              help="Output folder: pipeline.sqlite plus the exports.")
@click.option("--model", default="auto", show_default=True,
              help="auto (de_core_news_sm if installed, else the bundled model), blank, "
                   "an installed spaCy package or a pipeline folder.")
@click.option("--formats", default=None,
              help="Exports to write: csv, jsonl, xlsx, parquet, html, geojson (comma-separated). "
                   "Default: as the folder's last export, else csv,jsonl,xlsx,html,geojson.")
@click.option("--csv-dialect", type=click.Choice(["excel", "excel-de"]), default=None,
              help="excel-de: ';' separators and decimal commas. Default: as the folder's "
                   "last export, else excel.")
@click.option("--text/--no-text", "include_text", default=None,
              help="The article body in records.jsonl (default: as last time, else on).")
@_layout_options
@click.option("--source", default="",
              help="Source (publication) of files whose metadata names none; without it "
                   "the first folder below ARTICLES is used.")
@click.option("--all-languages", is_flag=True,
              help="Also extract from articles that are not German (default: stored with "
                   "their metadata only).")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Processes running the NLP model (with --engine dask: workers of the "
                   "local cluster it starts).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local",
              show_default=True,
              help="local: processes on this machine; dask: the workers of a Dask cluster "
                   "read and process the files (README \"Running on a cluster\").")
@click.option("--scheduler", default="",
              help="With --engine dask: the address of a running Dask scheduler "
                   "(tcp://HOST:8786). Default: Dask's configuration (DASK_SCHEDULER_ADDRESS), "
                   "else a local cluster of --workers processes.")
@click.option("--batch-size", type=click.IntRange(min=1), default=64, show_default=True,
              help="Texts per nlp.pipe batch.")
@click.option("--force", is_flag=True, help="Process every article again, changed or not.")
@click.option("--verify", is_flag=True,
              help="Read and hash every file instead of trusting size and time stamps "
                   "(a periodic full check).")
@click.option("--follow-links", is_flag=True,
              help="Also follow symbolic links that lead out of ARTICLES.")
@click.option("--timeout", "timeout", default=DEFAULT_TIMEOUT, show_default=True,
              help="Stop cleanly after this long (e.g. 90m, 6h, 3600; 0 = no limit): what "
                   "is done stays stored, the rest is done by the next run (exit 124).")
@click.option("--max-bytes", type=click.IntRange(min=1), default=5_000_000, show_default=True,
              help="Files larger than this end as error rows instead of being read.")
@click.option("--progress/--no-progress", default=None,
              help="Progress bar (default: only when stderr is a terminal).")
@click.option("--log-file", type=click.Path(path_type=Path, dir_okay=False),
              help="Also append the log to this file.")
@click.option("-v", "--verbose", is_flag=True,
              help="Debug logging (names every skipped file).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors, warnings and the summary.")
def run(articles: str, out_dir: Path, model: str, formats: str | None, csv_dialect: str | None,
        include_text: bool | None, single_file: bool | None, xlsx_window: int | None,
        source: str, all_languages: bool, workers: int, engine: str,
        scheduler: str, batch_size: int, force: bool, verify: bool, follow_links: bool,
        timeout: str, max_bytes: int, progress: bool | None, log_file: Path | None, verbose: bool,
        quiet: bool) -> None:  # fmt: skip
    """Process new and changed articles under ARTICLES and rebuild the exports in --out.

    ARTICLES is a folder, or a bucket's URL (s3://bucket/prefix, gs://...; needs s3fs or
    gcsfs, README "Input in an object store").

    \b
    Examples:
      article-pipeline run corpus/ --out outputs/
      article-pipeline run /data/waz --out /data/out --workers 2 --formats csv,parquet
      article-pipeline run corpus/ --out outputs/ --model de_core_news_sm --force
      article-pipeline run /shared/archive --out out/ --engine dask --scheduler tcp://head:8786
      article-pipeline run s3://newsroom-archive/waz --out /data/out

    Exit codes: 0 all files fine, 1 some files failed (see articles.csv), 2 bad usage,
    3 model not found or not loadable, 4 store or output folder unusable (newer schema,
    corrupt, read-only, disk full), 69 Dask scheduler unreachable or without workers,
    70 internal error, 75 another run holds --out,
    124 --timeout reached, 130 Ctrl-C, 143 SIGTERM.
    """
    from .run import run_batch
    from .settings import Settings

    _setup_logging(verbose, log_file, quiet)
    input_dir = _input_folder(articles)
    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler needs --engine dask")
    settings = Settings(
        input_dir=input_dir, out_dir=out_dir, model=model,
        formats=_formats(formats) if formats is not None else None, csv_dialect=csv_dialect,
        include_text=include_text, layout=_layout(single_file), xlsx_window=xlsx_window,
        source=source.strip(), extract_all_languages=all_languages,
        workers=workers, batch_size=batch_size, force=force, max_bytes=max_bytes,
        progress=(sys.stderr.isatty() and not quiet) if progress is None else progress,
        verify=verify, follow_links=follow_links, timeout=_seconds(timeout),
        engine=engine, scheduler=scheduler.strip(),
    )  # fmt: skip
    with _run_errors():
        summary = run_batch(settings)
    # Through logging, so the summary also ends the --log-file of an unattended run; at a
    # level above WARNING, so that --quiet still prints it, once.
    log.log(SUMMARY, "%s; model %s", summary.line(), summary.model)
    sys.exit(EXIT_SOME_FAILED if summary.failed else EXIT_OK)


@cli.command()
@click.argument("out_dir", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option("--formats", default=None,
              help="Exports to write: csv, jsonl, xlsx, parquet, html, geojson (comma-separated). "
                   "Default: as the folder's last export, else csv,jsonl,xlsx,html,geojson. "
                   "Remembered.")
@click.option("--csv-dialect", type=click.Choice(["excel", "excel-de"]), default=None,
              help="excel-de: ';' separators and decimal commas. Remembered.")
@click.option("--text/--no-text", "include_text", default=None,
              help="The article body in records.jsonl. Remembered.")
@_layout_options
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="2 or more: write report.xlsx in a second process beside the other files.")
@click.option("-v", "--verbose", is_flag=True,
              help="Debug logging: how long each export step took.")
def export(out_dir: Path, formats: str | None, csv_dialect: str | None,
           include_text: bool | None, single_file: bool | None, xlsx_window: int | None,
           workers: int, verbose: bool) -> None:  # fmt: skip
    """Rebuild the exports in OUT_DIR from its pipeline.sqlite, without processing anything.

    \b
    Examples:
      article-pipeline export outputs/ --formats parquet
      article-pipeline export outputs/ --csv-dialect excel-de
    """
    from .run import export_outputs

    _setup_logging(verbose, None)
    with _locked_command():
        written = export_outputs(
            out_dir,
            _formats(formats) if formats is not None else None,
            csv_dialect,
            workers,
            include_text,
            _layout(single_file),
            xlsx_window,
        )
    names = [path.relative_to(out_dir).as_posix() for path in written]
    click.echo(f"wrote {', '.join(names)}", err=True)


@cli.command()
@click.argument("corpus", type=click.Path(path_type=Path, file_okay=False, exists=True),
                default="corpus")
@click.option("--model", default="auto", show_default=True, help="As for `run`.")
@click.option("--ner-data", "ner_data", multiple=True,
              type=click.Path(path_type=Path, dir_okay=False, exists=True),
              help="Also score entities on a spaCy DocBin (.spacy), e.g. the held-out news "
                   "split that `make model` writes to training/corpus/test.spacy. Repeatable.")
@click.option("--misses", is_flag=True, help="List every false positive, false negative and "
                                             "wrong value.")
@click.option("--errors", is_flag=True, help="List the entity errors per label: wrong label, "
                                             "wrong span, missed, spurious.")
def evaluate(
    corpus: Path, model: str, ner_data: tuple[Path, ...], misses: bool, errors: bool
) -> None:
    """Score entities and figures against the hand-made gold of CORPUS.

    CORPUS is the sample corpus layout (articles plus CORPUS/gold/*.json) or a gold folder
    (CORPUS/texts/*.txt plus CORPUS/gold.jsonl, see the README); gold spans marked
    "optional" are neither rewarded nor punished.

    Entities: precision, recall and F1 per label, strict span match and overlap.
    Figures: span precision/recall and value accuracy.

    \b
    Examples:
      article-pipeline evaluate corpus/
      article-pipeline evaluate corpus/ --misses
      article-pipeline evaluate ../shared/data/eval/econ_dev --errors
      article-pipeline evaluate corpus/ --ner-data training/corpus/test.spacy
    """
    import json

    from .evaluate import (
        evaluate_corpus,
        evaluate_docbin,
        format_entity_errors,
        format_entity_table,
        format_figure_table,
    )
    from .nlp.build import ModelNotFoundError, resolve_model

    try:
        ref = resolve_model(model)
    except ModelNotFoundError as exc:
        click.echo(f"article-pipeline: {exc}", err=True)
        sys.exit(EXIT_MODEL)
    try:
        result = evaluate_corpus(corpus, ref)
    except (FileNotFoundError, ValueError) as exc:
        raise click.UsageError(str(exc)) from None
    click.echo(f"model: {ref.label}; {result.articles} gold articles in {corpus}\n")
    click.echo(format_entity_table(f"Entities ({corpus})", result.entities) + "\n")
    click.echo(format_figure_table(f"Figures ({corpus})", result.figures))
    for path in ner_data:
        click.echo("\n" + format_entity_table(f"Entities ({path})", evaluate_docbin(path, ref)))
    if errors:
        click.echo("\n" + format_entity_errors(result.entity_misses))
    if misses:
        click.echo("\nMisses:")
        for miss in result.entity_misses + result.figure_misses:
            click.echo(json.dumps(miss, ensure_ascii=False, default=str))


@cli.command()
@click.argument("out_dir", type=click.Path(path_type=Path, file_okay=False, exists=True))
def purge(out_dir: Path) -> None:
    """Delete articles marked missing (their file left the input) from the store and exports.

    \b
    Example:
      article-pipeline purge outputs/
    """
    from .run import purge_missing

    with _locked_command():
        removed = purge_missing(out_dir)
    click.echo(f"purged {removed} missing article(s)", err=True)


@cli.command()
@click.argument("out_dir", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option("--port", type=click.IntRange(min=1, max=65535), default=8001, show_default=True,
              help="Port on 127.0.0.1 (never another interface).")
def serve(out_dir: Path, port: int) -> None:
    """Browse the store in OUT_DIR with Datasette: read-only, on 127.0.0.1.

    Tables and columns are named in German and English, with facets (source, label, kind,
    state) and full-text search over the articles (table texts). Needs the serve extra:
    pip install 'article-pipeline[serve]'. Stop it with Ctrl-C.

    \b
    Example:
      article-pipeline serve outputs/            # then open http://127.0.0.1:8001/
      article-pipeline serve outputs/ --port 8010
    """
    import signal

    from .serve import ServeUnavailable
    from .serve import serve as serve_store

    # SIGTERM (a service manager, a test) ends Datasette too, as Ctrl-C does.
    signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)
    try:
        with _locked_free_errors():
            code = serve_store(out_dir, port)
    except ServeUnavailable as exc:
        raise click.UsageError(str(exc)) from None
    except KeyboardInterrupt:
        code = 0
    sys.exit(code)


def _raise_keyboard_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@contextmanager
def _locked_free_errors() -> Iterator[None]:
    """The store errors of a command that takes no lock (serve reads only)."""
    from .store import StoreError

    try:
        yield
    except StoreError as exc:
        _exit_store(exc)
    except FileNotFoundError as exc:
        raise click.UsageError(str(exc)) from None


def _input_folder(value: str) -> Path | str:
    """ARTICLES: a folder, a file:// URL or an fsspec URL (s3://, gs://); checked it is there."""
    from .remote import RemoteInputError, check_root
    from .settings import input_location

    try:
        location = input_location(value)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    if isinstance(location, str):
        try:
            check_root(location)
        except RemoteInputError as exc:
            raise click.UsageError(str(exc)) from None
    elif not location.is_dir():
        raise click.UsageError(f"input folder not found: {value}")
    return location


def _seconds(value: str) -> float:
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smh]?)\s*", value)
    if match is None:
        raise click.BadParameter(f"a duration like 90m, 6h or 3600 (seconds), got {value!r}")
    return float(match.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600}[match.group(2)]


@contextmanager
def _run_errors() -> Iterator[None]:
    """Every way a run can end early, as one log line (stderr and --log-file) and a code."""
    from .engine import ClusterError
    from .nlp.build import ModelNotFoundError
    from .remote import RemoteInputError
    from .run import OutputError, RunInterrupted, RunLockedError, RunTimedOut
    from .store import StoreError

    try:
        yield
    except RemoteInputError as exc:  # the bucket could be checked, then not listed
        raise click.UsageError(str(exc)) from None
    except RunLockedError as exc:
        _exit_locked(exc)
    except ClusterError as exc:
        log.error("article-pipeline: %s", exc)
        sys.exit(EXIT_CLUSTER)
    except ModelNotFoundError as exc:
        log.error("article-pipeline: %s", exc)
        sys.exit(EXIT_MODEL)
    except (StoreError, OutputError) as exc:
        _exit_store(exc)
    except RunTimedOut as exc:
        log.error("article-pipeline: %s; what was done is stored, the next run goes on", exc)
        sys.exit(EXIT_TIMEOUT)
    except RunInterrupted as exc:
        log.error("article-pipeline: stopped by %s; the store is consistent", exc)
        sys.exit(128 + exc.signum)
    except KeyboardInterrupt:
        log.error("article-pipeline: interrupted; the store is consistent")
        sys.exit(EXIT_INTERRUPTED)
    except (click.exceptions.Exit, click.ClickException, SystemExit, FileNotFoundError):
        raise  # FileNotFoundError: a missing input or store, a usage error for the caller
    except Exception as exc:
        log.debug("traceback", exc_info=True)
        log.error(
            "article-pipeline: internal error: %s: %s (please report it; -v logs the traceback)",
            type(exc).__name__,
            exc,
        )
        sys.exit(EXIT_INTERNAL)


@contextmanager
def _locked_command() -> Iterator[None]:
    """Map the errors of commands that work on an existing output folder to exit codes."""
    try:
        with _run_errors():
            yield
    except FileNotFoundError as exc:
        raise click.UsageError(str(exc)) from None


def _exit_locked(exc: Exception) -> NoReturn:
    # Logged, not echoed: a night skipped because a run was still busy shows in --log-file.
    log.warning("article-pipeline: %s; exiting (try again later)", exc)
    sys.exit(EXIT_LOCKED)


def _exit_store(exc: Exception) -> NoReturn:
    log.error("article-pipeline: %s", exc)
    sys.exit(EXIT_STORE)


def main() -> None:
    keep_freed_memory()  # the NLP's batches reuse what the previous ones freed
    try:
        cli(prog_name="article-pipeline")
    finally:
        # The work is done (click exits through SystemExit): what the interpreter does at
        # exit now is a last collection over every object, and a run that loaded the
        # model holds millions. Frozen, they are not walked: a nightly run ends 0.7-0.9 s
        # sooner. Exit handlers still run; the memory goes back to the system as ever.
        gc.freeze()


if __name__ == "__main__":
    main()
