"""Network reachability of the registry, the S3 layer bucket and the start-up endpoints.

``analyse`` yields, for each subnet each puller uses, path (a) through the internet and path
(b) through VPC endpoints for each image, as ``Step`` results that are OK, BROKEN (with the
resources at fault) or UNKNOWN. ``firewall`` and ``nacl`` check security groups and network
ACLs on those paths. A rule reports only BROKEN steps.
"""

from ecslint.network.paths import EndpointPath, SubnetPaths, analyse
from ecslint.network.pullers import Puller, pullers
from ecslint.network.status import Status, Step

__all__ = ["EndpointPath", "Puller", "Status", "Step", "SubnetPaths", "analyse", "pullers"]
