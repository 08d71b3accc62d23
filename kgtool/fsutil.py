"""Atomic file writes: write to a temporary file beside the target, then rename.

A failed write (an exception while producing the content) leaves the previous file intact.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import stat
import sys
import tempfile
from pathlib import Path
from typing import IO, Iterator

__all__ = ["atomic_write", "write_text_atomic", "write_text_if_changed", "write_bytes_atomic",
           "copy_tree_linked"]


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike, mode: str = "w", *, encoding: str | None = "utf-8",
                 newline: str | None = None, durable: bool = True) -> Iterator[IO]:
    """Open a temporary file next to ``path``; on success rename it over ``path``.

    :param path: the final file.
    :param mode: ``"w"`` (text) or ``"wb"`` (binary).
    :param durable: flush the file to disk (``fsync``) before the rename. Only a file that
        can be regenerated from a durable source may skip it: the rename is still atomic for
        every reader and across a crash of the process, but after a power loss the file may
        be found empty or short (ext4 and XFS flush a file renamed over another first, which
        narrows that window to the few seconds before the rename). Such a file replaces the
        old one by an atomic exchange where the system has one (:func:`_exchange`): renaming
        over an existing file makes ext4 write the new one out first (~0.25 s for 280 MB),
        which is the cost ``durable=False`` is there to avoid.
    :returns: a context manager yielding the open temporary file.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp creates 0600; give the file the usual mode
    try:
        kwargs = {} if "b" in mode else {"encoding": encoding, "newline": newline}
        with os.fdopen(fd, mode, **kwargs) as fh:
            yield fh
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        if not durable and _exchange(tmp, target):
            os.unlink(tmp)  # now the previous file
        else:
            os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if exc.filename is None:  # a write or fsync: name the file (a full disk says nothing)
            raise OSError(exc.errno, exc.strerror or str(exc), str(target)) from exc
        raise
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


_RENAME_EXCHANGE = 2  # linux/fs.h
_renameat2 = None


def _exchange(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    """Swap the files at ``a`` and ``b`` atomically (Linux ``renameat2(RENAME_EXCHANGE)``);
    False when ``b`` is not a regular file or the system or file system cannot."""
    global _renameat2
    if not sys.platform.startswith("linux"):
        return False
    try:
        if not stat.S_ISREG(os.lstat(b).st_mode):
            return False
    except OSError:
        return False
    if _renameat2 is None:
        import ctypes

        try:
            fn = ctypes.CDLL(None, use_errno=True).renameat2
        except (AttributeError, OSError):  # glibc < 2.28, musl without it
            fn = False
        else:
            fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                           ctypes.c_uint]
        _renameat2 = fn
    if not _renameat2:
        return False
    at_fdcwd = -100
    return _renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE) == 0


def write_text_atomic(path: str | os.PathLike, text: str) -> Path:
    """Write ``text`` (UTF-8) to ``path`` atomically and return the path."""
    with atomic_write(path, "w") as fh:
        fh.write(text)
    return Path(path)


def write_text_if_changed(path: str | os.PathLike, text: str) -> bool:
    """Write ``text`` to ``path`` atomically unless the file already holds exactly it.

    :returns: whether the file was written.
    """
    target = Path(path)
    try:
        if target.read_bytes() == text.encode("utf-8"):
            return False
    except OSError:
        pass
    write_text_atomic(target, text)
    return True


def write_bytes_atomic(path: str | os.PathLike, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically and return the path."""
    with atomic_write(path, "wb") as fh:
        fh.write(data)
    return Path(path)


def copy_tree_linked(src: str | os.PathLike, dst: str | os.PathLike, link, *,
                     ignore: tuple[str, ...] = ("LOCK", "*.tmp")) -> Path:
    """Copy the directory ``src`` to ``dst`` (which must not exist), hard-linking the files
    for which ``link(path)`` is true — files never changed in place once written (RocksDB's
    ``*.sst`` tables, files replaced only by rename) — and copying the others (a copy too
    where the file system has no hard links). Changing the copy then leaves ``src`` as it was.

    :returns: ``dst``.
    """
    def copy(s: str, d: str) -> str:
        if link(Path(s)):
            try:
                os.link(s, d)
                return d
            except OSError:
                pass
        return shutil.copy2(s, d)

    shutil.copytree(src, dst, copy_function=copy, symlinks=True,
                    ignore=shutil.ignore_patterns(*ignore))
    return Path(dst)
