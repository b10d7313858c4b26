"""The one error type draco raises for bad input (unknown mark or channel, missing field, bad JSON)."""


class DracoError(ValueError):
    """Bad input to the knowledge base. The message names the problem in one line."""
