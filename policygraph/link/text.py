"""Text features for linking: thesaurus concepts, jieba words and character bigrams.

A text becomes a bag of features, each a string with a one-letter kind prefix:

- ``c:`` a *concept* of the thesaurus (``policygraph/data/thesaurus.csv``): found when the text
  contains the term or any of its expansions as the regulations word it, so a report saying
  ``12345`` and an article saying ``政务服务便民热线`` share ``c:12345``;
- ``w:`` a jieba word of two or more characters (thesaurus forms are added to jieba's dictionary,
  so ``告知承诺制`` stays one word);
- ``g:`` a character bigram inside a run of CJK characters (robust to segmentation errors).

Boilerplate phrases (thesaurus topic ``_boilerplate``: 优化营商环境, 人民政府 ...) are cut out before
words and bigrams are taken, because they occur in most articles and only add noise.

>>> a = Analyzer()
>>> f = a.features("依托12345政务服务便民热线受理投诉")
>>> f["c:12345"], f["w:政务服务便民热线"], f["g:投诉"]
(1, 1, 1)
>>> display("g:投诉")
'投诉'
"""

from __future__ import annotations

import csv
import logging
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..errors import InputError

# Punctuation that separates phrases but is written inconsistently (双随机、一公开 / 双随机一公开,
# “证照分离” / 证照分离): removed before matching thesaurus forms.
_SQUEEZE = re.compile(r"[\s、“”‘’\"'《》〈〉<>·•「」『』]+")
# Words kept from jieba: CJK, ASCII letters and digits, '+' (互联网+监管); bigrams: CJK runs only
# (numbers such as 12345 are whole words, their digit pairs mean nothing).
_RUN = re.compile(r"[\u4e00-\u9fff0-9a-z+]+")
_CJK = re.compile(r"[\u4e00-\u9fff]+")
# Grammatical particles that jieba leaves as one-character tokens: a bigram across them (作的, 对市)
# joins two unrelated words, so they separate bigram runs. Inside words (平等, 可以) they stay.
_FUNCTION_CHARS = frozenset("的和与及等对为在将并或了是以把被于其向由从按给而且也都就所之")

# Topics with a special meaning in the thesaurus (see thesaurus.csv's header comment).
BOILERPLATE = "_boilerplate"
NON_OPERATIVE = "_non_operative"


def normalize(text: str) -> str:
    """NFKC (full-width to ASCII: ，→, ＋→+ ), lower case, no whitespace.

    >>> normalize("互联网＋监管 ，Ａ")
    '互联网+监管,a'
    """
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


def squeeze(text: str) -> str:
    """:func:`normalize`, then drop enumeration commas, quotes and title marks.

    >>> squeeze("“双随机、一公开”")
    '双随机一公开'
    """
    return _SQUEEZE.sub("", normalize(text))


def display(feature: str) -> str:
    """A feature as shown to users: the prefix removed (``c:12345`` -> ``12345``)."""
    return feature[2:] if feature[1:2] == ":" else feature


@dataclass(eq=False)  # hashed by identity: the jieba tokenizer is cached per thesaurus
class Thesaurus:
    """Concepts (term -> surface forms), boilerplate phrases and markers of non-operative articles."""

    concepts: dict[str, tuple[str, ...]] = field(default_factory=dict)  # term -> squeezed forms
    topics: dict[str, str] = field(default_factory=dict)  # term -> topic
    boilerplate: tuple[str, ...] = ()  # squeezed phrases, longest first
    non_operative: tuple[str, ...] = ()  # squeezed phrases marking definition/final articles

    @classmethod
    def load(cls, path: str | Path | None = None) -> Thesaurus:
        """Read ``term,expansions,topic`` rows; expansions are separated by ``|``; ``#`` starts a comment.

        >>> t = Thesaurus.load()
        >>> "政务服务便民热线" in t.concepts["12345"]
        True
        """
        if path is None:
            text = resources.files("policygraph.data").joinpath("thesaurus.csv").read_text("utf-8")
            name = "policygraph/data/thesaurus.csv"
        else:
            name = str(path)
            try:
                text = Path(path).read_text("utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise InputError(path, f"cannot read the thesaurus: {exc}") from exc
        out = cls()
        boiler, nonop = [], []
        lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
        for i, row in enumerate(csv.reader(lines)):
            if i == 0 and row and row[0].strip() == "term":
                continue  # header
            if not row or not row[0].strip():
                raise InputError(name, f"data row {i + 1} has no term")
            term = row[0].strip()
            forms = [term] + [f for f in (row[1].split("|") if len(row) > 1 else []) if f.strip()]
            topic = row[2].strip() if len(row) > 2 else ""
            sq = tuple(dict.fromkeys(squeeze(f) for f in forms if squeeze(f)))
            if topic == BOILERPLATE:
                boiler.extend(sq)
            elif topic == NON_OPERATIVE:
                nonop.extend(sq)
            else:
                prev = out.concepts.get(term, ())
                out.concepts[term] = tuple(dict.fromkeys(prev + sq))
                out.topics[term] = topic
        out.boilerplate = tuple(sorted(set(boiler), key=len, reverse=True))
        out.non_operative = tuple(dict.fromkeys(nonop))
        return out


class Analyzer:
    """Turns texts into feature bags (see the module docstring). Results are cached per text.

    ``bigrams`` / ``words`` / ``concepts`` switch the three feature kinds (for measuring which help).
    """

    def __init__(self, thesaurus: Thesaurus | None = None, *, bigrams: bool = True,
                 words: bool = True, concepts: bool = True):
        self.thesaurus = thesaurus or default_thesaurus()
        self.bigrams, self.words, self.concepts_on = bigrams, words, concepts
        self._boiler = (re.compile("|".join(map(re.escape, self.thesaurus.boilerplate)))
                        if self.thesaurus.boilerplate else None)
        self.features = lru_cache(maxsize=8192)(self._features)

    def concepts(self, text: str) -> dict[str, str]:
        """Thesaurus concepts found in ``text``: term -> the form that matched (first found).

        >>> Analyzer().concepts("推行“双随机、一公开”监管")["双随机一公开"]
        '双随机一公开'
        """
        sq = squeeze(text)
        found = {}
        for term, forms in self.thesaurus.concepts.items():
            for f in forms:
                if f in sq:
                    found[term] = f
                    break
        return found

    def is_non_operative(self, text: str) -> bool:
        """True for definition, purpose and commencement articles (本条例所称, 本条例自…施行 ...)."""
        sq = squeeze(text)
        return any(p in sq for p in self.thesaurus.non_operative)

    def _features(self, text: str) -> Counter:
        feats: Counter = Counter()
        if self.concepts_on:
            for term in self.concepts(text):
                feats["c:" + term] += 1
        norm = normalize(text)
        if self._boiler is not None:
            norm = self._boiler.sub("|", norm)  # a separator: no bigram spans the cut
        tokens = _tokenizer(self.thesaurus).lcut(norm) if (self.words or self.bigrams) else []
        if self.words:
            for w in tokens:
                if len(w) >= 2 and _RUN.fullmatch(w):
                    feats["w:" + w] += 1
        if self.bigrams:
            cut = "".join("|" if t in _FUNCTION_CHARS else t for t in tokens)
            for run in _CJK.findall(cut):
                for i in range(len(run) - 1):
                    feats["g:" + run[i:i + 2]] += 1
        return feats


@lru_cache(maxsize=4)
def _tokenizer(thesaurus: Thesaurus):
    """A private jieba tokenizer (jieba's global one is left alone) knowing the thesaurus forms."""
    import jieba

    logging.getLogger("jieba").setLevel(logging.WARNING)  # no "Building prefix dict" chatter
    tok = jieba.Tokenizer()
    tok.initialize()
    for forms in thesaurus.concepts.values():
        for f in forms:
            if 2 <= len(f) <= 12:
                tok.add_word(f, freq=2000)
    return tok


@lru_cache(maxsize=1)
def default_thesaurus() -> Thesaurus:
    """The packaged thesaurus, read once."""
    return Thesaurus.load()


@lru_cache(maxsize=1)
def default_analyzer() -> Analyzer:
    """One shared analyzer over the packaged thesaurus (its jieba dictionary loads on first use)."""
    return Analyzer()
