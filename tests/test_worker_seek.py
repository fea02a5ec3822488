"""The worker's seek after a rebalance: a partition without a committed offset is read from its beginning."""
from __future__ import annotations

from types import SimpleNamespace

from streams.config import Settings


async def test_a_partition_without_a_commit_is_read_from_the_beginning_after_a_rebalance(tmp_path):
    """faust-streaming only seeks partitions with a committed offset above 0; records of an uncommitted
    partition fetched during the recovery were dropped and never read again (seen in a failover run)."""
    from faust.transport.consumer import Consumer
    from faust.types import TP

    from streams.worker.app import create_app

    create_app(Settings(data_dir=tmp_path / "d"))
    assert getattr(Consumer.perform_seek, "_wirefeed", False)
    raw0, raw3, raw2, changelog = TP("raw", 0), TP("raw", 3), TP("raw", 2), TP("app-stories-changelog", 3)
    to_beginning: list = []

    async def seek_to_beginning(*tps):
        to_beginning.extend(tps)

    async def seek_to_committed():  # faust's call: committed offsets of every assigned partition
        return {raw0: 41, raw3: None, raw2: 0, changelog: None}

    fake = SimpleNamespace(_read_offset={raw3: 5}, _committed_offset={}, seek_to_committed=seek_to_committed,
                           _thread=SimpleNamespace(seek_to_beginning=seek_to_beginning),
                           _is_changelog_tp=lambda tp: tp.topic.endswith("-changelog"))
    await Consumer.perform_seek(fake)
    assert sorted(to_beginning) == [raw2, raw3]  # never the changelog: the table recovery positions it
    assert fake._read_offset == {raw0: 41, raw3: None, raw2: 0, changelog: None}
    assert fake._committed_offset == {raw0: 41, raw2: None}
