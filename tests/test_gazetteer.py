from normalize.gazetteer import resolve_organization


def test_seed_memo_and_cover_resolve_to_na_mong():
    lines = ["ส่วนราชการ หน่วยตรวจสอบภายใน เทศบาลตำบลนาม่วง อำเภอกุศุดบาก จังหวัดสกลนคร",
             "เรียน นายกเทศมนตรีตำบลนาม่วง",
             "เทศบาลตำบลนาม่อง อำเภอกุตุบกา จังหวัดสกลนคร"]
    r = resolve_organization(lines)
    org = r.organization
    assert (org.name, org.kind, org.subdistrict, org.district, org.province, org.geocode) == (
        "เทศบาลตำบลนาม่อง", "เทศบาลตำบล", "นาม่อง", "กุดบาก", "สกลนคร", "470303")
    fixes = {(f.level, f.before, f.after) for f in r.fixes}
    assert ("district", "กุศุดบาก", "กุดบาก") in fixes
    assert ("district", "กุตุบกา", "กุดบาก") in fixes
    assert ("subdistrict", "นาม่วง", "นาม่อง") in fixes


def test_real_na_muang_stays_where_it_exists():
    r = resolve_organization(["องค์การบริหารส่วนตำบลนาม่วง อำเภอประจักษ์ศิลปาคม จังหวัดอุดรธานี"])
    assert r.organization.subdistrict == "นาม่วง"
    assert r.organization.geocode == "412501"
    assert r.fixes == ()


def test_abbreviations_and_short_forms():
    r = resolve_organization(["อบต.นาม่วง อ.ประจักษ์ศิลปาคม จ.อุดรธานี"])
    assert r.organization.name == "องค์การบริหารส่วนตำบลนาม่วง"
    assert r.organization.province == "อุดรธานี"


def test_unknown_place_is_left_null():
    r = resolve_organization(["เทศบาลตำบลไม่มีจริงเลย จังหวัดไม่มี"])
    assert r.organization.geocode is None
    assert r.organization.province is None


def test_every_district_and_subdistrict_comes_from_geothais_public_api():
    """normalize.gazetteer composes "all districts" from geothai's public calls; this pins
    that the composition loses nothing geothai's own (private) full lists hold."""
    import geothai

    from normalize.gazetteer import all_districts, all_subdistricts

    assert all_districts() == tuple(geothai._districts())
    assert all_subdistricts() == tuple(geothai._subdistricts())
    assert len({d.code for d in all_districts()}) == len(all_districts())
