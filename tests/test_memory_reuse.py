"""Processes that run the NLP keep the memory they free (glibc's malloc parameters).

Each check runs in a fresh interpreter: the setting is for a whole process, and the test
process must keep glibc's defaults for the comparison.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from pipeline.children import _MALLOC_VARIABLES, keeping_freed_memory
from pipeline.nlp.build import resolve_model
from pipeline.process import _WorkerPool

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or os.confstr("CS_GNU_LIBC_VERSION") is None,
    reason="malloc's parameters are set on glibc only (elsewhere nothing is changed)",
)

# Frees 192 MiB in blocks of 8 MiB, as a batch's arrays and Docs are freed, then allocates
# them again; reports the pages faulted in the second round and how much of the freed
# memory the process still holds.
_CHURN = textwrap.dedent(
    """
    import json, resource, sys
    from pipeline.children import keep_freed_memory

    kept = keep_freed_memory() if sys.argv[1] == "keep" else False
    page = resource.getpagesize()

    def resident():
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * page

    def allocate():
        return [bytearray(b"x") * (8 << 20) for _ in range(24)]

    blocks = allocate()
    before = resident()
    del blocks
    after = resident()
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    blocks = allocate()
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults
    print(json.dumps({"kept": kept, "held": (after - (before - (192 << 20))) / (192 << 20),
                      "faulted": faults * page / (192 << 20)}))
    """
)


def _python(code: str, *args: str, env: dict[str, str] | None = None) -> dict:
    base = {k: v for k, v in os.environ.items() if k not in _MALLOC_VARIABLES}
    base.pop("GLIBC_TUNABLES", None)
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**base, **(env or {})},
        timeout=120,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_freed_memory_is_kept_and_reused_without_new_page_faults() -> None:
    default = _python(_CHURN, "default")
    kept = _python(_CHURN, "keep")
    assert kept["kept"] is True
    # glibc's defaults hand the freed blocks back and fault them in again, zeroed.
    assert default["held"] < 0.5
    assert default["faulted"] > 0.5
    # Kept: the process still holds them and allocates them again without a fault.
    assert kept["held"] > 0.9
    assert kept["faulted"] < 0.1


@pytest.mark.parametrize(
    "env",
    [
        {"MALLOC_TRIM_THRESHOLD_": "131072"},
        {"GLIBC_TUNABLES": "glibc.malloc.trim_threshold=131072"},
    ],
)
def test_a_users_own_malloc_settings_stand(env: dict[str, str]) -> None:
    assert _python(_CHURN, "keep", env=env)["kept"] is False


def test_the_cli_and_its_workers_keep_freed_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    # A Dask nanny started earlier in this process leaves MALLOC_TRIM_THRESHOLD_ in its
    # environment (distributed.nanny.pre-spawn-environ), which the pool's workers inherit.
    for name in (*_MALLOC_VARIABLES, "GLIBC_TUNABLES"):
        monkeypatch.delenv(name, raising=False)
    cli = _python(
        "import json, sys\n"
        "from pipeline import children, cli\n"
        "sys.argv = ['article-pipeline', '--version']\n"
        "try:\n    cli.main()\nexcept SystemExit:\n    pass\n"
        "print(json.dumps({'kept': children.keeping_freed_memory()}))\n"
    )
    assert cli["kept"] is True
    with _WorkerPool(resolve_model("blank"), 4, 1) as pool:
        assert pool.executor.submit(keeping_freed_memory).result(timeout=120) is True
    assert keeping_freed_memory() is False  # the test process itself kept glibc's defaults
