#!/usr/bin/env python3
"""Simulates a class of phones checking in at once against a running rollcall.

Each phone opens one connection and keeps it open (as phone browsers do):
GET / (the form), then POST / (its check-in), then GET / again, and holds the
connection open until every phone is done. `--peer` replaces the POST with a
third GET: the same traffic without saving, to compare against in the same run.

Prints one line of JSON: phones, seconds, the POST (or peer GET) latencies
p50/p95/p99/max in ms, how many were acknowledged, and the acknowledged rolls
are written to --acked FILE for the caller to check against the CSV.
Sends traffic to 127.0.0.1 only; bounded in count and time.
"""
import argparse
import http.client
import json
import threading
import re
import time


def phone(port, roll, peer, results, hold, errors):
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.request("GET", "/")
        form = conn.getresponse().read().decode("utf-8", "replace")
        # The form's one-time ticket goes back with the check-in.
        found = re.search(r'name="ticket" value="([0-9a-f]*)"', form)
        ticket = found.group(1) if found else ""
        t0 = time.perf_counter()
        if peer:
            conn.request("GET", "/")
        else:
            body = f"roll={roll}&name=Student&ticket={ticket}"
            conn.request("POST", "/", body,
                         {"Content-Type": "application/x-www-form-urlencoded"})
        resp = conn.getresponse()
        page = resp.read()
        ms = (time.perf_counter() - t0) * 1000
        ok = resp.status == 200 and (peer or b"Present" in page)
        conn.request("GET", "/")
        conn.getresponse().read()
        results.append((roll, ms, ok))
        hold.append(conn)  # stays open until the class is over
    except Exception as e:  # a failure is counted, never hidden
        errors.append(f"{roll}: {e!r}")


def pct(sorted_ms, p):
    if not sorted_ms:
        return None
    i = min(len(sorted_ms) - 1, int(round(p / 100 * (len(sorted_ms) - 1))))
    return round(sorted_ms[i], 1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("port", type=int)
    ap.add_argument("--phones", type=int, default=300)
    ap.add_argument("--concurrency", type=int, default=60,
                    help="phones arriving at the same moment")
    ap.add_argument("--first-roll", type=int, default=1)
    ap.add_argument("--peer", action="store_true")
    ap.add_argument("--acked", help="file to write acknowledged rolls to")
    a = ap.parse_args()

    results, hold, errors = [], [], []
    start = time.perf_counter()
    rolls = list(range(a.first_roll, a.first_roll + a.phones))
    for i in range(0, len(rolls), a.concurrency):
        wave = [threading.Thread(target=phone,
                                 args=(a.port, r, a.peer, results, hold, errors))
                for r in rolls[i:i + a.concurrency]]
        for t in wave:
            t.start()
        for t in wave:
            t.join(120)
    seconds = time.perf_counter() - start
    for c in hold:
        c.close()
    ms = sorted(r[1] for r in results)
    acked = [r[0] for r in results if r[2]]
    if a.acked:
        with open(a.acked, "w") as f:
            f.write("\n".join(map(str, acked)))
    print(json.dumps({
        "phones": a.phones, "seconds": round(seconds, 3),
        "p50": pct(ms, 50), "p95": pct(ms, 95), "p99": pct(ms, 99),
        "max": round(ms[-1], 1) if ms else None,
        "acknowledged": len(acked), "errors": len(errors),
        "first_error": errors[0] if errors else None,
    }))


if __name__ == "__main__":
    main()
