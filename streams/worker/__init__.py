"""The thin Faust shell: app, topics, tables and agents that move data and state.

All decisions are made by the pure core (:mod:`streams.pipeline`); this package
only reads Kafka, calls the core, writes Kafka and keeps the story state in a
changelog-backed Faust Table.
"""
