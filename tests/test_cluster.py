"""extract --scheduler: documents computed on a Dask cluster, written as a local run writes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT

from extractor import cluster
from extractor.cli import main

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def inbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled samples and one file that is no PDF."""
    box = tmp_path_factory.mktemp("cluster") / "in"
    shutil.copytree(ROOT / "samples", box)
    (box / "broken.pdf").write_bytes(b"%PDF-1.7 cut short")
    return box


@pytest.fixture(scope="module")
def local_run(inbox: Path, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    out = tmp_path_factory.mktemp("local") / "records.jsonl"
    main([str(inbox), "--out", str(out), "-q", "-j", "1", "--ocr", "never"])
    return out.read_bytes()


def test_a_cluster_writes_what_the_local_run_writes(inbox, local_run, tmp_path) -> None:
    out = tmp_path / "records.jsonl"
    code = main(
        [str(inbox), "--out", str(out), "-q", "-j", "2", "--ocr", "never", "--scheduler", "local"]
    )
    assert code == 1  # broken.pdf gave only an error record, as it does locally
    assert out.read_bytes() == local_run  # same records, same order, byte for byte


def test_joining_a_running_scheduler_and_resuming(inbox, local_run, tmp_path, capsys) -> None:
    out = tmp_path / "records.jsonl"
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
    ) as running:
        address = running.scheduler_address
        main([str(inbox), "--out", str(out), "-q", "--ocr", "never", "--scheduler", address])
        assert out.read_bytes() == local_run
        capsys.readouterr()
        main([str(inbox), "--out", str(out), "-q", "--ocr", "never", "--scheduler", address])
    assert out.read_bytes() == local_run  # nothing new: every document was done
    assert "0 documents; 4 already done" in capsys.readouterr().err


def test_no_scheduler_answering_stops_the_run_with_a_message(
    inbox, tmp_path, capsys, monkeypatch
) -> None:
    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", 1)
    code = main(
        [str(inbox), "--out", str(tmp_path / "r.jsonl"), "-q", "--scheduler", "tcp://127.0.0.1:9"]
    )
    assert code == 2
    assert "no Dask scheduler answers at tcp://127.0.0.1:9" in capsys.readouterr().err
