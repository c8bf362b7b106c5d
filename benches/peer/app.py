"""The peer for scripts/bench: the check-in as the Python project rollcall
replaces did it, in Flask. GET / is the form (the very bytes rollcall
serves, from PEER_FORM); POST / appends Roll, Name, Time to today's CSV in
PEER_DIR unless the roll is there already; /teacher/status.json is the day's
rows as JSON, what a polling teacher's page reads. To compare like with
like, each row is flushed and fsynced before "Present" (as rollcall does),
and a file lock makes the check-and-append safe across gunicorn's workers.
"""
import csv, datetime, fcntl, json, os
from flask import Flask, Response, request
from markupsafe import escape

app = Flask(__name__)
DIR = os.environ.get("PEER_DIR", "attendance")
FORM = open(os.environ["PEER_FORM"], "rb").read()
os.makedirs(DIR, exist_ok=True)

def today():
    return os.path.join(DIR, f"attendance_{datetime.date.today():%Y-%m-%d}.csv")

def rows(path):
    if not os.path.exists(path):
        return []
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.reader(f))[1:]

@app.get("/")
def form():
    return Response(FORM, mimetype="text/html")

@app.post("/")
def check_in():
    roll = request.form.get("roll", "").strip()
    name = " ".join(request.form.get("name", "").split())
    if not roll or not name:
        return "Please type your roll number and name.", 422
    path = today()
    with open(path + ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if any(r and r[0] == roll for r in rows(path)):
            return f"Roll {escape(roll)} was already marked.", 200
        new = not os.path.exists(path)
        with open(path, "a", newline="", encoding="utf-8-sig" if new else "utf-8") as f:
            w = csv.writer(f)
            if new:
                w.writerow(["Roll", "Name", "Time"])
            w.writerow([roll, name, datetime.datetime.now().strftime("%H:%M:%S")])
            f.flush()
            os.fsync(f.fileno())
    return f"<!doctype html><title>Present</title><h1>Present: {escape(roll)} {escape(name)}</h1>"

@app.get("/teacher/status.json")
def status():
    marked = [{"roll": r[0], "name": r[1], "time": r[2]} for r in rows(today()) if len(r) >= 3]
    return Response(json.dumps({"present": len(marked), "marked": marked[::-1]}),
                    mimetype="application/json")
