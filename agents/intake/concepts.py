"""Skills job ads name that O*NET's technology list does not: practices, protocols and newer
frameworks ("REST APIs", "microservices", "CI/CD", "Jest", "Next.js", "FHIR").

Found only in the parts of an ad that hold requirements (and in a chat request), so a word
with an everyday sense ("Sketch", "Unity", "Helm") is matched only as written, capitalised.
They come back as `SkillMatch`es like the taxonomy's, with the concept's name as canonical.
"""

from __future__ import annotations

import re
from functools import cache

from app.taxonomy import SkillMatch

# (name as shown, pattern, case-sensitive)
_CONCEPTS: tuple[tuple[str, str, bool], ...] = (
    ("REST APIs", r"\bREST(?:ful)?(?:\s+(?:APIs?|web\s+services|services|interfaces))?\b", True),
    ("REST APIs", r"\brestful\s+(?:apis?|services)\b|\brest\s+apis?\b", False),
    ("microservices", r"\bmicro-?services?\b", False),
    ("CI/CD", r"\bCI\s*/\s*CD\b|\bcontinuous\s+(?:integration|delivery|deployment)\b", False),
    ("Jest", r"\bJest\b", True),
    ("Cypress", r"\bCypress\b", True),
    ("Playwright", r"\bPlaywright\b", True),
    ("Next.js", r"\bNext\.?js\b", False),
    ("Nuxt.js", r"\bNuxt(?:\.?js)?\b", False),
    ("Svelte", r"\bSvelte(?:Kit)?\b", False),
    ("HL7", r"\bHL7\b", False),
    ("FHIR", r"\bFHIR\b", False),
    ("FastAPI", r"\bFastAPI\b", False),
    ("dbt", r"\bdbt\b", False),
    ("Snowflake", r"\bSnowflake\b", True),
    ("Databricks", r"\bDatabricks\b", False),
    ("Grafana", r"\bGrafana\b", False),
    ("Helm", r"\bHelm\b", True),
    ("Argo CD", r"\bArgo\s?CD\b", False),
    ("TestCafe", r"\bTestCafe\b", False),
    ("Flutter", r"\bFlutter\b", True),
    ("Tailwind CSS", r"\bTailwind(?:\s*CSS)?\b", True),
    ("Sass", r"\bSass\b|\bSCSS\b", True),
    ("gRPC", r"\bgRPC\b", False),
    ("Cassandra", r"\bCassandra\b", True),
    ("machine learning", r"\bmachine[- ]learning\b", False),
    ("deep learning", r"\bdeep[- ]learning\b", False),
    ("NLP", r"\bNLP\b|\bnatural\s+language\s+processing\b", False),
    ("computer vision", r"\bcomputer\s+vision\b", False),
    ("LLMs", r"\bLLMs?\b|\blarge\s+language\s+models?\b", False),
    ("OAuth", r"\bOAuth\s?2?(?:\.0)?\b", False),
    ("TDD", r"\bTDD\b|\btest[- ]driven\s+development\b", False),
    ("Agile", r"\bAgile\b|\bagile\s+(?:methodolog\w+|development|teams?)\b", True),
    ("Scrum", r"\bScrum\b", True),
    ("Sketch", r"\bSketch\b", True),
    ("user research", r"\b(?:user|UX)\s+research\b", False),
    ("A/B testing", r"\bA/B\s+test\w*\b", False),
    ("Ruby on Rails", r"\bRuby\s+on\s+Rails\b|\bRails\b", True),
    ("Laravel", r"\bLaravel\b", False),
    ("Unity", r"\bUnity(?:3D)?\b", True),
    ("Unreal Engine", r"\bUnreal(?:\s+Engine)?\b", True),
    ("OpenCV", r"\bOpenCV\b", False),
    ("ETL", r"\bETL\b|\bELT\b", True),
    ("data warehousing", r"\bdata\s+warehous\w+\b", False),
    ("data modeling", r"\bdata\s+model(?:l)?ing\b", False),
    ("statistics", r"\bstatistics\b|\bstatistical\s+(?:analysis|modell?ing|methods)\b", False),
    (
        "object-oriented programming",
        r"\bobject[- ]oriented\s+(?:programming|design)\b|\bOOP\b",
        False,
    ),
    ("distributed systems", r"\bdistributed\s+systems?\b", False),
    ("system design", r"\bsystems?\s+design\b", False),
    ("unit testing", r"\bunit\s+test(?:s|ing)?\b", False),
    ("test automation", r"\b(?:test\s+automation|automated\s+test(?:s|ing))\b", False),
    ("PCI DSS", r"\bPCI(?:[- ]DSS)?\b", True),
    ("GDPR", r"\bGDPR\b", False),
    ("ISO 27001", r"\bISO\s?27001\b", False),
    ("SOC 2", r"\bSOC\s?2\b", False),
    ("penetration testing", r"\bpenetration\s+test\w*\b|\bpen[- ]?test\w*\b", False),
    ("SIEM", r"\bSIEM\b", False),
    ("Splunk", r"\bSplunk\b", False),
    ("Datadog", r"\bDatadog\b", False),
    ("OpenTelemetry", r"\bOpenTelemetry\b", False),
    ("Istio", r"\bIstio\b", False),
    ("Nginx", r"\bNginx\b", False),
    ("AWS Lambda", r"\b(?:AWS\s+)?Lambda\b", True),
    ("serverless", r"\bserverless\b", False),
    ("Pulumi", r"\bPulumi\b", False),
    ("LangChain", r"\bLangChain\b", False),
    ("Hugging Face", r"\bHugging\s?Face\b", False),
    ("LightGBM", r"\bLightGBM\b", False),
)
CATEGORY = "job-ad concept"


@cache
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple(
        (name, re.compile(pattern, 0 if case else re.IGNORECASE))
        for name, pattern, case in _CONCEPTS
    )


def find_concepts(text: str) -> list[SkillMatch]:
    """Concept mentions in `text`, leftmost-longest, one per span."""
    found: list[SkillMatch] = []
    for name, pattern in _patterns():
        for match in pattern.finditer(text):
            if any(f.start < match.end() and match.start() < f.end for f in found):
                continue
            found.append(
                SkillMatch(name, match.group(0), match.start(), match.end(), CATEGORY, True, False)
            )
    return sorted(found, key=lambda m: m.start)


def concept_named(name: str) -> str | None:
    """The concept a whole phrase names ("RESTful APIs" -> "REST APIs"), else None."""
    for concept, pattern in _patterns():
        match = pattern.fullmatch(name.strip())
        if match:
            return concept
    return None
