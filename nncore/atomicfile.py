"""Writing a file atomically: a reader sees the old file or the new one, never half of either.

:func:`replace_atomically` writes the bytes to a temporary file beside the target, flushes it
to disk, renames it over the target and flushes the folder. A save that is killed outright
leaves its temporary file behind; :func:`remove_stale_temp_files` clears those of processes
that have ended. Nothing here knows what the bytes mean: :mod:`nncore.io` builds them.
"""
from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import stat
import time
from pathlib import Path

__all__ = ["STALE_TMP_AGE", "write_target", "remove_stale_temp_files", "replace_atomically"]

# Temporary files of a save: ".nncore-tmp-<pid>-<random>-<target name>", beside the target.
_TMP_PREFIX = ".nncore-tmp-"
_TMP_NAME = re.compile(re.escape(_TMP_PREFIX) + r"([0-9]+)-")
#: A temporary file older than this (seconds) is stale even if its pid is alive (pids get reused).
STALE_TMP_AGE = 24 * 3600


def write_target(path):
    """The file a save to ``path`` replaces: ``path`` itself, or the final target of a symbolic link."""
    if not path.is_symlink():
        return path
    target = Path(os.path.realpath(path))
    if target.is_symlink():  # realpath stops inside a loop of links
        raise OSError(errno.ELOOP, f"cannot save to {str(path)!r}: its symbolic links loop.")
    return target


def _pid_alive(pid):
    if pid <= 0:  # not a process; os.kill(0, ...) would signal our own process group
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: alive, owned by someone else
        return True
    return True


def remove_stale_temp_files(folder):
    """Remove temporary files left in ``folder`` by saves that were killed."""
    now = time.time()
    for entry in folder.glob(_TMP_PREFIX + "*"):
        match = _TMP_NAME.match(entry.name)
        try:
            info = entry.lstat()
        except FileNotFoundError:  # another save just removed or renamed it
            continue
        if not match or not stat.S_ISREG(info.st_mode):
            continue
        if _pid_alive(int(match[1])) and now - info.st_mtime < STALE_TMP_AGE:
            continue
        with contextlib.suppress(OSError):  # gone already, or not ours to remove
            entry.unlink()


def replace_atomically(target, data):
    """Write ``data`` to a temp file beside ``target``, fsync, rename over ``target``, fsync the folder."""
    folder = target.parent
    tmp = folder / f"{_TMP_PREFIX}{os.getpid()}-{secrets.token_hex(4)}-{target.name[:100]}"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_folder(folder)


def _fsync_folder(folder):
    """Flush the folder's entry list, so that a rename in it survives a power cut."""
    if not hasattr(os, "O_DIRECTORY"):  # Windows cannot open a folder; NTFS journals renames
        return
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    except OSError as err:
        if err.errno not in (errno.EINVAL, errno.ENOTSUP):  # file systems that cannot sync a folder
            raise
    finally:
        os.close(fd)
