"""Activities and Workspaces through Twilio's official Python helper library (Debian's
python3-twilio), against a fresh taskrouterd.

Run with Debian's interpreter, which has the library:

    cd sdk-tests/python && /usr/bin/python3 -m unittest -v

The module starts one server (server.py: build/taskrouterd or TASKROUTERD_BIN, on 127.0.0.1:0
in a temp data dir with a random account) and stops it with SIGTERM.
"""

import datetime
import json
import re
import secrets
import unittest

from twilio.base.exceptions import TwilioRestException

from server import Server, unique

SID_WA = re.compile(r"^WA[0-9a-f]{32}$")
SID_WS = re.compile(r"^WS[0-9a-f]{32}$")
LINK_PATHS = {
    "activities": "Activities",
    "statistics": "Statistics",
    "real_time_statistics": "RealTimeStatistics",
    "cumulative_statistics": "CumulativeStatistics",
    "task_queues": "TaskQueues",
    "tasks": "Tasks",
    "workers": "Workers",
    "workflows": "Workflows",
    "task_channels": "TaskChannels",
    "events": "Events",
}

SERVER = None


def setUpModule():
    global SERVER
    SERVER = Server()


def tearDownModule():
    SERVER.close()


def utcnow():
    return datetime.datetime.now(datetime.timezone.utc)


class TaskRouterTestCase(unittest.TestCase):
    maxDiff = None

    def setUp(self):
        self.client = SERVER.client()
        self.t0 = utcnow()
        self.ws = self.client.taskrouter.workspaces.create(friendly_name=unique("py"))
        self.t1 = utcnow()
        self.addCleanup(self._remove_workspace)

    def _remove_workspace(self):
        try:
            self.client.taskrouter.workspaces(self.ws.sid).delete()
        except TwilioRestException:
            pass

    def activities(self, ws_sid=None):
        return self.client.taskrouter.workspaces(ws_sid or self.ws.sid).activities

    def ws_url(self, sid=None):
        return "%s/v1/Workspaces/%s" % (SERVER.base_url, sid or self.ws.sid)

    def assertRecent(self, value, before, after, what):
        self.assertIsInstance(value, datetime.datetime, "%s must parse to a datetime, got %r" % (what, value))
        self.assertEqual(value.utcoffset(), datetime.timedelta(0), "%s must be UTC" % what)
        self.assertEqual(value.microsecond, 0)
        lo = before.replace(microsecond=0) - datetime.timedelta(seconds=1)
        hi = after + datetime.timedelta(seconds=1)
        self.assertTrue(lo <= value <= hi, "%s %s not in [%s, %s]" % (what, value, lo, hi))

    def assertActivity(self, a, sid=None, friendly_name=None, available=None, before=None, after=None):
        self.assertEqual(a.account_sid, SERVER.account_sid)
        self.assertIs(a.available, available)
        self.assertRecent(a.date_created, before, after, "date_created")
        self.assertIsInstance(a.date_updated, datetime.datetime)
        self.assertGreaterEqual(a.date_updated, a.date_created)
        self.assertEqual(a.friendly_name, friendly_name)
        self.assertRegex(a.sid, SID_WA)
        if sid:
            self.assertEqual(a.sid, sid)
        self.assertEqual(a.workspace_sid, self.ws.sid)
        self.assertEqual(a.url, "%s/Activities/%s" % (self.ws_url(), a.sid))
        self.assertEqual(a.links, {"workspace": self.ws_url()})

    def assertRestError(self, status, code, fn, *args, **kwargs):
        with self.assertRaises(TwilioRestException) as cm:
            fn(*args, **kwargs)
        err = cm.exception
        self.assertEqual(err.status, status, err.msg)
        self.assertEqual(err.code, code, err.msg)
        # The library prefixes the server's message with its own ("Unable to ...: <message>").
        self.assertRegex(err.msg, r": \S")
        return err


class ActivityDocsCalls(TaskRouterTestCase):
    """The five calls of Twilio's Activity documentation page, in order."""

    def test_create_fetch_list_update_delete(self):
        acts = self.activities()

        # create
        t0 = utcnow()
        created = acts.create(available=True, friendly_name="NewAvailableActivity")
        t1 = utcnow()
        self.assertActivity(created, friendly_name="NewAvailableActivity", available=True, before=t0, after=t1)
        self.assertEqual(created.date_updated, created.date_created)

        # fetch
        fetched = acts(created.sid).fetch()
        self.assertActivity(fetched, sid=created.sid, friendly_name="NewAvailableActivity", available=True,
                            before=t0, after=t1)
        self.assertEqual(fetched.date_created, created.date_created)

        # list
        listed = acts.list(limit=20)
        self.assertEqual([(a.friendly_name, a.available) for a in listed], [
            ("Offline", False), ("Unavailable", False), ("Available", True), ("NewAvailableActivity", True)])
        for a in listed:
            self.assertActivity(a, friendly_name=a.friendly_name, available=a.available, before=self.t0, after=t1)
        self.assertEqual(listed[3].sid, created.sid)

        # update
        u0 = utcnow()
        updated = acts(created.sid).update(friendly_name="another_name")
        u1 = utcnow()
        self.assertActivity(updated, sid=created.sid, friendly_name="another_name", available=True, before=t0, after=t1)
        self.assertRecent(updated.date_updated, u0, u1, "date_updated")
        self.assertEqual(acts(created.sid).fetch().friendly_name, "another_name")

        # delete
        self.assertIs(acts(created.sid).delete(), True)
        self.assertRestError(404, 20404, acts(created.sid).fetch)
        self.assertEqual([a.friendly_name for a in acts.list()], ["Offline", "Unavailable", "Available"])

    def test_python_sends_booleans_as_True_False(self):
        # twilio-python 7 serializes available=True as "True": the server must read it as true.
        a = self.activities().create(friendly_name="py-true", available=True)
        b = self.activities().create(friendly_name="py-false", available=False)
        c = self.activities().create(friendly_name="py-absent")
        self.assertEqual((a.available, b.available, c.available), (True, False, False))
        self.assertEqual([x.friendly_name for x in self.activities().list(available="true")], ["Available", "py-true"])


class WorkspaceCalls(TaskRouterTestCase):

    def assertWorkspace(self, w, **expected):
        self.assertEqual(w.account_sid, SERVER.account_sid)
        self.assertRecent(w.date_created, self.t0, self.t1, "date_created")
        self.assertGreaterEqual(w.date_updated, w.date_created)
        for field in ("default_activity_name", "default_activity_sid", "events_filter", "friendly_name",
                      "multi_task_enabled", "timeout_activity_name", "timeout_activity_sid",
                      "prioritize_queue_order"):
            self.assertEqual(getattr(w, field), expected[field], field)
        if expected["event_callback_url"] is None:
            self.assertIn(w.event_callback_url, (None, ""))
        else:
            self.assertEqual(w.event_callback_url, expected["event_callback_url"])
        self.assertEqual(w.sid, self.ws.sid)
        self.assertRegex(w.sid, SID_WS)
        self.assertEqual(w.url, self.ws_url())
        self.assertEqual(w.links, {k: "%s/%s" % (self.ws_url(), p) for k, p in LINK_PATHS.items()})

    def test_create_fetch_list_update_delete(self):
        acts = {a.friendly_name: a for a in self.activities().list()}
        self.assertEqual(list(acts), ["Offline", "Unavailable", "Available"])
        expected = dict(
            default_activity_name="Offline", default_activity_sid=acts["Offline"].sid,
            timeout_activity_name="Offline", timeout_activity_sid=acts["Offline"].sid,
            event_callback_url=None, events_filter=None, friendly_name=self.ws.friendly_name,
            multi_task_enabled=True, prioritize_queue_order="FIFO")
        self.assertWorkspace(self.ws, **expected)
        self.assertWorkspace(self.client.taskrouter.workspaces(self.ws.sid).fetch(), **expected)

        listed = self.client.taskrouter.workspaces.list(friendly_name=self.ws.friendly_name)
        self.assertEqual(len(listed), 1)
        self.assertWorkspace(listed[0], **expected)
        self.assertIn(self.ws.sid, [w.sid for w in self.client.taskrouter.workspaces.list()])

        updated = self.client.taskrouter.workspaces(self.ws.sid).update(
            friendly_name="renamed + more", default_activity_sid=acts["Available"].sid,
            timeout_activity_sid=acts["Unavailable"].sid, event_callback_url="https://example.com/cb",
            events_filter="task.created", multi_task_enabled=True, prioritize_queue_order="LIFO")
        expected.update(
            friendly_name="renamed + more", default_activity_name="Available",
            default_activity_sid=acts["Available"].sid, timeout_activity_name="Unavailable",
            timeout_activity_sid=acts["Unavailable"].sid, event_callback_url="https://example.com/cb",
            events_filter="task.created", prioritize_queue_order="LIFO")
        self.assertWorkspace(updated, **expected)
        self.assertWorkspace(self.client.taskrouter.workspaces(self.ws.sid).fetch(), **expected)

        self.assertIs(self.client.taskrouter.workspaces(self.ws.sid).delete(), True)
        self.assertRestError(404, 20404, self.client.taskrouter.workspaces(self.ws.sid).fetch)
        self.assertEqual(self.client.taskrouter.workspaces.list(friendly_name="renamed + more"), [])

    def test_multi_task_disabled_on_create(self):
        ws = self.client.taskrouter.workspaces.create(friendly_name=unique("single"), multi_task_enabled=False)
        self.addCleanup(self.client.taskrouter.workspaces(ws.sid).delete)
        self.assertIs(ws.multi_task_enabled, False)
        self.assertIs(self.client.taskrouter.workspaces(ws.sid).fetch().multi_task_enabled, False)


class Paging(TaskRouterTestCase):

    def test_paging_through_more_than_one_page(self):
        acts = self.activities()
        names = ["Offline", "Unavailable", "Available"] + ["p-%02d" % ((i * 7) % 60) for i in range(60)]
        for name in names[3:]:
            acts.create(friendly_name=name)

        everything = acts.list()  # default page size 50: two pages
        self.assertEqual([a.friendly_name for a in everything], names)
        sids = [a.sid for a in everything]
        self.assertEqual(len(set(sids)), len(names))

        self.assertEqual([a.sid for a in acts.stream(page_size=7)], sids)
        self.assertEqual([a.sid for a in acts.list(page_size=9, limit=31)], sids[:31])

        page = acts.page(page_size=10)
        seen = []
        while page is not None:
            seen.extend(a.sid for a in page)
            if page.next_page_url:
                self.assertTrue(page.next_page_url.startswith(self.ws_url() + "/Activities?"), page.next_page_url)
            page = page.next_page()
        self.assertEqual(seen, sids)


class Errors(TaskRouterTestCase):

    def test_unknown_activity(self):
        sid = "WA" + secrets.token_hex(16)
        err = self.assertRestError(404, 20404, self.activities()(sid).fetch)
        self.assertIn("The requested resource /v1/Workspaces/%s/Activities/%s was not found" % (self.ws.sid, sid),
                      err.msg)

    def test_duplicate_name(self):
        self.assertRestError(400, 20001, self.activities().create, friendly_name="available")

    def test_delete_default_activity(self):
        offline = self.activities().list(friendly_name="Offline")[0]
        self.assertRestError(400, 20001, self.activities()(offline.sid).delete)
        self.assertEqual(self.activities()(offline.sid).fetch().friendly_name, "Offline")

    def test_template_fifo_builds_queue_and_workflow(self):
        ws = self.client.taskrouter.workspaces.create(friendly_name=unique("fifo"), template="FIFO")
        try:
            queues = self.client.taskrouter.workspaces(ws.sid).task_queues.list()
            self.assertEqual([(q.friendly_name, q.target_workers) for q in queues], [("Sample Queue", "1==1")])
            flows = self.client.taskrouter.workspaces(ws.sid).workflows.list()
            self.assertEqual([f.friendly_name for f in flows], ["Default Fifo Workflow"])
            self.assertEqual(json.loads(flows[0].configuration),
                             {"task_routing": {"filters": [], "default_filter": {"queue": queues[0].sid}}})
        finally:
            self.client.taskrouter.workspaces(ws.sid).delete()

    def test_unknown_template_refused(self):
        name = unique("tpl")
        self.assertRestError(400, 20001, self.client.taskrouter.workspaces.create, friendly_name=name, template="ROUND_ROBIN")
        self.assertEqual(self.client.taskrouter.workspaces.list(friendly_name=name), [])

    def test_bad_password(self):
        bad = SERVER.client(SERVER.account_sid, SERVER.auth_token + "x")
        self.assertRestError(401, 20003, bad.taskrouter.workspaces(self.ws.sid).fetch)
        self.assertRestError(401, 20003, bad.taskrouter.workspaces.create, friendly_name="nope")


if __name__ == "__main__":
    unittest.main()
