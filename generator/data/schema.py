"""Declarative schema of the files under ``plan_data/`` (stage 2 of the pipeline: validate).

Each YAML file kind has one pydantic model here. The same models:

* validate what editors write (``extra="forbid"`` so a typo such as ``lead_unit`` is an error),
* carry a Chinese ``description`` for every field, and
* produce the JSON Schema files in ``schema/`` that editors' IDEs use
  (``python -m generator schema`` writes them).

Only *shape* is checked here. Cross-file rules (unit names exist, numbering has no gaps,
quoted words occur in the text …) live in :mod:`generator.data.validate`.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from generator.model.model import HTTPS_URL

NonEmptyStr = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
UnitName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

Comparator = Literal["<=", ">=", "=", "<", ">"]
"""How a target's value is to be read: ``<=`` 不高于/以下, ``>=`` 不低于/以上/达到, ``=`` 保持."""

RoleKey = Literal["lead", "cooperate", "responsible"]

FlagKind = Literal[
    "conflict",  # 两处数字或说法互相矛盾
    "variant",  # 同一事物写法不一(如 IV类 / Ⅳ类)
    "possible_typo",  # 疑似错字(如 深邃排涝)
    "irregular_label",  # 单位行标签与常规不同(如 责任部门)
    "missing_lead",  # 没有牵头单位行
    "implicit_units",  # 单位由别处说明隐含
    "department_as_responsible",  # 区直部门列为责任单位
    "broken_line",  # 原文在词语中间断行
    "tight_deadline",  # 时限早于或紧贴发文/公开日期
    "other",
]

UnitKind = Literal[
    "区直部门",
    "市局派驻分局",
    "办公室/中心",
    "管委会/开发区",
    "河务部门",
    "企业",
    "镇(街道)",
    "区直单位(集合)",
]


class StrictModel(BaseModel):
    """Base: unknown keys are errors; strings keep their exact characters."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False, frozen=True)


class Flag(StrictModel):
    """An irregularity of the source document, kept as written and explained."""

    kind: FlagKind = Field(description="不规范之处的类别")
    note: NonEmptyStr = Field(description="给读者看的说明(中文),说明原文如何写、为何照原文保留")


class Target(StrictModel):
    """A target (指标): numeric, a water-quality class, or qualitative."""

    indicator: NonEmptyStr = Field(description="指标名称,如 PM2.5平均浓度")
    comparator: Comparator | None = Field(
        default=None, description="比较方式:<= 不高于/以下;>= 不低于/以上/达到;= 保持;定性目标不填"
    )
    value: float | int | str | None = Field(
        default=None, description="目标值:数字(如 41、64.2),或水质类别(如 Ⅱ类);定性目标不填"
    )
    unit: str | None = Field(default=None, description="计量单位,如 微克/立方米、%、毫克/升")
    text: NonEmptyStr = Field(description="原文写法(必须逐字出现在所属正文中)")
    note: str | None = Field(default=None, description="补充说明,如 (235天)")


class Deadline(StrictModel):
    """A deadline: a date, a recurrence, or neither (undated, e.g. 按照市定时间节点)."""

    text: NonEmptyStr = Field(description="时限的原文写法(必须逐字出现在所属正文中),如 2024年10月底前")
    date: dt.date | None = Field(default=None, description="换算成的日期(YYYY-MM-DD),如 2024-10-31")
    recurrence: str | None = Field(
        default=None,
        description="周期:每月N日 / 每季度 / 每半年 / 每年;与 date 二选一,均不填表示无具体日期",
    )
    what: NonEmptyStr = Field(description="到期要完成什么(尽量用原文词语)")


class RequirementDeadline(Deadline):
    """A deadline of a closing requirement; by default addressed to every unit of the campaign."""

    units: list[UnitName] = Field(
        default_factory=list,
        description=(
            "原文写明由谁落实这项时限时填写(照原文单位名称,如 区攻坚办);"
            "不填表示面向在本方案中承担任务的每个单位(原文写“各单位”“各镇(街道)、区直各有关单位”)"
        ),
    )
    reporting: bool = Field(
        default=False,
        description=(
            "这项时限就是原文要求的定期报送进展(如“每月28日前将工作进展报区攻坚办”)时填 true:"
            "单位按期提交进展报送表即算完成,进展页据此统计按时报送率"
        ),
    )


class Labels(StrictModel):
    """The label the source used for a unit line, where it differs from the default."""

    lead: Literal["牵头单位"] | None = Field(default=None, description="默认 牵头单位")
    cooperate: Literal["配合单位"] | None = Field(default=None, description="默认 配合单位")
    responsible: Literal["责任单位", "责任部门"] | None = Field(
        default=None, description="默认 责任单位;原文写作 责任部门 时填 责任部门"
    )


class UnitNotes(StrictModel):
    """A bracketed note that stands at the end of a unit line in the source."""

    lead: str | None = Field(default=None, description="牵头单位行末尾的括注(照原文)")
    cooperate: str | None = Field(default=None, description="配合单位行末尾的括注(照原文)")
    responsible: str | None = Field(
        default=None,
        description="责任单位行末尾的括注(照原文),如 〔以下各项工作相关镇(街道)均为责任单位,不再列出〕",
    )


class Assigned(StrictModel):
    """Shared by tasks and sub-items: units by role, as the document lists them, in order."""

    lead: list[UnitName] = Field(default_factory=list, description="牵头单位(按原文顺序)")
    cooperate: list[UnitName] = Field(default_factory=list, description="配合单位(按原文顺序)")
    responsible: list[UnitName] = Field(
        default_factory=list, description="责任单位(按原文顺序);原文标签为 责任部门 时在 labels 中注明"
    )
    labels: Labels = Field(default_factory=Labels, description="原文使用的单位行标签(与默认不同时填写)")
    unit_notes: UnitNotes = Field(default_factory=UnitNotes, description="单位行末尾的括注")
    deadlines: list[Deadline] = Field(default_factory=list, description="时限")
    targets: list[Target] = Field(default_factory=list, description="正文中的数量指标")


class SubItem(Assigned):
    """A numbered sub-item (1)(2)(3) of a task, with its own units."""

    label: Literal["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)"] = Field(
        description="分项编号,如 (1)"
    )
    text: NonEmptyStr = Field(description="分项正文(原文逐字)")


class TaskFile(Assigned):
    """One task: ``plan_data/campaigns/<campaign>/tasks/NN.yaml``."""

    number: int = Field(ge=1, le=999, description="任务编号(原文中的 1. 2. 3. …)")
    section: int = Field(ge=1, le=99, description="所属小节编号:(一)=1,(二)=2 …")
    title: NonEmptyStr = Field(description="任务名称:原文中第一个句号之前的短语(不含句号)")
    title_end: Literal["。", "；", ";", "：", ":", ""] = Field(
        default="。",
        description="任务名称后的标点(默认句号;原文以分号结束或直接换行的照原文,换行写空字符串)",
    )
    text: str | None = Field(default=None, description="任务正文:标题句号之后的全部原文;只有分项时可不填")
    subitems: list[SubItem] = Field(default_factory=list, description="分项 (1)(2)(3),各有单位")
    flags: list[Flag] = Field(default_factory=list, description="原文不规范之处及说明")
    added_by: NonEmptyStr | None = Field(
        default=None,
        description="后来的文件新增的任务:调整记录的编号(revisions/<编号>.yaml 的文件名,如 2025-03);"
        "文字照调整文件,不在原文中。原文中的任务不填",
    )


class Part(StrictModel):
    """One of the plan's parts 一/二/三/四, with its heading as written."""

    number: Literal["一", "二", "三", "四", "五", "六"] = Field(description="部分序号")
    heading: NonEmptyStr = Field(description="标题(照原文,如 指导思想 / 总体要求)")
    role: Literal["guidance", "goals", "tasks", "requirements"] = Field(
        description="该部分的作用:guidance 指导思想;goals 目标;tasks 主要任务;requirements 要求/保障措施"
    )
    paragraphs: list[NonEmptyStr] = Field(default_factory=list, description="该部分的正文段落(原文逐字)")


class Section(StrictModel):
    """A section (一)(二)… of the tasks part."""

    number: int = Field(ge=1, le=99, description="小节编号:(一)=1")
    title: NonEmptyStr = Field(description="小节标题(原文)")
    paragraphs: list[NonEmptyStr] = Field(
        default_factory=list, description="小节标题下、第一项任务之前的不编号段落(原文逐字)"
    )


class Requirement(StrictModel):
    """A closing requirement (有关要求 / 保障措施 (一)(二)…)."""

    number: int = Field(ge=1, le=99, description="编号:(一)=1")
    title: NonEmptyStr = Field(description="标题:第一个句号之前的短语")
    text: NonEmptyStr = Field(description="标题句号之后的原文")
    deadlines: list[RequirementDeadline] = Field(default_factory=list, description="时限")
    flags: list[Flag] = Field(default_factory=list, description="原文不规范之处及说明")


class ImplicitUnit(StrictModel):
    """A unit that a note in one task makes responsible for every task of the campaign."""

    unit: UnitName = Field(description="单位名称,如 相关镇(街道)")
    role: RoleKey = Field(description="角色")
    stated_in_task: int = Field(ge=1, le=999, description="写有该说明的任务编号")


class CampaignFile(StrictModel):
    """One plan (campaign): ``plan_data/campaigns/<campaign>/campaign.yaml``."""

    id: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$")] = Field(
        description="英文标识(用于网址),与文件夹名相同"
    )
    order: int = Field(ge=1, le=999, description="在文件中的先后顺序(一个网站可收录多份文件的方案,上限 999)")
    title: NonEmptyStr = Field(description="方案标题")
    short_title: NonEmptyStr = Field(description="简称,如 蓝天保卫战")
    intro: NonEmptyStr = Field(description="开头段落(原文逐字)")
    basis: NonEmptyStr = Field(description="依据的上级方案名称(不含书名号)")
    parts: list[Part] = Field(min_length=1, description="一/二/三/四 各部分")
    targets: list[Target] = Field(default_factory=list, description="目标部分中的指标(结构化)")
    sections: list[Section] = Field(min_length=1, description="主要任务下的小节")
    requirements: list[Requirement] = Field(default_factory=list, description="有关要求/保障措施")
    implicit_units: list[ImplicitUnit] = Field(default_factory=list, description="隐含适用于每项任务的单位")
    flags: list[Flag] = Field(default_factory=list, description="原文不规范之处及说明")


class Period(StrictModel):
    start: dt.date
    end: dt.date


class DocumentEnd(StrictModel):
    """A later document that repealed (废止) or revised (修订) this one, as that document says."""

    kind: Literal["已废止", "已修订"] = Field(description="已废止:不再执行;已修订:由新文件取代")
    by: NonEmptyStr = Field(description="废止或修订它的文件:文号与标题,照该文件写")
    date: dt.date = Field(description="该文件规定的生效日期(YYYY-MM-DD)")


class DocumentFile(StrictModel):
    """The document itself: ``plan_data/document.yaml``."""

    doc_number: NonEmptyStr = Field(description="文号")
    title: NonEmptyStr = Field(description="通知标题")
    addressees: NonEmptyStr = Field(description="主送单位(原文)")
    body: list[NonEmptyStr] = Field(min_length=1, description="通知正文段落(原文)")
    date_written: dt.date = Field(description="成文日期")
    date_written_text: NonEmptyStr = Field(description="成文日期原文写法")
    published: dt.datetime = Field(description="网上公开时间")
    published_source: NonEmptyStr = Field(description="来源(原文:本站)")
    source_file: NonEmptyStr = Field(description="原文文本文件(相对 plan_data/)")
    source_chrome_lines: int = Field(ge=0, description="原文文本末尾属于网页框架的行数(如 打印此文 关闭窗口)")
    plan_year: int = Field(ge=2000, le=2100, description="计划年度;“7月底前”等不写年份的时限按此年份换算")
    period: Period = Field(description="方案期间(用于日历范围与日期合理性检查)")
    recurrence_period: Period = Field(description="周期性工作展开的起止日期")
    campaigns: list[Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$")]] = Field(
        min_length=1, description="各方案的标识,按原文顺序"
    )
    flags: list[Flag] = Field(default_factory=list, description="原文不规范之处及说明")
    ended: DocumentEnd | None = Field(
        default=None, description="被后来的文件废止或修订时填写;没有这样的文件就不填(网站据此显示文件状态)"
    )


class FormerName(StrictModel):
    """A name a unit held until a date (a unit renamed between two documents is one entry)."""

    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, pattern=r"^[^\r\n\t]+$")] = (
        Field(description="曾用名,与当时文件的写法完全一致")
    )
    until: dt.date = Field(description="使用该名称的最后一天(YYYY-MM-DD);此后的文件使用下一个名称")


class UnitEntry(StrictModel):
    """One unit of the registry."""

    id: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$")] = Field(
        description="英文标识(用于网址),发布后不要修改"
    )
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, pattern=r"^[^\r\n\t]+$")] = (
        Field(description="单位名称,与原文完全一致(一行文字,不能换行)")
    )
    kind: UnitKind = Field(description="单位类别")
    collective: bool = Field(default=False, description="是否为集合称谓(如 各镇(街道))")
    stands_for: str | None = Field(default=None, description="集合称谓所指,用原文的话说明;不要自行列举成员")
    aliases: list[NonEmptyStr] = Field(default_factory=list, description="编辑可能输入的别称")
    former_names: list[FormerName] = Field(
        default_factory=list, max_length=20,
        description="更名前的名称(按时间先后);成文日期不晚于 until 的文件用该名称,之后的文件用 name",
    )


class UnitsFile(StrictModel):
    """The units registry: ``plan_data/units.yaml``."""

    units: list[UnitEntry] = Field(min_length=1, description="单位名录")


# --- progress (进展报送) -------------------------------------------------------------------------

StatusWord = Literal["未启动", "推进中", "已完成", "滞后", "暂缓", "已销号"]
"""The statuses offices use in 进展报送 (the vocabulary of the template's drop-down)."""

MAX_TEXT = 2000
"""Longest text of one field of a report (a 进展情况 of two thousand characters is already long)."""

ReportText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TEXT)]


class Report(StrictModel):
    """一项任务(分项、时限)的进展:完成状态与进展情况。"""

    item: NonEmptyStr = Field(
        description="任务编号,如 蓝天12、净土9(2)、蓝天·有关要求(四)(与网站和报送表上的编号一致)"
    )
    deadline: str | None = Field(
        default=None, description="时限编号(报送表“时限编号”一列,如 lantian-12-d1);只报某一项时限时填写"
    )
    due: dt.date | None = Field(
        default=None,
        description="应完成日期:报周期性时限中某一期(如补报上季度的每季度巡查)时填写该期的日期;报送表已写好",
    )
    status: StatusWord = Field(description="完成状态:未启动 / 推进中 / 已完成 / 滞后 / 暂缓 / 已销号")
    progress: ReportText | None = Field(default=None, description="进展情况")
    problems: ReportText | None = Field(default=None, description="存在问题")
    next_steps: ReportText | None = Field(default=None, description="下步计划")
    evidence: ReportText | None = Field(default=None, description="佐证材料:文号、链接或材料名称")
    value: Annotated[float, Field(allow_inf_nan=False)] | int | None = Field(
        default=None, description="实测值(任务有数值指标时填写)"
    )
    closed_on: dt.date | None = Field(default=None, description="销号日期(状态为 已销号 时必填)")
    closed_by: str | None = Field(default=None, description="销号单位(状态为 已销号 时必填,如 区攻坚办)")


class ProgressFile(StrictModel):
    """进展报送:一个单位一个报送期的报送,文件为 progress/<单位标识>/<YYYY-MM>.yaml。"""

    unit: UnitName = Field(description="报送单位(名录中的名称)")
    period: str = Field(description="报送期(YYYY-MM),与文件名一致")
    reported: dt.date = Field(description="报送日期(YYYY-MM-DD)")
    source: str | None = Field(default=None, description="来源,如 导入自 区城管局-2024-09.xlsx")
    reports: list[Report] = Field(min_length=1, description="各项任务的进展")


class Actual(StrictModel):
    """一个指标在一个数据期的实测值。"""

    target: NonEmptyStr = Field(
        description="指标:所属编号·指标名称,如 蓝天·PM2.5平均浓度、蓝天21·全域道路机械化清扫率"
    )
    period: str = Field(description="数据期:YYYY(全年)或 YYYY-MM(月度、累计至该月)")
    value: Annotated[float, Field(allow_inf_nan=False)] | int | str = Field(
        description="实测值:数字,或水质类别(如 Ⅲ类)"
    )
    source: NonEmptyStr = Field(description="数据来源:谁发布的、在哪里发布(文号或网址)")
    note: str | None = Field(default=None, description="说明")


class ActualsFile(StrictModel):
    """方案指标的实测值:progress/actuals.yaml。"""

    actuals: list[Actual] = Field(min_length=1, description="实测值,一行一个")


# --- revisions (later documents that amend the plan) --------------------------------------------


class DeadlineChange(StrictModel):
    """一项时限的调整:新的日期(或周期)和新的写法,照调整文件。"""

    deadline: NonEmptyStr = Field(description="被调整的时限编号,如 lantian-12-d1(见任务页或台账“时限编号”)")
    text: NonEmptyStr = Field(description="调整后的写法,照调整文件,如 2024年11月底前")
    date: dt.date | None = Field(default=None, description="调整后的日期(YYYY-MM-DD)")
    recurrence: str | None = Field(default=None, description="调整后的周期(每月N日 / 每季度 / 每半年 / 每年)")
    note: str | None = Field(default=None, description="说明(如调整原因)")


class TargetChange(StrictModel):
    """一项指标的调整:新的目标值和写法,照调整文件。"""

    target: NonEmptyStr = Field(
        description="被调整的指标:所属编号·指标名称,如 蓝天·PM2.5平均浓度、蓝天21·全域道路机械化清扫率"
    )
    value: Annotated[float, Field(allow_inf_nan=False)] | int | str = Field(description="调整后的目标值")
    comparator: Comparator | None = Field(default=None, description="调整后的比较方式;不填则不变")
    text: NonEmptyStr = Field(description="调整后的写法,照调整文件")
    note: str | None = Field(default=None, description="说明")


class UnitChange(StrictModel):
    """一项任务(或分项)单位的调整:某一职责新增或调出的单位,照调整文件。"""

    task: NonEmptyStr = Field(description="任务编号或分项,如 蓝天12、lantian-12、净土9(2)")
    role: Literal["牵头单位", "配合单位", "责任单位", "lead", "cooperate", "responsible"] = Field(
        description="职责:牵头单位 / 配合单位 / 责任单位"
    )
    add: list[NonEmptyStr] = Field(
        default_factory=list, max_length=50, description="新增的单位(照 units.yaml 的名称)"
    )
    remove: list[NonEmptyStr] = Field(default_factory=list, max_length=50, description="调出的单位")
    note: str | None = Field(default=None, description="说明")


class TaskWithdrawal(StrictModel):
    """一项任务的撤销(不再执行),照调整文件;任务和原文照旧显示,标明已撤销。"""

    task: NonEmptyStr = Field(description="任务编号,如 蓝天12 或 lantian-12")
    note: str | None = Field(default=None, description="说明(如撤销原因)")


class RevisionFile(StrictModel):
    """后来的文件对方案的调整:一份调整文件一个 revisions/<编号>.yaml。
    原文不改,网页同时显示原定和调整后的值。"""

    authority: NonEmptyStr = Field(
        description="调整依据:文号,或会议名称(如 惠环委〔2025〕1号、第3次调度会议)"
    )
    title: NonEmptyStr = Field(description="调整文件或会议纪要的标题")
    date: dt.date = Field(description="调整文件的成文日期或会议日期")
    changes: list[DeadlineChange] = Field(
        default_factory=list, max_length=500, description="调整的时限,一项一行"
    )
    targets: list[TargetChange] = Field(
        default_factory=list, max_length=500, description="调整的指标,一项一行"
    )
    units: list[UnitChange] = Field(
        default_factory=list, max_length=500, description="调整的单位(新增或调出),一项一行"
    )
    withdrawn: list[TaskWithdrawal] = Field(
        default_factory=list, max_length=500, description="撤销的任务,一项一行"
    )


# bounded one-line strings of site.yaml (optionally matching a pattern)
Name60 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]
Address = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Phone = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=40, pattern=r"^[0-9()()+\- 转,、]+$"),
]
Email = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True,
        min_length=1,
        max_length=100,
        pattern=r"^[A-Za-z0-9._+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$",
    ),
]
SiteCode = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20, pattern=r"^[0-9A-Za-z]{6,20}$")
]
Icp = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40, pattern=r"ICP")]
PoliceRecord = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40, pattern=r"公网安备")
]
WebUrl = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=300, pattern=r"^https?://[^\s\"'<>]+$"),
]
HttpsUrl = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=300, pattern=HTTPS_URL),
]
Branch = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100, pattern=r"^[A-Za-z0-9._/-]+$")
]


class SiteContact(StrictModel):
    """网站的联系方式(政府网站“联系我们”):只填确有的;不填的不显示。"""

    address: Address | None = Field(default=None, description="通信地址")
    phone: Phone | None = Field(default=None, description="联系电话,如 0371-12345678")
    email: Email | None = Field(default=None, description="电子邮箱(纠错/留言用),如 hjhb@example.gov.cn")


class SiteFile(StrictModel):
    """网站标识 plan_data/site.yaml:主办、承办、联系方式、备案号、原文的官方网址、代码仓库。
    只填确有的信息:没有填的项在页脚和各页面上不显示,不会编造。"""

    host: Name60 | None = Field(default=None, description="主办单位,如 郑州市惠济区人民政府办公室")
    organizer: Name60 | None = Field(default=None, description="承办单位")
    contact: SiteContact = Field(default_factory=SiteContact, description="联系方式")
    site_code: SiteCode | None = Field(default=None, description="网站标识码(政府网站,如 4101080001)")
    icp: Icp | None = Field(default=None, description="ICP 备案号,如 豫ICP备00000000号")
    police_record: PoliceRecord | None = Field(
        default=None, description="公安机关备案号,如 豫公网安备41010802000000号"
    )
    original_url: WebUrl | None = Field(
        default=None, description="原文在发文机关网站上的网址;填了以后各处“原文”链接到它"
    )
    repository: HttpsUrl | None = Field(
        default=None,
        description="代码仓库地址(编辑链接用),如 https://github.com/owner/repo;"
        "不填时用环境变量 HUIJI_REPO_URL(发布流程设置),都没有则不显示编辑链接",
    )
    branch: Branch = Field(default="main", description="编辑链接指向的分支")


FILE_MODELS: dict[str, type[StrictModel]] = {
    "document": DocumentFile,
    "units": UnitsFile,
    "campaign": CampaignFile,
    "task": TaskFile,
    "progress": ProgressFile,
    "actuals": ActualsFile,
    "revision": RevisionFile,
    "site": SiteFile,
}
"""Schema name → model. ``schema/<name>.schema.json`` is generated from each."""
