"""Per-article lookups computed once per doc: offsets, sentences, paragraphs, which tokens
are quoted, and the article's people (surnames, genders, roles such as 'the Kremlin
spokesman') that pronouns and role nouns resolve to.

Entry points: `Article(doc, mentions, spans)`, `Speaker` (who an attribution rests on),
`sentence_bounds` / `paragraph_bounds` (char bounds around an offset).
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from pipelines.core.entities import ROLE_NOUNS, TITLE_WORDS, Mention, mention_at
from pipelines.core.entities.knowledge import given_name_gender
from pipelines.core.doc_cache import doc_text, doc_tokens, sentences, token_starts
from pipelines.core.quotes.marks import PARAGRAPH, QuotedSpan
from pipelines.core.speech_verbs import INDEFINITE_SPEAKERS, SPEECH_VERBS, THOUGHT_VERBS

# Words that make a role another one: 'the chancellor' is not 'shadow chancellor Oliver Letwin'.
ROLE_QUALIFIERS = frozenset("shadow former ex deputy vice acting assistant interim junior".split())
# Entity types that can speak; '' keeps names the NER missed.
SPEAKER_ENTITY_TYPES = frozenset({"", "PERSON", "ORG", "NORP"})

_PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}
_GIVEN_NAME_GENDER = {"male": "m", "female": "f"}
_TITLE_GENDER = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f", "sir": "m", "lady": "f", "dame": "f"}


@dataclass(frozen=True)
class Speaker:
    """Who an attribution rests on: canonical name and entity label (None when unnamed), the words
    in the text and their offsets, and whether they resolve to a named entity."""
    name: str | None
    label: str | None
    mention: str
    start: int
    end: int
    resolved: bool  # True when it rests on a named entity or a resolved pronoun/role

    @classmethod
    def named(cls, mention: Mention) -> Speaker:
        """The speaker a named mention is, resting on that mention."""
        return cls(mention.canonical, mention.label, mention.text, mention.start_char, mention.end_char, True)


class Article:
    """Offsets, sentences, paragraphs and salience lookups computed once per doc."""

    def __init__(self, doc: Doc, mentions: Sequence[Mention], spans: list[QuotedSpan]):
        self.doc = doc
        self.text = doc_text(doc)
        self.tokens = doc_tokens(doc)  # art.tokens[i], not art.doc[i]: no new Token per lookup
        self.spans = spans
        self.mentions = sorted(mentions, key=lambda m: m.start_char)
        self.mention_starts = [m.start_char for m in self.mentions]
        self.token_starts = token_starts(doc)
        self.sents = sentences(doc)
        self.sent_of = [0] * len(doc)
        for k, sent in enumerate(self.sents):
            for i in range(sent.start, sent.end):
                self.sent_of[i] = k
        self.para_starts = [m.start() for m in PARAGRAPH.finditer(self.text)] or [0]
        self.quoted = bytearray(len(doc))
        for span in spans:
            for i in self.tokens_in(span.open_mark, span.end):
                self.quoted[i] = 1
        self.quoted_marks = [(s.open_mark, s.end) for s in spans]
        self.surnames = self._surnames()
        self.full_names = self._full_names()
        # Offsets of subjects inside what someone reports -> the reporter's gender when a pronoun
        # reports ('He did not think X intended'), else None (a named person reports).
        self.reported_subjects: dict[int, str | None] = {}
        self.subject_people = self._subject_people()
        self.main_subject_positions = self._main_subjects()
        self.subject_positions = [pos for pos, _ in self.subject_people]
        self.person_titles = self._person_titles()
        self.genders = self._genders()

    def token_at(self, char: int) -> int:
        """Index of the token holding (or last starting before) `char`."""
        return max(0, bisect_right(self.token_starts, char) - 1)

    def tokens_in(self, start: int, end: int) -> range:
        """Indices of the tokens starting in [start, end)."""
        return range(bisect_left(self.token_starts, start), bisect_left(self.token_starts, end))

    def paragraph_of(self, char: int) -> int:
        """Paragraph number of `char`."""
        return bisect_right(self.para_starts, char) - 1

    def in_quote(self, char: int) -> bool:
        """Whether `char` lies inside a quoted span (marks included)."""
        k = bisect_right(self.quoted_marks, (char, len(self.text) + 1)) - 1
        return k >= 0 and self.quoted_marks[k][0] <= char < self.quoted_marks[k][1]

    def mention_of(self, token: Token) -> Mention | None:
        """The mention a token belongs to, of any label; else the person its surname names
        (`person_at`)."""
        return mention_at(self.mentions, token.idx, token.idx + len(token)) or self.person_at(token)

    def person_at(self, token: Token) -> Mention | None:
        """The named person a token belongs to; a surname the NER missed ('Trump' tagged
        as a common noun) still counts when the article names that person in full."""
        mention = mention_at(self.mentions, token.idx, token.idx + len(token))
        if mention is not None:
            return mention if mention.label == "PERSON" else None
        canonical = self.surnames.get(token.text)
        if canonical is None:
            return None
        return Mention(token.text, "PERSON", "", token.idx, token.idx + len(token), self.sent_of[token.i], canonical)

    def _surnames(self) -> dict[str, str]:
        by_surname: dict[str, set[str]] = {}
        for m in self.mentions:
            if m.label == "PERSON" and " " in m.canonical:
                by_surname.setdefault(m.canonical.split()[-1], set()).add(m.canonical)
        return {surname: names.pop() for surname, names in by_surname.items() if len(names) == 1}

    def _full_names(self) -> dict[str, str]:
        """A person the NER named by the surname alone where the text gives a given name right
        before it ('Finance Minister Ann Kent said', tagged 'Kent'): that surname -> the full name,
        when the article gives one full name only."""
        found: dict[str, set[str]] = {}
        for m in self.mentions:
            if m.label != "PERSON" or " " in m.canonical or m.text != m.canonical:
                continue
            k = self.token_at(m.start_char)
            before = self.tokens[k - 1] if k > 0 else None
            if before is None or self.quoted[before.i] or before.pos_ != "PROPN" or not before.is_title \
                    or not before.is_alpha or before.whitespace_ != " " or before.lower_ in TITLE_WORDS \
                    or before.lower_ in ROLE_NOUNS or given_name_gender(before.text) is None \
                    or mention_at(self.mentions, before.idx, before.idx + len(before)) is not None:
                continue  # ('The Acme administration', 'Judge Kent': no given name)
            found.setdefault(m.canonical, set()).add(f"{before.text} {m.canonical}")
        # Not when the article names another person of that surname in full ('Ann Kent' beside 'Tom Kent').
        full = {m.canonical for m in self.mentions if m.label == "PERSON" and " " in m.canonical}
        return {surname: names.pop() for surname, names in found.items() if len(names) == 1
                and not any(f.endswith(" " + surname) and f not in names for f in full)}

    def _subject_people(self) -> list[tuple[int, Mention]]:
        """Named people in subject position outside quotes: the likeliest antecedents of 'he'/'she'."""
        # A one-word 'person' named once is more often a tagging error ('Kyiv') than a person.
        counts: dict[str, int] = {}
        for m in self.mentions:
            counts[m.canonical] = counts.get(m.canonical, 0) + 1
        found = []
        for token in self.tokens:
            if token.dep_ not in ("nsubj", "nsubjpass") or self.quoted[token.i] or _aside_subject(token):
                continue
            person = self.person_at(token)
            if person is None and token.pos_ in ("NOUN", "PROPN") and token.lemma_.lower() in ROLE_NOUNS:
                # 'The BBC's correspondent, Daniel Sandford, said': the name in apposition is the subject
                # (a role's holder; not 'His opponent, X, won', where the sentence is about another).
                person = next((p for c in token.children if c.dep_ == "appos" and not self.quoted[c.i]
                               and (p := self.person_at(c)) is not None), None)
            if person is None:
                person = self.holder_named_in(token)
            if person is None and token.head.dep_ in ("ROOT", "conj") and not reported_inline(token.head):
                # "X's side were knocked out ... But he denied": the main clause is about X
                person = next((p for c in token.children if c.dep_ == "poss" and c.pos_ == "PROPN"
                               and (p := self.person_at(c)) is not None), None)
            if person is not None and (" " in person.canonical or counts.get(person.canonical, 0) >= 2):
                found.append((token.idx, person))
                reporter = self._reporter_of(token)
                if reporter is not None:
                    self.reported_subjects[token.idx] = _PRONOUN_GENDER.get(reporter.lower_)
        return found

    def holder_named_in(self, subject: Token) -> Mention | None:
        """'Commission for Racial Equality chairman Ann Lee said', parsed with the body as the
        subject and the person inside its phrase: a named person who ends the subject's phrase
        right after a role noun holds that role in the body and is who the subject stands for.
        Not 'a spokesman for Senator X' (the subject is a role: X is whom it serves) nor 'the
        lawyer for chairman X' (the role comes right after a preposition)."""
        if subject.pos_ != "PROPN" or self.person_at(subject) is not None:
            return None
        right = subject.right_edge
        while right.i > subject.i and (right.is_punct or right.is_space):
            right = self.tokens[right.i - 1]
        person = self.person_at(right) if right.i > subject.i else None
        if person is None:
            return None
        role = self.tokens[self.token_at(person.start_char) - 1]
        if role.i <= subject.i + 1 or role.lemma_.lower() not in ROLE_NOUNS or self.quoted[role.i]:
            return None
        before = self.tokens[role.i - 1]
        if before.pos_ == "ADP" or before.is_punct or before.lower_ in ("the", "a", "an"):
            return None
        return person

    def _main_subjects(self) -> list[int]:
        """Offsets of the subjects of main clauses outside quotes."""
        return [t.idx for t in self.tokens if t.dep_ in ("nsubj", "nsubjpass") and not self.quoted[t.i]
                and t.head.dep_ in ("ROOT", "conj")]

    def _reporter_of(self, subject: Token) -> Token | None:
        """The reporter whose report holds a subject: a named person ('X said it appeared Y was
        ...', 'X explained the slogan answered polling which suggests Y would ...') or a 'he'/'she'
        ('He did not think Y intended ...'); a later 'he' saying something continues the
        reporter, not the people in the report. None for any other subject."""
        verb = subject.head
        if verb.i == subject.i:
            return None
        inside_content = verb.dep_ == "ccomp"
        for outer in verb.ancestors:
            if inside_content and outer.pos_ == "VERB" and (
                    outer.lemma_.lower() in SPEECH_VERBS or outer.lemma_.lower() in THOUGHT_VERBS):
                reporter = next((c for c in outer.children if c.dep_ == "nsubj"), None)
                if reporter is not None and self.paragraph_of(reporter.idx) != self.paragraph_of(subject.idx):
                    return None  # a parse joining paragraphs: no report of this one
                if reporter is not None and not self.quoted[reporter.i] and (
                        self.person_at(reporter) is not None or any(
                            c.dep_ == "appos" and self.person_at(c) is not None for c in reporter.children)
                        or reporter.lower_ in ("he", "she") and reporter.i < subject.i):
                    # (a pronoun after the report is the very pronoun to resolve: '"Was X glad?" "No," he said')
                    return reporter
            inside_content = inside_content or outer.dep_ == "ccomp"
        return None

    def _head_of(self, start: int, end: int) -> Token:
        tokens = [self.tokens[i] for i in self.tokens_in(start, end)] or [self.tokens[self.token_at(start)]]
        inside = {t.i for t in tokens}
        # A token is its own head at the sentence root (spaCy makes a new Token object per access:
        # compare positions, not identity).
        return next((t for t in tokens if t.head.i not in inside or t.head.i == t.i), tokens[-1])

    def _person_titles(self) -> dict[str, list[Mention]]:
        """Role words around each named person ('Kremlin spokesman Dmitry Peskov',
        'Peskov, the Kremlin spokesman') -> the people they describe."""
        titles: dict[str, list[Mention]] = {}
        for m in self.mentions:
            if m.label != "PERSON":
                continue
            head = self._head_of(m.start_char, m.end_char)
            words = {w.lower() for w in m.text.split()} - {w.lower() for w in m.canonical.split()}
            for child in head.children:
                if child.dep_ in ("compound", "amod", "appos") and not (m.start_char <= child.idx < m.end_char) \
                        and self.person_at(child) is None:
                    words.update(t.lower_ for t in child.subtree if not t.is_punct)
                    words.add(child.lemma_.lower())
            # 'Anna Berg is chair of the Authority': the role a copula gives the person.
            if head.dep_ == "nsubj" and head.head.lemma_ == "be":
                for attr in (c for c in head.head.children if c.dep_ == "attr" and c.pos_ == "NOUN"):
                    words.update(t.lower_ for t in attr.subtree if not t.is_punct and self.person_at(t) is None)
                    words.add(attr.lemma_.lower())
            for word in words:
                titles.setdefault(word, []).append(m)
        return titles

    def _genders(self) -> dict[str, str]:
        """Known gender of the article's people, from a title ('Mrs. Clinton') or from a
        pronoun subject of a clause their own statement governs ('Rajoy said he will')."""
        votes: dict[str, dict[str, int]] = {}
        for m in self.mentions:
            if m.label != "PERSON":
                continue
            k = self.token_at(m.start_char)
            words = [w.lower().rstrip(".") for w in m.text.split()[:1]]
            if k > 0:
                words.append(self.tokens[k - 1].lower_.rstrip("."))
            gender = next((_TITLE_GENDER[w] for w in words if w in _TITLE_GENDER), None)
            if gender:
                votes.setdefault(m.canonical, {}).setdefault(gender, 0)
                votes[m.canonical][gender] += 2
        for token in self.tokens:
            gender = _PRONOUN_GENDER.get(token.lower_)
            if gender is None or token.dep_ not in ("nsubj", "nsubjpass") or self.quoted[token.i]:
                continue
            clause = token.head
            if clause.dep_ != "ccomp" or clause.head.i == clause.i:
                continue
            outer = next((c for c in clause.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            person = self.person_at(outer) if outer is not None and not self.quoted[outer.i] else None
            if person is not None:
                votes.setdefault(person.canonical, {}).setdefault(gender, 0)
                votes[person.canonical][gender] += 1
        return {name: max(v, key=v.get) for name, v in votes.items() if len(v) == 1 or
                max(v.values()) >= 2 * min(v.values())}

    def fits_pronoun(self, m: Mention, pronoun: str) -> bool:
        """Whether a person may be what a 'he'/'she' stands for: no known gender of the other."""
        gender = _PRONOUN_GENDER.get(pronoun.lower())
        if gender is None:
            return True
        known = self.genders.get(m.canonical)
        if known is None:
            # No title or pronoun in the article tells: a given name that is mostly one gender's
            # does, the first of a full name or a person the article names by the given name alone
            # ('with whom Giorgio planned to stay. She said')
            known = _GIVEN_NAME_GENDER.get(given_name_gender(m.canonical.split()[0]) or "")
        return known is None or known == gender

    def person_before(self, char: int, pronoun: str = "", said: tuple[int, int] = (0, 0)) -> Mention | None:
        """Antecedent of a personal pronoun: the last named person in subject position,
        else the last named person outside quotes; people whose known gender differs
        from the pronoun's are skipped, and so are people named in `said` (the char span of
        what the pronoun itself says: 'Y would lose, he said' is not Y's). Within one sentence
        the subject of its main clause goes before someone only seen doing something in it ('X's
        proposal comes after viewers watched Y debate. He said': X)."""
        gender = _PRONOUN_GENDER.get(pronoun.lower())
        k = bisect_left(self.subject_positions, char)
        mains = self.main_subject_positions
        candidates = []
        for position, person in reversed(self.subject_people[max(0, k - 8) : k]):
            if said[0] <= position < said[1] and _judged(self.tokens[self.token_at(position)]):
                continue
            if position in self.reported_subjects and self.reported_subjects[position] in (None, gender) \
                    and bisect_right(mains, position) == bisect_left(mains, char):
                continue  # inside what the reporter said, and no other clause since: the reporter goes on
            if self.fits_pronoun(person, pronoun):
                candidates.append((position, person))
        own = self.sent_of[self.token_at(max(char - 1, 0))]
        told_of = [(pos, p) for pos, p in candidates if self.sent_of[self.token_at(pos)] == own
                   and self.quoted[self.tokens[self.token_at(pos)].head.i]]
        if told_of and len(told_of) < len(candidates):
            # 'Mr Y "made the decisions," he told the court': the person a lead-in says the quoted
            # words of is whom they are about; the person the text was about before goes on
            candidates = [c for c in candidates if c not in told_of]
        if candidates:
            first, person = candidates[0]
            if self._seen_doing(self.tokens[self.token_at(first)]):
                sentence = self.sent_of[self.token_at(first)]
                main = next((p for pos, p in candidates[1:] if self.sent_of[self.token_at(pos)] == sentence
                             and self._is_main_subject(pos)), None)
                return main or person
            return person
        for m in reversed(self.mentions[: bisect_left(self.mention_starts, char)]):
            if m.label == "PERSON" and not self.in_quote(m.start_char) and self.fits_pronoun(m, pronoun) \
                    and not said[0] <= m.start_char < said[1]:
                return m
        return None

    @staticmethod
    def _seen_doing(subject: Token) -> bool:
        """The subject of a complement clause that no one says or thinks, only sees or is shown
        ('viewers watched Y argue', 'the poll shows Y ahead'): what the sentence saw, not whom it is
        about."""
        clause = subject.head
        if clause.dep_ != "ccomp" or clause.head.i == clause.i:
            return False
        lemma = clause.head.lemma_.lower()
        return lemma not in SPEECH_VERBS and lemma not in THOUGHT_VERBS

    def _is_main_subject(self, position: int) -> bool:
        k = bisect_left(self.main_subject_positions, position)
        return k < len(self.main_subject_positions) and self.main_subject_positions[k] == position

    def group_before(self, pronoun: Token) -> Mention | None:
        """Antecedent of 'they'/'we': an organization or group ('Senate Democrats blocked
        the bill because they said ...') that is the subject of a clause governing the
        pronoun, else the main subject of the previous sentence."""
        candidates = [a for a in pronoun.head.ancestors if a.pos_ in ("VERB", "AUX")]
        k = self.sent_of[pronoun.i]
        if k > 0:
            candidates.append(self.sents[k - 1].root)
        # 'Japanese officials said ... Deputy ministers will attend. The meeting will be in Italy, they
        # said': a pronoun saying something continues who said something last, up to three sentences
        # back, past sentences of the writer's own.
        passed = set()
        if k > 1 and pronoun.head.lemma_.lower() in SPEECH_VERBS and candidates[-1].lemma_.lower() not in SPEECH_VERBS:
            passed.add(candidates[-1].i)
            said = next((r for j in range(k - 2, max(-1, k - 4), -1) if (r := self.sents[j].root).lemma_.lower()
                         in SPEECH_VERBS and not self.quoted[r.i]), None)
            if said is not None:
                candidates.append(said)
        hops = 0
        for verb in candidates:
            subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is None or self.quoted[subject.i] or subject.i == pronoun.i:
                continue
            if verb.i in passed and verb is not candidates[-1] and not self._is_group(subject, pronoun):
                continue
            if subject.lower_ == pronoun.lower_ and verb is candidates[-1] and self.sent_of[verb.i] > 0 \
                    and hops < 3 and verb.lemma_.lower() in SPEECH_VERBS:
                # 'Shipping sources said ... They said ... , they said': down a chain of the same
                # pronoun saying, to the group that began it.
                hops += 1
                candidates.append(self.sents[self.sent_of[verb.i] - 1].root)
                continue
            if subject.lower_ in INDEFINITE_SPEAKERS and not any(c.dep_ == "prep" for c in subject.children) \
                    and verb is candidates[-1] and self.sent_of[verb.i] > 0:
                # 'Economists said ... Most believed ... But they said': 'most' is part of the group
                # named the sentence before, which 'they' continues.
                candidates.append(self.sents[self.sent_of[verb.i] - 1].root)
                continue
            mention = mention_at(self.mentions, subject.idx, subject.idx + len(subject))
            if mention is not None and mention.label in ("ORG", "NORP"):
                return mention
            if mention is None and pronoun.lower_ != "it" and subject.tag_ == "NNS":
                # 'Japanese officials said ... and said they noted': an unnamed group.
                start = min(t.idx for t in subject.lefts) if any(True for _ in subject.lefts) else subject.idx
                words = self.text[start : subject.idx + len(subject)]
                group = re.sub(r"^(?:the|some|many|several)\s+", "", words, flags=re.I)
                return Mention(group, "", "", start, subject.idx + len(subject), self.sent_of[subject.i], group)
            return None  # the nearest subject is not a group
        return None

    def _is_group(self, subject: Token, pronoun: Token) -> bool:
        """A subject that a 'they' (or a speaking 'it') can stand for: a named organization or
        group, or for 'they' a plural common noun."""
        mention = mention_at(self.mentions, subject.idx, subject.idx + len(subject))
        if mention is not None:
            return mention.label in ("ORG", "NORP")
        return pronoun.lower_ != "it" and subject.tag_ == "NNS"

    def person_with_role(self, head: Token, modifiers: set[str], institution: frozenset[str] | set[str] = frozenset()
                         ) -> Mention | None:
        """'the Kremlin spokesman' -> the person introduced with that role; ties go to
        the most recent one before the role noun. `institution` holds the words of an
        'of' phrase ('the chair of the Authority'): a person whose role names them
        wins; when nobody's does, people introduced as that role of something else
        ('president of the Senate') are not candidates."""
        people = self.person_titles.get(head.lemma_.lower()) or self.person_titles.get(head.lower_)
        if not people:
            return None

        def words_of(m: Mention) -> set[str]:
            return {w for w, ms in self.person_titles.items() if m in ms}

        # 'the chancellor' is not the shadow, former or deputy chancellor.
        people = [m for m in people if not (words_of(m) & ROLE_QUALIFIERS) - modifiers]
        if not people:
            return None

        if institution:
            named = [m for m in people if words_of(m) & institution]
            people = named or [m for m in people if "of" not in words_of(m)]
            if not people:
                return None
            modifiers = modifiers | institution if named else modifiers

        def score(m: Mention) -> tuple[int, int]:
            before = m.start_char if m.start_char < head.idx else -m.start_char
            return len(words_of(m) & modifiers), before

        best = max(people, key=score)
        if modifiers and score(best)[0] == 0:
            return None  # 'the U.S. president' is not 'Russian President Vladimir Putin'
        return next((m for m in reversed(self.mentions) if m.canonical == best.canonical and m.label == "PERSON"
                     and m.start_char < head.idx), best)


def reported_inline(verb: Token) -> bool:
    """A clause that an attribution set inside it reports ('The bank is taking "a step ...", he
    said', 'Like X, Ann Lee said, Y's remarks were ...'): its subject is what was said, not who
    the text is about."""
    return any(c.dep_ == "parataxis" and c.lemma_.lower() in SPEECH_VERBS for c in verb.children)


def _judged(subject: Token) -> bool:
    """A subject of what someone foresees or holds of it ('Y would have a hard time', 'Y isn't a
    conservative'), not of a story told of the past ('Ms. Y was shocked, she said': often the
    speaker's own, in the third person)."""
    verb = subject.head
    return any(c.tag_ == "MD" for c in verb.children) or verb.tag_ in ("VBZ", "VBP") and not any(
        c.dep_ == "aux" for c in verb.children)


def _aside_subject(subject: Token) -> bool:
    """A subject that is no antecedent of a later 'he'/'she': the subject of a relative clause set
    off as an aside ('the case - for which X apologised -', '(whom X appointed)') or of what a
    subjectless participle asks or tells ('Asked if X could return, he replied'): the sentence is
    about someone else. (Other relative clauses often name the person the text is about: 'the
    campaign X hoped to run'.)"""
    verb = subject.head
    if verb.dep_ == "relcl":
        opening = verb.left_edge.i - 1
        return opening >= 0 and verb.doc[opening].text in ("-", "–", "—", "(")
    return any(asked_of_subject(a) for a in verb.ancestors)


def asked_of_subject(verb: Token) -> bool:
    """A participle without a subject opening its sentence ('Asked if ...', 'Told that ...', 'When
    asked whether ...'): what was asked of or told to the main clause's subject."""
    return verb.dep_ == "advcl" and verb.tag_ in ("VBN", "VBD") and verb.i < verb.head.i \
        and not any(c.dep_.startswith("nsubj") or c.dep_ == "aux" for c in verb.children)  # 'Having said that ...' did


def sentence_bounds(art: Article, char: int) -> tuple[int, int]:
    """Char bounds of the parsed sentence holding `char`."""
    sent = art.sents[art.sent_of[art.token_at(char)]]
    return sent.start_char, sent.end_char


def paragraph_bounds(art: Article, char: int) -> tuple[int, int]:
    """Char bounds of the paragraph (a line of text) holding `char`, newline excluded."""
    k = art.paragraph_of(char)
    end = art.text.find("\n", art.para_starts[k])
    return art.para_starts[k], len(art.text) if end < 0 else end


_SENTENCE_END = re.compile(r"""[.!?;:]["'”’)]*\s*$""")


def whole_sentence_start(art: Article, k: int) -> int:
    """Index of the sentence that sentence `k` continues when the parser split one sentence in
    two ('... of the assets of Growers' / 'Distributing International Corp, ..., for an
    undisclosed amount.'): back over sentences that do not end a sentence, up to two."""
    for _ in range(2):
        if k == 0:
            break
        before = art.sents[k - 1]  # its text cut from the article's: Span.text makes a Token per token
        if _SENTENCE_END.search(art.text, before.start_char, before.end_char):
            break
        k -= 1
    return k
