"""The application ids of a records file, batch by batch: which are blank (known at once) and
which repeat an earlier one (known once all are read).

Memory per id is its text (kept for the report) and a 64-bit hash. Equal hashes only make
rows candidates: their texts decide, so a hash collision never makes a repeat. Hashing is
NumPy over the string buffers (no Python object per id): the first 64 bytes of an id, read
as 64-bit words, and its length.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

# The ids of a file, all kept (and those that may repeat copied once more, to compare them):
# 26 bytes each for 2,5 million rows.
MAX_ID_BYTES = 64 * 1024 * 1024
# An empty string array, made without pyarrow.compute (which comes with pandas).
_NO_TEXTS = pa.Array.from_buffers(
    pa.string(), 0, [None, pa.py_buffer(np.zeros(1, dtype="int32")), pa.py_buffer(b"")]
)
_HASHED_BYTES = 64  # longer ids differ in their length or first bytes, else their texts decide
_PRIME = np.uint64(0x100000001B3)  # FNV's 64-bit prime: odd, so every step is a bijection
_ALL_BITS = np.uint64(2**64 - 1)
# Bytes that may start or end a space to strip: ASCII whitespace, and any non-ASCII byte (a
# multi-byte character, perhaps a no-break space). Other ids are already stripped.
_EDGE_BYTES = np.array([b >= 0x80 or chr(b).isspace() for b in range(256)])


@dataclass(frozen=True)
class Repeats:
    """Rows (0-based, ascending) whose id appeared on an earlier row, with that first row,
    and the ids of the first of them (those a report lists)."""

    rows: np.ndarray
    first: np.ndarray
    texts: pa.Array  # the ids of ``rows[:len(texts)]``

    def text(self, k: int) -> str:
        """The id of ``rows[k]`` (``k`` below ``len(texts)``)."""
        return str(self.texts[k].as_py())


@dataclass
class IdIndex:
    """Every id of a file, stripped, in order; blanks per batch, repeats at the end."""

    _chunks: list[pa.Array] = field(default_factory=list)
    _hashes: list[np.ndarray] = field(default_factory=list)
    _bytes: int = 0

    def add(self, ids: pa.ChunkedArray) -> np.ndarray:
        """Take in a batch's ids; returns a mask of the blank ones (nothing but spaces).

        Raises ``ValueError`` in Italian when the ids of the file exceed ``MAX_ID_BYTES``.
        """
        blank = []
        for chunk in map(_stripped, ids.chunks):
            offsets = _offsets(chunk)
            self._bytes += int(offsets[-1] - offsets[0])
            if self._bytes > MAX_ID_BYTES:
                raise ValueError(
                    f"i codici delle domande superano in tutto {MAX_ID_BYTES // (1024 * 1024)} "
                    "MB, il massimo ammesso"
                )
            hashes, lengths = _hashes(chunk)
            self._chunks.append(chunk)
            self._hashes.append(hashes)
            blank.append(lengths == 0)
        return np.concatenate(blank) if blank else np.zeros(0, dtype=bool)

    def repeats(self, listed: int) -> Repeats:
        """The rows whose (non-blank) id appeared on an earlier row; the ids of the first
        ``listed`` of them."""
        rows = self._candidates()
        if not len(rows):
            return Repeats(rows, rows, _NO_TEXTS)
        texts = pa.chunked_array(self._chunks, pa.string()).take(_indices(rows)).combine_chunks()
        encoded = texts.dictionary_encode()  # candidates numbered by first appearance
        number = integers(encoded.indices)
        new = np.empty(len(number), dtype=bool)
        new[0], new[1:] = True, number[1:] > np.maximum.accumulate(number)[:-1]
        firsts = rows[new]  # the first row of each id, by number
        new |= _lengths(texts) == 0  # blank ids repeat nothing
        at = np.flatnonzero(~new).astype("int32")
        return Repeats(rows[at], firsts[number[at]], texts.take(_indices(at[:listed])))

    def _candidates(self) -> np.ndarray:
        """Rows whose hash another row shares (ascending, int32: a file has far fewer than
        2^31 rows): one sorted copy of the hashes, then each batch's hashes looked up among
        the shared ones."""
        ranked = np.concatenate(self._hashes) if self._hashes else np.zeros(0, dtype="uint64")
        ranked.sort()
        shared = ranked[1:][ranked[1:] == ranked[:-1]]  # sorted (repeats do no harm)
        del ranked
        if not len(shared):
            return np.zeros(0, dtype="int32")
        found, start = [], 0
        for hashes in self._hashes:
            position = np.minimum(np.searchsorted(shared, hashes), len(shared) - 1)
            found.append((np.flatnonzero(shared[position] == hashes) + start).astype("int32"))
            start += len(hashes)
        return np.concatenate(found)


def _indices(positions: np.ndarray) -> pa.Array:
    """int32 positions as an Arrow array (``pa.array`` would import pandas to look)."""
    return pa.Array.from_buffers(pa.int32(), len(positions), [None, pa.py_buffer(positions)])


def _stripped(ids: pa.Array) -> pa.Array:
    """The ids without surrounding spaces (Unicode's, as ``str.strip``). pyarrow.compute,
    40 ms to import, only when some id's first or last byte may be part of a space."""
    offsets = _offsets(ids)
    lengths = np.diff(offsets)
    buffer = ids.buffers()[2]
    if buffer is None or not lengths.any():
        return ids
    data = np.frombuffer(buffer, dtype="uint8")
    filled = lengths > 0
    edges = np.concatenate((data[offsets[:-1][filled]], data[offsets[1:][filled] - 1]))
    if not _EDGE_BYTES[edges].any():
        return ids
    import pyarrow.compute as pc  # start-up time: see above

    return pc.utf8_trim_whitespace(ids)


def integers(array: pa.Array) -> np.ndarray:
    """The values of an integer array without nulls, as a NumPy view of its buffer
    (``Array.to_numpy`` would import pandas, a fifth of a second, for nothing)."""
    dtype = np.dtype(f"int{array.type.bit_width}")
    return np.frombuffer(
        array.buffers()[1], dtype=dtype, count=len(array), offset=array.offset * dtype.itemsize
    )


def _offsets(strings: pa.Array) -> np.ndarray:
    return np.frombuffer(
        strings.buffers()[1], dtype="int32", count=len(strings) + 1, offset=strings.offset * 4
    )


def _lengths(strings: pa.Array) -> np.ndarray:
    return np.diff(_offsets(strings))


def _hashes(strings: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """A 64-bit hash and the length in bytes of each string of a (string) array.

    The bytes are read as unaligned little-endian 64-bit words, a word per step for every
    string at once, the bytes past a string's end masked off.
    """
    offsets = _offsets(strings)
    lengths = np.diff(offsets)
    buffer = strings.buffers()[2]
    stored = np.frombuffer(buffer, dtype="uint8") if buffer is not None else np.zeros(0, "uint8")
    data = np.zeros(offsets[-1] - offsets[0] + 8, dtype="uint8")  # 8 spare bytes: last word
    data[:-8] = stored[offsets[0] : offsets[-1]]
    words = np.ndarray((len(data) - 7,), dtype="<u8", buffer=data, strides=(1,))
    starts = offsets[:-1] - offsets[0]
    hashes = lengths.astype("uint64")
    for at in range(0, min(int(lengths.max(initial=0)), _HASHED_BYTES), 8):
        left = np.clip(lengths - at, 0, 8).astype("uint64")
        mask = np.where(
            left == 8, _ALL_BITS, (np.uint64(1) << (left * np.uint64(8))) - np.uint64(1)
        )
        hashes = hashes * _PRIME + (words[np.minimum(starts + at, len(words) - 1)] & mask)
    return hashes, lengths
