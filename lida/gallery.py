"""The batch gallery: one offline index.html over every dataset's report.json.

It reads only what batch wrote to disk (reports, SVG/PNG files, code), so it can be rebuilt at any time
and works with no network: no CDN, no JavaScript, images referenced by relative path.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import Any

REPORT_NAME = "report.json"
WHY_SHOWN = 5  # the costliest preferences explain a rank; the long tail goes to report.json

_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;background:#f6f7f9;color:#1d232b}
header{background:#1d232b;color:#fff;padding:18px 28px}header h1{margin:0;font-size:22px}
header p{margin:4px 0 0;color:#c8ced6;font-size:14px}
main{padding:8px 28px 40px}section{margin-top:28px}
h2{font-size:19px;margin:0 0 4px}.meta{color:#5b6573;font-size:13px;margin-bottom:12px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(430px,1fr));gap:16px}
.card{background:#fff;border:1px solid #dde2e8;border-radius:8px;padding:14px;display:flex;flex-direction:column}
.card h3{font-size:15px;margin:0 0 8px;line-height:1.35}
.badges{display:flex;gap:6px;margin-bottom:8px;flex-wrap:wrap}
.badge{font-size:12px;padding:2px 8px;border-radius:10px;background:#eef1f5;color:#334}
.badge.rank{background:#1d6fdc;color:#fff}.badge.cost{background:#e8f3ea;color:#17602a}
.chart{text-align:center;background:#fff;overflow:auto;max-height:520px}.chart img{max-width:100%;height:auto}
.expl{font-size:13.5px;line-height:1.45;margin:8px 0}
ul.why{font-size:12.5px;color:#4a5360;margin:4px 0 8px;padding-left:18px}
details{font-size:13px;margin-top:4px}pre{background:#f3f5f8;padding:10px;border-radius:6px;overflow:auto;font-size:12px}
.error{background:#fdecec;border:1px solid #f3b7b7;color:#8a1c1c;padding:10px 14px;border-radius:6px;font-size:14px}
.failures{font-size:13px;color:#6b4a00;background:#fff7e0;border:1px solid #f1dea3;border-radius:6px;padding:8px 14px}
"""


def _chart_text(chart: dict[str, Any]) -> tuple[str, str, str]:
    """Question, explanation and alt text of a report's chart record (Chart.to_dict), also from a
    report written before the records were Chart.to_dict (flat question/explanation/alt_text)."""
    goal = chart.get("goal")
    question = str(goal.get("question", "")) if isinstance(goal, dict) else str(chart.get("question", ""))
    expl = chart.get("explanation")
    if isinstance(expl, dict):
        return question, str(expl.get("what", "")), str(expl.get("alt_text", ""))
    return question, str(expl or ""), str(chart.get("alt_text", ""))


def _chart_card(dataset_dir: Path, chart: dict[str, Any]) -> str:
    stem = str(chart.get("file", ""))
    question, explanation, alt_text = _chart_text(chart)
    image = ""
    for suffix in (".svg", ".png"):
        if (dataset_dir / f"{stem}{suffix}").exists():
            image = f'<img src="{escape(dataset_dir.name)}/{escape(stem)}{suffix}" alt="{escape(alt_text or question)}">'
            break
    if not image:
        image = '<p class="error">no rendering was saved for this chart</p>'
    lines = chart.get("why")
    if isinstance(lines, list) and all(isinstance(w, str) for w in lines):
        # what the chart shows first, then at most three design reasons (Chart.why_lines)
        why = "".join(f"<li>{escape(w)}</li>" for w in lines) or "<li>violates no design preference</li>"
    else:  # a report written before the why lines: the costliest violated preferences
        all_why = chart.get("costs") or lines or []
        why = "".join(
            f"<li>{escape(str(w.get('description', w.get('name', ''))))} "
            f"<span title='count x weight'>({int(w.get('count', 0))} x {int(w.get('weight', 0))})</span></li>"
            for w in all_why[:WHY_SHOWN]
            if isinstance(w, dict)
        ) or "<li>violates no design preference</li>"
        if len(all_why) > WHY_SHOWN:
            why += f"<li>and {len(all_why) - WHY_SHOWN} smaller ones (see report.json)</li>"
    code = ""
    code_path = dataset_dir / f"{stem}.py"
    if code_path.exists():
        code = f"<details><summary>Code</summary><pre>{escape(code_path.read_text(encoding='utf-8'))}</pre></details>"
    cost = chart.get("cost")
    cost_text = "n/a" if cost is None else f"{float(cost):g}"
    return (
        '<div class="card">'
        f'<div class="badges"><span class="badge rank">#{escape(str(chart.get("rank", "?")))}</span>'
        f'<span class="badge cost">cost {escape(cost_text)}</span>'
        f'<span class="badge">{escape(str(chart.get("source", "")))}</span></div>'
        f"<h3>{escape(question)}</h3>"
        f'<div class="chart">{image}</div>'
        f'<p class="expl">{escape(explanation)}</p>'
        f'<details open><summary>Why this rank</summary><ul class="why">{why}</ul></details>'
        f"{code}</div>"
    )


def _dataset_section(dataset_dir: Path, report: dict[str, Any]) -> str:
    name = escape(str(report.get("dataset", dataset_dir.name)))
    timings = report.get("timings") or {}
    total = timings.get("total")
    meta = f"{escape(str(report.get('source', '')))}"
    if total is not None:
        meta += f" &middot; {float(total):.2f} s"
    if report.get("status") != "ok":
        body = f'<p class="error">{escape(str(report.get("error") or "failed"))}</p>'
    else:
        cards = "".join(_chart_card(dataset_dir, c) for c in report.get("charts") or [])
        body = f'<div class="grid">{cards}</div>' if cards else '<p class="error">no chart survived</p>'
        failures = report.get("failures") or []
        if failures:
            items = "".join(
                f"<li>{escape(str(f.get('goal', '')))}: {escape(str(f.get('reason', '')))}</li>" for f in failures
            )
            body += f'<details class="failures"><summary>{len(failures)} candidate(s) failed</summary><ul>{items}</ul></details>'
    return f'<section id="{escape(dataset_dir.name)}"><h2>{name}</h2><div class="meta">{meta}</div>{body}</section>'


def load_reports(out_dir: Path) -> list[tuple[Path, dict[str, Any]]]:
    """Every dataset folder under out_dir that has a report, sorted by folder name."""
    found = []
    for report_path in sorted(out_dir.glob(f"*/{REPORT_NAME}")):
        if report_path.parent.name.startswith("."):  # a folder still being built (see lida.batch)
            continue
        found.append((report_path.parent, json.loads(report_path.read_text(encoding="utf-8"))))
    return found


def write_gallery(out_dir: str | Path, title: str = "Charts worth looking at") -> Path:
    """(Re)write out_dir/index.html from the reports found under out_dir."""
    out = Path(out_dir)
    reports = load_reports(out)
    n_charts = sum(len(r.get("charts") or []) for _, r in reports)
    n_failed = sum(1 for _, r in reports if r.get("status") != "ok")
    toc = " &middot; ".join(f'<a href="#{escape(d.name)}">{escape(str(r.get("dataset", d.name)))}</a>' for d, r in reports)
    sections = "".join(_dataset_section(d, r) for d, r in reports)
    summary = f"{len(reports)} dataset(s), {n_charts} chart(s)" + (f", {n_failed} failed" if n_failed else "")
    page = (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<meta name='viewport' content='width=device-width,initial-scale=1'><title>{escape(title)}</title>"
        f"<style>{_CSS}</style></head><body><header><h1>{escape(title)}</h1><p>{summary}</p>"
        f"<p>{toc}</p></header><main>{sections}</main></body></html>"
    )
    index = out / "index.html"
    index.write_text(page, encoding="utf-8")
    return index
