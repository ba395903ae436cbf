"""The hand-written guides stay true to the code: every command line they show names a real command and
real options, and every link between the docs pages (file and anchor) resolves.

The guides' output excerpts come from real runs (see the note at the top of each guide); this test
catches the drift that matters most to a reader copying a command: a renamed option or command.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest

from stadtdaten.cli import cli

DOCS = Path(__file__).resolve().parents[2] / "docs"
GUIDES = ("guide.de.md", "guide.en.md")
PAGES = (*GUIDES, "findings.md", "befunde.md", "cli.md")

_FENCE = re.compile(r"```(\w*)\n(.*?)```", re.S)
_LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
_ANCHOR = re.compile(r'<a id="([^"]+)"></a>')


def command_lines(text: str) -> list[str]:
    """``stadtdaten ...`` invocations in fenced shell/text blocks (prompt ``$`` and env assignments removed)."""
    found = []
    for _, body in _FENCE.findall(text):
        joined = body.replace("\\\n", " ")
        for raw in joined.splitlines():
            line = raw.strip()
            line = line.removeprefix("$ ")
            for part in re.split(r"\s*(?:&&|;|\|)\s*", line):
                words = part.split()
                while words and re.fullmatch(r"[A-Z_]+=\S*", words[0]):
                    words = words[1:]
                if words and words[0] == "stadtdaten":
                    found.append(" ".join(words))
    prose = _FENCE.sub("", text)
    found.extend(span for span in re.findall(r"`(stadtdaten [^`]+)`", prose) if "…" not in span)
    return found


def _options(command: click.Command, ctx: click.Context) -> dict[str, int]:
    """Option name -> how many values follow it."""
    names = {"--help": 0, "-h": 0}
    for param in command.get_params(ctx):
        if isinstance(param, click.Option):
            takes = 0 if param.is_flag or param.count else max(param.nargs, 1)
            names.update(dict.fromkeys(param.opts, takes))
            names.update(dict.fromkeys(param.secondary_opts, 0))
    return names


def check_command(line: str) -> list[str]:
    """Problems with one command line: unknown command, subcommand or option."""
    tokens = [t for t in shlex.split(line.split(" → ", maxsplit=1)[0], comments=True) if t not in ("…",)]
    tokens = [t for t in tokens if not t.startswith((">", "2>"))]
    problems: list[str] = []
    command: click.Command = cli
    ctx = click.Context(cli, info_name="stadtdaten")
    index = 1
    while index < len(tokens):
        token = tokens[index]
        if token.startswith("-"):
            name = token.split("=", 1)[0]
            options = _options(command, ctx)
            if name not in options:
                problems.append(f"{line}: {ctx.command_path} has no option {name}")
            elif "=" not in token:
                index += options[name]
        elif isinstance(command, click.Group):
            sub = command.get_command(ctx, token)
            if sub is None:
                problems.append(f"{line}: no command {ctx.command_path} {token}")
                break
            command, ctx = sub, click.Context(sub, info_name=token, parent=ctx)
        index += 1
    return problems


@pytest.mark.parametrize("guide", GUIDES)
def test_guide_commands_exist(guide: str) -> None:
    lines = command_lines((DOCS / guide).read_text(encoding="utf-8"))
    assert len(lines) > 25, f"expected the guide to show many commands, found {len(lines)}"
    problems = [problem for line in lines for problem in check_command(line)]
    assert not problems, f"docs/{guide} shows commands the CLI does not have:\n" + "\n".join(problems)


def test_command_check_notices_a_wrong_option() -> None:
    assert check_command("stadtdaten validate . --fail-on never") == []
    assert check_command("stadtdaten --lang en dcat emit . -o x.ttl") == []
    assert check_command("stadtdaten validate . --no-such-option")
    assert check_command("stadtdaten catalog nosuchsub")


def _slug(heading: str) -> str:
    """GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens."""
    text = heading.strip().lower().replace("`", "")
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(text: str) -> set[str]:
    found = set(_ANCHOR.findall(text))
    inside_fence = False
    for line in text.splitlines():
        if line.startswith("```"):
            inside_fence = not inside_fence
        elif not inside_fence and line.startswith("#"):
            found.add(_slug(line.lstrip("#")))
    return found


@pytest.mark.parametrize("page", PAGES)
def test_links_between_docs_resolve(page: str) -> None:
    text = (DOCS / page).read_text(encoding="utf-8")
    outside_code = _FENCE.sub("", text)
    broken = []
    for target in _LINK.findall(outside_code):
        if target.startswith(("http://", "https://", "mailto:")):
            continue
        file_part, _, anchor = target.partition("#")
        path = (DOCS / page).parent / file_part if file_part else DOCS / page
        if not path.exists():
            broken.append(f"{target}: no file {path.relative_to(DOCS.parent)}")
            continue
        if anchor and path.suffix == ".md" and anchor not in anchors(path.read_text(encoding="utf-8")):
            broken.append(f"{target}: no anchor #{anchor} in {path.name}")
    assert not broken, f"docs/{page} has broken links:\n" + "\n".join(broken)
