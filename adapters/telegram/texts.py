"""What the Telegram adapter itself says, beside the core's replies."""

DEFAULT_TOAST = "Done"
NOT_HERE = "This button doesn't work here."
VOICE_OFF = (
    "Voice notes aren't set up on this bot (no transcription model is configured). "
    "Please type your message instead."
)
VOICE_FAILED = "Sorry, I couldn't transcribe that voice note. Please try again or type it."
VOICE_EMPTY = "I couldn't hear any words in that voice note. Please try again or type it."
DOCUMENTS_OFF = "I can't learn from documents on this bot: the knowledge base isn't set up."
DOCUMENT_TOO_BIG = (
    "That file is too big for me: Telegram lets bots download files up to 20 MB. "
    "Please send a smaller one (a PDF without images, or the text as Markdown)."
)
DOCUMENT_FAILED = "Sorry, I couldn't download that file from Telegram. Please try sending it again."
