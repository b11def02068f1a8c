"""Diacritics-insensitive search and crop-name normalisation."""

import pytest

from fruitmap.crops import normalise_crop
from fruitmap.text import fold, matches


@pytest.mark.parametrize("text, folded", [
    ("Mộc Châu", "moc chau"), ("ĐƯỜNG  Sông Mã", "duong song ma"), (None, ""), ("Yên_Châu", "yen chau"),
])
def test_fold(text, folded):
    assert fold(text) == folded


def test_search_ignores_accents_and_case():
    assert matches("moc chau", "Huyện Mộc Châu")
    assert matches("MỘC", "moc chau")
    assert matches("", "anything")
    assert not matches("song ma", "Mộc Châu")


@pytest.mark.parametrize("name, key", [
    ("Nhãn", "longan"), ("nhan", "longan"), ("Xoài", "mango"), ("mận", "plum"), ("Na", "custard_apple"),
    ("Cam", "orange"), ("bưởi", "pomelo"), ("Chanh leo", "passion_fruit"), ("dứa", "pineapple"),
    ("Bơ", "avocado"), ("custard_apple", "custard_apple"), ("Passion fruit", "passion_fruit"),
    ("Cây nhãn", "longan"),
])
def test_crop_names(name, key):
    assert normalise_crop(name) == key


def test_unknown_crop():
    assert normalise_crop("sầu riêng xyz") is None
    assert normalise_crop("") is None
