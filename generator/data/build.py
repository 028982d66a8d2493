"""Building the model from validated files: :func:`build_plan` resolves what
:mod:`generator.data.validate` checked into a :class:`generator.model.model.Plan` (units by name, tasks in
their sections, implicit units applied). It assumes the files passed validation."""

from __future__ import annotations

from dataclasses import dataclass

from generator.data import schema
from generator.model.dates import parse_recurrence
from generator.model.model import (
    ROLES,
    Assignment,
    Campaign,
    Deadline,
    Document,
    DocumentEnd,
    Flag,
    ImplicitUnit,
    Part,
    Plan,
    Requirement,
    Role,
    Section,
    SiteIdentity,
    SourceRef,
    SubItem,
    Target,
    Task,
    Unit,
)

# --- building ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class LoadedCampaign:
    """A validated campaign file with its validated task files (and where each came from)."""

    file: schema.CampaignFile
    source: SourceRef
    tasks: list[tuple[schema.TaskFile, SourceRef]]


def _deadline(
    d: schema.Deadline, subitem: str | None = None, by_name: dict[str, Unit] | None = None
) -> Deadline:
    rec = parse_recurrence(d.recurrence) if d.recurrence else None
    names = getattr(d, "units", [])
    units = tuple(by_name[n.strip()] for n in names) if by_name else ()
    return Deadline(text=d.text, what=d.what, date=d.date, recurrence=rec, subitem=subitem, units=units,
                    reporting=bool(getattr(d, "reporting", False)))


def _target(t: schema.Target, subitem: str | None = None) -> Target:
    return Target(t.indicator, t.comparator, t.value, t.unit, t.text, t.note, subitem)


def _flag(f: schema.Flag) -> Flag:
    return Flag(f.kind, f.note)


def _assignments(a: schema.Assigned, units: dict[str, Unit], subitem: str | None) -> list[Assignment]:
    out: list[Assignment] = []
    for role in ROLES:
        label = getattr(a.labels, role.value) or role.label
        note = getattr(a.unit_notes, role.value)
        for name in getattr(a, role.value):
            out.append(Assignment(units[name.strip()], role, label, False, subitem, note))
    return out


def build_plan(
    document: schema.DocumentFile,
    source_text: str,
    units_file: schema.UnitsFile,
    campaigns: list[LoadedCampaign],
    site: schema.SiteFile | None = None,
) -> Plan:
    """Resolve validated files into a :class:`Plan`. Assumes :mod:`generator.data.validate` passed."""
    units = [
        Unit(u.id, u.name, u.kind, u.collective, u.stands_for, tuple(u.aliases), i,
             tuple((f.name, f.until) for f in u.former_names))
        for i, u in enumerate(units_file.units)
    ]
    by_name = {u.name: u for u in units}
    lines = source_text.rstrip("\n").split("\n")
    if document.source_chrome_lines:
        lines = lines[: len(lines) - document.source_chrome_lines]
    doc = Document(
        doc_number=document.doc_number,
        title=document.title,
        addressees=document.addressees,
        body=tuple(document.body),
        date_written=document.date_written,
        date_written_text=document.date_written_text,
        published=document.published,
        published_source=document.published_source,
        source_file=document.source_file,
        source_text="\n".join(lines).rstrip() + "\n",
        plan_year=document.plan_year,
        period_start=document.period.start,
        period_end=document.period.end,
        recurrence_start=document.recurrence_period.start,
        recurrence_end=document.recurrence_period.end,
        flags=tuple(_flag(f) for f in document.flags),
        ended=DocumentEnd(e.kind, e.by, e.date) if (e := document.ended) else None,
    )
    order = {cid: i for i, cid in enumerate(document.campaigns)}
    built: list[Campaign] = []
    for lc in sorted(campaigns, key=lambda lc: order.get(lc.file.id, lc.file.order)):
        cf = lc.file
        camp = Campaign(
            id=cf.id,
            order=cf.order,
            title=cf.title,
            short_title=cf.short_title,
            intro=cf.intro,
            basis=cf.basis,
            parts=[Part(p.number, p.heading, p.role, tuple(p.paragraphs)) for p in cf.parts],
            targets=[_target(t) for t in cf.targets],
            sections=[],
            requirements=[
                Requirement(r.number, r.title, r.text, [_deadline(d, None, by_name) for d in r.deadlines],
                            [_flag(f) for f in r.flags])
                for r in cf.requirements
            ],
            implicit_units=[],
            flags=[_flag(f) for f in cf.flags],
            source=lc.source,
        )
        for r in camp.requirements:
            r.campaign = camp
        camp.sections = [Section(s.number, s.title, list(s.paragraphs), camp) for s in cf.sections]
        section_by_number = {s.number: s for s in camp.sections}
        for tf, ref in sorted(lc.tasks, key=lambda x: x[0].number):
            subitems = [
                SubItem(
                    label=s.label,
                    text=s.text,
                    assignments=_assignments(s, by_name, s.label),
                    deadlines=[_deadline(d, s.label) for d in s.deadlines],
                    targets=[_target(t, s.label) for t in s.targets],
                )
                for s in tf.subitems
            ]
            assignments = _assignments(tf, by_name, None)
            for s in subitems:
                assignments += s.assignments
            task = Task(
                id=f"{cf.id}-{tf.number:02d}",
                number=tf.number,
                title=tf.title,
                body=tf.text,
                subitems=subitems,
                assignments=assignments,
                deadlines=[_deadline(d) for d in tf.deadlines],
                targets=[_target(t) for t in tf.targets],
                flags=[_flag(f) for f in tf.flags],
                source=ref,
                campaign=camp,
                section=section_by_number[tf.section],
                added_by_id=tf.added_by.strip() if tf.added_by else None,
                title_end=tf.title_end,
            )
            camp.tasks.append(task)
            task.section.tasks.append(task)
        for iu in cf.implicit_units:
            role = Role(iu.role)
            stated = next(t for t in camp.tasks if t.number == iu.stated_in_task)
            note = next((a.note for a in stated.assignments if a.role == role and a.note), None)
            unit = by_name[iu.unit]
            camp.implicit_units.append(ImplicitUnit(unit, role, iu.stated_in_task, note))
            for t in camp.tasks:
                if not any(a.unit.id == unit.id and a.role == role for a in t.assignments):
                    t.assignments.append(Assignment(unit, role, role.label, True, None, note))
        built.append(camp)
    sf = site or schema.SiteFile()
    identity = SiteIdentity(
        sf.host, sf.organizer, sf.contact.address, sf.contact.phone, sf.contact.email, sf.site_code, sf.icp,
        sf.police_record, sf.original_url, sf.repository, sf.branch,
    )
    return Plan(document=doc, units=units, campaigns=built, site=identity)
