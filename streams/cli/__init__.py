"""The ``wirefeed`` command line: wires inputs, the pipeline, Kafka and the terminal."""
