"""Korean resources."""

TIMEZONE = "Asia/Seoul"
BACK_TO_TOP = ("맨 위로", "맨위로", "위로 가기", "TOP")
#: "(사진=연합뉴스)", "[사진 제공=KOTRA]".
PHOTO_CREDIT = ("사진", "사진 제공", "사진제공", "자료사진")
