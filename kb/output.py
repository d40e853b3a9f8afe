"""Files kb writes where the user asks (a brief, an implementation matrix): whole or not
at all, readable as any file the user writes."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from .errors import KbError


def write_atomically(path: str | os.PathLike, fill: Callable[[Path], None]) -> Path:
    """Write `path` through `fill(tmp)`, which writes the whole file at a temporary path
    beside it; one rename then replaces `path`, so a reader never sees half a file and a
    failure leaves none. The file gets the user's usual permissions (mkstemp makes it
    private). Returns `path`. Raises KbError naming the path when it is a folder, its
    folder does not exist or the system refuses; anything `fill` raises propagates."""
    path = Path(path)
    if path.is_dir():
        raise KbError(f"cannot write {path}: it is a folder")
    if not path.parent.exists():
        raise KbError(f"cannot write {path}: folder {path.parent} does not exist")
    try:
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise KbError(f"cannot write {path}: {exc.strerror or exc}") from None
    os.close(fd)
    tmp = Path(name)
    try:
        fill(tmp)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise KbError(f"cannot write {path}: {exc.strerror or exc}") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path
