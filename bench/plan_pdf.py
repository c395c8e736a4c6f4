"""``python -m bench.plan_pdf``: what drawing a plan as a PDF costs, against a letter's PDF in the same run.

A draft plan built through the services from two professionals' advice (the browser journey's), and the same
plan with 40 provision items (a large plan), are drawn as tagged PDF by the route's own path
(``plan_documents.pdf``: WeasyPrint, plus its audit row); the baseline is the draft's notice letter drawn as PDF
(``plan_documents.letter_pdf``). Medians and 95th percentiles of 30 runs after one warm-up, and the ratios to the
letter's median, go to ``bench/results/plan_pdf.json``. Not part of ``make test``.

    python -m bench.plan_pdf [--runs 30]
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from sqlmodel import Session, col, select

from ehcna_portal.models import CaseLetter, PlanIssue
from ehcna_portal.services import plan_documents, plans
from ehcna_portal.services.plan_edits import Edit
from ehcna_portal.settings import load_settings
from tests.support.databases import migrated_engine
from tests.support.plans import ISSUED_AT, drafted_case

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "plan_pdf.json"


def _times(draw: Callable[[], object], runs: int) -> dict[str, float]:
    draw()  # fonts and Pango loaded once, as in a running worker
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        draw()
        seconds.append(time.perf_counter() - started)
    seconds.sort()
    return {"median_ms": round(statistics.median(seconds) * 1000, 1),
            "p95_ms": round(seconds[int(len(seconds) * 0.95) - 1] * 1000, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    runs = parser.parse_args().runs
    data = Path(tempfile.mkdtemp(prefix="ehcna-bench-pdf-"))
    engine = migrated_engine(f"sqlite:///{data / 'bench.db'}")
    settings = load_settings({"EHCNA_ENV": "dev", "EHCNA_DATA_DIR": str(data),
                              "EHCNA_PUBLIC_URL": "https://portal.example.gov.uk"})
    case_id, staff_id = drafted_case(engine, settings)
    with Session(engine) as db:
        issue_id = db.exec(select(PlanIssue.id).where(PlanIssue.case_id == case_id)).one()
        letter = db.exec(select(CaseLetter).where(CaseLetter.case_id == case_id)
                         .order_by(col(CaseLetter.id).desc())).first()
    draft = plan_documents.issued(engine, issue_id, "en")
    revision = 2
    for number in range(40):
        plans.edit(engine, case_id, revision, Edit("item", "F", values={
            "what": f"Provision {number}: precision teaching of reading, one to one", "who": "A trained assistant",
            "how_often": "10 minutes every school day", "how_long": "12 months", "needs": ["B1"]}),
            staff_id=staff_id, now=ISSUED_AT)
        revision += 1
    large = plan_documents.preview(engine, case_id, ISSUED_AT.date(), staff_id=staff_id)
    assert draft is not None and large is not None and letter is not None
    results = {
        "letter (baseline)": _times(lambda: plan_documents.letter_pdf(engine, letter, settings.public_url,
                                                                      actor="bench"), runs),
        "draft plan (2 professionals)": _times(lambda: plan_documents.pdf(engine, draft, "en", actor="bench"), runs),
        "plan with 42 provision items": _times(lambda: plan_documents.pdf(engine, large, "en", actor="bench"), runs),
    }
    baseline = results["letter (baseline)"]["median_ms"]
    for figures in results.values():
        figures["ratio_to_letter"] = round(figures["median_ms"] / baseline, 2)
    report = {"measured_at": datetime.now(UTC).isoformat(timespec="seconds"), "runs": runs,
              "machine": f"{platform.machine()}, {platform.python_version()}", "results": results}
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
