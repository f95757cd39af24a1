"""Human names for the record's coded values, shared by pages and exports."""

from __future__ import annotations

KIND_NAMES = {
    "proposal": "Proposal",
    "commitment": "Commitment",
    "call-to-action": "Call to action",
    "assessment": "Assessment",
    "announcement": "Announcement",
    "principle": "Principle",
}

KIND_MEANINGS = {
    "proposal": "a concrete step put forward for others or for all to take",
    "commitment": "what the speaker's side says it will do",
    "call-to-action": "what others are urged or called on to do",
    "assessment": "a reading of the situation",
    "announcement": "news of something launched, proposed or submitted",
    "principle": "a stated value or rule of conduct",
}

ATTRIBUTION_NAMES = {
    "direct-quote": "Direct quotation",
    "reported-speech": "Reported speech",
    "authors-view": "The author's own view",
}

SOURCE_KIND_NAMES = {
    "op-ed": "Opinion piece",
    "news-report": "News report",
    "speech-transcript": "Speech transcript",
    "declaration": "Declaration",
    "statement": "Statement",
    "analysis": "Analysis",
}

LANGUAGE_NAMES = {"en": "English", "zh": "Chinese", "ko": "Korean", "ja": "Japanese"}

ACTOR_KIND_NAMES = {"person": "Person", "economy": "Economy", "organisation": "Organisation"}


def kind_name(kind: str) -> str:
    return KIND_NAMES.get(kind, kind)


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)
