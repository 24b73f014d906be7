#!/usr/bin/env python3
"""Prints the largest example endpoint (Pinpoint EndpointBatchItem JSON) on stdout.

250 names, Pinpoint's limit: 150 attributes, 50 metrics and 50 user attributes, named and
valued like the frame benchmark's (benches/frame.rs), then the attributes get more values
until the request JSON (compact, without the Id) is just under 15 KB (15,360 bytes).
Its size goes to stderr. bench/first_frame.sh loads it into the console.
"""

import json
import sys

LIMIT = 15_300  # bytes; the console counts a few bytes fewer (1234.0 is written 1234)

TOPICS = ["interests", "favorite_genres", "preferred_channels", "subscribed_topics",
          "device_capabilities", "purchase_categories", "loyalty_badges", "campaign_cohorts",
          "feature_flags", "visited_sections"]
WORDS = ["music", "hiking", "science-fiction", "weekly-digest", "push-enabled", "outdoor-gear",
         "gold-tier", "spring-2025-promo", "beta-checkout", "home/electronics/audio", "en_US",
         "returning-customer"]

attributes = {
    f"{TOPICS[i % 10]}_{i:03}": [WORDS[(i * 7 + v * 5) % 12] for v in range(1 + i % 3)]
    for i in range(150)
}
metrics = {
    f"sessions_last_{1 + i % 30}_days_{i:02}": [i * 13, 0.25 * i, 1234.5 + i][i % 3]
    for i in range(50)
}
user_attributes = {
    f"account_{['plan', 'segment', 'region', 'tier'][i % 4]}_{i:02}": [f"value-{i}-{WORDS[i % 12]}"]
    for i in range(50)
}
request = {
    "ChannelType": "APNS",
    "Address": "740f4707bebcf74f9b7c25d48e3358945f6aa01da5ddb387462c7eaf61bb78ad",
    "OptOut": "NONE",
    "EndpointStatus": "ACTIVE",
    "Attributes": attributes,
    "Demographic": {"AppVersion": "4.2.0", "Locale": "en_US", "Make": "Apple", "Model": "iPhone",
                    "ModelVersion": "15,3", "Platform": "iOS", "PlatformVersion": "18.1",
                    "Timezone": "America/Los_Angeles"},
    "Location": {"City": "Seattle", "Country": "US", "PostalCode": "98121", "Region": "WA",
                 "Latitude": 47.6, "Longitude": -122.3},
    "Metrics": metrics,
    "User": {"UserId": "qa-user-largest", "UserAttributes": user_attributes},
}


def size():
    return len(json.dumps(request, separators=(",", ":")))


names = list(attributes)
i = 0
while True:
    values = attributes[names[i % len(names)]]
    values.append(f"{WORDS[i % len(WORDS)]}-{i}")
    if size() > LIMIT:
        values.pop()
        break
    i += 1

json.dump({"Id": "qa-largest-0001", **request}, sys.stdout, indent=2)
print()
print(size(), file=sys.stderr)
