"""Evaluation against labelled corpora (Reuters-21578 in ``../shared``), by path only."""
