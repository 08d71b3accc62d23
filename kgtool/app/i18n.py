"""The workspace's interface words in Chinese and English (data labels come from the graph)."""
from __future__ import annotations

__all__ = ["WORDS", "translate", "LANGS"]

LANGS = ("zh", "en")

WORDS: dict[str, tuple[str, str]] = {
    # key: (zh, en)
    "app": ("kgtool 标准化政策工作台", "kgtool standardization-policy workspace"),
    "documents": ("文件", "Documents"),
    "compare": ("比较", "Compare"),
    "money": ("资金", "Money"),
    "responsibility": ("分工", "Responsibility"),
    "questions": ("问题", "Questions"),
    "sparql": ("SPARQL", "SPARQL"),
    "explore": ("网络", "Explore"),
    "check": ("检查草稿", "Check a draft"),
    "number": ("文号", "Number"),
    "title": ("标题", "Title"),
    "issuer": ("发文机关", "Issuer"),
    "jurisdiction": ("辖区", "Jurisdiction"),
    "issued": ("成文日期", "Signed"),
    "published": ("发布日期", "Published"),
    "uploaded": ("网页上传日期", "Web upload"),
    "targets": ("目标", "Targets"),
    "funding": ("资金", "Funding"),
    "tasks": ("任务", "Tasks"),
    "zones": ("示范区", "Zones"),
    "facts": ("事实", "Facts"),
    "source_text": ("原文", "Source text"),
    "no_source": ("原文不在本机（设置 KGTOOL_CORPUS 指向原文目录）。",
                  "The source text is not on this machine (set KGTOOL_CORPUS to the texts' folder)."),
    "quote_not_found": ("以下事实的引文未在原文中找到：", "Quotes not found in the source text for:"),
    "citations": ("引用文件", "Cited documents"),
    "metric": ("指标", "Metric"),
    "deadline": ("期限", "Deadline"),
    "value": ("数值", "Value"),
    "comparator": ("比较", "Comparator"),
    "unit": ("单位", "Unit"),
    "aspirational": ("力争", "Aspirational (力争)"),
    "kind": ("类型", "Kind"),
    "per_year": ("每年", "Per year"),
    "quote": ("原文句子", "Quote"),
    "document": ("文件", "Document"),
    "funder": ("出资方", "Funder"),
    "activity": ("资助事项", "Activity"),
    "amount": ("金额（元）", "Amount (CNY)"),
    "original_amount": ("原文金额", "As written"),
    "condition": ("条件", "Condition"),
    "subsidy": ("资助", "subsidy"),
    "budget": ("预算表述", "budget statement"),
    "total_per_funder": ("各出资方合计（已知金额）", "Total per funder (known amounts)"),
    "total_per_activity": ("各事项合计（已知金额）", "Total per activity (known amounts)"),
    "without_amount": ("未写金额", "without amount"),
    "with_amount": ("写明金额", "with amount"),
    "none_named": ("（未写明）", "(none named)"),
    "agency": ("机构", "Agency"),
    "task": ("任务", "Task"),
    "lead": ("牵头", "lead"),
    "responsible": ("负责", "responsible"),
    "cooperating": ("配合", "cooperating"),
    "workload": ("工作量", "Workload"),
    "run": ("查询", "Run"),
    "download_csv": ("下载 CSV", "Download CSV"),
    "download_json": ("下载 JSON", "Download JSON"),
    "open_in_editor": ("在编辑器中打开", "Open in the editor"),
    "sparql_text": ("SPARQL 文本", "SPARQL text"),
    "rows": ("行", "rows"),
    "no_rows": ("没有结果。", "No results."),
    "error": ("错误", "Error"),
    "upload": ("上传", "Upload"),
    "check_help": ("上传 Turtle/TriG 文件、填写好的 CSV/XLSX 模板或政策原文（.txt，由抽取器起草）。不会写入图谱。",
                   "Upload a Turtle/TriG file, a filled CSV/XLSX template, or a policy text (.txt, "
                   "drafted by the extractor). Nothing is written into the graph."),
    "conforms": ("符合所有约束。", "Conforms to every shape."),
    "violations_found": ("发现问题", "Problems found"),
    "severity": ("级别", "Severity"),
    "focus": ("对象", "Focus"),
    "message": ("说明", "Message"),
    "read_as": ("读取方式", "Read as"),
    "drafted": ("起草的事实", "Drafted facts"),
    "view": ("视图", "View"),
    "role": ("角色", "Role"),
    "search": ("搜索", "Search"),
    "choose_metric": ("选择指标", "Choose a metric"),
    "lang_switch": ("English", "中文"),
    "optional": ("可选", "optional"),
    "required": ("必填", "required"),
    "class": ("类别", "Class"),
    "details": ("细节", "Details"),
    "total": ("合计", "total"),
    "showing": ("显示", "showing"),
    "editor_help": ("查询本工作台的只读端点 /query：与命令行相同，拒绝 SERVICE、FROM 和更新，并有时间限制。",
                    "Queries this workspace's read-only endpoint /query: as on the command line, SERVICE, "
                    "FROM and updates are refused and a time limit applies."),
    "plain_form": ("简单表单", "Plain form"),
    "open_yasgui": ("在 YASGUI 编辑器中打开", "Open in the YASGUI editor"),
    "more_rows": ("行未显示；请下载 CSV 查看全部，或缩小范围。", "rows not shown; download the CSV for all of them, or narrow the question."),
}


def translate(key: str, lang: str) -> str:
    """The word for ``key`` in ``lang`` (``zh`` or ``en``); the key itself when unknown.

    >>> translate("documents", "zh"), translate("documents", "en")
    ('文件', 'Documents')
    """
    pair = WORDS.get(key)
    if pair is None:
        return key
    return pair[0] if lang == "zh" else pair[1]
