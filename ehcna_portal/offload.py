"""Where slow, CPU-bound work runs so the event loop never waits for it.

bcrypt takes about a quarter of a second per hash by design. Run on the event
loop it would stall every other parent connected to the worker; run in an
unbounded pool, a burst of sign-ins would take every core. Password work
therefore gets its own small pool — one thread fewer than the machine has
cores — whose threads run at a lower CPU priority (Linux gives each thread its
own nice value), so a core is always left for the event loop and interactive
events go first when the machine is busy.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")

PASSWORD_THREADS = max(1, (os.cpu_count() or 2) - 1)
PASSWORD_THREAD_NICENESS = 10


def _lower_priority() -> None:
    with contextlib.suppress(OSError, AttributeError):  # not permitted, or not Linux: run as is
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), PASSWORD_THREAD_NICENESS)


_password_pool = ThreadPoolExecutor(max_workers=PASSWORD_THREADS, thread_name_prefix="password-hashing",
                                    initializer=_lower_priority)


async def password_work(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run a function that hashes or checks a password, off the event loop."""
    return await asyncio.get_running_loop().run_in_executor(_password_pool, functools.partial(fn, *args, **kwargs))
