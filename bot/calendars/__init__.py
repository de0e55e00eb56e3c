"""Calendar files: reading them into events, and writing events and reminders out."""
