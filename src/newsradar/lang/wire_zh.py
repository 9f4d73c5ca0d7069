"""Chinese wire agencies as they open their copy, and the words of a Chinese byline.

``新华社北京11月20日电（记者 张伟）``, ``中新网北京11月20日电 (记者 张伟)``,
``人民网北京11月20日电（记者 张伟）``, ``央视新闻客户端北京11月20日电``.  The names below
are merged into :data:`newsradar.lang.agencies.AGENCIES`.
"""

#: Canonical name -> the names it signs with (added to the ones agencies.py already lists).
AGENCIES: dict[str, tuple[str, ...]] = {
    "Xinhua": ("新华网", "新华社客户端"),
    "China News Service": ("中国新闻网", "中新社客户端"),
    "People's Daily Online": ("人民网", "People's Daily Online", "People.cn"),
    "People's Daily": ("人民日报", "People's Daily", "人民日报客户端"),
    "CCTV": ("央视新闻", "央视新闻客户端", "央视网", "中央电视台", "CCTV", "China Central Television"),
}

#: What a byline calls the reporter: "（记者 张伟）", "（通讯员 李明）".
REPORTER_TITLES: tuple[str, ...] = ("特约记者", "记者", "通讯员", "实习生", "实习记者")

#: The outlet's own dateline ("本报北京11月20日电"): no agency to credit.
OWN_OUTLET: tuple[str, ...] = ("本报", "本刊")
