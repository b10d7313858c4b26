"""Pieces of the Streamlit app (app.py) that do not need Streamlit: loading uploads, LLM settings,
and turning summaries and charts into tables, badges and downloads. Kept apart so tests can call them."""
