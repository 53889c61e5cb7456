"""Italian articles, articulated prepositions and agreement, for words that come from the data.

The report's nouns (the axis word, the beneficiaries, the programme's short name) are chosen
by the people who edit the data, so the articles in front of them cannot be written in code:
"delle imprese", "dei destinatari", "degli enti", "agli assi", "alle priorità". The rules
are those of standard Italian: the article depends on the gender, the number and the first
sound of the word that follows it, a figure included ("i 764", "gli 80", "gli 11").
"""

from __future__ import annotations

import re
from typing import Literal

Gender = Literal["m", "f"]
Preposition = Literal["di", "a", "da", "in", "su"]

_VOWELS = "aeiouàèéìíòóùú"
# The stem each preposition takes when it merges with an article: di + il = "del".
_PREP_STEM = {"di": "de", "a": "a", "da": "da", "in": "ne", "su": "su"}
_APOSTROPHE = "’"  # the typographic apostrophe of the documents' other texts
_LEADING_NUMBER = re.compile(r"\d{1,3}(?:\.\d{3})+|\d+")
# Numbers (under a hundred) whose Italian word starts with a vowel: uno, otto, undici, ottanta.
_VOWEL_NUMBERS = frozenset({1, 8, 11, *range(80, 90)})


def _number_starts_with_vowel(n: int) -> bool:
    """Whether the Italian word for ``n`` starts with a vowel ('ottocento', 'undicimila')."""
    for size in (10**9, 10**6, 10**3):
        if n >= size:
            lead = n // size
            if size == 10**3 and lead == 1:
                return False  # "mille"
            return _number_starts_with_vowel(lead)  # "un milione", "ottomila"
    if n >= 100:
        return n // 100 == 8  # "cento", "duecento", ... "ottocento"
    return n in _VOWEL_NUMBERS


def _initial(text: str) -> Literal["vowel", "special", "consonant"]:
    """The first sound of ``text`` as articles see it: a vowel (l’, gli), an 's' followed by a
    consonant, 'z', 'gn', 'ps', 'pn', 'x', 'y' or a semivowel 'i' (lo, gli), or another
    consonant (il, i)."""
    number = _LEADING_NUMBER.match(text)
    if number:
        value = int(number.group().replace(".", ""))
        return "vowel" if _number_starts_with_vowel(value) else "consonant"
    word = text.lower()
    if not word:
        return "consonant"
    first, second = word[0], word[1:2]
    if first == "h" and second and second in _VOWELS:
        return "vowel"  # "l’hotel"
    if first == "i" and second and second in _VOWELS:
        return "special"  # "lo iato", "gli ioni"
    if first in _VOWELS:
        return "vowel"
    if first in "zxy" or word[:2] in ("gn", "ps", "pn"):
        return "special"
    if first == "s" and second and second not in _VOWELS:
        return "special"
    return "consonant"


def article(following: str, gender: Gender, plural: bool) -> str:
    """The definite article before ``following``: 'il', 'lo', 'l’', 'i', 'gli', 'la', 'le'.

    An elided article ('l’') is returned with its apostrophe and joins the next word with no
    space (see ``with_article``).
    """
    sound = _initial(following)
    if gender == "f":
        return "le" if plural else (f"l{_APOSTROPHE}" if sound == "vowel" else "la")
    if plural:
        return "i" if sound == "consonant" else "gli"
    return {"vowel": f"l{_APOSTROPHE}", "special": "lo", "consonant": "il"}[sound]


def _merge(preposition: Preposition, art: str) -> str:
    """di + il = 'del', a + gli = 'agli', su + l’ = 'sull’'."""
    stem = _PREP_STEM[preposition]
    if art in ("i", "gli"):
        return stem + art
    if art == "il":
        return stem + "l"
    return stem + "l" + art  # lo -> dello, la -> della, le -> delle, l’ -> dell’


def with_article(
    phrase: str,
    gender: Gender,
    plural: bool,
    preposition: Preposition | None = None,
    *,
    capital: bool = False,
) -> str:
    """``phrase`` with its article, merged with ``preposition`` when given.

    with_article("imprese beneficiarie", "f", True, "di") == "delle imprese beneficiarie";
    with_article("enti", "m", True, "di") == "degli enti";
    with_article("Asse", "m", False, "di") == "dell’Asse";
    with_article("764 destinatari", "m", True) == "i 764 destinatari".
    """
    art = article(phrase, gender, plural)
    if preposition is not None:
        art = _merge(preposition, art)
    if capital:
        art = art[:1].upper() + art[1:]
    joiner = "" if art.endswith(_APOSTROPHE) else " "
    return f"{art}{joiner}{phrase}"


def agree(stem: str, gender: Gender, plural: bool) -> str:
    """A regular adjective or participle agreeing with a noun: agree('riportat', 'f', True)
    == 'riportate'."""
    ending = {("m", False): "o", ("m", True): "i", ("f", False): "a", ("f", True): "e"}
    return stem + ending[(gender, plural)]


def all_of(phrase: str, gender: Gender) -> str:
    """'Tutte le 764 imprese', 'Tutti i 764 destinatari', 'Tutti gli 80 enti'."""
    word = "Tutte" if gender == "f" else "Tutti"
    return f"{word} {with_article(phrase, gender, True)}"


def capitalise(text: str) -> str:
    """The first letter in upper case, the rest unchanged ('imprese beneficiarie' ->
    'Imprese beneficiarie'; 'PR FSE+' stays as it is)."""
    return text[:1].upper() + text[1:]
