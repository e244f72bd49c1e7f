"""Matching id columns without Python objects: positions of values in a key column via Arrow.

``pd.Index.get_indexer`` on string columns materialises a Python ``str`` per row (hundreds of MB
on ten million flows); ``pyarrow.compute.index_in`` matches the Arrow buffers directly and is
about 2.5x faster on the 5,000-body set.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from vendorlock.dtypes import STRING


def arrow_text(values: pd.Series) -> pa.Array:
    """A column as one arrow string array (``astype("string")``'s buffer, skipped when the
    column already is of that dtype)."""
    text = values if values.dtype == STRING else values.astype(STRING)
    arr = pa.array(text.array, type=pa.string())
    return arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr


def positions(values: pd.Series, keys: pd.Series) -> npt.NDArray[np.int64]:
    """Position in ``keys`` of each value (first match), -1 when absent or missing."""
    if len(values) == 0:
        return np.zeros(0, dtype=np.int64)
    return positions_of(arrow_text(values), keys)


def positions_of(values: pa.Array, keys: pd.Series) -> npt.NDArray[np.int64]:
    """:func:`positions` of arrow strings (e.g. several columns concatenated, looked up
    against one hash table of ``keys``)."""
    found = pc.index_in(values, value_set=arrow_text(keys))
    return np.asarray(found.fill_null(-1).to_numpy(zero_copy_only=False), dtype=np.int64)
