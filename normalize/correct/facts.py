"""Thai facts the correction rules share: titles, digits and their look-alikes, months,
words that take or follow a number."""

from __future__ import annotations

import re

from ita_core.thai import (DIGIT_SWAPS, MONTH_DAYS, MONTHS_ABBR, MONTHS_FULL,  # noqa: F401
                           PERSON_TITLES, THAI_DIGITS)

# Person titles: a name follows.
TITLE = "(?:" + "|".join(PERSON_TITLES) + ")"
TH_DIGITS = THAI_DIGITS
MONTHS = list(MONTHS_FULL)
MONTH_ABBR = list(MONTHS_ABBR)
MONTH_RX = "|".join(re.escape(m) for m in MONTHS + MONTH_ABBR)


WORD_BEFORE = re.compile(r"[ก-์]+$")
TAKES_NUMBER = frozenset("""ที่ ข้อ ละ ครั้ง ครั้งที่ ฉบับ ฉบับที่ หมู่ หมู่ที่ ชั้น ระดับ ลำดับ
    ลำดับที่ ไตรมาส ไตรมาสที่ ปี เดือน วัน วันที่ จำนวน รอบ รอบที่ อันดับ มาตรา ประเภท กลุ่ม
    ชุด ห้อง ภาค ตอน เล่ม หน้า แห่ง เป็น ร้อยละ อัตรา เลขที่ ที วันที ทั้ง""".split())  # (ที, วันที: a mark dropped)
CLASSIFIERS = frozenset("""คน ครั้ง เรื่อง ราย ฉบับ ช่องทาง โครงการ กิจกรรม หน่วยงาน แห่ง
    ชุด รอบ เดือน ปี วัน ข้อ ระบบ บริการ หลักสูตร ประเภท กลุ่ม ตำแหน่ง ชั่วโมง สัปดาห์
    ไตรมาส ฝ่าย กอง ส่วน งาน ระดับ คะแนน เท่า บาท ล้าน แสน หมื่น พัน ร้อย""".split())
