"""Plain-text helpers shared by the transforms (sentence splitting)."""

from transforms.text.sentences import split_sentences

__all__ = ["split_sentences"]
