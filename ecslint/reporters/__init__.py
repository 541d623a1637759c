"""Reporters: turn a scan result into text, JSON or other formats."""

from __future__ import annotations

from ecslint.reporters.json import render_json
from ecslint.reporters.text import render_text

RENDERERS = {"text": render_text, "json": render_json}

__all__ = ["RENDERERS", "render_json", "render_text"]
