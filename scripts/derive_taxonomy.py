"""Derive the compact O*NET taxonomy that ships inside the package.

Usage (from the repository root):

    python scripts/derive_taxonomy.py [ONET_DIR] [--out app/taxonomy/data/onet_taxonomy.json.gz]

ONET_DIR holds the tab-separated O*NET 29.2 text files (default: `../shared/data/onet` relative
to the repository root; a path given on the command line is relative to the working
directory). Users never have that directory, so the product reads only the derived file; this
script is the single place that knows the O*NET file layout.

The output is deterministic (sorted, no timestamps, fixed gzip mtime) so that regenerating it
without a data change produces a byte-identical file and no spurious diff.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = REPO_ROOT / ".." / "shared" / "data" / "onet"
DEFAULT_OUT = REPO_ROOT / "app" / "taxonomy" / "data" / "onet_taxonomy.json.gz"

ATTRIBUTION = (
    "This product includes information from the O*NET 29.2 Database by the U.S. Department of "
    "Labor, Employment and Training Administration (USDOL/ETA), used under the CC BY 4.0 licence. "
    "O*NET® is a trademark of USDOL/ETA. The data has been modified (filtered and abridged)."
)

RELATED_CAP = 10
TASK_CAP = 8
TASK_MAX_CHARS = 160  # long task statements read badly as resume bullets
PAREN = re.compile(r"^(?P<main>[^()]+?)\s*\((?P<inner>[^()]+)\)\s*(?P<rest>.*)$")


def read_rows(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(reader)  # header row
        yield from reader


def split_parenthetical(title: str) -> list[str]:
    """'CEO (Chief Executive Officer)' -> both forms; recruiters search with either."""
    match = PAREN.match(title)
    if not match:
        return [title.strip()]
    main = f"{match['main']} {match['rest']}".strip()
    return [main, match["inner"].strip()]


class TitleBook:
    """Per-occupation titles with a 'how common is it' weight, deduplicated case-insensitively."""

    def __init__(self) -> None:
        self.weights: dict[str, dict[str, int]] = defaultdict(dict)
        self.spelling: dict[str, dict[str, str]] = defaultdict(dict)

    def add(self, code: str, title: str, weight: int) -> None:
        for form in split_parenthetical(title):
            if not form or form.lower() == "n/a":
                continue
            key = form.lower()
            if weight > self.weights[code].get(key, 0):
                self.weights[code][key] = weight
                self.spelling[code][key] = form

    def ranked(self, code: str) -> list[list[object]]:
        weights = self.weights.get(code, {})
        spelled = self.spelling.get(code, {})
        order = sorted(weights, key=lambda key: (-weights[key], len(key), key))
        return [[spelled[key], weights[key]] for key in order]


def load_titles(source: Path) -> TitleBook:
    """Weight 1..7: how many sources list the title (max 4), plus 2 if incumbents reported it,
    plus 1 more if O*NET shows it in My Next Move. Reported titles are what people call
    themselves, so they outrank the long tail of alternate titles."""
    book = TitleBook()
    reported: dict[tuple[str, str], int] = {}
    for code, title, shown in read_rows(source / "Sample of Reported Titles.txt"):
        reported[(code, title.lower())] = 3 if shown == "Y" else 2
    for code, title, short, sources in read_rows(source / "Alternate Titles.txt"):
        weight = min(4, len(sources.split(","))) + reported.pop((code, title.lower()), 0)
        book.add(code, title, weight)
        if short and short != "n/a":
            book.add(code, short, weight)
    # Reported titles with no alternate entry count as one source.
    for code, title, _shown in read_rows(source / "Sample of Reported Titles.txt"):
        bonus = reported.get((code, title.lower()))
        if bonus is not None:
            book.add(code, title, 1 + bonus)
    return book


def load_skills(
    source: Path,
) -> tuple[list[str], list[list[object]], dict[str, list[list[int]]]]:
    """Returns (categories, skills table, per-occupation [skill index, in_demand] lists)."""
    rows = list(read_rows(source / "Technology Skills.txt"))
    category_votes: dict[str, Counter[str]] = defaultdict(Counter)
    hot: dict[str, bool] = {}
    in_demand_any: dict[str, bool] = defaultdict(bool)
    occupations: Counter[str] = Counter()
    for code, example, _commodity, commodity_title, is_hot, is_in_demand in rows:
        del code
        category_votes[example][commodity_title] += 1
        hot[example] = is_hot == "Y"  # constant per example in 29.2
        in_demand_any[example] |= is_in_demand == "Y"
        occupations[example] += 1
    names = sorted(category_votes, key=str.lower)
    # A few examples sit under several commodities; the most frequent one is the fairest label.
    category_of = {name: category_votes[name].most_common(1)[0][0] for name in names}
    categories = sorted(set(category_of.values()))
    category_index = {title: i for i, title in enumerate(categories)}
    skill_index = {name: i for i, name in enumerate(names)}
    table: list[list[object]] = [
        [
            name,
            category_index[category_of[name]],
            int(hot[name]),
            int(in_demand_any[name]),
            occupations[name],
        ]
        for name in names
    ]
    per_occupation: dict[str, dict[int, int]] = defaultdict(dict)
    for code, example, _commodity, _title, _hot, is_in_demand in rows:
        index = skill_index[example]
        flag = int(is_in_demand == "Y")
        per_occupation[code][index] = max(flag, per_occupation[code].get(index, 0))

    def rank(item: tuple[int, int]) -> tuple[int, int, int, str]:
        index, flag = item
        return (-int(hot[names[index]]), -flag, -occupations[names[index]], names[index])

    ranked = {
        code: [[index, flag] for index, flag in sorted(skills.items(), key=rank)]
        for code, skills in per_occupation.items()
    }
    return categories, table, ranked


def load_tasks(source: Path) -> tuple[dict[str, list[str]], set[str]]:
    """Short core tasks per occupation, plus every lowercase word the task prose uses."""
    candidates: dict[str, list[tuple[int, int, int, str]]] = defaultdict(list)
    prose_words: set[str] = set()
    for position, row in enumerate(read_rows(source / "Task Statements.txt")):
        code, _task_id, task, task_type = row[0], row[1], row[2], row[3]
        prose_words.update(re.findall(r"\b[a-z][a-z'\-]*\b", task))
        too_long = int(len(task) > TASK_MAX_CHARS)
        candidates[code].append((int(task_type != "Core"), too_long, position, task.strip()))
    tasks = {
        code: [task for *_, task in sorted(items)[:TASK_CAP]] for code, items in candidates.items()
    }
    return tasks, prose_words


def load_related(source: Path) -> dict[str, list[str]]:
    related: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for code, other, _tier, index in read_rows(source / "Related Occupations.txt"):
        related[code].append((int(index), other))
    return {
        code: [other for _, other in sorted(items)[:RELATED_CAP]] for code, items in related.items()
    }


def build(source: Path) -> dict[str, object]:
    job_zones = {code: int(zone) for code, zone, *_ in read_rows(source / "Job Zones.txt")}
    titles = load_titles(source)
    categories, skills, occupation_skills = load_skills(source)
    tasks, prose_words = load_tasks(source)
    related = load_related(source)
    occupations: list[dict[str, object]] = []
    description_words: set[str] = set()
    for code, title, description in read_rows(source / "Occupation Data.txt"):
        description_words.update(re.findall(r"\b[a-z][a-z'\-]*\b", description))
        occupations.append(
            {
                "code": code,
                "title": title,
                "description": description.strip(),
                "job_zone": job_zones.get(code),
                "titles": titles.ranked(code),
                "skills": occupation_skills.get(code, []),
                "related": related.get(code, []),
                "tasks": tasks.get(code, []),
            }
        )
    occupations.sort(key=lambda occupation: str(occupation["code"]))
    # Words O*NET itself uses as plain lower-case English ("project", "access", "advanced"): a
    # short skill alias equal to one of them would fire on ordinary prose.
    common_words = sorted(prose_words | description_words)
    return {
        "format": 1,
        "source": "O*NET 29.2 Database",
        "attribution": ATTRIBUTION,
        "license": "CC BY 4.0",
        "license_url": "https://creativecommons.org/licenses/by/4.0/",
        "categories": categories,
        "skills": skills,
        "common_words": common_words,
        "occupations": occupations,
    }


def write(data: dict[str, object], out: Path) -> int:
    out.parent.mkdir(parents=True, exist_ok=True)
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    with (
        out.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as handle,
    ):
        handle.write(payload.encode("utf-8"))
    return out.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    data = build(args.source.resolve())
    size = write(data, args.out)
    occupations = data["occupations"]
    assert isinstance(occupations, list)
    print(f"wrote {args.out} ({size / 1024:.0f} KiB, {len(occupations)} occupations)")


if __name__ == "__main__":
    main()
