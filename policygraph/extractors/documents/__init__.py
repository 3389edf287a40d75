"""Named documents in report text: titles, numbers, types, issuers, aliases and how the report uses them.

What is found (rules and word lists are data under ``policygraph/data/``, see :mod:`.tables`):

- titles in 《》, with nested 〈〉, <> or 《》 titles: the inner ones are documents too and the outer
  one ``cites`` them (:mod:`.titles`);
- titles without 《》 (:mod:`.bare`): national laws by full or short name (民营经济促进法), international
  agreements (RCEP), and titles ending in a document word where a verb, a list, a place, a quoted
  name or a version says they are titles (出台…决定、…规定、…条例等; 我市…分工方案; …行动方案（2026版）;
  “无事不扰”白名单; …28条意见); the untitled opinions a report's title says it carries out;
- whose a document is (:mod:`.places`): 本市/我市 + title words name the city's own, a province's in
  a provincial text, 国务院《…》 the State Council's;
- issuer and level (:mod:`.issuers`): laws table, document number prefix, the bodies before the title;
- aliases (:mod:`.aliases`): (以下简称“X”), 两个《条例》, a bare 《条例》;
- for each document its governing verb read against the tense of its part (:mod:`.context`):
  implements / drafts / issues / revises / cites (is_about for the titles in the report's own title)
  and in force / drafting / planned / referenced.

Everything is read in time linear in the text (``benchmarks/documents_scaling.py``).

>>> [d.title for d in find_documents("贯彻落实《中华人民共和国外商投资法》,起草《大连市外商投资促进条例》。")]
['中华人民共和国外商投资法', '大连市外商投资促进条例']
"""

from .bare import FINDERS, Found, Scan, finder
from .find import find_documents
from .model import doc_type

__all__ = ["FINDERS", "Found", "Scan", "doc_type", "find_documents", "finder"]
