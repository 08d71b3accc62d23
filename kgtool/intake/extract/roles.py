"""The role a label word gives the bodies it names (issue #16): ``牵头单位`` lead, ``责任部门``
responsible, ``协助单位`` cooperating.

Labels are read by their stem, not from a list of whole words: a stem (牵头, 责任, 负责, 承办,
配合, 协助, 参与 …) followed by a kind of body (单位, 部门, 处室, 科室, 机构), so that a new
document's ``协作部门`` or ``参加单位`` is read as its parts say. The notes and label lines of
:mod:`~kgtool.intake.extract.tasks` and the table columns of
:mod:`~kgtool.intake.extract.task_tables` and :mod:`~kgtool.intake.extract.pipe_tables` use it.

    >>> label_role("协助单位"), label_role("牵头责任单位"), label_role("主办单位"), label_role("完成时限")
    ('cooperating', 'lead', 'responsible', None)
"""
from __future__ import annotations

import re

#: stems in the order they are tried (牵头责任 before 责任): the role each gives
ROLE_STEMS = (("牵头责任", "lead"), ("牵头", "lead"), ("主责", "lead"), ("责任", "responsible"),
              ("负责", "responsible"), ("主办", "responsible"), ("承办", "responsible"),
              ("实施", "responsible"), ("配合", "cooperating"), ("协助", "cooperating"),
              ("协办", "cooperating"), ("协作", "cooperating"), ("参与", "cooperating"),
              ("参加", "cooperating"), ("支持", "cooperating"), ("发起", "lead"))
_BODY_KINDS = r"(?:单位|部门|处室|科室|机构)"
_STEMS = "|".join(w for w, _ in ROLE_STEMS)
# stems that also label a web page's furniture (主办单位:X市融媒体中心, 承办单位, 技术支持单位),
# a funded project (项目实施单位) or the proposers of a standard (发起单位): columns of a table
# only (a joint-inspection table's 发起部门 leads it), not label lines
_TABLE_ONLY = {"主办", "承办", "实施", "支持", "发起"}
#: a label and its colon: ``责任单位:`` (the view has ASCII colons)
LABEL_RE = re.compile(r"(?P<label>(?:" + "|".join(w for w, _ in ROLE_STEMS if w not in _TABLE_ONLY) + r")"
                      + _BODY_KINDS + r"):")
_IN_HEADER_RE = re.compile(r"(?:" + _STEMS + r")" + _BODY_KINDS)


def label_role(label: str) -> str | None:
    """The role of a label word (``配合部门`` → ``cooperating``), None when it is not one."""
    m = re.fullmatch(r"(" + _STEMS + r")" + _BODY_KINDS, label)
    return dict(ROLE_STEMS)[m[1]] if m else None


def column_role(header: str) -> str | None:
    """The role an agency column's header gives its bodies (``牵头单位`` lead, ``负责单位``
    responsible, ``参与单位`` cooperating …), None when it is not an agency column."""
    m = _IN_HEADER_RE.search(header)
    return label_role(m[0]) if m else None
