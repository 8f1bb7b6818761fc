"""HTML rendered once per key and kept by the process: a fragment that depends only on what its key names (a
language, the script prefix, a set of permissions, a catalog's rows), the same for every request with that key."""

from collections.abc import Callable, Hashable

from django.utils.safestring import SafeString, mark_safe


class KeptHtml:
    """At most `most` fragments; past that all are dropped and rendered again (a handful of keys in practice,
    a bound all the same, since the keys come from data)."""

    def __init__(self, *, most: int) -> None:
        self.most = most
        self._kept: dict[Hashable, SafeString] = {}

    def get(self, key: Hashable, render: Callable[[], str]) -> SafeString:
        """The fragment for `key`; `render` (a template's output, escaped by it) makes it the first time."""
        html = self._kept.get(key)
        if html is None:
            if len(self._kept) >= self.most:
                self._kept.clear()
            html = self._kept[key] = mark_safe(render())  # noqa: S308 (a template's output, escaped by it)
        return html
