"""Compressed text: saveAsTextFile with Hadoop codec class names, textFile of .gz/.bz2."""

from __future__ import annotations

import bz2
import gzip

import pytest

from spark_lambda.errors import ConfigurationError

CODECS = {"org.apache.hadoop.io.compress.GzipCodec": (".gz", gzip.decompress),
          "org.apache.hadoop.io.compress.BZip2Codec": (".bz2", bz2.decompress)}


@pytest.mark.parametrize("codec", sorted(CODECS))
def test_save_compressed_and_read_back(sc, tmp_path, codec):
    ext, decompress = CODECS[codec]
    lines = [f"line {i} ü" for i in range(300)]
    out = tmp_path / "out"
    sc.parallelize(lines, 3).saveAsTextFile(str(out), codec)
    parts = sorted(p.name for p in out.iterdir() if p.name.startswith("part-"))
    assert parts == [f"part-0000{i}{ext}" for i in range(3)]
    text = "".join(decompress((out / p).read_bytes()).decode("utf-8") for p in parts)
    assert text == "".join(line + "\n" for line in lines)
    back = sc.textFile(str(out), 10)
    assert back.getNumPartitions() == 3            # one partition per compressed file
    assert back.collect() == lines


def test_text_file_reads_gz_and_bz2(sc, tmp_path):
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(b"one\ntwo\r\nthree"))
    (tmp_path / "b.txt.bz2").write_bytes(bz2.compress(b"four\n\nfive\n"))
    (tmp_path / "c.txt").write_bytes(b"six\n")
    rdd = sc.textFile(str(tmp_path))
    assert sorted(rdd.collect()) == sorted(["one", "two", "three", "four", "", "five", "six"])


def test_unknown_codec(sc, tmp_path):
    with pytest.raises(ConfigurationError, match="GzipCodec"):
        sc.parallelize([1]).saveAsTextFile(str(tmp_path / "x"), "org.example.Snappy")
