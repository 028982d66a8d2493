"""The view data of each page family, computed in Python so that templates only loop and print.

One module per family: :mod:`.common` (the site, its pages and config), :mod:`.tasks`, :mod:`.units`,
:mod:`.calendar` (months and due days), :mod:`.source` (the 原文 page), :mod:`.targets` (指标 and
不规范之处), :mod:`.progress` (督办), :mod:`.changelog` (更新记录), and :mod:`.contexts` — the typed,
documented context of every template. :func:`generator.site.pages.build_site` puts them together.
"""
