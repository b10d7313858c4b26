"""Errors a user can act on. The CLI prints them as one line, never a traceback."""


class LidaError(Exception):
    """Base for errors raised by lida with a message meant for the user."""


class LLMError(LidaError):
    """The language model could not be reached or gave no usable answer."""


class SandboxError(LidaError):
    """The sandbox itself failed (not the chart code)."""
