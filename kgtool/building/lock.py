"""The exclusive lock of a build directory: one build (full or incremental) at a time.

The lock is ``fcntl.flock`` on ``<build>/.lock``, a file holding the pid of the build that
holds it. The kernel drops the lock when that process ends, however it ends (``kill -9``
included), so a stale lock file never blocks the next build. A second build either stops at
once with :class:`BuildLockedError` ("another build is running (pid N)"), or waits
(``wait=True``, ``kgtool build --wait``).
"""
from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path

from kgtool.bilingual import Bilingual
from kgtool.errors import StorageError

__all__ = ["BuildLock", "BuildLockedError", "LOCK_NAME"]

LOCK_NAME = ".lock"


class BuildLockedError(StorageError):
    """Another process holds the build directory's lock."""


class BuildLock:
    """``with BuildLock(build_dir): ...`` holds the directory's build lock.

    :param build_dir: the build directory (created if missing).
    :param wait: wait for the other build to finish instead of failing.
    :param on_wait: called once with the holder's pid when ``wait`` has to wait.
    """

    def __init__(self, build_dir: Path, *, wait: bool = False, on_wait=None) -> None:
        self.path = Path(build_dir) / LOCK_NAME
        self.wait, self.on_wait = wait, on_wait
        self.fd: int | None = None

    def holder(self) -> str:
        """The pid written in the lock file ("?" when it cannot be read)."""
        for _ in range(20):  # the holder writes its pid right after taking the lock
            try:
                text = self.path.read_text(encoding="ascii").strip()
            except (OSError, UnicodeDecodeError):
                text = ""
            if text.isdigit():
                return text
            time.sleep(0.01)
        return "?"

    def acquire(self) -> "BuildLock":
        """Take the lock.

        :raises BuildLockedError: another build holds it and ``wait`` is false.
        """
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pid = self.holder()
            if not self.wait:
                os.close(fd)
                raise BuildLockedError(Bilingual(
                    f"another build is running (pid {pid}) in {self.path.parent}; wait for it "
                    "to finish or pass --wait",
                    f"另一个构建正在 {self.path.parent} 中运行（进程 {pid}）；请等待它完成，或加 "
                    "--wait")) from None
            if self.on_wait is not None:
                self.on_wait(pid)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
            except BaseException:
                os.close(fd)
                raise
        except BaseException:
            os.close(fd)
            raise
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        self.fd = fd
        return self

    def release(self) -> None:
        if self.fd is not None:
            fd, self.fd = self.fd, None
            try:
                os.ftruncate(fd, 0)
            except OSError:
                pass
            os.close(fd)  # closing the last descriptor drops the flock

    def __enter__(self) -> "BuildLock":
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()
