"""Write a synthetic plan_data-shaped folder N times the size of the real plan.

    .venv/bin/python benchmarks/make_synthetic.py 10 /tmp/plan10
    .venv/bin/python -m generator check --data /tmp/plan10

Copy 1 is the real plan unchanged. Copies 2..N ("districts") replicate every campaign, task and
unit with suffixed ids and names (``lantian-d002``, ``区财政局·D002``), so each district's tasks
reference only that district's units — the shape of "100 districts' plans in one site": about
79·N tasks, 25·N units and 120·N pages.

Two deliberate simplifications:

* the 原文 source text is kept once (it is not multiplied): task anchors of copies 2..N fall back to
  the top of the 原文 page, as :func:`generator.site.views.source.source_lines` does for any unmatched task;
* aliases are kept only for copy 1: ``units.yaml`` must stay under ``generator.data.load.MAX_FILE_BYTES``
  (256 KB); with aliases a 100× registry would be ~420 KB. Tasks reference units by their names
  only, so no reference needs an alias.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
ROLE_KEYS = ("lead", "cooperate", "responsible")


def _suffix_units(obj: Any, suffix: str) -> Any:
    """Suffix every unit reference (lead/cooperate/responsible lists, implicit_units[].unit)."""
    if isinstance(obj, dict):
        out = {}
        for k, v in obj.items():
            if k in ROLE_KEYS and isinstance(v, list):
                out[k] = [s + suffix for s in v]
            elif k == "implicit_units" and isinstance(v, list):
                out[k] = [{**iu, "unit": iu["unit"] + suffix} for iu in v]
            else:
                out[k] = _suffix_units(v, suffix)
        return out
    if isinstance(obj, list):
        return [_suffix_units(x, suffix) for x in obj]
    return obj


def _dump(data: Any, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        yaml.safe_dump(data, fh, allow_unicode=True, sort_keys=False, width=10_000)


def make(src: Path, out: Path, copies: int) -> dict[str, int]:
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    shutil.copytree(src / "source", out / "source")
    doc = yaml.safe_load((src / "document.yaml").read_text(encoding="utf-8"))
    units = yaml.safe_load((src / "units.yaml").read_text(encoding="utf-8"))["units"]
    campaign_ids: list[str] = list(doc["campaigns"])

    all_campaigns: list[str] = []
    all_units: list[dict[str, Any]] = []
    n_tasks = 0
    titles: list[str] = []
    for k in range(1, copies + 1):
        id_sfx = "" if k == 1 else f"-d{k:03d}"
        name_sfx = "" if k == 1 else f"·D{k:03d}"
        for u in units:
            if k == 1:
                all_units.append(u)
            else:
                v = {key: val for key, val in u.items() if key != "aliases"}
                v["id"] = u["id"] + id_sfx
                v["name"] = u["name"] + name_sfx
                all_units.append(v)
        for cid in campaign_ids:
            new_id = cid + id_sfx
            all_campaigns.append(new_id)
            cdir = src / "campaigns" / cid
            camp = yaml.safe_load((cdir / "campaign.yaml").read_text(encoding="utf-8"))
            camp = _suffix_units(camp, name_sfx)
            camp["id"] = new_id
            camp["order"] = len(all_campaigns)
            if k > 1:
                camp["title"] = f"{camp['title']}（第{k}区）"
                titles.append(camp["title"])
                camp["short_title"] = f"{camp['short_title']}{k}"
            _dump(camp, out / "campaigns" / new_id / "campaign.yaml")
            for tf in sorted((cdir / "tasks").glob("*.yaml")):
                task = _suffix_units(yaml.safe_load(tf.read_text(encoding="utf-8")), name_sfx)
                _dump(task, out / "campaigns" / new_id / "tasks" / tf.name)
                n_tasks += 1
    doc["campaigns"] = all_campaigns
    _dump(doc, out / "document.yaml")
    # `check` wants each campaign title to be a line of the original: add the copies' titles as
    # lines before the web-page chrome at the end (the task texts are the original's already)
    if titles:
        src = out / doc["source_file"]
        lines = src.read_text(encoding="utf-8").rstrip("\n").split("\n")
        keep = int(doc.get("source_chrome_lines") or 0)
        body, chrome = (lines[: len(lines) - keep], lines[len(lines) - keep :]) if keep else (lines, [])
        src.write_text("\n".join([*body, "", *titles, *chrome]) + "\n", encoding="utf-8")
    # Flow style keeps the registry compact (see the module docstring on MAX_FILE_BYTES).
    with (out / "units.yaml").open("w", encoding="utf-8") as fh:
        fh.write("units:\n")
        for u in all_units:
            fh.write(
                "  - "
                + yaml.safe_dump(
                    u, allow_unicode=True, sort_keys=False, default_flow_style=True, width=10_000
                ).strip()
                + "\n"
            )
    return {
        "campaigns": len(all_campaigns),
        "tasks": n_tasks,
        "units": len(all_units),
        "units_yaml_bytes": (out / "units.yaml").stat().st_size,
    }


def make_documents(src: Path, out: Path, copies: int) -> dict[str, int]:
    """The same N× plan as :func:`make`, split into N documents (issue 16): ``documents/d001`` …
    each with the real plan's three campaigns, its own 文号 and its district's units, beside one
    shared registry (every district's units) and ``site.yaml``."""
    flat = out.with_name(out.name + ".flat")
    stats = make(src, flat, copies)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    shutil.copy(flat / "units.yaml", out / "units.yaml")
    if (src / "site.yaml").is_file():
        shutil.copy(src / "site.yaml", out / "site.yaml")
    doc = yaml.safe_load((src / "document.yaml").read_text(encoding="utf-8"))
    campaign_ids = list(doc["campaigns"])
    for k in range(1, copies + 1):
        folder = out / "documents" / f"d{k:03d}"
        shutil.copytree(src / "source", folder / "source")
        id_sfx = "" if k == 1 else f"-d{k:03d}"
        for order, cid in enumerate(campaign_ids, 1):
            shutil.copytree(flat / "campaigns" / (cid + id_sfx), folder / "campaigns" / cid)
            camp_file = folder / "campaigns" / cid / "campaign.yaml"
            camp = yaml.safe_load(camp_file.read_text(encoding="utf-8"))
            camp["id"] = cid
            camp["order"] = order
            if k > 1:  # the campaign titles as the original has them (each document is one district's)
                camp["title"] = camp["title"].removesuffix(f"（第{k}区）")
                camp["short_title"] = camp["short_title"].removesuffix(str(k))
            _dump(camp, camp_file)
        d = dict(doc)
        if k > 1:
            d["doc_number"] = f"{doc['doc_number']}·D{k:03d}"
        _dump(d, folder / "document.yaml")
    shutil.rmtree(flat)
    return {**stats, "documents": copies}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("copies", type=int, help="multiplier: 10 → 10 copies of every campaign/task/unit")
    ap.add_argument("out", type=Path, help="output folder (replaced)")
    ap.add_argument("--src", type=Path, default=ROOT / "plan_data")
    ap.add_argument("--documents", action="store_true",
                    help="one document per copy (plan_data/documents/dNNN/) beside a shared registry")
    args = ap.parse_args(argv)
    stats = (make_documents if args.documents else make)(args.src, args.out, args.copies)
    print(" ".join(f"{k}={v}" for k, v in stats.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
