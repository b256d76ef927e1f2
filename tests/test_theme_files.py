"""Theme files: YAML or JSON themes for ``theme=`` and ``--theme``, and ``theme show``."""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path

import pytest

from journeymap import Journey, dumps, render
from journeymap.cli import main
from journeymap.errors import JourneyMapError
from journeymap.theme_files import ThemeContrastWarning, load_theme
from journeymap.themes import THEMES, get_theme

BRAND_YAML = """\
# Our brand, on the dark theme
base: dark
background: "#101418"
cards:
  doubts:
    fill: "#2a2414"
    dash: null
curve:
  width: 4
curves:
  future:
    color: "#f0e442"
"""

BRAND = {
    "base": "dark",
    "background": "#101418",
    "cards": {"doubts": {"fill": "#2a2414", "dash": None}},
    "curve": {"width": 4},
    "curves": {"future": {"color": "#f0e442"}},
}


def derived_brand():
    return THEMES["dark"].derive(
        background="#101418",
        cards={"doubts": {"fill": "#2a2414", "dash": None}},
        curve={"width": 4},
        curves={"future": {"color": "#f0e442"}},
    )


def tiny():
    return (
        Journey("Tiny")
        .phase("Look")
        .touchpoint("Search", emotion=1, doubts=["Is it in stock?"])
        .build()
    )


@pytest.fixture(params=["yaml", "json"])
def brand_file(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    if request.param == "yaml":
        path = tmp_path / "brand.yaml"
        path.write_text(BRAND_YAML, encoding="utf-8")
    else:
        path = tmp_path / "brand.json"
        path.write_text(json.dumps(BRAND, indent=2), encoding="utf-8")
    return path


# -- reading -------------------------------------------------------------------------------


def test_a_file_with_base_and_overrides_is_the_derived_theme(brand_file: Path) -> None:
    theme = load_theme(brand_file)
    assert theme == derived_brand()
    assert theme.name == "dark"  # the base's name: the file's name is not part of it
    assert theme.background == "#101418"
    assert theme.cards["doubts"].dash is None
    assert theme.cards["doubts"].stroke == THEMES["dark"].cards["doubts"].stroke
    assert theme.curve.width == 4.0


@pytest.mark.parametrize("fmt", ["svg", "dot"])
def test_render_takes_a_theme_file_as_a_path_or_text(brand_file: Path, fmt: str) -> None:
    m = tiny()
    expected = render(m, fmt, theme=derived_brand())
    assert render(m, fmt, theme=str(brand_file)) == expected
    assert render(m, fmt, theme=brand_file) == expected
    assert "#101418" in expected
    assert render(m, fmt, theme="dark") != expected


def test_without_base_a_file_starts_from_the_default_theme(tmp_path: Path) -> None:
    path = tmp_path / "t.yml"
    path.write_text('name: mine\nmuted: "#505050"\n', encoding="utf-8")
    assert load_theme(path) == THEMES["default"].derive("mine", muted="#505050")


def test_same_content_same_bytes_other_content_other_ids(tmp_path: Path) -> None:
    m = tiny()
    (tmp_path / "a.yaml").write_text(BRAND_YAML, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(BRAND_YAML, encoding="utf-8")
    (tmp_path / "c.yaml").write_text(BRAND_YAML.replace("#101418", "#101419"), encoding="utf-8")
    first = render(m, "svg", theme=str(tmp_path / "a.yaml"))
    assert render(m, "svg", theme=str(tmp_path / "b.yaml")) == first
    other = render(m, "svg", theme=str(tmp_path / "c.yaml"))
    prefix = re.compile(r'id="(jm-[0-9a-f]{8})"')
    first_id = prefix.search(first)
    other_id = prefix.search(other)
    assert first_id is not None
    assert other_id is not None
    assert first_id[1] != other_id[1]


# -- located errors ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "t.yaml",
            'base: dark\nbackgrund: "#101010"\n',
            "t.yaml:2:12: backgrund: unknown field; did you mean 'background'? allowed: base, ",
        ),
        (
            "t.yaml",
            "cards:\n  doubts:\n    fill: red\n",
            "t.yaml:3:11: cards > doubts > fill: 'red' is not a colour; write it as '#rrggbb'",
        ),
        (
            "t.yaml",
            "text: #ffffff\n",
            "t.yaml:1:6: text: None is not a colour; write it as '#rrggbb' (in YAML, quote it",
        ),
        (
            "t.yaml",
            "base: drak\n",
            "t.yaml:1:7: base: unknown base theme 'drak'; did you mean 'dark'? allowed: default, "
            "dark, print",
        ),
        (
            "t.yaml",
            "- base: dark\n",
            "t.yaml:1:1: the theme file is a list; allowed: a mapping of theme fields (base, name",
        ),
        (
            "t.yaml",
            'text: "#000000"\ntext: "#111111"\n',
            "t.yaml:2:1: top level: key 'text' appears twice (first on line 1)",
        ),
        (
            "t.json",
            '{"text": "#000000",\n "text": "#111111"}',
            "t.json:2:2: top level: key 'text' appears twice (first on line 1)",
        ),
        (
            "t.json",
            '{\n  "cards": {"doubtz": {"dash": null}}\n}',
            "t.json:2:23: cards > doubtz: unknown lane; did you mean 'doubts'? allowed: touchpoint",
        ),
        (
            "t.yaml",
            "visibility:\n  width: 0\n",
            "t.yaml:2:10: visibility > width: 0 is not allowed; use a number > 0",
        ),
        (
            "t.yaml",
            "phase_tint: 2\n",
            "t.yaml:1:13: phase_tint: 2 is not allowed; use 0..1",
        ),
        (
            "t.yaml",
            "corner_radius: 012\n",
            "t.yaml:1:16: corner_radius: '012' has a leading zero, which YAML 1.1 reads as the "
            "octal number 10; allowed: a decimal number without leading zeros, such as 12",
        ),
        (
            "t.yaml",
            "visibility:\n  width: 0x2\n",
            "t.yaml:2:10: visibility > width: '0x2' is a hexadecimal number; allowed: a decimal",
        ),
        (
            "t.yaml",
            "curves:\n  future: {colour: '#000000'}\n",
            "t.yaml:2:20: curves > future > colour: unknown LineStyle field; did you mean 'color'?",
        ),
    ],
)
def test_every_problem_names_file_line_column_and_what_is_allowed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, text: str, expected: str
) -> None:
    monkeypatch.chdir(tmp_path)
    Path(name).write_text(text, encoding="utf-8")
    with pytest.raises(JourneyMapError) as caught:
        render(tiny(), "svg", theme=name)
    assert str(caught.value.problems[0]).startswith(expected), str(caught.value)


def test_a_missing_theme_file_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "brand.yaml"
    with pytest.raises(JourneyMapError) as caught:
        get_theme(str(missing))
    assert (
        str(caught.value)
        == f"{missing}: theme file not found; give the path of a .yaml or .json theme"
    )


def test_reading_a_theme_file_never_runs_code(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    path = tmp_path / "evil.yaml"
    path.write_text(f'text: !!python/object/apply:os.system ["touch {marker}"]\n', encoding="utf-8")
    with pytest.raises(JourneyMapError) as caught:
        load_theme(path)
    assert str(caught.value).startswith(f"{path}:1:")
    assert not marker.exists()


def test_low_contrast_text_is_a_located_warning(tmp_path: Path) -> None:
    path = tmp_path / "pale.yaml"
    path.write_text('text: "#999999"\n', encoding="utf-8")
    with pytest.warns(ThemeContrastWarning) as caught:
        theme = load_theme(path)
    assert theme.text == "#999999"
    assert [str(w.message) for w in caught] == [
        f"{path}: text #999999 on background #ffffff is 2.85; allowed: at least 4.5 (WCAG AA)"
    ]


# -- the command line -----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["yaml", "json"])
@pytest.mark.parametrize("name", ["default", "dark", "print"])
def test_theme_show_loads_back_to_the_same_theme(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, fmt: str
) -> None:
    assert main(["theme", "show", name, "-f", fmt]) == 0
    printed = capsys.readouterr().out
    assert "base" not in printed  # every field is written out, none inherited
    path = tmp_path / f"{name}.{fmt}"
    path.write_text(printed, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # built-ins pass the contrast check
        assert load_theme(path) == THEMES[name]


def test_theme_show_prints_yaml_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["theme", "show", "default"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("name: default\nbackground: '#ffffff'\n")


def test_theme_list_names_the_built_ins(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["theme", "list"]) == 0
    assert capsys.readouterr().out == "default\ndark\nprint\nauto\n"


def test_cli_theme_file_from_its_own_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("map.yaml").write_text(dumps(tiny()), encoding="utf-8")
    Path("brand.yaml").write_text(BRAND_YAML, encoding="utf-8")
    assert main(["render", "map.yaml", "-f", "svg", "-f", "dot", "--theme", "brand.yaml"]) == 0
    capsys.readouterr()
    assert Path("map.svg").read_text(encoding="utf-8") == render(
        tiny(), "svg", theme=derived_brand()
    )
    assert Path("map.gv").read_text(encoding="utf-8") == render(
        tiny(), "dot", theme=derived_brand()
    )


def test_cli_reports_a_bad_theme_file_with_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("map.yaml").write_text(dumps(tiny()), encoding="utf-8")
    Path("brand.yaml").write_text('base: dark\ngrid: "#12"\n', encoding="utf-8")
    assert main(["render", "map.yaml", "-f", "svg", "--theme", "brand.yaml"]) == 1
    assert "brand.yaml:2:7: grid: '#12' is not a colour" in capsys.readouterr().err
    assert not Path("map.svg").exists()


def test_cli_refuses_an_output_that_is_the_theme_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("map.json").write_text(dumps(tiny(), "json"), encoding="utf-8")
    Path("map.yaml").write_text(BRAND_YAML, encoding="utf-8")  # the theme, named like an output
    assert main(["render", "map.json", "-f", "svg", "-f", "yaml", "--theme", "map.yaml"]) == 1
    assert "map.yaml is the input" in capsys.readouterr().err
    assert Path("map.yaml").read_text(encoding="utf-8") == BRAND_YAML
    assert not Path("map.svg").exists()


@pytest.mark.parametrize("strict", [False, True])
def test_cli_prints_a_low_contrast_theme_as_a_warning(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    strict: bool,
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("map.yaml").write_text(dumps(tiny()), encoding="utf-8")
    Path("pale.yaml").write_text('text: "#999999"\n', encoding="utf-8")
    argv = ["render", "map.yaml", "-f", "svg", "--theme", "pale.yaml"]
    assert main([*argv, "--strict"] if strict else argv) == (1 if strict else 0)
    err = capsys.readouterr().err
    low = "text #999999 on background #ffffff is 2.85; allowed: at least 4.5 (WCAG AA)"
    if strict:
        assert err == f"journeymap: error: pale.yaml: {low} (a warning, an error with --strict)\n"
    else:
        assert err.startswith(f"pale.yaml: warning: {low}\n")
    assert Path("map.svg").exists() is not strict


def test_the_example_brand_theme_reads_without_warnings() -> None:
    from .conftest import ROOT

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        theme = load_theme(ROOT / "examples" / "themes" / "brand.yaml")
    assert theme.name == "brand"
    assert theme.phase_colors[0] == "#0b3c5d"
    assert theme.cards["action"] == THEMES["default"].cards["action"]
