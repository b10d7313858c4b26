"""The one error type the summarizer raises for bad input."""


class SummarizerError(ValueError):
    """Bad input. The message is one line naming the file and the reason."""
