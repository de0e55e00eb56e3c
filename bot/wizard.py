"""`nudge init`: a few questions whose answers become `.env`.

Each token is checked with its platform as it is typed, and a refused one can be typed again.
Nothing is written until the last answer, and then in one step: stopping midway (Ctrl-C, or
piped answers that run out) leaves no `.env` behind.
"""

from __future__ import annotations

import getpass
import os
import re
import secrets
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

from bot.checks import Verdict
from bot.config import LOCAL_DATA, is_source_folder
from bot.envfile import EXPANDED, can_keep, env_text
from bot.private_files import keep_copy, write_private
from bot.zones import find_zone

STOPPED = "Stopped; nothing was written."
RAN_OUT = (
    "The answers ended before the set-up was done; nothing was written "
    "(nudge init reads them from a terminal, or one a line from a pipe)."
)
CHANNELS = {
    "1": "the terminal only",
    "2": "Telegram, polling: one instance, no public address needed",
    "3": "Telegram, webhook: several instances, needs a public HTTPS address",
    "4": "Slack, HTTP mode: needs a public HTTPS address",
    "5": "Slack, Socket Mode: no public address needed",
}
TELEGRAM_TOKEN = re.compile(r"[0-9]+:[A-Za-z0-9_-]+")
SLACK_TOKEN = re.compile(r"xox[a-z]-[A-Za-z0-9-]+")
APP_TOKEN = re.compile(r"xapp-[A-Za-z0-9-]+")
TWILIO_SID = re.compile(r"AC[0-9a-fA-F]{32}")
PHONE_NUMBER = re.compile(r"\+[1-9][0-9]{6,14}")


TokenCheck = Callable[[str], Verdict]


@dataclass(frozen=True)
class TokenChecks:
    telegram: TokenCheck
    slack: TokenCheck


class Prompter(Protocol):
    def ask(self, question: str, *, secret: bool = False) -> str:
        """The answer, stripped; EOFError when there are no more, KeyboardInterrupt on Ctrl-C."""

    def say(self, text: str = "") -> None: ...


class TerminalPrompter:
    """Questions on stdout; answers typed (tokens unseen), or read one a line from a pipe."""

    def ask(self, question: str, *, secret: bool = False) -> str:
        if sys.stdin.isatty():
            return (getpass.getpass(question) if secret else input(question)).strip()
        print(question, flush=True)
        line = sys.stdin.readline()
        if not line:
            raise EOFError
        return line.strip()

    def say(self, text: str = "") -> None:
        print(text, flush=True)


class SetUp:
    """The questions, in order; `run` writes `.env` in `folder` from the answers."""

    def __init__(
        self,
        folder: Path,
        prompter: Prompter,
        checks: TokenChecks,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self.path = folder / ".env"
        self.folder = folder
        self.io = prompter
        self.checks = checks
        self.environ = os.environ if environ is None else environ
        self.public_url = ""

    def run(self) -> int:
        """0 once `.env` is written; 1 when it is not (refused, or the answers ran out)."""
        try:
            replace = self.path.exists()
            if replace and not self._replace_agreed():
                self.io.say(f"{self.path} is left as it was; nothing was written.")
                return 1
            values = self._answers()
        except KeyboardInterrupt:
            self.io.say()
            self.io.say(STOPPED)
            return 130
        except EOFError:
            self.io.say(RAN_OUT)
            return 1
        return self._write(values, replace=replace)

    def _replace_agreed(self) -> bool:
        return self._yes(
            f"{self.path} exists. Replace it? The current one is kept beside it as .env.bak",
            default=False,
        )

    def _answers(self) -> dict[str, str]:
        self.io.say(
            f"Nudge set-up: the answers go to {self.path}. Enter takes the [default]; "
            "Ctrl-C stops without writing anything."
        )
        chosen = self._channels()
        values: dict[str, str] = {}
        if "2" in chosen or "3" in chosen:
            values |= self._telegram(webhook="3" in chosen)
        if "4" in chosen or "5" in chosen:
            values |= self._slack(socket_mode="5" in chosen)
        if self._yes("Phone calls for urgent alerts nobody answers, through Twilio?", False):
            values |= self._twilio()
        if self.public_url:
            values["PUBLIC_BASE_URL"] = self.public_url
        core = {"BOT_TIMEZONE": self._zone(), "DATA_DIR": self._data_folder()}
        return core | values

    def _channels(self) -> set[str]:
        self.io.say("Which channels?")
        for number, text in CHANNELS.items():
            self.io.say(f"  {number}  {text}")
        while True:
            answer = self.io.ask("Numbers, separated by commas [1]: ") or "1"
            chosen = {part for part in re.split(r"[\s,]+", answer) if part}
            problem = _channel_problem(chosen)
            if problem is None:
                return chosen
            self.io.say(problem)

    def _telegram(self, *, webhook: bool) -> dict[str, str]:
        token = self._token(
            "Telegram bot token, from @BotFather: ",
            "Telegram",
            TELEGRAM_TOKEN,
            "That does not look like a token from @BotFather (digits, a colon, then letters).",
            self.checks.telegram,
        )
        values = {"TELEGRAM_BOT_TOKEN": token}
        if webhook:
            values["TELEGRAM_WEBHOOK_URL"] = f"{self._public_url()}/telegram/webhook"
            # Telegram sends it with every update; only letters, digits, _ and - are allowed.
            values["TELEGRAM_WEBHOOK_SECRET"] = secrets.token_urlsafe(32)
        return values

    def _slack(self, *, socket_mode: bool) -> dict[str, str]:
        token = self._token(
            "Slack bot token (xoxb-…), from your app's OAuth & Permissions page: ",
            "Slack",
            SLACK_TOKEN,
            "That does not look like a Slack bot token; it starts with xoxb-.",
            self.checks.slack,
        )
        values = {"SLACK_BOT_TOKEN": token}
        if socket_mode:
            values["SLACK_APP_TOKEN"] = self._shaped(
                "Slack app-level token (xapp-…), from your app's Basic Information page: ",
                APP_TOKEN,
                "That does not look like an app-level token; it starts with xapp-.",
            )
        else:
            values["SLACK_SIGNING_SECRET"] = self._required(
                "Slack signing secret, from your app's Basic Information page: ", secret=True
            )
            self._public_url()
        return values

    def _twilio(self) -> dict[str, str]:
        return {
            "TWILIO_ACCOUNT_SID": self._shaped(
                "Twilio account SID (AC…): ",
                TWILIO_SID,
                "An account SID is AC followed by 32 hexadecimal digits.",
            ),
            "TWILIO_AUTH_TOKEN": self._required("Twilio auth token: ", secret=True),
            "TWILIO_FROM_NUMBER": self._shaped(
                "Number to call from, like +15017122661: ",
                PHONE_NUMBER,
                "Write the number with + and the country code, digits only.",
            ),
            # Twilio's webhooks report back to this server.
            "PUBLIC_BASE_URL": self._public_url(),
        }

    def _public_url(self) -> str:
        """The server's public HTTPS address, asked once for everything that needs it."""
        while not self.public_url:
            answer = self._required(
                "Public HTTPS address of this server, like https://bot.example.org: "
            ).rstrip("/")
            parts = urlsplit(answer)
            if parts.scheme == "https" and parts.netloc and not parts.query:
                self.public_url = answer
            else:
                self.io.say("It must be an https:// address (the platforms call only those).")
        return self.public_url

    def _token(
        self,
        question: str,
        platform: str,
        shape: re.Pattern[str],
        wrong_shape: str,
        check: TokenCheck,
    ) -> str:
        """A token of the right shape, checked with its platform; a refused one may be retyped."""
        while True:
            token = self._shaped(question, shape, wrong_shape, secret=True)
            self.io.say(f"Checking it with {platform}…")
            verdict = check(token)
            if verdict.problem is None:
                self.io.say(
                    f"{platform} accepts it" + (f": {verdict.name}." if verdict.name else ".")
                )
                return token
            self.io.say(verdict.problem)
            if not verdict.refused:
                self.io.say("Kept without a check; `nudge check` tries again.")
                return token
            if not self._yes("Type it again?", default=True):
                self.io.say("Kept as it is; `nudge check` reports it until it is replaced.")
                return token

    def _zone(self) -> str:
        while True:
            answer = self.io.ask("Time zone for new users, a city or a zone name [UTC]: ")
            zone = find_zone(answer or "UTC")
            if zone is not None:
                if answer and zone != answer:
                    self.io.say(f"That is {zone}.")
                return zone
            self.io.say("I don't know that place; try a city like Madrid or Europe/Madrid.")

    def _data_folder(self) -> str:
        while True:
            answer = self.io.ask(
                f"Data folder for the database, the signing secret and history [{LOCAL_DATA}]: "
            )
            folder = os.path.expanduser(answer) if answer else str(LOCAL_DATA)
            if not can_keep(folder):
                self.io.say(f"A folder name with {EXPANDED} cannot be kept in .env.")
            elif (self.folder / folder).is_file():
                self.io.say(f"{folder} is a file; name a folder.")
            else:
                return folder

    def _shaped(
        self, question: str, shape: re.Pattern[str], wrong_shape: str, *, secret: bool = False
    ) -> str:
        while True:
            answer = self._required(question, secret=secret)
            if shape.fullmatch(answer):
                return answer
            self.io.say(wrong_shape)

    def _required(self, question: str, *, secret: bool = False) -> str:
        while True:
            answer = self.io.ask(question, secret=secret)
            if answer and can_keep(answer):
                return answer
            self.io.say(
                "An answer is needed here (Ctrl-C stops)."
                if not answer
                else f"An answer with {EXPANDED} cannot be kept in .env."
            )

    def _yes(self, question: str, default: bool) -> bool:
        choices = "[Y/n]" if default else "[y/N]"
        while True:
            answer = self.io.ask(f"{question} {choices} ").lower()
            if not answer:
                return default
            if answer in ("y", "yes", "n", "no"):
                return answer.startswith("y")
            self.io.say("Answer y or n.")

    def _write(self, values: dict[str, str], *, replace: bool) -> int:
        text = env_text(
            values, ["Nudge's settings, written by nudge init; .env.example explains each one."]
        ).encode()
        kept = keep_copy(self.path) if replace else None
        if not write_private(self.path, text, replace=replace):
            self.io.say(f"{self.path} appeared meanwhile and is left as it was; nothing written.")
            return 1
        self.io.say(f"Wrote {self.path} (only you can read it).")
        if kept is not None:
            self.io.say(f"The one it replaces is kept as {kept}.")
        for line in self._notes(values):
            self.io.say(line)
        command = "make run" if is_source_folder(self.folder) else "nudge run"
        self.io.say(f"Next: {command}")
        return 0

    def _notes(self, values: Mapping[str, str]) -> list[str]:
        notes = []
        if "SLACK_SIGNING_SECRET" in values:
            notes.append(
                f"In your Slack app, the request URL of events, interactivity and slash commands "
                f"is {self.public_url}/slack/events."
            )
        if self.public_url:
            notes.append(
                "The HTTP server listens on 127.0.0.1:8080: put it behind your HTTPS proxy, or "
                "set HTTP_HOST and HTTP_PORT."
            )
        shadowed = [name for name in values if self.environ.get(name, values[name]) != values[name]]
        if shadowed:
            notes.append(f"Set in this environment as well, where it wins: {', '.join(shadowed)}.")
        return notes


def _channel_problem(chosen: set[str]) -> str | None:
    unknown = sorted(chosen - set(CHANNELS))
    if unknown:
        return f"Pick among 1 to {len(CHANNELS)}; {', '.join(unknown)} is not one of them."
    if "1" in chosen and len(chosen) > 1:
        return "1 is the terminal alone; leave it out to pick platforms."
    if {"2", "3"} <= chosen:
        return "Telegram runs by polling or by webhook, not both: pick 2 or 3."
    if {"4", "5"} <= chosen:
        return "Slack runs in HTTP mode or Socket Mode, not both: pick 4 or 5."
    return None
