"""Render benchmark results as Markdown: the machine, the commands and every number."""

from __future__ import annotations

import statistics

SINGLE_FILE_SECONDS = 0.3
SINGLE_FILE_MB = 80.0


def render(results: dict) -> str:
    sections = [
        f"# ecslint benchmark, {results['date']}",
        _machine(
            results["machine"], results.get("load_after", ""), results.get("commit_after", "")
        ),
        *(_tree(tree, results["runs"]) for tree in results["trees"]),
        _single_file(results["single_file"]),
        *([_single_template(results["single_template"])] if "single_template" in results else []),
        _imports(results["imports"]),
    ]
    if results.get("fuzz"):
        sections.append(_fuzz(results["fuzz"]))
    return "\n\n".join(sections) + "\n"


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def _machine(machine: dict, load_after: str, commit_after: str) -> str:
    rows = [[key, value] for key, value in machine.items() if key != "load_before"]
    if commit_after and commit_after != machine["ecslint commit"]:
        rows.append(["ecslint commit at the end (the code changed during the run)", commit_after])
    rows.append(
        ["load average (1, 5, 15 min) before / after", f"{machine['load_before']} / {load_after}"]
    )
    return "## Machine\n\n" + _table(["item", "value"], rows)


def _median(samples: list[dict], key: str) -> float:
    return statistics.median(sample[key] for sample in samples)


def _cpu_seconds(samples: list[dict]) -> float:
    return statistics.median(sample["user"] + sample["system"] for sample in samples)


def _tree_row(tree: dict, tool: str, samples: list[dict]) -> list[str]:
    wall, cpu = _median(samples, "wall"), _cpu_seconds(samples)
    return [
        tool,
        f"`{tree['commands'][tool]}`",
        f"{wall:.2f}",
        f"{min(sample['wall'] for sample in samples):.2f}",
        f"{cpu:.2f}",
        f"{cpu / wall:.2f}" if wall else "-",
        f"{_median(samples, 'rss_mb'):.0f}",
        tree["summaries"][tool],
    ]


def _tree(tree: dict, runs: int) -> str:
    rows = [_tree_row(tree, tool, samples) for tool, samples in tree["samples"].items()]
    header = [
        "tool",
        "command",
        "wall s",
        "min wall s",
        "user+sys s",
        "CPU util",
        "max RSS MB",
        "reported",
    ]
    text = f"## Tree: {tree['label']} ({tree['path']})\n\n"
    if tree.get("counts"):
        text += "Inputs: " + ", ".join(f"{v} {k}" for k, v in tree["counts"].items()) + ".\n"
    text += f"Median of {runs} alternating runs each"
    text += f", run under `{' '.join(tree['prefix'])}`" if tree["prefix"] else ""
    text += f". cfn-lint is given the {tree['cfn_templates']} CloudFormation templates only."
    text += (
        " Max RSS is that of the largest single process, not the sum over ecslint's workers.\n\n"
    )
    return text + _table(header, rows) + "\n\n" + _ratios(tree)


def _ratios(tree: dict) -> str:
    samples = tree["samples"]
    ecslint = _median(samples["ecslint"], "wall")
    lines = []
    for tool in ("checkov", "cfn-lint"):
        if tool in samples:
            lines.append(
                f"- {tool} / ecslint wall time: {_median(samples[tool], 'wall') / ecslint:.2f}"
            )
    half = samples.get("ecslint, half tree")
    if half:
        lines += _linearity(samples["ecslint"], half)
    single_process = samples.get("ecslint -j 1")
    if single_process:
        speedup = _median(single_process, "wall") / ecslint
        lines.append(
            f"- ecslint `--jobs 1` / default jobs wall time: {speedup:.2f} (pool speed-up)"
        )
    return "\n".join(lines)


def _linearity(whole: list[dict], half: list[dict]) -> list[str]:
    """Compare the whole tree with its first half, in wall time and in CPU time.

    With time = fixed + per_input * inputs, the two sizes give both terms: fixed is
    2 * half - whole. CPU time is less affected than wall time by other work on the machine.
    """
    lines = []
    for name, whole_seconds, half_seconds in (
        ("wall", _median(whole, "wall"), _median(half, "wall")),
        ("user+sys", _cpu_seconds(whole), _cpu_seconds(half)),
    ):
        lines.append(
            f"- ecslint whole / half tree, {name} time: {whole_seconds / half_seconds:.2f}"
            f" (2.00 when proportional to size); fixed cost 2 * half - whole:"
            f" {2 * half_seconds - whole_seconds:.2f} s"
        )
    return lines


def _single_file(single: dict) -> str:
    samples = single["samples"]
    wall = _median(samples, "wall")
    rss = max(sample["rss_mb"] for sample in samples)
    rows = [
        [
            "median wall s",
            f"{wall:.3f}",
            f"<= {SINGLE_FILE_SECONDS}",
            _verdict(wall, SINGLE_FILE_SECONDS),
        ],
        [
            "max RSS MB (max of runs)",
            f"{rss:.1f}",
            f"<= {SINGLE_FILE_MB:.0f}",
            _verdict(rss, SINGLE_FILE_MB),
        ],
        ["median user+sys s", f"{_cpu_seconds(samples):.3f}", "", ""],
    ]
    text = f"## One task-definition file (pre-commit case), {len(samples)} runs\n\n"
    text += f"Command: `{single['command']}`\n\n"
    return text + _table(["measure", "value", "target", "result"], rows)


def _single_template(single: dict) -> str:
    samples = single["samples"]
    rows = [
        ["median wall s", f"{_median(samples, 'wall'):.3f}"],
        ["max RSS MB (max of runs)", f"{max(sample['rss_mb'] for sample in samples):.1f}"],
        ["median user+sys s", f"{_cpu_seconds(samples):.3f}"],
    ]
    text = f"## One CloudFormation template, for information, {len(samples)} runs\n\n"
    text += f"Command: `{single['command']}`\n\n"
    return text + _table(["measure", "value"], rows)


def _verdict(value: float, limit: float) -> str:
    return "met" if value <= limit else f"missed by {value - limit:.2f}"


def _imports(cases: list[dict]) -> str:
    rows = []
    for case in cases:
        heaviest = ", ".join(f"{name} {ms} ms" for name, ms in case.get("heaviest", []))
        must_not = ", ".join(case.get("forbidden", []))
        rows.append(
            [
                case["label"],
                f"`{case.get('command', case['input'])}`",
                must_not,
                case["status"],
                heaviest,
            ]
        )
    header = ["scan", "command", "must not import", "result", "slowest imports (cumulative)"]
    return "## Lazy imports\n\n" + _table(header, rows)


def _fuzz(runs: list[dict]) -> str:
    rows = [[run["target"], f"`{run['command']}`", run["seconds"], run["status"]] for run in runs]
    return "## Fuzzing (atheris)\n\n" + _table(["loader", "command", "seconds", "result"], rows)
