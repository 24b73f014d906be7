#!/usr/bin/env python3
"""In-app messaging load against a running `serve`, from the standard library only; bench/run.sh
runs it. Nothing but the URL given is contacted, and every answer is checked.

  inapp_load.py put-events URL APP [REQUESTS] [CONCURRENCY]
      REQUESTS PutEvents requests (default 200) of 100 events each, CONCURRENCY (default 4)
      at a time, each on its own keep-alive connection; the bodies (20 endpoints, an event
      id never sent before, Amplify's shape) are built before the clock starts. Every
      request must answer 202 with each event and endpoint Accepted. Prints
      `N events in S s (R events/s, K requests)`.

  inapp_load.py fill-in-app URL APP [CAMPAIGNS]
      Creates CAMPAIGNS (default 200) in-app campaigns, each on its own segment (one in four
      taking its message from one of 10 in-app templates), and the IN_APP endpoint `device`
      with recent events, which over a third of them reach (the shape of benches/inapp.rs);
      checks that GetInAppMessages answers some. Prints
      `N in-app campaigns over N segments; endpoint device gets M`.
"""

import http.client
import json
import sys
import threading
import time
import urllib.parse

EVENTS_PER_REQUEST = 100


def connect(url):
    parts = urllib.parse.urlsplit(url)
    return http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)


def call(conn, method, path, body=None):
    headers = {"Content-Type": "application/json"}
    data = body if isinstance(body, bytes) or body is None else json.dumps(body).encode()
    conn.request(method, path, body=data, headers=headers)
    response = conn.getresponse()
    text = response.read()
    return response.status, json.loads(text) if text else None


def iso(seconds):
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds)) + ".000Z"


def put_events_body(request):
    now = time.time()
    endpoint = f"load-{request % 20:02}"
    session = {"Id": f"session-{request}", "StartTimestamp": iso(now - 60)}
    events = {
        f"r{request}-e{i:03}": {
            "EventType": ["purchase", "page_view", "_session.start", "add_to_cart"][i % 4],
            "Timestamp": iso(now - 60 + i),
            "Session": session,
            "Attributes": {"item": ["gloves", "hat", "scarf"][i % 3], "screen": f"s{i % 7}"},
            "Metrics": {"price": 5.0 + i % 20, "quantity": 1 + i % 3},
        }
        for i in range(EVENTS_PER_REQUEST)
    }
    return endpoint, json.dumps({"BatchItem": {endpoint: {"Endpoint": {}, "Events": events}}}).encode()


def put_events(url, app, requests, concurrency):
    bodies = [put_events_body(r) for r in range(requests)]
    path = f"/v1/apps/{app}/events"
    failures = []
    next_request = iter(range(requests))
    lock = threading.Lock()

    def worker():
        conn = connect(url)
        while True:
            with lock:
                r = next(next_request, None)
            if r is None:
                break
            endpoint, body = bodies[r]
            status, answer = call(conn, "POST", path, body)
            result = (answer or {}).get("Results", {}).get(endpoint, {})
            statuses = [e.get("StatusCode") for e in result.get("EventsItemResponse", {}).values()]
            endpoint_status = result.get("EndpointItemResponse", {}).get("StatusCode")
            if status != 202 or endpoint_status != 202 or statuses != [202] * EVENTS_PER_REQUEST:
                with lock:
                    failures.append((r, status, answer))
        conn.close()

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    if failures:
        r, status, answer = failures[0]
        sys.exit(f"{len(failures)} of {requests} PutEvents failed; request {r}: {status} {answer}")
    events = requests * EVENTS_PER_REQUEST
    print(f"{events} events in {elapsed:.2f} s ({events / elapsed:.0f} events/s, {requests} requests)")


def page(header):
    return {"BackgroundColor": "#FFFFFF",
            "HeaderConfig": {"Alignment": "CENTER", "Header": header, "TextColor": "#000000"},
            "BodyConfig": {"Alignment": "LEFT", "Body": "Gloves on sale, this week only",
                           "TextColor": "#333333"},
            "PrimaryBtn": {"DefaultConfig": {"ButtonAction": "DEEP_LINK", "Link": "myapp://gloves",
                                             "Text": "Shop"}}}


TEMPLATES = 10


def fill_in_app(url, app, campaigns):
    conn = connect(url)
    template = {"Layout": "MIDDLE_BANNER", "Content": [page("t")]}
    for t in range(TEMPLATES):
        status, answer = call(conn, "POST", f"/v1/templates/template-{t}/inapp", template)
        if status != 201:
            sys.exit(f"CreateInAppTemplate {t}: {status} {answer}")
        status, answer = call(conn, "PUT", f"/v1/templates/template-{t}/inapp?create-new-version=true",
                              template)
        if status != 202:
            sys.exit(f"UpdateInAppTemplate {t}: {status} {answer}")
    for i in range(campaigns):
        dimensions = {
            "Attributes": {"interests": {"AttributeType": "INCLUSIVE",
                                         "Values": [f"topic-{i % 4}", "gloves"]}},
            "Demographic": {"Platform": {"DimensionType": "INCLUSIVE",
                                         "Values": ["iOS" if i % 2 == 0 else "Android"]}},
            "Metrics": {"logins": {"ComparisonOperator": "GREATER_THAN", "Value": float(i)}},
        }
        if i % 10 == 0:
            dimensions["Behavior"] = {"Recency": {"Duration": "DAY_7", "RecencyType": "ACTIVE"}}
        status, segment = call(conn, "POST", f"/v1/apps/{app}/segments",
                               {"Name": f"segment-{i}", "Dimensions": dimensions})
        if status != 201:
            sys.exit(f"CreateSegment {i}: {status} {segment}")
        campaign = {
            "Name": f"campaign-{i}", "SegmentId": segment["Id"], "Priority": 1 + i % 5,
            "Limits": {"Daily": 3, "Session": 1, "Total": 10},
            "Schedule": {"StartTime": "IMMEDIATE", "EndTime": "2099-01-01T00:00:00Z",
                         "Frequency": "IN_APP_EVENT",
                         "EventFilter": {"FilterType": "ENDPOINT", "Dimensions": {
                             "EventType": {"DimensionType": "INCLUSIVE",
                                           "Values": ["purchase", f"event-{i}"]}}}},
        }
        if i % 4 == 0:  # one in four from a template, one in eight naming its version 1
            named = {"Name": f"template-{i % TEMPLATES}"}
            if i % 8 == 0:
                named["Version"] = "1"
            campaign["TemplateConfiguration"] = {"InAppTemplate": named}
        else:
            campaign["MessageConfiguration"] = {"InAppMessage": {"Layout": "BOTTOM_BANNER",
                                                                 "Content": [page(f"offer {i}")]}}
        status, answer = call(conn, "POST", f"/v1/apps/{app}/campaigns", campaign)
        if status != 201:
            sys.exit(f"CreateCampaign {i}: {status} {answer}")
    endpoint = {"ChannelType": "IN_APP", "Attributes": {"interests": ["gloves", "topic-1"]},
                "Demographic": {"Platform": "iOS", "AppVersion": "4.2.0"},
                "Metrics": {"logins": 150}, "User": {"UserId": "load-user"}}
    status, answer = call(conn, "PUT", f"/v1/apps/{app}/endpoints/device", endpoint)
    if status != 202:
        sys.exit(f"UpdateEndpoint: {status} {answer}")
    # Recent activity, for the segments' Behavior.Recency.
    _, body = put_events_body(0)
    body = body.replace(b'"load-00"', b'"device"')
    status, answer = call(conn, "POST", f"/v1/apps/{app}/events", body)
    if status != 202:
        sys.exit(f"PutEvents: {status} {answer}")
    status, answer = call(conn, "GET", f"/v1/apps/{app}/endpoints/device/inappmessages")
    got = len((answer or {}).get("InAppMessageCampaigns", []))
    if status != 200 or not 0 < got < campaigns:
        sys.exit(f"GetInAppMessages: {status}, {got} messages, expected 1..{campaigns - 1}")
    print(f"{campaigns} in-app campaigns over {campaigns} segments; endpoint device gets {got}")


def main(argv):
    if len(argv) < 4 or argv[1] not in ("put-events", "fill-in-app"):
        sys.exit(__doc__)
    mode, url, app, *rest = argv[1:]
    numbers = [int(n) for n in rest]
    if mode == "put-events":
        put_events(url, app, *(numbers + [200, 4][len(numbers):]))
    else:
        fill_in_app(url, app, *(numbers + [200][len(numbers):]))


if __name__ == "__main__":
    main(sys.argv)
