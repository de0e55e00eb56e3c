"""One object holding every repository over one database."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine

from storage.database import Transactions, create_engine, sessionmaker, unit_engines
from storage.deliveries import SqlAlchemyDeliveryRepository
from storage.events import SqlAlchemyEventRepository
from storage.inbox import SqlAlchemyInbox
from storage.knowledge import SqlAlchemyKnowledgeRepository
from storage.links import SqlAlchemyLinkRepository
from storage.mail import SqlAlchemyMailRepository
from storage.messages import SqlAlchemyMessageLog
from storage.notes import SqlAlchemyNoteRepository
from storage.overview import SqlAlchemyOverview
from storage.personal import SqlAlchemyPersonalData
from storage.phrases import SqlAlchemyPhraseRepository
from storage.reminders import SqlAlchemyReminderRepository
from storage.rsvps import SqlAlchemyRsvpRepository
from storage.search import SqlAlchemySearch
from storage.tasks import SqlAlchemyTaskRepository
from storage.users import SqlAlchemyUserRepository
from storage.voice import SqlAlchemyVoiceRepository
from storage.web import SqlAlchemyWebAccess


class SqlAlchemyStore:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        sessions = sessionmaker(engine)
        self._transactions = Transactions(sessions, unit_engines(engine))
        transactions = self._transactions
        self.users = SqlAlchemyUserRepository(sessions, transactions)
        self.tasks = SqlAlchemyTaskRepository(sessions, transactions)
        self.notes = SqlAlchemyNoteRepository(sessions, transactions)
        self.reminders = SqlAlchemyReminderRepository(sessions, transactions)
        self.events = SqlAlchemyEventRepository(sessions, transactions)
        self.deliveries = SqlAlchemyDeliveryRepository(sessions, transactions)
        self.messages = SqlAlchemyMessageLog(sessions, transactions)
        self.phrases = SqlAlchemyPhraseRepository(sessions)
        self.voice = SqlAlchemyVoiceRepository(sessions, transactions)
        self.mail = SqlAlchemyMailRepository(sessions)
        self.knowledge = SqlAlchemyKnowledgeRepository(sessions)
        self.rsvps = SqlAlchemyRsvpRepository(sessions)
        self.links = SqlAlchemyLinkRepository(sessions)
        self.inbox = SqlAlchemyInbox(sessions, transactions)
        self.search = SqlAlchemySearch(sessions)
        self.personal = SqlAlchemyPersonalData(sessions, self.messages)
        self.web = SqlAlchemyWebAccess(sessions)
        self.overview = SqlAlchemyOverview(sessions)

    @classmethod
    def from_url(cls, url: str) -> SqlAlchemyStore:
        return cls(create_engine(url))

    async def close(self) -> None:
        await self.messages.close()
        await self.engine.dispose()
        self._transactions.dispose()
