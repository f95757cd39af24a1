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
    "proposal": "a step put forward for others or for all that names a specific instrument",
    "commitment": "what the speaker's side, for which the speaker speaks, says it will do",
    "call-to-action": "a step others are urged or advised to take that names no specific instrument",
    "assessment": "a reading of the situation: descriptions, conditions and effects, others' courses",
    "announcement": "news of something named launched, proposed, submitted or held",
    "principle": "a value or rule of conduct to hold, or the role of something in the speaker's scheme",
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
