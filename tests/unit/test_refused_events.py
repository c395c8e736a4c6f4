"""A hostile client's malformed events are refused quietly; real failures still surface."""

from __future__ import annotations

import inspect
import logging

import pytest
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from reflex.state import State

from ehcna_portal.state.errors import UNKNOWN_HANDLER, UnknownHandlerFilter, handle_backend_exception
from ehcna_portal.state.guards import well_typed
from tests.support.handlers import handlers


def _raised_by_setvar() -> AttributeError:
    try:
        State.setvar.fn(State(), "role", "admin")  # no set_role: the lookup fails inside setvar
    except AttributeError as error:
        return error
    raise AssertionError("setvar found a setter for 'role'")


def test_setvar_without_a_setter_is_refused_without_an_alert(caplog):
    with caplog.at_level(logging.WARNING):
        assert handle_backend_exception(_raised_by_setvar()) is None
    assert [r.levelname for r in caplog.records] == ["WARNING"] and "admin" not in caplog.text


def test_any_other_failure_keeps_reflexs_error_handling(caplog):
    with caplog.at_level(logging.ERROR):
        assert handle_backend_exception(AttributeError("a real bug")) is not None
    assert "a real bug" in caplog.text


@pytest.mark.parametrize("outage", [RedisConnectionError("Error 111 connecting to 127.0.0.1:6379."),
                                    RedisTimeoutError("Timeout reading from 127.0.0.1:6379")])
def test_the_state_store_down_is_told_in_the_page_not_in_an_alert(caplog, outage):
    with caplog.at_level(logging.ERROR):
        told = handle_backend_exception(outage)
    script = str(told.args) if told is not None else ""
    assert "service_problem_shown" in script and "alert" not in script  # the banner, not Reflex's alert
    assert [r.levelname for r in caplog.records] == ["ERROR"] and "state store unavailable" in caplog.text
    assert all(r.exc_info is None for r in caplog.records)  # one line, no traceback


def test_an_event_naming_no_handler_is_one_warning_without_the_event():
    record = logging.LogRecord("reflex", logging.ERROR, __file__, 1, "Error processing event queue entry for "
                               "Event(name='x.no_such', headers={'cookie': 'secret'})", None, None)
    record.exc_info = (KeyError, KeyError(f"{UNKNOWN_HANDLER}: x.no_such"), None)
    assert UnknownHandlerFilter().filter(record)
    assert record.levelname == "WARNING" and "secret" not in record.getMessage() and record.exc_info is None


FORM_HANDLERS = [(s, n, f) for s, n, f in handlers() if "form_data" in inspect.signature(f).parameters]


@pytest.mark.parametrize("wrong", [["a"], "text", 7, None, {"field": {"nested": 1}}, {"field": [{"x": 1}]}, {1: "x"}])
@pytest.mark.parametrize(("state", "name", "fn"), FORM_HANDLERS[:1] + FORM_HANDLERS[-1:])
def test_a_form_handler_takes_only_a_flat_dict_of_plain_values(state, name, fn, wrong):
    original = fn.__wrapped__
    assert not well_typed(original, (wrong,), {})
    assert well_typed(original, ({"field": "text", "ticks": ["a", "b"], "flag": True},), {})
    assert not well_typed(original, ({"field": "x"},), {"extra": 1})


def test_an_id_or_a_typed_box_must_be_a_string():
    by_name = {name: fn.__wrapped__ for _, name, fn in handlers()}
    assert well_typed(by_name["toggle"], ("3",), {})
    assert not well_typed(by_name["toggle"], ({"id": 3},), {}) and not well_typed(by_name["toggle"], ([3],), {})
    assert well_typed(by_name["find_address"], ("CV1 9XA",), {})
    assert not well_typed(by_name["find_address"], (["CV1"],), {})
