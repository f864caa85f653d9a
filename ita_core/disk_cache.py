"""Load-fast copies of what every process would otherwise rebuild: word sets, tries,
frequency tables. Built on first use, pickled under the user's cache folder, loaded by
every later process in a fraction of the build time.

A value is stored under its name and a key made of a version string that names
everything it is built from (the lexicons' version, the source of the code that builds
it) and the Python version: change any of them and the old file is never read again,
the value is built anew and the stale file of that name removed. Writes go to a
temporary file in the same folder, renamed into place, so workers that build the same
value at once each write a whole file and a reader never sees half of one. A missing,
unreadable or damaged file only means building the value; a folder that cannot be
written only means building it in every process, as without the cache.

The folder: `$ITA_CACHE_DIR`, else `$XDG_CACHE_HOME/ita`, else `~/.cache/ita`.
`ITA_CACHE_DIR=off` turns the cache off. It holds pickles this program wrote; like any
cache folder it must not be writable by others.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path
from contextlib import contextmanager
from typing import Callable, Iterable, Iterator, TypeVar

T = TypeVar("T")
CACHE_ENV = "ITA_CACHE_DIR"
OFF = "off"


def cache_dir() -> Path | None:
    """The cache folder, or None when the cache is turned off."""
    configured = os.environ.get(CACHE_ENV)
    if configured is not None:
        return None if configured.strip().lower() in (OFF, "") else Path(configured)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "ita"


def source_version(*paths: str | os.PathLike) -> str:
    """A short hash of source files: part of a cached value's version, so a change to the
    code that builds it rebuilds it."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(Path(path).read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def cache_path(name: str, version: str) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    key = hashlib.sha256("\0".join(
        [name, version, sys.version, str(pickle.HIGHEST_PROTOCOL)]).encode()).hexdigest()[:16]
    return folder / f"{name}-{key}.pickle"


def cached(name: str, version: str, build: Callable[[], T]) -> T:
    """`build()`, or the copy of it stored under `name` for this `version`."""
    path = cache_path(name, version)
    if path is None:
        return build()
    try:
        with open(path, "rb") as fh, _collector_paused():
            return pickle.load(fh)
    except FileNotFoundError:
        pass
    except Exception:  # a damaged or foreign file: build and replace it
        pass
    value = build()
    _store(path, name, value)
    return value


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off while a pickle loads: its hundreds of thousands
    of new strings and tuples hold no cycles, yet each few hundred of them started a
    collection (a fifth of the load time)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _store(path: Path, name: str, value: object) -> None:
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{name}-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        tmp = None
        _remove_stale(path, name)
    except OSError:
        pass  # a read-only or full disk: the value was built, it is just not kept
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _remove_stale(path: Path, name: str) -> None:
    """Other versions of the same value: they will never be read again."""
    stale: Iterable[Path] = path.parent.glob(f"{name}-*.pickle")
    for other in stale:
        if other != path and other.name[len(name) + 1:-len(".pickle")].isalnum():
            try:
                other.unlink()
            except OSError:
                pass
