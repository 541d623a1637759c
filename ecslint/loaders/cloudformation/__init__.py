"""Load CloudFormation, SAM and CDK templates into the model.

``load_template`` decodes the text with cfn-lint's decoder (``decode``) and resolves intrinsic
functions (``intrinsics``, ``references``). It builds one model object per resource
(``builders``, with the family modules ``ecs``, ``services``, ``network``, ``security``,
``iam``, ``capacity`` and ``registry``). It reads local nested stacks into the same model
(``nested``) and applies CDK asset platforms (``cdk``). cfn-lint is imported only by this
package, so task-definition files never pay for its import.

SAM templates are read like plain ones: the ECS and VPC resources of SAM patterns are plain
``AWS::`` resources, and ``AWS::Serverless::Application`` with a local ``Location`` is read as a
nested stack.
"""

from __future__ import annotations

from ecslint.loaders.cloudformation.nested import NestedStacks, read_stack
from ecslint.model import Model


def load_template(path: str, text: str) -> list[Model]:
    """Return the model of the template in ``text``, or no model for other documents.

    Raises ``InputFailure`` when the text is not valid YAML or JSON.
    """
    model = Model(path=path, kind="cloudformation")
    stack = read_stack(path, text, model, NestedStacks.for_template(path), overrides=None)
    if stack is None:
        return []
    from ecslint.loaders.cloudformation.cdk import apply_asset_platforms

    apply_asset_platforms(model, path)
    return [model]
