"""Thin Reflex states: they check who is asking, call a service, and hold only what the page shows.

Every public method of a state can be called by any websocket client, so each
handler checks its own preconditions; durable data lives in the database.
"""
