"""Attendance shares and certificates, without a database."""

from __future__ import annotations

import pytest

from courses.attendance import earns_certificate, share


def test_it_gives_a_certificate_at_exactly_eighty_percent():
    assert earns_certificate(share(4, 5), 80)
    assert not earns_certificate(share(3, 5), 80)
    assert share(4, 5).percent == 80.0


def test_it_gives_no_certificate_when_nothing_was_planned():
    assert not earns_certificate(share(0, 0), 80)


def test_it_compares_in_whole_numbers_at_awkward_shares():
    # 5 of 6 is 83.3 %; 4 of 6 is 66.7 %
    assert earns_certificate(share(5, 6), 80)
    assert not earns_certificate(share(4, 6), 80)
    assert earns_certificate(share(8, 10), 80)


def test_it_refuses_more_attendances_than_sessions():
    with pytest.raises(ValueError):
        share(6, 5)
