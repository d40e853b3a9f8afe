"""Files kb writes where the user asks (a brief, an implementation matrix): whole or not
at all, readable as any file the user writes."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from .errors import KbError

_KINDS = ((stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
          (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"))


def output_path(path: str | os.PathLike) -> Path:
    """The file a user asked kb to write, checked before anything is written: a path
    without NUL bytes whose folder exists, and which is a regular file or nothing yet.
    A symbolic link is followed (its target is what gets replaced). A device, a FIFO, a
    socket or a folder is refused: `write_atomically` renames a new file onto the path,
    which would replace /dev/null or a pipe with a plain file. Raises KbError."""
    text = os.fspath(path)
    if isinstance(text, bytes):
        text = os.fsdecode(text)
    if "\x00" in text:
        raise KbError(f"cannot write {text!r}: the file name holds a NUL byte")
    if not text.strip():
        raise KbError("cannot write '': give a file name, e.g. -o brief.md")
    given = Path(text)
    try:
        # is_symlink raises for a name too long or a path through a loop; that was said as
        # "cannot use …: File name too long; check the path (the kb home is KB_HOME …)"
        target = Path(os.path.realpath(given)) if given.is_symlink() else given
        mode = target.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise KbError(f"cannot write {given}: {exc.strerror or exc}") from None
    if mode is not None and not stat.S_ISREG(mode):
        kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
        if kind == "a folder":
            raise KbError(f"cannot write {given}: it is a folder")
        raise KbError(f"cannot write {given}: it is {kind}, not a regular file; give the name of a file to write")
    if not target.parent.exists():
        raise KbError(f"cannot write {given}: folder {target.parent} does not exist")
    return target


def writable_output(path: str | os.PathLike) -> Path:
    """`output_path`, and a file can be made in its folder (a temporary one, removed at
    once): checked before a brief or a matrix is built, so a folder kb may not write in
    (read-only, /proc, no permission) is said at once, not after minutes of work. Raises
    KbError."""
    target = output_path(path)
    os.unlink(_temp_beside(target, ".probe", f"cannot write {os.fspath(path)}", f" (in folder {target.parent})"))
    return target


def _temp_beside(path: Path, suffix: str, failure: str, where: str = "") -> Path:
    """A new empty file in `path`'s folder, named after it (a hidden name ending in
    `suffix`). Raises KbError "<failure>: <why><where>" when the folder refuses it."""
    try:
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name[:100]}.", suffix=suffix)
    except OSError as exc:
        raise KbError(f"{failure}: {exc.strerror or exc}{where}") from None
    os.close(fd)
    return Path(name)


def check_format_matches(path: str | os.PathLike | None, fmt: str | None, extensions: dict[str, str]) -> None:
    """Refuse a --format that contradicts the file's own extension (`extensions`: suffix
    -> format): `kb brief -o brief.docx --format md` wrote Markdown into a .docx that Word
    then cannot open, and `kb recs export -o m.csv --format xlsx` a workbook named .csv."""
    if not path or not fmt:
        return
    suffix = Path(path).suffix.lstrip(".").lower()
    named = extensions.get(suffix)
    wanted = extensions.get(fmt.lower().lstrip("."), fmt.lower())
    if named is not None and named != wanted:
        raise KbError(f"--format {fmt} but {os.fspath(path)!r} ends in .{suffix}: name the file .{wanted} "
                      "or leave --format out")


def write_atomically(path: str | os.PathLike, fill: Callable[[Path], None]) -> Path:
    """Write `path` through `fill(tmp)`, which writes the whole file at a temporary path
    beside it; one rename then replaces `path`, so a reader never sees half a file and a
    failure leaves none. The file gets the user's usual permissions (mkstemp makes it
    private). Returns `path`. Raises KbError naming the path when it is a folder, a
    device, a FIFO or a socket (`output_path`), its folder does not exist or the system
    refuses; anything `fill` raises propagates."""
    path = output_path(path)
    tmp = _temp_beside(path, ".tmp", f"cannot write {path}")
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
