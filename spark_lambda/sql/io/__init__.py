"""Reading and writing files: ``spark.read`` sources and ``df.write`` sinks.

``listing`` finds the files a read names and their Hive-style partition values; ``source``
is the scan a ``FileRelation`` holds (schema, splits, pruning, one task per split); the
format readers (``parquet_reader``, ``csv_reader``, ``json_reader``, ``text_reader``) turn
one split into an Arrow table; ``writer`` runs a write job through the engine's output
commit protocol with the encoders of ``write_formats``.
"""
