"""Vietnamese agency credits and staff sign-offs.

Wire copy opens with ``(TTXVN) -`` or ``Hà Nội, 18/11 (TTXVN) -`` and closes with
``Mỹ Bình (TTXVN)`` or ``Theo TTXVN``; an outlet's own staff sign ``(PV)``
(phóng viên, reporter) or ``(CTV)`` (cộng tác viên, contributor), which
credits no agency.  The names below are merged into
:data:`newsradar.lang.agencies.AGENCIES`.
"""

#: Canonical name -> the names it signs with (added to the ones agencies.py already lists).
AGENCIES: dict[str, tuple[str, ...]] = {
    "VNA": ("TTXVN/Vietnam+", "Vietnam+", "VietnamPlus", "TTXVN/VNA"),
}

#: The outlet's own staff: "(PV) -", "Hà Nội (PV) -", "PV -", "... (CTV)".
STAFF_MARKS: tuple[str, ...] = ("PV", "CTV", "Nhóm PV", "PV/CTV", "PV-CTV", "Phóng viên", "Cộng tác viên")

#: "Theo TTXVN", "Nguồn: TTXVN": a closing credit to an agency.
CREDIT_WORDS: tuple[str, ...] = ("Theo", "Nguồn")

#: What precedes the reporter's name in a closing sign-off: "Tin, ảnh: Nguyễn Hoàng (TTXVN)".
SIGNOFF_PREFIXES: tuple[str, ...] = ("Tin, ảnh", "Tin và ảnh", "Bài, ảnh", "Bài và ảnh", "Tin", "Bài", "Ảnh")
