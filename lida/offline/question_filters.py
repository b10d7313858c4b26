"""Read row filters out of a question: "with an order of 2 or higher", "between 3 and 7", "for Germany or Brazil".

A filter is {"field", "op", "value"} with op in eq, neq, gt, gte, lt, lte, in, range (PartialSpec.filters).
Values are found first (numbers, quoted text, capitalised names, values seen in the column samples), grouped
into lists ("9, 15, or 5"), given an operator from the words just before or after them, and tied to the
nearest column mention whose type fits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from lida.offline.lexicon import COMPARISON_PHRASES, STOP_WORDS
from lida.offline.question_fields import Mention, Token, norm_word, strip_accents
from summarizer.model import FieldSummary, Summary

_NUM = re.compile(r"^-?\d+(?:,\d{3})*(?:\.\d+)?$")
_QUOTED = re.compile(r"""(?<![\w])['"‘“]([^'"’”]{1,80})['"’”](?![\w])""")
_CONNECT = frozenset({"or", "and", "nor", ","})
_RANGE_OPEN = ("between", "from", "range of", "ranging from", "within the range of", "in the range of")
#: Words that introduce a filter clause; mentions after them are usually filter subjects only.
CLAUSE_WORDS = frozenset({"for", "where", "with", "whose", "having", "only", "excluding", "except", "among", "including", "in"})


@dataclass(frozen=True)
class Value:
    value: Any  # float for numbers, str otherwise
    start: int  # token index
    end: int  # exclusive
    field_hint: str | None = None  # a column whose samples hold this value


@dataclass(frozen=True)
class Filter:
    field: str
    op: str
    value: Any
    start: int  # token span of the whole clause, for telling filter subjects from chart fields
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.field, "op": self.op, "value": self.value}


def _number(text: str) -> float | None:
    t = text.replace(",", "")
    try:
        return float(t)
    except ValueError:
        return None


def quoted_token_spans(text: str, tokens: list[Token]) -> list[tuple[int, int, str]]:
    """Token index ranges covered by quoted strings, with the quoted text."""
    out = []
    for m in _QUOTED.finditer(text):
        idx = [i for i, t in enumerate(tokens) if t.start >= m.start(1) and t.end <= m.end(1)]
        if idx:
            out.append((idx[0], idx[-1] + 1, m.group(1).strip()))
    return out


def _sample_index(summary: Summary) -> dict[str, list[tuple[str, str]]]:
    """Normalised text of every known value -> [(field, original value)]."""
    idx: dict[str, list[tuple[str, str]]] = {}
    for f in summary.fields:
        if f.numeric is not None:
            continue
        seen = [*f.samples, *(tv.value for tv in f.top_values)]
        for v in seen:
            if isinstance(v, str) and v.strip() and not _NUM.match(v.strip()):
                key = " ".join(norm_word(w) for w in re.findall(r"\w+", v))
                if key:
                    idx.setdefault(key, []).append((f.name, v))
    return idx


_DEMONYM_ENDINGS = (("ean", "e"), ("ese", ""), ("ian", "a"), ("an", ""), ("n", ""))


def _demonym_base(word: str, index: dict[str, list[tuple[str, str]]]) -> str | None:
    """"european" for the value Europe, "japanese" for Japan: the value a people-word names, if the table has it."""
    if len(word) < 5:
        return None
    for ending, base in _DEMONYM_ENDINGS:
        if word.endswith(ending):
            key = word[: -len(ending)] + base
            if len(key) >= 4 and key in index:
                return key
    return None


def find_values(text: str, tokens: list[Token], summary: Summary, taken: set[int]) -> list[Value]:
    """Every literal value in the question, in order. `taken` token indexes belong to column mentions."""
    values: list[Value] = []
    used: set[int] = set()
    index = _sample_index(summary)
    for i, j, raw in quoted_token_spans(text, tokens):
        num = _number(raw)
        known = index.get(" ".join(t.norm for t in tokens[i:j]))  # 'Europe' in quotes is still Origin's value
        values.append(Value(num if num is not None else (known[0][1] if known else raw), i, j,
                            known[0][0] if known and num is None else None))
        used.update(range(i, j))
    if index:
        longest = max(len(k.split()) for k in index)
        i = 0
        while i < len(tokens):
            hit = None
            for n in range(min(longest, len(tokens) - i), 0, -1):
                if any(k in used for k in range(i, i + n)):
                    continue
                key = " ".join(t.norm for t in tokens[i:i + n])
                if key in index and not (n == 1 and tokens[i].text in STOP_WORDS):
                    hit = (n, index[key][0])
                    break
            if hit is None and tokens[i].text not in STOP_WORDS and i not in taken:
                base = _demonym_base(tokens[i].norm, index)
                if base is not None:
                    hit = (1, index[base][0])
            if hit:
                n, (fname, original) = hit
                values.append(Value(original, i, i + n, fname))
                used.update(range(i, i + n))
                i += n
            else:
                i += 1
    for i, t in enumerate(tokens):
        if i in used or i in taken:
            continue
        if _NUM.match(t.text):
            num = _number(t.text)
            if num is not None:
                values.append(Value(num, i, i + 1))
                used.add(i)
    # Capitalised names not at the start of the question ("for Germany, Brazil"): likely category values.
    i = 1
    while i < len(tokens):
        t = tokens[i]
        raw = text[t.start:t.end]
        if i in used or i in taken or not raw[:1].isupper() or raw.lower() in STOP_WORDS:
            i += 1
            continue
        j = i + 1
        while j < len(tokens) and j not in used and j not in taken and text[tokens[j].start:tokens[j].end][:1].isupper():
            j += 1
        values.append(Value(text[tokens[i].start:tokens[j - 1].end], i, j))
        used.update(range(i, j))
        i = j
    values.sort(key=lambda v: v.start)
    return values


def _groups(values: list[Value], tokens: list[Token]) -> list[list[Value]]:
    """Values joined by commas, "or", "and" into lists."""
    groups: list[list[Value]] = []
    for v in values:
        if groups:
            prev = groups[-1][-1]
            between = [t.text for t in tokens[prev.end:v.start]]
            same_kind = isinstance(prev.value, float) == isinstance(v.value, float)
            if same_kind and len(between) <= 2 and all(w in _CONNECT or w == "the" for w in between):
                groups[-1].append(v)
                continue
        groups.append([v])
    return groups


def _phrase_before(tokens: list[Token], start: int, width: int = 6) -> tuple[str | None, int]:
    """The comparison phrase ending right before token `start` (skipping a few filler words)."""
    lo = max(0, start - width)
    words = [t.text for t in tokens[lo:start]]
    best: tuple[str | None, int] = (None, start)
    for n in range(len(words), 0, -1):
        for a in range(0, len(words) - n + 1):
            phrase = " ".join(words[a:a + n])
            rest = words[a + n:]
            fits = phrase in COMPARISON_PHRASES and all(w in ("the", "a", "an", "than", "to", "of", "$") for w in rest)
            if fits and (best[0] is None or len(phrase) > len(best[0])):
                best = (phrase, lo + a)
    return best


_SYMBOLS = ((">=", "gte"), ("=>", "gte"), ("≥", "gte"), ("<=", "lte"), ("=<", "lte"), ("≤", "lte"), (">", "gt"),
            ("<", "lt"), ("!=", "neq"), ("≠", "neq"), ("==", "eq"), ("=", "eq"))
_LESS_ER = frozenset({"lighter", "smaller", "lower", "fewer", "less", "younger", "cheaper", "shorter", "slower",
                      "earlier", "worse", "weaker", "thinner", "narrower", "colder", "cooler", "lesser"})


def _symbol_before(text: str, tokens: list[Token], start: int) -> str | None:
    """"> 100", ">= 3": the comparison sign written just before the value (the tokenizer drops signs)."""
    lo = tokens[start - 1].end if start > 0 else 0
    gap = text[lo:tokens[start].start].strip()
    for sign, op in _SYMBOLS:
        if gap.endswith(sign):
            return op
    return None


def _comparative_before(words: list[str], start: int) -> str | None:
    """"heavier than 3000", "younger than 30": a comparative adjective and "than" before the value."""
    if start >= 2 and words[start - 1] == "than" and words[start - 2].endswith("er"):
        return "lt" if words[start - 2] in _LESS_ER else "gt"
    return None


def _phrase_after(tokens: list[Token], end: int) -> tuple[str | None, int]:
    words = [t.text for t in tokens[end:end + 4]]
    for n in range(len(words), 0, -1):
        phrase = " ".join(words[:n])
        if phrase in COMPARISON_PHRASES and phrase.split()[0] in ("or", "and"):
            return phrase, end + n
    return None, end


def _fits(f: FieldSummary, value: Any) -> bool:
    if isinstance(value, float):
        if f.numeric is not None:
            return True
        return any(_NUM.match(str(s).strip()) for s in f.samples) or f.temporal is not None
    return f.numeric is None


def _year_in(lo: str, hi: str, year: float) -> bool:
    try:
        return int(str(lo)[:4]) <= year <= int(str(hi)[:4])
    except ValueError:
        return False


def _pick_field(summary: Summary, mentions: list[Mention], group: list[Value], start: int,
                words: list[str] | None = None) -> str | None:
    hints = {v.field_hint for v in group if v.field_hint}
    if len(hints) == 1:
        return hints.pop()
    value = group[0].value
    if words is not None and isinstance(value, float) and value.is_integer() and 1000 <= value <= 2200 \
            and start > 0 and words[start - 1] in ("in", "during", "since", "from", "before", "after", "until"):
        years = [f for f in summary.fields if f.temporal is not None and "datetime" in f.dtype
                 and _year_in(f.temporal.min, f.temporal.max, value)]
        if len(years) == 1:
            return years[0].name  # "in 1970": a year of the date column, not a weight of 1970
    before = [m for m in mentions if m.end <= start and start - m.end <= 10]
    after = [m for m in mentions if m.start >= group[-1].end and m.start - group[-1].end <= 3]
    adjacent = [m for m in after if m.start - group[-1].end <= 1]  # "4 cylinders"
    for m in [*adjacent, *reversed(before), *after]:
        for name, _ in m.candidates:
            if _fits(summary.field(name), value):
                return name
    if isinstance(value, float):  # a number nobody named: the one numeric column whose range holds it
        fits = [f.name for f in summary.fields if f.numeric is not None
                and f.numeric.min <= value <= f.numeric.max]
        if len(fits) == 1:
            return fits[0]
        times = [f for f in summary.fields if f.temporal is not None and "datetime" in f.dtype]
        if not fits and value.is_integer() and 1000 <= value <= 2200 and len(times) == 1 \
                and times[0].temporal is not None and _year_in(times[0].temporal.min, times[0].temporal.max, value):
            return times[0].name  # "in 2008": the year of the one date column
    return None


def find_filters(text: str, tokens: list[Token], summary: Summary, mentions: list[Mention],
                 ignore: frozenset[int] = frozenset()) -> list[Filter]:
    """Filters in question order. `ignore` holds token indexes that are not values (the 5 of "top 5")."""
    taken = {k for m in mentions for k in range(m.start, m.end)} | set(ignore)
    values = find_values(text, tokens, summary, taken)
    out: list[Filter] = []
    words = [t.text for t in tokens]
    for group in _groups(values, tokens):
        start, end = group[0].start, group[-1].end
        field = _pick_field(summary, mentions, group, start, words)
        if field is None:
            continue
        f = summary.field(field)
        nums = [v.value for v in group if isinstance(v.value, float)]
        if f.numeric is not None and nums:
            nums = [int(n) if float(n).is_integer() and f.dtype.startswith("int") else n for n in nums]
        phrase, clause_start = _phrase_before(tokens, start)
        after, clause_end = _phrase_after(tokens, end)
        lead = " ".join(words[max(0, start - 5):start])
        is_range = len(group) == 2 and isinstance(group[0].value, float) and (
            any(o in lead for o in _RANGE_OPEN) or words[group[0].end:group[1].start] == ["to"])
        if is_range or (len(nums) == 2 and any(o in lead for o in _RANGE_OPEN)):
            out.append(Filter(field, "range", sorted(nums), max(0, start - 5), end))
            continue
        if len(group) == 1 and start + 2 < len(tokens) and words[start + 1] in ("to", "and") and _NUM.match(words[start + 2]) \
                and any(o in lead for o in _RANGE_OPEN):
            continue  # handled as a pair
        op = None
        symbol = _symbol_before(text, tokens, start)
        if phrase is None and nums:
            phrase_op = _comparative_before(words, start)
            if phrase_op is not None:
                symbol = symbol or phrase_op
                clause_start = start - 2  # "heavier than" belongs to the filter
        if symbol is not None and nums:
            op = symbol
        elif after is not None:
            op = COMPARISON_PHRASES[after]
        elif phrase is not None and phrase not in ("of", "is", "are") and nums:
            op = COMPARISON_PHRASES[phrase]
        elif phrase in ("not", "except", "excluding", "other than"):
            op = "neq"
        vals = nums if (f.numeric is not None and nums) else [v.value for v in group]
        if op in ("gt", "gte", "lt", "lte") and len(vals) == 1:
            out.append(Filter(field, op, vals[0], min(clause_start, start), max(clause_end, end)))
        elif op == "neq":
            out.append(Filter(field, "neq", vals[0] if len(vals) == 1 else vals, min(clause_start, start), end))
        elif len(vals) == 1 and f.temporal is not None and isinstance(vals[0], float):
            out.append(Filter(field, "eq", int(vals[0]), start, end))
        else:
            out.append(Filter(field, "in" if len(vals) > 1 else "eq", vals if len(vals) > 1 else vals[0],
                              min(clause_start, start), end))
    return out


def ascii_fold(text: str) -> str:
    return strip_accents(text).lower()
