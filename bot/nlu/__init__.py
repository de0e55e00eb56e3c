"""Understanding a free-text message: one frame of domain, action and slots.

`read` is the only place that looks at a message's words; handlers act on the frame it returns
and resolve its item reference against the speaker's own items.
"""

from bot.nlu.frame import Action, Domain, Frame, Ref, Slots
from bot.nlu.reader import read

__all__ = ["Action", "Domain", "Frame", "Ref", "Slots", "read"]
