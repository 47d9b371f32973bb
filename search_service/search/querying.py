"""From the user's query string to a Whoosh query.

Words are AND-ed over title and body (stemmed) plus the unstemmed `exact`
field, so an exact form outranks a stem-only match. The query language:
"phrases", OR, NOT / -word, (groups), title:, prefix*, word~ (fuzzy).
Prefix, wildcard and fuzzy expansions are capped to the most frequent terms.
A query the parser cannot read falls back to its plain words.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Iterable

from whoosh import qparser, query as wq

from indexer.analysis import FRENCH_ANALYSIS, pairs_of
from indexer.schema import SCHEMA
from indexer.whoosh_format import expansion_terms
from search_service.search.lexicon import Lexicon
from search_service.search.operators import to_english_syntax
from search_service.search.synonyms import Synonyms

SEARCH_FIELDS = ("title", "body", "exact")
FIELD_BOOSTS = {"title": 1.0, "body": 1.0, "exact": 0.6}
MAX_EXPANSIONS = 32          # terms one prefix, wildcard or fuzzy word may expand to
MAX_QUERY_EXPANSIONS = 96    # terms all of a query's expansions together may add ("a* b* c* … z*")
MAX_QUERY_POSTINGS = 500_000   # postings all of a query's expansions together may read (about 0.2 s)
USER_FIELDS = ("title", "body")
_WORD = FRENCH_ANALYSIS.word_pattern
# A query that matches no document: what a prefix, wildcard or fuzzy word stands for when the index has no term
# for it. Whoosh's NullQuery would not do: an AND drops it, so "zzzzq*" browsed everything and "otan zzzzq*"
# was "otan". No id is empty, so this term has no posting.
NOTHING = wq.Term("id", "")
# A minus at the start of a word is an operator (see make_parser); alone in a query it negates, like NOT.
_MINUS = re.compile(r"(?<![^\s(])-(?=\S)")
_OPERATOR_WORDS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"}


@dataclass
class ParsedQuery:
    query: wq.Query | None                 # None: no query, browse everything
    clauses: list[wq.Query] = field(default_factory=list)   # AND-ed concepts, for relaxed matching
    labels: list[str] = field(default_factory=list)         # each concept as the user typed it, for partial hits
    words: list[str] = field(default_factory=list)          # the user's plain words, for spelling
    fallback: bool = False                 # the parser could not read the query; plain words were used
    capped: list[str] = field(default_factory=list)         # words whose expansion was cut


class _UserFieldsPlugin(qparser.FieldsPlugin):
    """Only title: and body: are fields; "foo:bar" or "meeting:x" stay plain text."""

    def __init__(self):
        super().__init__(expr=r"(?P<text>%s):" % "|".join(USER_FIELDS), remove_unknown=True)


def make_parser() -> qparser.QueryParser:
    parser = qparser.MultifieldParser(list(SEARCH_FIELDS), SCHEMA, fieldboosts=FIELD_BOOSTS,
                                      group=qparser.AndGroup)
    # French apostrophes are not quotes; ranges and boosts are not part of our language.
    for plugin in (qparser.SingleQuotePlugin, qparser.RangePlugin, qparser.BoostPlugin, qparser.EveryPlugin,
                   qparser.FieldsPlugin):
        parser.remove_plugin_class(plugin)
    parser.add_plugin(_UserFieldsPlugin())
    # A minus or plus is an operator only at the start of a word ("-Russie"), never inside one
    # ("Haut-Commissariat", "OTAN-Russie", "Ban Ki-moon").
    parser.add_plugin(qparser.PlusMinusPlugin(plusexpr=r"(?<![^\s(])\+", minusexpr=r"(?<![^\s(])-"))
    parser.add_plugin(qparser.FuzzyTermPlugin())
    return parser


_PARSER = make_parser()


_FIELD_PREFIX = re.compile(r"\b(?:%s):" % "|".join(USER_FIELDS))


def plain_words(q: str) -> list[str]:
    """The words a person typed, without operators and field prefixes (for spelling)."""
    return [w for w in _WORD.findall(_FIELD_PREFIX.sub(" ", to_english_syntax(q))) if w not in _OPERATOR_WORDS]


def parse(q: str, reader, synonyms: Synonyms | None = None, lexicon: Callable[[str], Lexicon] | None = None) -> ParsedQuery:
    """`lexicon` (a snapshot's, by field name) makes prefix and wildcard expansion fast and frequency-ordered."""
    words = plain_words(q)
    if not q.strip():
        return ParsedQuery(None)
    q = to_english_syntax(q)             # OU, ET, SAUF, titre:, texte:, « … »
    text = synonyms.expand(q) if synonyms else q
    vocabulary = Vocabulary(reader, lexicon)
    spent = Expansions()
    try:
        parsed = _parse_negating(text)
        # The AND-ed concepts are read before rewriting: a phrase becomes an AND of its
        # pairs, but it stays one concept for relaxed matching.
        query = _finish(parsed, vocabulary, spent)
        clause_budget = Expansions()          # the concepts share one expansion budget of their own
        concepts = _clauses(parsed)
        clauses = [_finish(c, vocabulary, clause_budget) for c in concepts]
        fallback = False
    except Exception:  # whoosh raises assorted errors on odd input; plain words are the safe reading
        fallback, spent = True, Expansions()
        parsed = _PARSER.parse(" ".join(words)) if words else wq.NullQuery
        query = _finish(parsed, vocabulary, spent) if words else wq.NullQuery
        clause_budget = Expansions()
        concepts = _clauses(parsed) if words else []
        clauses = [_finish(c, vocabulary, clause_budget) for c in concepts]
    if _is_null(query):
        return ParsedQuery(None, words=words, fallback=fallback)
    typed = _typed_forms(words)
    kept = [(c, concept_label(raw, typed)) for c, raw in zip(clauses, concepts) if not _is_null(c)]
    return ParsedQuery(query, clauses=[c for c, _ in kept], labels=[label for _, label in kept], words=words,
                       fallback=fallback, capped=spent.capped)


def _typed_forms(words: list[str]) -> dict[str, str]:
    """Folded word and stem -> the word as the user typed it."""
    typed: dict[str, str] = {}
    for word in words:
        for form in FRENCH_ANALYSIS.words(word) + FRENCH_ANALYSIS.stems(word):
            typed.setdefault(form, word)
    return typed


def concept_label(concept: wq.Query, typed: dict[str, str]) -> str:
    """A concept (before rewriting) in the user's own words: the forms of it they typed ("NATO" for the
    synonym group NATO = OTAN = …; "Maroc ou Tunisie" for an OR), else its first indexed form."""
    found: list[str] = []
    leaves = list(concept.leaves()) if not concept.is_leaf() else [concept]
    for leaf in leaves:
        forms = list(getattr(leaf, "words", None) or [getattr(leaf, "text", "")])
        if not all(isinstance(f, str) and f in typed for f in forms):
            continue
        label = " ".join(typed[f] for f in forms)
        label = f'"{label}"' if isinstance(leaf, wq.Phrase) else label + ("*" if isinstance(leaf, wq.Prefix) else "")
        if label not in found:
            found.append(label)
    if found:
        return " ou ".join(found)
    first = leaves[0] if leaves else concept
    return " ".join(str(f) for f in (getattr(first, "words", None) or [getattr(first, "text", "")]))


def _parse_negating(text: str) -> wq.Query:
    """Whoosh's parse, except that negations alone negate: "-otan" is "NOT otan", where Whoosh read an
    AND-NOT with nothing to subtract from as no query at all (everything)."""
    parsed = _PARSER.parse(text)
    if _is_null(parsed) and _MINUS.search(text):
        return _PARSER.parse(_MINUS.sub("NOT ", text))
    return parsed


def _is_null(q) -> bool:
    return q is wq.NullQuery or isinstance(q, type(wq.NullQuery))


def _finish(query: wq.Query, vocabulary: Vocabulary, spent: Expansions) -> wq.Query:
    query = _rewrite(query, vocabulary, spent)
    return query.normalize()


def _rewrite(q: wq.Query, vocabulary: Vocabulary, spent: Expansions) -> wq.Query:
    if isinstance(q, wq.Or):
        q = _one_wildcard_for_body_and_exact(_one_phrase_for_all_fields(q))
    if isinstance(q, wq.Phrase):
        return _phrase(q)
    if isinstance(q, wq.Every):
        return wq.NullQuery       # "*" alone: no query word, browse
    if isinstance(q, (wq.Prefix, wq.Wildcard, wq.FuzzyTerm)):
        return _expand(q, vocabulary, spent)
    if q.is_leaf():
        return q
    return q.apply(lambda sub: _rewrite(sub, vocabulary, spent))


def _one_phrase_for_all_fields(q: wq.Or) -> wq.Or:
    """The parser repeats a phrase per field (title, body, exact); the pairs field covers title and body at once."""
    by_words: dict[tuple, list[wq.Phrase]] = {}
    for sub in q.subqueries:
        if isinstance(sub, wq.Phrase):
            by_words.setdefault(tuple(sub.words), []).append(sub)
    redundant = set()
    for group in by_words.values():
        if len(group) > 1 and any(p.fieldname == "body" for p in group):
            redundant.update(id(p) for p in group if p.fieldname != "body")
    if not redundant:
        return q
    return wq.Or([sub for sub in q.subqueries if id(sub) not in redundant], boost=q.boost)


def _one_wildcard_for_body_and_exact(q: wq.Or) -> wq.Or:
    """A wildcard on body is searched in exact (see _expand): with both present, one is enough."""
    on_exact = {sub.text for sub in q.subqueries if isinstance(sub, wq.Wildcard) and sub.fieldname == "exact"}
    kept = [sub for sub in q.subqueries
            if not (isinstance(sub, wq.Wildcard) and sub.fieldname == "body" and sub.text in on_exact)]
    return q if len(kept) == len(q.subqueries) else wq.Or(kept, boost=q.boost)


def _phrase(q: wq.Phrase) -> wq.Query:
    """A phrase as an AND of its adjacent stem pairs (the `pairs` field holds them for title and body).

    In the title, the phrase also needs its words in the title field.
    """
    if q.fieldname == "exact" or not q.words:
        return wq.NullQuery       # title and body carry the phrase; exact has no pairs
    words = list(q.words)
    if len(words) == 1:
        return wq.Term(q.fieldname, words[0], boost=q.boost)
    pairs = [wq.Term("pairs", p, boost=q.boost) for p in pairs_of(words)]
    if q.fieldname == "title":
        return wq.And(pairs + [wq.Term("title", w, boost=q.boost) for w in words])
    return wq.And(pairs)


def _expand(q: wq.MultiTerm, vocabulary: Vocabulary, spent: Expansions) -> wq.Query:
    """Replace a multi-term query by an OR of its most frequent terms, within the query's budget."""
    q = _folded(q)
    if isinstance(q, (wq.Prefix, wq.FuzzyTerm)) and not q.text:
        return NOTHING           # a word that folded away ("🇪🇺*", a zero-width space before *): no term has it
    if isinstance(q, wq.Wildcard) and q.text.strip("*?") == "":
        return wq.NullQuery      # a lone * matches everything: the same as no query word
    if isinstance(q, wq.Wildcard) and q.fieldname == "body":
        # Stems do not keep the endings and middles a wildcard names ("*tion" is no stem's
        # ending); the exact field holds the body's words as written (folded).
        q = wq.Wildcard("exact", q.text, boost=q.boost)
    field_obj = SCHEMA[q.fieldname]
    if vocabulary.lexicon is not None:
        lexicon = vocabulary.lexicon(q.fieldname)
        if isinstance(q, wq.FuzzyTerm):
            found = lexicon.within(q.text, q.maxdist, q.prefixlength)
        else:
            found = lexicon.matching(q.text + "*" if isinstance(q, wq.Prefix) else q.text)
        candidates = ((field_obj.to_bytes(w), df) for w, df in found)
    else:
        candidates = _whoosh_candidates(q, vocabulary.reader)
    terms = spent.take(q.text, candidates)
    if not terms:
        # Cut by the query's budget (listed in `capped`): left out. No term at all: it matches nothing.
        return wq.NullQuery if q.text in spent.capped else NOTHING
    return wq.Or([wq.Term(q.fieldname, field_obj.from_bytes(b), boost=q.boost) for b in terms])


def _whoosh_candidates(q: wq.MultiTerm, reader) -> list[tuple[bytes, int]]:
    """The first few hundred terms Whoosh enumerates, most frequent first (fuzzy words, or a plain
    reader without lexicons): enough for a word's forms, bounded for short words."""
    field_obj = SCHEMA[q.fieldname]
    terms = [t if isinstance(t, bytes) else field_obj.to_bytes(t)     # fuzzy terms come back as str
             for t in expansion_terms(q, reader, 8 * MAX_EXPANSIONS + 1)]
    return sorted(((b, reader.doc_frequency(q.fieldname, b)) for b in terms), key=lambda t: -t[1])


@dataclass
class Vocabulary:
    """Where expansions find terms: the reader, and the snapshot's frequency-ordered lexicons if any."""

    reader: object
    lexicon: Callable[[str], Lexicon] | None = None


@dataclass
class Expansions:
    """What one query's prefix, wildcard and fuzzy words expanded to: the terms and postings spent
    and the words cut. Postings are budgeted too: at 100,000 documents a frequent term's list
    takes 15-25 ms to read, so 64 of them ("*e*") took over a second."""

    capped: list[str] = field(default_factory=list)
    count: int = 0
    postings: int = 0

    def allowed(self) -> int:
        return min(MAX_EXPANSIONS, max(0, MAX_QUERY_EXPANSIONS - self.count))

    def take(self, word: str, candidates: Iterable[tuple[bytes, int]]) -> list[bytes]:
        """The candidates (most frequent first) that fit the budget; at least one while postings remain."""
        allowed, chosen = self.allowed(), []
        for btext, frequency in candidates:
            over = self.postings + frequency > MAX_QUERY_POSTINGS and (chosen or self.postings >= MAX_QUERY_POSTINGS)
            if len(chosen) >= allowed or over:
                if word not in self.capped:
                    self.capped.append(word)
                break
            chosen.append(btext)
            self.postings += frequency
        self.count += len(chosen)
        return chosen


def _folded(q: wq.MultiTerm) -> wq.MultiTerm:
    text = FRENCH_ANALYSIS.fold(q.text.replace("’", "'"))
    if isinstance(q, wq.FuzzyTerm):
        return wq.FuzzyTerm(q.fieldname, text, boost=q.boost, maxdist=min(q.maxdist, 2),
                            prefixlength=max(q.prefixlength, 1))
    return type(q)(q.fieldname, text, boost=q.boost)


def _clauses(query: wq.Query) -> list[wq.Query]:
    """Top-level AND-ed concepts of a plain conjunction (none when the query negates something)."""
    if isinstance(query, wq.And):
        subs = list(query.subqueries)
        if all(not isinstance(s, (wq.Not, wq.AndNot)) for s in subs):
            return subs
    return []
