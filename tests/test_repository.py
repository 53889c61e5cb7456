"""Repository conventions of the field: publiccode.yml (standard 0.4) and the changelog."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

import porreport

ROOT = Path(__file__).resolve().parents[1]
# controlled vocabularies of the standard (publiccode.yml 0.4, schema.core)
PLATFORMS = {"web", "windows", "mac", "linux", "ios", "android"}
DEVELOPMENT_STATUS = {"concept", "development", "beta", "stable", "obsolete"}
SOFTWARE_TYPES = {
    "standalone/mobile",
    "standalone/iot",
    "standalone/desktop",
    "standalone/web",
    "standalone/backend",
    "standalone/other",
    "addon",
    "library",
    "configurationFiles",
}
MAINTENANCE_TYPES = {"internal", "contract", "community", "none"}
CATEGORIES_USED = {  # a subset of the standard's categories list
    "data-visualization",
    "financial-reporting",
    "document-management",
    "grant-management",
    "data-analytics",
    "business-intelligence",
}
SCOPES_USED = {"local-authorities", "employment", "finance-and-economic-development", "welfare"}
BCP47 = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


@pytest.fixture(scope="module")
def publiccode() -> dict[str, Any]:
    data = yaml.safe_load((ROOT / "publiccode.yml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_mandatory_keys(publiccode: dict[str, Any]) -> None:
    for key in (
        "publiccodeYmlVersion",
        "name",
        "url",
        "platforms",
        "developmentStatus",
        "softwareType",
        "description",
        "legal",
        "maintenance",
        "localisation",
    ):
        assert key in publiccode, key
    assert publiccode["publiccodeYmlVersion"] in {"0.4", "0.5"}
    assert publiccode["name"] == "porreport"
    assert re.fullmatch(r"https://[\w.-]+/[\w./-]+", publiccode["url"])


def test_enumerated_values(publiccode: dict[str, Any]) -> None:
    assert set(publiccode["platforms"]) <= PLATFORMS
    assert publiccode["developmentStatus"] in DEVELOPMENT_STATUS
    assert publiccode["softwareType"] in SOFTWARE_TYPES
    assert set(publiccode["categories"]) <= CATEGORIES_USED
    assert set(publiccode["intendedAudience"]["scope"]) <= SCOPES_USED
    maintenance = publiccode["maintenance"]
    assert maintenance["type"] in MAINTENANCE_TYPES
    if maintenance["type"] in {"internal", "community"}:
        assert all(c["name"].strip() for c in maintenance["contacts"])
    if maintenance["type"] == "contract":
        assert all(c["name"] and c["until"] for c in maintenance["contractors"])


@pytest.mark.parametrize("lang", ["it", "en"])
def test_description_in_italian_and_english(publiccode: dict[str, Any], lang: str) -> None:
    text = publiccode["description"][lang]
    assert 0 < len(text["shortDescription"]) <= 150
    assert 150 <= len(text["longDescription"]) <= 10_000
    assert len(text["features"]) >= 5 and all(f.strip() for f in text["features"])


def test_legal_version_and_languages(publiccode: dict[str, Any]) -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert publiccode["legal"]["license"] == project["license"]  # an SPDX identifier
    assert publiccode["softwareVersion"] == porreport.__version__ == project["version"]
    assert dt.date.fromisoformat(publiccode["releaseDate"])
    localisation = publiccode["localisation"]
    assert isinstance(localisation["localisationReady"], bool)
    assert localisation["availableLanguages"] and all(
        BCP47.match(tag) for tag in localisation["availableLanguages"]
    )


def test_changelog_has_the_current_version(publiccode: dict[str, Any]) -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    heading = f"## [{porreport.__version__}] - {publiccode['releaseDate']}"
    assert heading in changelog.splitlines()
