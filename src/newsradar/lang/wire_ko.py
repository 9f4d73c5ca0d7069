"""Korean wire agencies and outlets as they sign their copy, and the words of a Korean byline.

A Korean article opens with who filed it: ``(서울=연합뉴스) 김민수 기자 =``,
``[서울=뉴시스]김민수 기자 =``, ``(세종=뉴스1) 김민수 기자 =``,
``[세종=이데일리 김형욱 기자]`` or ``[헤럴드경제=박병국 기자]``.  The names
below are merged into :data:`newsradar.lang.agencies.AGENCIES`.
"""

#: Canonical name -> the names it signs with.
AGENCIES: dict[str, tuple[str, ...]] = {
    "Yonhap": ("연합뉴스TV", "연합뉴스 TV"),
    "News1": ("뉴스1", "News1", "뉴스1코리아"),
    "Newsis": ("뉴시스", "Newsis"),
    "CBS NoCut News": ("노컷뉴스", "CBS노컷뉴스", "CBS 노컷뉴스", "NoCut News"),
    "Money Today": ("머니투데이", "Money Today"),
    "Edaily": ("이데일리", "Edaily"),
    "Herald Business": ("헤럴드경제", "The Herald Business"),
    "Newspim": ("뉴스핌", "Newspim"),
    "Asia Economy": ("아시아경제", "The Asia Business Daily"),
    "Financial News": ("파이낸셜뉴스", "파이낸셜 뉴스"),
    "Seoul Economic Daily": ("서울경제", "Seoul Economic Daily"),
    "Maeil Business": ("매일경제", "Maeil Business Newspaper"),
    "Korea Economic Daily": ("한국경제", "Korea Economic Daily"),
    "ZDNet Korea": ("지디넷코리아", "ZDNet Korea"),
    "OSEN": ("OSEN",),
}

#: What follows a reporter's name: "김민수 기자", "김진방 특파원".
REPORTER_TITLES: tuple[str, ...] = (
    "기자", "특파원", "통신원", "객원기자", "선임기자", "전문기자", "인턴기자", "수습기자", "편집위원", "논설위원",
)

#: Endings of an outlet's name: "[TV리포트=김가영 기자]" names an outlet, "[광명=강근주 기자]" a place.
OUTLET_ENDINGS: tuple[str, ...] = (
    "뉴스", "일보", "신문", "경제", "데일리", "방송", "TV", "POP", "리포트", "코리아", "아시아", "월드", "스포츠",
    "미디어", "투데이", "타임스", "저널", "닷컴", "넷", "통신", "프레스",
)

#: What opens a photo or image credit, never a byline: "[이미지출처=연합뉴스]", "(사진=뉴스1)".
CREDIT_WORDS: tuple[str, ...] = ("사진", "이미지", "이미지출처", "자료", "그래픽", "출처", "제공", "영상", "캡처", "일러스트")
