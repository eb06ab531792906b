"""The demo world at scale 1, generated once per test session (spec 10 rule 24: truth.json is the oracle)."""

from __future__ import annotations

import pytest
from samples.corpus import Corpus, load_corpus

from samples import WorldReport, generate_world


@pytest.fixture(scope="session")
def world(tmp_path_factory: pytest.TempPathFactory) -> WorldReport:
    return generate_world(tmp_path_factory.mktemp("demo-world"), seed=7, scale=1)


@pytest.fixture(scope="session")
def corpus(world: WorldReport) -> Corpus:
    return load_corpus(world.out_dir)


@pytest.fixture(scope="session")
def second_world(tmp_path_factory: pytest.TempPathFactory) -> WorldReport:
    """The same seed and scale again, in another directory."""
    return generate_world(tmp_path_factory.mktemp("demo-world-again"), seed=7, scale=1)
