"""Unit tests for the search query language: parsing, mode detection, compilation, keywords.

Pure Python; what the compiled SQL matches in PostgreSQL is covered by the search tests.
"""

from __future__ import annotations

import re

import pytest

from app.search.query_language import (
    MAX_BOOLEAN_LENGTH,
    And,
    Node,
    Not,
    Or,
    Phrase,
    QuerySyntaxError,
    Term,
    compile_tsquery,
    is_boolean,
    natural_language_terms,
    parse_boolean,
    quote_tsquery_literal,
)

JOB_DESCRIPTION = """\
Senior Backend Engineer (Python) - Berlin or Remote (EU)

About us: We are a fast-growing fintech company AND we are building the payment rails for
small businesses across Europe. Our platform team (12 engineers, 3 product managers) owns
the core ledger, the payments API and the developer tooling.

Responsibilities:
- Design, build AND operate high-throughput services in Python (FastAPI, asyncio) and Go.
- Own the data model in PostgreSQL (partitioning, logical replication, query tuning).
- Run services on Kubernetes (EKS) with Terraform; improve our CI/CD (GitHub Actions).
- Mentor engineers (code review, pairing) and help shape the technical roadmap.
- Work with product, compliance AND risk teams to ship features safely.

Requirements:
- 5+ years of professional experience building backend systems (Python, Go or Java).
- Strong knowledge of distributed systems: queues (Kafka OR RabbitMQ), caching (Redis),
  idempotency and exactly-once-ish processing.
- Experience with event sourcing/CQRS is a plus (NOT required).
- Comfortable with observability tooling (Prometheus, Grafana, OpenTelemetry).
- Excellent written communication in English; German is nice to have.

Nice to have:
- Payments, banking or other regulated industry experience (PCI DSS, PSD2).
- Experience with C++ or Rust for performance-critical components.
- Contributions to open source projects (node.js, .NET or Python ecosystems).

What we offer: competitive salary (EUR 85k-110k) plus equity, 30 days of vacation,
a learning budget, a hybrid setup with an office in Berlin-Kreuzberg, and a team that
cares about doing things right. We value diversity AND encourage applications from
people of all backgrounds. Apply with your CV (PDF) and a few lines about a system you
are proud of; we answer every application within 10 days (no recruiters, please).
"""


def test_job_description_fixture_is_realistic() -> None:
    assert 1800 <= len(JOB_DESCRIPTION) <= 2400
    assert " AND " in JOB_DESCRIPTION and "(" in JOB_DESCRIPTION


# --- parsing: structure -------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # AND binds tighter than OR.
        ("a OR b AND c", Or((Term("a"), And((Term("b"), Term("c")))))),
        ("a AND b OR c", Or((And((Term("a"), Term("b"))), Term("c")))),
        # Juxtaposition is AND, and binds like AND.
        ("a b OR c", Or((And((Term("a"), Term("b"))), Term("c")))),
        ("python django", And((Term("python"), Term("django")))),
        # NOT binds tighter than AND.
        ("python NOT java", And((Term("python"), Not(Term("java"))))),
        ("NOT java python", And((Not(Term("java")), Term("python")))),
        ("python -java -php", And((Term("python"), Not(Term("java")), Not(Term("php"))))),
        ("a OR -b c", Or((Term("a"), And((Not(Term("b")), Term("c")))))),
        # Parentheses override precedence and nest; same-kind nesting flattens.
        ("(a OR b) AND c", And((Or((Term("a"), Term("b"))), Term("c")))),
        ("(a OR b) (c OR d)", And((Or((Term("a"), Term("b"))), Or((Term("c"), Term("d")))))),
        ("((a))", Term("a")),
        ("a OR (b OR (c OR d))", Or((Term("a"), Term("b"), Term("c"), Term("d")))),
        (
            "a (b (c -(d OR e)))",
            And((Term("a"), Term("b"), Term("c"), Not(Or((Term("d"), Term("e")))))),
        ),
        ("-(java OR php) python", And((Not(Or((Term("java"), Term("php")))), Term("python")))),
        ("NOT NOT python", Not(Not(Term("python")))),
        # Phrases, straight or curly quotes.
        ('"machine learning" python', And((Phrase(("machine", "learning")), Term("python")))),
        ("“machine  learning”", Phrase(("machine", "learning"))),
        (
            '-"project manager" engineer',
            And((Not(Phrase(("project", "manager"))), Term("engineer"))),
        ),
        # Lower-case operators are plain words, dropped like stopwords.
        ("python and java", And((Term("python"), Term("java")))),
        ("python or java not php", And((Term("python"), Term("java"), Term("php")))),
    ],
)
def test_structure(query: str, expected: Node) -> None:
    assert parse_boolean(query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("title:engineer", Term("engineer", "title")),
        ("skill:python", Term("python", "skill")),
        ('company:"Acme Corp"', Phrase(("Acme", "Corp"), "company")),
        (
            "location:(Berlin OR Munich)",
            Or((Term("Berlin", "location"), Term("Munich", "location"))),
        ),
        (
            'title:(engineer -"engineering manager")',
            And((Term("engineer", "title"), Not(Phrase(("engineering", "manager"), "title")))),
        ),
        ("-company:acme python", And((Not(Term("acme", "company")), Term("python")))),
        # Case-insensitive names, plurals, and a space after the colon are all accepted.
        ("Title:Engineer", Term("Engineer", "title")),
        ("skills:go", Term("go", "skill")),
        ("location: Berlin", Term("Berlin", "location")),
        # Colons that are not a field attempt stay part of the word.
        ("std::vector", Term("std::vector")),
        ("https://github.com", Term("https://github.com")),
    ],
)
def test_fields(query: str, expected: Node) -> None:
    assert parse_boolean(query) == expected


@pytest.mark.parametrize(
    "term", ["C++", "C#", "node.js", "ci/cd", ".NET", "front-end", "ASP.NET", "k8s", "O'Brien"]
)
def test_terms_keep_symbols(term: str) -> None:
    assert parse_boolean(f"{term} python") == And((Term(term), Term("python")))
    assert parse_boolean(f"skill:{term}") == Term(term, "skill")


# --- parsing: errors ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "message", "position"),
    [
        ("", "empty query", 0),
        ("   \t ", "empty query", 0),
        ("python AND", "missing term after AND at 7", 7),
        ("python AND OR java", "missing term after AND at 7", 7),
        ("python OR", "missing term after OR at 7", 7),
        ("AND python", "missing term before AND at 0", 0),
        ("(OR java)", "missing term before OR at 1", 1),
        ("python NOT", "missing term after NOT at 7", 7),
        ("python -AND java", "missing term after - at 7", 7),
        ("python -(", 'unbalanced parenthesis: "(" at 8 is never closed', 8),
        ("python - java", '"-" at 7 must be directly followed by a term, e.g. -java', 7),
        ("python AND (java OR go", 'unbalanced parenthesis: "(" at 11 is never closed', 11),
        ("(python", 'unbalanced parenthesis: "(" at 0 is never closed', 0),
        ("python)", 'unbalanced parenthesis: ")" at 6 has no matching "("', 6),
        (") python", 'unbalanced parenthesis: ")" at 0 has no matching "("', 0),
        ("python ()", "empty parentheses at 7", 7),
        ('skill:"unclosed', "unterminated quote starting at 6", 6),
        ('java "a" "b', "unterminated quote starting at 9", 9),
        ('python ""', "empty quotes at 7; put the phrase between them", 7),
        (
            "skils:python",
            'unknown field "skils:" at 0; use title:, skill:, company: or location:',
            0,
        ),
        (
            'java employer:"Acme"',
            'unknown field "employer:" at 5; use title:, skill:, company: or location:',
            5,
        ),
        ("python title:", "missing term after title: at 7", 7),
        ("title:AND java", "missing term after title: at 0", 0),
        (
            "title:(skill:python)",
            'field "skill:" at 7 is inside field "title:" at 0; a term can have only one field',
            7,
        ),
        ("-java", "a query needs at least one positive term, e.g. python -java", 0),
        ("NOT java -php", "a query needs at least one positive term, e.g. python -java", 0),
        ("-(java OR php)", "a query needs at least one positive term, e.g. python -java", 0),
    ],
)
def test_syntax_errors(query: str, message: str, position: int) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        parse_boolean(query)
    assert caught.value.message == message
    assert caught.value.position == position
    assert str(caught.value) == message


def test_double_negation_is_positive() -> None:
    assert parse_boolean("-(-java)") == Not(Not(Term("java")))


# --- mode detection -----------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "python AND django",
        "java OR kotlin",
        "python NOT java",
        "python -java",
        "-java python",
        "title:engineer",
        "senior skill:python developer",
        'company:"Acme Corp"',
        '"machine learning" python',
        "(python OR go) backend",
        "python (django)",
        "“data engineer” spark",
    ],
)
def test_is_boolean_for_short_boolean_queries(query: str) -> None:
    assert is_boolean(query)


@pytest.mark.parametrize(
    "query",
    [
        "senior python developer in berlin",
        "python and java developers with fintech background",
        "react or vue frontend engineer, not junior",
        "C++ developer with node.js and .NET experience",
        "e-commerce product manager",
        "devops engineer - munich",
        "10+ years -5 salary",
        "Note: backend engineer",
        "",
    ],
)
def test_is_natural_language_for_plain_words(query: str) -> None:
    assert not is_boolean(query)


def test_pasted_job_description_is_natural_language() -> None:
    assert not is_boolean(JOB_DESCRIPTION)


def test_long_single_line_paste_is_natural_language() -> None:
    line = "Python AND Go engineer (remote) " * 12
    assert len(line.strip()) > MAX_BOOLEAN_LENGTH
    assert not is_boolean(line)


def test_newline_means_natural_language_even_when_short() -> None:
    assert not is_boolean("Backend Engineer (Python)\nBerlin AND remote")


def test_surrounding_whitespace_does_not_change_the_mode() -> None:
    assert is_boolean("  python AND go \n")


# --- compilation --------------------------------------------------------------------

_PLACEHOLDER = re.compile(r":([A-Za-z_]\w*)")


def _compile(query: str) -> tuple[str, dict[str, str]]:
    compiled = compile_tsquery(parse_boolean(query))
    return compiled.where_sql, compiled.params


def _assert_only_placeholders(sql: str, params: dict[str, str]) -> None:
    assert set(_PLACEHOLDER.findall(sql)) == set(params)
    # The only string literals in the SQL are the text search configurations.
    literals = set(re.findall(r"'[^']*'", sql))
    assert literals <= {"'english'", "'simple'"}


def test_plain_term_uses_plainto_tsquery() -> None:
    sql, params = _compile("python")
    assert sql == "search_tsv @@ plainto_tsquery('english', :p0)"
    assert params == {"p0": "python"}


def test_phrase_uses_phraseto_tsquery() -> None:
    sql, params = _compile('"machine learning"')
    assert sql == "search_tsv @@ phraseto_tsquery('english', :p0)"
    assert params == {"p0": "machine learning"}


def test_search_only_tree_is_one_merged_tsquery() -> None:
    sql, params = _compile("(python OR go) -java")
    assert sql == (
        "search_tsv @@ ((plainto_tsquery('english', :p0) || plainto_tsquery('english', :p1))"
        " && (!! plainto_tsquery('english', :p2)))"
    )
    assert params == {"p0": "python", "p1": "go", "p2": "java"}
    assert sql.count("@@") == 1


@pytest.mark.parametrize(
    ("query", "param"),
    [
        ("title:engineer", "'engineer':A"),
        ("skill:python", "'python':B"),
        ("company:acme", "'acme':C"),
        ('company:"Acme Corp"', "'Acme Corp':C"),
        ("skill:C++", "'C++':B"),
    ],
)
def test_fields_become_weight_labelled_literals(query: str, param: str) -> None:
    sql, params = _compile(query)
    assert sql == "search_tsv @@ to_tsquery('english', :p0)"
    assert params == {"p0": param}


def test_location_tests_the_location_column_with_simple_config() -> None:
    sql, params = _compile('location:(Berlin OR "New York")')
    assert sql == (
        "location_tsv @@ (plainto_tsquery('simple', :p0) || phraseto_tsquery('simple', :p1))"
    )
    assert params == {"p0": "Berlin", "p1": "New York"}


def test_mixed_columns_combine_in_sql() -> None:
    sql, params = _compile("skill:python location:berlin")
    assert sql == (
        "(search_tsv @@ to_tsquery('english', :p0)"
        " AND location_tsv @@ plainto_tsquery('simple', :p1))"
    )
    assert params == {"p0": "'python':B", "p1": "berlin"}
    sql, _ = _compile("python OR location:berlin")
    assert " OR " in sql


def test_negated_location_keeps_candidates_without_location() -> None:
    sql, _ = _compile("python -location:berlin")
    assert sql == (
        "(search_tsv @@ plainto_tsquery('english', :p0)"
        " AND (NOT coalesce(location_tsv @@ plainto_tsquery('simple', :p1), false)))"
    )


def test_negated_mixed_group_is_null_safe() -> None:
    sql, params = _compile("python -(java OR location:berlin)")
    assert sql == (
        "(search_tsv @@ plainto_tsquery('english', :p0)"
        " AND (NOT coalesce((search_tsv @@ plainto_tsquery('english', :p1)"
        " OR location_tsv @@ plainto_tsquery('simple', :p2)), false)))"
    )
    _assert_only_placeholders(sql, params)


def test_custom_columns_and_param_prefix() -> None:
    compiled = compile_tsquery(
        parse_boolean("python location:berlin"),
        search_column="c.search_tsv",
        location_column="c.location_tsv",
        param_prefix="q",
    )
    assert compiled.where_sql == (
        "(c.search_tsv @@ plainto_tsquery('english', :q0)"
        " AND c.location_tsv @@ plainto_tsquery('simple', :q1))"
    )
    assert compiled.params == {"q0": "python", "q1": "berlin"}


@pytest.mark.parametrize(
    "kwargs",
    [
        {"search_column": "search_tsv; DROP TABLE x"},
        {"location_column": "location_tsv)"},
        {"location_column": "search_tsv"},
        {"param_prefix": "p-"},
    ],
)
def test_unsafe_identifiers_are_rejected(kwargs: dict[str, str]) -> None:
    with pytest.raises(ValueError):
        compile_tsquery(Term("python"), **kwargs)


@pytest.mark.parametrize(
    "query",
    [
        "python AND title:'; DROP TABLE candidates; select",
        "skill:o'brien company:\"x'); DELETE FROM candidates;\"",
        "location:(Berlin' OR 'x'='x) java",
        "\"a';--\" OR b\\'c",
        "title:'engineer':A|!&<-> skill:*",
    ],
)
def test_user_text_never_reaches_the_sql(query: str) -> None:
    compiled = compile_tsquery(parse_boolean(query))
    _assert_only_placeholders(compiled.where_sql, compiled.params)
    for sql in (compiled.where_sql, compiled.rank_tsquery or ""):
        assert ";" not in sql
        assert "DROP" not in sql and "DELETE" not in sql and "brien" not in sql


@pytest.mark.parametrize(
    ("text", "literal"),
    [
        ("engineer", "'engineer':A"),
        ("it's", "'it''s':A"),
        ("back\\slash", "'back\\\\slash':A"),
        ("a:b & c | !d <-> (e)", "'a:b & c | !d <-> (e)':A"),
        ("Zürich", "'Zürich':A"),
    ],
)
def test_quote_tsquery_literal(text: str, literal: str) -> None:
    assert quote_tsquery_literal(text, "A") == literal


def test_quote_tsquery_literal_rejects_empty_text() -> None:
    # '' would be a tsquery syntax error in PostgreSQL.
    with pytest.raises(ValueError):
        quote_tsquery_literal("  ", "B")


def test_rank_tsquery_ors_positive_search_leaves() -> None:
    compiled = compile_tsquery(parse_boolean("title:engineer python -java location:berlin"))
    assert compiled.rank_tsquery == (
        "(to_tsquery('english', :p0) || plainto_tsquery('english', :p1))"
    )
    assert compiled.positive_terms == ["engineer", "python", "berlin"]


def test_rank_tsquery_is_none_without_search_leaves() -> None:
    compiled = compile_tsquery(parse_boolean("location:berlin"))
    assert compiled.rank_tsquery is None
    assert compiled.positive_terms == ["berlin"]


def test_positive_terms_skip_negations_and_duplicates() -> None:
    compiled = compile_tsquery(
        parse_boolean('"machine learning" Python python -java -(-go) -(php OR perl)')
    )
    assert compiled.positive_terms == ["machine learning", "Python", "go"]


def test_compiling_a_hand_built_empty_term_fails() -> None:
    with pytest.raises(ValueError):
        compile_tsquery(Term("  "))


# --- natural language ---------------------------------------------------------------


def test_natural_language_terms_of_a_short_query() -> None:
    assert natural_language_terms("Senior Python developer in Berlin with 5+ years") == [
        "senior",
        "python",
        "developer",
        "berlin",
    ]


def test_natural_language_terms_keep_tech_symbols() -> None:
    terms = natural_language_terms("C++, C#, .NET and Node.js; CI/CD (k8s). Also R & Go.")
    assert terms == ["c++", "c#", ".net", "node.js", "ci/cd", "k8s", "r", "go"]


def test_natural_language_terms_of_a_job_description() -> None:
    terms = natural_language_terms(JOB_DESCRIPTION, max_terms=200)
    for expected in ["python", "backend", "engineer", "postgresql", "kubernetes", "kafka"]:
        assert expected in terms
    for expected in ["c++", "node.js", ".net", "ci/cd", "fastapi"]:
        assert expected in terms
    for filler in ["years", "experience", "requirements", "responsibilities", "strong", "team"]:
        assert filler not in terms
    for stopword in ["and", "the", "we", "or", "not", "a"]:
        assert stopword not in terms
    assert "5+" not in terms and "10" not in terms
    assert len(terms) == len(set(terms))
    # Order of first occurrence.
    assert terms[:4] == ["senior", "backend", "engineer", "python"]


def test_natural_language_terms_are_capped() -> None:
    assert len(natural_language_terms(JOB_DESCRIPTION)) == 32
    assert natural_language_terms(JOB_DESCRIPTION, max_terms=3) == [
        "senior",
        "backend",
        "engineer",
    ]


def test_natural_language_terms_handle_apostrophes_and_punctuation() -> None:
    terms = natural_language_terms("You'll join O’Brien's team... (Python!) e.g. Django, etc.")
    assert terms == ["o'brien", "python", "django"]


def test_natural_language_terms_of_nothing_useful() -> None:
    assert natural_language_terms("") == []
    assert natural_language_terms("we are looking for a strong team with 5+ years") == []
