"""TaskChannels and Worker channels through Twilio's official Python helper library (Debian's
python3-twilio), against a fresh taskrouterd whose clock is a file the tests move.

Run with Debian's interpreter, which has the library:

    cd sdk-tests/python && /usr/bin/python3 -m unittest -v test_task_channels

The module starts one server (server.py) with `--clock-file`; each test starts an hour after the
previous one and makes its own Workspace.
"""

import re
import unittest

from twilio.base.exceptions import TwilioRestException

from server import Server, open_workspace, unique, at

SID_TC = re.compile(r"^TC[0-9a-f]{32}$")
SID_WC = re.compile(r"^WC[0-9a-f]{32}$")
DEFAULTS = [("default", "Default"), ("voice", "Voice"), ("chat", "Chat"), ("sms", "SMS"),
            ("video", "Video")]

SERVER = None


def setUpModule():
    global SERVER
    SERVER = Server(clock=True)


def tearDownModule():
    SERVER.close()


class ChannelTestCase(unittest.TestCase):
    maxDiff = None

    def setUp(self):
        open_workspace(self, SERVER, "py-channels")

    def task_channels(self):
        return self.client.taskrouter.workspaces(self.ws.sid).task_channels

    def worker_channels(self, worker_sid):
        return self.client.taskrouter.workspaces(self.ws.sid).workers(worker_sid).worker_channels

    def ws_url(self):
        return "%s/v1/Workspaces/%s" % (SERVER.base_url, self.ws.sid)

    def assertTaskChannel(self, c, unique_name, friendly_name, optimized, created_ms, updated_ms,
                          sid=None):
        self.assertEqual(c.account_sid, SERVER.account_sid)
        self.assertEqual(c.date_created, at(created_ms), "date_created")
        self.assertEqual(c.date_updated, at(updated_ms), "date_updated")
        self.assertEqual(c.friendly_name, friendly_name)
        self.assertRegex(c.sid, SID_TC)
        if sid:
            self.assertEqual(c.sid, sid)
        self.assertEqual(c.unique_name, unique_name)
        self.assertEqual(c.workspace_sid, self.ws.sid)
        self.assertIs(c.channel_optimized_routing, optimized)
        self.assertEqual(c.url, "%s/TaskChannels/%s" % (self.ws_url(), c.sid))
        self.assertEqual(c.links, {"workspace": self.ws_url()})

    def assertWorkerChannel(self, c, worker_sid, task_channel, capacity, available, percentage,
                            created_ms, updated_ms):
        self.assertEqual(c.account_sid, SERVER.account_sid)
        self.assertEqual(c.assigned_tasks, 0)
        self.assertIs(c.available, available)
        self.assertEqual(c.available_capacity_percentage, percentage)
        self.assertEqual(c.configured_capacity, capacity)
        self.assertEqual(c.date_created, at(created_ms), "date_created")
        self.assertEqual(c.date_updated, at(updated_ms), "date_updated")
        self.assertRegex(c.sid, SID_WC)
        self.assertEqual(c.task_channel_sid, task_channel.sid)
        self.assertEqual(c.task_channel_unique_name, task_channel.unique_name)
        self.assertEqual(c.worker_sid, worker_sid)
        self.assertEqual(c.workspace_sid, self.ws.sid)
        self.assertEqual(c.url, "%s/Workers/%s/Channels/%s" % (self.ws_url(), worker_sid, c.sid))

    def assertRestError(self, status, code, fragment, fn, *args, **kwargs):
        with self.assertRaises(TwilioRestException) as cm:
            fn(*args, **kwargs)
        err = cm.exception
        self.assertEqual(err.status, status, err.msg)
        self.assertEqual(err.code, code, err.msg)
        self.assertIn(fragment, err.msg)
        return err


class TaskChannels(ChannelTestCase):

    def test_default_channels_and_the_calls_of_the_task_channel_page(self):
        listed = self.task_channels().list()
        self.assertEqual([(c.unique_name, c.friendly_name) for c in listed], DEFAULTS)
        for c in listed:
            self.assertTaskChannel(c, c.unique_name, c.friendly_name, True, self.t0, self.t0)

        SERVER.advance(2000)
        t_create = SERVER.now_ms
        created = self.task_channels().create(friendly_name="Outbound Voice", unique_name="ovoice")
        self.assertTaskChannel(created, "ovoice", "Outbound Voice", True, t_create, t_create)
        for key in (created.sid, "ovoice"):
            fetched = self.task_channels()(key).fetch()
            self.assertTaskChannel(fetched, "ovoice", "Outbound Voice", True, t_create, t_create,
                                   sid=created.sid)

        SERVER.advance(3000)
        updated = self.task_channels()("ovoice").update(friendly_name="Calls Out",
                                                         channel_optimized_routing=False)
        self.assertTaskChannel(updated, "ovoice", "Calls Out", False, t_create, SERVER.now_ms,
                               sid=created.sid)

        self.assertTrue(self.task_channels()(created.sid).delete())
        self.assertEqual([c.unique_name for c in self.task_channels().list()],
                         [name for name, _ in DEFAULTS])
        self.assertRestError(404, 20404, "was not found", self.task_channels()(created.sid).fetch)

    def test_rules_broken_change_nothing(self):
        self.assertRestError(400, 20001, "TaskChannel with UniqueName sms already exists",
                             self.task_channels().create, friendly_name="Texts", unique_name="sms")
        self.assertRestError(400, 20001, "UniqueName 'sms-2' must start with a letter or '_'",
                             self.task_channels().create, friendly_name="Texts", unique_name="sms-2")
        self.assertRestError(400, 20001, "because it is the default TaskChannel",
                             self.task_channels()("default").delete)
        for i in range(10):
            self.task_channels().create(friendly_name="Extra %d" % i, unique_name="extra%d" % i)
        self.assertRestError(400, 20001, "already has the maximum of 15 TaskChannels",
                             self.task_channels().create, friendly_name="One more",
                             unique_name="extra10")
        self.assertEqual(len(self.task_channels().list()), 15)


class WorkerChannels(ChannelTestCase):

    def setUp(self):
        super().setUp()
        self.channels = {c.unique_name: c for c in self.task_channels().list()}
        SERVER.advance(10000)
        self.t_worker = SERVER.now_ms
        self.worker = self.client.taskrouter.workspaces(self.ws.sid).workers.create(
            friendly_name=unique("Bob"))
        SERVER.advance(10000)

    def test_every_worker_has_a_channel_per_task_channel(self):
        listed = self.worker_channels(self.worker.sid).list()
        self.assertEqual([c.task_channel_unique_name for c in listed], [n for n, _ in DEFAULTS])
        for c in listed:
            self.assertWorkerChannel(c, self.worker.sid, self.channels[c.task_channel_unique_name],
                                     1, True, 100, self.t_worker, self.t_worker)
        self.assertEqual(len({c.sid for c in listed}), 5)

        t_email = SERVER.now_ms
        email = self.task_channels().create(friendly_name="Email", unique_name="email")
        c = self.worker_channels(self.worker.sid)("email").fetch()
        self.assertWorkerChannel(c, self.worker.sid, email, 1, True, 100, t_email, t_email)

    def test_update_capacity_and_availability(self):
        chat = self.worker_channels(self.worker.sid)("chat").fetch()
        t_update = SERVER.now_ms
        raised = self.worker_channels(self.worker.sid)(chat.sid).update(capacity=3)
        self.assertWorkerChannel(raised, self.worker.sid, self.channels["chat"], 3, True, 100,
                                 self.t_worker, t_update)
        self.assertEqual(raised.sid, chat.sid)

        SERVER.advance(1000)
        off = self.worker_channels(self.worker.sid)(chat.sid).update(available=False)
        self.assertWorkerChannel(off, self.worker.sid, self.channels["chat"], 3, False, 0,
                                 self.t_worker, SERVER.now_ms)
        again = self.worker_channels(self.worker.sid)(chat.task_channel_sid).fetch()
        self.assertWorkerChannel(again, self.worker.sid, self.channels["chat"], 3, False, 0,
                                 self.t_worker, SERVER.now_ms)

        self.assertRestError(400, 20001, "Capacity must be between 0 and 50, not 51",
                             self.worker_channels(self.worker.sid)("voice").update, capacity=51)
        self.assertRestError(404, 20404, "was not found",
                             self.worker_channels(self.worker.sid)("fax").update, capacity=2)
        self.assertEqual(self.worker_channels(self.worker.sid)("voice").fetch().configured_capacity, 1)

        types = [e.event_type for e in
                 self.client.taskrouter.workspaces(self.ws.sid).events.list(
                     worker_sid=self.worker.sid)]
        self.assertEqual(types, ["worker.created", "worker.capacity.update",
                                 "worker.channel.availability.update"])


if __name__ == "__main__":
    unittest.main()
