"""The alias table behind skill finding: how people actually write O*NET's verbose skill names.

O*NET names read like "Structured query language SQL", "Microsoft Excel", "Oracle Java". Resumes
say "SQL", "Excel", "Java". Aliases are derived mechanically (trailing acronym, vendor prefix,
generic "software" suffix) and topped up with a short hand list. The danger is the other way
round: "Word", "Project", "Go", "R", "React" are ordinary English too, so such aliases are either
dropped or marked `ambiguous` and only accepted in a clear skill context (see `skills.py`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from app.taxonomy.model import TechSkill

TOKEN = re.compile(r"[A-Za-z0-9]+|[^\sA-Za-z0-9]")
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+#/\-]*")
_ACRONYM = re.compile(r"^[A-Z][A-Za-z0-9/\-]{0,7}$")
_GENERIC_SUFFIXES = (" programming language", " software")
_GENERIC_TAILS = frozenset({"software", "database", "databases", "system", "systems"})
# Vendors the counting rule below misses because O*NET lists few of their products.
_KNOWN_VENDORS = frozenset({"Embarcadero", "Trimble", "OpenAI", "Maplesoft", "McNeel", "Maxon"})
_VENDOR_MIN_PRODUCTS = 3


# Resume vocabulary that O*NET's own prose never uses in lower case, so `common_words` misses it.
def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_EXTRA_COMMON_WORDS = _words(
    """excel react swift ruby flask outlook chef puppet slack blink loom seesaw bootstrap unity
    quicken selenium magic epic keynote notes domino dynamics publisher exchange explorer paint
    safari painter reports director distiller capture premiere animate bridge native boot
    framework google facebook instagram twitter pinterest youtube teams word project access
    office windows drive sheets numbers pages cloud spark go act canvas prism surfer arena
    hive pig ant maven struts solr tomcat airflow kafka cassandra spring hibernate jersey
    eclipse postman ghidra snort nessus canu litchi eiffel ada pascal delphi julia dart rust
    shell basic assembly vision docs amazon apple oracle sage concur workday commerce insight
    maple fusion impromptu primavera timekeeper etc softbank designer developer studio server
    suite pro plus express standard enterprise professional edition online mobile analytics
    scheme"""
)
# Context-free English words that are nevertheless the everyday name of a popular tool. They
# stay, but as ambiguous aliases; every other common word is dropped as a derived alias.
_KEEP_AMBIGUOUS = _words(
    """excel word outlook access project teams spark angular react swift rust ruby go flask
    keynote workday sheets airflow hive pig kafka spring eclipse puppet chef slack zoom
    bootstrap unity selenium postman canva concur publisher"""
)

# (alias, canonical O*NET name, ambiguous). Only what the derivation rules cannot produce.
HAND_ALIASES: tuple[tuple[str, str, bool], ...] = (
    ("JS", "JavaScript", False),
    ("Java Script", "JavaScript", False),  # "Java Script" is JavaScript, never Java
    ("ECMAScript", "JavaScript", False),
    ("Node", "Node.js", True),
    ("NodeJS", "Node.js", False),
    ("Node JS", "Node.js", False),
    ("Postgres", "PostgreSQL", False),
    ("Postgre", "PostgreSQL", False),
    ("k8s", "Kubernetes", False),
    ("Golang", "Go", False),
    ("Go lang", "Go", False),
    ("R programming", "R", False),
    ("R language", "R", False),
    ("RStudio", "R", False),
    ("C programming", "C", False),
    ("C language", "C", False),
    ("ANSI C", "C", False),
    ("Objective-C", "Objective C", False),
    ("ObjC", "Objective C", False),
    ("Java", "Oracle Java", False),
    ("MS Excel", "Microsoft Excel", False),
    ("MS Word", "Microsoft Word", False),
    ("MS Office", "Microsoft Office software", False),
    ("Microsoft Office", "Microsoft Office software", False),
    ("MS Project", "Microsoft Project", False),
    ("MS Visio", "Microsoft Visio", False),
    ("MS PowerPoint", "Microsoft PowerPoint", False),
    ("MS Power Point", "Microsoft PowerPoint", False),
    ("Power Point", "Microsoft PowerPoint", False),
    ("MS Access", "Microsoft Access", False),
    ("MS SQL", "Microsoft SQL Server", False),
    ("MSSQL", "Microsoft SQL Server", False),
    ("SQL Server", "Microsoft SQL Server", False),
    ("GCP", "Google Cloud software", False),
    ("Google Cloud Platform", "Google Cloud software", False),
    ("Amazon Web Services", "Amazon Web Services AWS software", False),
    ("CloudFormation", "Amazon Web Services AWS CloudFormation", False),
    ("SageMaker", "Amazon Web Services AWS SageMaker", False),
    ("React.js", "React", False),
    ("ReactJS", "React", False),
    ("Vue", "Vue.js", False),
    ("VueJS", "Vue.js", False),
    ("Angular", "Google Angular", True),
    ("AngularJS", "Google Angular", False),
    ("sklearn", "Scikit-learn", False),
    ("scikit learn", "Scikit-learn", False),
    ("Jenkins", "Jenkins CI", False),
    ("Terraform", "IBM Terraform", False),
    ("HTML5", "Hypertext markup language HTML", False),
    ("CSS3", "Cascading style sheets CSS", False),
    (".NET", "Microsoft .NET Framework", False),
    (".NET Core", "Microsoft .NET Framework", False),
    ("dotnet", "Microsoft .NET Framework", False),
    ("VB.NET", "Microsoft Visual Basic.NET", False),
    ("SPSS", "IBM SPSS Statistics", False),
    ("Looker", "Google Looker Analytics", False),
    ("Civil 3D", "Autodesk AutoCAD Civil 3D", False),
    ("SketchUp", "Trimble SketchUp Pro", False),
    ("Mongo", "MongoDB", False),
    ("Spark", "Apache Spark", True),
    ("Rust", "Rust programming language", True),
    ("Excel", "Microsoft Excel", True),
    ("ChatGPT", "OpenAI ChatGPT", False),
    ("Oracle", "Oracle Database", True),
    ("Oracle DB", "Oracle Database", False),
    ("Redux", "React Redux", False),
    ("Sage 50", "Sage 50 Accounting", False),
    ("Stata", "StataCorp Stata", False),
    ("Epic", "Epic Systems", True),
    ("Cerner", "Cerner Millennium", False),
    ("Premiere Pro", "Adobe Premiere Pro", False),
    # "Map Reduce" is Hadoop's MapReduce, never the REDUCE algebra system its second word names.
    ("MapReduce", "MapReduce big data software", False),
    ("Map Reduce", "MapReduce big data software", False),
    ("Hadoop MapReduce", "MapReduce big data software", False),
    # Everyday short names O*NET spells out ("Eclipse IDE", "Apache Maven"). The plain-English
    # ones ("Spring", "Windows", "Eclipse") only count in a skill context (`skills.py`).
    ("Windows", "Microsoft Windows", True),
    ("MS Windows", "Microsoft Windows", False),
    ("Windows XP", "Microsoft Windows", False),
    ("Windows 7", "Microsoft Windows", False),
    ("Windows 8", "Microsoft Windows", False),
    ("Windows 10", "Microsoft Windows", False),
    ("Windows 11", "Microsoft Windows", False),
    ("Eclipse", "Eclipse IDE", True),
    ("Hibernate", "Hibernate ORM", True),
    ("Spring", "Spring Framework", True),
    ("Maven", "Apache Maven", True),
    ("Tomcat", "Apache Tomcat", True),
    ("Struts", "Apache Struts", True),
    ("Cassandra", "Apache Cassandra", True),
    ("Sqoop", "Apache Sqoop", False),
    ("SVN", "Apache Subversion SVN", False),
    ("Servlet", "Sun Microsystems Java Servlet API", False),
    ("Servlets", "Sun Microsystems Java Servlet API", False),
    ("JPA", "Sun Microsystems Java Persistence API", False),
    ("EJB", "Enterprise JavaBeans", False),
    ("XML", "Extensible markup language XML", False),
    ("JavaEE", "Oracle Java Enterprise Edition EE", False),
    ("Java EE", "Oracle Java Enterprise Edition EE", False),
    ("Core Java", "Oracle Java", False),
    ("Advanced Java", "Oracle Java", False),
    ("Advance Java", "Oracle Java", False),
    ("Multisim", "National Instruments Multisim", False),
    ("Mac OS", "Apple macOS", False),
    ("Mac OS X", "Apple macOS", False),
    ("OS X", "Apple macOS", False),
    ("Auto CAD", "Autodesk AutoCAD", False),
    ("Crystal Report", "SAP Crystal Reports", False),
    ("CorelDRAW", "Corel CorelDraw Graphics Suite", False),
    ("Teradata", "Teradata Database", False),
    ("STAAD Pro", "Bentley STAAD", False),
    ("STAAD.Pro", "Bentley STAAD", False),
    ("ANSYS", "ANSYS simulation software", False),
    ("QTP", "Hewlett Packard QuickTest Professional", False),
    ("Jupyter", "Jupyter Notebook", False),
    ("RESTful", "REST APIs", False),
    ("REST API", "REST APIs", False),
    ("RESTful API", "REST APIs", False),
    ("RESTful web services", "REST APIs", False),
    ("Tally", "Tally ERP", True),
    ("Tally ERP 9", "Tally ERP", False),
    ("Tally.ERP 9", "Tally ERP", False),
)


@dataclass(frozen=True, slots=True)
class Alias:
    text: str  # as usually written; case-sensitive aliases must match it exactly
    skill: int  # index into the skills table
    priority: int  # lower wins when two skills claim one alias
    case_sensitive: bool
    ambiguous: bool
    # Only in a list of skills or on a skills line, never from prose: a little-known
    # product's acronym ("MIB", "TMS", "CBS") in a sentence is nearly always an
    # organization's or a concept's, not the product O*NET lists.
    listed_only: bool = False


def alias_key(text: str) -> tuple[str, ...]:
    """Tokens as the matcher sees them. Hyphens count as spaces ("Objective-C", "T-SQL")."""
    return tuple(token.lower() for token in TOKEN.findall(text) if token != "-")


def _alnum_length(text: str) -> int:
    return sum(char.isalnum() for char in text)


def _looks_technical(word: str) -> bool:
    """CamelCase, digits, all-caps or tech punctuation: "AutoCAD", "DB2", "MATLAB", "Node.js"."""
    return bool(re.search(r"[a-z][A-Z]|[0-9]|[.+#]", word) or (len(word) > 1 and word.isupper()))


class AliasBuilder:
    """Derives and ranks aliases for the whole skills table."""

    NAME, HAND, ACRONYM, SHORT = range(4)

    def __init__(self, skills: Sequence[TechSkill], popularity: Sequence[int], common: set[str]):
        self._skills = skills
        self._popularity = popularity
        self._common = common | _EXTRA_COMMON_WORDS
        self._vendors = self._find_vendors([skill.name for skill in skills])
        self._best: dict[tuple[str, ...], Alias] = {}

    @staticmethod
    def _find_vendors(names: Sequence[str]) -> frozenset[str]:
        """Prefixes that head several product names with different next words: "Microsoft",
        "Red Hat", "Microsoft Visual", but not "Red" (always "Red Hat") or "Apple Final"."""
        followers: dict[str, set[str]] = defaultdict(set)
        for name in names:
            words = name.split()
            for size in (1, 2, 3):
                if len(words) > size and words[size][:1].isupper():
                    followers[" ".join(words[:size])].add(words[size])
        found = {
            prefix for prefix, nexts in followers.items() if len(nexts) >= _VENDOR_MIN_PRODUCTS
        }
        return frozenset(found | _KNOWN_VENDORS)

    def is_common_word(self, text: str) -> bool:
        words = text.split()
        return len(words) == 1 and words[0].lower() in self._common

    def _is_short_ambiguous(self, text: str) -> bool:
        """One or two letters with no digit or punctuation ("R", "Go", but not "C#" or "S3")."""
        return _alnum_length(text) <= 2 and text.isalpha()

    def _offer(
        self,
        text: str,
        skill: int,
        priority: int,
        *,
        case_sensitive: bool = False,
        ambiguous: bool = False,
        listed_only: bool = False,
    ) -> None:
        key = alias_key(text)
        if not key:
            return
        ambiguous = ambiguous or self._is_short_ambiguous(text)
        candidate = Alias(text, skill, priority, case_sensitive, ambiguous, listed_only)
        current = self._best.get(key)
        if current is None or self._rank(candidate) < self._rank(current):
            self._best[key] = candidate

    def _rank(self, alias: Alias) -> tuple[int, int, int, str]:
        skill = self._skills[alias.skill]
        return (alias.priority, -int(skill.hot), -self._popularity[alias.skill], skill.name)

    def _popular(self, index: int) -> bool:
        skill = self._skills[index]
        return skill.hot or skill.in_demand or self._popularity[index] >= 5

    def _offer_short(self, text: str, index: int, priority: int) -> None:
        """A derived alias: multi-word ones are safe; a single word must earn its place."""
        words = text.split()
        if len(words) > 1:
            # "Active Directory", "Central Command": plain words, so only as capitalised.
            plain = all(word.lower() in self._common for word in words)
            self._offer(text, index, priority, case_sensitive=plain)
            return
        if _alnum_length(text) <= 2:  # "LT", "CI": only a hand alias may be that short
            return
        if not re.search(r"[A-Za-z]", text):
            return  # "1-2-3" (Lotus) would fire on any numbered list
        camel = re.search(r"[a-z][A-Z]", text) is not None
        if self.is_common_word(text):
            if text.lower() in _KEEP_AMBIGUOUS and self._popular(index):
                self._offer(text, index, priority, ambiguous=True)
            elif camel:  # "ShortCut" is a product, "shortcut" a word
                self._offer(text, index, priority, case_sensitive=True)
            return
        if text.isalpha() and not camel and not self._popular(index):
            return  # "ERIC", "Discoverer": could be a name or a word; the full name still matches
        self._offer(text, index, priority)

    def _derive(self, index: int) -> None:
        name = self._skills[index].name
        plain = self.is_common_word(name) and not re.search(r"[a-z][A-Z]", name)
        # "Private Practice" is a product, "a private practice" an office: a name made of
        # plain words only counts capitalised, as its derived short forms do.
        words = name.split()
        phrase = len(words) > 1 and all(word.lower() in self._common for word in words)
        self._offer(name, index, self.NAME, ambiguous=plain, case_sensitive=phrase)
        base = name
        paren = re.search(r"\s*\(([^()]+)\)", base)
        if paren:
            after = base[paren.end() :].strip()
            base = (base[: paren.start()] + base[paren.end() :]).strip()
            self._offer(base, index, self.NAME)
            # "Motorola Digital Signal Processing (DSP) Assembler": an acronym in the middle
            # of a product's name spells the concept before it (DSP), not the product.
            if not after or after.lower() in _GENERIC_TAILS:
                self._offer_acronym(paren.group(1), base, index)
        for suffix in _GENERIC_SUFFIXES:
            if base.endswith(suffix) and base[: -len(suffix)].strip():
                base = base[: -len(suffix)].strip()
                self._offer_short(base, index, self.SHORT)
        words = base.split()
        if len(words) >= 3 and self._offer_acronym(words[-1], " ".join(words[:-1]), index):
            self._offer_short(" ".join(words[:-1]), index, self.SHORT)
        # Every vendor level, so "Microsoft Visual Studio" yields "Visual Studio" even though
        # "Microsoft Visual" also counts as a prefix (its "Studio" is then dropped as English).
        for size in (1, 2, 3):
            if len(words) > size and " ".join(words[:size]) in self._vendors:
                rest = " ".join(words[size:])
                if rest[:1].isupper() or rest[:1].isdigit() or _looks_technical(words[size]):
                    self._offer_short(rest, index, self.SHORT)

    def _offer_acronym(self, acronym: str, expansion: str, index: int) -> bool:
        """'Structured query language SQL' -> 'SQL', if the letters fit the preceding words."""
        signal = sum(char.isupper() or char.isdigit() for char in acronym)
        if not _ACRONYM.match(acronym) or signal < 2:
            return False
        initials = {word[0].lower() for word in _WORD.findall(expansion)}
        if acronym[0].lower() not in initials:
            return False
        if acronym.lower() not in self._common:  # "FIRST", "CLAIMS", "EPIC" are words first
            # Lesser-known acronyms only match as written: "ETC" but not "etc".
            obscure = not self._popular(index)
            # Letters only: "T-SQL" or "S3" are still product names wherever they stand.
            listed_only = obscure and acronym.isalpha() and acronym.isupper()
            self._offer(
                acronym, index, self.ACRONYM, case_sensitive=obscure, listed_only=listed_only
            )
        return True

    def build(self) -> dict[tuple[str, ...], Alias]:
        for index in range(len(self._skills)):
            self._derive(index)
        by_name = {skill.name.lower(): i for i, skill in enumerate(self._skills)}
        for text, canonical, ambiguous in HAND_ALIASES:
            target = by_name.get(canonical.lower())
            if target is not None:  # tolerate a hand alias whose target a newer O*NET renamed
                self._offer(text, target, self.HAND, ambiguous=ambiguous)
        return self._best
