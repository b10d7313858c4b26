"""Data-file bombs (issue 17, finding 3): the loader never reads a file whole before knowing its size.

Each bomb goes through the user's path (`lida summarize FILE`, in a fresh process whose peak memory is
read back, and the Python API) and gives a sampled Summary that says so, or a one-line error."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from lida.api import Lida
from lida.cli import main as lida_main
from summarizer import LoadLimits, SummarizerError, read_table, summarize
from summarizer.io import json_depth

pytestmark = pytest.mark.slow  # starts sandbox workers (run the quick tests with -m 'not slow')

ROOT = Path(__file__).resolve().parents[2]
#: Peak resident memory allowed for `lida summarize` on a bomb (reading any of them whole takes > 1 GB).
PEAK_LIMIT_KB = 800 * 1024

# Runs `lida summarize` as a child and prints its exit code, output and peak RSS (KiB) as JSON.
_MEASURE = """
import json, resource, subprocess, sys
proc = subprocess.run([sys.executable, "-m", "lida.cli", "summarize", *sys.argv[1:]], capture_output=True, text=True)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"code": proc.returncode, "out": proc.stdout, "err": proc.stderr, "peak_kb": peak}))
"""


def _summarize_measured(*args: str) -> dict[str, object]:
    """`lida summarize ARGS` in a fresh process tree (so no earlier child's memory counts)."""
    proc = subprocess.run(
        [sys.executable, "-c", _MEASURE, *args], capture_output=True, text=True, cwd=ROOT, timeout=300,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def parquet_bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """120 million zeros in 60 row groups, zstd: about 0.6 MB on disk, 960 MB as one int64 column."""
    path = tmp_path_factory.mktemp("bombs") / "zeros.parquet"
    chunk = pa.table({"x": pa.array(np.zeros(2_000_000, dtype=np.int64))})
    with pq.ParquetWriter(path, chunk.schema, compression="zstd") as writer:
        for _ in range(60):
            writer.write_table(chunk, row_group_size=2_000_000)
    return path


def _sampled_summary(path: Path) -> dict[str, Any]:
    """`lida summarize --json` in a fresh process: it must succeed with a 5M-row sample, under the peak."""
    report = _summarize_measured(str(path), "--json")
    assert report["code"] == 0, report["err"]
    assert int(report["peak_kb"]) < PEAK_LIMIT_KB, f"peak RSS {report['peak_kb']} KiB"
    summary: dict[str, Any] = json.loads(str(report["out"]))
    assert summary["rows"] == 5_000_000 and summary["sampled"] is True
    return summary


def test_parquet_bomb_is_sampled_by_lida_summarize(parquet_bomb: Path) -> None:
    assert parquet_bomb.stat().st_size < 8 << 20
    summary = _sampled_summary(parquet_bomb)
    assert "row groups, evenly spaced" in summary["sample_method"]
    assert any("of 120,000,000 rows" in note for note in summary["notes"])


def test_parquet_sample_is_deterministic_and_spread(parquet_bomb: Path, tmp_path: Path) -> None:
    """Row groups are chosen evenly across the file: a file whose groups hold their own index shows it."""
    path = tmp_path / "groups.parquet"
    schema = pa.schema([("group", pa.int32())])
    with pq.ParquetWriter(path, schema) as writer:
        for g in range(40):
            writer.write_table(pa.table({"group": pa.array(np.full(1000, g, dtype=np.int32))}, schema=schema))
    limits = LoadLimits(max_rows=4000)
    first, second = read_table(path, limits), read_table(path, limits)
    assert first.equals(second) and len(first) == 4000
    seen = sorted(first["group"].unique())
    assert seen[0] == 0 and seen[-1] >= 35 and len(seen) == 16


def test_parquet_bomb_through_the_api(parquet_bomb: Path) -> None:
    summary = Lida().summarize(parquet_bomb)
    assert summary.sampled and summary.rows == 5_000_000
    assert summary.sample_method is not None and summary.sample_method.startswith("read 5,000,000 of 120,000,000")


def test_deep_json_is_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 50_000 + "]" * 50_000)
    assert lida_main(["summarize", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert err == f"error: {path}: JSON nests 50,000 levels deep, over the limit of 64 (not a table)"
    with pytest.raises(SummarizerError, match="nests 50,000 levels"):
        Lida().summarize(path)


def test_deep_json_line_is_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "deep.jsonl"
    path.write_text('{"a": 1}\n{"b": ' + "[" * 50_000 + "]" * 50_000 + "}\n")
    with pytest.raises(SummarizerError, match="on line 2 nests 50,001 levels"):
        summarize(path)


def test_json_depth_ignores_brackets_in_strings() -> None:
    assert json_depth('[{"a": "[[[[{{{{", "b": [1, 2]}]') == 3
    assert json_depth('{"q": "\\"[[["}') == 1
    assert json_depth("") == 0


def test_gzip_bomb_csv_is_cut_to_the_row_limit(tmp_path: Path) -> None:
    """600 MB of "0\\n" in 0.6 MB of gzip: only the rows under the limit are ever inflated."""
    path = tmp_path / "zeros.csv.gz"
    with gzip.open(path, "wb", compresslevel=1) as f:
        f.write(b"x\n")
        block = b"0\n" * (1 << 22)
        for _ in range(72):
            f.write(block)
    summary = _sampled_summary(path)
    assert "decompressed gzip" in summary["notes"]
    assert any("read the first 5,000,000 rows only" in note for note in summary["notes"])


def test_gzip_bomb_of_binary_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "nul.csv.gz"
    with gzip.open(path, "wb", compresslevel=1) as f:
        for _ in range(64):
            f.write(bytes(16 << 20))
    report = _summarize_measured(str(path))
    assert report["code"] == 2
    assert str(report["err"]).strip() == f"error: {path}: looks like a binary file (NUL bytes), not a text table"
    assert int(report["peak_kb"]) < 300 * 1024


def test_compressed_csv_reads_like_plain(tmp_path: Path) -> None:
    frame = pd.DataFrame({"city": ["a", "b", "c"], "n": [1, 2, 3]})
    plain, packed = tmp_path / "t.csv", tmp_path / "t.csv.gz"
    frame.to_csv(plain, index=False)
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    assert read_table(packed).equals(read_table(plain))


def test_zstd_text_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "t.csv.zst"
    path.write_bytes(b"\x28\xb5\x2f\xfd" + bytes(100))
    with pytest.raises(SummarizerError, match="zstd-compressed text is not supported"):
        read_table(path)


def test_xlsx_zip_bomb_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", bytes(40 << 20))
    assert path.stat().st_size < 1 << 20
    with pytest.raises(SummarizerError, match="inflates to 40 MB of XML, over the 16 MB limit"):
        read_table(path, LoadLimits(max_memory_mb=64))


def test_row_limit_is_configurable_and_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "rows.csv"
    pd.DataFrame({"x": range(5000), "y": ["a", "b"] * 2500}).to_csv(path, index=False)
    assert lida_main(["summarize", str(path), "--json", "--max-rows", "1000"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["rows"] == 1000 and summary["sampled"] and summary["sample_method"] == "read the first 1,000 rows"
    assert lida_main(["summarize", str(path), "--max-rows", "0"]) == 2
    assert "max_rows must be at least 1" in capsys.readouterr().err
    whole = summarize(path)
    assert whole.rows == 5000 and not whole.sampled


def test_json_document_over_its_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_text(json.dumps([{"x": i} for i in range(200_000)]))
    with pytest.raises(SummarizerError, match="over the 1 MB limit for one document"):
        read_table(path, LoadLimits(max_json_mb=1))
