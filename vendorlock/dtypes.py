"""The pandas dtypes the readers and the audit build their columns in, as objects resolved once.

``astype("string")`` or ``dtype="Int64"`` looks the alias up in pandas' extension-dtype registry
on every call: each registered dtype is asked to parse the text and raises in turn (~20 µs a
call; a read and audit of one body make a few hundred such calls). Each constant here is what pandas
resolves its alias to (``pandas_dtype(alias)``), so passing it changes nothing but that cost.
"""

from __future__ import annotations

import numpy as np
from pandas.api.types import pandas_dtype

#: ``"string"``: the nullable text dtype (``<NA>`` for missing).
STRING = pandas_dtype("string")
#: ``"str"``: pandas 3's default text dtype (NaN for missing).
STR = pandas_dtype("str")
#: ``"Int64"``: nullable integers.
INT64 = pandas_dtype("Int64")
#: ``"Float64"``: nullable floats.
FLOAT64 = pandas_dtype("Float64")
#: ``"boolean"``: nullable booleans.
BOOLEAN = pandas_dtype("boolean")
#: ``"float64"``: numpy floats (NaN for missing).
FLOAT = np.dtype("float64")
#: ``"datetime64[s]"``: dates to the second.
SECONDS = np.dtype("datetime64[s]")
