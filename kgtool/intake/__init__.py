"""From a policy text or a spreadsheet to a reviewed document file: the extractor, the
spreadsheet templates, and extraction quality on the development corpus.
"""
