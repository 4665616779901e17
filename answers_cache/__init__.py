"""Answers shared between the server's worker processes (see shared_answers.py)."""

from answers_cache.shared_answers import ANSWERS_EXTENSION, AnswersCache, CacheSettings, answer_key

__all__ = ["ANSWERS_EXTENSION", "AnswersCache", "CacheSettings", "answer_key"]
