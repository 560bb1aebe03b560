"""Routing through Twilio's official Python helper library (Debian's python3-twilio), against a
fresh taskrouterd whose clock is a file the tests move: Tasks created under a Workflow reach a
Worker as Reservations, which the Worker accepts, rejects or lets time out, and the Worker's
Activity after every step.

Run with Debian's interpreter, which has the library:

    cd sdk-tests/python && /usr/bin/python3 -m unittest -v test_routing

The module starts one server (server.py) with `--clock-file`; each test starts an hour after the
previous one and makes its own Workspace ("a desk"): one TaskQueue with a ReservationActivity
("Reserved") and an AssignmentActivity ("Busy"), a Workflow sending every Task there, the
Workspace's TimeoutActivity set to "Missed", and one Worker, Alice, Available.
"""

import json
import re
import unittest

from twilio.base.exceptions import TwilioRestException

from server import Server, open_workspace, at, wait_for

SID_WT = re.compile(r"^WT[0-9a-f]{32}$")
SID_WR = re.compile(r"^WR[0-9a-f]{32}$")
SHORT_RESERVATION_TIMEOUT_S = 1

SERVER = None


def setUpModule():
    global SERVER
    SERVER = Server(clock=True)


def tearDownModule():
    SERVER.close()


class Routing(unittest.TestCase):
    """The desk and the helper verbs; the scenarios are in the subclasses."""

    maxDiff = None
    multitask = False

    def setUp(self):
        open_workspace(self, SERVER, "py-routing", multi_task_enabled=self.multitask)
        self.activities = {a.friendly_name: a.sid for a in self.api.activities.list()}
        for name in ("Reserved", "Busy", "Missed"):
            self.activities[name] = self.api.activities.create(friendly_name=name, available=False).sid
        self.api.update(timeout_activity_sid=self.activities["Missed"])
        self.queue = self.api.task_queues.create(
            friendly_name="Support", reservation_activity_sid=self.activities["Reserved"],
            assignment_activity_sid=self.activities["Busy"])
        self.workflow = self.api.workflows.create(
            friendly_name="Inbound",
            configuration=json.dumps({"task_routing": {"default_filter": {"queue": self.queue.sid}}}))
        self.worker = self.api.workers.create(friendly_name="Alice", activity_sid=self.activities["Available"])
        self.assertActivity("Available", "the Worker was created")

    # Helpers: the verbs of the scenarios.

    def create_task(self, **params):
        params.setdefault("attributes", '{"type":"support"}')
        return self.api.tasks.create(workflow_sid=self.workflow.sid, **params)

    def move_worker(self, activity, **params):
        return self.api.workers(self.worker.sid).update(activity_sid=self.activities[activity], **params)

    def task_reservations(self, task_sid, **params):
        return self.api.tasks(task_sid).reservations.list(**params)

    def worker_reservations(self, **params):
        return self.api.workers(self.worker.sid).reservations.list(**params)

    def reservation_of(self, task_sid):
        """The Task's only Reservation (it must have exactly one)."""
        reservations = self.task_reservations(task_sid)
        self.assertEqual(len(reservations), 1, "Task %s has one Reservation" % task_sid)
        return reservations[0]

    def assertActivity(self, name, step):
        w = self.api.workers(self.worker.sid).fetch()
        self.assertEqual(w.activity_name, name, "Worker's Activity after " + step)
        self.assertEqual(w.activity_sid, self.activities[name], "Worker's activity_sid after " + step)

    def assertTaskStatus(self, sid, status, step):
        self.assertEqual(self.api.tasks(sid).fetch().assignment_status, status, "Task status after " + step)


class SingleTasking(Routing):

    def test_reserve_accept_complete_then_timeout(self):
        first = self.create_task()
        self.assertEqual(first.assignment_status, "reserved")
        r1 = self.reservation_of(first.sid)
        self.assertEqual(r1.reservation_status, "pending")
        self.assertActivity("Reserved", "the reservation (the queue's ReservationActivity)")

        accepted = self.api.tasks(first.sid).reservations(r1.sid).update(reservation_status="accepted")
        self.assertEqual(accepted.reservation_status, "accepted")
        self.assertTaskStatus(first.sid, "assigned", "accept")
        self.assertActivity("Busy", "accept (the queue's AssignmentActivity)")

        done = self.api.tasks(first.sid).update(assignment_status="completed", reason="resolved")
        self.assertEqual((done.assignment_status, done.reason), ("completed", "resolved"))
        self.assertEqual(self.reservation_of(first.sid).reservation_status, "completed")
        self.assertActivity("Busy", "the Task completed (completing does not move the Worker)")

        self.move_worker("Available")
        self.assertActivity("Available", "the Worker made itself available again")

        self.api.workflows(self.workflow.sid).update(task_reservation_timeout=SHORT_RESERVATION_TIMEOUT_S)
        second = self.create_task()
        self.assertEqual(second.assignment_status, "reserved")
        r2 = self.reservation_of(second.sid)
        self.assertActivity("Reserved", "the second reservation")

        SERVER.advance((SHORT_RESERVATION_TIMEOUT_S + 1) * 1000)
        timed_out = wait_for(
            lambda: (lambda r: r if r.reservation_status == "timeout" else None)(
                self.api.workers(self.worker.sid).reservations(r2.sid).fetch()),
            "Reservation %s to time out" % r2.sid)
        self.assertEqual(timed_out.task_sid, second.sid)
        self.assertActivity("Missed", "the timeout (the Workspace's TimeoutActivity)")
        self.assertTaskStatus(second.sid, "pending", "the timeout (no available Worker left)")

    def test_reject_with_worker_activity_sid_moves_the_worker(self):
        task = self.create_task()
        r = self.reservation_of(task.sid)
        self.assertActivity("Reserved", "the reservation")

        rejected = self.api.workers(self.worker.sid).reservations(r.sid).update(
            reservation_status="rejected", worker_activity_sid=self.activities["Unavailable"])
        self.assertEqual(rejected.reservation_status, "rejected")
        self.assertActivity("Unavailable", "reject with WorkerActivitySid")
        self.assertTaskStatus(task.sid, "pending", "reject")

    def test_reject_pending_reservations_on_the_way_offline(self):
        task = self.create_task()
        r = self.reservation_of(task.sid)
        self.assertActivity("Reserved", "the reservation")

        w = self.move_worker("Offline", reject_pending_reservations=True)
        self.assertEqual(w.activity_name, "Offline")
        self.assertActivity("Offline", "the update to Offline")
        self.assertEqual(self.api.tasks(task.sid).reservations(r.sid).fetch().reservation_status, "rejected")
        self.assertTaskStatus(task.sid, "pending", "the pending Reservation was rejected")
        self.assertEqual(self.worker_reservations(reservation_status="pending"), [])

    def test_cancel_pending_and_reserved_but_not_assigned(self):
        self.move_worker("Offline")
        self.assertActivity("Offline", "the Worker went Offline")
        waiting = self.create_task()
        self.assertEqual(waiting.assignment_status, "pending")
        canceled = self.api.tasks(waiting.sid).update(assignment_status="canceled", reason="caller hung up")
        self.assertEqual((canceled.assignment_status, canceled.reason), ("canceled", "caller hung up"))
        self.assertActivity("Offline", "the pending Task was canceled")

        self.move_worker("Available")
        self.assertActivity("Available", "the Worker became available (the canceled Task is not routed)")
        reserved = self.create_task()
        r = self.reservation_of(reserved.sid)
        self.assertActivity("Reserved", "the reservation")
        self.assertEqual(self.api.tasks(reserved.sid).update(assignment_status="canceled").assignment_status,
                         "canceled")
        self.assertEqual(self.api.tasks(reserved.sid).reservations(r.sid).fetch().reservation_status, "canceled")
        self.assertActivity("Available", "the reserved Task was canceled")

        assigned = self.create_task()
        r3 = self.reservation_of(assigned.sid)
        self.api.tasks(assigned.sid).reservations(r3.sid).update(reservation_status="accepted")
        self.assertActivity("Busy", "accept")
        with self.assertRaises(TwilioRestException) as caught:
            self.api.tasks(assigned.sid).update(assignment_status="canceled")
        err = caught.exception
        self.assertEqual((err.status, err.code), (400, 20001))
        # The library puts its own "Unable to update record: " before the server's message.
        self.assertEqual(err.msg, "Unable to update record: Cannot cancel task %s in workspace %s for account %s "
                         "because it is not pending or reserved." % (assigned.sid, self.ws.sid, SERVER.account_sid))
        self.assertTaskStatus(assigned.sid, "assigned", "the refused cancel")
        self.assertActivity("Busy", "the refused cancel")

    def test_task_and_reservation_fields(self):
        self.move_worker("Offline")
        attributes = json.dumps({"type": "support", "customer": {"name": "Bob"}})
        created_ms = SERVER.now_ms
        t = self.create_task(attributes=attributes, priority=5, task_channel="voice", timeout=3600)
        self.assertRegex(t.sid, SID_WT)
        self.assertEqual(t.account_sid, SERVER.account_sid)
        self.assertEqual(t.workspace_sid, self.ws.sid)
        self.assertEqual(t.assignment_status, "pending")
        self.assertEqual(t.task_queue_sid, self.queue.sid)
        self.assertEqual(t.task_queue_friendly_name, "Support")
        self.assertEqual(t.workflow_sid, self.workflow.sid)
        self.assertEqual(t.workflow_friendly_name, "Inbound")
        self.assertEqual(t.task_channel_unique_name, "voice")
        self.assertEqual(t.priority, 5)
        self.assertEqual(t.timeout, 3600)
        self.assertEqual(json.loads(t.attributes), json.loads(attributes))
        self.assertIsNone(t.reason)
        self.assertEqual(t.age, 0)
        self.assertEqual(t.date_created, at(created_ms))
        self.assertEqual(t.date_updated, at(created_ms))
        self.assertEqual(t.task_queue_entered_date, at(created_ms))
        self.assertActivity("Offline", "the Task was created")

        SERVER.advance(7000)
        self.assertEqual(self.api.tasks(t.sid).fetch().age, 7)

        self.move_worker("Available")
        self.assertActivity("Reserved", "the Worker became available and got the Task")
        via_task = self.task_reservations(t.sid)
        via_worker = self.worker_reservations()
        self.assertEqual([r.sid for r in via_worker], [r.sid for r in via_task])
        self.assertEqual(len(via_task), 1)
        r = via_task[0]
        self.assertRegex(r.sid, SID_WR)
        self.assertEqual(r.reservation_status, "pending")
        self.assertEqual(r.worker_sid, self.worker.sid)
        self.assertEqual(r.worker_name, "Alice")
        self.assertEqual(r.task_sid, t.sid)
        self.assertEqual(r.date_created, at(SERVER.now_ms))

        self.api.tasks(t.sid).reservations(r.sid).update(reservation_status="accepted")
        self.assertActivity("Busy", "accept")
        self.assertEqual([x.sid for x in self.worker_reservations(reservation_status="accepted")], [r.sid])
        done = self.api.tasks(t.sid).update(assignment_status="completed", reason="resolved")
        self.assertEqual((done.assignment_status, done.reason), ("completed", "resolved"))
        self.assertActivity("Busy", "the Task completed")


class MultiTasking(Routing):
    multitask = True

    def test_chat_capacity_three(self):
        chat = [c for c in self.api.workers(self.worker.sid).worker_channels.list()
                if c.task_channel_unique_name == "chat"][0]
        self.api.workers(self.worker.sid).worker_channels(chat.sid).update(capacity=3)
        self.assertActivity("Available", "the chat capacity became 3")

        tasks = []
        for i in range(3):
            t = self.create_task(task_channel="chat")
            self.assertEqual(t.assignment_status, "reserved", "chat Task %d" % (i + 1))
            tasks.append(t)
            self.assertActivity("Available", "chat Task %d reserved (no moves when multitasking)" % (i + 1))
        pending = self.worker_reservations(reservation_status="pending")
        self.assertCountEqual([r.task_sid for r in pending], [t.sid for t in tasks])

        fourth = self.create_task(task_channel="chat")
        self.assertEqual(fourth.assignment_status, "pending")
        self.assertEqual(self.task_reservations(fourth.sid), [])
        self.assertActivity("Available", "the fourth Task was created")

        r1 = [r for r in pending if r.task_sid == tasks[0].sid][0]
        self.api.workers(self.worker.sid).reservations(r1.sid).update(reservation_status="accepted")
        self.assertTaskStatus(fourth.sid, "pending", "accept (an accepted Task still takes its slot)")
        self.assertActivity("Available", "accept")

        self.api.tasks(tasks[0].sid).update(assignment_status="completed", reason="answered")
        self.assertTaskStatus(fourth.sid, "reserved", "the first Task completed")
        self.assertEqual(self.reservation_of(fourth.sid).reservation_status, "pending")
        self.assertCountEqual([r.task_sid for r in self.worker_reservations(reservation_status="pending")],
                              [tasks[1].sid, tasks[2].sid, fourth.sid])
        self.assertActivity("Available", "the fourth Task reserved")


if __name__ == "__main__":
    unittest.main()
