"""The API's OpenAPI description, served at `/api/openapi.json` and shown at `/api/docs`."""

from __future__ import annotations

from typing import Any

_ERROR = {"$ref": "#/components/schemas/Error"}
_REPLIES = {
    "description": "What the bot answered: usually one message, sometimes none or two.",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Replies"}}},
}


def _errors(*codes: str) -> dict[str, Any]:
    reasons = {
        "400": "The body is not a JSON object with the fields named, or the kind is unknown.",
        "401": "No token, or one that is revoked or unknown.",
        "403": "The button payload was not signed for this person.",
        "413": "The body is over 16 KB.",
        "429": "Over 60 calls a minute with this token; see Retry-After.",
    }
    return {
        code: {
            "description": reasons[code],
            "content": {"application/json": {"schema": _ERROR}},
        }
        for code in codes
    }


def _body(name: str, description: str) -> dict[str, Any]:
    return {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": [name],
                    "properties": {name: {"type": "string", "description": description}},
                }
            }
        },
    }


SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {
        "title": "Nudge API",
        "version": "1",
        "description": "Chat with Nudge from your own programs. Send /token to the bot in any "
        "chat for a personal token and pass it as `Authorization: Bearer TOKEN`.",
    },
    "security": [{"token": []}],
    "paths": {
        "/api/chat": {
            "post": {
                "summary": "Say something to the bot, as in a chat",
                "requestBody": _body("text", "what you would type, e.g. 'remind me at 5 to call'"),
                "responses": {"200": _REPLIES, **_errors("400", "401", "413", "429")},
            }
        },
        "/api/press": {
            "post": {
                "summary": "Press a button of an earlier reply",
                "requestBody": _body("payload", "a button's payload, exactly as received"),
                "responses": {"200": _REPLIES, **_errors("400", "401", "403", "413", "429")},
            }
        },
        "/api/items": {
            "get": {
                "summary": "List your open items of one kind",
                "parameters": [
                    {
                        "name": "kind",
                        "in": "query",
                        "required": True,
                        "schema": {"enum": ["tasks", "reminders", "notes", "events"]},
                    }
                ],
                "responses": {
                    "200": {
                        "description": "Your items, by their per-person numbers.",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "kind": {"type": "string"},
                                        "items": {"type": "array", "items": {"type": "object"}},
                                    },
                                }
                            }
                        },
                    },
                    **_errors("400", "401", "429"),
                },
            }
        },
    },
    "components": {
        "securitySchemes": {"token": {"type": "http", "scheme": "bearer"}},
        "schemas": {
            "Error": {"type": "object", "properties": {"error": {"type": "string"}}},
            "Button": {
                "type": "object",
                "properties": {"label": {"type": "string"}, "payload": {"type": "string"}},
            },
            "Reply": {
                "type": "object",
                "properties": {
                    "id": {"type": "string"},
                    "text": {"type": "string"},
                    "buttons": {"type": "array", "items": {"$ref": "#/components/schemas/Button"}},
                    "edit": {
                        "type": ["string", "null"],
                        "description": "the id of an earlier message this one replaces",
                    },
                },
            },
            "Replies": {
                "type": "object",
                "properties": {
                    "replies": {"type": "array", "items": {"$ref": "#/components/schemas/Reply"}}
                },
            },
        },
    },
}
