"""Load the prompt templates in prompts/ and render them into chat messages.

A template file is markdown with a small header declaring its variables, then a system part
and a user part:

    ---
    variables: data, n
    ---
    <!-- system -->
    ...
    <!-- user -->
    ... $data ... $n ...

Placeholders use string.Template syntax ($name; write $$ for a literal dollar), so JSON
examples with braces need no escaping. Rendering demands exactly the declared variables.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from string import Template

from lida.errors import LLMError

ENV_PROMPTS_DIR = "LIDA_PROMPTS_DIR"
_HEADER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)
_SYSTEM_MARK = "<!-- system -->"
_USER_MARK = "<!-- user -->"

Message = dict[str, str]


def prompts_dir() -> Path:
    """The installed prompts package's folder, or $LIDA_PROMPTS_DIR."""
    override = os.environ.get(ENV_PROMPTS_DIR)
    if override:
        return Path(override).expanduser()
    from prompts import PROMPTS_DIR

    return PROMPTS_DIR


@dataclass(frozen=True)
class PromptTemplate:
    name: str
    variables: tuple[str, ...]
    system: str
    user: str

    def placeholders(self) -> set[str]:
        return set(Template(self.system).get_identifiers()) | set(Template(self.user).get_identifiers())

    def render(self, **values: object) -> list[Message]:
        """Chat messages with every declared variable filled in (all required, no extras)."""
        given, declared = set(values), set(self.variables)
        if given != declared:
            missing, extra = sorted(declared - given), sorted(given - declared)
            raise ValueError(f"prompt {self.name!r}: missing variables {missing}, unexpected {extra}")
        text = {k: str(v) for k, v in values.items()}
        return [
            {"role": "system", "content": Template(self.system).substitute(text).strip()},
            {"role": "user", "content": Template(self.user).substitute(text).strip()},
        ]


def prompt_names(directory: Path | None = None) -> list[str]:
    folder = directory or prompts_dir()
    return sorted(p.stem for p in folder.glob("*.md") if not p.name.startswith(("_", "README")))


def load_prompt(name: str, directory: Path | None = None) -> PromptTemplate:
    """Read and check one template; a malformed or missing file is an LLMError naming it."""
    path = (directory or prompts_dir()) / f"{name}.md"
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise LLMError(f"prompt template {path} not readable: {exc.strerror or exc}") from exc
    header = _HEADER.match(raw)
    if not header:
        raise LLMError(f"prompt template {path}: missing '---' header with 'variables:'")
    variables: tuple[str, ...] = ()
    for line in header.group(1).splitlines():
        key, _, value = line.partition(":")
        if key.strip() == "variables":
            variables = tuple(v.strip() for v in value.split(",") if v.strip())
    body = raw[header.end() :]
    if _SYSTEM_MARK not in body or _USER_MARK not in body:
        raise LLMError(f"prompt template {path}: needs '{_SYSTEM_MARK}' and '{_USER_MARK}' sections")
    system, _, user = body.partition(_SYSTEM_MARK)[2].partition(_USER_MARK)
    template = PromptTemplate(name=name, variables=variables, system=system, user=user)
    used = template.placeholders()
    if used != set(variables):
        raise LLMError(f"prompt template {path}: declares {sorted(variables)} but uses {sorted(used)}")
    return template


def render_prompt(name: str, **values: object) -> list[Message]:
    return load_prompt(name).render(**values)
