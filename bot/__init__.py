"""Nudge: an assistant for reminders, tasks, notes, events and answers, in any chat."""
