"""The Arrow block writer: blocks written as their pieces come, through memory or a local
file, read back whole and verified; out-of-order input fails before anything is put."""

from __future__ import annotations

import os

import pyarrow as pa
import pytest

from spark_lambda.serializers import unseal
from spark_lambda.shuffle import ShuffleDependency
from spark_lambda.shuffle.arrow_blocks import decode_stream, output_memory, schema_of, \
    write_arrow_output
from spark_lambda.shuffle.partitioner import HashPartitioner
from spark_lambda.taskcontext import TaskContext
from spark_lambda.wire import Task

SECRET = b"s" * 32


def _task_context(tmp_path, memory: int):
    local = tmp_path / "local"
    local.mkdir()
    task = Task(app_id="app", work_url="file://" + str(tmp_path / "work"), secret=SECRET.hex(),
                stage_id=1, stage_attempt=0, partition=3, attempt=0, task_id=0, kind="map",
                code="", conf={"memory": memory, "local_dir": str(local)})
    return TaskContext(task)


def _pieces(rows: int, n: int):
    """``(p, batch)`` records in partition order, several pieces per partition."""
    out = []
    for p in range(n):
        if p == 2:
            continue   # an empty partition
        values = pa.array(range(p * rows, (p + 1) * rows), pa.int64())
        batch = pa.record_batch([values, pa.compute.cast(values, pa.string())], names=["v", "s"])
        out += [(p, batch.slice(0, rows // 3)), (p, batch.slice(rows // 3))]
    return out


@pytest.mark.parametrize("memory,held,spilled", [
    (512 << 20, 0, False), (1 << 20, 0, True),
    # input tables held outside DuckDB leave the output 1 MiB of the 128 MiB quarter: a file
    (512 << 20, (127 << 20), True)])
def test_blocks_read_back_whole_through_memory_or_a_local_file(tmp_path, memory, held, spilled):
    tc = _task_context(tmp_path, memory)
    tc.arrow_held = held
    n = 5
    records = _pieces(100_000, n)
    status = write_arrow_output(tc, ShuffleDependency(None, 7, HashPartitioner(n), "arrow"), records)
    assert (tc.metrics["spill_bytes"] > (1 << 20)) is spilled
    assert os.listdir(tc.spill_dir()) == []          # the local file is gone once put
    offsets = status["offsets"]
    assert len(offsets) == n + 1 and status["rows"] == 4 * 100_000
    assert offsets[3] == offsets[2]                  # the empty partition: an empty range
    data = tc.work.get(status["key"])
    assert len(data) == offsets[-1] == tc.metrics["bytes_written"]
    for p in range(n):
        expected = [b for q, b in records if q == p]
        if not expected:
            continue
        body = unseal(SECRET, data[offsets[p]:offsets[p + 1]], "block")
        assert decode_stream(body).equals(pa.Table.from_batches(expected))
    assert schema_of(status) == records[0][1].schema


def test_out_of_order_records_fail_and_put_nothing(tmp_path):
    tc = _task_context(tmp_path, 1 << 20)
    records = _pieces(100_000, 4)
    records.insert(4, records[0])                    # partition 0 again after partition 1
    dep = ShuffleDependency(None, 7, HashPartitioner(4), "arrow")
    with pytest.raises(ValueError, match="ascending partition order"):
        write_arrow_output(tc, dep, records)
    assert list(tc.work.list("")) == []
    assert os.listdir(tc.spill_dir()) == []


def test_the_output_keeps_what_the_inputs_leave_of_the_quarter(tmp_path):
    tc = _task_context(tmp_path, 256 << 20)
    assert output_memory(tc) == 8 << 20              # a thirty-second at most
    tc.arrow_held = 60 << 20
    assert output_memory(tc) == 4 << 20              # 64 - 60 MiB
    tc.arrow_held = 80 << 20
    assert output_memory(tc) == 1 << 20              # at least 1 MiB
