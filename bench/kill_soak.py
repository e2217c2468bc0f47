"""Kill soak: SIGKILL `article-pipeline run` at random moments, rerun, compare with a clean run.

    .venv/bin/python bench/kill_soak.py [--articles 300] [--kills 25] [--seed 1]
                                        [--batch-size 8] [--article-ms 15] [--extract stub]

Builds a corpus of generated German regional-economy articles (plus a few bad files, so
error rows are covered too), runs the pipeline once without interruption into a reference
folder, then runs it again and again into a second folder, killing each run with SIGKILL
after a random delay. After every kill the output folder must be consistent: the SQLite
store passes `PRAGMA integrity_check` and every export that exists parses completely (the
previous or the new version, never half of one). A run that finished before its kill is
followed by a `--force` run, so the next kill again lands in the middle of real work.
Finally one uninterrupted run completes the work, and its store and exports must equal the
reference (ignoring processed_at), with no duplicate rows and no temporary files left.

--extract stub (default) replaces the extract stage by a frozen stand-in that costs
--article-ms per article, as a real model would: the soak tests the run's crash safety,
and extraction rules edited during a soak would otherwise change results between runs.
--extract real uses pipeline/extract as it is. The model is the bundled one when present,
else `--model blank`.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BUNDLED_MODEL = ROOT / "pipeline" / "models" / "de_regional_ner"
FORMATS = "csv,jsonl,xlsx,parquet"
TABLES = ("articles", "entities", "figures")

# --- corpus ------------------------------------------------------------------------------

CITIES = (
    "Bochum", "Dortmund", "Essen", "Duisburg", "Gelsenkirchen", "Herne", "Hagen", "Münster",
    "Bielefeld", "Paderborn", "Siegen", "Aachen", "Düsseldorf", "Köln", "Mülheim an der Ruhr",
    "Bad Oeynhausen", "Oberhausen", "Recklinghausen", "Wuppertal", "Krefeld",
)  # fmt: skip
COMPANIES = (
    "Stadtwerke {city}", "Sparkasse {city}", "Volksbank {city}", "Hoffmann Logistik GmbH",
    "Westfalen Stahlbau AG", "Brauerei Krombacher", "Ruhrverband", "Emschergenossenschaft",
    "Lippe Kunststofftechnik GmbH & Co. KG", "Rheinmetall Automotive", "Bäckerei Schüren",
    "IHK Mittleres Ruhrgebiet", "Handwerkskammer Münster", "Thyssenkrupp Steel",
    "Evonik Industries", "Vonovia SE", "RAG-Stiftung", "Gesundheitscampus {city}",
)  # fmt: skip
PEOPLE = (
    "Jürgen Weiß", "Sabine Köhler", "Thomas Özdemir", "Anja Müller-Lüdenscheidt",
    "Klaus Große-Brömer", "Martina Schäfer", "Ali Yıldız", "Petra Hülsmann", "Stefan Brückner",
    "Dr. Ursula Fuß", "Heinz-Dieter Kämper", "Nadine Oßwald",
)  # fmt: skip
ROLES = (
    "Geschäftsführer", "Vorstandschefin", "Oberbürgermeister", "Wirtschaftsförderin",
    "Betriebsratsvorsitzender", "IHK-Präsidentin", "Sprecher des Unternehmens", "Stadtkämmerer",
)  # fmt: skip
SECTORS = (
    "Logistik", "Maschinenbau", "Gesundheitswirtschaft", "Chemie", "Handwerk", "Einzelhandel",
    "Energiewirtschaft", "IT-Sicherheit", "Wohnungswirtschaft", "Gastronomie",
)  # fmt: skip
TITLES = (
    "{company} investiert {money} in {city}",
    "{sector}: {count} neue Arbeitsplätze in {city}",
    "Umsatzplus von {percent} bei {company}",
    "{city} rechnet mit {money} weniger Gewerbesteuer",
    "-{small} Prozent: {sector} in {region} unter Druck",
    "{company} baut {count} Stellen ab",
    "Neuer Standort für {company} in {city}",
    "Konjunkturumfrage: {sector} blickt skeptisch auf {year}",
)  # fmt: skip
SENTENCES = (
    "Die {company} will in den kommenden {small} Jahren rund {money} in den Standort {city} "
    "investieren.",
    "Nach Angaben von {role} {person} sollen dadurch etwa {count} neue Arbeitsplätze entstehen.",
    "Der Umsatz stieg im Geschäftsjahr {year} um {percent} auf {money}.",
    "Im Vorjahr hatte das Unternehmen noch {money} erlöst.",
    "„Wir sind mit der Entwicklung sehr zufrieden“, sagte {person}, {role} der {company}.",
    "Die Zahl der Beschäftigten in der {sector} in {region} liegt bei rund {count}.",
    "Die Stadt {city} fördert das Projekt mit {money} aus dem Strukturstärkungsgesetz.",
    "Bis {year} soll die Produktion um {percent} steigen.",
    "Laut IHK bewerten {percent} der Betriebe ihre Lage als gut, {small} Prozent als schlecht.",
    "Die Arbeitslosenquote in {city} sank auf {decimal} Prozent.",
    "Auf dem früheren Zechengelände entstehen {count} Quadratmeter Gewerbefläche.",
    "Rund {count} Besucher kamen zur Eröffnung des neuen Werks in {city}.",
    "Die Energiekosten sind seit {year} um mehr als {percent} gestiegen, klagt {person}.",
    "Mehr als die Hälfte der {count} Mitgliedsbetriebe sucht Fachkräfte.",
    "Der Kreditrahmen der {company} wurde auf {money} erhöht.",
    "Die Gewerbesteuereinnahmen von {city} lagen zuletzt bei {money}.",
    "{person} rechnet für {year} mit einem Wachstum zwischen {small} und {small2} Prozent.",
    "Die Mieten in {city} stiegen im Schnitt um {decimal} Prozent auf {decimal2} Euro je "
    "Quadratmeter.",
    "An dem Standort arbeiten derzeit {count} Menschen, davon {small} Auszubildende.",
    "Die Bauarbeiten sollen im Frühjahr {year} beginnen und rund {small} Monate dauern.",
)  # fmt: skip
REGIONS = ("dem Ruhrgebiet", "Westfalen", "dem Rheinland", "Südwestfalen", "Ostwestfalen-Lippe")


def _money(rng: random.Random) -> str:
    value = rng.choice((rng.randint(2, 950) / 10, rng.randint(1, 95)))
    scale = rng.choice(("Millionen Euro", "Mio. Euro", "Milliarden Euro", "Euro"))
    if scale == "Euro":
        return f"{rng.randint(10, 999)}.{rng.randint(0, 999):03d} Euro"
    return f"{value:g}".replace(".", ",") + " " + scale


def article_text(number: int, rng: random.Random) -> str:
    city = rng.choice(CITIES)

    def fill(template: str) -> str:
        company = rng.choice(COMPANIES).format(city=rng.choice(CITIES))
        small = rng.randint(2, 9)
        return template.format(
            city=rng.choice((city, city, rng.choice(CITIES))),
            company=company,
            person=rng.choice(PEOPLE),
            role=rng.choice(ROLES),
            sector=rng.choice(SECTORS),
            region=rng.choice(REGIONS),
            money=_money(rng),
            percent=f"{rng.randint(1, 45)},{rng.randint(0, 9)} Prozent",
            count=f"{rng.randint(12, 4800):,}".replace(",", "."),
            year=rng.randint(2019, 2030),
            small=small,
            small2=small + rng.randint(1, 4),
            decimal=f"{rng.randint(2, 14)},{rng.randint(0, 9)}",
            decimal2=f"{rng.randint(6, 19)},{rng.randint(10, 99)}",
        )

    title = fill(rng.choice(TITLES))
    paragraphs = []
    for _ in range(rng.randint(3, 6)):
        paragraphs.append(" ".join(fill(rng.choice(SENTENCES)) for _ in range(rng.randint(2, 5))))
    return f"{title}\n\n{city}. " + "\n\n".join(paragraphs) + "\n"


def write_corpus(folder: Path, articles: int, seed: int) -> int:
    """Write the articles (some cp1252, some with BOM, a few HTML) and four bad files."""
    rng = random.Random(seed)
    for number in range(articles):
        text = article_text(number, rng)
        sub = folder / rng.choice(("ruhr", "nrw", "owl"))
        sub.mkdir(parents=True, exist_ok=True)
        kind = number % 10
        if kind == 3:
            (sub / f"meldung-{number:04d}.txt").write_bytes(text.encode("cp1252", "replace"))
        elif kind == 7:
            (sub / f"meldung-{number:04d}.txt").write_text(text, encoding="utf-8-sig")
        elif kind == 9:
            title, _, body = text.partition("\n\n")
            paras = "".join(f"<p>{para}</p>" for para in body.split("\n\n"))
            html = (
                f"<html><head><title>{title}</title></head><body><nav>Home | Wirtschaft</nav>"
                f"<article><h1>{title}</h1>{paras}</article><footer>Impressum</footer></body></html>"
            )
            (sub / f"meldung-{number:04d}.html").write_text(html, encoding="utf-8")
        else:
            (sub / f"meldung-{number:04d}.txt").write_text(text, encoding="utf-8")
    bad = folder / "kaputt"
    bad.mkdir(exist_ok=True)
    (bad / "leer.txt").write_text("  \n", encoding="utf-8")
    (bad / "bild.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(40))
    (bad / "utf16.txt").write_bytes("Die Stadtwerke investieren.".encode("utf-16-le"))
    (bad / "weg.txt").symlink_to(bad / "gibt-es-nicht.txt")
    return articles + 4


# --- the child: one pipeline run ---------------------------------------------------------


def stand_in_analyse(doc: Any, article_ms: float) -> tuple[list[Any], list[Any]]:
    """Frozen extraction: capitalised words after a sentence start as ORG, numbers as figures."""
    from pipeline.records import Entity, Figure

    time.sleep(article_ms / 1000)
    entities = [
        Entity("ORG", t.text, t.idx, t.idx + len(t.text), t.text, t.sent.text, "rule")
        for t in doc
        if t.is_title and not t.is_sent_start and len(t.text) > 2
    ]
    figures = [
        Figure(
            t.text, t.idx, t.idx + len(t.text), None, None, None, "exact", "", "number", t.sent.text
        )  # fmt: skip
        for t in doc
        if t.like_num
    ]
    return entities, figures


def child_main(argv: list[str]) -> None:
    """`kill_soak.py --child MS STUB ARGS...`: the CLI, with the stand-in extraction if asked."""
    article_ms, extract, *cli_args = argv
    sys.path.insert(0, str(ROOT))  # the pipeline next to this script, not an installed one
    if extract == "stub":
        import functools

        import pipeline.process

        pipeline.process.analyse_doc = functools.partial(  # type: ignore[assignment]
            stand_in_analyse, article_ms=float(article_ms)
        )
    from pipeline.cli import cli

    cli.main(args=cli_args, prog_name="article-pipeline")


# --- checks ------------------------------------------------------------------------------


def store_tables(out: Path) -> dict[str, Any]:
    from pipeline.store import Store

    with Store(out) as store:
        frames = {name: store.frame(name) for name in TABLES}
    frames["articles"] = frames["articles"].drop(columns="processed_at")
    return frames


def export_frames(out: Path) -> dict[str, Any]:
    """Parse every export completely; raises on a truncated or corrupt file."""
    import openpyxl
    import pandas as pd

    frames: dict[str, Any] = {}
    for table in TABLES:
        if (out / f"{table}.csv").exists():
            frames[f"{table}.csv"] = pd.read_csv(
                out / f"{table}.csv", encoding="utf-8-sig", keep_default_na=False, dtype=str
            )
        if (out / f"{table}.parquet").exists():
            frames[f"{table}.parquet"] = pd.read_parquet(out / f"{table}.parquet")
    if (out / "records.jsonl").exists():
        lines = (out / "records.jsonl").read_text(encoding="utf-8").splitlines()
        frames["records.jsonl"] = [json.loads(line) for line in lines]
    if (out / "report.xlsx").exists():
        book = openpyxl.load_workbook(out / "report.xlsx", read_only=True)
        frames["report.xlsx"] = {
            sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets
        }
        book.close()
    for name in ("articles.csv", "articles.parquet"):
        if name in frames:
            frames[name] = frames[name].drop(columns="processed_at")
    if "records.jsonl" in frames:
        for record in frames["records.jsonl"]:
            record.pop("processed_at", None)
    if "report.xlsx" in frames:
        sheet = frames["report.xlsx"]["articles"]
        column = sheet[0].index("processed_at")
        sheet[:] = [row[:column] + row[column + 1 :] for row in sheet]
    return frames


def integrity(out: Path) -> str:
    if not (out / "pipeline.sqlite").exists():
        return "ok"
    with sqlite3.connect(out / "pipeline.sqlite") as conn:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


def generation(out: Path) -> int:
    if not (out / "pipeline.sqlite").exists():
        return 0
    with sqlite3.connect(out / "pipeline.sqlite") as conn:
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        except sqlite3.Error:
            return 0
    return int(row[0]) if row else 0


def temp_files(out: Path) -> list[str]:
    return sorted(path.name for path in out.glob(".*.tmp"))


def compare(reference: Path, out: Path) -> list[str]:
    """Differences between the final output and the reference; empty when they agree."""
    import pandas as pd

    problems: list[str] = []
    expected, actual = store_tables(reference), store_tables(out)
    for name in TABLES:
        try:
            pd.testing.assert_frame_equal(actual[name], expected[name])
        except AssertionError as exc:
            problems.append(f"store table {name} differs: {str(exc).splitlines()[0]}")
    articles = actual["articles"]
    if not articles["article_id"].is_unique or not articles["path"].is_unique:
        problems.append("duplicate article rows")
    if actual["entities"].duplicated(["article_id", "start", "end", "label"]).any():
        problems.append("duplicate entity rows")
    if actual["figures"].duplicated(["article_id", "start", "end"]).any():
        problems.append("duplicate figure rows")
    try:
        exports_expected, exports_actual = export_frames(reference), export_frames(out)
    except Exception as exc:  # a final export that does not parse is a finding, not a crash
        return [*problems, f"final exports do not parse: {type(exc).__name__}: {exc}"]
    for name, frame in exports_expected.items():
        other = exports_actual.get(name)
        if other is None:
            problems.append(f"{name} missing")
        elif isinstance(frame, pd.DataFrame):
            try:
                pd.testing.assert_frame_equal(other, frame)
            except AssertionError as exc:
                problems.append(f"{name} differs: {str(exc).splitlines()[0]}")
        elif other != frame:
            problems.append(f"{name} differs")
    if temp_files(out):
        problems.append(f"temporary files left: {', '.join(temp_files(out))}")
    return problems


# --- the soak ----------------------------------------------------------------------------


@dataclass
class Kill:
    number: int
    kind: str  # "rerun" or "force"
    after_s: float
    phase: str
    batches: int  # store generations committed by the killed run
    leftovers: int  # temporary export files it left
    consistent: str  # "yes", or what was wrong right after the kill


@dataclass
class SoakReport:
    files: int
    model: str
    reference_s: float
    kills: int = 0
    completed_runs: int = 0
    final_exit: int | None = None
    rows: list[Kill] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def run_args(
    corpus: Path, out: Path, model: str, batch_size: int, force: bool, workers: int = 1
) -> list[str]:
    args = ["run", str(corpus), "--out", str(out), "--model", model, "--formats", FORMATS,
            "--batch-size", str(batch_size), "--workers", str(workers),
            "--no-progress"]  # fmt: skip
    return [*args, "--force"] if force else args


def start(args: list[str], article_ms: float, extract: str, log: Path) -> subprocess.Popen:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", str(article_ms), extract]
    with open(log, "ab") as handle:
        return subprocess.Popen([*command, *args], cwd=ROOT, stdout=handle, stderr=handle)


def phase_after_kill(log_text: str, batches: int, leftovers: int) -> str:
    if leftovers:
        return "writing exports"
    if batches:
        return "processing (batches committed)"
    if "WARNING" in log_text:
        return "reading/NLP, before a commit"
    return "start-up (imports, model)"


def soak(
    workdir: Path,
    articles: int = 300,
    kills: int = 25,
    seed: int = 1,
    batch_size: int = 8,
    article_ms: float = 15.0,
    extract: str = "stub",
    workers: int = 1,
) -> SoakReport:
    rng = random.Random(seed)
    corpus, reference, out = workdir / "corpus", workdir / "reference", workdir / "out"
    files = write_corpus(corpus, articles, seed)
    model = str(BUNDLED_MODEL) if (BUNDLED_MODEL / "meta.json").is_file() else "blank"
    logs = workdir / "logs"
    logs.mkdir(exist_ok=True)

    started = time.monotonic()
    ref_args = run_args(corpus, reference, model, batch_size, False, workers)
    ref_run = start(ref_args, article_ms, extract, logs / "reference.log")
    reference_exit = ref_run.wait()
    report = SoakReport(files=files, model=model, reference_s=time.monotonic() - started)
    if reference_exit not in (0, 1):
        report.problems.append(f"reference run failed with exit code {reference_exit}")
        return report

    force = False
    attempt = 0
    full_run_s = report.reference_s
    while report.kills < kills and attempt < kills * 4:
        attempt += 1
        log = logs / f"run-{attempt:03d}.log"
        gen_before, tmp_before = generation(out), set(temp_files(out))
        run_started = time.monotonic()
        args = run_args(corpus, out, model, batch_size, force, workers)
        proc = start(args, article_ms, extract, log)
        # Spread kills over the whole length of a full run, as measured on this machine now.
        delay = rng.uniform(0.05, full_run_s)
        try:
            code = proc.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            code = None
        if code is not None:
            if force:
                full_run_s = time.monotonic() - run_started
            report.completed_runs += 1
            if code not in (0, 1):
                report.problems.append(f"run {attempt} exited {code}: see {log}")
            force = True  # the next run redoes everything, so a kill lands in real work
            continue
        report.kills += 1
        stray = orphans()
        if stray:
            report.problems.append(
                f"after kill {report.kills}: {len(stray)} helper process(es) outlived the run"
                f" by 10 s: {stray}"
            )
        # Only the killed run's own leftovers; an earlier kill's are cleaned by the next lock.
        leftovers = sorted(set(temp_files(out)) - tmp_before)
        batches = generation(out) - gen_before
        wrong = []
        if integrity(out) != "ok":
            wrong.append("store integrity")
        try:
            export_frames(out)
        except Exception as exc:
            wrong.append(f"export does not parse ({type(exc).__name__})")
        log_text = log.read_text(encoding="utf-8", errors="replace")
        report.rows.append(
            Kill(
                report.kills,
                "force" if force else "rerun",
                delay,
                phase_after_kill(log_text, batches, len(leftovers)),
                batches,
                len(leftovers),
                "yes" if not wrong else ", ".join(wrong),
            )  # fmt: skip
        )
        report.problems += [f"after kill {report.kills}: {item}" for item in wrong]
        force = False

    final = start(run_args(corpus, out, model, batch_size, False, workers), article_ms, extract,
                  logs / "final.log")  # fmt: skip
    report.final_exit = final.wait()
    if report.final_exit != reference_exit:
        report.problems.append(f"final run exited {report.final_exit}, reference {reference_exit}")
    report.problems += compare(reference, out)
    return report


def orphans(grace_s: float = 10.0) -> list[int]:
    """Worker or export helper processes of killed runs that outlived them.

    A killed run's helpers are re-parented; they must end on their own (pool workers on
    their closed pipe, the report writer by PR_SET_PDEATHSIG), within a grace period.
    """
    import psutil

    deadline = time.monotonic() + grace_s
    while True:
        alive = []
        for proc in psutil.process_iter(["pid", "ppid", "cmdline", "cwd"]):
            try:
                cmdline = " ".join(proc.info["cmdline"] or [])
                ppid = proc.info["ppid"] or 0
                mine = proc.info["cwd"] == str(ROOT) and "multiprocessing" in cmdline
                if mine and (ppid == 1 or not psutil.pid_exists(ppid)):
                    alive.append(proc.info["pid"])
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.5)


def print_report(report: SoakReport) -> None:
    print(f"corpus: {report.files} files; model: {report.model}; "
          f"uninterrupted run: {report.reference_s:.1f} s")  # fmt: skip
    print()
    header = "| kill | run   | after s | phase                          | batches | tmp left "
    print(header + "| consistent |")
    print(
        "|-----:|-------|--------:|--------------------------------|--------:|---------:|------------|"
    )
    for row in report.rows:
        print(f"| {row.number:4d} | {row.kind:5s} | {row.after_s:7.2f} | {row.phase:30s} "
              f"| {row.batches:7d} | {row.leftovers:8d} | {row.consistent:10s} |")  # fmt: skip
    print()
    phases: dict[str, int] = {}
    for row in report.rows:
        phases[row.phase] = phases.get(row.phase, 0) + 1
    print(f"kills: {report.kills} ({', '.join(f'{n} {p}' for p, n in sorted(phases.items()))}); "
          f"runs that finished before their kill: {report.completed_runs}; "
          f"final run exit code: {report.final_exit}")  # fmt: skip
    if report.problems:
        print("PROBLEMS:")
        for problem in report.problems:
            print(f"  - {problem}")
    else:
        print("final store and exports equal the uninterrupted run (processed_at aside); "
              "no duplicates, no temporary files, every export parses: OK")  # fmt: skip


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child_main(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--kills", type=int, default=25)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--article-ms", type=float, default=15.0,
                        help="simulated extraction cost per article (stub only)")  # fmt: skip
    parser.add_argument("--extract", choices=("stub", "real"), default="stub")
    parser.add_argument("--workers", type=int, default=1,
                        help="as run --workers; 2 or more needs --extract real (the stand-in "
                             "lives in the main process only)")  # fmt: skip
    parser.add_argument("--workdir", type=Path, help="keep everything here (default: temp)")
    args = parser.parse_args()
    if args.workers > 1 and args.extract != "real":
        parser.error("--workers 2 or more needs --extract real")
    with tempfile.TemporaryDirectory(prefix="kill-soak-") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        report = soak(workdir, args.articles, args.kills, args.seed, args.batch_size,
                      args.article_ms, args.extract, args.workers)  # fmt: skip
        print_report(report)
    sys.exit(1 if report.problems else 0)


if __name__ == "__main__":
    main()
