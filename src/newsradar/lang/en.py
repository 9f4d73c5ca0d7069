"""English resources."""

TIMEZONE = None  # English-language outlets are everywhere; the default_timezone setting decides.
BACK_TO_TOP = ("Back to top", "Back to Top", "Return to top", "Top of page")
#: "(Photo: VNA)", "(Photo by Kim Min-su)".
PHOTO_CREDIT = ("Photo", "Photos", "Photo by", "Image", "Credit", "File photo", "Source")
