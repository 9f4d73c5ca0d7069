"""Cross-language names of organisations, people and places newsrooms in the region cover.

Each entry is a canonical key and the forms it is written in.  The entity
stage maps every form to its key, so "the Viet Nam Journalists Association",
"VJA", "Hội Nhà báo Việt Nam", "베트남기자협회" and "越南记者协会" are one
entity; story clustering uses the same keys as language-independent evidence.
Extend it as a newsroom's beat grows; nothing else needs to change.
"""

from __future__ import annotations

ORGANIZATIONS: dict[str, tuple[str, ...]] = {
    "vja": ("Viet Nam Journalists Association", "Vietnam Journalists Association", "Viet Nam Journalists' Association",
            "VJA", "Hội Nhà báo Việt Nam", "베트남기자협회", "베트남 기자협회", "越南记者协会"),
    "jak": ("Journalists Association of Korea", "JAK", "한국기자협회", "韩国记者协会", "Hội Nhà báo Hàn Quốc"),
    "hankook ilbo": ("Hankook Ilbo", "한국일보", "韩国日报", "báo Hankook Ilbo"),
    "mbc": ("MBC", "MBC Television", "Munhwa Broadcasting Corporation", "문화방송", "韩国文化广播公司"),
    "kbs": ("KBS", "Korean Broadcasting System", "한국방송공사", "韩国广播公司"),
    "vna": ("VNA", "Vietnam News Agency", "Thông tấn xã Việt Nam", "TTXVN", "越通社", "베트남통신"),
    "xinhua": ("Xinhua", "Xinhua News Agency", "新华社", "신화통신"),
    "yonhap": ("Yonhap", "Yonhap News Agency", "연합뉴스", "韩联社"),
    "samsung electronics": ("Samsung Electronics", "Samsung", "삼성전자", "三星电子", "Samsung Electronics Co."),
    "sk hynix": ("SK hynix", "SK Hynix", "SK하이닉스", "SK海力士"),
    "kotra": ("KOTRA", "Korea Trade-Investment Promotion Agency", "대한무역투자진흥공사", "韩国贸易投资振兴公社"),
    "asean": ("ASEAN", "Association of Southeast Asian Nations", "아세안", "东盟", "Hiệp hội các quốc gia Đông Nam Á"),
    "who": ("WHO", "World Health Organization", "세계보건기구", "世界卫生组织", "Tổ chức Y tế Thế giới"),
    "un": ("UN", "United Nations", "유엔", "联合国", "Liên hợp quốc"),
    "nhan dan": ("Nhan Dan", "Nhan dan", "Nhân Dân", "báo Nhân Dân", "人民报"),
    "people's daily": ("People's Daily", "人民日报", "인민일보"),
    "mofa vn": ("Vietnamese Ministry of Foreign Affairs", "Bộ Ngoại giao", "베트남 외교부"),
    "motie": ("Ministry of Trade, Industry and Energy", "산업통상자원부", "산업부", "韩国产业通商资源部"),
    "cpc": ("Communist Party of China", "CPC", "中国共产党", "중국공산당"),
    "cpv": ("Communist Party of Viet Nam", "Communist Party of Vietnam", "CPV", "Đảng Cộng sản Việt Nam",
            "베트남공산당", "越南共产党"),
    "fifa": ("FIFA", "국제축구연맹", "国际足联"),
    "afc": ("AFC", "Asian Football Confederation", "아시아축구연맹", "亚足联", "Liên đoàn Bóng đá châu Á"),
    "vff": ("VFF", "Vietnam Football Federation", "Liên đoàn Bóng đá Việt Nam", "베트남축구협회", "越南足协"),
    "kfa": ("KFA", "Korea Football Association", "대한축구협회", "韩国足协"),
}

PLACES: dict[str, tuple[str, ...]] = {
    "hanoi": ("Hanoi", "Ha Noi", "Hà Nội", "하노이", "河内"),
    "ho chi minh city": ("Ho Chi Minh City", "HCM City", "TP.HCM", "TP Hồ Chí Minh", "Thành phố Hồ Chí Minh",
                         "호찌민", "호치민", "胡志明市"),
    "da nang": ("Da Nang", "Đà Nẵng", "다낭", "岘港"),
    "hai phong": ("Hai Phong", "Hải Phòng", "하이퐁", "海防"),
    "hue": ("Hue", "Huế", "후에", "顺化"),
    "quang nam": ("Quang Nam", "Quảng Nam", "꽝남", "广南"),
    "lao cai": ("Lao Cai", "Lào Cai", "라오까이", "老街"),
    "lang son": ("Lang Son", "Lạng Sơn", "랑선", "谅山"),
    "seoul": ("Seoul", "서울", "首尔", "Xơ-un", "Seoul"),
    "busan": ("Busan", "부산", "釜山"),
    "incheon": ("Incheon", "인천", "仁川"),
    "pyeongtaek": ("Pyeongtaek", "평택", "平泽"),
    "beijing": ("Beijing", "베이징", "北京", "Bắc Kinh"),
    "shanghai": ("Shanghai", "상하이", "上海", "Thượng Hải"),
    "shenzhen": ("Shenzhen", "선전", "深圳", "Thâm Quyến"),
    "guangzhou": ("Guangzhou", "광저우", "广州", "Quảng Châu"),
    "kunming": ("Kunming", "쿤밍", "昆明", "Côn Minh"),
    "nanning": ("Nanning", "난닝", "南宁", "Nam Ninh"),
    "hong kong": ("Hong Kong", "홍콩", "香港", "Hồng Kông"),
    "tokyo": ("Tokyo", "도쿄", "东京", "Tô-ky-ô"),
    "washington": ("Washington", "워싱턴", "华盛顿", "Oa-sinh-tơn"),
    "gyeonggi": ("Gyeonggi", "경기도", "京畿道"),
    "jeju": ("Jeju", "제주", "济州"),
}

#: Korean surnames (one syllable, plus the common two-syllable ones) for telling names from nouns.
KOREAN_SURNAMES = frozenset(
    ["김", "이", "박", "최", "정", "강", "조", "윤", "장", "임", "한", "오", "서", "신", "권", "황", "안", "송", "류", "유", "전", "홍", "고", "문", "양", "손", "배", "백", "허", "남", "심", "노", "하", "곽", "성", "차", "주", "우", "구", "민", "진", "나", "지", "엄", "채", "원", "천", "방", "공", "현", "함", "변", "염", "여", "추", "도", "소", "석", "선", "설", "마", "길", "연", "위", "표", "명", "기", "반", "왕", "금", "옥", "육", "인", "맹", "제", "모", "탁", "국", "어", "은", "편", "용", "예", "경", "봉", "사", "부", "황보", "남궁", "제갈", "선우", "독고"]
)
#: Chinese surnames, one and two characters.
CHINESE_SURNAMES = frozenset(
    ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金", "石", "廖", "贾", "夏", "韦", "付", "方", "白", "邹", "孟", "熊", "秦", "邱", "江", "尹", "薛", "闫", "段", "雷", "侯", "龙", "史", "陶", "黎", "贺", "顾", "毛", "郝", "龚", "邵", "万", "钱", "严", "覃", "武", "戴", "莫", "孔", "向", "汤", "常", "温", "康", "施", "文", "牛", "樊", "葛", "邢", "安", "齐", "易", "乔", "伍", "庞", "颜", "倪", "庄", "聂", "章", "鲁", "岳", "翟", "殷", "詹", "申", "欧", "耿", "关", "兰", "焦", "俞", "左", "柳", "甘", "祝", "包", "宁", "尚", "符", "舒", "阮", "柯", "纪", "梅", "童", "凌", "毕", "单", "季", "裴", "霍", "涂", "成", "苗", "谷", "盛", "曲", "翁", "冉", "骆", "蓝", "路", "游", "辛", "靳", "管", "柴", "蒙", "鲍", "华", "喻", "祁", "蒲", "房", "滕", "屈", "饶", "解", "牟", "艾", "尤", "阳", "时", "穆", "农", "司", "卓", "古", "吉", "缪", "简", "车", "项", "连", "芦", "麦", "褚", "娄", "窦", "戚", "岑", "景", "党", "宫", "费", "卜", "冷", "晏", "席", "卫", "米", "柏", "宗", "瞿", "桂", "全", "佟", "应", "臧", "闵", "苟", "邬", "边", "卞", "姬", "师", "和", "仇", "栾", "隋", "商", "刁", "沙", "荣", "巫", "寇", "桑", "郎", "甄", "丛", "仲", "虞", "敖", "巩", "明", "佘", "池", "查", "麻", "苑", "迟", "邝", "官", "封", "谈", "匡", "鞠", "惠", "荆", "乐", "冀", "郁", "胥", "南", "班", "储", "原", "栗", "燕", "楚", "鄢", "劳", "谌", "奚", "皮", "粟", "冼", "蔺", "楼", "盘", "满", "闻", "位", "厉", "伊", "仝", "区", "郜", "海", "阚", "花", "权", "强", "帅", "屠", "豆", "朴", "盖", "练", "廉", "禹", "井", "祖", "漆", "巴", "丰", "支", "卿", "国", "狄", "平", "计", "索", "宣", "晋", "相", "初", "门", "云", "容", "敬", "来", "扈", "晁", "芮", "都", "普", "阙", "浦", "戈", "伏", "鹿", "薄", "邸", "雍", "辜", "羊", "阿", "乌", "母", "裘", "亓", "修", "邰", "赫", "杭", "况", "那", "宿", "鲜", "印", "逯", "隆", "茹", "诸", "战", "慕", "危", "玉", "银", "亢", "嵇", "公", "哈", "湛", "宾", "戎", "勾", "茅", "利", "於", "呼", "居", "揭", "干", "但", "尉", "冶", "斯", "元", "束", "檀", "衣", "信", "展", "阴", "昝", "智", "幸", "奉", "植", "衡", "富", "尧", "闭", "由", "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "令狐"]
)
