#!/usr/bin/env python3
"""scripts/bench's helpers: checking a class's day file, timing this disk's
sync, and printing the tables. Nothing timed in a figure runs here: the
phones are played by benches/burst (Rust), the page views by wrk.

  bench.py check DIR ACKED         one JSON line: what the day file holds
  bench.py disk DIR                one JSON line: this disk's fdatasync, ms
  bench.py record RESULTS.jsonl    a class run's line (stdin) into the results
  bench.py tables RESULTS.jsonl    the tables, ranges over the runs

`check` reads the day file alone: `attendance_YYYY-MM-DD.csv` exactly (not
the details file beside it, `attendance_DATE.details.csv`, nor the audit
trail), as rollcall and the Flask peer write it (BOM, CRLF, Roll,Name,Time),
and says how many rows it has, how many acknowledged rolls (ACKED, one a
line) are not in it, how many rolls are in it more than once, and how many
rows were saved that no phone was told about.
"""
import collections, csv, json, os, re, statistics, sys, time

DAY_FILE = re.compile(r"attendance_\d{4}-\d{2}-\d{2}\.csv")


def check(folder, acked_file):
    rolls = []
    files = sorted(f for f in os.listdir(folder) if DAY_FILE.fullmatch(f)) if os.path.isdir(folder) else []
    for name in files:  # (two only if the run crossed midnight)
        with open(os.path.join(folder, name), encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f))
        if rows and rows[0] != ["Roll", "Name", "Time"]:
            raise SystemExit(f"check: {name} starts {rows[0]!r}, not Roll,Name,Time")
        rolls += [r[0].strip().upper() for r in rows[1:] if r]
    with open(acked_file) as f:
        acked = [line.strip().upper() for line in f if line.strip()]
    counts = collections.Counter(rolls)
    print(json.dumps({
        "files": files,
        "rows": len(rolls),
        "missing": sum(1 for r in acked if counts[r] == 0),
        "duplicates": sum(1 for n in counts.values() if n > 1),
        "unacknowledged_rows": len(set(counts) - set(acked)),
    }))


def disk(folder):
    path = os.path.join(folder, "sync-probe")
    times = []
    with open(path, "wb") as f:
        for _ in range(50):
            f.write(b"1,Student,09:00:00\r\n")
            f.flush()
            start = time.perf_counter()
            os.fdatasync(f.fileno())
            times.append((time.perf_counter() - start) * 1000)
    os.remove(path)
    print(json.dumps({"fdatasync_median_ms": round(statistics.median(times), 2),
                      "fdatasync_max_ms": round(max(times), 2)}))


def record(results):
    r = json.loads(sys.stdin.read())
    b = r["burst"] or {}
    r["way"], r["schedule"] = b.get("way", r["how"]), b.get("schedule", "?")
    with open(results, "a") as f:
        f.write(json.dumps(r) + "\n")
    c = r["check"]
    print(f"   {r['server']:<9} {r['how']:<15} {r['phones']:>5} phones, +{r['sync_ms']} ms: "
          f"saved in {b.get('saved_in')} s, p50 {b.get('p50')} / p99 {b.get('p99')} ms, "
          f"failed {b.get('failures')}, missing {c['missing']}, twice {c['duplicates']}, syncs {r['syncs']}")
    if b.get("first_error") or b.get("first_refusal"):
        print(f"     first error: {b.get('first_error')}; first refusal: {b.get('first_refusal')}")


# --- tables ---------------------------------------------------------------

def span(values, fmt="{:,.0f}"):
    """min-max of the runs' values (one value when they agree)."""
    values = [v for v in values if v is not None]
    if not values:
        return "-"
    lo, hi = fmt.format(min(values)), fmt.format(max(values))
    return lo if lo == hi else f"{lo}-{hi}"


def ms(values):
    values = [v for v in values if v is not None]
    return span(values, "{:,.0f}" if values and min(values) >= 20 else "{:.1f}") + (" ms" if values else "")


def seconds(values):
    return span(values, "{:.2f}") + " s"


def ratios(rows, key, ours, theirs, field):
    """Per run: ours/theirs of `field`, for the rows whose key is ours/theirs."""
    by_run = collections.defaultdict(dict)
    for r in rows:
        by_run[r["run"]][key(r)] = r
    out = []
    for run in by_run.values():
        a, b = run.get(ours), run.get(theirs)
        if a and b and field(b):
            out.append(field(a) / field(b))
    return out


def table(head, lines):
    print("\n| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for line in lines:
        print("| " + " | ".join(line) + " |")


def print_pages(rows, runs):
    wrk = [r for r in rows if r["section"] == "pages"]
    if not wrk:
        return
    duration = wrk[0]["duration"]
    servers = [s for s in ["rollcall", "before", "flask", "gunicorn", "nginx"] if any(r["server"] == s for r in wrk)]
    print(f"\n## Kept-alive page views: wrk -t2 -c50 -d{duration}s --latency, {runs} run(s)")
    lines = []
    for path in ["/", "/teacher/status.json"]:
        got = {s: [r for r in wrk if r["server"] == s and r["path"] == path] for s in servers}
        lines.append([f"`GET {path}` requests/s"] + [span([r["rps"] for r in got[s]]) if got[s] else "" for s in servers])
        lines.append(["its p99"] + [ms([r["p99_ms"] for r in got[s]]) if got[s] else "" for s in servers])
        key = lambda r: r["server"] if r["path"] == path else None
        lines.append(["rollcall's requests/s to this one's"] + [
            span(ratios(wrk, key, "rollcall", s, lambda r: r["rps"]), "{:.2f}") if got[s] and s != "rollcall" else ""
            for s in servers])
    table(["", *servers], lines)
    errors = sorted({r["errors"] for r in wrk if r["errors"]})
    if errors:
        print(f"\nwrk reported: {'; '.join(errors)}")


def class_label(r):
    way = "kept-alive, 127.0.0.1" if r["way"] == "kept" else "a connection each, 127.10.x.y"
    return f"{way}, {r['schedule']}"


def print_classes(rows, runs, section, title):
    got = [r for r in rows if r["section"] == section]
    if not got:
        return
    print(f"\n## {title}, {runs} run(s)")
    keys = []
    for r in got:
        k = (r["server"], r["way"], r["schedule"], r["phones"], r["sync_ms"])
        if k not in keys:
            keys.append(k)
    lines = []
    for k in keys:
        rs = [r for r in got if (r["server"], r["way"], r["schedule"], r["phones"], r["sync_ms"]) == k]
        b = [r["burst"] for r in rs]
        peer = [r["peer"] for r in rs if r.get("peer")]
        syncs = [r["syncs"] for r in rs if r.get("syncs")]
        lines.append([
            k[0], class_label(rs[0]), f"{k[3]:,}", f"+{k[4]} ms",
            seconds([x["saved_in"] for x in b]), ms([x["p50"] for x in b]), ms([x["p90"] for x in b]),
            ms([x["p99"] for x in b]), ms([x["max"] for x in b]),
            span([x["failures"] for x in b]),
            span([r["check"]["missing"] for r in rs]), span([r["check"]["duplicates"] for r in rs]),
            span([r["syncs"] for r in rs]) if syncs else "-",
            span([x["acknowledged"] / r["syncs"] for x, r in zip(b, rs) if r.get("syncs")], "{:.1f}") if syncs else "-",
            span([r["rss_kib"] / 1024 for r in rs], "{:.1f}") + " MiB",
            ms([p["p99"] for p in peer]) if peer else "",
        ])
    table(["server", "how the class comes", "phones", "sync", "all saved in", "p50", "p90", "p99", "max",
           "failed", "missing", "twice", "syncs", "rows/sync", "peak RSS", "peer run's p99"], lines)
    print_class_ratios(got, keys)


def print_class_ratios(got, keys):
    """rollcall against each peer, per run, the same way and disk."""
    out = []
    for server, way, schedule, phones, sync in keys:
        if server == "rollcall":
            continue
        mine = ("rollcall", way, schedule, phones, sync)
        if mine not in keys:
            continue
        key = lambda r: (r["server"], r["way"], r["schedule"], r["phones"], r["sync_ms"])
        t = ratios(got, key, mine, (server, way, schedule, phones, sync), lambda r: r["burst"]["saved_in"])
        p = ratios(got, key, mine, (server, way, schedule, phones, sync), lambda r: r["burst"]["p99"])
        out.append(f"  {phones:,} phones, {way}, {schedule}, +{sync} ms: rollcall's time to save all "
                   f"{span(t, '{:.2f}')} of {server}'s, its p99 {span(p, '{:.2f}')} of {server}'s")
    if out:
        print("\nrollcall against its peers, within each run:")
        print("\n".join(out))


def print_idle(rows):
    idle = [r for r in rows if r["section"] == "idle"]
    if idle:
        print(f"\nrollcall: binary {span([r['size'] for r in idle])} bytes; idle RSS "
              f"{span([r['rss_kib'] / 1024 for r in idle], '{:.1f}')} MiB, {span([r['threads'] for r in idle])} threads")


def tables(results):
    rows = [json.loads(line) for line in open(results) if line.strip()]
    machine = next((r for r in rows if r["section"] == "machine"), None)
    runs = len({r["run"] for r in rows if r["section"] != "machine"})
    if machine:
        print(f"machine: {machine['cores']} cores, {machine['cpu']}, Linux {machine['kernel']}; "
              f"this disk's fdatasync: median {machine['fdatasync_median_ms']} ms; load before: {machine['load']}; "
              f"rollcall at {machine.get('commit', '?')}")
    loads = [r["load"] for r in rows if r["section"] == "load"]
    if loads:
        print("load average at each run's start: " + " | ".join(loads))
    print_pages(rows, runs)
    print_classes(rows, runs, "class", "A class at once: rollcall against its peers")
    print_classes(rows, runs, "curve", "How the cost grows: a class as it arrives")
    print_idle(rows)
    print(f"\n(results: {results})")


if __name__ == "__main__":
    cmd, *args = sys.argv[1:] or [""]
    {"check": check, "disk": disk, "record": record, "tables": tables}.get(cmd, lambda *a: sys.exit(__doc__))(*args)
