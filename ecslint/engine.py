"""Run the rules over models and collect findings, keeping a crashing rule from ending the scan."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from ecslint.errors import RULE_CRASHED, InputError
from ecslint.model import Model
from ecslint.rules.base import Finding, Rule

LOGGER = logging.getLogger(__name__)


def check_model(model: Model, rules: Iterable[Rule]) -> tuple[list[Finding], list[InputError]]:
    """Return the findings of ``rules`` on ``model``, and an error for each rule that crashed."""
    findings: list[Finding] = []
    errors: list[InputError] = []
    for rule in rules:
        try:
            findings.extend(rule.check(model))
        except Exception as error:  # noqa: BLE001 - one broken rule must not end the scan
            LOGGER.debug("rule %s crashed on %s", rule.code, model.path, exc_info=True)
            errors.append(
                InputError(
                    RULE_CRASHED,
                    model.path,
                    None,
                    f"rule {rule.code} failed with {type(error).__name__}: {error}; this is a bug "
                    "in ecslint, please report it with the input (run with --debug for the "
                    "traceback)",
                )
            )
    return findings, errors
