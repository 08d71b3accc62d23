"""Messages in English that carry their Chinese wording, for ``kgtool --lang zh``.

Library code speaks to the command line through a ``str``: a progress callback
(``build(progress=…)``), an exception's message, a warning in a result. A :class:`Bilingual` is
that ``str`` — the English, which every caller, log and ``--json`` output sees unchanged — with
the Chinese beside it, which the CLI prints under ``--lang zh`` (:func:`in_lang`). The pair is
written once, where the message is made. A message without a Chinese wording (a third-party
library's, or one made by string operations) reads in English in both languages.
"""
from __future__ import annotations

__all__ = ["Bilingual", "in_lang"]


class Bilingual(str):
    """An English message (the string itself) with its Chinese wording in :attr:`zh`.

    >>> msg = Bilingual("applying rules", "应用规则")
    >>> msg == "applying rules", in_lang(msg, "zh"), f"{msg}"
    (True, '应用规则', 'applying rules')
    """

    zh: str

    def __new__(cls, en: str, zh: str | None = None) -> "Bilingual":
        self = super().__new__(cls, en)
        self.zh = str(en) if zh is None else zh
        return self

    def __reduce__(self):  # pickle and copy keep both wordings
        return (Bilingual, (str(self), self.zh))


def in_lang(text: str, lang: str) -> str:
    """``text`` in ``lang`` (``zh``: its Chinese wording when it has one; else the English).

    >>> in_lang("plain", "zh"), in_lang(Bilingual("done", "完成"), "en")
    ('plain', 'done')
    """
    if lang == "zh" and isinstance(text, Bilingual):
        return text.zh
    return str(text)
