"""Atomic writes (kgtool.fsutil): the old file survives a failed write; a non-durable
write replaces the file by an atomic exchange where Linux has one, else by a rename."""
import os

import pytest

from kgtool import fsutil
from kgtool.fsutil import atomic_write, write_text_if_changed


@pytest.mark.parametrize("durable", [True, False])
def test_replaces_the_file_and_leaves_no_temporary(tmp_path, durable):
    target = tmp_path / "graph.nq"
    target.write_text("old\n")
    with atomic_write(target, "w", durable=durable) as fh:
        fh.write("new\n")
    assert target.read_text() == "new\n"
    assert os.listdir(tmp_path) == ["graph.nq"]


@pytest.mark.parametrize("durable", [True, False])
def test_a_failed_write_keeps_the_old_file(tmp_path, durable):
    target = tmp_path / "graph.nq"
    target.write_text("old\n")
    with pytest.raises(RuntimeError):
        with atomic_write(target, "w", durable=durable) as fh:
            fh.write("half")
            raise RuntimeError("disk full")
    assert target.read_text() == "old\n"
    assert os.listdir(tmp_path) == ["graph.nq"]


def test_exchange_swaps_regular_files_only(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.write_text("A")
    assert not fsutil._exchange(a, tmp_path / "missing")
    (tmp_path / "dir").mkdir()
    assert not fsutil._exchange(a, tmp_path / "dir")  # never swap a file with a directory
    b.write_text("B")
    if fsutil._exchange(a, b):  # Linux with renameat2 on this file system
        assert (a.read_text(), b.read_text()) == ("B", "A")
    else:
        assert (a.read_text(), b.read_text()) == ("A", "B")


def test_a_non_durable_write_over_a_symlink_replaces_the_link(tmp_path):
    real = tmp_path / "real.nq"
    real.write_text("kept\n")
    link = tmp_path / "graph.nq"
    link.symlink_to(real.name)
    with atomic_write(link, "w", durable=False) as fh:
        fh.write("new\n")
    assert not link.is_symlink() and link.read_text() == "new\n"
    assert real.read_text() == "kept\n"


def test_write_if_changed_skips_an_identical_file(tmp_path):
    target = tmp_path / "validation.json"
    assert write_text_if_changed(target, "{}\n")
    before = target.stat().st_mtime_ns, target.stat().st_ino
    assert not write_text_if_changed(target, "{}\n")
    assert (target.stat().st_mtime_ns, target.stat().st_ino) == before
    assert write_text_if_changed(target, "[]\n") and target.read_text() == "[]\n"
