"""Vietnamese resources."""

TIMEZONE = "Asia/Ho_Chi_Minh"
BACK_TO_TOP = ("Về đầu trang", "Lên đầu trang", "Trở về đầu trang")
#: Words that introduce a photo credit: "(Ảnh: TTXVN)".
PHOTO_CREDIT = ("Ảnh", "Ảnh minh họa", "Nguồn ảnh")
