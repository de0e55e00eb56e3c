"""User-facing strings shared across handlers, kept in one place."""

INTERNAL_ERROR = (
    "Sorry, something went wrong on my side (error {error_id}). Nothing was changed; "
    "please try again."
)
EMPTY_MESSAGE = "I got an empty message. Send /help to see what I can do."
TOO_LONG = (
    "That message is too long ({length:,} characters; I read up to {limit:,}). "
    "Please send it in smaller parts."
)
FLOODED = (
    "You're sending messages faster than I can answer ({limit} a minute). I'll skip the "
    "next ones until a minute has passed; then write again."
)
UNKNOWN_COMMAND = "I don't know the command /{name}. Send /help to see what I can do."
# What the message log keeps of a reply that carried a token or a sign-in link.
SECRET_WITHHELD = "[a secret was shown here]"
FORGED_BUTTON = "That button isn't valid for you (it may be old or someone else's)."
UNSURE = "I'm not sure what you mean. Is it about…"
UNSURE_NO_GUESS = (
    "I'm not sure what you mean, so I changed nothing. To act on an item, give its number "
    "(“done 2”, “move reminder 1 to 10am”); to add one, start with “remind me”, “add task”, "
    "“note” or “add event”. /help has more."
)
CLARIFY_LOST = "Sorry, I lost track of that message. Please send it again."
NO_SUCH = "You have no {kind} number {number}. Send {listing} to see them."
NO_REPEAT_TO_COME = "That repeat never comes round. Please check the dates and send it again."
NEED_NUMBER = "Which one? Give its number, like: {example}"
EDIT_LOST = "That choice has expired, and nothing was changed. Please send the /edit again."
FIND_WHAT = "What should I look for? For example: /find passport"
INTENT_LABELS = {
    "reminders": "A reminder",
    "tasks": "A task",
    "notes": "A note",
    "events": "An event",
    "time": "The time",
    "smalltalk": "Just chatting",
    "help": "Help",
    "question": "A question",
}
