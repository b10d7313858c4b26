"""Helpers shared by the tests, imported explicitly (`from helpers.llm_server import ...`)."""
