"""Every registered callback, driven by Hypothesis with generated payloads, answers with
a validated response or 400 and a sentence: never a 5xx, a traceback in the log, SQL or
a path. (The soak run of 10,000 against a served app: tests/soak_crafted_requests.py.)"""

import json
import logging
import random

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from tests.crafted_payloads import crafted_body, well_shaped_payload
from tests.test_crafted_requests import assert_no_leak

TRIES_PER_CALLBACK = 25
EXAMPLES = 300  # about 20 per callback; each request runs real queries, so this is the suite's cost


@pytest.fixture(scope="module")
def dependencies(app):
    return app.server.test_client().get("/_dash-dependencies").get_json()


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=2 ** 32 - 1))
def test_no_crafted_callback_request_gets_a_5xx_or_a_traceback(client, dependencies, caplog, seed):
    body = crafted_body(random.Random(seed), dependencies)
    caplog.clear()
    with caplog.at_level(logging.ERROR):
        response = client.post("/_dash-update-component", data=body, content_type="application/json")
    text = response.get_data(as_text=True)
    assert response.status_code < 500, f"seed {seed}: {response.status_code} {text[:300]}"
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR], \
        f"seed {seed}: {[record.getMessage() for record in caplog.records]}"
    assert_no_leak(text)
    if 400 <= response.status_code < 500:
        assert json.loads(text)["error"].endswith(".")


def test_the_payloads_reach_every_callback_and_many_are_answered(client, dependencies):
    """For every server callback, the generator makes payloads that get past the request
    checks and are answered by the callback itself (else the property above proves less
    than it seems): within a few tries each, and for a fair share of all tries."""
    rng = random.Random(0)
    tries, answered = 0, 0
    unanswered = []
    for dependency in [d for d in dependencies if not d.get("clientside_function")]:
        for attempt in range(TRIES_PER_CALLBACK):
            payload = well_shaped_payload(rng, dependency)
            response = client.post("/_dash-update-component", data=json.dumps(payload),
                                   content_type="application/json")
            tries += 1
            if response.status_code in (200, 204):
                answered += 1
                break
        else:
            unanswered.append(dependency["output"][:80])
    assert unanswered == []
    assert answered / tries >= 0.2
