"""Survey answers: reading with located problems, aggregation, normalisation, the curve, the CLI.

Expected figures are worked out by hand in the comments next to them (z = 1.959964 for
95 %), never by the code under test.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journeymap import Journey, JourneyMap, JourneyMapError, Metric, Problem, load, loads
from journeymap.analysis import (
    Answer,
    Estimate,
    aggregate,
    apply_survey,
    on_scale,
    parse_answers,
    summarise,
)
from journeymap.analysis.statistics import t_quantile
from journeymap.analysis.surveys import SURVEY_RANGES, normalise, read_answers, with_surveys
from journeymap.cli import main
from journeymap.model import EmotionScale

from .conftest import ROOT

CHECKOUT = ROOT / "examples" / "online_checkout.yaml"
ANSWERS = ROOT / "examples" / "surveys" / "online_checkout_answers.csv"


def _map(locale: str = "en") -> JourneyMap:
    return (
        Journey("Shop", locale=locale)
        .phase("Buy")
        .touchpoint("Cart", id="cart", emotion=1)
        .touchpoint(
            "Pay",
            id="pay",
            emotion=-1,
            metrics=[Metric(kind="nps", value=10, target=30, n=5, source="old")],
        )
        .touchpoint("Help", id="help", emotion=0)
        .build()
    )


def _answers(kind: str, values: list[int], touchpoint: str = "pay") -> list[Answer]:
    return [Answer(touchpoint, kind, v) for v in values]


# -- aggregation against hand-computed tables ---------------------------------------------


@pytest.mark.parametrize(
    ("answer", "score"),
    [
        (0, -100.0),  # detractor
        (6, -100.0),  # the highest detractor
        (7, 0.0),  # passive
        (8, 0.0),  # the highest passive
        (9, 100.0),  # the lowest promoter
        (10, 100.0),
    ],
)
def test_nps_band_edges(answer: int, score: float) -> None:
    assert summarise("nps", [answer]).net.value == score


def test_nps_of_answers_on_the_band_edges() -> None:
    result = summarise("nps", [6, 7, 8, 9])
    # promoters 1 (9), detractors 1 (6), passives 2: 25 % - 25 % = 0
    # interval: adjusted n = 4 + 3 = 7, p+ = p- = (1 + 0.75) / 7 = 0.25,
    # variance = (0.25 + 0.25 - 0 ** 2) / 7 = 0.0714286, sd = 0.2672612,
    # half-width = 1.959964 * 0.2672612 = 0.5238226 -> +-52.38
    assert result.net is not None
    assert result.net.value == 0.0
    assert result.net.low == pytest.approx(-52.38226, abs=1e-4)
    assert result.net.high == pytest.approx(52.38226, abs=1e-4)
    assert result.counts == (
        (0, 0),
        (1, 0),
        (2, 0),
        (3, 0),
        (4, 0),
        (5, 0),
        (6, 1),
        (7, 1),
        (8, 1),
        (9, 1),
        (10, 0),
    )
    assert (result.n, result.weak, result.mean, result.top_box) == (4, True, None, None)


def test_nps_of_every_answer_once() -> None:
    # 0..10 once each: promoters 9, 10 (2 of 11), detractors 0..6 (7 of 11):
    # (2 - 7) / 11 = -0.4545454... -> -45.45455
    # adjusted n = 14, p+ = 2.75 / 14 = 0.1964286, p- = 7.75 / 14 = 0.5535714,
    # variance = (0.75 - (-0.3571429) ** 2) / 14 = (0.75 - 0.127551) / 14 = 0.0444606,
    # sd = 0.2108569, half = 1.959964 * 0.2108569 = 0.4132719
    # -> -0.4545455 - 0.4132719 = -0.8678174, -0.4545455 + 0.4132719 = -0.0412736
    net = summarise("nps", list(range(11))).net
    assert net is not None
    assert net.value == pytest.approx(-45.45455, abs=1e-5)
    assert net.low == pytest.approx(-86.78174, abs=1e-3)
    assert net.high == pytest.approx(-4.12736, abs=1e-3)


def test_csat_mean_and_top_two_box() -> None:
    result = summarise("csat", [5, 4, 4, 2, 1])
    assert result.mean is not None
    assert result.top_box is not None
    # mean = (5 + 4 + 4 + 2 + 1) / 5 = 16 / 5 = 3.2
    # s^2 = (1.8^2 + 0.8^2 + 0.8^2 + 1.2^2 + 2.2^2) / 4 = (3.24 + 0.64 + 0.64 + 1.44 + 4.84) / 4
    #     = 10.8 / 4 = 2.7; s / sqrt(5) = 1.6431677 / 2.2360680 = 0.7348469
    # t(0.975, 4) = 2.776445; half = 2.040263 -> 1.159737 .. 5.240263, clipped to 5
    assert result.mean.value == 3.2
    assert result.mean.low == pytest.approx(1.159737, abs=1e-5)
    assert result.mean.high == 5.0
    # top-2-box: 4 and 5 are 3 of 5 = 60 %; Wilson: z^2/n = 3.841459 / 5 = 0.7682918,
    # centre = (0.6 + 0.3841459) / 1.7682918 = 0.5565508,
    # half = 1.959964 * sqrt(0.24 / 5 + 3.841459 / 100) / 1.7682918
    #      = 1.959964 * 0.2939636 / 1.7682918 = 0.3258275 -> 23.07 % .. 88.24 %
    assert result.top_box.value == 60.0
    assert result.top_box.low == pytest.approx(23.07233, abs=1e-3)
    assert result.top_box.high == pytest.approx(88.23783, abs=1e-3)
    assert result.net is None


def test_ces_mean_and_net_score() -> None:
    result = summarise("ces", [7, 7, 6, 1])
    # mean = 21 / 4 = 5.25; net = share of 6-7 (3 of 4) - share of 1-3 (1 of 4) = 50
    assert result.mean is not None
    assert result.net is not None
    assert (result.mean.value, result.net.value) == (5.25, 50.0)
    balanced = summarise("ces", [1, 2, 3, 4, 5, 6, 7, 7])
    # 6, 7, 7 are 3 of 8 and 1, 2, 3 are 3 of 8: net 0; mean 35 / 8 = 4.375
    assert balanced.net is not None
    assert balanced.mean is not None
    assert (balanced.net.value, balanced.mean.value) == (0.0, 4.375)


def test_one_answer_has_the_whole_scale_as_its_interval() -> None:
    mean = summarise("csat", [4]).mean
    assert (mean.value, mean.low, mean.high) == (4.0, 1.0, 5.0)


@pytest.mark.parametrize(
    ("df", "quantile"),
    # Student's t table, 97.5 % quantiles
    [
        (1, 12.7062),
        (2, 4.3027),
        (4, 2.7764),
        (9, 2.2622),
        (29, 2.0452),
        (100, 1.9840),
        (1000, 1.9623),
        (100_000, 1.9600),
    ],
)
def test_t_quantiles_match_the_table(df: int, quantile: float) -> None:
    assert t_quantile(0.975, df) == pytest.approx(quantile, abs=1e-4)


def test_empty_group_has_no_estimates() -> None:
    result = summarise("nps", [])
    assert (result.n, result.weak, result.net, result.mean, result.top_box) == (
        0,
        True,
        None,
        None,
        None,
    )
    assert all(count == 0 for _, count in result.counts)


@pytest.mark.parametrize(("n", "min_n", "weak"), [(29, 30, True), (30, 30, False), (5, 5, False)])
def test_weak_below_the_minimum(n: int, min_n: int, weak: bool) -> None:
    assert summarise("csat", [4] * n, min_n=min_n).weak is weak


def test_segments_and_their_empty_groups() -> None:
    answers = [
        Answer("cart", "nps", 10, segment="new"),
        Answer("cart", "nps", 9, segment="new"),
        Answer("cart", "nps", 0, segment="old"),
        Answer("cart", "nps", 8),  # no segment: counts in the overall result only
        Answer("pay", "nps", 3, segment="new"),
    ]
    table = [
        (r.touchpoint, r.segment, r.n, r.net and r.net.value)
        for r in aggregate(answers, by_segment=True)
    ]
    assert table == [
        ("cart", None, 4, 25.0),  # promoters 2, detractors 1 of 4: 50 % - 25 %
        ("cart", "new", 2, 100.0),
        ("cart", "old", 1, -100.0),
        ("pay", None, 1, -100.0),
        ("pay", "new", 1, -100.0),
        ("pay", "old", 0, None),  # an empty group: 'old' answered NPS, not here
    ]
    assert [r.segment for r in aggregate(answers)] == [None, None]


# -- properties ------------------------------------------------------------------------------

_NPS = st.lists(st.integers(0, 10), min_size=1, max_size=60)
_CSAT = st.lists(st.integers(1, 5), min_size=1, max_size=60)
_CES = st.lists(st.integers(1, 7), min_size=1, max_size=60)


@settings(max_examples=150, deadline=None)
@given(_NPS)
def test_nps_lies_within_minus_100_and_100_and_its_interval_holds_it(values: list[int]) -> None:
    net = summarise("nps", values).net
    assert net is not None
    assert -100 <= net.low <= net.value <= net.high <= 100


@settings(max_examples=150, deadline=None)
@given(_CSAT)
def test_csat_mean_lies_within_1_and_5_and_intervals_hold_the_estimates(values: list[int]) -> None:
    result = summarise("csat", values)
    assert result.mean is not None
    assert result.top_box is not None
    assert 1 <= result.mean.low <= result.mean.value <= result.mean.high <= 5
    assert 0 <= result.top_box.low <= result.top_box.value <= result.top_box.high <= 100


@settings(max_examples=150, deadline=None)
@given(_CES)
def test_ces_intervals_hold_the_estimates(values: list[int]) -> None:
    result = summarise("ces", values)
    assert result.mean is not None
    assert result.net is not None
    assert 1 <= result.mean.low <= result.mean.value <= result.mean.high <= 7
    assert -100 <= result.net.low <= result.net.value <= result.net.high <= 100


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["cart", "pay"]),
            st.sampled_from(["nps", "csat", "ces"]),
            st.integers(1, 5),
            st.sampled_from([None, "a", "b"]),
        ),
        min_size=1,
        max_size=40,
    ),
    st.randoms(use_true_random=False),
)
def test_aggregation_does_not_depend_on_the_order_of_answers(
    rows: list[tuple[str, str, int, str | None]], rng: random.Random
) -> None:
    answers = [Answer(t, k, v, segment=s) for t, k, v, s in rows]
    shuffled = list(answers)
    rng.shuffle(shuffled)
    assert aggregate(shuffled, by_segment=True) == aggregate(answers, by_segment=True)
    m = _map()
    assert apply_survey(m, shuffled) == apply_survey(m, answers)


# -- reading, and bad rows located ------------------------------------------------------------


def test_reads_csv_with_optional_columns_in_any_order() -> None:
    text = (
        "Segment,Value,Kind,Touchpoint,Respondent,Date\n"
        "new,9,NPS,pay,r1,2026-03-01\n"
        "\n"
        ",4, csat ,cart,,\n"
    )
    answers = parse_answers(text, journey_map=_map(), source="a.csv")
    assert answers == (
        Answer("pay", "nps", 9, "r1", "2026-03-01", "new", "a.csv", 2),
        Answer("cart", "csat", 4, None, None, None, "a.csv", 4),  # row 3 is empty
    )


def test_a_column_read_twice_is_refused_and_other_repeats_are_ignored() -> None:
    with pytest.raises(JourneyMapError, match=r"a\.csv:1: column 'Kind' appears 2 times"):
        parse_answers("touchpoint,kind,value,Kind\npay,nps,9,csat\n", source="a.csv")
    (answer,) = parse_answers("touchpoint,kind,value,,\npay,nps,9,,\n")  # blank names
    assert answer.value == 9


def test_column_names_are_configurable_and_semicolons_are_read() -> None:
    text = "step;question;score\npay;ces;2\n"
    columns = {"touchpoint": "step", "kind": "question", "value": "score"}
    (answer,) = parse_answers(text, columns=columns)
    assert (answer.touchpoint, answer.kind, answer.value) == ("pay", "ces", 2)


def test_every_bad_csv_row_is_reported_with_its_row_and_reason() -> None:
    text = (
        "touchpoint,kind,value\n"  # row 1
        "pay,nps,10\n"  # 2: good
        "payy,nps,5\n"  # 3
        "pay,sus,5\n"  # 4
        "pay,nps,11\n"  # 5
        "pay,csat,0\n"  # 6
        "pay,ces,8\n"  # 7
        "pay,nps,ten\n"  # 8
        "pay,nps,7.5\n"  # 9
        "pay,nps,\n"  # 10
        'pay,"nps\nspans two lines",3\n'  # 11 (one row in a spreadsheet)
        "pay,nps\n"  # 12
        "cart,csat,5\n"  # 13: good
    )
    with pytest.raises(JourneyMapError) as caught:
        parse_answers(text, journey_map=_map(), source="answers.csv")
    assert [str(p) for p in caught.value.problems] == [
        "answers.csv:3: column 'touchpoint': touchpoint 'payy' is not on the map (did you mean "
        "'pay'?); allowed: 'cart', 'help', 'pay'",
        "answers.csv:4: column 'kind': 'sus' is not a survey metric; allowed: 'nps', 'csat', 'ces'",
        "answers.csv:5: column 'value': nps answer 11 is out of range; allowed: an integer "
        "from 0 to 10",
        "answers.csv:6: column 'value': csat answer 0 is out of range; allowed: an integer "
        "from 1 to 5",
        "answers.csv:7: column 'value': ces answer 8 is out of range; allowed: an integer "
        "from 1 to 7",
        "answers.csv:8: column 'value': 'ten' is not a number; allowed: an integer from 0 to 10",
        "answers.csv:9: column 'value': nps answer 7.5 is not an integer; allowed: an "
        "integer from 0 to 10",
        "answers.csv:10: column 'value': is empty; allowed: an integer from 0 to 10",
        "answers.csv:11: column 'kind': 'nps\\nspans two lines' is not a survey metric; "
        "allowed: 'nps', 'csat', 'ces'",
        "answers.csv:12: the row has 2 cells; allowed: 3, as in the header",
    ]


def test_odd_json_numbers_are_reported_not_raised() -> None:
    item = '{{"touchpoint": "pay", "kind": "nps", "value": {}}}'
    values = ["1" + "0" * 900, "NaN", "1e400", "9.5", "12.0", '"1e39"']
    text = "[" + ",\n".join(item.format(v) for v in values) + "]"
    with pytest.raises(JourneyMapError) as caught:
        parse_answers(text, "json", source="a.json")
    assert [p.message for p in caught.value.problems] == [
        "nps answer an integer of 901 digits is out of range; allowed: an integer from 0 to 10",
        "nan is not a number; allowed: an integer from 0 to 10",
        "inf is not a number; allowed: an integer from 0 to 10",
        "nps answer 9.5 is not an integer; allowed: an integer from 0 to 10",
        "nps answer 12.0 is out of range; allowed: an integer from 0 to 10",
        "nps answer 1e39 is out of range; allowed: an integer from 0 to 10",
    ]
    assert [p.line for p in caught.value.problems] == [1, 2, 3, 4, 5, 6]


_CELL = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["pay", "nps", "csat", "ces", "9", "1e999", "-0", '"', ";", ","]),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(_CELL, max_size=5), max_size=6), st.sampled_from([",", ";"]))
def test_any_csv_text_gives_answers_or_located_problems(
    rows: list[list[str]], delimiter: str
) -> None:
    text = "touchpoint,kind,value\n" + "\n".join(delimiter.join(row) for row in rows)
    problems: tuple[Problem, ...] = ()
    answers: tuple[Answer, ...] = ()
    try:
        answers = parse_answers(text, source="a.csv")
    except JourneyMapError as exc:  # anything else fails the test
        problems = exc.problems
    assert all(p.source == "a.csv" for p in problems)
    assert all(SURVEY_RANGES[a.kind][0] <= a.value <= SURVEY_RANGES[a.kind][1] for a in answers)


@settings(max_examples=200, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
        lambda inner: (
            st.lists(inner, max_size=4)
            | st.dictionaries(
                st.sampled_from(["touchpoint", "kind", "value", "segment", "x"]), inner, max_size=5
            )
        ),
        max_leaves=12,
    )
)
def test_any_json_document_gives_answers_or_located_problems(document: object) -> None:
    try:
        text = json.dumps(document)
    except ValueError:
        return
    problems: tuple[Problem, ...] = ()
    try:
        parse_answers(text, "json", source="a.json")
    except JourneyMapError as exc:  # anything else fails the test
        problems = exc.problems
    assert all(p.source == "a.json" for p in problems)


def test_a_missing_column_is_reported_on_the_header() -> None:
    with pytest.raises(JourneyMapError) as caught:
        parse_answers("touchpoint,score\npay,9\n", source="a.csv")
    (problem,) = caught.value.problems
    assert (problem.source, problem.line) == ("a.csv", 1)
    assert problem.message.startswith("the header has no column 'kind' or 'value'; it has ")


def test_problems_are_capped_and_say_so() -> None:
    text = "touchpoint,kind,value\n" + "pay,nps,11\n" * 150
    with pytest.raises(JourneyMapError) as caught:
        parse_answers(text, source="a.csv")
    problems = caught.value.problems
    assert len(problems) == 101
    assert problems[99].line == 101
    assert "stopped after 100 problems" in problems[100].message


def test_json_items_are_located_by_index_and_line() -> None:
    text = json.dumps(
        [
            {"touchpoint": "pay", "kind": "nps", "value": 9},
            {"touchpoint": "pay", "kind": "nps", "value": True},
            {"touchpoint": "pay", "value": 9},
            "pay,nps,9",
        ],
        indent=1,
    )
    with pytest.raises(JourneyMapError) as caught:
        parse_answers(text, "json", source="a.json")
    assert [str(p) for p in caught.value.problems] == [
        "a.json:7: item 1 > value: True is not a number; allowed: an integer from 0 to 10",
        "a.json:12: item 2: has no key 'kind'; allowed: an object with 'touchpoint', 'kind', "
        "'value'",
        "a.json:16: item 3: is a str; allowed: an object with 'touchpoint', 'kind', 'value'",
    ]


def test_a_file_over_the_size_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import journeymap.limits

    path = tmp_path / "big.csv"
    path.write_text("touchpoint,kind,value\n" + "pay,nps,9\n" * 20, encoding="utf-8")
    monkeypatch.setattr(journeymap.limits, "MAX_INPUT_BYTES", 100)
    with pytest.raises(JourneyMapError, match=r"big\.csv: the file is 222 bytes; allowed: at most"):
        read_answers(path)


def test_text_over_the_size_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import journeymap.limits

    monkeypatch.setattr(journeymap.limits, "MAX_INPUT_BYTES", 100)
    text = "touchpoint,kind,value\n" + "pay,nps,9\n" * 20  # 22 + 20 * 10 = 222 bytes
    with pytest.raises(JourneyMapError, match=r"a\.csv: the input is 222 bytes; allowed: at most"):
        parse_answers(text, source="a.csv")


def test_an_unknown_suffix_is_refused(tmp_path: Path) -> None:
    with pytest.raises(JourneyMapError, match=r"allowed: \.csv, \.json"):
        read_answers(tmp_path / "answers.xlsx")


# -- onto the map -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "value", "scale", "ces_better", "expected"),
    [
        ("nps", -100, "-2..2", "lower", -2.0),
        ("nps", 0, "-2..2", "lower", 0.0),
        ("nps", 100, "-2..2", "lower", 2.0),
        ("nps", 20, "-2..2", "lower", 0.4),  # 120 / 200 * 4 - 2
        ("csat", 1, "-2..2", "lower", -2.0),
        ("csat", 4.5, "-2..2", "lower", 1.5),  # 3.5 / 4 * 4 - 2
        ("ces", 1, "-2..2", "lower", 2.0),  # very low effort is the best
        ("ces", 7, "-2..2", "lower", -2.0),
        ("ces", 2.2, "-2..2", "lower", 1.2),  # (7 - 2.2) / 6 * 4 - 2
        ("ces", 7, "-2..2", "higher", 2.0),  # an ease question: 7 is the best
        ("nps", 0, "1..5", "lower", 3.0),
        ("csat", 4, "1..5", "lower", 4.0),
    ],
)
def test_normalisation_onto_the_scale(
    kind: str, value: float, scale: str, ces_better: str, expected: float
) -> None:
    assert normalise(kind, value, EmotionScale.model_validate(scale), ces_better=ces_better) == (  # type: ignore[arg-type]
        expected
    )


def test_an_interval_on_the_scale_stays_ordered_when_ces_is_reversed() -> None:
    # CES 2, 2, 2, 4: mean 2.5, s^2 = (3 * 0.25 + 2.25) / 3 = 1, s / sqrt(4) = 0.5,
    # t(0.975, 3) = 3.182446 -> 2.5 +- 1.591223 = 0.908777 (clipped to 1) .. 4.091223.
    # Reversed onto -2..2: 2.5 -> (7 - 2.5) / 6 * 4 - 2 = 1.0; 1 -> 2.0;
    # 4.091223 -> (7 - 4.091223) / 6 * 4 - 2 = -0.060815 -> -0.06
    estimate = on_scale(summarise("ces", [2, 2, 2, 4]), EmotionScale())
    assert estimate == Estimate(1.0, -0.06, 2.0)
    assert on_scale(summarise("ces", []), EmotionScale()) is None


def test_apply_adds_a_measured_curve_and_keeps_the_emotions() -> None:
    m = _map()
    answers = [
        Answer("pay", "nps", 10, respondent="r1", source="survey/a.csv"),
        Answer("pay", "nps", 3, respondent="r2", source="survey/a.csv"),
        Answer("pay", "csat", 2, respondent="r1", source="survey/a.csv"),
        Answer("cart", "csat", 5, respondent="r1", source="survey/a.csv"),
        Answer("cart", "csat", 4, source="survey/a.csv"),
        Answer("help", "ces", 2, respondent="r2", source="survey/a.csv"),
    ]
    out = apply_survey(m, answers)
    assert [tp.emotion for tp in out.touchpoints] == [1, -1, 0]
    (curve,) = out.curves
    assert (curve.id, curve.name, curve.source) == (
        "survey",
        "Measured (NPS, CSAT, CES)",
        "measured",
    )
    # cart: CSAT mean 4.5 -> 1.5; pay: NPS (1 - 1) / 2 = 0 -> 0 (NPS before CSAT);
    # help: CES 2, effort, -> (7 - 2) / 6 * 4 - 2 = 1.33
    assert dict(curve.values) == {"cart": 1.5, "pay": 0.0, "help": 1.33}
    # respondents: r1, r2 and one anonymous answer (the CSAT at pay does not feed the curve)
    assert curve.n == 3
    assert curve.description is not None
    assert "From 5 survey answers (survey: a.csv)" in curve.description
    assert "3 of 3 points rest on fewer than 30 answers" in curve.description
    pay = out.touchpoint("pay").metrics
    assert [(x.kind, x.value, x.n, x.target, x.source) for x in pay] == [
        ("nps", 0.0, 2, 30, "survey: a.csv"),  # updated, target kept
        ("csat", 2.0, 1, None, "survey: a.csv"),  # added
    ]
    assert pay[1].unit == "/5"
    (help_ces,) = out.touchpoint("help").metrics
    assert (help_ces.value, help_ces.unit, help_ces.better) == (2.0, "/7", "lower")
    assert m.curves == ()  # the input is untouched
    assert apply_survey(out, answers) == out  # applying again replaces the same curve


def test_the_metric_feeding_the_curve_can_be_chosen_and_segments_filtered() -> None:
    answers = [
        Answer("pay", "nps", 10, segment="new"),
        Answer("pay", "csat", 1, segment="old"),
        Answer("cart", "csat", 5, segment="new"),
    ]
    only_csat = apply_survey(_map(), answers, metric="csat").curves[0]
    assert dict(only_csat.values) == {"cart": 2.0, "pay": -2.0}
    new = apply_survey(_map(), answers, segment="new").curves[0]
    assert dict(new.values) == {"cart": 2.0, "pay": 2.0}
    with pytest.raises(
        JourneyMapError, match="no survey answer is in segment 'x'; allowed: 'new', 'old'"
    ):
        apply_survey(_map(), answers, segment="x")
    with pytest.raises(JourneyMapError, match="no CES answers"):
        apply_survey(_map(), answers, metric="ces")


def test_a_spanish_map_gets_a_spanish_curve_name() -> None:
    curve = apply_survey(_map("es"), _answers("nps", [9])).curves[0]
    assert curve.name == "Medido (NPS)"


def test_answers_for_another_map_are_refused() -> None:
    with pytest.raises(JourneyMapError, match=r"a\.csv:7: touchpoint: touchpoint 'gone' is not on"):
        apply_survey(_map(), [Answer("gone", "nps", 9, source="a.csv", line=7)])


def test_the_map_names_its_surveys_and_load_does_not_apply_them(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "a.csv").write_text(
        "touchpoint,kind,value\npay,nps,10\npay,nps,10\n", encoding="utf-8"
    )
    path = tmp_path / "map.yaml"
    path.write_text(
        "title: T\nsurveys: [data/a.csv]\nphases:\n  - id: buy\n    name: Buy\n"
        "    touchpoints:\n      - {id: pay, name: Pay, emotion: -1}\n",
        encoding="utf-8",
    )
    m = load(path)
    assert (m.surveys, m.curves) == (("data/a.csv",), ())
    applied = with_surveys(m, tmp_path)
    assert applied.curves[0].values["pay"] == 2.0
    assert applied.touchpoint("pay").metrics[0].source == "survey: a.csv"
    assert with_surveys(load(CHECKOUT), ROOT) == load(CHECKOUT)  # no surveys: unchanged


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("answers.txt", "surveys #1: 'answers.txt' is not a survey file; allowed: a .csv or"),
        ("/data/a.csv", "surveys #1: '/data/a.csv' is absolute; allowed: a path relative to"),
    ],
)
def test_survey_paths_in_a_map_are_checked(written: str, message: str) -> None:
    with pytest.raises(JourneyMapError, match=message):
        loads(f"title: T\nsurveys: ['{written}']\n")


def test_the_example_survey_is_what_its_script_writes() -> None:
    import runpy

    script = runpy.run_path(str(ROOT / "scripts" / "gen_survey_example.py"), run_name="check")
    assert ANSWERS.read_text(encoding="utf-8") == script["answers_csv"]()
    answers = read_answers(ANSWERS, load(CHECKOUT))
    assert 300 <= len(answers) <= 700


# -- the command line -----------------------------------------------------------------------------


def test_render_with_a_survey_draws_the_measured_curve(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "measured"
    argv = ["render", str(CHECKOUT), "--survey", str(ANSWERS), "-f", "svg", "-f", "markdown"]
    assert main([*argv, "-o", str(out), "-q"]) == 0
    svg = (out / "online_checkout.svg").read_text(encoding="utf-8")
    assert "-curve-survey" in svg
    markdown = (out / "online_checkout.md").read_text(encoding="utf-8")
    assert "Measured (NPS, CSAT, CES)" in markdown
    assert "survey: online\\_checkout\\_answers\\.csv" in markdown
    plain = tmp_path / "plain"
    assert main(["render", str(CHECKOUT), "-f", "svg", "-o", str(plain), "-q"]) == 0
    assert "-curve-survey" not in (plain / "online_checkout.svg").read_text(encoding="utf-8")


def test_render_reports_bad_survey_rows_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "answers.csv"
    bad.write_text("touchpoint,kind,value\npays,nps,9\npays,nps,12\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["render", str(CHECKOUT), "--survey", str(bad), "-f", "svg", "-o", str(out)]) == 1
    assert not out.exists()
    err = capsys.readouterr().err
    assert f"journeymap: error: {bad}:3: column 'value': nps answer 12 is out of range" in err
    assert main(["validate", str(CHECKOUT), "--survey", str(bad)]) == 1
    assert f"{bad}:3: column 'value'" in capsys.readouterr().err


def test_validate_and_render_apply_the_maps_own_surveys(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "answers.csv").write_text(ANSWERS.read_text(encoding="utf-8"), encoding="utf-8")
    text = CHECKOUT.read_text(encoding="utf-8") + "surveys:\n- answers.csv\n"
    path = tmp_path / "checkout.yaml"
    path.write_text(text, encoding="utf-8")
    assert main(["validate", str(path)]) == 0
    assert main(["render", str(path), "-f", "svg", "-o", str(tmp_path / "out"), "-q"]) == 0
    assert "-curve-survey" in (tmp_path / "out" / "checkout.svg").read_text(encoding="utf-8")


def test_an_output_may_not_replace_a_survey(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    survey = tmp_path / "online_checkout.json"
    survey.write_text('[{"touchpoint": "pays", "kind": "nps", "value": 9}]', encoding="utf-8")
    argv = ["render", str(CHECKOUT), "--survey", str(survey), "-f", "json", "-o", str(tmp_path)]
    assert main(argv) == 1
    assert survey.read_text(encoding="utf-8").startswith("[{")
    assert "is the input" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["validate", "render"])
def test_a_missing_survey_file_is_named_with_the_map_and_how_it_was_given(
    tmp_path: Path, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "map.yaml").write_text(
        "title: T\nsurveys: [gone.csv]\nphases:\n  - id: p\n    name: P\n"
        "    touchpoints:\n      - id: t\n        name: T\n",
        encoding="utf-8",
    )
    extra = ["-f", "svg", "-o", str(tmp_path / "out")] if command == "render" else []
    assert main([command, str(tmp_path / "map.yaml"), *extra]) == 1
    err = capsys.readouterr().err
    assert f"{tmp_path / 'map.yaml'}: surveys: 'gone.csv': cannot read " in err
    assert "No such file or directory" in err
    assert main([command, str(tmp_path / "map.yaml"), "--survey", "none.csv", *extra]) == 1
    assert "surveys: 'gone.csv'" in capsys.readouterr().err  # the map's own comes first
    (tmp_path / "map.yaml").write_text(
        "title: T\nphases:\n  - id: p\n    name: P\n    touchpoints:\n      - id: t\n"
        "        name: T\n",
        encoding="utf-8",
    )
    assert main([command, str(tmp_path / "map.yaml"), "--survey", "none.csv", *extra]) == 1
    assert "map.yaml: survey answers 'none.csv': cannot read none.csv" in capsys.readouterr().err


def test_a_json_item_that_is_not_an_object_is_named_in_words(tmp_path: Path) -> None:
    path = tmp_path / "answers.json"
    path.write_text('[{"touchpoint": "t", "kind": "emotion", "value": 1}, 5, []]', "utf-8")
    m = loads(
        "title: T\nphases:\n  - id: p\n    name: P\n    touchpoints:\n      - {id: t, name: T}\n"
    )
    with pytest.raises(JourneyMapError) as info:
        read_answers(path, m)
    text = str(info.value)
    assert "item 1: is an int; allowed: an object with" in text
    assert "item 2: is a list; allowed: an object with" in text


def test_with_surveys_pools_extra_files_and_reads_a_file_named_twice_once(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("touchpoint,kind,value\npay,csat,4\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text("touchpoint,kind,value\npay,csat,2\n", encoding="utf-8")
    m = loads(
        "title: T\nsurveys: [a.csv]\nphases:\n  - id: p\n    name: P\n"
        "    touchpoints:\n      - {id: pay, name: Pay}\n"
    )
    twice = with_surveys(m, tmp_path, extra=[tmp_path / "a.csv", str(tmp_path / "./a.csv")])
    assert twice.touchpoint("pay").metrics[0].value == 4.0  # one answer, not three
    pooled = with_surveys(m, tmp_path, extra=[tmp_path / "b.csv"])
    assert pooled.touchpoint("pay").metrics[0].value == 3.0
    assert pooled.touchpoint("pay").metrics[0].n == 2
