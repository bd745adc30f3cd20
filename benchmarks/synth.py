"""Deterministic synthetic fact sheets for scale tests and benchmarks.

``generate(n, seed)`` yields ``(file_name, markdown_text)`` pairs shaped like the real Briefing
Room fact sheets: YAML front matter, an intro paragraph with a budget figure, bold-lead
bullets, acronyms defined in parentheses, http(s) links, a nested list, a numbered list and a
few "including $X for …" nested amounts. About 10 initiatives and 5 dollar figures each.
The same ``(n, seed)`` always gives byte-identical files.

Run ``python -m benchmarks.synth OUT_DIR N`` to write a corpus to disk.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from collections.abc import Iterator
from pathlib import Path

AGENCIES = [
    ("Department of Energy", "DOE"), ("Environmental Protection Agency", "EPA"),
    ("Department of Transportation", "DOT"), ("Small Business Administration", "SBA"),
    ("National Science Foundation", "NSF"), ("Federal Emergency Management Agency", "FEMA"),
    ("Department of Agriculture", "USDA"), ("Department of Veterans Affairs", "VA"),
    ("Department of Health and Human Services", "HHS"), ("Department of Labor", "DOL"),
    ("Department of Housing and Urban Development", "HUD"), ("Department of Commerce", "DOC"),
]
VERBS = ["Expanding", "Launching", "Investing in", "Strengthening", "Modernizing", "Protecting",
         "Accelerating", "Building", "Lowering costs for", "Supporting", "Deploying", "Securing",
         "Training", "Restoring", "Connecting", "Cutting red tape for"]
TOPICS = ["rural broadband", "clean water infrastructure", "electric vehicle charging", "wildfire resilience",
          "semiconductor manufacturing", "apprenticeship programs", "affordable housing", "port modernization",
          "lead pipe replacement", "community health centers", "grid reliability", "coastal restoration",
          "small business lending", "battery recycling", "transit electrification", "heat resilience",
          "cybersecurity workforce", "maternal health", "child care capacity", "school ventilation",
          "drought response", "critical minerals", "offshore wind supply chains", "veteran housing",
          "opioid treatment", "border technology", "tribal energy", "climate-smart agriculture",
          "STEM education", "public lands access", "nuclear fuel security", "freight rail safety"]
PLACES = ["Appalachia", "the Gulf Coast", "the Mountain West", "the Great Lakes", "the Mississippi Delta",
          "Puerto Rico", "the Central Valley", "New England", "the Pacific Northwest", "the Rio Grande Valley",
          "the Navajo Nation", "rural Alaska", "the Ohio River Valley", "the Carolinas"]
PROGRAM_WORDS = ["Resilience", "Opportunity", "Innovation", "Workforce", "Access", "Recovery", "Partnership",
                 "Infrastructure", "Modernization", "Security", "Readiness", "Growth", "Equity", "Capacity"]
PROGRAM_KINDS = ["Program", "Initiative", "Fund", "Challenge", "Grant Program", "Accelerator", "Corps"]
COMPANIES = ["Northwind Energy", "Acme Semiconductors", "Blue Harbor Logistics", "Summit Health",
             "Cedar Grid", "Lumen Mobility", "Riverbend Foods", "Keystone Materials"]
FILLER = ["This effort builds on historic investments made over the past several years.",
          "Communities that have long been left behind will see the benefits first.",
          "The program will be administered in close coordination with state, local, and Tribal partners.",
          "Applications open later this year, with awards expected within months.",
          "The Administration will report on progress regularly and publish the results.",
          "Independent evaluations will measure outcomes for workers and families.",
          "These actions lower costs, create good-paying jobs, and strengthen supply chains.",
          "Technical assistance will help smaller applicants compete on a level playing field."]


def _amount(rng: random.Random) -> tuple[str, float]:
    unit = rng.choice(["million", "million", "million", "billion"])
    if unit == "billion":
        whole = rng.choice([1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20])
        frac = rng.choice(["", "", ".5", ".2", ".75"])
        text = f"${whole}{frac} billion"
        return text, float(f"{whole}{frac}") * 1e9
    whole = rng.choice([10, 25, 40, 50, 75, 100, 120, 150, 200, 250, 300, 400, 500, 750])
    return f"${whole} million", whole * 1e6


def _program(rng: random.Random) -> tuple[str, str]:
    words = rng.sample(PROGRAM_WORDS, 2)
    kind = rng.choice(PROGRAM_KINDS)
    name = f"{words[0]} and {words[1]} {kind}" if rng.random() < 0.3 else f"{words[0]} {words[1]} {kind}"
    acronym = "".join(w[0] for w in name.replace(" and ", " ").split()).upper()
    return name, acronym


def _sentence(rng: random.Random) -> str:
    return rng.choice(FILLER)


def fact_sheet(index: int, seed: int = 0) -> tuple[str, str]:
    """One synthetic fact sheet: (file name, Markdown with front matter)."""
    rng = random.Random(seed * 1_000_003 + index)
    date = dt.date(2021, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 5))
    agency, agency_acr = rng.choice(AGENCIES)
    topic = rng.choice(TOPICS)
    place = rng.choice(PLACES)
    slug = f"synthetic-{index:06d}-{topic.replace(' ', '-')}"
    title = f"FACT SHEET: Administration Announces New Actions on {topic.title()} in {place} ({index})"
    url = f"https://www.example.gov/briefing-room/{date:%Y/%m/%d}/{slug}/"
    fy = rng.choice([23, 24, 25, 26])
    budget_text, _ = _amount(rng)
    lines = [
        "---",
        f"date: '{date.isoformat()}'",
        f"published_time: {date.isoformat()} 10:00:00-05:00",
        f"source_url: {url}",
        "tags: statements-releases",
        f'title: "{title}"',
        "---",
        "",
        f"Today, the Administration is announcing new actions on {topic} in {place}. "
        f"The President's FY{fy} budget requests {budget_text} for the {agency} ({agency_acr}) "
        f"to carry this work forward. {_sentence(rng)}",
        "",
        "**New actions announced today include:**",
        "",
    ]
    dollars = 1
    n_initiatives = rng.randint(8, 12)
    numbered_from = n_initiatives - rng.randint(2, 3)
    for i in range(n_initiatives):
        verb = rng.choice(VERBS)
        program, acr = _program(rng)
        subject = rng.choice(TOPICS)
        lead = f"{verb} {subject} through the {program} ({acr})"
        body = [f"The {agency_acr} will use the {acr} to reach communities in {rng.choice(PLACES)}."]
        if dollars < 5 and rng.random() < 0.6:
            amount_text, _ = _amount(rng)
            if rng.random() < 0.25 and "billion" in amount_text:
                part_text, _ = _amount(rng)
                if "million" in part_text:
                    body.append(f"The program provides {amount_text}, including {part_text} for {rng.choice(TOPICS)}.")
                    dollars += 2
                else:
                    body.append(f"The program provides {amount_text} over five years.")
                    dollars += 1
            else:
                qualifier = rng.choice(["", "", "more than ", "up to ", "nearly "])
                body.append(f"It will invest {qualifier}{amount_text} in {rng.choice(TOPICS)}.")
                dollars += 1
        body.append(_sentence(rng))
        if rng.random() < 0.4:
            body.append(f"[Learn more about the {program}]({url}#{acr.lower()}).")
        text = " ".join(body)
        if i < numbered_from:
            lines.append(f"-   **{lead}.** {text}")
            if rng.random() < 0.2:
                lines.append(f"    -   A pilot in {rng.choice(PLACES)} starts this year.")
                lines.append(f"    -   {rng.choice(COMPANIES)} will share data with the {acr}.")
        else:
            if i == numbered_from:
                lines += ["", "**Next steps:**", ""]
            lines.append(f"{i - numbered_from + 1}.  {lead}. {text}")
    lines += ["", f"{rng.choice(COMPANIES)} is committing {_amount(rng)[0]} to support these efforts.", ""]
    return f"{slug}.md", "\n".join(lines)


def generate(n: int, seed: int = 0) -> Iterator[tuple[str, str]]:
    for index in range(n):
        yield fact_sheet(index, seed)


def write_corpus(out_dir: Path, n: int, seed: int = 0) -> Path:
    """Write ``n`` sheets under ``out_dir`` (100 per folder); skip the work if already complete."""
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = out_dir / f".complete-{n}-{seed}"
    if stamp.exists():
        return out_dir
    for index, (name, text) in enumerate(generate(n, seed)):
        folder = out_dir / f"{index // 100:04d}"
        folder.mkdir(exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    stamp.write_text("ok\n")
    return out_dir


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python -m benchmarks.synth OUT_DIR N")
    write_corpus(Path(sys.argv[1]), int(sys.argv[2]))
