"""What the Telegram adapter itself says, beside the core's replies."""

DEFAULT_TOAST = "Done"
NOT_HERE = "This button doesn't work here."
VOICE_OFF = (
    "Voice notes aren't set up on this bot (no transcription model is configured). "
    "Please type your message instead."
)
VOICE_FAILED = "Sorry, I couldn't transcribe that voice note. Please try again or type it."
VOICE_EMPTY = "I couldn't hear any words in that voice note. Please try again or type it."
DOCUMENTS_LATER = (
    "Thanks! I can't read documents here yet. Once the knowledge base is set up, the files "
    "you send me will be added to it so you can ask questions about them."
)
