"""Vietnamese resources."""

TIMEZONE = "Asia/Ho_Chi_Minh"
BACK_TO_TOP = ("Về đầu trang", "Lên đầu trang", "Trở về đầu trang")
#: Words that introduce a photo credit: "(Ảnh: TTXVN)".
PHOTO_CREDIT = ("Ảnh", "Ảnh minh họa", "Nguồn ảnh")

STOPWORDS = frozenset(["và", "của", "là", "có", "được", "cho", "với", "các", "những", "một", "trong", "đã", "này", "để", "không", "người", "khi", "đến", "từ", "về", "theo", "tại", "như", "cũng", "nhiều", "sẽ", "đó", "ra", "thì", "lại", "còn", "nên", "phải", "vào", "năm", "ngày", "tháng", "trên", "nhưng", "hay", "hoặc", "do", "bị", "rằng", "mà", "nếu", "vì", "nơi", "đây", "ở", "họ", "chúng", "tôi", "ta", "mình", "ông", "bà", "anh", "chị", "em", "cô", "chú", "cháu", "việc", "làm", "nhằm", "qua", "sau", "trước", "giữa", "thêm", "rất", "đang", "vẫn", "chỉ", "hơn", "nhất", "mỗi", "cùng", "nhau", "gì", "ai", "nào", "bao", "lúc", "hôm", "nay", "này", "kia", "ấy", "the", "of", "and", "vừa", "đều", "cả", "số", "lần", "tới", "vị", "hết"]) | frozenset({"cho biết", "chúng tôi", "hôm nay", "tuy nhiên", "ngoài ra", "bên cạnh", "trong khi"})

#: Titles and honorifics before a person's name ("Chủ tịch Lê Quốc Minh", "ông Nguyễn Văn Hùng").
PERSON_TITLES = (
    "ông", "bà", "anh", "chị", "Ông", "Bà", "Anh", "Chị", "Chủ tịch", "Phó Chủ tịch", "Bộ trưởng", "Thứ trưởng",
    "Thủ tướng", "Phó Thủ tướng", "Tổng Bí thư", "Bí thư", "Chủ nhiệm", "Giám đốc", "Phó Giám đốc",
    "Tổng Giám đốc", "Tổng Biên tập", "Đại sứ", "Tổng thống", "Chủ tịch nước", "Trưởng ban", "Phó trưởng ban",
    "Người phát ngôn", "người phát ngôn", "Giáo sư", "GS", "PGS", "TS", "bác sĩ", "Bác sĩ", "huấn luyện viên",
    "HLV", "tiền đạo", "thủ môn", "nhà báo", "phóng viên", "Thượng tướng", "Đại tướng", "Trung tướng",
    "Chủ tịch UBND", "Phó Chủ tịch UBND", "Viện trưởng", "Hiệu trưởng", "Cục trưởng", "Vụ trưởng", "Trưởng phòng",
)
SURNAMES = frozenset(["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đào", "Đoàn", "Vương", "Trịnh", "Trương", "Lâm", "Mai", "Đinh", "Tạ", "Hà", "Lưu", "Tô", "Chu", "Cao", "Quách", "Lương", "Thái", "Tôn", "Kiều", "Châu", "Văn", "Triệu", "La", "Lại", "Nghiêm", "Khổng", "Mạc", "Ông", "Từ", "Diệp", "Thân"])
#: Words that open an organisation's name ("Hội Nhà báo Việt Nam", "Bộ Ngoại giao").
ORG_HEADS = (
    "Hội", "Bộ", "Công ty", "Tập đoàn", "Ngân hàng", "Đài", "Báo", "Tạp chí", "Thông tấn xã", "Ủy ban", "Uỷ ban",
    "Liên đoàn", "Liên hiệp", "Trường", "Đại học", "Học viện", "Viện", "Sở", "Cục", "Tổng cục", "Vụ", "Quỹ",
    "Văn phòng", "Đảng", "Quốc hội", "Chính phủ", "Tòa án", "Viện Kiểm sát", "Bệnh viện", "Câu lạc bộ", "CLB",
    "Hiệp hội", "Trung tâm", "Tổ chức", "Đoàn", "Ban", "Hãng", "Tổng công ty", "Sàn", "UBND", "Hội đồng",
)
#: Words before a place name ("tỉnh Quảng Nam", "tại Đà Nẵng").
PLACE_BEFORE = ("tỉnh", "thành phố", "TP", "TP.", "quận", "huyện", "xã", "phường", "thị xã", "tại", "ở", "đến",
                "vùng", "khu vực", "thủ đô", "sông", "đảo", "miền", "cảng", "sân bay", "sân vận động", "từ")
NOT_NAMES = frozenset(["Theo", "Trong", "Tại", "Sau", "Trước", "Khi", "Ngày", "Tháng", "Năm", "Ông", "Bà", "Anh", "Chị", "Các", "Những", "Một", "Đây", "Đó", "Này", "Và", "Với", "Cũng", "Nhưng", "Tuy", "Ngoài", "Bên", "Hôm", "Sáng", "Chiều", "Tối", "Đêm", "Dự", "Cùng", "Việc", "Từ", "Đến", "Hiện", "Người", "Nhiều", "Chúng", "Họ", "Như", "Để", "Vì", "Nếu", "Do", "Hai", "Ba", "Bốn", "Năm", "Thứ", "Chủ"])

#: Speech verbs ("cho biết", "nhấn mạnh") that attribute a quote or a reported statement.
SPEECH_VERBS = (
    "cho biết", "nói", "nhấn mạnh", "khẳng định", "cho rằng", "bày tỏ", "tuyên bố", "phát biểu", "chia sẻ",
    "nhận định", "đánh giá", "thông tin", "kêu gọi", "đề nghị", "lưu ý", "giải thích", "thừa nhận", "bày tỏ mong muốn",
    "bày tỏ hy vọng", "mong muốn", "hy vọng", "cảnh báo", "thông báo", "nêu rõ", "nhận xét", "trả lời",
)
REPORT_LINKS = ("rằng", "là")
ACCORDING_TO = ("Theo", "theo")
PRONOUNS = ("ông", "bà", "Ông", "Bà", "anh", "chị")
