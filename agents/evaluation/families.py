"""Skill families: a platform and the services it is made of.

"Experience with AWS" is shown by "Amazon Simple Storage Service S3" or "EC2" on the same
resume, even when the letters "AWS" never appear: someone who ran S3 buckets used AWS. A
member is good evidence for its family, not as good as the family named outright, so its
hits count at `MEMBER_FACTOR` of their usual confidence and the explanation names them. The
other way does not hold: "AWS" alone says nothing about Kinesis.

Members are O*NET skill names where O*NET lists the service, and written names otherwise
(word-bounded and case-sensitive, so "lambda" in Python code is not AWS Lambda).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MEMBER_FACTOR = 0.8


@dataclass(frozen=True, slots=True)
class Family:
    name: str  # the canonical O*NET skill of the family
    members: frozenset[str]  # canonical O*NET skills that belong to it
    written: re.Pattern[str] | None  # service names O*NET does not list


def _written(*names: str) -> re.Pattern[str]:
    body = "|".join(sorted((re.escape(n).replace(r"\ ", r"[ \t-]?") for n in names), key=len))
    return re.compile(rf"(?<![\w.+#-])(?:{body})(?![\w+#])")


FAMILIES: dict[str, Family] = {
    family.name: family
    for family in (
        Family(
            "Amazon Web Services AWS software",
            frozenset(
                {
                    "Amazon Data Pipeline",
                    "Amazon DynamoDB",
                    "Amazon Elastic Compute Cloud EC2",
                    "Amazon Elastic Container Service ECS",
                    "Amazon Kinesis",
                    "Amazon Redshift",
                    "Amazon Simple Storage Service S3",
                    "Amazon Web Services AWS CloudFormation",
                    "Amazon Web Services AWS SageMaker",
                    "AWS Elastic MapReduce (EMR)",
                }
            ),
            _written(
                "AWS Lambda",
                "Amazon Lambda",
                "CloudWatch",
                "CloudFront",
                "Elastic Beanstalk",
                "Route 53",
                "Amazon SQS",
                "Amazon SNS",
                "Amazon RDS",
                "AWS RDS",
                "Amazon Aurora",
                "Amazon Athena",
                "AWS Glue",
                "Amazon EKS",
                "AWS Fargate",
                "AWS IAM",
                "Amazon S3",
                "Amazon EC2",
            ),
        ),
        Family(
            "Google Cloud software",
            frozenset({"BigQuery", "Google Compute Engine (GCE)"}),
            _written(
                "Google Kubernetes Engine",
                "GKE",
                "Cloud Run",
                "Cloud Functions",
                "Google Cloud Storage",
                "Cloud Pub/Sub",
                "Dataflow",
                "Dataproc",
                "Firestore",
                "Cloud SQL",
                "Vertex AI",
                "App Engine",
            ),
        ),
        Family(
            "Microsoft Azure software",
            frozenset({"Microsoft Azure DevOps Services", "Microsoft Azure Sentinel"}),
            _written(
                "Azure Functions",
                "Azure SQL",
                "Azure Blob Storage",
                "Cosmos DB",
                "AKS",
                "Azure Data Factory",
                "Azure Synapse",
                "Azure DevOps",
            ),
        ),
    )
}


def family_of(skill: str | None) -> Family | None:
    return FAMILIES.get(skill) if skill else None
