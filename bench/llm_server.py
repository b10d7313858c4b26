"""Serve a GGUF model as an OpenAI-compatible server on 127.0.0.1, with Gemma 3's own turn format.

    bench/.venvs/llm/bin/python bench/llm_server.py --model FILE.gguf --port 8088 [--alias gemma-3-270m]

Run by `bench/llm_check.py` with the Python of its own venv (bench/.venvs/llm, which has
llama-cpp-python[server]); the project's venv never imports llama_cpp. Why a launcher of our own and not
`python -m llama_cpp.server --chat_format gemma`: that format drops system messages, and every lida
prompt starts with one. Gemma 3 has no system role; its own template folds the system text into the
first user turn, and so does `gemma3_prompt` below, registered as a chat format before the server starts.

The formatting functions use only the standard library, so the project's tests check them without the
model or llama_cpp.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping, Sequence
from typing import Any

#: The chat format name this launcher registers with llama_cpp.
CHAT_FORMAT = "gemma3-system-folded"
START, END = "<start_of_turn>", "<end_of_turn>"
#: Gemma 3 calls the assistant "model".
ROLES = {"user": "user", "assistant": "model", "model": "model"}


def content_text(content: Any) -> str:
    """A message's text: a string, or the text parts of an OpenAI content list (images are dropped)."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, Sequence):
        parts = []
        for part in content:
            if isinstance(part, Mapping) and part.get("type", "text") == "text":
                parts.append(str(part.get("text") or ""))
            elif isinstance(part, str):
                parts.append(part)
        return "".join(parts)
    return str(content)


def fold_system(messages: Sequence[Mapping[str, Any]]) -> list[dict[str, str]]:
    """The conversation as alternating user/model turns, starting with a user turn.

    System texts (anywhere, in order) go before the first user turn's text, separated by a blank line,
    as Gemma 3's template does; consecutive turns of one role are joined, so the roles alternate; a
    conversation that opens with the model's turn gets a user turn holding just the system text.
    Tool and function messages count as user turns (Gemma 3 has no such role)."""
    system = [content_text(m.get("content")).strip() for m in messages if m.get("role") == "system"]
    turns: list[dict[str, str]] = []
    for m in messages:
        role = str(m.get("role") or "user")
        if role == "system":
            continue
        gemma_role = ROLES.get(role, "user")
        text = content_text(m.get("content")).strip()
        if turns and turns[-1]["role"] == gemma_role:
            turns[-1]["content"] = f"{turns[-1]['content']}\n\n{text}".strip()
        else:
            turns.append({"role": gemma_role, "content": text})
    prefix = "\n\n".join(s for s in system if s)
    if not turns or turns[0]["role"] != "user":
        turns.insert(0, {"role": "user", "content": ""})
    if prefix:
        first = turns[0]["content"]
        turns[0]["content"] = f"{prefix}\n\n{first}" if first else prefix
    return turns


def gemma3_prompt(messages: Sequence[Mapping[str, Any]], add_generation_prompt: bool = True) -> str:
    """The prompt text Gemma 3's template makes, without the BOS token (llama.cpp adds it when it
    tokenizes): `<start_of_turn>user\\n...<end_of_turn>\\n` per turn, then the model's turn opened."""
    out = [f"{START}{t['role']}\n{t['content']}{END}\n" for t in fold_system(messages)]
    if add_generation_prompt:
        out.append(f"{START}model\n")
    return "".join(out)


def _register_chat_format() -> None:
    from llama_cpp import llama_chat_format as lcf

    @lcf.register_chat_format(CHAT_FORMAT)
    def _format(messages: list[Any], **_: Any) -> Any:
        return lcf.ChatFormatterResponse(prompt=gemma3_prompt(messages), stop=[END])


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--model", required=True, help="the .gguf file")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--alias", default="gemma-3-270m", help="the model name clients ask for")
    p.add_argument("--n-ctx", type=int, default=8192, help="context window in tokens")
    p.add_argument("--threads", type=int, default=2)
    args = p.parse_args(argv)
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(f"error: this launcher serves on the loopback only, not {args.host}", file=sys.stderr)
        return 2

    import uvicorn
    from llama_cpp.server.app import create_app
    from llama_cpp.server.settings import ModelSettings, ServerSettings

    _register_chat_format()
    model = ModelSettings(
        model=args.model,
        model_alias=args.alias,
        chat_format=CHAT_FORMAT,
        n_ctx=args.n_ctx,
        n_threads=args.threads,
        n_threads_batch=args.threads,
        verbose=False,
    )
    app = create_app(server_settings=ServerSettings(host=args.host, port=args.port), model_settings=[model])
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0


if __name__ == "__main__":
    sys.exit(main())
