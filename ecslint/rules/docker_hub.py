"""Cause 6: anonymous pulls from Docker Hub, which are rate-limited."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ecslint.images import ImageReference
from ecslint.model import Model
from ecslint.model.values import is_unknown
from ecslint.rules._helpers import images
from ecslint.rules.base import Finding, Rule, Severity

_DOCKER_HUB_UPSTREAMS = ("registry-1.docker.io", "docker.io", "index.docker.io")


def _cache_prefix(model: Model) -> str | None:
    for rule in model.pull_through_cache_rules:
        upstream = rule.upstream_url
        if isinstance(upstream, str) and upstream.rstrip("/") in _DOCKER_HUB_UPSTREAMS:
            return rule.prefix if isinstance(rule.prefix, str) else None
    return None


def _cached_uri(image: ImageReference, prefix: str) -> str:
    path = image.repository if "/" in image.repository else f"library/{image.repository}"
    suffix = f":{image.tag}" if image.tag else ""
    suffix += f"@{image.digest}" if image.digest else ""
    return f"<account-id>.dkr.ecr.<region>.amazonaws.com/{prefix}/{path}{suffix}"


class DockerHubAnonymousPull(Rule):
    """Docker Hub image pulled without credentials.

    ## What it does
    Flags an image from Docker Hub (no registry host, or `docker.io`, `index.docker.io`,
    `registry-1.docker.io`) in a container without `repositoryCredentials`. `public.ecr.aws`,
    `quay.io` and other registries are not Docker Hub. When the same stack defines an ECR
    pull-through cache rule for Docker Hub, the fix names the cached image's URI.

    ## Why it fails the task
    Docker Hub limits anonymous pulls per source IP address, and every task behind one NAT
    gateway shares that address. Past the limit the task stops with `CannotPullContainerError:
    ... toomanyrequests: You have reached your pull rate limit`.

    ## Example
    ```json
    {"name": "log-router", "image": "amazon/aws-for-fluent-bit:2.32.4"}
    ```

    ## Use instead
    ```json
    {"name": "log-router", "image": "public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.4"}
    ```
    or an ECR pull-through cache URI, or `repositoryCredentials` with a Docker Hub token.

    ## References
    - https://docs.docker.com/docker-hub/usage/
    - https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache.html
    - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/private-auth.html
    """

    code = "ECS601"
    name = "docker-hub-anonymous-pull"
    cause = 6
    severity = Severity.WARNING

    def check(self, model: Model) -> Iterator[Finding]:
        prefix = _cache_prefix(model)
        for task in model.task_definitions:
            for container, image in images(task):
                if not image.on_docker_hub or not image.known("repository"):
                    continue
                # An invalid reference (ECS301) names no registry to pull from.
                if image.problems or container.credentials_parameter is not None:
                    continue
                yield self.report(
                    container,
                    "image",
                    f'container `{container.name}`: image "{image.text}" is pulled from Docker '
                    "Hub without credentials, and anonymous pulls are rate-limited",
                    self._fix(image, prefix),
                    resource=task.name,
                )

    @staticmethod
    def _fix(image: ImageReference, prefix: str | None) -> str:
        if prefix is not None:
            return f"pull through the stack's ECR cache rule: {_cached_uri(image, prefix)}"
        return (
            "pull through an ECR pull-through cache rule for Docker Hub, use the image from "
            "public.ecr.aws if it is published there, or set repositoryCredentials to a Secrets "
            "Manager secret with a Docker Hub token"
        )


_ARN = re.compile(r"^arn:aws[a-z-]*:(?P<service>[a-z0-9-]+):")
_SERVICE_NAMES = {
    "ssm": "Systems Manager Parameter Store",
    "kms": "AWS KMS",
    "s3": "Amazon S3",
    "iam": "IAM",
    "ecr": "Amazon ECR",
}


def _service_name(service: str) -> str:
    return _SERVICE_NAMES.get(service, f"the {service} service")


class CredentialsParameterNotSecret(Rule):
    """`repositoryCredentials.credentialsParameter` that is not a Secrets Manager secret.

    ## What it does
    Flags a `credentialsParameter` that is the ARN of something other than a Secrets Manager
    secret, such as a Systems Manager parameter. A secret name (without `arn:`) is accepted,
    because ECS resolves names of secrets in the task's own Region.

    ## Why it fails the task
    ECS reads private registry credentials only from Secrets Manager. With another ARN the task
    stops with `ResourceInitializationError: unable to pull secrets or registry auth`.

    ## Example
    ```json
    {"repositoryCredentials": {"credentialsParameter": "arn:aws:ssm:us-east-1:123456789012:parameter/dockerhub"}}
    ```

    ## Use instead
    ```json
    {"repositoryCredentials": {"credentialsParameter": "arn:aws:secretsmanager:us-east-1:123456789012:secret:dockerhub-AbCdEf"}}
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/private-auth.html
    - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RepositoryCredentials.html
    """

    code = "ECS602"
    name = "credentials-parameter-not-secret"
    cause = 6
    severity = Severity.ERROR

    def check(self, model: Model) -> Iterator[Finding]:
        for task in model.task_definitions:
            for container in task.known_containers():
                parameter = container.credentials_parameter
                if parameter is None or is_unknown(parameter):
                    continue
                match = _ARN.match(parameter)
                if match is None or match.group("service") == "secretsmanager":
                    continue
                yield self.report(
                    container,
                    "repositoryCredentials.credentialsParameter",
                    f'Container `{container.name}`: credentialsParameter "{parameter}" is an ARN '
                    f"of {_service_name(match.group('service'))}, but ECS reads registry "
                    "credentials only from Secrets Manager",
                    "store the registry user name and password as a Secrets Manager secret and "
                    "give its ARN",
                    resource=task.name,
                )
