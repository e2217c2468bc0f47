"""The processes of a run: child processes (NLP workers, the report helper) end with the run
that started them, and the CLI's process and its NLP workers keep the memory they free."""

from __future__ import annotations

import os
import signal
import sys

# glibc's mallopt() parameters (malloc.h).
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
# Free memory glibc keeps at the top of a heap before it hands it back to the kernel (glibc's
# default: 128 KiB, raised as large blocks come and go), and the size from which a block is
# mapped on its own (glibc's default: 128 KiB, raised up to 32 MiB the same way).
KEEP_FREED_BYTES = 512 * 1024 * 1024
OWN_MAPPING_BYTES = 32 * 1024 * 1024
# Where a user tuned malloc themselves, their settings stand.
_MALLOC_VARIABLES = (
    "MALLOC_TRIM_THRESHOLD_",
    "MALLOC_MMAP_THRESHOLD_",
    "MALLOC_TOP_PAD_",
    "MALLOC_MMAP_MAX_",
)
_keeping_freed_memory = False


def die_with_parent(parent: int) -> None:
    """Initializer of a child process: end with the run that started it.

    On Linux the kernel kills the child when its parent dies (PR_SET_PDEATHSIG). A parent
    that died before that was set leaves the child re-parented, so check once more after;
    an orphaned pool worker would otherwise wait on its task queue forever.
    """
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            pr_set_pdeathsig = 1
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
        except (OSError, AttributeError):
            pass  # the parent checks here and before the rename still guard the report
    if os.getppid() != parent:
        os._exit(1)


def usable_cores() -> int:
    """The cores this process may run on (a cgroup or taskset may allow fewer)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def keep_freed_memory() -> bool:
    """Make glibc keep the memory this process frees for what it allocates next.

    Batch after batch, the NLP frees and allocates again up to hundreds of MiB (Docs, the
    model's arrays, the strings of a memory zone; a kept top of 256 MiB was not enough).
    With glibc's defaults the top of the heap goes back to the kernel and every page of it
    comes back zeroed on first touch: a pipelined run of 2,000 articles had 3.4 million
    page faults and 12-13 s of system time (perf: the kernel zeroing pages), bare nlp.pipe
    over the same texts 0.8 s. Kept: 0.2 million faults, 4-5 s, the run 33-37 s instead of
    42-44 s; its high-water mark, which a run needs anyway, rises by 1-2%. A process that
    runs the NLP (the CLI, its workers) calls this once at its start. Dask's workers do
    not: Dask's memory limits read their RSS, and its nanny sets MALLOC_TRIM_THRESHOLD_ low
    for them (leaving it in the environment of the process that started the cluster).

    No Python library sets malloc's parameters, so this is a ctypes call to mallopt(3);
    it is glibc's, and elsewhere (macOS, musl) nothing is changed. Returns whether set.
    """
    global _keeping_freed_memory
    if _keeping_freed_memory:
        return True
    if any(name in os.environ for name in _MALLOC_VARIABLES):
        return False
    if "glibc.malloc." in os.environ.get("GLIBC_TUNABLES", ""):
        return False
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        mallopt = ctypes.CDLL("libc.so.6").mallopt
    except (OSError, AttributeError):
        return False
    # The mapping threshold first: setting either turns glibc's adjusting of both off.
    _keeping_freed_memory = bool(
        mallopt(_M_MMAP_THRESHOLD, OWN_MAPPING_BYTES)
        and mallopt(_M_TRIM_THRESHOLD, KEEP_FREED_BYTES)
    )
    return _keeping_freed_memory


def keeping_freed_memory() -> bool:
    """Whether keep_freed_memory() took effect in this process."""
    return _keeping_freed_memory
