"""What to show first: table statistics, candidate questions, and the learned linear ranker.

stats.py measures the table once, candidates.py turns roles and statistics into many questions,
features.py describes any chart (offline, LLM or expert) by the same numbers, ranker.py scores them
with weights learned by learn.py, match.py says when a chart is the one an expert drew.
"""
