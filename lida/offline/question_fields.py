"""Find the columns a plain-words question talks about.

Column names come as snake_case, camelCase, "with spaces", dotted, abbreviated ("authid") or non-ASCII; people
write "author ID", "authors", "identifier". A question span matches a column by word overlap (exact, singular,
synonym, abbreviation prefix, small typos) and by spelling the column out of word prefixes ("inst" + "id").
Mentions that fit several columns about equally keep them all, so the parser can offer each reading.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from lida.offline.lexicon import STOP_WORDS, SYNONYMS

#: A span must score at least this much against a column to count as a mention of it.
MIN_SCORE = 0.5
#: Columns within this much of the best score of a mention stay as alternative readings.
AMBIGUITY_MARGIN = 0.08
MAX_SPAN = 5
_ID_WORDS = frozenset({"id", "no", "num", "code", "cd", "key"})

_WORD = re.compile(r"\d+(?:[.,]\d+)*(?:\.\d+)?|[^\W\d_]+|\d+", re.UNICODE)


@dataclass(frozen=True)
class Token:
    text: str  # lower case, accents kept
    norm: str  # singular, accents stripped
    start: int  # character offsets in the question
    end: int


@dataclass(frozen=True)
class Mention:
    """A question span read as a column; `candidates` are (field, score), best first."""

    start: int  # token index
    end: int  # exclusive
    candidates: tuple[tuple[str, float], ...]
    weak: bool = False  # "students" for student_id: maybe the column, maybe just the rows being counted

    @property
    def field(self) -> str:
        return self.candidates[0][0]

    @property
    def score(self) -> float:
        return self.candidates[0][1]


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def singular(word: str) -> str:
    """A cheap English singular: enough to match "authors" with "author" and "entries" with "entry"."""
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes", "zes")):
        return word[:-2]
    if word.endswith(("ss", "us", "is", "ics", "ous")):
        return word
    if word.endswith("s"):
        return word[:-1]
    return word


def norm_word(word: str) -> str:
    return singular(strip_accents(word.lower()))


def tokenize(text: str) -> list[Token]:
    return [Token(m.group().lower(), norm_word(m.group()), m.start(), m.end()) for m in _WORD.finditer(text)]


@lru_cache(maxsize=4096)
def field_words(name: str) -> tuple[str, ...]:
    """The words of a column name: snake_case, camelCase, dotted, spaced and letter/digit runs split apart."""
    text = re.sub(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", " ", name)
    return tuple(norm_word(w) for w in _WORD.findall(text) if w)


def _forms(word: str) -> tuple[str, ...]:
    """A question word and what it may stand for in a column name."""
    out = [word]
    for key in {word, singular(word)}:
        out.extend(norm_word(s) for s in SYNONYMS.get(key, ()))
    return tuple(dict.fromkeys(out))


def word_match(q: str, f: str) -> float:
    """How well question word `q` (normalised) matches column word `f`."""
    if q == f:
        return 1.0
    if f in _forms(q) or q in _forms(f):
        return 0.9
    if len(f) >= 3 and q.startswith(f):  # "auth" for "author"
        return 0.8
    if len(q) >= 3 and f.startswith(q):  # "temp" for "temperature"
        return 0.75
    if len(q) >= 5 and len(f) >= 5 and SequenceMatcher(None, q, f).ratio() >= 0.84:  # typos
        return 0.8
    common = next((i for i, (a, b) in enumerate(zip(q, f, strict=False)) if a != b), min(len(q), len(f)))
    if common >= 5 and common >= 0.7 * min(len(q), len(f)):  # "director" and "directed"
        return 0.7
    return 0.0


def _spell(compact: str, forms: list[tuple[str, ...]], i: int = 0, used: int = 0) -> int:
    """Most span words whose prefixes, in order, spell `compact` exactly; -1 when impossible."""
    if not compact:
        return used
    if i == len(forms):
        return -1
    best = _spell(compact, forms, i + 1, used)  # skip this word
    for form in forms[i]:
        for n in range(min(len(form), len(compact)), 0, -1):
            if compact.startswith(form[:n]):
                got = _spell(compact[n:], forms, i + 1, used + 1)
                best = max(best, got)
                break
    return best


def span_score(words: list[str], name: str) -> float:
    """Score a span of normalised question words against a column name, 0..1."""
    fw = field_words(name)
    if not fw or not words:
        return 0.0
    compact = "".join(fw)
    if len(words) == 1 and len(fw) >= 2 and len(words[0]) == len(fw) and all(
            w.isalpha() for w in fw) and words[0] == "".join(w[0] for w in fw):
        return 0.88  # an acronym: "mpg" for Miles_per_Gallon
    spelled = 0.0
    if len(fw) == 1 and len(words) > 1 and _spell(compact, [_forms(q) for q in words]) == len(words):
        spelled = 0.92 if len(compact) > 4 else 0.85  # "inst"+"id", "f"+"name", "s"+"s"+"n"
    joined = "".join(words)
    if len(fw) == 1 and len(joined) >= 5 and joined in compact and joined != compact:
        spelled = max(spelled, 0.5 + 0.4 * len(joined) / len(compact))  # "postal code" in billingpostalcode
    if all(w in _ID_WORDS or "id" in _forms(w) for w in words) and fw[-1] in _ID_WORDS:
        return max(spelled, 0.55)  # "the identifiers": any identifier column, equally
    best_f = [max(word_match(q, f) for q in words) for f in fw]
    best_q = [max(word_match(q, f) for f in fw) for q in words]
    if min(best_q) == 0.0:
        return spelled  # every span word must belong to the column
    # id-like trailing words matter less: "claim" alone still names claim_id.
    weights = [0.35 if f in ("id", "no", "num", "code", "cd") and len(fw) > 1 else 1.0 for f in fw]
    f_cov = sum(w * b for w, b in zip(weights, best_f, strict=True)) / sum(weights)
    q_cov = sum(best_q) / len(best_q)
    return max(spelled, 0.65 * f_cov + 0.35 * q_cov)


def _id_unsaid(name: str, words: list[str]) -> bool:
    """True when the column is an identifier ("student_id") but the span never says so ("students")."""
    fw = field_words(name)
    if len(fw) < 2 or fw[-1] not in _ID_WORDS or fw[-1] in ("code", "cd"):  # "status" is what status_code holds
        return False
    return not any(word_match(w, fw[-1]) > 0 for w in words)


def _in_name(word: str, name: str) -> bool:
    return word in "".join(field_words(name)) or any(word_match(word, f) > 0 for f in field_words(name))


def _is_stop(t: Token) -> bool:
    return t.text in STOP_WORDS or t.norm in STOP_WORDS


def find_mentions(tokens: list[Token], names: list[str], skip: frozenset[int] = frozenset()) -> list[Mention]:
    """Non-overlapping spans read as columns, in question order. `skip` holds token indexes not to use."""
    scored: list[tuple[float, int, int, list[tuple[str, float]]]] = []
    exact = {n.lower(): n for n in names}
    for i in range(len(tokens)):
        for j in range(i + 1, min(len(tokens), i + MAX_SPAN) + 1):
            if any(k in skip for k in range(i, j)):
                break
            span = tokens[i:j]
            words = [t.norm for t in span]
            raw = " ".join(t.text for t in span)
            cands: list[tuple[str, float]] = []
            all_stop = all(_is_stop(t) for t in span)
            for name in names:
                if exact.get(raw) == name:
                    cands.append((name, 1.0))
                    continue
                if all_stop:
                    continue
                # a stop word can only open or close a span when the column really has that word
                if _is_stop(span[0]) and not _in_name(words[0], name):
                    continue
                if _is_stop(span[-1]) and not _in_name(words[-1], name):
                    continue
                s = span_score(words, name)
                if s >= MIN_SCORE:
                    cands.append((name, s))
            if cands:
                cands.sort(key=lambda c: -c[1])
                scored.append((cands[0][1], i, j, cands))
    # best score first; longer spans win ties because they explain more of the question
    scored.sort(key=lambda s: (-round(s[0], 3), -(s[2] - s[1]), s[1]))
    taken: set[int] = set()
    out: list[Mention] = []
    for best, i, j, cands in scored:
        if any(k in taken for k in range(i, j)):
            continue
        taken.update(range(i, j))
        alts = tuple((n, round(s, 3)) for n, s in cands if s >= best - AMBIGUITY_MARGIN)[:4]
        words = [t.norm for t in tokens[i:j]]
        out.append(Mention(i, j, alts, all(_id_unsaid(n, words) for n, _ in alts)))
    out.sort(key=lambda m: m.start)
    return out
