"""A small talent pool with known answers, for search and isolation tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

PROFILES: list[dict[str, Any]] = [
    {
        "id": "ds-berlin",
        "name": "Ada Lindqvist",
        "email": "ada@example.org",
        "headline": "Data Scientist",
        "location": "Berlin, Germany",
        "years_experience": 6,
        "experience": [
            {
                "title": "Data Scientist",
                "company": "Northwind Analytics",
                "start": "2019",
                "end": "present",
                "description": "Built machine learning models for churn prediction in Python "
                "with scikit-learn and pandas; deployed them with Docker.",
            },
        ],
        "skills": ["Python", "scikit-learn", "pandas", "SQL"],
    },
    {
        "id": "java-munich",
        "name": "Bruno Keller",
        "email": "bruno@example.org",
        "headline": "Backend Java Developer",
        "location": "Munich, Germany",
        "years_experience": 8,
        "experience": [
            {
                "title": "Java Developer",
                "company": "Contoso Bank",
                "start": "2016",
                "end": "present",
                "description": "Designed payment microservices in Java and Spring Boot on "
                "PostgreSQL; some Python scripting for tooling.",
            },
        ],
        "skills": ["Java", "Spring Boot", "PostgreSQL", "Python"],
    },
    {
        "id": "nurse-chicago",
        "name": "Carla Mendes",
        "email": "carla@example.org",
        "headline": "Registered Nurse",
        "location": "Chicago, IL",
        "years_experience": 4,
        "experience": [
            {
                "title": "Registered Nurse",
                "company": "Acme Health",
                "start": "2020",
                "end": "present",
                "description": "Provided patient care in an intensive care unit, administered "
                "medication and kept electronic health records in Epic.",
            },
        ],
        "skills": ["Epic Systems", "Patient care"],
    },
    {
        "id": "frontend-berlin",
        "name": "Dmitri Volkov",
        "email": "dmitri@example.org",
        "headline": "Frontend Engineer",
        "location": "Berlin, Germany",
        "years_experience": 2,
        "experience": [
            {
                "title": "Frontend Developer",
                "company": "Fabrikam Studio",
                "start": "2022",
                "end": "present",
                "description": "Built web user interfaces in React and TypeScript with "
                "accessible components and end-to-end tests.",
            },
        ],
        "skills": ["React", "TypeScript", "JavaScript", "HTML"],
    },
    {
        "id": "civil-pune",
        "name": "Esha Patil",
        "email": "esha@example.org",
        "headline": "Civil Site Engineer",
        "location": "Pune, India",
        "years_experience": 5,
        "experience": [
            {
                "title": "Site Engineer",
                "company": "Talreja Construction",
                "start": "2018",
                "end": "present",
                "description": "Supervised reinforced concrete structures on site, prepared "
                "drawings in AutoCAD and estimated quantities.",
            },
        ],
        "skills": ["AutoCAD", "Civil 3D"],
    },
    {
        "id": "devops-london",
        "name": "Femi Adeyemi",
        "email": "femi@example.org",
        "headline": "DevOps Engineer",
        "location": "London, United Kingdom",
        "years_experience": 7,
        "experience": [
            {
                "title": "Site Reliability Engineer",
                "company": "Litware Cloud",
                "start": "2017",
                "end": "present",
                "description": "Ran Kubernetes clusters on Amazon Web Services, wrote Terraform "
                "and Python automation, and on-call incident response.",
            },
        ],
        "skills": ["Kubernetes", "Terraform", "Python", "Amazon Web Services"],
    },
]


# A profile that fits the data-scientist project of the flow tests: used to check that a
# newly imported candidate is found, evaluated and announced without waiting.
NEW_FIT = {
    "id": "ds-new",
    "name": "Grace Hopper-Lee",
    "email": "grace@example.org",
    "headline": "Data Scientist",
    "location": "Berlin, Germany",
    "years_experience": 7,
    "experience": [
        {
            "title": "Data Scientist",
            "company": "Wingtip Labs",
            "start": "2018",
            "end": "present",
            "description": "Machine learning in Python with pandas and SQL.",
        }
    ],
    "skills": ["Python", "pandas", "SQL"],
}


def write_pool(path: Path) -> Path:
    path.write_text("".join(json.dumps(p) + "\n" for p in PROFILES), encoding="utf-8")
    return path
