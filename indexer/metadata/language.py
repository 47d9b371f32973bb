"""The language of a communiqué (fr, en, de, es, nl, it, pt, or another language written in its own script),
from its text.

`<html lang>` is only a hint: archives copy the site's default onto every page,
English, German and Russian communiqués included. Two signals decide:

- the script of the letters: a page most of whose letters are Cyrillic, Greek,
  Arabic, Han... is in the language of that script (ru or uk, el, ar, zh...).
  Quoted names and words ("Сергей Лавров", « السلام ») are a small share of a
  French communiqué's letters and do not change its language;
- for pages in Latin letters, function words ("le", "the", "der"): frequent in
  any text and specific to one language, so a plain count decides.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache
from itertools import chain

from indexer.metadata.text import sentence_words, split_sentences

# Frequent words of each language, none shared with another list ("a", "in", "die" are left out).
FUNCTION_WORDS = {
    # (not « la », « que », « un », « entre », « son », « sera »: as frequent in Spanish, Italian or Portuguese)
    "fr": frozenset("""le les du des et au aux une est dans pour par sur qui avec ont ete ses sa leur
        ce cette ces il elle ils ne pas plus lors ainsi aussi tout tous sont deux notre nous
        vous""".split()),
    "en": frozenset("""the of and to is that for with as by at were has have from this be it its are which
        their his her will would been who not or after between our we two""".split()),
    "de": frozenset("""der das und den dem zu im mit von ist ein eine einen einer fur auf nicht sich bei am wurde
        wird auch als aus nach sowie uber dass zur zum sind hat haben beiden seinen ihre unsere wir""".split()),
    # Partners' pages the ministry republishes. Words two of these languages share (« con », « por », « se »,
    # « una », « del ») or that French texts use (« mais », « il ») are left out.
    "es": frozenset("""el los las y fue han tambien segun muy hay su sus dijo cual cuando asi""".split()),
    "nl": frozenset("""het een van op dat met voor zijn niet aan bij ook naar worden wordt door heeft hebben deze
        dit werd hun ons wij zal geen maar""".split()),
    "it": frozenset("""di che della delle degli nel nella sono anche gli alla dalla questo questa dopo tra per piu
        stato essere non""".split()),
    "pt": frozenset("""os em um uma nao com pelo pela ao aos foi tambem seu sua seus suas ainda""".split()),
}
# Function word -> its language: one lookup a word (the lists share no word; a test checks it).
_LANGUAGE_OF = {word: lang for lang, vocabulary in FUNCTION_WORDS.items() for word in vocabulary}
DEFAULT = "fr"
MIN_EVIDENCE = 3      # function words needed before the count overrules the page's hint

# Scripts written by (mostly) one language; "cjk" (Han, kana, Hangul) and "cyrillic" are told apart below.
SCRIPT_LANGUAGES = {"greek": "el", "arabic": "ar", "hebrew": "he", "armenian": "hy", "georgian": "ka", "thai": "th"}
UNDETERMINED = "und"  # most letters in a script this table does not name (Devanagari, Ethiopic...)
MIN_SCRIPT_LETTERS = 20   # letters of another script needed before they decide
FOREIGN_SHARE = 0.5       # share of the letters that must be in scripts other than Latin
KANA_SHARE = 0.1          # Japanese mixes kanji and kana; Chinese has no kana
UKRAINIAN_ONLY = frozenset("іїєґІЇЄҐ")
RUSSIAN_ONLY = frozenset("ыэъёЫЭЪЁ")

_LETTER = re.compile(r"[^\W\d_]")
_LATIN_BLOCKS = "\x00-\u02ff\u1e00-\u1eff"     # Basic Latin to Spacing Modifier Letters, Latin Extended Additional
_FOREIGN_LETTER = re.compile(r"[^\W\d_" + _LATIN_BLOCKS + "]")
_LATIN_CHAR = re.compile("[" + _LATIN_BLOCKS + "]")


@lru_cache(maxsize=8192)
def script(letter: str) -> str:
    """'latin', 'cyrillic', 'han', 'kana', 'hangul', 'greek'... from the letter's Unicode name."""
    if _LATIN_CHAR.match(letter):
        return "latin"      # ª, º, µ and ʼ too: the Latin blocks hold them
    name = unicodedata.name(letter, "")
    if "HIRAGANA" in name or "KATAKANA" in name:
        return "kana"
    if name.startswith(("CJK", "IDEOGRAPHIC")):
        return "han"
    if name.startswith("FULLWIDTH LATIN"):
        return "latin"
    first = name.split(" ", 1)[0]
    return first.lower() if first else "other"


def script_language(text: str) -> str | None:
    """The language of a text written mostly in letters other than Latin ones; None for a Latin text."""
    found = _FOREIGN_LETTER.findall(text)
    if len(found) < MIN_SCRIPT_LETTERS:
        return None
    letters = Counter(found)
    scripts = Counter()
    for letter, n in letters.items():
        scripts[script(letter)] += n
    foreign = len(found) - scripts.pop("latin", 0)
    if foreign < MIN_SCRIPT_LETTERS or foreign <= FOREIGN_SHARE * len(_LETTER.findall(text)):
        return None
    groups = Counter({"cjk": scripts["han"] + scripts["kana"] + scripts["hangul"]})
    for name, n in scripts.items():
        if name not in ("han", "kana", "hangul"):
            groups[name] += n
    group = groups.most_common(1)[0][0]
    if group == "cjk":
        if scripts["hangul"] >= scripts["han"] + scripts["kana"]:
            return "ko"
        return "ja" if scripts["kana"] >= KANA_SHARE * groups["cjk"] else "zh"
    if group == "cyrillic":
        ukrainian = sum(n for letter, n in letters.items() if letter in UKRAINIAN_ONLY)
        russian = sum(n for letter, n in letters.items() if letter in RUSSIAN_ONLY)
        return "uk" if ukrainian > russian else "ru"
    return SCRIPT_LANGUAGES.get(group, UNDETERMINED)


def detect_language(text: str, hint: str | None = None) -> str:
    foreign = script_language(text)
    if foreign:
        return foreign
    # words(text), read sentence by sentence (Text has just read most of these sentences), and counted
    # without a Python loop
    sentences = chain.from_iterable(map(split_sentences, text.split("\n")))
    counts = Counter(filter(None, map(_LANGUAGE_OF.get, chain.from_iterable(map(sentence_words, sentences)))))
    if counts:
        lang, n = counts.most_common(1)[0]
        if n >= MIN_EVIDENCE:
            return lang
    return hint if hint in FUNCTION_WORDS else DEFAULT
