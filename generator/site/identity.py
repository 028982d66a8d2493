"""The site's identity as government websites show it: the footer (主办单位, 承办单位, contact,
网站标识码, ICP 备案号, 公安机关备案号) and the 纠错/留言 address of a page.

Everything comes from ``plan_data/site.yaml`` (:class:`generator.model.model.SiteIdentity`); a field
that is not set is left out, never filled in with a made-up value. The footer is plain HTML put
into the theme's copyright slot (``overrides/partials/copyright.html``), so any builder that can
place a string in its footer shows the same.
"""

from __future__ import annotations

from urllib.parse import quote

from markupsafe import Markup

from generator.data.standing import Standing
from generator.model import urls
from generator.model.model import SiteIdentity

ICP_QUERY = "https://beian.miit.gov.cn/"
"""Where an ICP number is looked up (the rules ask the footer to link it there)."""
POLICE_QUERY = "https://beian.mps.gov.cn/#/query/webSearch?code="
"""Where a 公安机关备案号 is looked up, by its digits."""

MAX_MAILTO_BODY = 600
"""Characters of a pre-filled mail body (some mail programs refuse long mailto: links)."""


def footer_html(site: SiteIdentity, base: str = "") -> Markup:
    """The footer lines below the copyright: what is set, in the order the rules use, and the
    links to the 关于 and 无障碍声明 pages (``base``: the path from the page to the site root).

    >>> from generator.model.model import SiteIdentity
    >>> str(footer_html(SiteIdentity(host="某区政府办", icp="豫ICP备1号"), "../"))[:72]
    '<div class="site-identity"><p>主办单位：某区政府办</p><p><a href="https://beian.mi'
    """
    lines: list[Markup] = []
    who = [("主办单位", site.host), ("承办单位", site.organizer)]
    if any(v for _, v in who):
        lines.append(Markup("　").join(Markup("{}：{}").format(k, v) for k, v in who if v))
    contact = []
    if site.address:
        contact.append(Markup("地址：{}").format(site.address))
    if site.phone:
        contact.append(Markup("电话：{}").format(site.phone))
    if site.email:
        contact.append(Markup('邮箱：<a href="mailto:{0}">{0}</a>').format(site.email))
    if contact:
        lines.append(Markup("　").join(contact))
    records = []
    if site.site_code:
        records.append(Markup("网站标识码：{}").format(site.site_code))
    if site.icp:
        records.append(Markup('<a href="{}" rel="noopener">{}</a>').format(ICP_QUERY, site.icp))
    if site.police_record:
        href = POLICE_QUERY + site.police_code
        records.append(Markup('<a href="{}" rel="noopener">{}</a>').format(href, site.police_record))
    if records:
        lines.append(Markup("　").join(records))
    about = urls.page_url(urls.ABOUT)
    a11y = urls.page_url(urls.ACCESSIBILITY)
    lines.append(
        Markup('<a href="{0}{1}">关于本站</a>　<a href="{0}{2}">无障碍声明</a>').format(base, about, a11y)
    )
    return Markup('<div class="site-identity">{}</div>').format(
        Markup("").join(Markup("<p>{}</p>").format(x) for x in lines)
    )


def standing_html(standing: Standing) -> Markup:
    """The banner every page of a document carries: its standing in words (not colour alone).

    >>> import datetime as dt
    >>> from generator.data.standing import Standing
    >>> print(standing_html(Standing("已修订", "依据<b>某文</b>。", dt.date(2026, 1, 1))).split('"note">')[1])
    <strong>文件状态：已修订</strong>　依据&lt;b&gt;某文&lt;/b&gt;。</div>
    """
    return Markup(
        '<div class="doc-standing doc-standing--{}" role="note"><strong>文件状态：{}</strong>　{}</div>'
    ).format(standing.css, standing.label, standing.reason)


def feedback_href(site: SiteIdentity, subject: str, page_address: str, about: str) -> str | None:
    """A ``mailto:`` link for 纠错/留言 with the page and what it is about filled in, or None when
    ``site.yaml`` gives no e-mail address.

    >>> from generator.model.model import SiteIdentity
    >>> href = feedback_href(SiteIdentity(email="a@b.cn"), "纠错", "https://x/tasks/lantian-12/", "蓝天12")
    >>> href.startswith("mailto:a@b.cn?subject=%E7%BA%A0%E9%94%99&body=%E9%A1%B5%E9%9D%A2")
    True
    """
    if not site.email:
        return None
    body = f"页面：{page_address}\n事项：{about}\n\n意见或发现的错误：\n"[:MAX_MAILTO_BODY]
    return f"mailto:{site.email}?subject={quote(subject, safe='')}&body={quote(body, safe='')}"
