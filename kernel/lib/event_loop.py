"""pyHanko's synchronous API runs its own asyncio loop (asyncio.run), which fails in a thread whose loop is already
running: Playwright's sync API in the browser tests, or an ASGI server. `outside_event_loop` runs such a call in a
short-lived thread of its own there, and in place everywhere else. The call must not use the database (a new thread
has a connection of its own, outside the caller's transaction)."""

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


def outside_event_loop(call: Callable[[], T]) -> T:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return call()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(call).result()
