"""Reading resources: encoding and dialect detection, and readers per format.

``sniff`` detects encodings and CSV dialects; ``xlsx`` and ``jsonfile`` read spreadsheets, JSON arrays
and GeoJSON into rows; the CSV fast path for validation lives in ``stadtdaten.quality.engine``'s reader
(``csv``) because its shape is dictated by the vectorised engine.
"""

from stadtdaten.core.reading.types import Dialect, EncodingGuess, Rows

__all__ = ["Dialect", "EncodingGuess", "Rows"]
