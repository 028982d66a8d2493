"""Read plan_data/ (stage 1 of the pipeline: load).

PROVISIONAL happy-path loader; to be hardened (safe loading limits, line numbers, every problem).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from . import schema
from .model import LoadedCampaign, Plan, SourceRef, build_plan


def load_plan(root: Path) -> Plan:
    root = Path(root)

    def read(p: Path) -> object:
        return yaml.safe_load(p.read_text(encoding="utf-8"))

    doc = schema.DocumentFile.model_validate(read(root / "document.yaml"))
    units = schema.UnitsFile.model_validate(read(root / "units.yaml"))
    source_text = (root / doc.source_file).read_text(encoding="utf-8")
    camps: list[LoadedCampaign] = []
    for cid in doc.campaigns:
        cdir = root / "campaigns" / cid
        cf = schema.CampaignFile.model_validate(read(cdir / "campaign.yaml"))
        tasks = [
            (schema.TaskFile.model_validate(read(p)), SourceRef(p.relative_to(root.parent).as_posix()))
            for p in sorted((cdir / "tasks").glob("*.yaml"))
        ]
        camps.append(LoadedCampaign(cf, SourceRef((cdir / "campaign.yaml").relative_to(root.parent).as_posix()), tasks))
    return build_plan(doc, source_text, units, camps)
