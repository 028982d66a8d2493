"""The message catalogue: every problem the checker can report, in Chinese, in one place.

Each entry has a stable ``code``, a severity, a message template (what is wrong), a hint template
(what to do) and a worked example (bad input → fix). :mod:`generator.load` and
:mod:`generator.validate` create problems only through :func:`problem`, and the 编辑指南 page lists
:func:`catalogue` — so the text an editor reads in the terminal and in the guide is the same.

Templates use ``str.format`` fields; a missing field never raises (it is left as ``{name}``).
"""

from __future__ import annotations

import string
from dataclasses import dataclass

from .problems import Problem, Severity


@dataclass(frozen=True)
class Message:
    code: str
    severity: Severity
    title: str
    """Short name of the problem, for the guide's table of contents."""
    message: str
    """What is wrong (template)."""
    hint: str
    """What to do (template)."""
    example_bad: str = ""
    """A small piece of bad input (YAML, or a description of the file)."""
    example_fix: str = ""
    """The same piece, fixed."""
    stage: str = "内容"
    """读取 (reading bytes and YAML) / 格式 (shape of one file) / 内容 (meaning, across files)."""


_E: Severity = "error"
_W: Severity = "warning"

_MESSAGES: tuple[Message, ...] = (
    # --- 读取:文件本身 ------------------------------------------------------------------------
    Message(
        "missing-data-dir",
        _E,
        "找不到数据文件夹",
        "找不到数据文件夹“{path}”",
        "请在项目根目录下运行,或用 --data 指定 plan_data 文件夹",
        "python -m generator check --data plan_dat",
        "python -m generator check --data plan_data",
        "读取",
    ),
    Message(
        "missing-file",
        _E,
        "缺少文件",
        "缺少文件“{path}”",
        "{fix}",
        "campaigns/lantian/ 下没有 campaign.yaml",
        "从其他方案复制一份 campaign.yaml 并按本方案修改",
        "读取",
    ),
    Message(
        "unreadable-file",
        _E,
        "文件无法读取",
        "文件无法读取({reason})",
        "检查文件权限,或确认它是普通文件而不是文件夹",
        "",
        "",
        "读取",
    ),
    Message(
        "bad-file-name",
        _E,
        "文件名无法识别",
        "文件名“{name}”含有无法识别的字符(不是 UTF-8 编码)",
        "把文件改名为只含英文字母、数字、连字符的名称,或删除该文件",
        "tasks/\\xb2\\xe2.yaml",
        "tasks/03.yaml",
        "读取",
    ),
    Message(
        "file-too-large",
        _E,
        "文件过大",
        "文件过大:{size} 字节,上限为 {limit} 字节",
        "一个文件只写一项任务(或一个方案);检查是否误粘贴了大段内容",
        "一个任务文件里粘贴了整篇原文",
        "只保留该任务的内容",
        "读取",
    ),
    Message(
        "not-utf8",
        _E,
        "不是 UTF-8 编码",
        "文件不是 UTF-8 编码:第 {byte} 个字节(0x{value})无法识别",
        "用编辑器把文件另存为 UTF-8 编码(不要用 GBK/GB2312)",
        "用 GBK 编码保存的 01.yaml",
        "另存为 UTF-8 编码",
        "读取",
    ),
    Message(
        "empty-file",
        _E,
        "空文件",
        "文件是空的(没有任何内容)",
        "填写内容,或删除这个文件",
        "(空文件)",
        "number: 1\nsection: 1\ntitle: …",
        "读取",
    ),
    Message(
        "control-char",
        _E,
        "含有不可见的控制字符",
        "这一行含有不允许的不可见字符(U+{char})",
        "删除该字符(常见于从网页或其他软件复制来的文字)",
        "title: 加强\\u0007扬尘管控",
        "title: 加强扬尘管控",
        "读取",
    ),
    Message(
        "tab-indent",
        _E,
        "用了制表符缩进",
        "这一行用制表符(Tab)缩进",
        "YAML 只能用空格缩进:把行首的 Tab 换成空格(通常 2 个)",
        "lead:\n\t- 区发展改革委",
        "lead:\n  - 区发展改革委",
        "读取",
    ),
    Message(
        "yaml-syntax",
        _E,
        "YAML 语法错误",
        "YAML 语法错误:{detail}",
        "{fix}",
        "title: 加强扬尘管控: 严格落实",
        'title: "加强扬尘管控: 严格落实"',
        "读取",
    ),
    Message(
        "yaml-anchor",
        _E,
        "使用了锚点",
        "不允许使用锚点“&{name}”",
        "把内容直接写出来,不要用 & 锚点和 * 引用",
        "lead: &a [区发展改革委]",
        "lead: [区发展改革委]",
        "读取",
    ),
    Message(
        "yaml-alias",
        _E,
        "使用了引用",
        "不允许使用引用“*{name}”",
        "把被引用的内容直接抄写到这里",
        "cooperate: *a",
        "cooperate: [区发展改革委]",
        "读取",
    ),
    Message(
        "yaml-tag",
        _E,
        "使用了类型标签",
        "不允许使用类型标签“{tag}”",
        "删除“{tag}”;如果是文字,用引号括起来",
        "number: !!str 3",
        "number: 3",
        "读取",
    ),
    Message(
        "yaml-merge-key",
        _E,
        "使用了合并键",
        "不允许使用合并键“<<”",
        "把要合并的键逐一写出来",
        "<<: {section: 1}",
        "section: 1",
        "读取",
    ),
    Message(
        "multi-document",
        _E,
        "一个文件里有多个文档",
        "一个文件只能有一个 YAML 文档,这里出现了第 {count} 个",
        "删除多余的“---”分隔线;每项任务单独一个文件",
        "number: 1\n---\nnumber: 2",
        "number: 1",
        "读取",
    ),
    Message(
        "too-deep",
        _E,
        "嵌套过深",
        "嵌套层数超过 {limit} 层",
        "检查缩进是否多了,或是否误写了大量的 [ 或 {{",
        "lead: [[[[区发展改革委]]]]",
        "lead: [区发展改革委]",
        "读取",
    ),
    Message(
        "duplicate-key",
        _E,
        "键重复",
        "键“{key}”重复出现(第一次在第 {first} 行)",
        "删除其中一个,或把两处的内容合并",
        "lead: [区甲局]\nlead: [区乙局]",
        "lead: [区甲局, 区乙局]",
        "读取",
    ),
    Message(
        "bad-key",
        _E,
        "键不是文字",
        "这里的键不是简单的文字",
        "键只能是 title、lead 这样的英文单词,后跟冒号",
        "? [lead]\n: 区甲局",
        "lead: [区甲局]",
        "读取",
    ),
    Message(
        "not-mapping",
        _E,
        "文件顶层不是键值表",
        "文件的最外层应是“键: 值”的列表,现在是{found}",
        "参照其他同类文件,最外层写成 number: …、title: … 这样的键",
        "- number: 1",
        "number: 1",
        "读取",
    ),
    # --- 格式:单个文件的结构(由 schema.py 的模型检查) ---------------------------------------
    Message(
        "unknown-key",
        _E,
        "未知的键",
        "未知的键“{key}”",
        "{suggestion}可用的键:{allowed}",
        "lead_unit: [区发展改革委]",
        "lead: [区发展改革委]",
        "格式",
    ),
    Message(
        "missing-field",
        _E,
        "缺少必填项",
        "缺少必填项“{key}”{description}",
        "请添加一行 {key}: …",
        "number: 3\nsection: 1",
        "number: 3\nsection: 1\ntitle: 加强扬尘管控",
        "格式",
    ),
    Message(
        "wrong-type",
        _E,
        "类型不对",
        "“{key}”应为{expected},现在是{found}",
        "{fix}",
        "number: 三",
        "number: 3",
        "格式",
    ),
    Message(
        "empty-text",
        _E,
        "内容为空",
        "“{key}”不能为空",
        "填写内容;如果确实没有,删除这一行",
        'title: ""',
        "title: 加强扬尘管控",
        "格式",
    ),
    Message(
        "too-few",
        _E,
        "项数不足",
        "“{key}”至少要有 {min} 项",
        "补上缺少的项",
        "sections: []",
        "sections:\n  - number: 1\n    title: 深入推进结构调整",
        "格式",
    ),
    Message(
        "out-of-range",
        _E,
        "数值超出范围",
        "“{key}”的值 {value} 超出范围:{rule}",
        "改为符合要求的数值",
        "number: 0",
        "number: 1",
        "格式",
    ),
    Message(
        "bad-choice",
        _E,
        "不是可选的值",
        "“{key}”的值“{value}”不是可选的值",
        "{suggestion}可选:{allowed}",
        "kind: 区直部门单位",
        "kind: 区直部门",
        "格式",
    ),
    Message(
        "bad-id",
        _E,
        "标识格式不对",
        "标识“{value}”格式不对",
        "只能用小写英文字母、数字和连字符“-”,并以字母开头,如 lantian、xg-zhen-jiedao",
        "id: Lan Tian",
        "id: lantian",
        "格式",
    ),
    Message(
        "bad-date",
        _E,
        "日期不存在",
        "日期“{value}”不存在或写法不对",
        "日期写作 YYYY-MM-DD,并确认该日确实存在(如 2 月没有 30 日);月底请写该月最后一天",
        "date: 2024-02-30",
        "date: 2024-02-29",
        "格式",
    ),
    Message(
        "invalid-value",
        _E,
        "值不符合要求",
        "“{key}”的值不符合要求({detail})",
        "参照编辑指南中该字段的说明修改",
        "value: .nan",
        "value: 41",
        "格式",
    ),
    # --- 内容:跨字段、跨文件的规则 -------------------------------------------------------------
    Message(
        "unknown-unit",
        _E,
        "单位不在名录中",
        "单位“{name}”不在单位名录(units.yaml)中",
        "{suggestion}",
        "lead: [区发改委]",
        "lead: [区发展改革委]",
        "内容",
    ),
    Message(
        "duplicate-unit-in-role",
        _E,
        "同一单位在同一角色中重复",
        "单位“{name}”在{role}中出现了两次(第一次在第 {first} 行)",
        "删除重复的一处",
        "lead: [区甲局, 区甲局]",
        "lead: [区甲局]",
        "内容",
    ),
    Message(
        "duplicate-unit-id",
        _E,
        "单位标识重复",
        "单位标识“{value}”重复(第一次在第 {first} 行)",
        "给其中一个单位换一个标识",
        "- id: fgw\n  name: 区发展改革委\n- id: fgw\n  name: 区财政局",
        "- id: fgw\n  …\n- id: czj\n  …",
        "内容",
    ),
    Message(
        "duplicate-unit-name",
        _E,
        "单位名称重复",
        "单位名称“{value}”重复(第一次在第 {first} 行)",
        "同一单位只登记一次;其他写法放进 aliases",
        "- id: fgw\n  name: 区发展改革委\n- id: fgw2\n  name: 区发展改革委",
        "- id: fgw\n  name: 区发展改革委\n  aliases: [区发改委]",
        "内容",
    ),
    Message(
        "alias-conflict",
        _E,
        "别称冲突",
        "别称“{value}”{conflict}",
        "别称只能指向一个单位,且不能与其他单位的名称相同;删除或改写该别称",
        "- name: 区城管局\n  aliases: [区住建局]",
        "- name: 区城管局\n  aliases: [城管局]",
        "内容",
    ),
    Message(
        "duplicate-number",
        _E,
        "编号重复",
        "{what}编号 {number} 重复(另见 {other})",
        "{fix}",
        "02.yaml 中写着 number: 1",
        "02.yaml 中写 number: 2",
        "内容",
    ),
    Message(
        "numbering-gap",
        _E,
        "编号不连续",
        "{what}编号不连续:缺少第 {missing} 项",
        "{fix}",
        "tasks/ 下有 01.yaml、03.yaml,没有 02.yaml",
        "补上 02.yaml,或把 03.yaml 改为第 2 项",
        "内容",
    ),
    Message(
        "task-file-name",
        _E,
        "任务文件名与编号不符",
        "文件名“{name}”与任务编号 {number} 不符",
        "把文件改名为 {expected}(两位数字编号加 .yaml)",
        "tasks/3.yaml(number: 3)",
        "tasks/03.yaml",
        "内容",
    ),
    Message(
        "unknown-section",
        _E,
        "小节不存在",
        "小节编号 {number} 不在本方案的小节中(本方案有:{known})",
        "改为 campaign.yaml 中 sections 里已有的编号",
        "section: 9",
        "section: 2",
        "内容",
    ),
    Message(
        "section-order",
        _E,
        "小节顺序不对",
        "任务 {number} 属于第 {section} 节,但前面的任务 {prev} 属于第 {prev_section} 节",
        "按原文核对任务编号和所属小节:任务按编号排列时,小节编号只能不变或增大",
        "任务 4 section: 2,任务 5 section: 1",
        "任务 5 section: 2",
        "内容",
    ),
    Message(
        "subitem-label",
        _E,
        "分项编号不对",
        "分项编号应为“{expected}”,这里是“{label}”",
        "分项按 (1)(2)(3) 依次编号",
        "- label: (1)\n- label: (3)",
        "- label: (1)\n- label: (2)",
        "内容",
    ),
    Message(
        "campaign-id-mismatch",
        _E,
        "方案标识与文件夹名不同",
        "方案标识“{id}”与文件夹名“{folder}”不同",
        "把 id 改为 {folder},或把文件夹改名为 {id}(并同步修改 document.yaml 的 campaigns)",
        "campaigns/lantian/campaign.yaml 中 id: blue-sky",
        "id: lantian",
        "内容",
    ),
    Message(
        "campaign-missing",
        _E,
        "方案文件夹缺失",
        "document.yaml 列出了方案“{id}”,但没有文件夹 campaigns/{id}/",
        "新建 campaigns/{id}/campaign.yaml 和 campaigns/{id}/tasks/,或从 campaigns 列表中删除它",
        "campaigns: [lantian, bishui, jingtu],但没有 campaigns/jingtu/",
        "新建 campaigns/jingtu/",
        "内容",
    ),
    Message(
        "campaign-unlisted",
        _E,
        "方案未列入 document.yaml",
        "方案文件夹 campaigns/{id}/ 没有列在 document.yaml 的 campaigns 中",
        "在 document.yaml 的 campaigns 中按原文顺序加上 {id},或删除这个文件夹",
        "有 campaigns/jingtu/,但 campaigns: [lantian, bishui]",
        "campaigns: [lantian, bishui, jingtu]",
        "内容",
    ),
    Message(
        "duplicate-campaign",
        _E,
        "方案重复列出",
        "方案“{id}”在 campaigns 中重复列出",
        "删除重复的一项",
        "campaigns: [lantian, lantian]",
        "campaigns: [lantian]",
        "内容",
    ),
    Message(
        "campaign-order",
        _E,
        "方案顺序不一致",
        "order: {order} 与 document.yaml 中的顺序(第 {expected} 个)不一致",
        "把 order 改为 {expected}",
        "order: 3",
        "order: 1",
        "内容",
    ),
    Message(
        "implicit-task-missing",
        _E,
        "隐含单位所在任务不存在",
        "stated_in_task: {number} 指向的任务不存在",
        "改为写有该说明的任务编号",
        "stated_in_task: 99",
        "stated_in_task: 1",
        "内容",
    ),
    Message(
        "task-no-content",
        _E,
        "任务没有正文",
        "任务既没有 text 也没有 subitems",
        "把原文中标题句号之后的文字填入 text;有 (1)(2) 分项时填 subitems",
        "number: 3\ntitle: 加强扬尘管控",
        "number: 3\ntitle: 加强扬尘管控\ntext: 严格落实……",
        "内容",
    ),
    Message(
        "task-no-unit",
        _E,
        "任务没有任何单位",
        "任务 {number} 没有任何牵头、配合或责任单位",
        "按原文填写 lead / cooperate / responsible(或各分项的单位)",
        "number: 3\ntitle: …\ntext: …(没有 lead / responsible)",
        "number: 3\ntitle: …\ntext: …\nlead: [区发展改革委]",
        "内容",
    ),
    Message(
        "deadline-date-and-recurrence",
        _E,
        "时限同时有日期和周期",
        "时限同时填了 date 和 recurrence",
        "一次性时限只填 date;周期性时限只填 recurrence",
        "date: 2024-12-31\nrecurrence: 每季度",
        "recurrence: 每季度",
        "内容",
    ),
    Message(
        "bad-recurrence",
        _E,
        "周期无法识别",
        "无法识别的周期“{value}”",
        "可识别的写法:{forms};其他写法请只保留 text,不填 recurrence",
        "recurrence: 每个月月底",
        "recurrence: 每月31日",
        "内容",
    ),
    Message(
        "date-out-of-period",
        _W,
        "日期在方案期间之外",
        "日期 {value} 不在方案期间({start} 至 {end})内",
        "核对年份是否写错;原文如此时可保留,并在 flags 中说明",
        "date: 2042-10-31",
        "date: 2024-10-31",
        "内容",
    ),
    Message(
        "date-far-out-of-period",
        _E,
        "日期远在方案期间之外",
        "日期 {value} 与方案期间({start} 至 {end})相差 {margin} 年以上",
        "多半是年份写错(如 0001、9999);按原文改正。日期决定日历和网页的范围,所以不能相差太远",
        "date: 0001-01-01",
        "date: 2024-10-31",
        "内容",
    ),
    Message(
        "period-too-long",
        _E,
        "期间过长",
        "{what} {start} 至 {end} 超过 {limit} 年",
        "核对年份;一份年度方案的期间通常为一两年",
        "period:\n  start: 2024-07-23\n  end: 2124-12-31",
        "period:\n  start: 2024-07-23\n  end: 2025-12-31",
        "内容",
    ),
    Message(
        "time-out-of-range",
        _E,
        "时间不合理",
        "{what} {value} 不在 {start} 至 {end} 之间",
        "核对年份是否写错",
        "published: 9999-08-29T11:31:03",
        "published: 2024-08-29T11:31:03",
        "内容",
    ),
    Message(
        "period-reversed",
        _E,
        "起止日期颠倒",
        "起始日期 {start} 晚于结束日期 {end}",
        "交换 start 与 end",
        "period:\n  start: 2025-12-31\n  end: 2024-07-23",
        "period:\n  start: 2024-07-23\n  end: 2025-12-31",
        "内容",
    ),
    Message(
        "quote-not-found",
        _E,
        "原文写法在正文中找不到",
        "{what}原文在正文中找不到:“{text}”",
        "text 必须逐字抄自所属正文(空白除外);核对错字、全角/半角标点",
        "text: 2024年10月底",
        "text: 2024年10月底前",
        "内容",
    ),
    Message(
        "unit-unused",
        _W,
        "单位未被使用",
        "单位“{name}”在名录中,但没有任何任务用到它",
        "如果原文确实没有该单位,从 units.yaml 中删除;否则检查任务中的单位名称",
        "units.yaml 中有 区丁局,任何任务都没有写到它",
        "从 units.yaml 中删除 区丁局",
        "内容",
    ),
    Message(
        "stray-file",
        _E,
        "多余的文件",
        "plan_data 中的这个文件不会被读取",
        "{fix}",
        "campaigns/lantian/tasks/01.yaml.bak",
        "删除该文件",
        "内容",
    ),
    Message(
        "source-file",
        _E,
        "原文文件有误",
        "原文文件“{path}”{reason}",
        "source_file 应是 plan_data 内的 UTF-8 文本文件的相对路径,如 source/000_xxx.txt",
        "source_file: ../原文.txt",
        "source_file: source/000_26869fdaef8b9d06.txt",
        "内容",
    ),
    # --- 程序自身 ----------------------------------------------------------------------------
    Message(
        "internal-error",
        _E,
        "程序内部错误",
        "程序内部错误:{detail}",
        "这不是数据的问题,请把以上信息报告给维护者",
        "",
        "",
        "程序",
    ),
)

CATALOGUE: dict[str, Message] = {m.code: m for m in _MESSAGES}
assert len(CATALOGUE) == len(_MESSAGES), "duplicate message code"


def catalogue() -> list[Message]:
    """Every message, in the order the guide should list them (reading → shape → content)."""
    return list(_MESSAGES)


class _Lenient(string.Formatter):
    def get_value(self, key, args, kwargs):  # type: ignore[override]
        if isinstance(key, str):
            return kwargs.get(key, "{" + key + "}")
        return super().get_value(key, args, kwargs)


_FMT = _Lenient()


def render(template: str, **fields: object) -> str:
    try:
        return _FMT.vformat(template, (), fields)
    except (ValueError, IndexError, AttributeError, KeyError):  # a malformed template: never crash
        return template


def problem(
    code: str,
    file: str,
    line: int = 0,
    column: int = 0,
    keypath: str = "",
    **fields: object,
) -> Problem:
    """Build the :class:`Problem` for catalogue entry ``code`` with its template fields filled in."""
    m = CATALOGUE[code]
    return Problem(
        file=file,
        line=line,
        column=column,
        key=keypath,
        message=render(m.message, **fields),
        hint=render(m.hint, **fields).strip(),
        severity=m.severity,
        code=code,
    )
