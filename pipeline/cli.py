"""CLI: thin commands that build Settings, make one library call and map errors to exit codes."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

import click

from . import __version__

# Exit codes (documented in the README).
EXIT_OK = 0
EXIT_SOME_FAILED = 1  # the run finished, but at least one file ended as an error row
EXIT_USAGE = 2  # bad options or arguments (click's own code)
EXIT_MODEL = 3  # the model could not be found or loaded
EXIT_LOCKED = 75  # EX_TEMPFAIL: another run holds the output folder; try again later

log = logging.getLogger("pipeline")


def _setup_logging(verbose: bool, log_file: Path | None) -> None:
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    if log_file is not None:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        handlers.append(logging.FileHandler(log_file, encoding="utf-8"))
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
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
    """


@cli.command()
@click.argument("articles", type=click.Path(path_type=Path, file_okay=False))
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), required=True,
              help="Output folder: pipeline.sqlite plus the exports.")
@click.option("--model", default="auto", show_default=True,
              help="auto (de_core_news_sm if installed, else the bundled model), blank, "
                   "an installed spaCy package or a pipeline folder.")
@click.option("--formats", default="csv,jsonl,xlsx", show_default=True,
              help="Exports to write: csv, jsonl, xlsx, parquet (comma-separated).")
@click.option("--csv-dialect", type=click.Choice(["excel", "excel-de"]), default="excel",
              show_default=True, help="excel-de: ';' separators and decimal commas.")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Processes running the NLP model.")
@click.option("--batch-size", type=click.IntRange(min=1), default=64, show_default=True,
              help="Texts per nlp.pipe batch.")
@click.option("--force", is_flag=True, help="Process every article again, changed or not.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=5_000_000, show_default=True,
              help="Files larger than this end as error rows instead of being read.")
@click.option("--progress/--no-progress", default=None,
              help="Progress bar (default: only when stderr is a terminal).")
@click.option("--log-file", type=click.Path(path_type=Path, dir_okay=False),
              help="Also append the log to this file.")
@click.option("-v", "--verbose", is_flag=True, help="Debug logging.")
def run(articles: Path, out_dir: Path, model: str, formats: str, csv_dialect: str, workers: int,
        batch_size: int, force: bool, max_bytes: int, progress: bool | None,
        log_file: Path | None, verbose: bool) -> None:  # fmt: skip
    """Process new and changed articles under ARTICLES and rebuild the exports in --out.

    \b
    Examples:
      article-pipeline run corpus/ --out outputs/
      article-pipeline run /data/waz --out /data/out --workers 2 --formats csv,parquet
      article-pipeline run corpus/ --out outputs/ --model de_core_news_sm --force

    Exit codes: 0 all files fine, 1 some files failed (see articles.csv), 2 bad usage,
    3 model not found, 75 another run holds --out.
    """
    from .nlp.build import ModelNotFoundError
    from .run import RunLockedError, run_batch
    from .settings import Settings

    _setup_logging(verbose, log_file)
    if not articles.is_dir():
        raise click.UsageError(f"input folder not found: {articles}")
    settings = Settings(
        input_dir=articles, out_dir=out_dir, model=model, formats=_formats(formats),
        csv_dialect=csv_dialect, workers=workers, batch_size=batch_size, force=force,
        max_bytes=max_bytes, progress=sys.stderr.isatty() if progress is None else progress,
    )  # fmt: skip
    try:
        summary = run_batch(settings)
    except RunLockedError as exc:
        _exit_locked(exc)
    except ModelNotFoundError as exc:
        click.echo(f"article-pipeline: {exc}", err=True)
        sys.exit(EXIT_MODEL)
    # Through logging, so the summary also ends the --log-file of an unattended run.
    log.info("model: %s", summary.model)
    log.info("%s", summary.line())
    sys.exit(EXIT_SOME_FAILED if summary.failed else EXIT_OK)


@cli.command()
@click.argument("out_dir", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option("--formats", default="csv,jsonl,xlsx", show_default=True,
              help="Exports to write: csv, jsonl, xlsx, parquet (comma-separated).")
@click.option("--csv-dialect", type=click.Choice(["excel", "excel-de"]), default="excel",
              show_default=True, help="excel-de: ';' separators and decimal commas.")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="2 or more: write report.xlsx in a second process beside the other files.")
def export(out_dir: Path, formats: str, csv_dialect: str, workers: int) -> None:
    """Rebuild the exports in OUT_DIR from its pipeline.sqlite, without processing anything.

    \b
    Examples:
      article-pipeline export outputs/ --formats parquet
      article-pipeline export outputs/ --csv-dialect excel-de
    """
    from .run import export_outputs

    with _locked_command():
        written = export_outputs(out_dir, _formats(formats), csv_dialect, workers)
    click.echo(f"wrote {', '.join(path.name for path in written)}", err=True)


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


@contextmanager
def _locked_command() -> Iterator[None]:
    """Map the errors of commands that work on an existing output folder to exit codes."""
    from .run import RunLockedError

    try:
        yield
    except RunLockedError as exc:
        _exit_locked(exc)
    except FileNotFoundError as exc:
        raise click.UsageError(str(exc)) from None


def _exit_locked(exc: Exception) -> NoReturn:
    # Logged, not echoed: a night skipped because a run was still busy shows in --log-file.
    log.warning("article-pipeline: %s; exiting (try again later)", exc)
    sys.exit(EXIT_LOCKED)


def main() -> None:
    cli(prog_name="article-pipeline")


if __name__ == "__main__":
    main()
