"""draco: our Answer Set Programming knowledge base of visualization design, solved with clingo."""

from draco.core import Draco
from draco.errors import DracoError
from draco.model import Completion, ConstraintDoc, Preference, Score, Violation
from draco.partial import EncodingHint, PartialSpec
from draco.schema import DataSchema, FieldSchema
from draco.vegalite import to_facts, to_vegalite

__all__ = [
    "Completion",
    "ConstraintDoc",
    "DataSchema",
    "Draco",
    "DracoError",
    "EncodingHint",
    "FieldSchema",
    "PartialSpec",
    "Preference",
    "Score",
    "Violation",
    "to_facts",
    "to_vegalite",
]
