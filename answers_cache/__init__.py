"""Answers shared between the server's worker processes (see shared_answers.py)."""

from answers_cache.shared_answers import AnswersCache, CacheSettings, answer_key

__all__ = ["AnswersCache", "CacheSettings", "answer_key"]
