"""Generate the SYNTHETIC application records of the smart-working call (data/).

The source presentation gives only aggregates; no real application is published. This
script invents one row per application, deterministically (fixed seed, Python's ``random``
whose integer methods are stable across versions), so that the aggregates reproduce the
source exactly: 1.001 submitted, 884 admitted, 120 withdrawn or lapsed, 764 beneficiaries
for € 10.705.500, the four size classes with their amounts, the six top ATECO divisions and
the COVID split. Province figures are not in the source: they reproduce the illustrative
figures of the main example. Firm names say "fittizia" and every row carries
``Dati sintetici = sì``.

    python scripts/make_records.py                       # rewrite data/domande_smart_working.csv
    python scripts/make_records.py --rows 1000000 -o big.csv   # a scaled file for benchmarks

``generate(n_rows, seed)`` is the entry point for benchmarks: with ``n_rows=1001`` it is the
exact example; otherwise the example's rows are repeated (new application ids) and shuffled.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

import numpy as np
import pandas as pd

from porreport.model.labels import FIRM_SIZES

OUT = Path(__file__).resolve().parents[1] / "data" / "domande_smart_working.csv"
EXAMPLE_ROWS = 1001
SEED = 2021

COLUMNS = (
    "Codice domanda",
    "Ragione sociale",
    "Dimensione impresa",
    "N. dipendenti",
    "Provincia",
    "Codice ATECO",
    "Stato",
    "Importo ammesso",
    "Addendum COVID",
    "Data presentazione",
    "Dati sintetici",
)

# Status of every application: 764 beneficiaries, 120 withdrawn or lapsed (884 ever
# admitted), 117 never admitted (not admitted, or still under review).
STATUSES = {
    "Ammessa": 764,
    "Rinunciata": 96,
    "Decaduta": 24,
    "Non ammessa": 105,
    "Presentata": 12,
}

EMPLOYEES = {"micro": (1, 9), "piccola": (10, 49), "media": (50, 249), "grande": (250, 1800)}

# Amounts admitted to the beneficiaries of each class: (firms, euro each). They add up to
# the source's 264/324/151/25 firms and € 1.980.000 / 4.788.000 / 3.375.000 / 562.500.
BENEFICIARY_AMOUNTS = {
    "micro": ((200, 7_500), (32, 6_000), (32, 9_000)),
    "piccola": ((300, 15_000), (24, 12_000)),
    "media": ((146, 22_500), (5, 18_000)),
    "grande": ((25, 22_500),),
}

# Beneficiaries by province: the main example's illustrative figures (they sum to 764).
PROVINCES = {
    "MI": 262,
    "BS": 92,
    "BG": 84,
    "MB": 74,
    "VA": 58,
    "CO": 41,
    "PV": 30,
    "LC": 30,
    "MN": 28,
    "SO": 27,
    "CR": 24,
    "LO": 14,
}

# ATECO 2007 codes used for each division (valid subcategories).
ATECO_CODES = {
    "46": ("46.19.02", "46.51.00", "46.90.00"),
    "62": ("62.01.00", "62.02.00", "62.09.09"),
    "70": ("70.21.00", "70.22.01"),
    "88": ("88.10.00", "88.91.00", "88.99.00"),
    "63": ("63.11.11", "63.12.00", "63.99.00"),
    "25": ("25.11.00", "25.21.00", "25.29.00"),
    "10": ("10.11.00", "10.13.00"),
    "14": ("14.11.00", "14.14.00"),
    "16": ("16.10.00", "16.22.00"),
    "18": ("18.12.00", "18.13.00"),
    "20": ("20.12.00", "20.13.01"),
    "22": ("22.19.09", "22.21.00"),
    "26": ("26.11.09", "26.12.00"),
    "28": ("28.13.00", "28.14.00"),
    "33": ("33.11.01", "33.11.03"),
    "41": ("41.10.00", "41.20.00"),
    "43": ("43.11.00", "43.12.00"),
    "47": ("47.21.01", "47.22.00"),
    "49": ("49.20.00", "49.31.00"),
    "52": ("52.22.09", "52.23.00"),
    "56": ("56.21.00", "56.30.00"),
    "58": ("58.11.00", "58.12.01"),
    "68": ("68.10.00", "68.20.01"),
    "69": ("69.10.10", "69.20.11", "69.20.13"),
    "71": ("71.11.00", "71.12.10", "71.12.20"),
    "72": ("72.11.00", "72.19.09"),
    "73": ("73.11.01", "73.12.00"),
    "74": ("74.10.10", "74.90.99"),
}
# Beneficiaries by division: the source's top six, then 473 firms spread over 22 other
# divisions, none with more than 32 (so the top six stay the top six).
TOP_SECTORS = {"46": 62, "62": 60, "70": 46, "88": 45, "63": 41, "25": 37}
OTHER_DIVISIONS = [d for d in ATECO_CODES if d not in TOP_SECTORS]
OTHER_SECTORS = {d: 32 - i for i, d in enumerate(OTHER_DIVISIONS)}

COVID_BENEFICIARIES = {"Sì": 379, "No": 385}
ADDENDUM_START = dt.date(2020, 3, 19)  # the day after decreto regionale 3516/2020
CALL_START = dt.date(2019, 11, 4)
CALL_END = dt.date(2021, 7, 30)
LEGAL_FORMS = ("S.r.l.", "S.p.A.", "S.n.c.", "S.a.s.", "S.r.l.s.", "Soc. coop.")


def _pool(counts: dict[str, int]) -> list[str]:
    return [value for value, n in counts.items() for _ in range(n)]


def _euro(amount: int) -> str:
    """1980000 -> '1.980.000,00' (how the grants system exports amounts)."""
    return f"{amount:,}".replace(",", ".") + ",00"


def _beneficiaries(rng: random.Random) -> list[dict[str, str]]:
    sizes = [
        (size, euro)
        for size, parts in BENEFICIARY_AMOUNTS.items()
        for n, euro in parts
        for _ in range(n)
    ]
    provinces = _pool(PROVINCES)
    divisions = _pool({**TOP_SECTORS, **OTHER_SECTORS})
    covid = _pool(COVID_BENEFICIARIES)
    for column in (sizes, provinces, divisions, covid):
        rng.shuffle(column)
    return [
        {
            "size": size,
            "amount": _euro(euro),
            "province": province,
            "division": division,
            "covid": flag,
            "status": "Ammessa",
        }
        for (size, euro), province, division, flag in zip(
            sizes, provinces, divisions, covid, strict=True
        )
    ]


def _others(rng: random.Random) -> list[dict[str, str]]:
    """Applications that are not (or no longer) beneficiaries."""
    rows = []
    for status, n in STATUSES.items():
        if status == "Ammessa":
            continue
        for _ in range(n):
            size = rng.choice(("micro", "micro", "piccola", "piccola", "media", "grande"))
            admitted = status in ("Rinunciata", "Decaduta")
            amounts = [euro for _, euro in BENEFICIARY_AMOUNTS[size]]
            rows.append(
                {
                    "size": size,
                    "amount": _euro(rng.choice(amounts)) if admitted else "",
                    "province": rng.choice(sorted(PROVINCES)),
                    "division": rng.choice(sorted(ATECO_CODES)),
                    "covid": rng.choice(("Sì", "No")),
                    "status": status,
                }
            )
    return rows


def _date(rng: random.Random, covid: str) -> dt.date:
    start = ADDENDUM_START if covid == "Sì" else CALL_START
    end = dt.date(2020, 12, 31) if covid == "Sì" else CALL_END
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def example(seed: int = SEED) -> pd.DataFrame:
    """The 1.001 synthetic applications of the example, in the grants system's export format."""
    rng = random.Random(seed)
    rows = _beneficiaries(rng) + _others(rng)
    for row in rows:
        low, high = EMPLOYEES[row["size"]]
        row["employees"] = str(rng.randint(low, high))
        row["ateco"] = rng.choice(ATECO_CODES[row["division"]])
        row["date"] = _date(rng, row["covid"])
        row["form"] = rng.choice(LEGAL_FORMS)
    rng.shuffle(rows)
    rows.sort(key=lambda r: r["date"])  # application ids follow the submission order
    records = [
        (
            f"SW-{2019_00001 + i}",
            f"Impresa fittizia {i + 1:04d} {row['form']}",
            FIRM_SIZES[row["size"]].label,
            row["employees"],
            row["province"],
            row["ateco"],
            row["status"],
            row["amount"],
            row["covid"],
            row["date"].strftime("%d/%m/%Y"),
            "sì",
        )
        for i, row in enumerate(rows)
    ]
    return pd.DataFrame.from_records(records, columns=list(COLUMNS))


def generate(n_rows: int = EXAMPLE_ROWS, seed: int = SEED) -> pd.DataFrame:
    """``n_rows`` synthetic applications: the example itself, or its rows repeated and shuffled.

    Scaled frames keep the example's proportions (every 1.001 rows reproduce its figures)
    and get unique application ids; they are deterministic for a given seed and NumPy.
    """
    base = example(seed)
    if n_rows == EXAMPLE_ROWS:
        return base
    order = np.random.default_rng(seed).permutation(n_rows)
    frame = base.iloc[order % EXAMPLE_ROWS].reset_index(drop=True)
    ids = pd.Series(np.arange(1, n_rows + 1), dtype="int64").astype(str).str.zfill(8)
    frame["Codice domanda"] = "SW-" + ids
    frame["Ragione sociale"] = "Impresa fittizia " + ids
    return frame


def write_csv(frame: pd.DataFrame, path: Path) -> Path:
    """Write records as the grants system exports them: ';' separated, UTF-8, LF."""
    frame.to_csv(path, sep=";", index=False, encoding="utf-8", lineterminator="\n")
    return path


def main() -> None:
    """Command line: rewrite the example, or write a scaled file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=EXAMPLE_ROWS, help="number of applications")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("-o", "--output", type=Path, default=OUT)
    args = parser.parse_args()
    path = write_csv(generate(args.rows, args.seed), args.output)
    print(f"wrote {path} ({args.rows} synthetic applications)")


if __name__ == "__main__":
    main()
