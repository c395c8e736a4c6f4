"""The local gazetteer: one row per property, in the shape of a council's LLPG / AddressBase extract."""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class GazetteerAddress(SQLModel, table=True):
    __tablename__ = "gazetteer_address"

    uprn: str = Field(primary_key=True, max_length=12)
    line_1: str = Field(max_length=100)
    line_2: str = Field(default="", max_length=100)
    town: str = Field(max_length=60)
    postcode: str = Field(max_length=8, index=True)  # normalised: "CV1 5RR"
