"""Country names in the four languages, mapped to ISO 3166-1 alpha-2 codes.

The bulk comes from CLDR through babel (``Locale("ko").territories["VN"]`` is
``베트남``); CLDR does not carry how newsrooms actually write, so the short
forms, demonyms and one-character compound forms are listed here as data:
``RoK``, ``South Korea``, ``Korean``, ``Viet Nam``, ``Hàn Quốc``, ``한·베``,
``中韩``.
"""

from __future__ import annotations

from functools import cache

from babel import Locale

#: CLDR territory codes that are not countries (regions, groupings, unknown).
_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB", "AC", "CP", "DG", "EA", "IC", "TA", "CQ"})

#: Names CLDR has that are also ordinary words or common given names in English news.
_AMBIGUOUS = frozenset({"Chad", "Jordan", "Georgia", "Jersey", "Guinea", "Niger", "Man", "Turkey", "Dominica",
                        "Mali", "Peru", "Cuba", "Togo", "Monaco", "Bahamas", "Guernsey", "Martinique",
                        "Réunion", "Christmas Island", "Norfolk Island", "Heard & McDonald Islands",
                        # Vietnamese and Korean words that CLDR names collide with ("ý kiến", "가나다")
                        "Ý", "가나", "차드", "말리", "토고", "인도", "조지아", "저지", "맨섬"})

#: Forms newsrooms use beyond CLDR: short forms, official long forms and demonyms.
EXTRA: dict[str, tuple[str, ...]] = {
    "KR": ("RoK", "ROK", "R.O.K.", "Republic of Korea", "South Korea", "S. Korea", "Korea", "Korean", "Koreans",
           "South Korean", "한국", "대한민국", "韩国", "韓國", "南韩", "Hàn Quốc", "Đại Hàn Dân Quốc"),
    "KP": ("DPRK", "North Korea", "N. Korea", "North Korean", "북한", "朝鲜", "北韩", "Triều Tiên"),
    "VN": ("Viet Nam", "Vietnam", "Vietnamese", "Việt Nam", "베트남", "월남", "越南", "Socialist Republic of Viet Nam"),
    "CN": ("China", "Chinese", "PRC", "People's Republic of China", "Mainland China", "중국", "中国", "中國",
           "Trung Quốc"),
    "US": ("US", "U.S.", "USA", "United States", "America", "American", "Americans", "미국", "美国", "Mỹ",
           "Hoa Kỳ"),
    "JP": ("Japan", "Japanese", "일본", "日本", "Nhật Bản", "Nhật"),
    "RU": ("Russia", "Russian", "러시아", "俄罗斯", "Nga"),
    "TW": ("Taiwan", "Taiwanese", "대만", "台湾", "臺灣", "Đài Loan"),
    "GB": ("UK", "U.K.", "Britain", "British", "United Kingdom", "영국", "英国", "Anh Quốc", "Vương quốc Anh"),
    "FR": ("France", "French", "프랑스", "法国", "Pháp"),
    "DE": ("Germany", "German", "독일", "德国", "Đức"),
    "IN": ("India", "Indian", "印度", "Ấn Độ"),
    "TH": ("Thailand", "Thai", "태국", "泰国", "Thái Lan"),
    "LA": ("Laos", "Lao", "Laotian", "라오스", "老挝", "Lào"),
    "KH": ("Cambodia", "Cambodian", "캄보디아", "柬埔寨", "Campuchia"),
    "SG": ("Singapore", "Singaporean", "싱가포르", "新加坡"),
    "ID": ("Indonesia", "Indonesian", "인도네시아", "印度尼西亚", "印尼"),
    "PH": ("Philippines", "Philippine", "Filipino", "필리핀", "菲律宾", "Philippines"),
    "MY": ("Malaysia", "Malaysian", "말레이시아", "马来西亚"),
    "AU": ("Australia", "Australian", "호주", "澳大利亚", "Úc", "Australia"),
}

#: Vietnamese one-syllable country names that are also common given names ("Trương Đức Giang",
#: "Nguyễn Thị Nga", "Đức Chinh"): not a country where they read as part of a personal name (see
#: ``enrich.geo.country_mentions``).
NAME_SYLLABLES = frozenset({"Đức", "Nhật", "Mỹ", "Nga"})

#: One-character forms used only inside compounds: "中韩", "한·베", "中越", "韩美".
COMPOUND_CHARS: dict[str, dict[str, str]] = {
    "zh": {"中": "CN", "韩": "KR", "韓": "KR", "越": "VN", "美": "US", "日": "JP", "俄": "RU", "朝": "KP"},
    "ko": {"한": "KR", "베": "VN", "중": "CN", "미": "US", "일": "JP", "러": "RU", "북": "KP"},
}



@cache
def country_names() -> dict[str, str]:
    """Every known written form -> ISO code (CLDR names in en/vi/ko/zh, then the extra forms)."""
    names: dict[str, str] = {}
    for code in ("en", "vi", "ko", "zh", "zh_Hant"):
        for territory, name in Locale.parse(code).territories.items():
            country = len(territory) == 2 and territory.isalpha() and territory not in _NOT_COUNTRIES
            if country and name not in _AMBIGUOUS:
                names.setdefault(name, territory)
    for territory, forms in EXTRA.items():
        for form in forms:
            names[form] = territory
    return names
