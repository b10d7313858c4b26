"""The one field-name matcher: which real column a name written by a person or a model means.

Models shorten column names the way people do: `Weight` for `Weight_in_lbs`, `MPG` for
`Miles_per_Gallon`, `hp` for `Horsepower`, `accel` for `Acceleration`. Edit distance misses all of
these, so the matcher also compares word tokens, initials, prefixes and a few well-known
abbreviations. Every rule must single out exactly one column; a name two columns could mean is left
alone (it is reported, never guessed).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence

#: Common abbreviations, read before the generic rules; some no rule could read (lbs and kg mean a weight).
KNOWN_ABBREVIATIONS: dict[str, str] = {
    "hp": "horsepower", "mpg": "miles per gallon", "lbs": "weight", "lb": "weight", "kg": "weight",
    "wt": "weight", "ht": "height", "no": "number", "qty": "quantity", "amt": "amount", "pct": "percent",
    "yr": "year", "mo": "month", "temp": "temperature", "pop": "population", "gdp": "gross domestic product",
}  # fmt: skip

#: Words that are Vega-Lite or pandas vocabulary, never shortened column names ("count" is not "Country").
RESERVED = frozenset({
    "count", "value", "values", "key", "index", "sum", "mean", "median", "min", "max", "average", "total",
    "variable", "level_0", "density", "prob", "size", "proportion", "row", "column", "x", "y", "data", "id",
})  # fmt: skip

#: Words too common in column names to single one out by themselves.
_STOP = frozenset({"per", "in", "of", "the", "a", "an", "and", "by", "to", "for", "at", "on"})


def normalize(name: str) -> str:
    """Lower case with every non-alphanumeric character removed: 'Miles_per_Gallon' -> 'milespergallon'."""
    return re.sub(r"[^0-9a-z]", "", name.lower())


def tokens(name: str) -> list[str]:
    """Lower-case words of a name, split at separators and camelCase: 'WeightInLbs' -> weight, in, lbs."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", " ", name)
    return [t for t in re.split(r"[^0-9A-Za-z]+", spaced.lower()) if t]


def _content(toks: list[str]) -> list[str]:
    return [t for t in toks if t not in _STOP] or toks


def _initials(toks: list[str]) -> set[str]:
    """'miles per gallon' -> {'mpg', 'mg'}: with and without its small words."""
    return {"".join(t[0] for t in toks), "".join(t[0] for t in _content(toks))}


def _is_subsequence(short: str, word: str) -> bool:
    letters = iter(word)
    return all(c in letters for c in short)


def _fuzzy(key: str, fields: Sequence[str]) -> str | None:
    """A clear typo of one field ('Miles_per_Galon'): close, and clearly closer than the runner-up."""
    scored = sorted(((difflib.SequenceMatcher(None, key, normalize(f)).ratio(), f) for f in fields if normalize(f)),
                    reverse=True)
    if not scored or scored[0][0] < 0.8 or (len(scored) > 1 and scored[0][0] - scored[1][0] < 0.1):
        return None
    return scored[0][1]


def _abbreviation_rules(key: str, words: list[str]) -> list[Callable[[str], bool]]:
    """The rules from strongest to weakest; each says whether a field (by name) fits the short name."""
    expansion = KNOWN_ABBREVIATIONS.get(key)

    def same_words(f: str) -> bool:  # 'miles gallon' -> Miles_per_Gallon
        return len(words) > 1 and _content(words) == _content(tokens(f))

    def known(f: str) -> bool:  # hp -> Horsepower
        return expansion is not None and (normalize(expansion) == normalize(f) or tokens(expansion) == _content(tokens(f))[:len(tokens(expansion))])

    def initials(f: str) -> bool:  # MPG -> Miles_per_Gallon
        return len(key) >= 2 and len(tokens(f)) >= 2 and key in _initials(tokens(f))

    def first_word(f: str) -> bool:  # Weight -> Weight_in_lbs
        return len(tokens(f)) > 1 and normalize(f).startswith(key) and _content(tokens(f))[0] == key

    def any_word(f: str) -> bool:  # Gallon -> Miles_per_Gallon
        return len(key) >= 3 and key in _content(tokens(f))

    def prefix(f: str) -> bool:  # accel -> Acceleration
        return len(key) >= 3 and normalize(f).startswith(key)

    def skeleton(f: str) -> bool:  # dspl -> Displacement: the first letter, then consonants in order
        # vowels after the first letter mean a word, not a shortening ("age" is not Average_Grade)
        return (3 <= len(key) < len(normalize(f)) and key[0] == normalize(f)[0] and not re.search(r"[aeiou]", key[1:])
                and _is_subsequence(key, normalize(f)))

    return [same_words, known, initials, first_word, any_word, prefix, skeleton]


def match_field(name: str, fields: Sequence[str]) -> str | None:
    """The one real field `name` surely means, or None when there is none or several.

    Case, spaces, underscores and punctuation are ignored first; a name that is Vega-Lite vocabulary
    ("count", "value") goes no further; then a clear typo; then shortened forms by word tokens, initials, prefixes and
    known abbreviations. Numbers carry meaning ("sales_2019" vs "sales_2020") and are never changed.
    """
    if name in fields:
        return name
    key = normalize(name)
    if not key:
        return None
    same = [f for f in fields if normalize(f) == key]
    if len(same) == 1:
        return same[0]
    if len(same) > 1:
        return None
    digits = re.findall(r"\d+", key)
    candidates = [f for f in fields if re.findall(r"\d+", normalize(f)) == digits]
    if key in RESERVED or name.strip().lower() in RESERVED:
        return None
    found = _fuzzy(key, fields)
    if found is not None:
        return found if found in candidates else None
    for rule in _abbreviation_rules(key, tokens(name)):
        hits = [f for f in candidates if rule(f)]
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            return None
    return None
