"""Workflows through Twilio's official Python helper library (Debian's python3-twilio), against a
fresh taskrouterd whose clock is a file the tests move.

Run with Debian's interpreter, which has the library:

    cd sdk-tests/python && /usr/bin/python3 -m unittest -v test_workflows

The module starts one server (server.py) with `--clock-file`; each test starts an hour after the
previous one and makes its own Workspace with two TaskQueues.
"""

import json
import re
import unittest

from twilio.base.exceptions import TwilioRestException

from server import Server, open_workspace, at

SID_WW = re.compile(r"^WW[0-9a-f]{32}$")

SERVER = None


def setUpModule():
    global SERVER
    SERVER = Server(clock=True)


def tearDownModule():
    SERVER.close()


def config(filter_queue, default_queue):
    """One filter for sales Tasks to `filter_queue`, everything else to `default_queue`."""
    return json.dumps({"task_routing": {
        "filters": [{"filter_friendly_name": "Sales", "expression": "type == 'sales'",
                     "targets": [{"queue": filter_queue, "timeout": 30}]}],
        "default_filter": {"queue": default_queue},
    }})


class Workflows(unittest.TestCase):
    maxDiff = None

    def setUp(self):
        open_workspace(self, SERVER, "py-workflows")
        queues = self.client.taskrouter.v1.workspaces(self.ws.sid).task_queues
        self.sales = queues.create(friendly_name="Sales").sid
        self.support = queues.create(friendly_name="Support").sid

    def workflows(self):
        return self.client.taskrouter.v1.workspaces(self.ws.sid).workflows

    def assertWorkflow(self, w, name, configuration, timeout, assignment, fallback, created_ms,
                       updated_ms):
        url = "%s/v1/Workspaces/%s/Workflows/%s" % (SERVER.base_url, self.ws.sid, w.sid)
        self.assertEqual(w.account_sid, SERVER.account_sid)
        self.assertEqual(w.workspace_sid, self.ws.sid)
        self.assertRegex(w.sid, SID_WW)
        self.assertEqual(w.friendly_name, name)
        self.assertEqual(w.configuration, configuration)
        self.assertEqual(w.task_reservation_timeout, timeout)
        self.assertEqual(w.assignment_callback_url, assignment)
        self.assertEqual(w.fallback_assignment_callback_url, fallback)
        self.assertIsNone(w.document_content_type)
        self.assertEqual(w.date_created, at(created_ms), "date_created")
        self.assertEqual(w.date_updated, at(updated_ms), "date_updated")
        self.assertEqual(w.url, url)
        self.assertEqual(w.links, {
            "statistics": url + "/Statistics",
            "real_time_statistics": url + "/RealTimeStatistics",
            "cumulative_statistics": url + "/CumulativeStatistics",
        })

    def assertRestError(self, status, code, fragment, fn, *args, **kwargs):
        with self.assertRaises(TwilioRestException) as cm:
            fn(*args, **kwargs)
        err = cm.exception
        self.assertEqual(err.status, status, err.msg)
        self.assertEqual(err.code, code, err.msg)
        self.assertIn(fragment, err.msg)
        return err

    def test_the_calls_of_the_workflow_page(self):
        created = self.workflows().create(friendly_name="Inbound",
                                          configuration=config(self.sales, self.support),
                                          task_reservation_timeout=45)
        self.assertWorkflow(created, "Inbound", config(self.sales, self.support), 45, None, None,
                            self.t0, self.t0)
        fetched = self.workflows()(created.sid).fetch()
        self.assertWorkflow(fetched, "Inbound", config(self.sales, self.support), 45, None, None,
                            self.t0, self.t0)

        SERVER.advance(3000)
        updated = self.workflows()(created.sid).update(
            friendly_name="Calls", configuration=config(self.support, self.sales),
            task_reservation_timeout=86400, assignment_callback_url="https://example.com/assign",
            fallback_assignment_callback_url="https://example.com/fallback",
            re_evaluate_tasks="true")
        self.assertWorkflow(updated, "Calls", config(self.support, self.sales), 86400,
                            "https://example.com/assign", "https://example.com/fallback",
                            self.t0, self.t0 + 3000)
        self.assertEqual([w.sid for w in self.workflows().list()], [created.sid])

        self.assertTrue(self.workflows()(created.sid).delete())
        self.assertRestError(404, 20404, "was not found", self.workflows()(created.sid).fetch)
        self.assertEqual(self.workflows().list(), [])

    def test_list_by_friendly_name(self):
        self.workflows().create(friendly_name="Inbound", configuration=config(self.sales, self.sales))
        self.workflows().create(friendly_name="Outbound",
                                configuration=config(self.sales, self.sales))
        self.workflows().create(friendly_name="Inbound", configuration=config(self.sales, self.sales))

        def names(**params):
            return [w.friendly_name for w in self.workflows().list(**params)]

        self.assertEqual(names(), ["Inbound", "Outbound", "Inbound"])
        self.assertEqual(names(friendly_name="Inbound"), ["Inbound", "Inbound"])
        self.assertEqual(names(friendly_name="Outbound", page_size=1), ["Outbound"])
        self.assertEqual(names(page_size=1), ["Inbound", "Outbound", "Inbound"])

    def test_errors_change_nothing(self):
        flow = self.workflows().create(friendly_name="Inbound",
                                       configuration=config(self.sales, self.support))
        unknown = "WQ" + "0" * 32
        self.assertRestError(
            400, 20001,
            "Invalid Configuration: task_routing.filters[0].targets[0].queue: %s is not a "
            "TaskQueue of this Workspace" % unknown,
            self.workflows().create, friendly_name="X", configuration=config(unknown, self.sales))
        self.assertRestError(400, 20001, "Invalid Configuration: must be a JSON object",
                             self.workflows()(flow.sid).update, configuration="{not json")
        self.assertRestError(400, 20001,
                             "TaskReservationTimeout must be between 1 and 86400 seconds, not 0",
                             self.workflows()(flow.sid).update, task_reservation_timeout=0)
        self.assertRestError(400, 20001, "AssignmentCallbackUrl 'example.com' is not an absolute",
                             self.workflows()(flow.sid).update,
                             assignment_callback_url="example.com")
        self.assertRestError(
            400, 20001,
            "TaskQueue %s cannot be deleted: Workflow %s (Inbound) routes Tasks to it"
            % (self.support, flow.sid),
            self.client.taskrouter.v1.workspaces(self.ws.sid).task_queues(self.support).delete)
        self.assertRestError(404, 20404, "was not found",
                             self.workflows()("WW" + "0" * 32).update, friendly_name="X")
        fetched = self.workflows()(flow.sid).fetch()
        self.assertWorkflow(fetched, "Inbound", config(self.sales, self.support), 120, None, None,
                            self.t0, self.t0)
        self.assertEqual(len(self.workflows().list()), 1)


if __name__ == "__main__":
    unittest.main()
