"""The repair loop: run, validate, fix (deterministic, then the LLM, then the spec), record everything.

Every candidate ends as a validated chart or as a recorded failure with its reason; a bad chart
never raises. Code only ever runs in the sandbox passed in; specs are edited here because they are
data, and rendered by the sandbox's locked-down renderer (they can still name URLs).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias

from lida.errors import LidaError
from lida.fixers.deterministic import deterministic_repair
from lida.fixers.inputs import foreign_library
from lida.fixers.model import FixContext, Repair
from lida.repair.model import Attempt, Issue, RepairOutcome, Stage
from lida.repair.specfix import can_fix, fix_spec
from lida.repair.validate import Validator

if TYPE_CHECKING:
    import pandas as pd

    from draco import Draco
    from summarizer.model import Summary

#: The model's rewrite of failing code: (summary, code, error) -> new code; raises LidaError when the
#: answer is unusable. Passed in (e.g. lida.llm.charts.repair_code bound to a client), so this loop
#: never imports the LLM package.
CodeRepair: TypeAlias = Callable[["Summary", str, str], str]


class Runner(Protocol):
    """What the loop needs from lida.sandbox.Sandbox."""

    def run(self, code: str, data: Any, render: Any = None) -> Any: ...


@dataclass(frozen=True)
class LoopError:
    """An error raised around execution (not by the chart code), shaped like the sandbox's ExecError."""

    type: str
    message: str
    line: int | None = None
    traceback: str = ""
    blocked: bool = False


@dataclass(frozen=True)
class LoopFailure:
    """A result for an attempt the sandbox could not run at all; shaped like ExecResult."""

    error: LoopError
    ok: bool = False
    spec: dict[str, Any] | None = None
    png: bytes | None = None
    svg: str | None = None
    stdout: str = ""
    duration_s: float = 0.0


def _frame_and_context(data: Any, summary: Summary | None) -> tuple[pd.DataFrame | None, FixContext]:
    import pandas as pd

    if isinstance(data, pd.DataFrame):
        return data, FixContext.from_frame(data)
    if summary is not None:
        return None, FixContext.from_summary(summary)
    from summarizer import load

    frame = load(data).frame
    return frame, FixContext.from_frame(frame)


def _rerender(result: Any, spec: dict[str, Any], sandbox: Any) -> Any:
    """The result with a new spec, its images re-rendered (by the sandbox) when the original had them."""
    from lida.sandbox.renderer import render_spec

    changes: dict[str, Any] = {"spec": spec}
    formats = tuple(f for f in ("png", "svg") if getattr(result, f, None))
    if formats:
        drawn = render_spec(spec, formats, 2.0 if "png" in formats else 1.0, sandbox=sandbox)
        if not drawn.ok:
            return LoopFailure(LoopError("RenderError", str(drawn.error), blocked=True))
        changes.update({f: getattr(drawn, f) for f in formats})
    if dataclasses.is_dataclass(result) and not isinstance(result, type):
        return dataclasses.replace(result, **changes)
    for k, v in changes.items():
        setattr(result, k, v)
    return result


@dataclass
class RepairLoop:
    """One configuration of the loop; `repair_and_run` is the one-call form."""

    sandbox: Runner
    llm_repair: CodeRepair | None = None
    max_llm_attempts: int = 2
    max_deterministic_attempts: int = 3
    draco: Draco | None = None
    render: Any = None
    validator: Validator | None = None

    def run(self, code: str, data: Any, summary: Summary | None = None) -> RepairOutcome:
        validator = self.validator or Validator(draco=self.draco, sandbox=self.sandbox)
        frame, base_ctx = _frame_and_context(data, summary)
        if frame is not None:
            data = frame  # a path was loaded once, here; the sandbox gets the same cleaned frame
        attempts: list[Attempt] = []

        def execute(candidate: str, stage: Stage, repairs: list[Repair]) -> Attempt:
            try:
                result = self.sandbox.run(candidate, data, render=self.render)
            except LidaError as exc:
                result = LoopFailure(LoopError(type(exc).__name__, str(exc)))
            issues: list[Issue] = []
            if getattr(result, "ok", False):
                issues = validator.validate(getattr(result, "spec", None))
            attempt = Attempt(candidate, result, repairs, stage, issues)
            attempts.append(attempt)
            return attempt

        def spec_stage(last: Attempt) -> Attempt:
            """Fix the spec of an attempt that ran; soft issues are fixed too, when possible."""
            if not (last.ran and last.issues and can_fix(last.issues)):
                return last
            fixed = fix_spec(last.result.spec, last.issues)
            if not fixed.repairs:
                return last
            issues = validator.validate(fixed.spec)
            if any(i.hard for i in issues):
                # the edit made things no better: keep the attempt on record, go on from the code
                attempts.append(Attempt(last.code, last.result, fixed.repairs, "spec", issues, kept=False))
                return last
            attempt = Attempt(last.code, _rerender(last.result, fixed.spec, self.sandbox), fixed.repairs, "spec", issues)
            attempts.append(attempt)
            return attempt

        last = spec_stage(execute(code, "initial", []))
        foreign = None if last.ok else foreign_library(code)
        if foreign is not None:
            return self._foreign(attempts, last, foreign)
        for _ in range(self.max_deterministic_attempts):
            if last.ok:
                break
            fix = deterministic_repair(last.code, base_ctx.with_error(last.error or ""))
            if fix.code == last.code:
                break
            last = spec_stage(execute(fix.code, "deterministic", fix.repairs))
        llm_note: str | None = None
        if not last.ok and self.llm_repair is not None:
            last, llm_note = self._llm_stage(self.llm_repair, last, data, summary, base_ctx, execute, spec_stage)
        return self._outcome(attempts, last, llm_note)

    def _llm_stage(self, llm_repair: CodeRepair, last: Attempt, data: Any, summary: Summary | None,
                   ctx: FixContext, execute: Any, spec_stage: Any) -> tuple[Attempt, str | None]:
        if summary is None:
            from summarizer import summarize

            summary = summarize(data)
        note: str | None = None
        for i in range(self.max_llm_attempts):
            try:
                proposed = llm_repair(summary, last.code, last.error or "")
            except LidaError as exc:
                note = f"LLM repair attempt {i + 1} gave nothing usable: {exc}"
                continue
            fix = deterministic_repair(proposed, ctx)
            repairs = [Repair("llm", f"attempt {i + 1}: the model rewrote the code after: {(last.error or '')[:200]}"), *fix.repairs]
            last = spec_stage(execute(fix.code, "llm", repairs))
            if last.ok:
                break
        return last, note

    @staticmethod
    def _foreign(attempts: list[Attempt], last: Attempt, library: str) -> RepairOutcome:
        """Code for another plotting library: record why nothing was tried, and ask for a new chart."""
        why = (f"the code draws with {library}, not Altair: no chart can be salvaged from it, so it was not "
               "repaired; draw this goal again (the offline path can)")
        attempts.append(Attempt(last.code, last.result, [Repair("foreign-library", why)], "deterministic", kept=False))
        return RepairOutcome(attempts, last.code, last.result, False, why, foreign=library)

    @staticmethod
    def _outcome(attempts: list[Attempt], last: Attempt, note: str | None) -> RepairOutcome:
        if last.ok:
            edited = last.stage == "spec"
            return RepairOutcome(attempts, last.code, last.result, True, None, spec_edited=edited)
        reason = f"no valid chart after {len(attempts)} attempt(s): {last.error or 'unknown error'}"
        if note:
            reason += f" ({note})"
        return RepairOutcome(attempts, last.code, last.result, False, reason)


def repair_and_run(
    code: str,
    data: Any,
    summary: Summary | None,
    sandbox: Runner,
    llm_repair: CodeRepair | None = None,
    max_llm_attempts: int = 2,
    draco: Draco | None = None,
    render: Any = None,
) -> RepairOutcome:
    """Run chart code and repair it until it yields a valid chart or the attempts run out."""
    return RepairLoop(sandbox, llm_repair=llm_repair, max_llm_attempts=max_llm_attempts, draco=draco, render=render).run(code, data, summary)
