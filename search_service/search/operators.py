"""French search operators beside the English ones: OU, ET, SAUF, titre:, texte: and « guillemets ».

They are rewritten to the English syntax the parser reads, outside phrases only
(« la France et l'OTAN » keeps its words). Only upper-case OU, ET and SAUF are
operators, as OR, AND and NOT are: lower-case « et » stays an ordinary word.
"""
from __future__ import annotations

import re

FRENCH_OPERATORS = {"OU": "OR", "ET": "AND", "SAUF": "NOT"}
FRENCH_FIELDS = {"titre": "title", "texte": "body"}
_OPERATOR = re.compile(r"(?<![\w:])(%s)(?![\w:])" % "|".join(FRENCH_OPERATORS))
_FIELD = re.compile(r"(?<![\w:])(%s):" % "|".join(FRENCH_FIELDS), re.IGNORECASE)
_GUILLEMETS = re.compile(r"«[\s\u00a0\u202f]*|[\s\u00a0\u202f]*»")


def to_english_syntax(q: str) -> str:
    text = _GUILLEMETS.sub('"', q)
    segments = text.split('"')
    for i in range(0, len(segments), 2):          # even segments are outside quotes
        segment = _OPERATOR.sub(lambda m: FRENCH_OPERATORS[m.group(1)], segments[i])
        segments[i] = _FIELD.sub(lambda m: FRENCH_FIELDS[m.group(1).lower()] + ":", segment)
    return '"'.join(segments)
