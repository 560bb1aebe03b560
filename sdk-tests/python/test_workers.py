"""Workers, their statistics and their Events through Twilio's official Python helper library
(Debian's python3-twilio), against a fresh taskrouterd whose clock is a file the tests move.

Run with Debian's interpreter, which has the library:

    cd sdk-tests/python && /usr/bin/python3 -m unittest -v test_workers

The module starts one server (server.py: build/taskrouterd or TASKROUTERD_BIN, on 127.0.0.1:0
in a temp data dir with a random account) with `--clock-file`, and stops it with SIGTERM. The
clock only moves forward; each test starts an hour after the previous one and makes its own
Workspace.
"""

import json
import re
import secrets
import unittest

from twilio.base.exceptions import TwilioRestException

from server import Server, open_workspace, unique, at

SID_WK = re.compile(r"^WK[0-9a-f]{32}$")
SID_EV = re.compile(r"^EV[0-9a-f]{32}$")
ETAG = re.compile(r'^"(\d+)"$')
WORKER_DATA = {
    "worker_activity_name", "worker_activity_sid", "worker_attributes", "worker_name", "worker_sid",
    "worker_version", "workspace_name", "workspace_sid",
}
ACTIVITY_CHANGE_DATA = {
    "worker_previous_activity_name", "worker_previous_activity_sid", "worker_time_in_previous_activity",
    "worker_time_in_previous_activity_ms",
}

SERVER = None


def setUpModule():
    global SERVER
    SERVER = Server(clock=True)


def tearDownModule():
    SERVER.close()


class WorkerTestCase(unittest.TestCase):
    maxDiff = None

    def setUp(self):
        open_workspace(self, SERVER, "py-workers")
        self.acts = {a.friendly_name: a for a in self.activities().list()}
        self.assertEqual(list(self.acts), ["Offline", "Unavailable", "Available"])

    def workers(self, ws_sid=None):
        return self.client.taskrouter.workspaces(ws_sid or self.ws.sid).workers

    def activities(self, ws_sid=None):
        return self.client.taskrouter.workspaces(ws_sid or self.ws.sid).activities

    def ws_url(self, sid=None):
        return "%s/v1/Workspaces/%s" % (SERVER.base_url, sid or self.ws.sid)

    def last_etag(self):
        etag = self.client.http_client.last_response.headers.get("ETag")
        self.assertRegex(etag or "", ETAG, "ETag must be \"<version>\"")
        return etag

    def assertWorker(self, w, friendly_name, activity, attributes, created_ms, status_ms, updated_ms=None, sid=None):
        self.assertEqual(w.account_sid, SERVER.account_sid)
        self.assertEqual(w.activity_name, activity.friendly_name)
        self.assertEqual(w.activity_sid, activity.sid)
        self.assertEqual(w.attributes, attributes)
        self.assertIs(w.available, activity.available)
        self.assertEqual(w.date_created, at(created_ms), "date_created")
        self.assertEqual(w.date_status_changed, at(status_ms), "date_status_changed")
        if updated_ms is not None:
            self.assertEqual(w.date_updated, at(updated_ms), "date_updated")
        self.assertEqual(w.friendly_name, friendly_name)
        self.assertRegex(w.sid, SID_WK)
        if sid:
            self.assertEqual(w.sid, sid)
        self.assertEqual(w.workspace_sid, self.ws.sid)
        url = "%s/Workers/%s" % (self.ws_url(), w.sid)
        self.assertEqual(w.url, url)
        self.assertEqual(w.links, {
            "channels": url + "/Channels",
            "activity": "%s/Activities/%s" % (self.ws_url(), activity.sid),
            "workspace": self.ws_url(),
            "statistics": self.ws_url() + "/Workers/Statistics",
            "real_time_statistics": self.ws_url() + "/Workers/RealTimeStatistics",
            "cumulative_statistics": self.ws_url() + "/Workers/CumulativeStatistics",
            "worker_statistics": url + "/Statistics",
            "worker_channels": url + "/Channels",
            "reservations": url + "/Reservations",
        })

    def assertRestError(self, status, code, fn, *args, **kwargs):
        with self.assertRaises(TwilioRestException) as cm:
            fn(*args, **kwargs)
        err = cm.exception
        self.assertEqual(err.status, status, err.msg)
        self.assertEqual(err.code, code, err.msg)
        # The library prefixes the server's message with its own ("Unable to ...: <message>").
        self.assertRegex(err.msg, r": \S")
        return err

    def break_activity(self):
        brk = self.activities().create(friendly_name="Break", available=False)
        self.assertIs(brk.available, False)
        return brk


class WorkerLife(WorkerTestCase):

    def test_offline_available_break_and_the_activity_rules(self):
        brk = self.break_activity()
        SERVER.advance(60000)
        t_create = SERVER.now_ms
        w = self.workers().create(friendly_name="Alice")
        self.assertWorker(w, "Alice", self.acts["Offline"], "{}", t_create, t_create, t_create)
        etag = self.last_etag()
        fetched = self.workers()(w.sid).fetch()
        self.assertWorker(fetched, "Alice", self.acts["Offline"], "{}", t_create, t_create, t_create, sid=w.sid)
        self.assertEqual(self.last_etag(), etag)

        SERVER.advance(60000)
        t_avail = SERVER.now_ms
        w = self.workers()(w.sid).update(activity_sid=self.acts["Available"].sid)
        self.assertWorker(w, "Alice", self.acts["Available"], "{}", t_create, t_avail, t_avail)
        self.assertGreater(int(ETAG.match(self.last_etag()).group(1)), int(ETAG.match(etag).group(1)))

        SERVER.advance(120000)
        t_brk = SERVER.now_ms
        w = self.workers()(w.sid).update(activity_sid=brk.sid)
        self.assertWorker(w, "Alice", brk, "{}", t_create, t_brk, t_brk)
        self.assertWorker(self.workers()(w.sid).fetch(), "Alice", brk, "{}", t_create, t_brk, t_brk)

        # Listed by ActivityName and Available, next to Bob (Available) and Carol (Offline).
        bob = self.workers().create(friendly_name="Bob", activity_sid=self.acts["Available"].sid)
        carol = self.workers().create(friendly_name="Carol")
        names = lambda **kw: [x.friendly_name for x in self.workers().list(**kw)]  # noqa: E731
        self.assertEqual(names(), ["Alice", "Bob", "Carol"])
        self.assertEqual(names(activity_name="Break"), ["Alice"])
        self.assertEqual(names(activity_name="Available"), ["Bob"])
        self.assertEqual(names(activity_name="Offline"), ["Carol"])
        self.assertEqual(names(activity_sid=brk.sid), ["Alice"])
        for value in ("true", "1", "yes", True):
            self.assertEqual(names(available=value), ["Bob"], "Available=%r" % value)
        for value in ("false", "0", "nonsense", False):
            self.assertEqual(names(available=value), ["Alice", "Carol"], "Available=%r" % value)
        self.assertEqual(names(friendly_name="Carol"), ["Carol"])
        self.assertEqual(names(activity_name="Break", available="true"), [])
        listed = self.workers().list(activity_name="Break")[0]
        self.assertWorker(listed, "Alice", brk, "{}", t_create, t_brk, t_brk, sid=w.sid)
        self.assertEqual([x.sid for x in self.workers().list(page_size=1)], [w.sid, bob.sid, carol.sid])

        # The Activity Alice is in cannot be deleted; nothing changes.
        err = self.assertRestError(400, 20001, self.activities()(brk.sid).delete)
        self.assertIn(brk.sid, err.msg)
        self.assertRegex(err.msg, r"\b1 Worker\b")
        self.assertEqual(self.activities()(brk.sid).fetch().friendly_name, "Break")
        self.assertEqual(self.workers()(w.sid).fetch().activity_sid, brk.sid)

        # Renaming it shows at once in Alice's activity_name.
        self.activities()(brk.sid).update(friendly_name="Coffee Break")
        self.assertEqual(self.workers()(w.sid).fetch().activity_name, "Coffee Break")
        self.assertEqual(names(activity_name="Coffee Break"), ["Alice"])
        self.assertEqual(names(activity_name="Break"), [])

        # Once she has left it, it goes.
        SERVER.advance(30000)
        t_off = SERVER.now_ms
        w = self.workers()(w.sid).update(activity_sid=self.acts["Offline"].sid)
        self.assertWorker(w, "Alice", self.acts["Offline"], "{}", t_create, t_off, t_off)
        self.assertIs(self.activities()(brk.sid).delete(), True)
        self.assertRestError(404, 20404, self.activities()(brk.sid).fetch)

        # Delete Alice.
        self.assertIs(self.workers()(w.sid).delete(), True)
        err = self.assertRestError(404, 20404, self.workers()(w.sid).fetch)
        self.assertIn("/v1/Workspaces/%s/Workers/%s was not found" % (self.ws.sid, w.sid), err.msg)
        self.assertEqual(names(), ["Bob", "Carol"])

    def test_attributes_round_trip(self):
        cases = [
            "{}",
            '{"email":"Bob@example.com","phone":"+5095551234"}',
            '{ "b" : 1 ,\n  "a" : [1, 2.50, true, null] }',
            '{"q":"a+b&c=d%20e f","text":"caf\u00e9 \u2713 \\u00e9"}',
        ]
        for i, attributes in enumerate(cases):
            w = self.workers().create(friendly_name="attrs-%d" % i, attributes=attributes)
            self.assertEqual(w.attributes, attributes)
            self.assertEqual(self.workers()(w.sid).fetch().attributes, attributes)
            self.assertEqual(self.workers().list(friendly_name="attrs-%d" % i)[0].attributes, attributes)
            nxt = cases[(i + 1) % len(cases)]
            self.assertEqual(self.workers()(w.sid).update(attributes=nxt).attributes, nxt)
            self.assertEqual(json.loads(self.workers()(w.sid).fetch().attributes), json.loads(nxt))

    def test_if_match(self):
        w = self.workers().create(friendly_name="versioned")
        v1 = self.last_etag()
        self.workers()(w.sid).update(attributes='{"v":2}', if_match=v1)
        v2 = self.last_etag()
        self.assertNotEqual(v1, v2)
        self.assertRestError(412, 20412, self.workers()(w.sid).update, attributes='{"v":3}', if_match=v1)
        self.assertEqual(self.workers()(w.sid).fetch().attributes, '{"v":2}')
        self.assertRestError(412, 20412, self.workers()(w.sid).delete, if_match=v1)
        self.assertIs(self.workers()(w.sid).delete(if_match=v2), True)


class WorkerErrors(WorkerTestCase):

    def setUp(self):
        super().setUp()
        self.alice = self.workers().create(friendly_name="Alice", attributes='{"a":1}')

    def names(self):
        return [w.friendly_name for w in self.workers().list()]

    def test_missing_friendly_name(self):
        uri = "/Workspaces/%s/Workers" % self.ws.sid
        err = self.assertRestError(400, 20001, self.client.taskrouter.v1.create, method="POST", uri=uri,
                                   data={"Attributes": "{}"})
        self.assertIn("FriendlyName", err.msg)
        self.assertRestError(400, 20001, self.client.taskrouter.v1.create, method="POST", uri=uri,
                             data={"FriendlyName": ""})
        self.assertEqual(self.names(), ["Alice"])

    def test_duplicate_name_in_any_case(self):
        for name in ("Alice", "alice", "ALICE"):
            err = self.assertRestError(400, 20001, self.workers().create, friendly_name=name)
            self.assertRegex(err.msg, re.compile("alice", re.I))
        bob = self.workers().create(friendly_name="Bob")
        self.assertRestError(400, 20001, self.workers()(bob.sid).update, friendly_name="aLiCe")
        self.assertEqual(self.workers()(bob.sid).fetch().friendly_name, "Bob")
        self.assertEqual(self.names(), ["Alice", "Bob"])

    def test_attributes_must_be_a_json_object(self):
        for attributes in ("[1,2]", '"text"', "42", "null", "not json", '{"a":1'):
            self.assertRestError(400, 20001, self.workers().create, friendly_name="bad", attributes=attributes)
            self.assertRestError(400, 20001, self.workers()(self.alice.sid).update, attributes=attributes)
        self.assertEqual(self.names(), ["Alice"])
        self.assertEqual(self.workers()(self.alice.sid).fetch().attributes, '{"a":1}')

    def test_foreign_or_unknown_activity(self):
        other = self.client.taskrouter.workspaces.create(friendly_name=unique("py-other"))
        self.addCleanup(self.client.taskrouter.workspaces(other.sid).delete)
        foreign = self.activities(other.sid).list(friendly_name="Available")[0].sid
        for sid in (foreign, "WA" + secrets.token_hex(16)):
            err = self.assertRestError(400, 20001, self.workers().create, friendly_name="x", activity_sid=sid)
            self.assertIn(sid, err.msg)
            self.assertRestError(400, 20001, self.workers()(self.alice.sid).update, activity_sid=sid)
        self.assertEqual(self.names(), ["Alice"])
        self.assertEqual(self.workers()(self.alice.sid).fetch().activity_name, "Offline")

    def test_bad_ordering(self):
        # twilio-python 7.7.1 has no `ordering` argument; the list request goes through its Version.
        uri = "/Workspaces/%s/Workers" % self.ws.sid
        for ordering in ("DateCreated", "DateCreated:up", "FriendlyName:asc"):
            err = self.assertRestError(400, 20001, self.client.taskrouter.v1.fetch, method="GET", uri=uri,
                                       params={"Ordering": ordering})
            self.assertIn("Ordering", err.msg)
        page = self.client.taskrouter.v1.fetch(method="GET", uri=uri, params={"Ordering": "DateCreated:desc"})
        self.assertEqual([w["friendly_name"] for w in page["workers"]], ["Alice"])


class WorkerStatistics(WorkerTestCase):
    """Create a Worker at T (Offline), 60 s later to Available, 120 s later to Break, 30 s later read."""

    def setUp(self):
        super().setUp()
        self.brk = self.break_activity()
        self.order = [a.sid for a in self.activities().list()]
        self.names = {a.sid: a.friendly_name for a in self.activities().list()}
        SERVER.advance(60000)
        self.T = SERVER.now_ms
        self.w = self.workers().create(friendly_name="Stat")
        SERVER.set_time(self.T + 60000)
        self.workers()(self.w.sid).update(activity_sid=self.acts["Available"].sid)
        SERVER.set_time(self.T + 180000)
        self.workers()(self.w.sid).update(activity_sid=self.brk.sid)
        SERVER.set_time(self.T + 210000)

    def assertDurations(self, durations, expected, what):
        """expected: name -> [min, max, avg, total]; absent names all 0."""
        self.assertEqual([d["sid"] for d in durations], self.order, "%s: one entry per Activity, in order" % what)
        for d in durations:
            self.assertEqual(sorted(d), ["avg", "friendly_name", "max", "min", "sid", "total"])
            self.assertEqual(d["friendly_name"], self.names[d["sid"]])
        got = {d["friendly_name"]: [d["min"], d["max"], d["avg"], d["total"]] for d in durations}
        want = {n: expected.get(n, [0, 0, 0, 0]) for n in ("Offline", "Unavailable", "Available", "Break")}
        self.assertEqual(got, want, what)

    def assertActivityStatistics(self, stats, counts):
        self.assertEqual([s["sid"] for s in stats], self.order)
        self.assertEqual({s["friendly_name"]: s["workers"] for s in stats}, counts)

    def test_worker_statistics_over_windows(self):
        s = self.workers()(self.w.sid).statistics().fetch()
        self.assertEqual(s.worker_sid, self.w.sid)
        self.assertEqual(s.account_sid, SERVER.account_sid)
        self.assertEqual(s.url, "%s/Workers/%s/Statistics" % (self.ws_url(), self.w.sid))
        now = self.T + 210000
        self.assertEqual(s.cumulative["end_time"], at(now).strftime("%Y-%m-%dT%H:%M:%SZ"))
        self.assertEqual(s.cumulative["start_time"], at(now - 15 * 60000).strftime("%Y-%m-%dT%H:%M:%SZ"))
        self.assertDurations(s.cumulative["activity_durations"], {
            "Offline": [60, 60, 60, 60], "Available": [120, 120, 120, 120], "Break": [30, 30, 30, 30]}, "default")

        s = self.workers()(self.w.sid).statistics().fetch(minutes=2)
        self.assertDurations(s.cumulative["activity_durations"], {
            "Available": [90, 90, 90, 90], "Break": [30, 30, 30, 30]}, "Minutes=2")

        s = self.workers()(self.w.sid).statistics().fetch(start_date=at(self.T + 30000), end_date=at(self.T + 100000))
        self.assertEqual(s.cumulative["start_time"], at(self.T + 30000).strftime("%Y-%m-%dT%H:%M:%SZ"))
        self.assertDurations(s.cumulative["activity_durations"], {
            "Offline": [30, 30, 30, 30], "Available": [40, 40, 40, 40]}, "StartDate..EndDate")

    def test_workers_statistics_models(self):
        counts = {"Offline": 0, "Unavailable": 0, "Available": 0, "Break": 1}
        s = self.workers().statistics().fetch()
        self.assertEqual(s.url, self.ws_url() + "/Workers/Statistics")
        self.assertEqual(s.realtime["total_workers"], 1)
        self.assertActivityStatistics(s.realtime["activity_statistics"], counts)
        self.assertDurations(s.cumulative["activity_durations"], {
            "Offline": [60, 60, 60, 60], "Available": [120, 120, 120, 120], "Break": [30, 30, 30, 30]}, "Workers")

        # twilio-python 7.7.1 reaches Workers/RealTimeStatistics and Workers/CumulativeStatistics
        # through a Worker's context.
        rt = self.workers()(self.w.sid).real_time_statistics().fetch()
        self.assertEqual(rt.url, self.ws_url() + "/Workers/RealTimeStatistics")
        self.assertEqual(rt.total_workers, 1)
        self.assertActivityStatistics(rt.activity_statistics, counts)
        cs = self.workers()(self.w.sid).cumulative_statistics().fetch(minutes=3)
        self.assertEqual(cs.url, self.ws_url() + "/Workers/CumulativeStatistics")
        self.assertEqual(cs.start_time, at(self.T + 30000))
        self.assertEqual(cs.end_time, at(self.T + 210000))
        self.assertEqual(cs.reservations_created, 0)
        self.assertDurations(cs.activity_durations, {
            "Offline": [30, 30, 30, 30], "Available": [120, 120, 120, 120], "Break": [30, 30, 30, 30]}, "Minutes=3")

        ws = self.client.taskrouter.workspaces(self.ws.sid).statistics().fetch()
        self.assertEqual(ws.url, self.ws_url() + "/Statistics")
        self.assertEqual(ws.realtime["total_workers"], 1)
        self.assertEqual(ws.realtime["total_tasks"], 0)
        self.assertActivityStatistics(ws.realtime["activity_statistics"], counts)
        for k in ("tasks_created", "tasks_canceled", "tasks_deleted", "tasks_moved", "reservations_created"):
            self.assertEqual(ws.cumulative[k], 0, k)
        rt = self.client.taskrouter.workspaces(self.ws.sid).real_time_statistics().fetch()
        self.assertEqual(rt.total_workers, 1)
        self.assertEqual(rt.total_tasks, 0)
        cu = self.client.taskrouter.workspaces(self.ws.sid).cumulative_statistics().fetch()
        self.assertEqual(cu.tasks_created, 0)
        self.assertEqual(cu.end_time, at(self.T + 210000))


class WorkerEvents(WorkerTestCase):

    def test_listed_by_type_and_worker_and_fetched(self):
        t_create = SERVER.now_ms
        w = self.workers().create(friendly_name="Evie", attributes='{"lang":"en"}')
        v_create = ETAG.match(self.last_etag()).group(1)
        SERVER.advance(75250)
        t_move = SERVER.now_ms
        self.workers()(w.sid).update(activity_sid=self.acts["Available"].sid)
        v_move = ETAG.match(self.last_etag()).group(1)
        other = self.workers().create(friendly_name="Other")

        since = at(t_create - 1000)
        events = self.client.taskrouter.workspaces(self.ws.sid).events
        mine = events.list(worker_sid=w.sid, start_date=since)
        self.assertEqual([e.event_type for e in mine], ["worker.created", "worker.activity.update"])
        theirs = events.list(worker_sid=other.sid, start_date=since)
        self.assertEqual([e.event_type for e in theirs], ["worker.created"])
        moves = events.list(event_type="worker.activity.update", start_date=since)
        self.assertEqual([e.sid for e in moves], [mine[1].sid])
        created = events.list(event_type="worker.created", start_date=since)
        self.assertEqual([e.resource_sid for e in created], [w.sid, other.sid])

        base = {
            "worker_sid": w.sid, "worker_name": "Evie", "worker_attributes": '{"lang":"en"}',
            "workspace_sid": self.ws.sid, "workspace_name": self.ws.friendly_name,
        }
        expected = [
            ("worker.created", t_create, dict(base, worker_activity_sid=self.acts["Offline"].sid,
                                              worker_activity_name="Offline", worker_version=v_create)),
            ("worker.activity.update", t_move, dict(
                base, worker_activity_sid=self.acts["Available"].sid, worker_activity_name="Available",
                worker_version=v_move, worker_previous_activity_sid=self.acts["Offline"].sid,
                worker_previous_activity_name="Offline", worker_time_in_previous_activity="75",
                worker_time_in_previous_activity_ms="75250")),
        ]
        for ev, (event_type, ms, data) in zip(mine, expected):
            for e in (ev, events(ev.sid).fetch()):
                self.assertEqual(e.account_sid, SERVER.account_sid)
                self.assertEqual(e.actor_sid, self.ws.sid)
                self.assertEqual(e.actor_type, "workspace")
                self.assertEqual(e.actor_url, self.ws_url())
                self.assertTrue(e.description)
                self.assertEqual(e.event_data, data)
                self.assertEqual(e.event_date, at(ms))
                self.assertEqual(e.event_date_ms, ms)
                self.assertEqual(e.event_type, event_type)
                self.assertEqual(e.resource_sid, w.sid)
                self.assertEqual(e.resource_type, "worker")
                self.assertEqual(e.resource_url, "%s/Workers/%s" % (self.ws_url(), w.sid))
                self.assertRegex(e.sid, SID_EV)
                self.assertEqual(e.source, "twilio")
                self.assertEqual(e.source_ip_address, "127.0.0.1")
                self.assertEqual(e.url, "%s/Events/%s" % (self.ws_url(), e.sid))
                self.assertEqual(e.workspace_sid, self.ws.sid)
        self.assertEqual(set(mine[0].event_data), WORKER_DATA)
        self.assertEqual(set(mine[1].event_data), WORKER_DATA | ACTIVITY_CHANGE_DATA)
        self.assertRestError(404, 20404, events("EV" + secrets.token_hex(16)).fetch)


if __name__ == "__main__":
    unittest.main()
