"""Typed results of the ranker, shared by the CLI, the API and the web page.

Sentences are language-free :class:`~matcher.i18n.Message` values (``message``, not part of
the JSON); the JSON's ``text`` is rendered on the way out in the reader's language
(:mod:`matcher.i18n.context`), so an answer can be cached once for every language.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, InstanceOf, computed_field
from pydantic.json_schema import SkipJsonSchema

from matcher.i18n import Message, render
from matcher.i18n.context import reader_language

MessageField = Annotated[
    SkipJsonSchema[InstanceOf[Message] | None],
    Field(default=None, exclude=True, repr=False),
]
DEPRECATED_TEXT = (
    "Deprecated (removed in the next release): use `text` with `?lang=` or `Accept-Language`."
)


class Sentence(BaseModel):
    """A result with a sentence: ``message`` in, ``text`` (and the deprecated per-language
    aliases) out."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    message: MessageField

    def render(self, lang: str) -> str:
        """The sentence in ``lang`` ("" when there is none)."""
        return render(self.message, lang) if self.message is not None else ""

    @computed_field(description="The sentence in the language of the request")  # type: ignore[prop-decorator]
    @property
    def text(self) -> str:
        return self.render(reader_language())

    @computed_field(description=f"The sentence in English. {DEPRECATED_TEXT}", deprecated=True)  # type: ignore[prop-decorator]
    @property
    def text_en(self) -> str:
        return self.render("en")

    @computed_field(description=f"The sentence in Polish. {DEPRECATED_TEXT}", deprecated=True)  # type: ignore[prop-decorator]
    @property
    def text_pl(self) -> str:
        return self.render("pl")


class Reason(Sentence):
    """One factor's share of a suggestion's score, with the figures behind it."""

    factor: str = Field(description="Factor key, e.g. 'text', 'population', 'networks'")
    contribution: float = Field(description="Points this factor adds to the score")
    evidence: dict[str, float | int | str | list[str]] = Field(
        default_factory=dict, description="The figures behind the sentence (language-free)"
    )


class TownRef(BaseModel):
    id: str
    name: str
    country_code: str
    latitude: float | None = None
    longitude: float | None = None
    population: int | None = None


def town_ref(town: object) -> TownRef:
    """The reference of a town record (any object with the TownRef fields, e.g. a Town row)."""
    return TownRef.model_validate(town, from_attributes=True)


class Suggestion(TownRef):
    """A ranked candidate partner; ``score`` equals the sum of the reasons' contributions."""

    rank: int
    score: float
    reasons: list[Reason]


class SuggestionQuery(BaseModel):
    """What a user asks for; every filter is optional."""

    town_id: str | None = None
    query: str | None = Field(default=None, description="Free text in any supported language")
    target_countries: list[str] = Field(default_factory=list)
    themes: list[str] = Field(default_factory=list)
    min_population: int | None = Field(default=None, ge=0)
    max_population: int | None = Field(default=None, ge=0)
    max_distance_km: float | None = Field(default=None, gt=0)
    include_same_country: bool = False
    include_partners: bool = False
    limit: int = Field(default=10, ge=1, le=200)


class Understood(Sentence):
    """One fact recognised in the free-text query, and whether it filtered the results."""

    kind: str = Field(description="'country', 'size', 'coastal' or 'spa'")
    phrase: str = Field(description="The words of the query that said it")
    value: str = Field(description="ISO country code, 'min-max' inhabitants, or 'true'")
    applied: bool = Field(
        default=True, description="False when an explicit filter of the same kind overrode it"
    )


class TownSuggestions(BaseModel):
    town: TownRef | None
    query: str | None = None
    suggestions: list[Suggestion]
    understood: list[Understood] = Field(
        default_factory=list, description="What the free-text query was understood to ask for"
    )
