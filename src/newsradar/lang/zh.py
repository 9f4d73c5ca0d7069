"""Chinese resources."""

TIMEZONE = "Asia/Shanghai"
BACK_TO_TOP = ("返回顶部", "回到顶部", "返回頂部")
#: "（图：新华社）", "（摄影：张三）".
PHOTO_CREDIT = ("图", "圖", "图片", "摄影", "攝影", "图片来源")
