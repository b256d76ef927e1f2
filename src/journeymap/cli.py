"""The ``journeymap`` command: render, validate, convert and describe journey map files.

Input files are YAML (``.yaml``, ``.yml``), JSON (``.json``), Mermaid ``journey``
diagrams (``.mmd``) or Python (``.py``). A
Python file is run as a script (with ``__name__`` set to ``"__journeymap__"``, so its
``if __name__ == "__main__"`` block is skipped) and must define a ``journey`` variable
holding a :class:`~journeymap.Journey` or :class:`~journeymap.JourneyMap`, or exactly
one such object under any name.

Every input is read, validated and rendered before anything is written, so a bad input
leaves no half-written output behind.

Example:
    >>> main(["render", "--help"])  # doctest: +ELLIPSIS
    usage: journeymap render ...
    0
"""

from __future__ import annotations

import argparse
import gc
import json
import runpy
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from journeymap.errors import JourneyMapError, Problem
from journeymap.gc_pause import cyclic_gc_paused

if TYPE_CHECKING:
    from journeymap.model import JourneyMap

__all__ = ["console_main", "load_any", "main"]

_PYTHON_SUFFIX = ".py"
# Which built-in renderers take each command-line option.
_OPTION_TARGETS: dict[str, frozenset[str]] = {
    "locale": frozenset({"markdown", "svg", "dot"}),
    "template_dir": frozenset({"markdown"}),
    "theme": frozenset({"svg", "dot"}),
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0 ok, 1 bad input, 2 bad usage)."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help and usage errors
        return int(exc.code or 0)
    try:
        with cyclic_gc_paused():  # one short command: no cycles worth collecting
            result: int = args.run(args)
        return result
    except JourneyMapError as exc:
        for problem in exc.problems:
            print(f"journeymap: error: {problem}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"journeymap: error: {exc}", file=sys.stderr)
        return 1


def console_main() -> NoReturn:
    """Entry point of the ``journeymap`` program and ``python -m journeymap``.

    Runs :func:`main`, then freezes the garbage collector's generations before the
    interpreter exits: its final collection would otherwise walk every object the
    command created (about 28 ms of a 200 ms run) only for the process to end. Programs
    that call :func:`main` in-process are unaffected.
    """
    code = main()
    sys.stdout.flush()
    gc.freeze()
    raise SystemExit(code)


def load_any(path: str | Path) -> JourneyMap:
    """Load a map from a YAML, JSON or Python file.

    Raises:
        JourneyMapError: If the file is invalid; problems name the file.
        OSError: If it cannot be read.
    """
    file = Path(path)
    if file.suffix.lower() != _PYTHON_SUFFIX:
        from journeymap.io import load

        return load(file)
    return _load_python(file)


def _load_python(file: Path) -> JourneyMap:
    from journeymap.builder import Journey
    from journeymap.model import JourneyMap

    if not file.is_file():
        raise FileNotFoundError(f"{file}: no such file")
    try:
        namespace = runpy.run_path(str(file), run_name="__journeymap__")
    except JourneyMapError as exc:
        raise exc.with_source(str(file)) from None
    except Exception as exc:
        raise JourneyMapError(
            [Problem("", f"running the file failed: {type(exc).__name__}: {exc}", source=str(file))]
        ) from exc
    candidate = namespace.get("journey")
    if not isinstance(candidate, (Journey, JourneyMap)):
        found = [v for v in namespace.values() if isinstance(v, (Journey, JourneyMap))]
        if len(found) != 1:
            raise JourneyMapError(
                [
                    Problem(
                        "",
                        "define a variable named 'journey' holding a Journey or JourneyMap "
                        f"(found {len(found)} candidates under other names)",
                        source=str(file),
                    )
                ]
            )
        candidate = found[0]
    if isinstance(candidate, Journey):
        try:
            return candidate.build()
        except JourneyMapError as exc:
            raise exc.with_source(str(file)) from None
    return candidate


def _render(args: argparse.Namespace) -> int:
    from journeymap import renderers

    formats: list[str] = args.format or ["markdown"]
    chosen = [renderers.get(name) for name in formats]
    given = {"locale": args.locale, "template_dir": args.template_dir, "theme": args.theme}
    for option, value in given.items():
        if value and not any(r.name in _OPTION_TARGETS[option] for r in chosen):
            flag = "--" + option.replace("_", "-")
            raise JourneyMapError(
                f"{flag} applies to the {' and '.join(sorted(_OPTION_TARGETS[option]))} "
                "formats only"
            )

    to_stdout = args.output == "-"
    if to_stdout and len(args.files) * len(chosen) != 1:
        raise JourneyMapError("-o - writes to standard output: give one file and one format")

    outputs: dict[Path, tuple[str, str]] = {}
    images: dict[Path, bytes] = {}
    if args.image and "dot" not in formats:
        raise JourneyMapError("--image exports the dot format: add -f dot")
    out_dir = Path(args.output)
    for file in args.files:
        model = load_any(file)
        for renderer in chosen:
            renderer_options = {
                option: value
                for option, value in given.items()
                if value and renderer.name in _OPTION_TARGETS[option]
            }
            try:
                text = renderer.render(model, **renderer_options)
            except JourneyMapError as exc:
                raise exc.with_source(file) from None
            if to_stdout:
                if args.image and renderer.name == "dot":
                    from journeymap.renderers.dot import export

                    sys.stdout.flush()
                    sys.stdout.buffer.write(export(text, args.image))
                    sys.stdout.buffer.flush()
                else:
                    sys.stdout.write(text)
                return 0
            target = out_dir / f"{Path(file).stem}{renderer.suffix}"
            if args.image and renderer.name == "dot":
                target = out_dir / f"{Path(file).stem}.flow.{args.image}"
            if target in outputs:
                raise JourneyMapError(
                    f"{outputs[target][0]} and {file} would both write {target}; "
                    "rename one or render them into different folders"
                )
            outputs[target] = (file, text)
            if args.image and renderer.name == "dot":
                from journeymap.renderers.dot import export

                images[target] = export(text, args.image, target=str(target))

    out_dir.mkdir(parents=True, exist_ok=True)
    for target, (_, text) in outputs.items():
        renderers.write_atomically(target, images.get(target, text))
        if not args.quiet:
            print(target)
    return 0


def _validate(args: argparse.Namespace) -> int:
    failures = 0
    for file in args.files:
        try:
            model = load_any(file)
        except JourneyMapError as exc:
            failures += 1
            for problem in exc.problems:
                print(f"journeymap: error: {problem}", file=sys.stderr)
            continue
        except OSError as exc:
            failures += 1
            print(f"journeymap: error: {exc}", file=sys.stderr)
            continue
        if not args.quiet:
            phases = _count(len(model.phases), "phase")
            touchpoints = _count(len(model.touchpoints), "touchpoint")
            print(f"{file}: ok ({phases}, {touchpoints})")
    return 1 if failures else 0


def _convert(args: argparse.Namespace) -> int:
    from journeymap.renderers import save

    model = load_any(args.file)
    try:
        save(model, args.output)
    except JourneyMapError as exc:
        raise exc.with_source(args.output) from None
    return 0


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _schema(args: argparse.Namespace) -> int:
    from journeymap.io import json_schema
    from journeymap.renderers import write_atomically

    text = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    if args.output in (None, "-"):
        sys.stdout.write(text)
    else:
        write_atomically(Path(args.output), text)
    return 0


def _formats() -> str:
    # The built-ins only: listing plugins would scan every installed package at start-up.
    from journeymap import renderers

    return ", ".join(renderers.builtin_names()) + ", or an installed plugin's format"


def _parser() -> argparse.ArgumentParser:
    from journeymap import __version__

    parser = argparse.ArgumentParser(
        prog="journeymap",
        description="Customer journey maps as code: render, validate, describe.",
    )
    parser.add_argument("--version", action="version", version=f"journeymap {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    render = commands.add_parser(
        "render",
        help="render map files",
        description="Render YAML, JSON or Python map files. Nothing is written unless "
        "every file renders.",
    )
    render.add_argument(
        "files", nargs="+", metavar="FILE", help=".yaml, .yml, .json, .py or a Mermaid .mmd"
    )
    render.add_argument(
        "-f",
        "--format",
        action="append",
        metavar="FORMAT",
        help=f"output format, repeatable (default markdown); one of: {_formats()}",
    )
    render.add_argument(
        "-o",
        "--output",
        default=".",
        metavar="DIR",
        help="output folder (default: current folder); '-' for standard output",
    )
    render.add_argument("--locale", help="language of headers and words (en, es)")
    render.add_argument("--theme", help="theme of svg and dot: default, dark or print")
    render.add_argument(
        "--image",
        choices=("svg", "png", "pdf"),
        help="with -f dot: lay the flow out with Graphviz and write FILE.flow.svg/png/pdf",
    )
    render.add_argument("--template-dir", metavar="DIR", help="folder of Markdown templates")
    render.add_argument("-q", "--quiet", action="store_true", help="do not list written files")
    render.set_defaults(run=_render)

    validate = commands.add_parser("validate", help="check map files and report every problem")
    validate.add_argument("files", nargs="+", metavar="FILE")
    validate.add_argument("-q", "--quiet", action="store_true", help="print problems only")
    validate.set_defaults(run=_validate)

    convert = commands.add_parser(
        "convert",
        help="convert a map file to another format",
        description="Read a map (YAML, JSON, Python or a Mermaid journey) and write it in the "
        "format of the output's suffix, e.g. turn a Mermaid journey into editable YAML.",
    )
    convert.add_argument("file", metavar="FILE", help=".yaml, .yml, .json, .py, .mmd")
    convert.add_argument(
        "-o", "--output", required=True, metavar="OUTPUT", help="e.g. map.yaml, map.json, map.svg"
    )
    convert.set_defaults(run=_convert)

    schema = commands.add_parser("schema", help="print the JSON Schema of map files")
    schema.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead")
    schema.set_defaults(run=_schema)
    return parser
