"""Answers from a knowledge base: documents, snippets and notes, searched by scope.

Only light modules load at start-up; numpy and the model SDKs load on first use.
"""
