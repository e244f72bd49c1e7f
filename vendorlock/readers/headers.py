"""Recognising one header: the field it names, how sure we are, and what it qualifies.

People write "Montant TTC", "Fin de marché", "N° de marché", "dateNotification" or
"titulaire_denominationSociale", not the template's labels. A header is therefore compared word
by word, not as one string:

1. split into words (punctuation, snake_case, camelCase), accents and case dropped;
2. qualifiers and units set aside and recorded ("TTC", "HT", "(mois)", "en €");
3. words canonicalised (synonyms, plurals), filler words dropped, and — on a sheet already known
   to be, say, contracts — the words that only repeat the table ("marché", "contrat") dropped;
4. the header names the field one of whose aliases has exactly its words (score 100, in any
   order), else the field whose aliases together cover all its words (95); a misspelt word is
   corrected to the nearest alias word first (rapidfuzz, score x 0.9).

Two fields of the same table equally likely make the header ambiguous: it names neither and the
user is told. What stays unmatched gets "did you mean" suggestions (rapidfuzz WRatio over the
aliases). Every result is cached per distinct header text and scope: a sheet has a few dozen
headers, an inventory a few sheets, so recognition costs microseconds per read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from rapidfuzz import fuzz, process

from vendorlock.model.schema import Table
from vendorlock.readers.grid import GROUP_SEPARATOR
from vendorlock.registry import normalise_key

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z][a-z])")
#: Prefix of the pseudo-fields that name columns understood but not used by the audit.
UNUSED_PREFIX = "~"
#: Score of a header whose words are exactly one alias's; of one covered by several aliases;
#: of one whose words are only part of an alias ("Volume" for "Volume de données").
EXACT, COVERED, PARTIAL = 100.0, 95.0, 85.0
#: Penalty on a match reached by correcting a misspelt word.
TYPO_FACTOR = 0.9
#: Shortest word corrected as a typo (short words are too easily confused).
TYPO_MIN_LEN = 5
TYPO_SCORE = 80.0


@dataclass(frozen=True)
class Target:
    """What a header can name: a field (or an unused concept, ``~name``) of a table."""

    table: Table
    field: str

    @property
    def unused(self) -> bool:
        return self.field.startswith(UNUSED_PREFIX)


@dataclass(frozen=True)
class HeaderMatch:
    """How one header was understood.

    ``how`` is ``exact`` (one alias, any word order), ``words`` (several aliases cover it),
    ``partial`` (its words are part of one field's alias), ``typo`` (after correcting a word),
    ``mapping`` (a mapping file said so) or ``none``.
    ``qualifiers`` are the qualifiers and units set aside (``ttc``, ``ht``, ``months``...).
    ``ambiguous`` lists the targets equally likely when the header names none for that reason
    (the "did you mean" of an unmatched header is asked separately: :meth:`Scope.suggest`).
    """

    header: str
    target: Target | None
    score: float
    how: str
    qualifiers: tuple[str, ...] = ()
    ambiguous: tuple[Target, ...] = ()
    reseller: bool = False


@dataclass(frozen=True)
class Vocabulary:
    """The word-level rules of ``recognition:`` in ``connectors/spreadsheet.yaml``."""

    stopwords: frozenset[str]
    synonyms: Mapping[str, str]
    #: (word sequence, qualifier), longest sequences first.
    qualifiers: tuple[tuple[tuple[str, ...], str], ...]
    context: Mapping[Table, frozenset[str]]
    min_score: float
    suggest_score: float
    reseller: tuple[tuple[str, ...], ...]
    vague: frozenset[str] = frozenset()
    #: first word → the qualifiers starting with it (longest first), to scan headers fast.
    qualifier_starts: Mapping[str, tuple[tuple[tuple[str, ...], str], ...]] = field(
        default_factory=dict
    )
    #: header text → its :meth:`split`, shared by every table's scope (a sheet's headers are
    #: matched against each table in turn: thousands of columns would be split ten times).
    splits: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = field(
        default_factory=dict, compare=False, repr=False, hash=False
    )

    @classmethod
    def from_yaml(cls, raw: Mapping[str, Any] | None) -> Vocabulary:
        raw = raw or {}
        quals = [
            (tuple(normalise_key(_euro(text)).split()), str(name))
            for name, texts in (raw.get("qualifiers") or {}).items()
            for text in texts
            if normalise_key(_euro(text))
        ]
        quals.sort(key=lambda q: (-len(q[0]), q[0]))
        starts: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for seq, name in quals:
            starts.setdefault(seq[0], []).append((seq, name))
        return cls(
            qualifier_starts={k: tuple(v) for k, v in starts.items()},
            stopwords=frozenset(normalise_key(w) for w in raw.get("stopwords") or ()),
            synonyms={
                normalise_key(k): normalise_key(v) for k, v in (raw.get("synonyms") or {}).items()
            },
            qualifiers=tuple(quals),
            context={
                Table(t): frozenset(normalise_key(w) for w in words)
                for t, words in (raw.get("context_words") or {}).items()
            },
            min_score=float(raw.get("min_score", 80)),
            suggest_score=float(raw.get("suggest_score", 55)),
            vague=frozenset(normalise_key(w) for w in raw.get("vague_words") or ()),
            reseller=tuple(
                tuple(normalise_key(w).split()) for w in raw.get("reseller_words") or ()
            ),
        )

    def canon(self, word: str) -> str:
        """One spelling per word: synonyms, then plural folded."""
        word = self.synonyms.get(word, word)
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = self.synonyms.get(word[:-1], word[:-1])
        return word

    def split(self, text: object) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(canonical content words, qualifiers) of a header or alias (cached per text)."""
        key = str(text)
        hit = self.splits.get(key)
        if hit is None:
            hit = self._split(key)
            self.splits[key] = hit
        return hit

    def _split(self, text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        tokens = normalise_key(_euro(_CAMEL.sub(" ", str(text)))).split()
        words: list[str] = []
        quals: list[str] = []
        starts = self.qualifier_starts
        i = 0
        while i < len(tokens):
            for seq, name in starts.get(tokens[i], ()):
                if tuple(tokens[i : i + len(seq)]) == seq:
                    if name not in quals:
                        quals.append(name)
                    i += len(seq)
                    break
            else:
                if tokens[i] not in self.stopwords:
                    words.append(self.canon(tokens[i]))
                i += 1
        return tuple(words), tuple(quals)

    def names_reseller(self, text: object) -> bool:
        tokens = normalise_key(_CAMEL.sub(" ", str(text))).split()
        return any(
            tuple(tokens[i : i + len(seq)]) == seq
            for seq in self.reseller
            for i in range(len(tokens))
        )


def _euro(text: str) -> str:
    return str(text).replace("€", " eur ")


@dataclass(frozen=True)
class _Alias:
    #: Words with the table's context words dropped (own fields), and as written.
    words: frozenset[str]
    target: Target
    raw: frozenset[str] = frozenset()
    #: First word: the head noun of a French label ("Date" in "Date de début").
    head: str = ""


@dataclass
class Scope:
    """The targets one sheet's headers are matched against, and the cache of its matches.

    ``table`` is the sheet's table: its own context words are dropped from its own fields'
    headers. ``flat`` adds the contract fields an applications row may carry; application
    targets win ties against them.
    """

    vocab: Vocabulary
    table: Table
    aliases: tuple[_Alias, ...]
    #: Alias strings (for suggestions) and their targets, same order.
    choices: tuple[str, ...]
    choice_targets: tuple[Target, ...]
    vocabulary: tuple[str, ...]
    #: word → positions in ``aliases`` of the aliases holding it (only those can match).
    by_word: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    cache: dict[str, HeaderMatch] = field(default_factory=dict)
    suggested: dict[str, tuple[Target, ...]] = field(default_factory=dict)
    #: The same, keyed by the header's words without its numbers.
    suggested_words: dict[str, tuple[Target, ...]] = field(default_factory=dict)
    corrections: dict[str, str] = field(default_factory=dict)

    def suggest(self, header: object) -> tuple[Target, ...]:
        """ "Did you mean" targets of an unmatched header (cached; computed only when asked,
        never while looking for the header row)."""
        text = "" if header is None else str(header)
        hit = self.suggested.get(text)
        if hit is None:
            words, _ = self.vocab.split(text)
            # numbers never bring a field closer ("Colonne 12" reads like "Colonne 13"): a
            # header differing only by its numbers reuses the suggestion, so a sheet of
            # thousands of numbered columns costs one search, not one per column
            key = " ".join(w for w in words if not w.isdigit())
            hit = self.suggested_words.get(key)
            if hit is None:
                hit = self._suggest(words) if words else ()
                self.suggested_words[key] = hit
            self.suggested[text] = hit
        return hit

    def match(self, header: object) -> HeaderMatch:
        """The field ``header`` names in this scope (cached per distinct header text)."""
        text = "" if header is None else str(header)
        hit = self.cache.get(text)
        if hit is None:
            hit = self._match(text)
            if hit.target is None and not hit.ambiguous and GROUP_SEPARATOR in text:
                hit = self._grouped(text, hit)
            self.cache[text] = hit
        return hit

    def _grouped(self, text: str, whole: HeaderMatch) -> HeaderMatch:
        """A header under a group (« Contrat — Titulaire », « Coûts — Maintenance ») that names no
        field as a whole names what its own label names: the group only says where it sits."""
        label = self._match(text.rsplit(GROUP_SEPARATOR, 1)[1])
        if label.target is None and not label.ambiguous:
            return whole
        qualifiers = tuple(dict.fromkeys(whole.qualifiers + label.qualifiers))
        return replace(label, header=text, qualifiers=qualifiers)

    def _words_for(self, words: tuple[str, ...], table: Table) -> frozenset[str]:
        """The header's words compared with ``table``'s aliases: without the words that only
        repeat that table — always on the sheet's own table, and on the contract fields of a
        flat applications sheet when the header says it ("Début du marché" is the contract's
        start; a bare "N°" stays a row number, not a contract number)."""
        context = self.vocab.context.get(table, frozenset())
        if table is self.table or context.intersection(words):
            kept = tuple(w for w in words if w not in context)
            if kept:
                return frozenset(kept)
        return frozenset(words)

    def _alias_words(
        self, alias: _Alias, header: frozenset[str], hs: frozenset[str]
    ) -> frozenset[str]:
        """An alias's words as compared with a header: without its table's context words when
        the header's were dropped too (always on the sheet's own table)."""
        if alias.target.table is self.table or hs != header:
            return alias.words
        return alias.raw

    def _best(self, words: tuple[str, ...]) -> tuple[float, list[Target]]:
        # An alias written exactly as the header wins before context words are dropped
        # ("SIREN organisation" is the organisation id, "SIREN" the SIREN).
        whole = frozenset(words)
        near = sorted({i for w in whole for i in self.by_word.get(w, ())})
        if not near:
            return 0.0, []
        aliases = [self.aliases[i] for i in near]
        exact = {a.target for a in aliases if a.raw == whole}
        if exact:
            own = [t for t in exact if t.table is self.table]
            return EXACT, sorted(own or exact, key=lambda t: (t.table.value, t.field))
        scores: dict[Target, float] = {}
        covered: dict[Target, set[str]] = {}
        per_table: dict[Table, frozenset[str]] = {}
        for alias in aliases:
            table = alias.target.table
            hs = per_table.get(table)
            if hs is None:
                hs = per_table[table] = self._words_for(words, table)
            aw = self._alias_words(alias, whole, hs)
            if aw == hs:
                scores[alias.target] = EXACT
            elif aw <= hs:
                covered.setdefault(alias.target, set()).update(aw)
        for target, got in covered.items():
            if target not in scores and got == per_table[target.table]:
                scores[target] = COVERED
        if not scores:
            # Part of an alias: one field only, or ambiguous whatever the tables ("Date" could
            # be a start or an end date, "N°" a version or a contract number).
            if set(words) <= self.vocab.vague:
                return 0.0, []
            part = {
                a.target
                for a in aliases
                if a.target.table in per_table
                and per_table[a.target.table]
                < self._alias_words(a, whole, per_table[a.target.table])
                and a.head in per_table[a.target.table]
            }
            if not part:
                return 0.0, []
            return PARTIAL, sorted(part, key=lambda t: (t.table.value, t.field))
        best = max(scores.values())
        tops = [t for t, s in scores.items() if s == best]
        own = [t for t in tops if t.table is self.table]
        return best, sorted(own or tops, key=lambda t: (t.table.value, t.field))

    def _match(self, text: str) -> HeaderMatch:
        words, quals = self.vocab.split(text)
        if not words:
            return HeaderMatch(text, None, 0.0, "none", quals)
        score, tops = self._best(words)
        how = {EXACT: "exact", COVERED: "words"}.get(score, "partial")
        if not tops:
            fixed = self._correct(words)
            if fixed != words:
                score, tops = self._best(fixed)
                score *= TYPO_FACTOR
                how = "typo"
        if tops and score >= self.vocab.min_score:
            if len(tops) > 1:
                return HeaderMatch(text, None, score, "none", quals, ambiguous=tuple(tops))
            reseller = tops[0].field == "editor_id" and self.vocab.names_reseller(text)
            return HeaderMatch(text, tops[0], score, how, quals, reseller=reseller)
        return HeaderMatch(text, None, 0.0, "none", quals)

    def _correct(self, words: tuple[str, ...]) -> tuple[str, ...]:
        """Each unknown word replaced by the nearest alias word, if near enough (cached per
        word: data cells scanned while looking for the header row repeat their words)."""
        out = []
        for word in words:
            if word in self.by_word or len(word) < TYPO_MIN_LEN or not word.isalpha():
                out.append(word)
                continue
            fixed = self.corrections.get(word)
            if fixed is None:
                hit = process.extractOne(
                    word, self.vocabulary, scorer=fuzz.ratio, score_cutoff=TYPO_SCORE
                )
                fixed = self.corrections[word] = hit[0] if hit else word
            out.append(fixed)
        return tuple(out)

    def _suggest(self, words: tuple[str, ...], limit: int = 3) -> tuple[Target, ...]:
        """Closest targets: those sharing a word with the header first, then by WRatio."""
        query = " ".join(words)
        header = set(words)
        ranked: dict[Target, tuple[int, float]] = {}
        for i in sorted({i for w in header for i in self.by_word.get(w, ())}):
            alias, target = self.aliases[i], self.choice_targets[i]
            shared = len(header & alias.words)
            if shared:
                score = fuzz.WRatio(query, self.choices[i])
                ranked[target] = max(ranked.get(target, (0, 0.0)), (shared, score))
        out = sorted(ranked, key=lambda x: (-ranked[x][0], -ranked[x][1], x.table.value, x.field))
        hits = process.extract(
            query,
            self.choices,
            scorer=fuzz.WRatio,
            score_cutoff=self.vocab.suggest_score,
            limit=limit * 6,
        )
        for _, _, index in hits:
            target = self.choice_targets[index]
            if target not in out:
                out.append(target)
        return tuple(out[:limit])


def build_scope(
    vocab: Vocabulary,
    table: Table,
    entries: Iterable[tuple[Target, Sequence[str]]],
) -> Scope:
    """A scope from (target, alias texts) pairs."""
    aliases: list[_Alias] = []
    choices: list[str] = []
    choice_targets: list[Target] = []
    for target, texts in entries:
        context = vocab.context.get(target.table, frozenset())
        for text in texts:
            raw, _ = vocab.split(text)
            words = tuple(w for w in raw if w not in context) or raw
            if not words:
                continue
            aliases.append(_Alias(frozenset(words), target, frozenset(raw), words[0]))
            choices.append(" ".join(words))
            choice_targets.append(target)
    vocabulary = tuple(sorted({w for a in aliases for w in a.words | a.raw}))
    by_word: dict[str, list[int]] = {}
    for i, alias in enumerate(aliases):
        for word in alias.words | alias.raw:
            by_word.setdefault(word, []).append(i)
    return Scope(
        vocab,
        table,
        tuple(aliases),
        tuple(choices),
        tuple(choice_targets),
        vocabulary,
        {w: tuple(ix) for w, ix in by_word.items()},
    )
