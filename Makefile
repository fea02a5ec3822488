# make run   : set up, start a local Kafka + a worker, send the bundled samples, show the events
# make test  : set up and run the whole test suite (starts its own real Kafka broker)
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install run test bench bench-kafka faults data clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[test,data]"
	@touch $@

install: $(STAMP)

run: install
	$(BIN)/wirefeed demo

test: install
	$(BIN)/python -m pytest -q

# Throughput benchmarks (print numbers; give CORPUS=path/to/reuters21578)
CORPUS ?= ../shared/data/reuters21578
bench: install
	$(BIN)/python benchmarks/bench_pipeline.py --corpus $(CORPUS)
	$(BIN)/python benchmarks/bench_parse.py --corpus $(CORPUS)
	$(BIN)/python benchmarks/bench_regions.py --corpus $(CORPUS)
	$(BIN)/python benchmarks/bench_topics.py --corpus $(CORPUS) --short --with-regions
	$(BIN)/python benchmarks/bench_threading.py --stories 100000 --ops 20000 --rocksdb
	$(BIN)/python benchmarks/bench_worker.py --corpus $(CORPUS) --n 3000

# Fault injection on a real local broker (kills, failover, broker bounce, hostile input) with a summary table.
# FAILOVER_RUNS=10 repeats the failover scenario (outside CI).
FAILOVER_RUNS ?= 1
faults: install
	WIREFEED_FAILOVER_RUNS=$(FAILOVER_RUNS) $(BIN)/python -m pytest -q -m faults tests/faults -p no:cacheprovider

# The worker against raw aiokafka, trivial Faust apps and the in-process pipeline, side by side (numbers only).
# N dispatches (>= 3000); give CORPUS_ARG="--corpus path/to/reuters21578" to use real stories.
N ?= 3000
bench-kafka: install
	$(BIN)/python benchmarks/bench_kafka.py --n $(N) $(CORPUS_ARG)

# Regenerate the shipped data files from their sources (needs ../shared and the [data] extra)
data: install
	$(BIN)/python -m pip install -q -e ".[data]"
	$(BIN)/python scripts/build_gazetteer.py
	$(BIN)/python scripts/build_taxonomy.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis wirefeed-data
