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
    seeks: list = []
    paused: set = set()

    async def seek_to_committed():  # faust's call: committed offsets of every assigned partition
        assert paused == {raw0, raw3, raw2}  # nothing is fetched for a stream partition while it is sought
        return {raw0: 41, raw3: None, raw2: 0, changelog: None}

    async def earliest_offsets(*tps):
        return {raw3: 0, raw2: 7}  # raw 2: its first records were deleted by retention

    async def seek(tp, offset):
        assert tp in paused
        seeks.append((tp, offset))

    fake = SimpleNamespace(_read_offset={raw3: 5}, _committed_offset={}, seek_to_committed=seek_to_committed,
                           earliest_offsets=earliest_offsets, seek=seek, _paused_partitions=paused,
                           assignment=lambda: {raw0, raw3, raw2, changelog},
                           pause_partitions=lambda tps: paused.update(tps),
                           resume_partitions=lambda tps: paused.difference_update(tps),
                           _is_changelog_tp=lambda tp: tp.topic.endswith("-changelog"))
    await Consumer.perform_seek(fake)
    assert sorted(seeks) == [(raw2, 7), (raw3, 0)]  # never the changelog: the table recovery positions it
    assert not paused  # fetching again once sought
    # the first offset counts as committed: the commit rule holds until it is acked
    assert fake._committed_offset == {raw0: 41, raw2: 7, raw3: 0}


def test_the_commit_never_passes_the_first_offset_of_a_partition_never_committed(tmp_path):
    """With the first offset as the committed one, records 1-5 acked while record 0 was dropped by the
    fetcher hold the commit (faust-streaming, and the rule before, committed 6: record 0 lost)."""
    from collections import defaultdict

    from faust.transport.consumer import Consumer
    from faust.types import TP

    from streams.worker.app import create_app

    create_app(Settings(data_dir=tmp_path / "d"))
    tp = TP("raw", 2)
    c = SimpleNamespace(app=SimpleNamespace(consumer_generation_id=1), _acked=defaultdict(list),
                        _acked_index=defaultdict(set), _committed_offset=defaultdict(lambda: None),
                        _unacked_messages=[])
    c._acked[tp] = [1, 2, 3, 4, 5]
    c._acked_index[tp] = {1, 2, 3, 4, 5}
    c._committed_offset[tp] = 0
    assert Consumer._new_offset(c, tp) is None
    c._acked[tp].append(0)
    c._acked_index[tp].add(0)
    assert Consumer._new_offset(c, tp) == 6
