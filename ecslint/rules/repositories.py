"""Cause 3: images in ECR repositories that the same stack or configuration creates.

An image belongs to a repository of the stack when the loader linked them (a CloudFormation
``Ref`` or ``GetAtt``, a Terraform reference) or when the image's ECR repository name equals
the repository's name.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from ecslint.images import ImageReference
from ecslint.model import Container, Model, TaskDefinition
from ecslint.model.registry import Repository
from ecslint.model.values import has_placeholder, is_unknown
from ecslint.rules._helpers import images
from ecslint.rules._permissions import ACCOUNT, REGION, EcrRepository, ecr_repository
from ecslint.rules.base import Finding, Rule, Severity
from ecslint.rules.pull_permissions import stack_account


def known_name(repository: Repository) -> str | None:
    name = repository.repository_name
    return name if isinstance(name, str) and name and not has_placeholder(name) else None


def stack_repository(
    model: Model, container: Container, image: ImageReference
) -> Repository | None:
    """Return the repository of the stack that the container's image is pulled from."""
    if container.repository is not None:
        return container.repository
    ecr = ecr_repository(image)
    if ecr is None:
        return None
    for repository in model.repositories:
        if known_name(repository) == ecr.name:
            return repository
    return None


def stack_images(
    model: Model,
) -> Iterator[tuple[TaskDefinition, Container, ImageReference, Repository]]:
    """Yield each container whose image is in a repository of the stack."""
    for task in model.task_definitions:
        for container, image in images(task):
            repository = stack_repository(model, container, image)
            if repository is not None:
                yield task, container, image, repository


def tag_text(image: ImageReference) -> str | None:
    """Return the image's tag ("latest" when it has none), or None for a digest or unknown tag."""
    if image.digest is not None or not image.known("tag"):
        return None
    return image.tag or "latest"


class MutableTagInStackRepository(Rule):
    """Image tag in a stack-created ECR repository whose tags are mutable.

    ## What it does
    Flags an image referenced by tag (or without a tag, which means `latest`) in an ECR
    repository the same stack creates, when the repository's tag mutability is MUTABLE. That is
    ECR's default when `ImageTagMutability` / `image_tag_mutability` is absent.

    ## Why it fails the task
    A mutable tag can be moved to another image or deleted by a push, a cleanup or a lifecycle
    policy. Tasks started later pull whatever the tag names then, or fail with
    `CannotPullContainerError: ... failed to resolve ref ... not found`.

    ## Example
    ```yaml
    Repo:
      Type: AWS::ECR::Repository
    TaskDef:
      Type: AWS::ECS::TaskDefinition
      Properties:
        ContainerDefinitions:
          - Name: web
            Image: !Sub "${Repo.RepositoryUri}:1.4.2"
    ```

    ## Use instead
    Set `ImageTagMutability: IMMUTABLE` on the repository, or pin the image by digest
    (`…/web@sha256:…`).

    ## References
    - https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html
    """

    code = "ECS305"
    name = "mutable-tag-in-stack-repository"
    cause = 3
    severity = Severity.WARNING

    def check(self, model: Model) -> Iterator[Finding]:
        for task, container, image, repository in stack_images(model):
            tag = tag_text(image)
            if tag is None or repository.tag_mutability != "MUTABLE":
                continue
            yield self.report(
                container,
                "image",
                f'Container `{container.name}`: tag "{tag}" is in repository `{repository.name}` '
                "of the same stack, whose tags are MUTABLE",
                f"set the tag mutability of `{repository.name}` to IMMUTABLE, or pin the image "
                "by digest",
                resource=task.name,
            )


def started_tasks(model: Model) -> set[int]:
    """Return the ids of the task definitions that a service or scheduled rule of the stack runs.

    A service whose desired count is 0 starts no task at the first deployment, and one whose
    count is unknown may not.
    """
    return {
        id(service.task_definition)
        for service in model.services
        if not is_unknown(service.desired_count) and service.desired_count != 0
    }


class ImageInNewRepository(Rule):
    """Service image in an ECR repository that the same stack creates.

    ## What it does
    Flags a container image of a task definition that a service (or scheduled rule) of the same
    stack runs, when the image is in an ECR repository that this stack creates. A service whose
    desired count is 0, or not known, starts no task at the first deploy and is left out
    (Terraform's `desired_count` is 0 when not set, CloudFormation's `DesiredCount` is 1).

    ## Why it fails the task
    A new repository is empty. At the first deploy the service starts its tasks as soon as the
    stack creates it, before a pipeline can push the image, and they fail with
    `CannotPullContainerError: ... failed to resolve ref ... not found` until an image is pushed.
    Later deploys are unaffected, so the problem shows only on a fresh account or Region.

    ## Example
    A template with `AWS::ECR::Repository` `Repo` and a service whose task definition uses
    `!Sub "${Repo.RepositoryUri}:latest"`.

    ## Use instead
    Create the repository in a separate stack, and push the image, before deploying the service
    stack. Or start the service with `DesiredCount: 0` until the image exists.

    ## References
    - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/stopped-task-error-codes.html
    - https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-push.html
    """

    code = "ECS306"
    name = "image-in-new-repository"
    cause = 3
    severity = Severity.WARNING

    def check(self, model: Model) -> Iterator[Finding]:
        started = started_tasks(model)
        for task, container, image, repository in stack_images(model):
            if id(task) not in started:
                continue
            yield self.report(
                container,
                "image",
                f'Container `{container.name}`: image "{image.text}" is in repository '
                f"`{repository.name}`, which the same stack creates (empty at the first deploy)",
                f"create and push to `{repository.name}` before the service starts, for example "
                "from a separate stack, or start the service with a desired count of 0",
                resource=task.name,
            )


def stack_home(model: Model) -> tuple[set[str], set[str]]:
    """Return the account ids and Region names that mean "this stack" in an ECR host.

    The pseudo parameters always do; a concrete account or Region does when a repository of the
    stack is pulled through a host that names it.
    """
    accounts, regions = {ACCOUNT}, {REGION}
    account = stack_account(model)
    if account is not None:
        accounts.add(account)
    for task in model.task_definitions:
        for container, image in images(task):
            ecr = ecr_repository(image)
            if ecr is not None and stack_repository(model, container, image) is not None:
                accounts.add(ecr.account)
                regions.add(ecr.region)
    return accounts, regions


def is_home(ecr: EcrRepository, home: tuple[set[str], set[str]]) -> bool:
    accounts, regions = home
    return ecr.account in accounts and ecr.region in regions


# difflib's similarity ratio from which a name counts as a misspelling of another:
# "order-api" and "orders-api" score 0.95, "otel-collector" and "worker" 0.2.
_TYPO_CUTOFF = 0.6


class UnknownStackRepository(Rule):
    """ECR image in the stack's account and Region whose repository the stack does not define.

    ## What it does
    Applies when a stack defines ECR repositories. An image in the stack's own account and Region
    is flagged when its repository name matches none of them but is close to one (a similarity
    of 0.6 or more), and the message names that one.
    The own account and Region are `${AWS::AccountId}` and `${AWS::Region}`, or the ones that the
    stack's other images of its repositories and its role ARNs name.

    ## Why it fails the task
    A repository name that differs from the one created, often by a typo or a renamed
    repository, makes the pull fail with `CannotPullContainerError: ... repository does not
    exist or may require 'docker login'`.

    ## Example
    A stack with `RepositoryName: orders-api` and an image
    `${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com/order-api:1.2`.

    ## Use instead
    Reference the repository instead of writing its name: `!GetAtt Repo.RepositoryUri` or
    `aws_ecr_repository.app.repository_url`.

    ## Known problems
    A repository created outside the stack under the same account and Region whose name is
    close to one of the stack's (`web` and `web2`) is flagged too. Repositories created by
    pull-through cache rules of the stack are not.

    ## References
    - https://docs.aws.amazon.com/AmazonECR/latest/userguide/Repositories.html
    """

    code = "ECS307"
    name = "unknown-stack-repository"
    cause = 3
    severity = Severity.WARNING

    def check(self, model: Model) -> Iterator[Finding]:
        names = [known_name(repository) for repository in model.repositories]
        if not names or None in names:
            return
        home = stack_home(model)
        for task in model.task_definitions:
            for container, image in images(task):
                ecr = ecr_repository(image)
                if not self._unknown(model, container, ecr, names, home):
                    continue
                # A name far from all of them is more likely a repository made elsewhere.
                closest = difflib.get_close_matches(ecr.name, names, n=1, cutoff=_TYPO_CUTOFF)
                if not closest:
                    continue
                yield self.report(
                    container,
                    "image",
                    f'Container `{container.name}`: repository "{ecr.name}" is not one of the '
                    f'stack\'s repositories (closest: "{closest[0]}")',
                    f'use the repository "{closest[0]}" by reference, or create "{ecr.name}"',
                    resource=task.name,
                )

    def _unknown(self, model, container, ecr, names, home) -> bool:
        if ecr is None or container.repository is not None or has_placeholder(ecr.name):
            return False
        if ecr.name in names or not is_home(ecr, home):
            return False
        return not any(_cached_by(rule.prefix, ecr.name) for rule in model.pull_through_cache_rules)


def _cached_by(prefix: object, name: str) -> bool:
    """Return True when a pull-through cache rule with ``prefix`` creates the repository."""
    if not isinstance(prefix, str) or has_placeholder(prefix):
        return True
    return name.startswith(prefix.strip("/") + "/")
