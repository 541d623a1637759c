"""Verdicts on the real CloudFormation and SAM templates of the shared corpus, item by item.

Each row is the labelled verdict for one file. FINDING means ecslint must report at least one
finding of the item's rules; OK, N/A and UNDECIDABLE mean it must report none of them. Each
file is checked the way a user checks it: by scanning the directory that contains it, so that
local nested stacks in that directory are read through their parent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ecslint.rules import ALL_RULES
from ecslint.scan import ScanResult, scan
from tests.shared import CORPUS, requires_shared

pytestmark = requires_shared

ITEM_RULES = {
    "EXEC": (
        "ECS101",
        "ECS102",
        "ECS103",
        "ECS104",
        "ECS105",
        "ECS801",
        "ECS802",
        "ECS803",
        "ECS805",
    ),
    "TAG": ("ECS302", "ECS303", "ECS305"),
    "ARCH": ("ECS401", "ECS402", "ECS403", "ECS405"),
    "EPH": ("ECS501",),
    "NET": ("ECS201", "ECS206", "ECS701", "ECS702", "ECS703", "ECS704"),
    "SG443": ("ECS202", "ECS203"),
    "HUB": ("ECS601",),
}

F, OK, NA, UNDECIDABLE = "FINDING", "OK", "N/A", "UNDECIDABLE"

AWS_ECS = "cfn/aws-cloudformation__aws-cloudformation-templates/ECS"
FARGATE = f"{AWS_ECS}/FargateLaunchType"
EC2 = f"{AWS_ECS}/EC2LaunchType"
REFARCH = "cfn/aws-samples__ecs-refarch-cloudformation"
PATTERNS = "cfn/aws-samples__container-patterns/pattern"
ISOLATED = f"{PATTERNS}/ecs-cluster-isolated-vpc-no-nat-gateway/files"
DUAL_STACK = f"{PATTERNS}/dual-stack-ipv6-networking-ecs-fargate/files"
SAM_PATTERNS = "sam/aws-samples__container-patterns/pattern"

# A network or cluster stack without task definitions: no check applies to it.
NO_TASKS = {item: NA for item in ITEM_RULES}
# Fargate service stacks whose image is the parameter default `nginx` (Docker Hub, no tag).
# Their subnets and security groups come from Fn::ImportValue, so NET and SG443 need the parent
# stack. With no logs, no secrets and a public image, Fargate needs no execution role.
NGINX_FARGATE = {"TAG": F, "HUB": F, "NET": UNDECIDABLE, "SG443": UNDECIDABLE, "EXEC": OK}
# EC2 services: the same `nginx` default, and the container instances live in another stack.
NGINX_EC2 = {"TAG": F, "HUB": F, "NET": UNDECIDABLE, "SG443": UNDECIDABLE, "EXEC": OK}
# The refarch services on their own: the instance role, subnets and groups are in other files
# that only master.yaml reaches, through S3 URLs that are not read.
# Uncertain: the images are in ECR account 275396840892, and a pull from another account works
# only when that repository's policy allows the puller. Neither the stack's own account nor
# that policy is known from the template, so no EXEC rule may fire. A cross-account image is
# worth a note at most (ECS106). Repository policies for other accounts:
# https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policy-examples.html
REFARCH_SERVICE = {"EXEC": UNDECIDABLE, "NET": UNDECIDABLE, "SG443": UNDECIDABLE, "HUB": NA}

# file: {item: verdict}; items not listed are OK (no finding expected).
VERDICTS = {
    # Network and cluster stacks (inline execution-role policy, default egress).
    f"{FARGATE}/clusters/private-vpc.yaml": NO_TASKS,
    f"{FARGATE}/clusters/public-vpc.yaml": NO_TASKS,
    # Fargate services that import their network from the cluster stack.
    f"{FARGATE}/services/private-subnet-private-service.yaml": NGINX_FARGATE,
    # AssignPublicIp ENABLED in a private subnet is harmless and must not be flagged.
    f"{FARGATE}/services/private-subnet-public-service.yaml": NGINX_FARGATE,
    f"{FARGATE}/services/public-service.yaml": NGINX_FARGATE,
    # The JSON rendering, with Fn::ImportValue and Fn::Join in long form.
    f"{FARGATE}/services/public-service.json": NGINX_FARGATE,
    # The EC2 clusters. The instance role has the three pull actions. Its missing
    # ecr:BatchCheckLayerAvailability is worth a note at most, because the pull needs only
    # ecr:GetAuthorizationToken, ecr:BatchGetImage and ecr:GetDownloadUrlForLayer.
    f"{EC2}/clusters/private-vpc.yaml": NO_TASKS,
    f"{EC2}/clusters/public-vpc.yaml": NO_TASKS,
    # EC2 services whose instances are in the cluster stack.
    f"{EC2}/services/private-service.yaml": NGINX_EC2,
    f"{EC2}/services/public-service.yaml": NGINX_EC2,
    # httpd:2.4 (tagged, Docker Hub) and busybox (untagged). On EC2, awslogs uses the instance
    # role, which has the logs actions. The instances' subnets are a List parameter without a
    # default, and the instances' security group keeps the default egress.
    f"{AWS_ECS}/ECS_Schedule_Example.yaml": {"TAG": F, "HUB": F, "NET": UNDECIDABLE},
    # master.yaml names its children by S3 URL, so each file is read on its own.
    f"{REFARCH}/master.yaml": NO_TASKS,
    f"{REFARCH}/infrastructure/vpc.yaml": NO_TASKS,
    f"{REFARCH}/infrastructure/security-groups.yaml": NO_TASKS,
    f"{REFARCH}/infrastructure/ecs-cluster.yaml": NO_TASKS,
    f"{REFARCH}/infrastructure/load-balancers.yaml": NO_TASKS,
    f"{REFARCH}/infrastructure/lifecyclehook.yaml": NO_TASKS,
    f"{REFARCH}/services/product-service/service.yaml": REFARCH_SERVICE,
    f"{REFARCH}/services/website-service/service.yaml": REFARCH_SERVICE,
    # The isolated VPC with the full endpoint set. The SAM parent is in the sam/ tree, so
    # private-service.yml is read on its own. Its subnets are a List parameter and its image is
    # `!Ref ImageUri` without a default.
    f"{ISOLATED}/isolated-vpc.yml": NO_TASKS,
    f"{ISOLATED}/cluster.yml": NO_TASKS,
    f"{ISOLATED}/private-service.yml": {
        "TAG": UNDECIDABLE,
        "HUB": UNDECIDABLE,
        "NET": UNDECIDABLE,
        # The role name passed in a parameter is accepted by ECS.
        "EXEC": OK,
    },
    # Dual stack. service.yml alone has unknown subnets and image. Through its SAM parent the
    # endpoint path works although the internet path fails (no public IPv4).
    f"{DUAL_STACK}/ipv6-vpc.yml": NO_TASKS,
    f"{DUAL_STACK}/cluster.yml": NO_TASKS,
    f"{DUAL_STACK}/service.yml": {"TAG": UNDECIDABLE, "HUB": UNDECIDABLE, "NET": UNDECIDABLE},
    # The VPC of the sam-fargate pattern, with no ECS resources.
    f"{PATTERNS}/sam-fargate/files/vpc.yml": NO_TASKS,
    # Two untagged Docker Hub images on EC2, and no service.
    "cfn/bridgecrewio__checkov/tests/cloudformation/image_referencer/resources/aws/ecs.yaml": {
        "TAG": F,
        "HUB": F,
        "NET": UNDECIDABLE,
    },
    # `nginx` twice. The subnet is the literal subnet-12345678, whose routes are unknown, and
    # the services give no security group.
    "cfn/aws-cloudformation__cfn-lint/test/fixtures/templates/integration/cfn-gather.yaml": {
        "TAG": F,
        "HUB": F,
        "NET": UNDECIDABLE,
        "SG443": UNDECIDABLE,
    },
    # The SAM parents. Their children are in the cfn/ tree, not beside them, so everything they
    # would resolve stays unknown. Read with their children, they give no finding either.
    f"{SAM_PATTERNS}/ecs-cluster-isolated-vpc-no-nat-gateway/files/parent.yml": NO_TASKS,
    f"{SAM_PATTERNS}/dual-stack-ipv6-networking-ecs-fargate/files/parent.yml": NO_TASKS,
    # `${RepoUrl}:${ImageTag}` with ImageTag defaulting to `latest`, on a repository of the
    # same stack without ImageTagMutability (MUTABLE). The VPC child stack is not beside it.
    # Uncertain (ARCH): the image is built and pushed outside the template, so its architecture
    # cannot be compared with RuntimePlatform X86_64, and no rule may fire.
    f"{SAM_PATTERNS}/sam-fargate/files/template.yml": {
        "TAG": F,
        "HUB": NA,
        "ARCH": UNDECIDABLE,
        "NET": UNDECIDABLE,
    },
}

ROWS = [
    (path, item, verdicts.get(item, OK))
    for path, verdicts in VERDICTS.items()
    for item in ITEM_RULES
]

_SCANS: dict[Path, ScanResult] = {}


def scan_directory(directory: Path) -> ScanResult:
    """Return the scan of ``directory``, made once for all the rows of its files."""
    if directory not in _SCANS:
        _SCANS[directory] = scan([str(directory)], [rule() for rule in ALL_RULES])
    return _SCANS[directory]


def codes_for(path: str) -> set[str]:
    full = CORPUS / path
    result = scan_directory(full.parent)
    return {finding.rule for finding in result.findings if finding.location.path == str(full)}


@pytest.mark.parametrize(("path", "item", "verdict"), ROWS, ids=lambda v: str(v))
def test_corpus_verdict(path, item, verdict):
    found = codes_for(path) & set(ITEM_RULES[item])
    if verdict == F:
        assert found, f"{path}: expected a {item} finding"
    else:
        assert not found, f"{path}: unexpected {item} findings {sorted(found)}"


def test_corpus_labels_every_template():
    templates = {
        str(path.relative_to(CORPUS))
        for kind in ("cfn", "sam")
        for path in (CORPUS / kind).rglob("*")
        if path.suffix in (".yaml", ".yml", ".json")
    }
    assert templates == set(VERDICTS)


@pytest.mark.parametrize("directory", sorted({str(Path(path).parent) for path in VERDICTS}))
def test_corpus_directory_reads_cleanly(directory):
    result = scan_directory(CORPUS / directory)
    assert result.errors == []
    checked = {str(Path(path).relative_to(CORPUS)) for path in result.checked}
    assert {path for path in VERDICTS if str(Path(path).parent) == directory} <= checked
