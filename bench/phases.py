"""Bench: where a run's CPU time goes, stage by stage and component by component.

    .venv/bin/python bench/phases.py [--n 500] [--model auto] [--formats csv,jsonl,xlsx]

CPU seconds (time.process_time) of one process doing each stage of a run in turn, as a
share of the bare model's nlp.pipe: robust on a busy machine, where wall-clock ratios are
not. Use it to see which stage to optimise; use bench.py for the end-to-end numbers.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PHASES = Path(__file__).resolve().parent / "PHASES.md"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=500)
    parser.add_argument("--model", default="auto")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--formats", default="csv,jsonl,xlsx")
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument(
        "--write-results", action="store_true", help=f"also write the table to {PHASES.name}"
    )
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    cpu = time.process_time
    rows: list[tuple[str, float]] = []

    started = cpu()
    import spacy

    rows.append(("import spacy", cpu() - started))
    started = cpu()
    import pandas  # noqa: F401

    rows.append(("import pandas", cpu() - started))

    from corpus import write_corpus
    from pipeline.export import export_all
    from pipeline.ingest import iter_input_files, read_input_file
    from pipeline.nlp.build import load_pipeline, resolve_model
    from pipeline.process import ArticleProcessor, analyse_doc
    from pipeline.run import pipeline_version
    from pipeline.settings import ExportSettings
    from pipeline.store import Store

    work = Path(tempfile.mkdtemp(prefix="pipeline-phases-"))
    try:
        write_corpus(work / "articles", args.n, args.corpus)
        ref = resolve_model(args.model)
        started = cpu()
        articles = [
            read_input_file(file, 5_000_000) for file in iter_input_files(work / "articles")
        ]
        rows.append(("ingest (read, hash, decode, title)", cpu() - started))
        texts = [article.body for article in articles]

        started = cpu()
        bare = spacy.load(ref.source, exclude=["lemmatizer"])
        rows.append(("load the model as trained", cpu() - started))
        started = cpu()
        tokens = sum(len(doc) for doc in bare.pipe(texts, batch_size=args.batch_size))
        reference = cpu() - started
        rows.append(("REFERENCE: bare nlp.pipe", reference))
        del bare

        started = cpu()
        nlp = load_pipeline(ref)
        rows.append(("load_pipeline (model + our components)", cpu() - started))
        started = cpu()
        docs = [nlp.make_doc(text) for text in texts]
        rows.append(("  tokenizer", cpu() - started))
        for name, component in nlp.pipeline:
            started = cpu()
            if hasattr(component, "pipe"):
                docs = list(component.pipe(docs, batch_size=args.batch_size))
            else:
                docs = [component(doc) for doc in docs]
            rows.append((f"  component {name}", cpu() - started))
        started = cpu()
        for doc in docs:
            analyse_doc(doc)
        rows.append(("analyse_doc (entities, figures to records)", cpu() - started))
        del docs

        processor = ArticleProcessor(ref, args.batch_size, nlp=nlp)
        started = cpu()
        batches = [
            processor.process(articles[i : i + 4 * args.batch_size])
            for i in range(0, len(articles), 4 * args.batch_size)
        ]
        rows.append(("ArticleProcessor.process (all of NLP)", cpu() - started))
        with Store(work / "out") as store:
            started = cpu()
            for results in batches:
                store.save_results(results, pipeline_version(ref))
            rows.append(("store.save_results", cpu() - started))
            formats = tuple(args.formats.split(","))
            started = cpu()
            export_all(store, work / "out", ExportSettings(formats))
            rows.append((f"export_all ({args.formats})", cpu() - started))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    lines = [
        f"{args.n:,} articles, {tokens:,} tokens, model {ref.label}, batch size "
        f"{args.batch_size}; CPU seconds of one process, {time.strftime('%Y-%m-%d %H:%M %Z')}",
        "",
        "| Stage | CPU s | % of reference |",
        "|---|---:|---:|",
        *(f"| {name} | {sec:.2f} | {100 * sec / reference:.1f} |" for name, sec in rows),
    ]
    print("\n".join(lines))
    if args.write_results:
        PHASES.write_text(
            "# Where a run's CPU time goes\n\n`bench/phases.py "
            + " ".join(sys.argv[1:])
            + "`: each stage timed on its own (the components one after another over all\n"
            "docs), as a share of the bare model's `nlp.pipe`. See RESULTS.md for end-to-end "
            "wall-clock numbers.\n\n" + "\n".join(lines) + "\n",
            encoding="utf-8",
        )
        print(f"phases: wrote {PHASES}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
