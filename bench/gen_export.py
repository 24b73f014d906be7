#!/usr/bin/env python3
"""Writes a Pinpoint export file of N endpoints (EndpointResponse JSON, one a line), the same
for the same N: the benchmark's input for `import` (bench/run.sh).

Every endpoint is a device as Pinpoint's export jobs wrote them: an id that is a random UUID
(as the Amplify libraries make them), channel APNS, GCM or EMAIL in turn, a unique address,
attributes, demographic, location, metrics and a user. Users have 1, 2 or 3 endpoints in turn,
one after the other in the file (the endpoints of a user share its user attributes), and the
dates and cohorts are those of the service.

Usage: bench/gen_export.py N FILE   (FILE ending in .gz is gzip'd)
"""

import gzip
import json
import sys

APP = "5a9d0b0c5a9d0b0c5a9d0b0c5a9d0b0c"
CHANNELS = ["APNS", "GCM", "EMAIL"]
PLATFORMS = [("iOS", "Apple", "iPhone", "18.1"), ("Android", "Google", "Pixel 8", "15")]
PLACES = [
    ("US", "Seattle", "WA", "98121", 47.6, -122.3, "America/Los_Angeles"),
    ("DE", "Berlin", "BE", "10115", 52.5, 13.4, "Europe/Berlin"),
    ("CA", "Toronto", "ON", "M5H", 43.7, -79.4, "America/Toronto"),
    ("MX", "Mexico City", "CMX", "06000", 19.4, -99.1, "America/Mexico_City"),
]
INTERESTS = ["running", "cooking", "music", "travel", "gaming", "reading"]
PLANS = ["free", "premium", "family"]
TIERS = ["bronze", "silver", "gold"]


def mix(x):
    """splitmix64: deterministic, well-spread numbers."""
    x = (x + 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
    return x ^ (x >> 31)


def uuid4(i):
    """A version-4 UUID, the same for the same i."""
    h = f"{mix(i + 11):016x}{mix(i + 13):016x}"
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:32]}"


def endpoints(n):
    user, left = 0, 1
    for i in range(n):
        if left == 0:
            user += 1
            left = 1 + user % 3
        left -= 1
        r = mix(i)
        channel = CHANNELS[i % 3]
        platform, make, model, version = PLATFORMS[r % 2]
        country, city, region, postal, lat, lon, zone = PLACES[(r >> 8) % 4]
        address = (
            f"user{i:07d}@example.com" if channel == "EMAIL" else f"{mix(i + 7):016x}{r:016x}"
        )
        day = 1 + (r >> 16) % 28
        created = f"2025-{1 + (r >> 24) % 12:02d}-{day:02d}T{(r >> 32) % 24:02d}:{(r >> 40) % 60:02d}:00.{(r >> 48) % 1000:03d}Z"
        yield {
            "Address": address,
            "ApplicationId": APP,
            "Attributes": {
                "interests": [INTERESTS[r % 6], INTERESTS[(r >> 4) % 6]],
                "plan": [PLANS[(r >> 12) % 3]],
            },
            "ChannelType": channel,
            "CohortId": str(r % 100),
            "CreationDate": created,
            "Demographic": {
                "AppVersion": f"4.{(r >> 20) % 10}.0",
                "Locale": "en_US",
                "Make": make,
                "Model": model,
                "Platform": platform,
                "PlatformVersion": version,
                "Timezone": zone,
            },
            "EffectiveDate": "2026-10-29T12:00:00.000Z",
            "EndpointStatus": "ACTIVE",
            "Id": uuid4(i),
            "Location": {
                "City": city,
                "Country": country,
                "Latitude": lat,
                "Longitude": lon,
                "PostalCode": postal,
                "Region": region,
            },
            "Metrics": {"logins": float((r >> 28) % 500), "sessions": float((r >> 36) % 90)},
            "OptOut": "NONE",
            "RequestId": f"{mix(i + 1):016x}{mix(i + 2):016x}",
            "User": {
                "UserAttributes": {"tier": [TIERS[mix(user) % 3]]},
                "UserId": f"user-{user:07d}",
            },
        }


def main():
    n, path = int(sys.argv[1]), sys.argv[2]
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "wt", encoding="utf-8") as out:
        for endpoint in endpoints(n):
            out.write(json.dumps(endpoint, separators=(",", ":")))
            out.write("\n")


if __name__ == "__main__":
    main()
