"""Reporters: turn a scan result into text, JSON or other formats."""

from __future__ import annotations

from ecslint.reporters.github import render_github
from ecslint.reporters.json import render_json
from ecslint.reporters.sarif import render_sarif
from ecslint.reporters.text import render_text

RENDERERS = {
    "text": render_text,
    "json": render_json,
    "sarif": render_sarif,
    "github": render_github,
}

__all__ = ["RENDERERS", "render_github", "render_json", "render_sarif", "render_text"]
