"""Child processes (NLP workers, the report helper): they end with the run that started them."""

from __future__ import annotations

import os
import signal
import sys


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
