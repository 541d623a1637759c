"""The ordered table of stopped-reason patterns.

``explain`` returns the advice of the first pattern that matches, so a pattern must come
before any broader one that would also match its texts. The groups run in this order:

1. rejected task definitions, volumes and the credentials endpoint, which name their subject;
2. the awslogs logging driver;
3. secrets and registry credentials;
4. the image pull: access errors, disk, rate limit and platform before timeouts, and S3 layer
   downloads before the general network timeouts, then missing images;
5. container start.

Patterns match case-insensitively against text whose whitespace and curly quotes were
normalised.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ecslint.explain import advice as a
from ecslint.explain.advice import Advice, variant


@dataclass(frozen=True)
class Pattern:
    """Regular expressions that must all match, in order, and the advice for such texts.

    Ordered parts stand in for one expression ``A.*B``, which Python's engine retries from
    every match of ``A`` and so takes quadratic time on long texts.
    """

    parts: tuple[re.Pattern[str], ...]
    advice: Advice

    def matches(self, text: str) -> bool:
        """Return True when each part matches after the end of the previous part's match."""
        position = 0
        for part in self.parts:
            found = part.search(text, position)
            if found is None:
                return False
            position = found.end()
        return True


def _pattern(expressions: str | tuple[str, ...], advice: Advice) -> Pattern:
    if isinstance(expressions, str):
        expressions = (expressions,)
    parts = tuple(re.compile(expression, re.IGNORECASE) for expression in expressions)
    return Pattern(parts, advice)


# An Amazon ECR registry host, such as 123456789012.dkr.ecr.us-east-1.amazonaws.com.
_ECR_HOST = r"[0-9a-z]+\.dkr\.ecr(?:-fips)?\.[a-z0-9-]+\.amazonaws\.com"

# Agent messages about secrets named in a container's secrets or secretOptions.
_SECRETS = r"(?:secrets? from (?:asm|ssm)|secrets manager|secretsmanager:|ssm:GetParameter)"

# Words that show a connection failed or timed out.
_TIMEOUT = (
    r"(?:connection issue|deadline exceeded|i/o timeout|timed out|timeout|RequestCanceled|"
    r"send request failed|dial tcp|no such host|connection (?:refused|reset))"
)

_MISSING_ROLE_FOR_ECR = variant(a.MISSING_EXECUTION_ROLE, rules=("ECS101",))
_MISSING_ROLE_FOR_LOGS = variant(a.MISSING_EXECUTION_ROLE, rules=("ECS802",))
_MISSING_ROLE_FOR_SECRETS = variant(a.MISSING_EXECUTION_ROLE, rules=("ECS801",))

_BARE_DIGEST = variant(
    a.IMAGE_REFERENCE,
    summary=(
        "The image is a digest without a repository name, so it was looked up as a Docker "
        "Hub repository called sha256."
    ),
    rules=("ECS304",),
)

# NOTE: in the reported messages, access denied, not found and invalid input end after one
# try, and timeouts after several. The agent's documentation does not promise this, so these
# two patterns apply only to messages cut off before the error itself.
_SECRETS_ONE_TRY = variant(
    a.SECRETS_ACCESS,
    summary=(
        "ECS could not read a secret or parameter. The message is cut off before the error, "
        "but a single try points to access denied or a missing secret rather than a timeout."
    ),
    confirm=(
        a.SECRETS_ACCESS.confirm
        + " Also run `aws secretsmanager describe-secret --secret-id <value-from>` or `aws ssm "
        "get-parameters --names <value-from>` to check that the secret or parameter exists."
    ),
)
_SECRETS_RETRIED = variant(
    a.SECRETS_NETWORK,
    summary=(
        "ECS could not read a secret or parameter. The message is cut off before the error, "
        "but repeated tries point to a connection timeout."
    ),
)

_SHA_TAG_WITHOUT_REGISTRY = variant(
    a.IMAGE_NOT_FOUND,
    summary=(
        "The image has no registry host and a commit-hash tag, so Docker Hub was asked for "
        "an image that most likely lives in ECR."
    ),
    rules=("ECS308", "ECS301"),
)
_DOCKER_HUB_DENIED = variant(
    a.IMAGE_NOT_FOUND,
    summary=(
        "Docker Hub has no public repository with this name. Docker Hub gives the same "
        "answer for a private repository pulled without credentials."
    ),
)
_RESOLVE_REF_CUT_OFF = variant(
    a.IMAGE_NOT_FOUND,
    summary=(
        "The image reference could not be resolved, which most often means the tag does not "
        "exist. The message is cut off, and a network failure can end the same way."
    ),
)
_DOCKER_HUB_STATUS = variant(
    a.DOCKER_HUB_RATE_LIMIT,
    summary=(
        "Docker Hub answered with an unexpected status code. The usual one is 429 Too Many "
        "Requests, the pull rate limit."
    ),
)
_UNEXPECTED_STATUS = variant(
    a.ARCHITECTURE,
    summary=(
        "The registry refused a layer or manifest download with an unexpected status code, "
        "which often means the image has no build for the task's platform."
    ),
    confirm=(
        a.ARCHITECTURE.confirm
        + " The same text appears when access to the image is denied, so if the image lists "
        "the task's platform, check the pull permissions (cause 1)."
    ),
)
_PULL_KILLED = variant(
    a.NETWORK_PATH,
    summary="The pull was stopped before it finished, most often because it could not download.",
)
_DOCKER_TIMEOUT = variant(
    a.NETWORK_PATH,
    summary=(
        "The container did not start within the agent's time limit. With locked-down egress "
        "this is most often an image download that never finished."
    ),
)
_REGISTRY_UNREACHABLE = variant(
    a.NETWORK_PATH,
    summary=(
        "No registry endpoint answered. Check the task's network first, then the registry's "
        "status page, because an outage of the registry looks the same."
    ),
)
_START_404 = variant(
    a.COMMAND,
    summary=(
        "Docker could not start the container (API error 404). In reported cases the command "
        "was one string instead of an array, so no executable with that name existed."
    ),
)

PATTERNS: tuple[Pattern, ...] = (
    # Rejected task definitions and service settings.
    _pattern(r"execution role ARN to support ECR images", _MISSING_ROLE_FOR_ECR),
    _pattern(r"execution role ARN to support log driver", _MISSING_ROLE_FOR_LOGS),
    _pattern((r"specifying container secrets", r"'executionRoleArn'"), _MISSING_ROLE_FOR_SECRETS),
    _pattern(
        r"requires task definition to have execution role|must (?:also )?specify a value for "
        r"'?executionRoleArn",
        a.MISSING_EXECUTION_ROLE,
    ),
    _pattern(r"assign public IP is not supported", a.PUBLIC_IP_LAUNCH_TYPE),
    _pattern(r"(?:docker\.io/)?library/sha256:[0-9a-f]{64}|ref \"?sha256:[0-9a-f]", _BARE_DIGEST),
    _pattern(
        r"image contains invalid characters|invalid reference format|"
        r"'registryIds' failed to satisfy constraint",
        a.IMAGE_REFERENCE,
    ),
    # Volumes and the credentials endpoint, whose messages also contain timeout words.
    _pattern(r"EFS utils|mount\.nfs|elasticfilesystem|\bEFS volume", a.EFS),
    _pattern(r"CannotCreateVolumeError", a.VOLUME),
    _pattern(r"CredentialsEndpointError|169\.254\.170\.2", a.CREDENTIALS_ENDPOINT),
    # The awslogs logging driver.
    _pattern(r"specified log group does not exist", a.LOG_GROUP_MISSING),
    _pattern(
        r"logs:CreateLogGroup|create cloudwatch log group:\s*AccessDenied",
        a.LOG_GROUP_CREATE_PERMISSION,
    ),
    _pattern(
        r"not authorized to perform:? logs:|cloudwatch log stream:\s*AccessDenied",
        a.LOGS_PERMISSIONS,
    ),
    _pattern(
        (r"logging driver|cloudwatch log|logs\.[a-z0-9-]+\.amazonaws\.com", _TIMEOUT),
        a.LOGS_NETWORK,
    ),
    # Secrets and registry credentials.
    _pattern(
        r"access to KMS is not allowed|kms:Decrypt|KMSAccessDenied|\bKMS[A-Za-z]{0,40}Exception",
        a.KMS_DECRYPT,
    ),
    _pattern(
        r"registry auth from asm|repositoryCredentials|credentialsParameter", a.REGISTRY_CREDENTIALS
    ),
    _pattern((_SECRETS, _TIMEOUT), a.SECRETS_NETWORK),
    _pattern((_SECRETS, r"AccessDenied|not authorized"), a.SECRETS_ACCESS),
    _pattern(
        (
            _SECRETS,
            r"VersionId|VersionStage|json key|InvalidParameter:|looking for beginning of value|"
            r"invalid character",
        ),
        a.SECRET_REFERENCE,
    ),
    _pattern(
        (
            _SECRETS,
            r"ResourceNotFoundException|ParameterNotFound|invalid parameters|"
            r"can't find the specified secret",
        ),
        a.SECRET_NOT_FOUND,
    ),
    _pattern(r"secrets? from (?:asm|ssm): service call has been retried 1 time", _SECRETS_ONE_TRY),
    _pattern(r"secrets? from (?:asm|ssm): service call has been retried [2-9]", _SECRETS_RETRIED),
    # Image pull: access to ECR, disk, rate limit and platform.
    _pattern(r"check that the role has the permissions", a.IAM_PULL_PERMISSIONS),
    _pattern(
        (
            r"ecr registry auth|registry auth from Amazon ECR|GetAuthorizationToken|\becr:",
            r"AccessDenied|not authorized|\b403\b",
        ),
        a.IAM_PULL_PERMISSIONS,
    ),
    _pattern(
        r"no basic auth credentials|CannotPullECRContainerError:\s*AccessDenied",
        a.IAM_PULL_PERMISSIONS,
    ),
    _pattern(
        r"unauthorized: (?:authentication required|incorrect username)", a.REGISTRY_CREDENTIALS
    ),
    _pattern(r"no space left on device", a.DISK_SPACE),
    _pattern(
        r"toomanyrequests|too many requests|pull rate limit|status code:? ?429",
        a.DOCKER_HUB_RATE_LIMIT,
    ),
    _pattern(r"starport-layer-bucket", a.S3_ENDPOINT),
    _pattern(r"\b403 Forbidden\b", a.IAM_PULL_PERMISSIONS),
    # Docker returns 404 when the repository is missing and 403 when the pull is refused.
    _pattern(r"API error \(404\): pull access denied", a.IMAGE_NOT_FOUND),
    _pattern(rf"pull access denied for {_ECR_HOST}", a.IAM_PULL_PERMISSIONS),
    _pattern((r"docker\.io", r"unexpected status code"), _DOCKER_HUB_STATUS),
    _pattern((r"unexpected status code", r"docker\.io"), _DOCKER_HUB_STATUS),
    _pattern(
        r"descriptor matching platform|descriptor for platform|no matching manifest for|"
        r"exec format error|does not match the specified platform|"
        r"cannot be used on this platform",
        a.ARCHITECTURE,
    ),
    _pattern(r"httpReaderSeeker: failed open: unexpected status code", _UNEXPECTED_STATUS),
    # Image pull: layer downloads from S3, then the network path in general.
    _pattern(r"error pulling image configuration|nil pointer dereference", a.S3_ENDPOINT),
    _pattern((r"failed to copy:", _TIMEOUT), a.S3_ENDPOINT),
    _pattern(r"^(?:CannotPullContainerError:\s*)?context canceled\W*$", a.S3_ENDPOINT),
    _pattern(r"pull command failed: :? ?signal: killed", _PULL_KILLED),
    _pattern(r"DockerTimeoutError", _DOCKER_TIMEOUT),
    _pattern(r"could not reach any registry endpoint", _REGISTRY_UNREACHABLE),
    _pattern(
        rf"request canceled while waiting for connection|Client\.Timeout exceeded|{_TIMEOUT}|"
        r"exceeded maximum number of attempts|TLS handshake",
        a.NETWORK_PATH,
    ),
    # Image pull: the image or tag does not exist.
    _pattern(
        r"manifest for (?:docker\.io/)?(?:library/)?[a-z0-9._-]+:(?=[0-9]*[a-f])[0-9a-f]{7,40} "
        r"not found",
        _SHA_TAG_WITHOUT_REGISTRY,
    ),
    _pattern(
        r"manifest for \S|manifest unknown|name unknown|repository \S+ not found|"
        r"does not exist or no pull access|tag \S+ not found in repository|"
        r"ImageNotFoundException|RepositoryNotFoundException",
        a.IMAGE_NOT_FOUND,
    ),
    _pattern((r"failed to resolve ref", r"\bnot found"), a.IMAGE_NOT_FOUND),
    _pattern(r"pull access denied for [^\s,]+, repository does not exist", _DOCKER_HUB_DENIED),
    _pattern(r"repository does not exist", a.IMAGE_NOT_FOUND),
    _pattern(r"failed to resolve ref\W*$", _RESOLVE_REF_CUT_OFF),
    # Container start.
    _pattern(r"CannotStartContainerError: API error \(404\)\W*$", _START_404),
    _pattern(r"executable file not found", a.COMMAND),
    _pattern((r"starting container process caused:? exec: ", r"no such file|not found"), a.COMMAND),
    _pattern(r"essential container in task exited", a.CONTAINER_EXITED),
)
