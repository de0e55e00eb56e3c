"""E-mail: a verified address per person, and copies of their alerts and agenda by mail."""
