"""Platforms pinned by Dockerfiles beside an input."""

from __future__ import annotations

from ecslint.dockerfiles import final_stage_platform, find_platforms


def _write(tmp_path, text: str, name: str = "Dockerfile"):
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def test_final_stage_platform(tmp_path):
    path = _write(tmp_path, "FROM golang:1.23 AS build\nFROM --platform=linux/arm64 alpine:3.20\n")
    pinned = final_stage_platform(path)
    assert (pinned.architecture, pinned.location.line) == ("ARM64", 2)


def test_build_stage_platform_ignored(tmp_path):
    path = _write(tmp_path, "FROM --platform=linux/arm64 golang:1.23 AS build\nFROM alpine:3.20\n")
    assert final_stage_platform(path) is None


def test_build_argument_platform_ignored(tmp_path):
    path = _write(tmp_path, "FROM --platform=$TARGETPLATFORM alpine:3.20\n")
    assert final_stage_platform(path) is None


def test_amd64_platform(tmp_path):
    path = _write(tmp_path, "from --platform=linux/amd64 alpine:3.20\n")
    assert final_stage_platform(path).architecture == "X86_64"


def test_named_dockerfiles_found(tmp_path):
    _write(tmp_path, "FROM --platform=linux/arm64 alpine:3.20\n", "api.Dockerfile")
    _write(tmp_path, "FROM --platform=linux/amd64 alpine:3.20\n", "Dockerfile.worker")
    _write(tmp_path, "FROM --platform=linux/amd64 alpine:3.20\n", "notes.txt")
    found = find_platforms(str(tmp_path))
    assert [p.location.path.rsplit("/", 1)[-1] for p in found] == [
        "Dockerfile.worker",
        "api.Dockerfile",
    ]
