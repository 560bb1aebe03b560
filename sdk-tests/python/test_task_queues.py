"""TaskQueues through Twilio's official Python helper library (Debian's python3-twilio), against a
fresh taskrouterd whose clock is a file the tests move.

Run with Debian's interpreter, which has the library:

    cd sdk-tests/python && /usr/bin/python3 -m unittest -v test_task_queues

The module starts one server (server.py) with `--clock-file`; each test starts an hour after the
previous one and makes its own Workspace.
"""

import json
import re
import unittest

from twilio.base.exceptions import TwilioException, TwilioRestException

from server import Server, open_workspace, at

SID_WQ = re.compile(r"^WQ[0-9a-f]{32}$")

SERVER = None


def setUpModule():
    global SERVER
    SERVER = Server(clock=True)


def tearDownModule():
    SERVER.close()


class TaskQueues(unittest.TestCase):
    maxDiff = None

    def setUp(self):
        open_workspace(self, SERVER, "py-queues")
        self.activities = {a.friendly_name: a.sid for a in self.api.activities.list()}

    def task_queues(self):
        return self.client.taskrouter.workspaces(self.ws.sid).task_queues

    def ws_url(self):
        return "%s/v1/Workspaces/%s" % (SERVER.base_url, self.ws.sid)

    def assertQueue(self, q, name, target, max_reserved, order, reservation, assignment,
                    created_ms, updated_ms):
        url = "%s/TaskQueues/%s" % (self.ws_url(), q.sid)
        self.assertEqual(q.account_sid, SERVER.account_sid)
        self.assertEqual(q.workspace_sid, self.ws.sid)
        self.assertRegex(q.sid, SID_WQ)
        self.assertEqual(q.friendly_name, name)
        self.assertEqual(q.target_workers, target)
        self.assertEqual(q.max_reserved_workers, max_reserved)
        self.assertEqual(q.task_order, order)
        self.assertEqual(q.date_created, at(created_ms), "date_created")
        self.assertEqual(q.date_updated, at(updated_ms), "date_updated")
        self.assertEqual(q.url, url)
        links = {
            "workspace": self.ws_url(),
            "statistics": url + "/Statistics",
            "real_time_statistics": url + "/RealTimeStatistics",
            "cumulative_statistics": url + "/CumulativeStatistics",
            "list_statistics": self.ws_url() + "/TaskQueues/Statistics",
            "bulk_real_time_statistics": self.ws_url() + "/TaskQueues/RealTimeStatistics",
        }
        for field, activity in (("reservation", reservation), ("assignment", assignment)):
            sid = self.activities[activity] if activity else None
            self.assertEqual(getattr(q, field + "_activity_sid"), sid, field)
            self.assertEqual(getattr(q, field + "_activity_name"), activity, field)
            if sid:
                links[field + "_activity"] = "%s/Activities/%s" % (self.ws_url(), sid)
        self.assertEqual(q.links, links)

    def assertRestError(self, status, code, fragment, fn, *args, **kwargs):
        with self.assertRaises(TwilioRestException) as cm:
            fn(*args, **kwargs)
        err = cm.exception
        self.assertEqual(err.status, status, err.msg)
        self.assertEqual(err.code, code, err.msg)
        self.assertIn(fragment, err.msg)
        return err

    def test_the_calls_of_the_task_queue_page(self):
        created = self.task_queues().create(friendly_name="English",
                                            target_workers='languages HAS "english"')
        self.assertQueue(created, "English", 'languages HAS "english"', 1, "FIFO", None, None,
                         self.t0, self.t0)
        fetched = self.task_queues()(created.sid).fetch()
        self.assertQueue(fetched, "English", 'languages HAS "english"', 1, "FIFO", None, None,
                         self.t0, self.t0)

        SERVER.advance(3000)
        updated = self.task_queues()(created.sid).update(
            friendly_name="French", target_workers="languages HAS 'fr'", max_reserved_workers=50,
            task_order="LIFO", reservation_activity_sid=self.activities["Unavailable"],
            assignment_activity_sid=self.activities["Offline"])
        self.assertQueue(updated, "French", "languages HAS 'fr'", 50, "LIFO", "Unavailable",
                         "Offline", self.t0, self.t0 + 3000)
        self.assertEqual([q.sid for q in self.task_queues().list()], [created.sid])

        self.assertTrue(self.task_queues()(created.sid).delete())
        self.assertRestError(404, 20404, "was not found", self.task_queues()(created.sid).fetch)
        self.assertEqual(self.task_queues().list(), [])

    def test_list_filters_and_workers_by_queue(self):
        self.task_queues().create(friendly_name="English", target_workers="languages HAS 'en'")
        SERVER.advance(1000)
        spanish = self.task_queues().create(friendly_name="Spanish",
                                            target_workers="languages HAS 'es'")
        workers = self.client.taskrouter.workspaces(self.ws.sid).workers
        alice = workers.create(friendly_name="Alice", attributes=json.dumps({"languages": ["en"]}))
        bob = workers.create(friendly_name="Bob", attributes=json.dumps({"languages": ["es"]}))

        def names(**params):
            return [q.friendly_name for q in self.task_queues().list(**params)]

        self.assertEqual(names(), ["English", "Spanish"])
        self.assertEqual(names(friendly_name="Spanish"), ["Spanish"])
        self.assertEqual(names(evaluate_worker_attributes=json.dumps({"languages": ["es", "en"]})),
                         ["English", "Spanish"])
        self.assertEqual(names(worker_sid=alice.sid), ["English"])
        self.assertEqual([w.sid for w in workers.list(task_queue_sid=spanish.sid)], [bob.sid])
        self.assertEqual([w.sid for w in workers.list(task_queue_name="English")], [alice.sid])

    def test_errors_change_nothing(self):
        queue = self.task_queues().create(friendly_name="Sales")
        self.assertRestError(400, 20001, "TaskQueue named sales already exists",
                             self.task_queues().create, friendly_name="sales")
        self.assertRestError(400, 20001, 'Invalid TargetWorkers "skills HAS"',
                             self.task_queues().create, friendly_name="X",
                             target_workers="skills HAS")
        self.assertRestError(400, 20001, "MaxReservedWorkers must be between 1 and 50, not 0",
                             self.task_queues()(queue.sid).update, max_reserved_workers=0)
        self.assertRestError(400, 20001, "TaskOrder must be FIFO or LIFO",
                             self.task_queues()(queue.sid).update, task_order="RANDOM")
        # A list page that fails is a TwilioException carrying the answer, not a RestException.
        with self.assertRaises(TwilioException) as cm:
            self.task_queues().list(evaluate_worker_attributes="{not json")
        self.assertEqual(cm.exception.args[1].status_code, 400)
        self.assertIn("EvaluateWorkerAttributes must be a JSON object", cm.exception.args[1].text)
        fetched = self.task_queues()(queue.sid).fetch()
        self.assertQueue(fetched, "Sales", "1==1", 1, "FIFO", None, None, self.t0, self.t0)
        self.assertEqual(len(self.task_queues().list()), 1)


if __name__ == "__main__":
    unittest.main()
