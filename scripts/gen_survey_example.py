"""Write examples/surveys/online_checkout_answers.csv: survey answers for the checkout map.

Usage: ``python scripts/gen_survey_example.py`` (writes) or ``--check`` (exits 1 when the
committed file differs from what this script writes).

The answers are made up, deterministically (a fixed seed), to look like a post-purchase
survey of 60 customers of the online-checkout example: each answers a CSAT or CES
question about most steps and the NPS question at the end; only some used the chat, so
the returns question has few answers (a weak result). First-time buyers find the account
step harder than returning ones. The ad itself was not asked about: the measured curve
has no point there.
"""

from __future__ import annotations

import csv
import io
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "examples" / "surveys" / "online_checkout_answers.csv"
SEED = 20260301
RESPONDENTS = 60

# touchpoint id, kind, weights of each answer from the scale's lowest value up.
QUESTIONS: list[tuple[str, str, list[int]]] = [
    ("reads-reviews", "csat", [1, 2, 6, 14, 9]),
    ("adds-to-cart", "csat", [0, 1, 4, 14, 11]),
    ("creates-an-account", "ces", [1, 2, 3, 4, 6, 7, 5]),  # effort: 1 very low .. 7 very high
    ("sees-shipping-costs", "csat", [9, 10, 6, 3, 1]),
    ("pays", "ces", [8, 9, 6, 3, 2, 1, 1]),
    ("order-confirmation", "csat", [0, 1, 4, 12, 13]),
    ("tracks-the-parcel", "csat", [4, 9, 9, 6, 2]),
    ("receives-the-parcel", "csat", [0, 1, 2, 10, 17]),
    ("recommends-the-shop", "nps", [1, 1, 1, 1, 2, 2, 3, 6, 8, 9, 8]),
]
# Returning customers already have an account: their effort there is low.
RETURNING_ACCOUNT = [9, 8, 4, 2, 1, 1, 0]
RETURNS = ("asks-about-returns", "ces", [6, 7, 4, 2, 1, 1, 0])
LOWEST = {"nps": 0, "csat": 1, "ces": 1}


def answers_csv() -> str:
    """The CSV text, the same on every run."""
    rng = random.Random(SEED)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["respondent", "date", "segment", "touchpoint", "kind", "value"])
    for number in range(1, RESPONDENTS + 1):
        respondent = f"R{number:04d}"
        date = f"2026-03-{rng.randint(2, 27):02d}"
        segment = "first-time" if rng.random() < 0.6 else "returning"
        questions = list(QUESTIONS)
        if rng.random() < 0.3:
            questions.insert(8, RETURNS)
        for touchpoint, kind, weights in questions:
            if touchpoint == "creates-an-account" and segment == "returning":
                weights = RETURNING_ACCOUNT
            if rng.random() < 0.08:  # skipped the question
                continue
            choices = range(LOWEST[kind], LOWEST[kind] + len(weights))
            value = rng.choices(choices, weights=weights)[0]
            writer.writerow([respondent, date, segment, touchpoint, kind, value])
    return out.getvalue()


def main(argv: list[str]) -> int:
    text = answers_csv()
    if "--check" in argv:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != text:
            print(f"{TARGET} is stale: run python scripts/gen_survey_example.py")
            return 1
        return 0
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)} ({text.count(chr(10)) - 1} answers)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
