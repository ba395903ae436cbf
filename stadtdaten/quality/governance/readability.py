"""German readability: Amstad's adaptation of the Flesch reading ease (1978).

``180 - ASL - 58.5 * ASW`` with ASL = words per sentence and ASW = syllables per word; 0-30 very hard,
60-70 standard, > 80 easy. Syllables are counted as vowel groups, with the German diphthongs counted once.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[A-Za-zÄÖÜäöüß]+")
_SENTENCE = re.compile(r"[.!?:;]+(?:\s|$)")
_VOWEL_GROUP = re.compile(r"(?:ei|ie|au|eu|äu|ai|ey|ay)|[aeiouyäöü]", re.IGNORECASE)


def syllables(word: str) -> int:
    return max(1, len(_VOWEL_GROUP.findall(word)))


def amstad(text: str) -> float | None:
    words = _WORD.findall(text)
    if len(words) < 5:
        return None
    sentences = max(1, len([s for s in _SENTENCE.split(text) if _WORD.search(s)]))
    asl = len(words) / sentences
    asw = sum(syllables(w) for w in words) / len(words)
    return round(180 - asl - 58.5 * asw, 1)


GERMAN_WORDS = {
    "der",
    "die",
    "das",
    "und",
    "ist",
    "ein",
    "eine",
    "mit",
    "von",
    "für",
    "im",
    "in",
    "den",
    "des",
    "zu",
    "auf",
    "wird",
    "nach",
    "bei",
    "oder",
    "als",
    "je",
    "pro",
    "anzahl",
    "datum",
    "jahr",
    "wert",
}
ENGLISH_WORDS = {
    "the",
    "and",
    "of",
    "is",
    "a",
    "an",
    "with",
    "for",
    "to",
    "in",
    "on",
    "by",
    "which",
    "this",
    "that",
    "are",
    "number",
    "date",
    "year",
    "value",
    "per",
}


def looks_english(text: str) -> bool:
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < 3:
        return False
    english = sum(w in ENGLISH_WORDS for w in words)
    german = sum(w in GERMAN_WORDS for w in words)
    umlauts = any(c in text for c in "äöüßÄÖÜ")
    return english >= 2 and english > german and not umlauts
