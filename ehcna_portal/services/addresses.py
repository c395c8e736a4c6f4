"""Find addresses by postcode: the council's own gazetteer, or Ordnance Survey's Places API.

Whatever happens — no such postcode, no match, the provider down or slow —
the answer leaves the parent a way forward: enter the address by hand.
"""

from __future__ import annotations

import csv
import json
import logging
import urllib.parse
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Protocol

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from ehcna_portal.models import GazetteerAddress
from ehcna_portal.services.validation import normalise_postcode
from ehcna_portal.settings import Settings

log = logging.getLogger(__name__)

OS_PLACES_TIMEOUT_SECONDS = 4
SAMPLE_ADDRESSES = Path(__file__).parent / "data" / "sample-addresses.csv"
CSV_COLUMNS = ("UPRN", "ADDRESS_LINE_1", "ADDRESS_LINE_2", "TOWN", "POSTCODE")


@dataclass(frozen=True)
class Address:
    uprn: str
    line_1: str
    line_2: str
    town: str
    postcode: str

    @property
    def label(self) -> str:
        return ", ".join(part for part in (self.line_1, self.line_2, self.town, self.postcode) if part)


class AddressLookupError(Exception):
    """The provider could not answer (down, slow, refused): enter the address by hand."""


class AddressProvider(Protocol):
    def find(self, postcode: str) -> list[Address]:
        """Every address at a normalised postcode; raises AddressLookupError if it cannot tell."""
        ...


class GazetteerProvider:
    """The council's own address list, loaded with ``ehcna-portal import-addresses``."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def find(self, postcode: str) -> list[Address]:
        with Session(self._engine) as db:
            rows = db.exec(select(GazetteerAddress).where(GazetteerAddress.postcode == postcode)
                           .order_by(GazetteerAddress.line_1)).all()
        return sorted((Address(r.uprn, r.line_1, r.line_2, r.town, r.postcode) for r in rows),
                      key=lambda address: _natural(address.line_1))


def _natural(text: str) -> tuple:
    """"2 High Street" before "10 High Street"."""
    number, _, rest = text.partition(" ")
    return (int(number), rest) if number.isdigit() else (10**9, text)


class OsPlacesProvider:
    """Ordnance Survey Places API, postcode search (needs EHCNA_OS_PLACES_API_KEY)."""

    def __init__(self, api_key: str, base_url: str, timeout: float = OS_PLACES_TIMEOUT_SECONDS) -> None:
        self._api_key = api_key
        self._base_url = base_url.rstrip("/")
        self._timeout = timeout

    def find(self, postcode: str) -> list[Address]:
        query = urllib.parse.urlencode({"postcode": postcode, "key": self._api_key, "output_srs": "WGS84"})
        request = urllib.request.Request(f"{self._base_url}/postcode?{query}",  # noqa: S310 - https URL from settings
                                         headers={"Accept": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=self._timeout) as response:  # noqa: S310  # nosec B310 # settings allow only an http(s) EHCNA_OS_PLACES_URL
                body = json.load(response)
        except (OSError, ValueError) as error:
            # an HTTP 400 for an unknown postcode is a "no match", anything else means "cannot tell"
            if getattr(error, "code", None) == 400:
                return []
            log.warning("OS Places lookup failed: %s", type(error).__name__)
            raise AddressLookupError(str(error)) from error
        return [_from_dpa(result["DPA"]) for result in body.get("results", []) if "DPA" in result]


def _from_dpa(dpa: dict) -> Address:
    number_and_street = " ".join(part for part in (dpa.get("BUILDING_NUMBER", ""),
                                                   dpa.get("THOROUGHFARE_NAME", "")) if part)
    first = [dpa.get(name, "") for name in ("SUB_BUILDING_NAME", "BUILDING_NAME", "ORGANISATION_NAME")]
    premises = ", ".join(part for part in first if part)
    line_1 = premises or number_and_street
    line_2 = number_and_street if premises else dpa.get("DEPENDENT_LOCALITY", "")
    return Address(uprn=str(dpa.get("UPRN", "")), line_1=line_1.title(), line_2=line_2.title(),
                   town=dpa.get("POST_TOWN", "").title(), postcode=dpa.get("POSTCODE", ""))


class LookupStatus(StrEnum):
    FOUND = "found"
    NONE = "none"  # a real postcode with no addresses we know
    INVALID = "invalid"  # not a UK postcode
    UNAVAILABLE = "unavailable"  # the provider could not answer


@dataclass(frozen=True)
class Lookup:
    status: LookupStatus
    postcode: str
    addresses: tuple[Address, ...] = ()


def provider_for(settings: Settings, engine: Engine) -> AddressProvider:
    if settings.os_places_api_key:
        return OsPlacesProvider(settings.os_places_api_key, settings.os_places_url)
    return GazetteerProvider(engine)


def lookup(provider: AddressProvider, postcode: str) -> Lookup:
    normalised = normalise_postcode(postcode)
    if not normalised:
        return Lookup(LookupStatus.INVALID, postcode)
    try:
        found = provider.find(normalised)
    except AddressLookupError:
        return Lookup(LookupStatus.UNAVAILABLE, normalised)
    return Lookup(LookupStatus.FOUND if found else LookupStatus.NONE, normalised, tuple(found))


def import_addresses(db: Session, rows: Iterable[dict[str, str]]) -> int:
    """Insert or update gazetteer rows (UPRN, ADDRESS_LINE_1, ADDRESS_LINE_2, TOWN, POSTCODE) in the caller's
    transaction; rows without a UPRN, a first line or a UK postcode are skipped."""
    count = 0
    with db.no_autoflush:
        for row in rows:
            postcode = normalise_postcode(row.get("POSTCODE", ""))
            uprn = (row.get("UPRN") or "").strip()
            if not postcode or not uprn or not row.get("ADDRESS_LINE_1"):
                continue
            address = db.get(GazetteerAddress, uprn) or GazetteerAddress(uprn=uprn, line_1="", town="", postcode="")
            address.line_1 = row["ADDRESS_LINE_1"].strip()[:100]
            address.line_2 = (row.get("ADDRESS_LINE_2") or "").strip()[:100]
            address.town = (row.get("TOWN") or "").strip()[:60]
            address.postcode = postcode
            db.add(address)
            count += 1
    return count


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = [column for column in CSV_COLUMNS if column not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{path.name} has no column {', '.join(missing)}; expected {', '.join(CSV_COLUMNS)}")
        return list(reader)
